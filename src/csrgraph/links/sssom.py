"""SSSOM TSV reading: the mapping set's metadata block, its rows, and CURIE expansion.

The SSSOM rules themselves (required slots, SKOS predicates, SEMAPV justifications) are in
:mod:`csrgraph.links.rules`; this module only parses.

>>> ms = read_mapping_set()
>>> ms.expand(ms.mappings[0].predicate_id).startswith("http://www.w3.org/2004/02/skos/core#")
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csrgraph.errors import InputError
from csrgraph.namespaces import CURIE, expand

#: Columns a row may have (a subset of the SSSOM mapping slots); anything else is refused.
KNOWN_COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "author_label",
    "mapping_date",
    "subject_source",
    "subject_source_version",
    "object_source",
    "object_source_version",
    "comment",
    "see_also",
)

_CURIE = CURIE


@dataclass(frozen=True)
class Mapping:
    """One row of an SSSOM mapping set (CURIEs as written in the file)."""

    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    subject_label: str = ""
    object_label: str = ""
    confidence: float | None = None
    object_source: str = ""
    object_source_version: str = ""
    comment: str = ""
    see_also: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass
class MappingSet:
    """An SSSOM mapping set: its metadata, its prefixes and its rows."""

    metadata: dict[str, Any]
    curie_map: dict[str, str]
    mappings: list[Mapping]
    columns: list[str]
    path: Path | None = None

    def expand(self, curie: str) -> str:
        """Return the IRI of ``curie``; raise :class:`InputError` for an undeclared prefix.

        >>> ms = MappingSet({}, {"ex": "https://example.org/"}, [], [])
        >>> ms.expand("ex:a")
        'https://example.org/a'
        """
        iri = expand(curie, self.curie_map)
        if iri is None:
            raise InputError(f"{self._where()}: {curie!r} is not a CURIE with a declared prefix")
        return iri

    def _where(self) -> str:
        return str(self.path) if self.path else "mapping set"


# --- reading ---------------------------------------------------------------------------------


def default_path() -> Path:
    """Return the bundled SSSOM file (``data/*.sssom.tsv``; there must be exactly one)."""
    from csrgraph.resources import data_dir

    found = sorted(data_dir().glob("*.sssom.tsv"))
    if len(found) != 1:
        raise InputError(f"expected one *.sssom.tsv file in {data_dir()}, found {len(found)}")
    return found[0]


def _yaml_scalar(text: str, where: str) -> str:
    """Parse the one-line YAML scalars SSSOM headers use: plain, "double" or 'single' quoted."""
    text = text.strip()
    if text.startswith('"'):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}: bad double-quoted value {text}") from err
        if not isinstance(value, str):  # pragma: no cover - json of a quoted text is a str
            raise InputError(f"{where}: bad double-quoted value {text}")
        return value
    if text.startswith("'"):
        if len(text) < 2 or not text.endswith("'"):
            raise InputError(f"{where}: unterminated single-quoted value {text}")
        return text[1:-1].replace("''", "'")
    return text


def parse_metadata(lines: Iterable[str], where: str = "mapping set") -> dict[str, Any]:
    """Parse an SSSOM metadata block (the ``#`` lines, ``#`` already removed).

    Only the YAML that SSSOM headers use is accepted: ``key: scalar``, ``key:`` followed by
    an indented block of ``name: scalar`` pairs (a mapping) or of ``- scalar`` items (a
    list). Anything else raises :class:`InputError`, so a typo cannot pass silently.

    >>> parse_metadata(['license: "x"', "curie_map:", "  a: 'http://a/'", "tags:", "  - b"])
    {'license': 'x', 'curie_map': {'a': 'http://a/'}, 'tags': ['b']}
    """
    result: dict[str, Any] = {}
    block_key: str | None = None
    for number, raw in enumerate(lines, start=1):
        here = f"{where}: metadata line {number}"
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0] in " \t":
            if block_key is None:
                raise InputError(f"{here}: indented line outside a block: {raw.strip()!r}")
            item = raw.strip()
            block = result[block_key]
            if item.startswith("- ") and isinstance(block, list | type(None)):
                result[block_key] = [*(block or []), _yaml_scalar(item[2:], here)]
                continue
            key, sep, value = item.partition(":")
            if not sep or not key or isinstance(block, list):
                raise InputError(f"{here}: expected 'name: value' in {block_key}: {item!r}")
            block = block if isinstance(block, dict) else {}
            if key in block:
                raise InputError(f"{here}: {key!r} given twice in {block_key}")
            block[key] = _yaml_scalar(value, here)
            result[block_key] = block
            continue
        key, sep, value = raw.partition(":")
        if not sep or not re.fullmatch(r"[a-z_]+", key):
            raise InputError(f"{here}: expected 'slot: value', got {raw.strip()!r}")
        if key in result:
            raise InputError(f"{here}: {key!r} given twice")
        if value.strip():
            result[key] = _yaml_scalar(value, here)
            block_key = None
        else:
            result[key] = None
            block_key = key
    return result


def read_mapping_set(path: str | Path | None = None) -> MappingSet:
    """Read an SSSOM TSV file (default: the bundled one) into a :class:`MappingSet`.

    Raises :class:`InputError` when the file cannot be read, is not UTF-8 (worded as for
    RDF files: ``FILE:LINE:COLUMN: not UTF-8 text (byte 0x..)``) or is not SSSOM TSV as
    described in :func:`parse_metadata`; the SSSOM rules themselves are checked by
    :func:`problems`. ``-`` reads stdin.
    """
    from csrgraph.graph.reading import decode_utf8, display_name, read_bytes

    file = Path(path) if path is not None else default_path()
    text = decode_utf8(read_bytes(file), display_name(file))
    lines = text.splitlines()
    header = [line[1:] for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#") and line.strip()]
    metadata = parse_metadata(header, str(file))
    if not body:
        raise InputError(f"{file}: no column header after the metadata block")
    columns = body[0].split("\t")
    unknown = [c for c in columns if c not in KNOWN_COLUMNS]
    if unknown:
        raise InputError(f"{file}: unknown column(s) {', '.join(unknown)}")
    mappings = []
    for number, line in enumerate(body[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise InputError(
                f"{file}: row {number} has {len(cells)} cells, the header {len(columns)}"
            )
        row = dict(zip(columns, cells, strict=True))
        confidence: float | None = None
        if row.get("confidence"):
            try:
                confidence = float(row["confidence"])
            except ValueError as err:
                raise InputError(f"{file}: row {number}: confidence is not a number") from err
        known = {"confidence"} | {f for f in Mapping.__dataclass_fields__ if f != "extra"}
        mappings.append(
            Mapping(
                **{k: v for k, v in row.items() if k in known and k != "confidence"},
                confidence=confidence,
                extra={k: v for k, v in row.items() if k not in known},
            )
        )
    curie_map = metadata.get("curie_map") or {}
    if not isinstance(curie_map, dict):
        raise InputError(f"{file}: curie_map must be a block of 'prefix: IRI' lines")
    return MappingSet(metadata, dict(curie_map), mappings, columns, file)
