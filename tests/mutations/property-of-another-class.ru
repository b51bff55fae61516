# fault: a property of another class on a claim (a currency on a channel use)
# shape: csrsh:ChannelUseShape
# path: schema:currency

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX schema: <https://schema.org/>

INSERT DATA { claim:remote-contact schema:currency "USD" }
