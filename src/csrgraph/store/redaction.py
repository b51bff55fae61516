"""Keep secrets out of everything csrgraph prints about a store.

Every URL in a message goes through :func:`redact`; every text a server sent back goes
through :func:`scrub` (or :func:`server_text`, which also flattens and shortens it). The
secrets are the password of a URL, the password and token from the environment, the
password ``~/.netrc`` gives for the URL's host and the credential parameters of the URL;
user names are blanked too. Each is blanked in every spelling a server may echo it in: as
is, with its whitespace changed, percent-encoded, in JSON and XML escapes, in base64 alone
and as the ``user:password`` pair of a Basic ``Authorization`` header. A server's echo of an
``Authorization`` header is blanked whatever it holds.

Blanking works on the raw text, before anything is flattened or cut, and again after the
text is made plain (terminal control sequences, control characters and invisible
characters such as a soft hyphen or a zero-width space removed, whitespace collapsed: each
can hide a secret from a comparison and vanish on a terminal), ignoring case. It fails
closed: if a secret can still be read from what is left, in any of those spellings or a
combination of two (JSON inside a percent-encoded form, say), in any case, as a hex dump or
``\\xNN`` escapes, or with its characters in order and only spaces or punctuation between
them, or is too short (under 4 characters) to be blanked without mangling the text, the
server's text is not shown at all (:data:`WITHHELD`).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import html
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, unquote, unquote_plus, urlsplit, urlunsplit

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
#: What is shown instead of a server's text that may still hold a secret.
WITHHELD = "(the store's message is not shown: it may hold a credential)"
#: Secrets shorter than this are not blanked inside a text (that would mangle it and hint at
#: the secret): a text holding one is withheld.
SHORTEST_BLANKED = 4
# Blanked characters keep their places while a text is flattened and cut.
_MASK = "\x00"
_MASKED = re.compile(_MASK + "+")
_PARAMETER = re.compile(r"(?P<name>[^&;=#?]+)=(?P<value>[^&;#]*)")
# An echoed request header that carries credentials, with its value up to the line's end.
_AUTH_HEADER = re.compile(
    r"(?i)\b(?:(?:proxy-)?authorization|cookie|x-api-key)\s*[:=]\s*"
    r"(?P<value>digest\b[^\r\n<]*|(?:basic|bearer|negotiate)\s+\S+|\S+)"
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


@dataclass(frozen=True)
class Secrets:
    """What one command must not print: secret values and user names."""

    values: tuple[str, ...]  # passwords, tokens, credential parameters: never shown
    names: tuple[str, ...]  # user names: blanked where they stand
    pairs: tuple[tuple[str, str], ...]  # (user, password) as a Basic header carries them


def known_secrets(url: str) -> Secrets:
    """Return the secrets ``url``, the environment and ``~/.netrc`` carry (raw values)."""
    values: list[str] = []
    names: list[str] = []
    pairs: list[tuple[str, str]] = []
    try:
        parts = urlsplit(url)
        userinfo = parts.netloc.rpartition("@")[0]
    except ValueError:
        parts, userinfo = None, ""
    if userinfo:
        user, _, password = userinfo.partition(":")
        names += [user, unquote(user)]
        values += [password, unquote(password)]
        pairs.append((unquote(user), unquote(password)))
    for text in (parts.query, parts.fragment) if parts is not None else (url,):
        for match in _PARAMETER.finditer(text):
            if match["value"] and _is_secret(match["name"]):
                values += [match["value"], unquote(match["value"]), unquote_plus(match["value"])]
    values += [os.environ.get(ENV_TOKEN) or "", os.environ.get(ENV_PASSWORD) or ""]
    if os.environ.get(ENV_PASSWORD):
        pairs.append((os.environ.get(ENV_USER) or "", os.environ[ENV_PASSWORD]))
    if parts is not None and parts.scheme in ("http", "https"):
        from_netrc = netrc_credentials(url)
        if from_netrc is not None:
            values.append(from_netrc[1])
            pairs.append(from_netrc)
    return Secrets(
        values=tuple(sorted({v for v in values if v})),
        names=tuple(sorted({n for n in names if n})),
        pairs=tuple(sorted({p for p in pairs if p[1]})),
    )


def _b64(raw: bytes) -> list[str]:
    encoded = [base64.b64encode(raw).decode("ascii"), base64.urlsafe_b64encode(raw).decode("ascii")]
    return [*encoded, *(e.rstrip("=") for e in encoded)]


def _forms(value: str) -> list[str]:
    """Return the spellings under which a server may echo ``value``."""
    encoded = [quote(value, safe=""), quote(value), quote_plus(value)]
    encoded += [re.sub("%[0-9A-F]{2}", lambda m: m[0].lower(), e) for e in encoded]
    escaped = [json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]]
    escaped += [e.replace("/", "\\/") for e in escaped]
    escaped += [html.escape(value), html.escape(value, quote=False)]
    escaped.append("".join(f"&#{ord(c)};" if not c.isalnum() else c for c in value))
    return [value, *encoded, *escaped, *_b64(value.encode())]


def _pattern(form: str) -> str:
    """Return a pattern for ``form`` in which each run of whitespace matches any other."""
    parts = re.split(r"(\s+)", form)
    return "".join(r"\s+" if part.isspace() else re.escape(part) for part in parts if part)


def _masker(found: Secrets) -> re.Pattern[str] | None:
    forms: set[str] = set()
    for value in (*found.values, *found.names):
        if len(value) >= SHORTEST_BLANKED:
            forms.update(f for f in _forms(value) if len(f) >= SHORTEST_BLANKED)
    for user, password in found.pairs:
        forms.update(_b64(f"{user}:{password}".encode()))
    if not forms:
        return None
    alternatives = "|".join(_pattern(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(alternatives, re.IGNORECASE)


def _mask(text: str, pattern: re.Pattern[str] | None) -> str:
    """Replace each secret (and echoed credential header value) by as many mask characters."""
    text = _AUTH_HEADER.sub(
        lambda m: m[0][: m.start("value") - m.start()] + _MASK * len(m["value"]), text
    )
    if pattern is not None:
        text = pattern.sub(lambda m: _MASK * len(m[0]), text)
    return text


def _json_unescape(text: str) -> str:
    simple = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}

    def one(match: re.Match[str]) -> str:
        code = match[1]
        return chr(int(code[1:], 16)) if code[0] == "u" else simple.get(code, code)

    decoded = re.sub(r"\\(u[0-9a-fA-F]{4}|.)", one, text)
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _base64_tokens(text: str) -> str:
    """Return what each run of base64 letters decodes to, read from each of 4 offsets."""
    found = []
    for token in re.findall(r"[A-Za-z0-9+/_-]{2,}={0,2}", text):
        bare = token.rstrip("=")
        for offset in range(min(4, len(bare) - 1)):
            part = bare[offset:]
            padded = part[: len(part) - len(part) % 4 if len(part) % 4 == 1 else len(part)]
            padded += "=" * (-len(padded) % 4)
            for decode in (base64.b64decode, base64.urlsafe_b64decode):
                with contextlib.suppress(binascii.Error, ValueError):
                    found.append(decode(padded).decode("utf-8", "replace"))
    return "\n".join(found)


def _hex_runs(text: str) -> str:
    """Return what each hex dump (``61 62 3f``, ``61623f``) and ``\\xNN`` run decodes to."""
    found = []
    for run in re.findall(r"(?:\\x[0-9a-fA-F]{2})+", text):
        found.append(bytes.fromhex(run.replace("\\x", "")).decode("utf-8", "replace"))
    for run in re.findall(r"[0-9a-fA-F]{2}(?:[\s:.,-]?[0-9a-fA-F]{2})+", text):
        digits = re.sub(r"[^0-9a-fA-F]", "", run)
        for offset in (0, 1):
            part = digits[offset:]
            found.append(bytes.fromhex(part[: len(part) // 2 * 2]).decode("utf-8", "replace"))
    return "\n".join(found)


# Terminal control sequences: CSI, OSC, DCS/SOS/PM/APC (to their terminator) and two-byte ESC.
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x1b][\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)|[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x1b\\|\x9c|$)"
    r"|\x1b[ -~]?",
    re.DOTALL,
)
# Invisible characters that hide nothing from a reader but break a comparison.
_INVISIBLE = frozenset("\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0")


def plain(text: str, keep: str = "") -> str:
    """Return ``text`` without control sequences, control or invisible characters.

    Terminal control sequences (CSI, OSC, DCS, single ``ESC`` pairs), C0 and C1 control
    characters (but whitespace and the characters in ``keep``), format characters (Unicode
    category Cf: soft hyphen, zero-width spaces and joiners, bidi controls) are removed.

    >>> plain("Ab\x1b[0mc\u00add\u200be\x1b]0;title\x07f\x07")
    'Abcdef'
    """
    text = _SEQUENCE.sub("", text)
    return "".join(
        c
        for c in text
        if c in keep
        or c.isspace()
        or (c not in _INVISIBLE and unicodedata.category(c) not in ("Cc", "Cf"))
    )


def _folded(text: str) -> str:
    """Return ``text`` plain, with whitespace collapsed, in one case."""
    return " ".join(plain(text).split()).casefold()


def _squeezed(text: str, secret: str) -> str:
    """Return ``text`` without whitespace and the punctuation ``secret`` does not hold."""
    return "".join(c for c in text if c.isalnum() or (c in secret and not c.isspace()))


_DECODERS: tuple[Callable[[str], str], ...] = (
    _hex_runs,
    html.unescape,
    unquote,
    unquote_plus,
    _json_unescape,
    _base64_tokens,
    lambda text: " ".join(text.split()),
)


def _views(text: str, rounds: int = 2) -> Iterable[str]:
    """Yield ``text`` and what it reads as through up to ``rounds`` decodings."""
    seen = {text}
    frontier = [text]
    yield text
    for _ in range(rounds):
        following = []
        for view in frontier:
            for decode in _DECODERS:
                decoded = decode(view)
                if decoded not in seen:
                    seen.add(decoded)
                    following.append(decoded)
                    yield decoded
        frontier = following


def _leaks(text: str, found: Secrets) -> bool:
    """Whether a secret value can still be read from ``text`` in any spelling."""
    if not found.values:
        return False
    wanted = {*found.values, *(" ".join(v.split()) for v in found.values if v.split())}
    folded = {_folded(v) for v in found.values} - {""}
    for view in _views(text):
        if any(value in view for value in wanted):
            return True
        plain_view = _folded(view)
        for value in folded:
            squeezed = _squeezed(value, value)
            if value in plain_view or (squeezed and squeezed in _squeezed(plain_view, value)):
                return True
    return False


def scrub(text: str, url: str) -> str:
    """Blank every secret of ``url`` (and of the environment) in text a server sent back.

    A text from which a secret can still be read is withheld whole (:data:`WITHHELD`).

    >>> scrub("echo: Authorization: Basic Zm9vOmJhcg== end", "http://h/x")
    'echo: Authorization: *** end'
    """
    return server_text(text, url, limit=None, flatten=False)


def server_text(
    text: str, url: str, limit: int | None = 300, *, skip: int = 0, flatten: bool = True
) -> str:
    """Return a server's text for a message: secrets blanked, on one line, cut to ``limit``.

    The first ``skip`` characters are blanked with the rest and then dropped (the text
    before the place a message points at). HTML is reduced to its text when ``flatten``.

    >>> server_text("<html><p>bad   request</p></html>", "http://h/x")
    'bad request'
    """
    found = known_secrets(url)
    pattern = _masker(found)
    masked = _mask(text, pattern)[skip:]
    if flatten and re.search(r"(?i)<html|<!doctype", masked[:200]):
        masked = flatten_html(masked)
    masked = _mask(" ".join(plain(masked, keep=_MASK).split()), pattern)
    if _leaks(masked, found):
        return WITHHELD
    if limit is not None and len(masked) > limit:
        masked = masked[: limit - 1] + "…"
    return _MASKED.sub(HIDDEN, masked)


def flatten_html(text: str) -> str:
    """Return the text of an HTML error page, without scripts, styles or a repeated heading.

    Error pages often repeat their ``<title>`` as the first heading; a text block equal to
    the one before it is dropped.

    >>> flatten_html("<html><head><title>Error</title><style>p{}</style></head>"
    ...              "<body><h1>Error</h1><p>Code: 501 &amp; more</p></body></html>")
    'Error Code: 501 & more'
    """
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    blocks: list[str] = []
    for raw in re.split(r"<[^>]*>", text):
        block = " ".join(html.unescape(raw).split())
        if block and (not blocks or blocks[-1] != block):
            blocks.append(block)
    return " ".join(blocks)
