r"""Cells a spreadsheet or a terminal would act on, made inert (data formats stay exact).

Two readers of csrgraph's output interpret text instead of showing it:

* **Spreadsheets** (``csv``, ``tsv``): a cell that starts with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return is read as a formula (``=HYPERLINK(...)``, ``@SUM(...)``,
  ``-2+3``), the "CSV injection" of the OWASP advice. :func:`spreadsheet_cell` prefixes such a
  cell with a single quote, which spreadsheets show as text and do not evaluate. A cell that
  is a plain decimal number (``-5``, ``+1.5``, ``-2.5e3``: ASCII digits, one optional sign, an
  optional fraction and exponent, nothing else) is left as it is: a spreadsheet reads it as
  that number, never as a formula. ``raw=True`` (``--raw-cells``) writes every cell as is.
* **Terminals** (``table``, ``md``, ``text``): control characters in the data (C0, DEL, C1,
  so ESC sequences that retitle the window, clear the screen or rewrite earlier lines), the
  line and paragraph separators and the bidirectional embeddings, overrides and isolates
  (which reorder what is shown: "Trojan Source") are shown escaped by
  :func:`terminal_text`: ``\x1b``, ``\u202e``. A line break or tab in a cell becomes a space,
  so a cell cannot forge a line of the table or report.

``json``, ``xml``, ``ttl``, ``nt``, ``jsonld`` and ``trig`` are data formats read by programs:
they are written exactly (their own escaping keeps them well formed).
"""

from __future__ import annotations

import re

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START = frozenset("=+-@\t\r\n")

#: What a spreadsheet may skip before the formula starts: white space (line feeds, no-break
#: and ideographic spaces), NUL, the byte order mark, zero-width and bidirectional controls.
_SKIPPED = "".join(
    [" \t\r\n\x0b\x0c\x00\u00a0\u1680\u3000\ufeff\u200b\u200c\u200d\u2060\u180e"]
    + [chr(c) for c in [*range(0x2000, 0x200B), 0x202F, 0x205F, *range(0x202A, 0x202F)]]
    + [chr(c) for c in [*range(0x2066, 0x206A), 0x2028, 0x2029, 0x200E, 0x200F]]
)

#: A cell a spreadsheet reads as a plain number (ASCII digits only), so left as it is.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)

#: Bidirectional embeddings, overrides and isolates, and the line and paragraph separators.
_FORMAT_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]

#: Line breaks and tabs: a space (one table row, one report line stays one line).
_BREAKS = {ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}

#: Every other control character: its escape, ``\xNN`` or ``\uNNNN``.
_ESCAPES: dict[int, str] = {
    **{c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]},
    **{c: f"\\u{c:04x}" for c in _FORMAT_CONTROLS},
    **_BREAKS,
}


def is_formula(text: str) -> bool:
    r"""Tell whether a spreadsheet would read ``text`` as a formula (see the module's rule).

    A cell is read as its text after the white space and invisible characters a spreadsheet
    may skip, so a line feed, NUL, byte order mark or no-break space before ``=`` counts too.

    >>> [is_formula(t) for t in ("=1+1", "-5", "+1.5", "-2+3", "@x", "a=b", "", "-")]
    [True, False, False, True, True, False, False, True]
    >>> [is_formula(t) for t in ("\n=1", "\x00=1", "\ufeff=1", "\u202e@x", " 5", "\t", "x ")]
    [True, True, True, True, False, True, False]
    """
    if not text:
        return False
    if text[0] in FORMULA_START and _NUMBER.fullmatch(text) is None:
        return True
    rest = text.lstrip(_SKIPPED)
    return rest != text and rest[:1] in ("=", "+", "-", "@") and _NUMBER.fullmatch(rest) is None


def spreadsheet_cell(text: str, raw: bool = False) -> str:
    """Return a CSV or TSV cell a spreadsheet shows as text (a quote before a formula).

    >>> spreadsheet_cell('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> spreadsheet_cell("-12.5"), spreadsheet_cell("=1", raw=True)
    ('-12.5', '=1')
    """
    return "'" + text if not raw and is_formula(text) else text


def terminal_text(text: str) -> str:
    r"""Return ``text`` with control characters escaped and line breaks and tabs as spaces.

    >>> terminal_text("\x1b]0;owned\x07a\nb\u202ec")
    '\\x1b]0;owned\\x07a b\\u202ec'
    >>> terminal_text("Kundenberater:in (Grün)")
    'Kundenberater:in (Grün)'
    """
    return text.translate(_ESCAPES)
