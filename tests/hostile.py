"""A generator of hostile query spellings: each one asks the engine to reach a URL.

Every spelling combines a way to write the SERVICE keyword (or FROM), a way to name the
endpoint, a trick placed before it (comments ending in every way, strings whose escapes
hide quotes or line breaks, codepoint escapes outside strings, keyword-like prefixes) and a
nesting form around it. ``{url}`` in a template is the spy's base URL.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

KEYWORDS = [
    "SERVICE",
    "service",
    "Service",
    "sErViCe",
    "SERVICE SILENT",
    "service silent",
    "SERVICE\tSILENT",
    "SERVICE#c\nSILENT",
]

#: The endpoint: (declarations before SELECT, the text after the keyword, what the group
#: needs first).
ENDPOINTS = [
    ("", "<{url}a>", ""),
    ("PREFIX : <{url}> ", ":b", ""),
    ("PREFIX spy: <{url}> ", "spy:c", ""),
    ("PREFIX SERVICE: <urn:x:> PREFIX : <{url}> ", ":d", ""),
    ("", "?e", "VALUES ?e { <{url}e> } "),
    ("", "?f", 'BIND(IRI(CONCAT("{url}", "f")) AS ?f) '),
    ("", "<{url}\\u0067>", ""),
]

#: Text placed just before the keyword; most try to make a checker skip what follows.
TRICKS = [
    "",
    "#x\n",
    "#x\r",
    "#x\r\n",
    '#"\n',
    'FILTER("\\u0022") ',
    "FILTER('\\u0027') ",
    'FILTER("\\u000A#") ',
    'FILTER("""\\u0022""") ',
    'FILTER("\\"") ',
    "FILTER(1<2)",
    "?s ?p 1",
    "?s ?p ?o .",
    "FILTER(true)",
    "<urn:a> <urn:b> <urn:c#> ",
    "BIND(1 AS ?z)",
]

#: Forms the SERVICE clause is nested in; ``X`` stands for it.
NESTINGS = [
    "X",
    "{ X }",
    "OPTIONAL { X }",
    "MINUS { ?s ?p ?o X }",
    "{ X } UNION { }",
    "GRAPH ?g { X }",
    "FILTER EXISTS { X }",
    "FILTER NOT EXISTS { X }",
    "{ SELECT * { X } }",
    "LATERAL { X }",
]

#: Ways to write FROM / FROM NAMED (the dataset must not change without --allow-network).
FROMS = [
    "SELECT * FROM <{url}g> { ?s ?p ?o }",
    "SELECT * FROM NAMED <{url}g> { GRAPH ?g { ?s ?p ?o } }",
    "select * from <{url}g> { }",
    "SELECT*FROM<{url}g>{}",
    "ASKFROM<{url}g>{}",
    "SELECT * #c\rFROM <{url}g> { }",
    "PREFIX FROM: <{url}> SELECT * FROM: { }",
    "SELECT * fRoM\nNAMED <{url}g> { }",
]


def service_spellings(url: str) -> Iterator[str]:
    """Yield every combination of keyword, endpoint, trick and nesting."""
    for keyword, (declare, target, first), trick, nesting in itertools.product(
        KEYWORDS, ENDPOINTS, TRICKS, NESTINGS
    ):
        clause = f"{keyword} {target} {{ ?s ?p ?o }}"
        body = nesting.replace("X", f"{trick}{clause}")
        yield f"{declare}SELECT * {{ {first}{body} }}".replace("{url}", url)


def from_spellings(url: str) -> list[str]:
    """Return the FROM / FROM NAMED spellings."""
    return [template.replace("{url}", url) for template in FROMS]


#: Updates, which ``csrgraph query`` never runs (``LOAD`` would fetch a URL).
UPDATES = [
    "LOAD <{url}u>",
    "load <{url}u> INTO GRAPH <urn:g>",
    "LOAD SILENT <{url}u>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "PREFIX : <{url}> WITH :g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * { } ; LOAD <{url}u>",
    "#x\rLOAD <{url}u>",
]


def update_spellings(url: str) -> list[str]:
    """Return the update spellings."""
    return [template.replace("{url}", url) for template in UPDATES]


def glued_spellings(url: str) -> list[str]:
    """Return spellings where the keyword is glued to what precedes or follows it."""
    return [
        f"SELECT * {{ ?s ?p 1SERVICE <{url}h> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p ?o .SERVICE<{url}i>{{?s ?p ?o}} }}",
        f"SELECT * {{ FILTER(true)SERVICE<{url}j>{{}} }}",
        f"PREFIX ex: <urn:x:> SELECT * {{ ?s ex:a.b.SERVICE <{url}k> {{}} }}",
        f"SELECT * {{ FILTER(1<2)SERVICE?x#>\n{{ VALUES ?x {{ <{url}l> }} }} }}",
        f"SELECT * {{ \\u0053ERVICE <{url}m> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVIC\\u0045 <{url}n> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE <{url}o> {{ SERVICE <{url}p> {{ }} }} }}",
    ]


def all_spellings(url: str) -> list[str]:
    """Return every hostile spelling (thousands)."""
    return [
        *service_spellings(url),
        *from_spellings(url),
        *glued_spellings(url),
        *update_spellings(url),
    ]


#: Benign queries that hold a SERVICE clause where it is only text (``X`` stands for it).
HIDERS = [
    '?s ?p "X" .',
    "?s ?p 'X' .",
    '?s ?p """X""" .',
    "?s ?p '''X''' .",
    "#X\n",
    "#X\r",
    '?s ?p "\\"X\\"" .',
    "?s ?p 'a\\'X' .",
    'FILTER("X")',
    'BIND("X" AS ?z)',
    '?s ?p "X"@en .',
    '?s ?p "X"^^<urn:t> .',
]

#: What a mutation inserts.
FRAGMENTS = [
    "SERVICE", "service", "SILENT", "FROM", "<{url}a>", ":", "spy:x", "?e", "{", "}", "(", ")",
    "#", "\n", "\r", " ", '"', "'", '"""', "\\u0022", "\\u000A", "\\", "<", ">", "1", ".", ";",
    "FILTER", "LATERAL", "OPTIONAL", "UNION", "SERVICE:", "spy:", "_:b", "@en", "^^", "true",
]  # fmt: skip


def benign_hidden(url: str) -> list[str]:
    """Return queries whose only SERVICE clause is inside a string or comment."""
    clause = f"SERVICE <{url}q> {{ ?a ?b ?c }}"
    return [
        f"PREFIX spy: <{url}> SELECT * {{ {before}{hider.replace('X', clause)} }}"
        for hider in HIDERS
        for before in ("", "?s ?p ?o . ", "OPTIONAL { ?s ?p ?o } ")
    ]


def mutants(base: list[str], url: str, count: int, seed: int) -> list[str]:
    """Return ``count`` copies of ``base`` texts with one to three random edits each."""
    import random

    rng = random.Random(seed)
    found = []
    for _ in range(count):
        text = rng.choice(base)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(text) + 1)
            choice = rng.random()
            if choice < 0.5:
                text = text[:i] + rng.choice(FRAGMENTS).replace("{url}", url) + text[i:]
            elif choice < 0.8:
                text = text[:i] + text[i + rng.randint(1, 4) :]
            else:
                text = text[:i] + rng.choice(" \n\r#\"'<>:\\") + text[i + 1 :]
        found.append(text)
    return found
