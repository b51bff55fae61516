# fault: a dangling reference (a channel no one described)
# shape: csrsh:ChannelUse-channel
# path: csro:channel

PREFIX claim: <https://w3id.org/csrgraph/claim/>
PREFIX csro: <https://w3id.org/csrgraph/ontology#>

DELETE { claim:remote-contact csro:channel ?c }
INSERT { claim:remote-contact csro:channel <https://w3id.org/csrgraph/channel/telefone> }
WHERE { claim:remote-contact csro:channel ?c }
