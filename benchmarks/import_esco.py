"""ESCO import: `csrgraph import esco` on a full-size download, against a bare csv floor.

Generates, in a temporary folder, an input of ESCO's full size scaled from the real rows of
``tests/fixtures/esco`` (ESCO v1.2.0): about 3,000 occupations, 14,000 skills and over
100,000 occupation-skill relations (English), the sample's rows cloned with fresh concept
IRIs, the ISCO groups and hierarchy kept. Then, in alternating rounds (cold processes, see
``_harness.py``), times

* ``csrgraph import esco DIR -f nt -o OUT`` end to end (start-up, reading, checking, the
  provenance, N-Triples written to a temporary file and renamed);
* the floor: this script's ``--floor`` mode, a bare ``csv.DictReader`` of the same files
  turned into the same triples (the concepts with their labels, codes and schemes, one
  record per concept row, broader, skills; the dataset description left out) and written by
  ``pyoxigraph.serialize``, with none of the checks (no IRI, code or cell validation, no
  error positions, no streaming-safe output file).

Prints the medians, the ratio (goal: within 2x) and the peak memory of both, at the full
size and at a quarter of it: streaming means the importer's peak hardly grows with the input.

With ``--release DIR`` (repeatable: e.g. ESCO v1.1.1's two zips, and a French folder beside
them) it times the import of a real release, as the portal hands it out, against the bare
floor of the same files: every CSV read from its zip with ``csv.reader`` (no field limit) and
each non-empty cell item (a cell's lines, ``,`` or ``|`` lists split) written as one triple
``<row's first IRI> <column> "item"`` by ``pyoxigraph.serialize``: a csv-to-bulk-load with
no mapping, no checks and no provenance.

Run: python benchmarks/import_esco.py [--occupations 3000] [--rounds 3]
     python benchmarks/import_esco.py --release ../shared/external/esco-1.1.1-en \
         --release-date 2022-09
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from _harness import CSRGRAPH, PYTHON, RESULTS, compare, describe_children, machine

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "esco"
OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _clone_iri(iri: str, k: int) -> str:
    base, _, local = iri.rpartition("/")
    return f"{base}/{uuid.uuid5(uuid.NAMESPACE_URL, f'{local}-{k}')}"


def generate(target: Path, occupations: int, skills: int) -> dict[str, int]:
    """Write a full-size ESCO download into ``target``; return the row counts."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE / "ISCOGroups_en.csv", target / "ISCOGroups_en.csv")
    occ_header, occ_rows = _read(SAMPLE / "occupations_en.csv")
    skill_header, skill_rows = _read(SAMPLE / "skills_en.csv")
    rel_header, rel_rows = _read(SAMPLE / "occupationSkillRelations_en.csv")
    br_header, br_rows = _read(SAMPLE / "broaderRelationsOccPillar_en.csv")
    occ_clones = max(1, occupations // len(occ_rows))
    skill_clones = max(1, skills // len(skill_rows))
    uri = occ_header.index("conceptUri")
    counts = {"occupations": 0, "skills": 0, "relations": 0, "broader": 0}
    with (target / "occupations_en.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(occ_header)
        for k in range(occ_clones):
            for row in occ_rows:
                writer.writerow([*row[:uri], _clone_iri(row[uri], k), *row[uri + 1 :]])
                counts["occupations"] += 1
    with (target / "skills_en.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(skill_header)
        for k in range(skill_clones):
            for row in skill_rows:
                writer.writerow([row[0], _clone_iri(row[1], k), *row[2:]])
                counts["skills"] += 1
    # every cloned occupation gets the skill relations of one of the two linked occupations,
    # pointing at one clone of their skills
    by_occupation: dict[str, list[list[str]]] = {}
    for row in rel_rows:
        by_occupation.setdefault(row[0], []).append(row)
    profiles = list(by_occupation.values())
    with (target / "occupationSkillRelations_en.csv").open("w", encoding="utf-8", newline="") as o:
        writer = csv.writer(o, lineterminator="\n")
        writer.writerow(rel_header)
        for k in range(occ_clones):
            for n, row in enumerate(occ_rows):
                for rel in profiles[n % len(profiles)]:
                    skill = _clone_iri(rel[2], (k + n) % skill_clones)
                    writer.writerow([_clone_iri(row[uri], k), rel[1], skill])
                    counts["relations"] += 1
    with (target / "broaderRelationsOccPillar_en.csv").open("w", encoding="utf-8", newline="") as o:
        writer = csv.writer(o, lineterminator="\n")
        writer.writerow(br_header)
        for row in br_rows:
            if row[0] == "ISCOGroup":
                writer.writerow(row)
                counts["broader"] += 1
        for k in range(occ_clones):
            for row in br_rows:
                if row[0] != "ISCOGroup":
                    broader = row[3] if row[2] == "ISCOGroup" else _clone_iri(row[3], k)
                    writer.writerow([row[0], _clone_iri(row[1], k), row[2], broader])
                    counts["broader"] += 1
    return counts


def floor(folder: Path, output: Path) -> None:
    """The floor: the same files read with ``csv`` and written as the same triples, unchecked."""
    from collections.abc import Iterator

    import pyoxigraph as ox

    n = ox.NamedNode
    skos = "http://www.w3.org/2004/02/skos/core#"
    model = "http://data.europa.eu/esco/model#"
    csro = "https://w3id.org/csrgraph/ontology#"
    dct = "http://purl.org/dc/terms/"
    prov = "http://www.w3.org/ns/prov#"
    record_base = "https://w3id.org/csrgraph/record/esco-1.2.0/"
    release = n("https://w3id.org/csrgraph/source/esco-1.2.0")
    agent = n("https://w3id.org/csrgraph/org/european-commission")
    rdf_type = n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    p = {k: n(skos + k) for k in ("prefLabel", "altLabel", "hiddenLabel", "notation")}
    p.update({k: n(skos + k) for k in ("inScheme", "broader", "definition", "scopeNote")})
    concept, record = n(skos + "Concept"), n(csro + "SourceRecord")
    kinds = {"occupations_en.csv": n(model + "Occupation"), "skills_en.csv": n(model + "Skill")}
    member, derived = n(model + "memberOfISCOGroup"), n(prov + "wasDerivedFrom")
    description, modified = n(dct + "description"), n(dct + "modified")
    relation = {"essential": n(model + "relatedEssentialSkill")}
    relation["optional"] = n(model + "relatedOptionalSkill")
    date = n("http://www.w3.org/2001/XMLSchema#dateTime")
    status = n("http://purl.org/iso25964/skos-thes#status")

    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")

    def rows(name: str) -> Iterator[dict[str, str]]:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)

    def triples() -> Iterator[ox.Triple]:
        for name in ("ISCOGroups_en.csv", "occupations_en.csv", "skills_en.csv"):
            for row in rows(name):
                s = n(row["conceptUri"])
                yield ox.Triple(s, rdf_type, concept)
                if name in kinds:
                    yield ox.Triple(s, rdf_type, kinds[name])
                for scheme in row.get("inScheme", "").replace(",", "\n").split("\n"):
                    if scheme.strip():
                        yield ox.Triple(s, p["inScheme"], n(scheme.strip()))
                if row.get("code"):
                    yield ox.Triple(s, p["notation"], ox.Literal(row["code"]))
                if row.get("iscoGroup"):
                    group = n(f"http://data.europa.eu/esco/isco/C{row['iscoGroup']}")
                    yield ox.Triple(s, member, group)
                if row.get("status"):
                    yield ox.Triple(s, status, ox.Literal(row["status"]))
                if row.get("modifiedDate"):
                    yield ox.Triple(s, modified, ox.Literal(row["modifiedDate"], datatype=date))
                yield ox.Triple(s, p["prefLabel"], ox.Literal(row["preferredLabel"], language="en"))
                for column, prop in (("altLabels", "altLabel"), ("hiddenLabels", "hiddenLabel")):
                    for label in row.get(column, "").split("\n"):
                        if label.strip():
                            yield ox.Triple(s, p[prop], ox.Literal(label.strip(), language="en"))
                for column, prop in (("definition", p["definition"]), ("description", description)):
                    if row.get(column):
                        yield ox.Triple(s, prop, ox.Literal(row[column].strip(), language="en"))
                r = n(f"{record_base}{slug(name)}/{slug(row['conceptUri'])}")
                yield ox.Triple(s, derived, r)
                yield ox.Triple(r, rdf_type, record)
                yield ox.Triple(r, n(csro + "sourceFile"), ox.Literal(name))
                yield ox.Triple(r, n(csro + "rowKey"), ox.Literal(row["conceptUri"]))
                yield ox.Triple(r, n(dct + "isPartOf"), release)
                yield ox.Triple(r, n(prov + "wasAttributedTo"), agent)
        for row in rows("broaderRelationsOccPillar_en.csv"):
            yield ox.Triple(n(row["conceptUri"]), p["broader"], n(row["broaderUri"]))
        for row in rows("occupationSkillRelations_en.csv"):
            rel = relation[row["relationType"]]
            yield ox.Triple(n(row["occupationUri"]), rel, n(row["skillUri"]))

    with output.open("wb") as out:
        ox.serialize(triples(), out, ox.RdfFormat.N_TRIPLES)


def release_floor(locations: list[Path], output: Path) -> None:
    """The floor of a real release: every cell item of every CSV as one triple, unchecked."""
    import io
    import zipfile
    from collections.abc import Iterator

    import pyoxigraph as ox

    csv.field_size_limit(2**31 - 1)
    split = re.compile(r"\n|,\s*(?=http)| \| ")

    def texts() -> Iterator[tuple[str, io.TextIOBase]]:
        for location in locations:
            paths = sorted(location.iterdir()) if location.is_dir() else [location]
            for path in paths:
                if path.suffix == ".zip":
                    with zipfile.ZipFile(path) as archive:
                        for member in archive.namelist():
                            with archive.open(member) as raw:
                                yield member, io.TextIOWrapper(raw, "utf-8-sig", newline="")
                elif path.suffix == ".csv":
                    with path.open(encoding="utf-8-sig", newline="") as text:
                        yield path.name, text

    def triples() -> Iterator[ox.Triple]:
        for name, text in texts():
            reader = csv.reader(text)
            header = next(reader)
            props = [ox.NamedNode(f"urn:esco-floor:{name}#{c.replace(' ', '_')}") for c in header]
            for row in reader:
                first = next((c for c in row if c.startswith("http")), None)
                if first is None:
                    continue
                subject = ox.NamedNode(first.split(",")[0].strip())
                for prop, cell in zip(props, row, strict=False):
                    for item in split.split(cell):
                        if item.strip():
                            yield ox.Triple(subject, prop, ox.Literal(item.strip()))

    with output.open("wb") as out:
        ox.serialize(triples(), out, ox.RdfFormat.N_TRIPLES)


def time_release(folders: list[str], issued: str, rounds: int) -> int:
    """Time the import of a real release against :func:`release_floor`; print and save."""
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-esco-release-") as work:
        out = Path(work) / "out.nt"
        command = [CSRGRAPH, "import", "esco", *folders, "--release-date", issued, "-q"]
        command += ["-f", "nt", "-o", str(out)]
        floor_command = [PYTHON, __file__, "--release-floor", str(out) + ".floor", *folders]
        result = compare(f"import esco {' '.join(folders)}", command, floor_command, rounds)
        lines = out.read_bytes().count(b"\n")
        floor_lines = Path(str(out) + ".floor").read_bytes().count(b"\n")
    print("| input | triples | import s | floor s (floor triples) | ratio | peak MiB | floor MiB |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {', '.join(Path(f).name for f in folders)} | {lines} | {result.median:.2f} | "
        f"{result.floor_median:.2f} ({floor_lines}) | {result.ratio:.2f} | "
        f"{result.peak_mib:.0f} | {result.floor_peak_mib:.0f} |"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved = {"machine": machine(), "results": [{**result.summary(), "triples": lines}]}
    (RESULTS / "import_esco_release.json").write_text(json.dumps(saved, indent=2), "utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Generate the input, time the import against its floor, print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--occupations", type=int, default=3000)
    parser.add_argument("--skills", type=int, default=14000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--floor", nargs=2, metavar=("DIR", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--release", action="append", metavar="DIR", help="a real release")
    parser.add_argument("--release-date", default="2022-09", help="of --release")
    parser.add_argument("--release-floor", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        floor(Path(args.floor[0]), Path(args.floor[1]))
        return 0
    if args.release_floor:
        out, *locations = args.release_floor
        release_floor([Path(p) for p in locations], Path(out))
        return 0
    if args.release:
        return time_release(args.release, args.release_date, args.rounds)
    info = machine()
    print(f"Machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}")
    print(describe_children())
    print("| input | rows | import s | floor s | ratio | import peak MiB | floor peak MiB |")
    print("|---|---|---|---|---|---|---|")
    results = []
    with tempfile.TemporaryDirectory(prefix="csrgraph-bench-esco-") as work:
        sizes = [(args.occupations // 4, args.skills // 4), (args.occupations, args.skills)]
        for occupations, skills in sizes:
            folder = Path(work) / f"esco-{occupations}"
            counts = generate(folder, occupations, skills)
            out = Path(work) / f"out-{occupations}.nt"
            command = [CSRGRAPH, "import", "esco", str(folder), "--release", "1.2.0"]
            command += ["-f", "nt", "-o", str(out)]
            floor_command = [PYTHON, __file__, "--floor", str(folder), str(out) + ".floor"]
            result = compare(f"import esco {occupations}", command, floor_command, args.rounds)
            rows = sum(counts.values())
            print(
                f"| {counts['occupations']} occupations, {counts['skills']} skills, "
                f"{counts['relations']} relations | {rows} | {result.median:.2f} | "
                f"{result.floor_median:.2f} | {result.ratio:.2f} | {result.peak_mib:.0f} | "
                f"{result.floor_peak_mib:.0f} |"
            )
            results.append({**result.summary(), "counts": counts})
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved = {"machine": info, "results": results}
    (RESULTS / "import_esco.json").write_text(json.dumps(saved, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
