"""Crosswalk files -> SSSOM mapping sets (used by :mod:`csrgraph.importers.crosswalk`).

Each reader turns one kind of file, told apart by its header, into a
:class:`~csrgraph.links.MappingSet` whose rows carry the evidence the file gives:

* the BLS 2010 SOC to ISCO-08 crosswalk (tab-separated; ``2010 SOC Code``, ``part``,
  ``ISCO-08 Code``...): a row without the ``part`` flag puts all of the SOC occupation into
  the ISCO group, a row with it (``*``) only part. Per pair: ``exactMatch`` when the whole
  SOC occupation is the group's only member; ``broadMatch`` (the ISCO group is broader) when
  the group takes other SOC occupations too; with the flag, ``narrowMatch`` (the group is
  narrower) when the group takes nothing else, else ``relatedMatch`` (they overlap);
* Nesta's ESCO to O*NET crosswalk (comma-separated; ``concept_uri``, ``onet_code``,
  ``confidence``, ``semantic_similarity``...): ``closeMatch`` when the O*NET occupation takes
  only that ESCO occupation, else ``broadMatch`` (the O*NET occupation is broader). Nesta's
  confidence (0.5, 1 or 2) becomes the SSSOM confidence halved (0.25, 0.5, 1) and is kept as
  written in the comment, with the matched job titles; the similarity is the similarity score;
* an SSSOM TSV file (a ``#`` metadata block or a ``subject_id`` column), as csrgraph writes
  them: read by :func:`csrgraph.links.read_mapping_set`, rows as they are.

A BLS row whose SOC code is not ``NN-NNNN``, a Nesta row whose O*NET-SOC code is not
``NN-NNNN.NN`` (the forms each crosswalk documents), and a row with no code on one side are
refused: skipped, counted and warned of with the first such row
(:meth:`~csrgraph.importers.api.ImportReport.flag`); the other rows are imported.

The IRIs of the codes are those of the bundled mapping set's ``curie_map`` (``SOC2010``,
``ISCO``, ``ONET``, ``ESCO``), so imported links meet the curated ones and the importers'.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from csrgraph.errors import InputError
from csrgraph.importers.api import ImportReport
from csrgraph.importers.tables import Row, refuse_special
from csrgraph.links import Mapping, MappingSet, read_mapping_set

#: Why a crosswalk row is left out: it has no code on one side (a warning).
NO_CODE = "no code on one side"
#: ... or its SOC code is not of the form the crosswalk documents (a warning): the row is
#: refused rather than minting the IRI of a code that does not exist.
SOC_CODE = re.compile(r"[0-9]{2}-[0-9]{4}")
BAD_SOC = "2010 SOC Code not of the form NN-NNNN"
ONET_CODE = re.compile(r"[0-9]{2}-[0-9]{4}\.[0-9]{2}")
BAD_ONET = "onet_code not of the form NN-NNNN.NN"


@dataclass(frozen=True)
class Kind:
    """One kind of crosswalk file: how to recognise it and read it."""

    name: str
    delimiter: str
    required: tuple[str, ...]
    read: Callable[[Path, ImportReport], MappingSet]


def _codes(path: Path, report: ImportReport, kind: Kind) -> list[Row]:
    quoted = kind.delimiter == ","
    return list(report.read(path, kind.required, delimiter=kind.delimiter, quoted=quoted))


def _curies() -> dict[str, str]:
    return read_mapping_set().curie_map


#: The columns of the mapping sets built here.
COLUMNS = [
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "object_source_version",
    "comment",
]


def _mapping_set(meta: dict[str, str], mappings: list[Mapping], path: Path) -> MappingSet:
    """Return the mapping set of ``mappings``, with the bundled prefixes its rows use."""
    curies = _curies()
    used = {
        curie.partition(":")[0]
        for m in mappings
        for curie in (m.subject_id, m.predicate_id, m.object_id, m.mapping_justification)
    }
    prefixes = {name: iri for name, iri in curies.items() if name in used}
    metadata: dict[str, object] = {**meta, "curie_map": prefixes}
    return MappingSet(metadata, prefixes, mappings, COLUMNS, path)


def _metadata(
    mapping_set_id: str, title: str, licence: str, version: str, source: str
) -> dict[str, str]:
    return {
        "mapping_set_id": mapping_set_id,
        "mapping_set_title": title,
        "license": licence,
        "mapping_set_version": version,
        "mapping_set_source": source,
    }


def read_bls(path: Path, report: ImportReport) -> MappingSet:
    """Read the BLS 2010 SOC to ISCO-08 crosswalk (see the module docstring for predicates)."""
    rows: list[tuple[Row, str, str, bool]] = []
    for row in _codes(path, report, BLS):
        soc, isco = row.optional("2010 SOC Code"), row.optional("ISCO-08 Code")
        if not soc or not isco:
            report.flag(row, NO_CODE, soc or isco or "")
            continue
        if not SOC_CODE.fullmatch(soc):
            report.flag(row, BAD_SOC, soc)
            continue
        rows.append((row, soc, isco, row.optional("part") is not None))
    members = Counter(isco for _, _, isco, _ in rows)
    mappings = []
    for row, soc, isco, part in rows:
        alone = members[isco] == 1
        if part:
            predicate = "skos:narrowMatch" if alone else "skos:relatedMatch"
        else:
            predicate = "skos:exactMatch" if alone else "skos:broadMatch"
        share = "part of" if part else "all of"
        others = "" if alone else f"; ISCO {isco} also takes {members[isco] - 1} other row(s)"
        mappings.append(
            Mapping(
                subject_id=f"SOC2010:{soc.replace('-', '')}.htm",
                subject_label=row.text("2010 SOC Title"),
                predicate_id=predicate,
                object_id=f"ISCO:{isco}",
                object_label=row.text("ISCO-08 Title EN"),
                mapping_justification="semapv:ManualMappingCuration",
                object_source_version="ISCO-08",
                comment=f"BLS crosswalk, line {row.line}: {share} SOC {soc} goes to ISCO "
                f"{isco}{others}.",
                extra={"subject_notation": soc, "object_notation": isco},
            )
        )
    meta = _metadata(
        "https://www.bls.gov/soc/soccrosswalks.htm#soc2010-isco08",
        "2010 SOC to ISCO-08 crosswalk (U.S. Bureau of Labor Statistics)",
        "https://www.usa.gov/government-copyright",
        "2015-06",
        "https://www.bls.gov/soc/soccrosswalks.htm",
    )
    return _mapping_set(meta, mappings, path)


def read_nesta(path: Path, report: ImportReport) -> MappingSet:
    """Read Nesta's ESCO to O*NET crosswalk (see the module docstring for predicates)."""
    rows: list[tuple[Row, str, str]] = []
    for row in _codes(path, report, NESTA):
        esco, onet = row.optional("concept_uri"), row.optional("onet_code")
        if not esco or not onet:
            report.flag(row, NO_CODE, esco or onet or "")
            continue
        if not ONET_CODE.fullmatch(onet):
            report.flag(row, BAD_ONET, onet)
            continue
        rows.append((row, esco, onet))
    members = Counter(onet for _, _, onet in rows)
    curies = _curies()
    mappings = []
    for row, esco, onet in rows:
        if not esco.startswith(curies["ESCO"]):
            raise row.fail(f"concept_uri {esco!r} is not an ESCO occupation IRI")
        raw = row.decimal("confidence")
        similarity = row.optional("semantic_similarity")
        titles = row.optional("matching_job_titles") or ""
        predicate = "skos:closeMatch" if members[onet] == 1 else "skos:broadMatch"
        mappings.append(
            Mapping(
                subject_id=f"ESCO:{esco.removeprefix(curies['ESCO'])}",
                subject_label=row.text("esco_occupation"),
                predicate_id=predicate,
                object_id=f"ONET:{onet}",
                object_label=row.text("onet_occupation"),
                mapping_justification="semapv:SemanticSimilarityThresholdMatching",
                confidence=float(raw) / 2,
                comment=f"Nesta row {row.text('id')}: confidence {float(raw):g} of 0.5/1/2; "
                f"matching job titles {titles}",
                extra={
                    "object_notation": onet,
                    **({"similarity_score": similarity} if similarity else {}),
                },
            )
        )
    meta = _metadata(
        "https://github.com/nestauk/mapping-career-causeways#esco-onet-crosswalk",
        "ESCO to O*NET occupation crosswalk (Nesta, Mapping Career Causeways)",
        "https://opensource.org/licenses/MIT",
        "2020-11",
        "https://github.com/nestauk/mapping-career-causeways",
    )
    return _mapping_set(meta, mappings, path)


def read_sssom(path: Path, report: ImportReport) -> MappingSet:
    """Read an SSSOM TSV file (csrgraph's own, or any of its columns), rows as they are."""
    found = read_mapping_set(path)
    report.files[path.name] = len(found.mappings)
    return found


BLS = Kind(
    "bls",
    "\t",
    ("2010 SOC Code", "2010 SOC Title", "part", "ISCO-08 Code", "ISCO-08 Title EN"),
    read_bls,
)
NESTA = Kind(
    "nesta",
    ",",
    ("id", "esco_occupation", "onet_code", "onet_occupation", "confidence", "concept_uri"),
    read_nesta,
)
SSSOM = Kind("sssom", "\t", ("subject_id", "predicate_id", "object_id"), read_sssom)
KINDS = (BLS, NESTA, SSSOM)


def kind_of(path: Path) -> Kind:
    """Return the kind of crosswalk file ``path`` is, from its first line; else InputError."""
    refuse_special(path)
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 16).decode("utf-8", "replace").rstrip("\r\n")
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})", file=str(path)) from None
    if first.startswith("#"):
        return SSSOM
    for kind in KINDS:
        columns = [c.strip().strip('"') for c in first.split(kind.delimiter)]
        if all(column in columns for column in kind.required):
            return kind
    known = "the BLS 2010 SOC to ISCO-08 crosswalk, Nesta's ESCO to O*NET crosswalk, SSSOM TSV"
    raise InputError(f"{path}: not a crosswalk csrgraph reads ({known})", file=str(path))
