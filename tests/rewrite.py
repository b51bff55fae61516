"""A tiny evaluator of the mod_rewrite subset ``csrgraph site`` writes into ``.htaccess``.

Supported: ``RewriteCond %{HTTP_ACCEPT} REGEX``, ``RewriteCond %{HTTP:Header} REGEX``
(``!REGEX``: must not match)
(conditions of the next rule, all must match), ``RewriteRule PATTERN TARGET [flags]`` with
``$1`` back-references, and the ``L`` flag. Anything else in the file fails the test.
"""

from __future__ import annotations

import re


def _substitute(target: str, groups: tuple[str, ...]) -> str:
    """Put the pattern's groups in place of ``$1``, ``$2``..."""
    return re.sub(r"\$(\d)", lambda m: groups[int(m.group(1)) - 1], target)


def evaluate(rules: str, path: str, headers: dict[str, str]) -> str | None:
    """Return the redirect target of a request path (no leading slash), or None."""
    conditions: list[tuple[str, str]] = []
    for raw in rules.splitlines():
        line = raw.strip()
        if (
            not line
            or line.startswith("#")
            or line in ("RewriteEngine on", "Options +FollowSymLinks")
        ):
            continue
        words = line.split()
        if words[0] == "RewriteCond":
            variable, regex = words[1], words[2]
            match = re.fullmatch(r"%\{HTTP_ACCEPT\}|%\{HTTP:([A-Za-z-]+)\}", variable)
            assert match, f"unsupported condition {line!r}"
            conditions.append((match.group(1) or "Accept", regex))
            continue
        assert words[0] == "RewriteRule" and len(words) == 4, f"unsupported line {line!r}"
        pattern, target, flags = words[1], words[2], words[3]
        assert flags in ("[R=303,L]",), f"unsupported flags {flags}"
        matched = re.search(pattern, path)
        ok = matched is not None and all(
            (re.search(regex[1:], headers.get(name, "")) is None)
            if regex.startswith("!")
            else re.search(regex, headers.get(name, ""))
            for name, regex in conditions
        )
        conditions = []
        if ok and matched is not None:
            return _substitute(target, matched.groups())
    return None
