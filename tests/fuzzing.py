"""The generator of tests/test_fuzz_cli.py: command lines and the files they name.

A case starts from well-formed inputs (the bundled files, the importer fixtures, small RDF,
queries and shapes) and makes a share of its values hostile: files cut, spliced, repeated or
replaced by noise, odd names, missing paths, devices and stdin, option values of the wrong
kind or form, malformed URLs (always 127.0.0.1 or no host at all). ``--allow-network`` and
``links --check`` are never given (:data:`NEVER`).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import click

FIXTURES = Path(__file__).parent / "fixtures"
#: Options a case never gives: they reach the network.
NEVER = {"allow_network", "check"}

# ---------------------------------------------------------------------------------------
# File contents
# ---------------------------------------------------------------------------------------

TURTLE = (
    b"@prefix ex: <http://example.org/> .\n"
    b"@prefix schema: <https://schema.org/> .\n"
    b'ex:a a schema:Occupation ; schema:name "x"@en ; ex:n 5 .\n'
)
SNIPPETS = [
    TURTLE,
    b"<http://e/a> <http://e/b> <http://e/c> .\n",
    b'<http://e/a> <http://e/b> "=HYPERLINK(\\"http://127.0.0.1/\\")" .\n',
    b'<http://e/a> <http://e/b> "\\u001b]0;t\\u0007" .\n',
    b'{"@context": {"ex": "http://e/"}, "@id": "ex:a", "ex:p": "v"}',
    b'{"@context": "http://127.0.0.1:1/ctx.jsonld", "@id": "http://e/a"}',
    b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="http://e/a"/></rdf:RDF>',
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    b"SELECT * WHERE { ?s ?p ?o } LIMIT 3\n",
    b"ASK { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }\n",
    b"subject_id\tpredicate_id\tobject_id\tmapping_justification\n",
    b"# curie_map:\n#   ex: http://e/\nsubject_id\tobject_id\nex:a\tex:b\n",
    b"@prefix sh: <http://www.w3.org/ns/shacl#> .\n[] a sh:NodeShape ; sh:targetClass "
    b"<http://e/C> ; sh:property [ sh:path <http://e/p> ; sh:minCount 1 ] .\n",
    b"O*NET-SOC Code\tTitle\tDescription\n43-4051.00\tCSR\tx\n",
    b'"id","preferredLabel"\n"http://e/x","y"\n',
    b"",
    b"\x00\x00\x00",
    b"\xef\xbb\xbf@prefix : <http://e/> .\n:a :b :c .",
    b"\xff\xfe\xfa not utf-8",
    b"[" * 60 + b"]" * 60,
    b'{"@id": "http://e/a", "http://e/p": ' * 40 + b'"x"' + b"}" * 40,
]


def content(rng: random.Random) -> bytes:
    """Return a file's bytes: a snippet, cut, spliced, repeated or mixed with noise."""
    data = rng.choice(SNIPPETS)
    roll = rng.random()
    if roll < 0.25 and data:
        data = data[: rng.randrange(len(data))]
    elif roll < 0.45:
        data = data + rng.choice(SNIPPETS)
    elif roll < 0.6 and data:
        cut = rng.randrange(len(data))
        data = (
            data[:cut] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))) + data[cut:]
        )
    elif roll < 0.65:
        data = data * rng.randrange(2, 200)
    elif roll < 0.7:
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(200)))
    return data


ROOT = Path(__file__).parents[1]
#: Well-formed inputs by kind: what a case starts from before it mutates anything.
GOOD: dict[str, list[tuple[str, bytes]]] = {
    "rdf": [
        ("a.ttl", TURTLE),
        ("b.nt", SNIPPETS[1] + SNIPPETS[2] + SNIPPETS[3]),
        ("c.jsonld", SNIPPETS[4]),
        ("d.rdf", SNIPPETS[6]),
    ],
    "query": [("f.rq", SNIPPETS[8]), ("g.rq", (ROOT / "queries" / "tasks.rq").read_bytes())],
    "sssom": [("m.sssom.tsv", (ROOT / "data" / "csr.sssom.tsv").read_bytes())],
    "shapes": [("s.ttl", (FIXTURES / "mini-shapes.ttl").read_bytes()), ("t.ttl", SNIPPETS[12])],
    "description": [("dataset.ttl", (ROOT / "data" / "dataset.ttl").read_bytes())],
    "readme": [("model.md", (ROOT / "docs" / "model.md").read_bytes())],
}
#: The kind of file each option reads.
KINDS = {"data": "rdf", "shapes": "shapes", "sssom": "sssom", "path": "description",
         "readme": "readme", "target": "query"}  # fmt: skip
#: Odd file names a mutated case may use instead.
NAMES = ["h.txt", "noext", "ü mlaut.ttl", "-dash.ttl", "x.trig", "y.csv", "e.xml"]


def mutated_folder(rng: random.Random, root: Path, source: Path, hostile: bool) -> None:
    """Copy a fixture folder into ``root``; if ``hostile``, cut, mangle or drop some files."""
    shutil.copytree(source, root, dirs_exist_ok=True)
    if not hostile:
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        roll = rng.random()
        if roll < 0.15:
            path.unlink()
        elif roll < 0.35:
            data = path.read_bytes()
            path.write_bytes(data[: rng.randrange(len(data) + 1)])
        elif roll < 0.45:
            path.write_bytes(content(rng))


def first_column(path: Path, column: int, sep: str) -> str:
    """Return a value of the first data row of a fixture table (a code the importer knows)."""
    return path.read_text(encoding="utf-8").splitlines()[1].split(sep)[column]


# ---------------------------------------------------------------------------------------
# Option values
# ---------------------------------------------------------------------------------------

NUMBERS = ["0", "-1", "0.5", "abc", "", "nan", "-inf", "1e-9", "1e3", " 2 ", "0x10", "65", "1e10"]
STRINGS = ["", "x", " ", "-", "--", "ü", "a b", "../x", "\x00", "\n", "=1+1", "x" * 300,
           "15-1252.00", "2024-13-45", "v1", "\u202e", "\x1b[2J"]  # fmt: skip
IRIS = ["", "not an iri", "urn:x> ; DROP GRAPH <urn:v> ; #", "<urn:x>", "http://e/\u202e",
        "https://w3id.org/csrgraph/statement/F27", "urn:x"]  # fmt: skip
QUERIES = ["ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 2", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1",
           "DESCRIBE <urn:x>", 'SELECT ?v WHERE { VALUES ?v { "=1+1" "\\u001b[2J" } }']  # fmt: skip
BAD_QUERIES = ["SELECT", "", " ", "INSERT DATA { <a:b> <a:c> <a:d> }", "PREFIX : <",
               "LOAD <http://127.0.0.1:1/>", "SELECT * FROM <urn:x> WHERE { ?s ?p ?o }",
               "ASK { SERVICE <http://127.0.0.1:1/> { } }", "SELECT * { " * 50]  # fmt: skip
PARAMS = ["lang=de", "_lang=en", "occupation_iri=https://w3id.org/csrgraph/occupation/x",
          "authority_iri=https://w3id.org/csrgraph/organization/bls"]  # fmt: skip
BAD_PARAMS = ["lang=fr", "authority_iri=<bad>", "=", "x", "a=b", "occupation_iri=urn:x y"]
BUNDLED = ["pay-by-experience", "tasks", "statements-by-authority", "automation-risk"]
ONET_CODE = first_column(FIXTURES / "onet" / "Occupation Data.txt", 0, "\t")
ESCO_URI = first_column(FIXTURES / "esco" / "occupations_en.csv", 1, ",")


@dataclass
class Case:
    """One generated run: the arguments, the files to create first, stdin, named outputs."""

    command: str
    args: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    folders: dict[str, tuple[Path, bool]] = field(default_factory=dict)
    stdin: bytes = b""
    outputs: set[str] = field(default_factory=set)

    def path(self, rng: random.Random, kind: str, hostile: bool) -> str:
        """Return a path to read: a good file of ``kind``, or (hostile) anything else."""
        if not hostile:
            name, data = rng.choice(GOOD[kind])
            if kind in ("rdf", "query") and rng.random() < 0.1 and not self.stdin:
                self.stdin = data
                return "-"
            self.files.setdefault(name, data)
            return name
        roll = rng.random()
        if roll < 0.5:
            name, data = rng.choice(GOOD[kind])
            name = name if rng.random() < 0.7 else rng.choice(NAMES)
            self.files[name] = content(rng) if rng.random() < 0.5 else mutate(rng, data)
            return name
        if roll < 0.6:
            name = f"fold{rng.randrange(2)}"
            self.folders.setdefault(
                name, (rng.choice([FIXTURES / "onet", FIXTURES / "esco"]), True)
            )
            return name
        if roll < 0.7:
            self.stdin = content(rng)
            return "-"
        return rng.choice(["missing.ttl", "/dev/null", "", "sub/missing.ttl", "."])

    def folder(self, rng: random.Random, source: str, hostile: bool) -> str:
        """Return an importer's download folder: the fixture, mangled when ``hostile``."""
        if hostile and rng.random() < 0.3:
            return self.path(rng, "rdf", True)
        name = f"{source}{rng.randrange(2)}"
        self.folders.setdefault(name, (FIXTURES / source, hostile))
        return name

    def output(self, rng: random.Random, file: bool, hostile: bool) -> str:
        """Return a path to write: new, or (hostile) existing, in a missing folder, a device.

        A folder to write (``file`` false) is never a device: only paths in the case's folder.
        """
        if hostile and file:
            name = rng.choice(["-", "", "missing/out.ttl", "/dev/null", "h.txt", "x/"])
            if name == "h.txt" and self.files:
                name = rng.choice(sorted(self.files))  # overwrite an input
        elif hostile:
            name = rng.choice(["-", "ü t", "h.txt", "", "missing/out"])
            if name == "h.txt":  # a file where a folder should go
                self.files.setdefault(name, b"")
        else:
            name = rng.choice(["out", "out.csv", "out.json", "out.ttl", "o u t.nt", "out.md"])
        self.outputs.add(name.split("/")[0])
        return name

    def url(self, rng: random.Random, port: int, hostile: bool) -> str:
        """Return an endpoint URL: 127.0.0.1 on the closed port, or (hostile) a malformed one."""
        if not hostile:
            paths = [
                "store",
                "ds/data",
                "sparql-graph-crud-auth",
                "repositories/r/rdf-graphs/service",
            ]
            if self.command == "query":
                paths = ["", "sparql", "query", "x?y=1"]
            return f"http://127.0.0.1:{port}/{rng.choice(paths)}"
        return rng.choice(
            [
                "",
                "127.0.0.1",
                f"ftp://127.0.0.1:{port}/",
                "http://",
                "http://127.0.0.1:0/",
                f"http://u:pw@127.0.0.1:{port}/",
                "http://[::1",
                "file:///etc/passwd",
                f"http://127.0.0.1:{port}/%00",
                f"http://127.0.0.1:{port}/\u202e",
            ]
        )


def mutate(rng: random.Random, data: bytes) -> bytes:
    """Return ``data`` cut short, with noise spliced in, or doubled."""
    if not data:
        return content(rng)
    cut = rng.randrange(len(data))
    roll = rng.random()
    if roll < 0.4:
        return data[:cut]
    if roll < 0.8:
        return (
            data[:cut] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))) + data[cut:]
        )
    return data + data


def value(case: Case, param: click.Parameter, rng: random.Random, port: int, hostile: bool) -> str:
    """Return a value for ``param`` of ``case.command`` (an unknown option fails the test)."""
    name = param.name or ""
    pick = rng.choice
    choices = getattr(param.type, "choices", None)
    if choices is not None:
        return pick(STRINGS) if hostile and rng.random() < 0.5 else str(pick(list(choices)))
    if name == "target" and case.command == "explain":
        return pick(["F99", "f27", "T9", *IRIS, *STRINGS] if hostile else ["F27", "F01", "T1"])
    if name == "target" and not hostile and rng.random() < 0.6:
        return pick(BUNDLED)
    if name in KINDS:
        return case.path(rng, KINDS[name], hostile)
    if name in ("folder", "folders"):
        return case.folder(rng, case.command.split()[-1], hostile)
    if name in ("output", "out_dir", "store_dir"):
        return case.output(rng, name == "output", hostile)
    if name in ("store_url", "query", "update", "endpoint", "base_url"):
        return case.url(rng, port, hostile)
    if name in ("old", "new", "add"):  # diff: two graphs; index --add: files to add
        return case.path(rng, "rdf", hostile)
    if name == "files":  # import crosswalk: SSSOM TSV is one of the crosswalk layouts
        return case.path(rng, "sssom", hostile)
    if name == "lang":
        return pick(STRINGS) if hostile else pick(["de", "en", "fr"])
    if name == "text":  # search
        words = ["kundendienst", "Customer Service", "43-4051", "4222", "servce", "ä"]
        return pick(STRINGS) if hostile else pick(words)
    if name in ("limit", "offset"):
        return pick(NUMBERS) if hostile else pick(["0", "1", "5", "20"])
    if name == "port":  # serve: 0 is a free port (the fuzz run never serves: see the test)
        return pick(NUMBERS) if hostile else "0"
    if name == "host":  # serve: loopback only, anything else refused
        return pick([*STRINGS, "0.0.0.0", "localhost", "::1"]) if hostile else "127.0.0.1"
    if name == "max_answer":
        return pick(NUMBERS) if hostile else pick(["1", "64"])
    if name == "jobs":  # site: processes writing the pages (2 forks even a small site's)
        return pick(NUMBERS) if hostile else pick(["1", "2"])
    if name in ("timeout", "workers"):
        return pick(NUMBERS) if hostile else pick(["30", "10", "4"])
    if name == "graph":
        return pick(IRIS[:6]) if hostile else pick(["urn:x", "http://example.org/g"])
    if name == "params":
        return pick([*BAD_PARAMS, *STRINGS]) if hostile else pick(PARAMS)
    if name == "expression":
        return pick(BAD_QUERIES) if hostile else pick(QUERIES)
    if name in ("occupation", "occupations", "concepts", "version", "issued"):
        release = "1.2.0" if "esco" in case.command else "29.0"
        good = {"occupations": ONET_CODE, "concepts": ESCO_URI, "version": release,
                "issued": "2024-01-01", "occupation": "https://w3id.org/csrgraph/x"}  # fmt: skip
        return pick([*STRINGS, *IRIS]) if hostile else good[name]
    raise AssertionError(f"{case.command}: the fuzzer does not know option {name!r}: teach it")


def generate(command_name: str, command: click.Command, rng: random.Random, port: int) -> Case:
    """Return one case for ``command``: a few options, most values good, some hostile.

    A case gives its required parameters and up to four other options; each value is a
    hostile one with a probability drawn per case (from none to most), so a case gets past
    the first check often enough to reach parsing, the engine and the writers.
    """
    case = Case(command_name)
    params = [p for p in command.params if p.name not in NEVER]
    for param in params:
        if param.name in ("output", "out_dir", "store_dir") and isinstance(param.default, str):
            case.outputs.add(param.default.split("/")[0])  # written when the option is not given
    optional = [p for p in params if not p.required]
    chosen = rng.sample(optional, min(len(optional), rng.choice([0, 1, 1, 2, 2, 3, 4])))
    if command_name == "query" and not any(p.name in ("target", "expression") for p in chosen):
        chosen.append(rng.choice([p for p in optional if p.name in ("target", "expression")]))
    if command_name == "query" and rng.random() < 0.9:  # one of TARGET and -e, mostly
        drop = rng.choice(["target", "expression"])
        if {p.name for p in chosen} >= {"target", "expression"}:
            chosen = [p for p in chosen if p.name != drop]
    names = {p.name for p in chosen}
    if command_name == "load" and not names & {"graph", "default_graph"} and rng.random() < 0.9:
        where = rng.choice(["graph", "default_graph"])  # else load stops before it connects
        chosen += [p for p in optional if p.name == where]
    danger = rng.choice([0.0, 0.1, 0.3, 0.6])
    options: list[list[str]] = []
    for param in [p for p in params if p.required and rng.random() < 0.97] + chosen:
        if isinstance(param, click.Option) and param.is_flag:
            options.append([rng.choice(param.opts)])
            continue
        repeat = rng.choice([1, 1, 1, 2]) if param.multiple or param.nargs == -1 else 1
        for _ in range(repeat):
            text = value(case, param, rng, port, rng.random() < danger)
            if isinstance(param, click.Argument):
                options.append(["./" + text if text[:1] == "-" and text != "-" else text])
            else:
                options.append([rng.choice(param.opts), text])
    rng.shuffle(options)
    args = [a for option in options for a in option]
    if "--write" in args and "--path" not in args:  # describe --write rewrites the checkout
        args.remove("--write")
    if rng.random() < 0.02:
        args.append(rng.choice(["--nosuch", "extra", "-x"]))
    case.args = [*command_name.split(), *args]
    return case
