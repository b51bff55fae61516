"""Keep secrets out of everything csrgraph prints about a store.

Every URL in a message goes through :func:`redact`; every text a server sent back goes
through :func:`scrub`, which blanks each form of each secret the command knows: the user
name and password of a URL (as written, percent-decoded and percent-encoded), the password
and token from the environment, the password ``~/.netrc`` gives for the URL's host, the
``user:password`` pair in base64 (the value of a Basic ``Authorization`` header), and
credential parameters of the URL. A server's echo of an ``Authorization`` header is dropped
whatever it holds.
"""

from __future__ import annotations

import base64
import os
import re
from urllib.parse import quote, unquote, unquote_plus, urlsplit, urlunsplit

ENV_USER = "CSRGRAPH_STORE_USER"
ENV_PASSWORD = "CSRGRAPH_STORE_PASSWORD"
ENV_TOKEN = "CSRGRAPH_STORE_TOKEN"

#: Query parameters whose values are credentials, compared in lower case with ``-`` read as
#: ``_``; a name that contains one of :data:`_SECRET_WORDS` counts too (``x-api-key``).
SECRET_PARAMETERS = frozenset(
    {"token", "key", "apikey", "api_key", "password", "passwd", "secret", "auth",
     "access_token", "sig", "signature"}
)  # fmt: skip
_SECRET_WORDS = ("token", "secret", "passw", "apikey", "api_key", "signature", "credential")
HIDDEN = "***"
_PARAMETER = re.compile(r"(?P<name>[^&;=#?]+)=(?P<value>[^&;#]*)")
# An echoed request header that carries credentials, with its value up to the line's end.
_AUTH_HEADER = re.compile(
    r"(?i)\b((?:proxy-)?authorization|cookie|x-api-key)\s*[:=]\s*"
    r"(?:digest\b[^\r\n<]*|(?:basic|bearer|negotiate)\s+\S+|\S+)"
)


def _is_secret(name: str) -> bool:
    key = unquote_plus(name).strip().lower().replace("-", "_")
    return key in SECRET_PARAMETERS or any(word in key for word in _SECRET_WORDS)


def _hide_parameters(text: str) -> str:
    def hide(match: re.Match[str]) -> str:
        if not match["value"] or not _is_secret(match["name"]):
            return match[0]
        return f"{match['name']}={HIDDEN}"

    return _PARAMETER.sub(hide, text)


def redact(url: str) -> str:
    """Return ``url`` without its user name and password and with credential values blanked.

    The values of query (and fragment) parameters named like credentials (see
    :data:`SECRET_PARAMETERS`) become ``***``; every URL in a message goes through here.

    >>> redact("https://me:secret@db.example/store")
    'https://db.example/store'
    >>> redact("http://db.example/query?token=s3cret&default-graph-uri=urn:g")
    'http://db.example/query?token=***&default-graph-uri=urn:g'
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket: blank by pattern alone
        without_user = re.sub(r"(?<=//)[^/?#]*@", "", url)
        return _hide_parameters(without_user)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit(
        parts._replace(
            netloc=netloc,
            query=_hide_parameters(parts.query),
            fragment=_hide_parameters(parts.fragment),
        )
    )


def netrc_credentials(url: str) -> tuple[str, str] | None:
    """Return the (login, password) ``~/.netrc`` (or ``$NETRC``) gives for the URL's host."""
    from requests.utils import get_netrc_auth

    try:
        found = get_netrc_auth(url)
    except Exception:  # an unreadable netrc gives no credentials, as in requests
        return None
    return (found[0], found[1]) if found else None


def _forms(value: str) -> list[str]:
    """Return the spellings under which a secret may come back: as is, decoded, encoded."""
    if not value:
        return []
    plain = [value, unquote(value), unquote_plus(value), quote(value, safe=""), quote(value)]
    encoded = [base64.b64encode(v.encode()).decode("ascii") for v in plain]
    return [*plain, *encoded, *(e.rstrip("=") for e in encoded)]


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def secrets(url: str) -> list[str]:
    """Return every form of every secret ``url``, the environment and ``~/.netrc`` carry."""
    found: list[str] = []
    try:
        parts = urlsplit(url)
        userinfo = parts.netloc.rpartition("@")[0]
    except ValueError:
        parts, userinfo = None, ""
    if userinfo:
        user, _, password = userinfo.partition(":")
        found += [userinfo, *_forms(user), *_forms(password)]
        found += [_basic(unquote(user), unquote(password))]
    for text in (parts.query, parts.fragment) if parts is not None else (url,):
        for match in _PARAMETER.finditer(text):
            if match["value"] and _is_secret(match["name"]):
                found += _forms(match["value"])
    token = os.environ.get(ENV_TOKEN) or ""
    password = os.environ.get(ENV_PASSWORD) or ""
    found += [*_forms(token), *_forms(password)]
    if password:
        found.append(_basic(os.environ.get(ENV_USER) or "", password))
    if parts is not None and parts.scheme in ("http", "https"):
        from_netrc = netrc_credentials(url)
        if from_netrc is not None:
            found += [*_forms(from_netrc[1]), _basic(*from_netrc)]
    # longest first, so that a value is not half-replaced by a shorter one inside it
    return sorted({value for value in found if len(value) >= 4}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """Blank every secret of ``url`` (and of the environment) in text a server sent back.

    >>> scrub("echo: Authorization: Basic Zm9vOmJhcg== end", "http://h/x")
    'echo: Authorization: *** end'
    """
    text = _AUTH_HEADER.sub(lambda m: f"{m[1]}: {HIDDEN}", text)
    for secret in secrets(url):
        text = text.replace(secret, HIDDEN)
    return text
