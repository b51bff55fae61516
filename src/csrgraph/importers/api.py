"""The one importer API: an :class:`Import` yields a source's triples and fills its report.

Every importer is a module named in :data:`IMPORTERS` with one function (the
:class:`Importer` protocol)::

    import_triples(source, *, report=None, **options) -> Iterator[pyoxigraph.Triple]

``source`` is what the importer reads (a folder, or several), ``options`` are its own
(O*NET's ``occupations``, ESCO's ``concepts``, both ``version`` and ``issued``), and
``report`` is filled while the triples are produced: the files read and their rows, the rows
skipped and why, warnings. A module may also name the Turtle ``PREFIXES`` of its output.

A user runs an import through :class:`Import`, which picks the module, hands it a fresh
report and counts the triples. The report fills as the triples are consumed; it is complete
when they are exhausted (``report.complete``). Run from a checkout:

>>> job = Import("onet", "tests/fixtures/onet", occupations=["43-4051.00"], version="29.2")
>>> triples = list(job.triples())
>>> job.report.complete, job.report.triples == len(triples)
(True, True)
>>> job.report.files["Occupation Data.txt"], job.report.files["Job Zones.txt"]
(21, 20)
>>> job.report.skipped["Job Zones.txt"]
{'occupation not imported': 19}
>>> esco = Import("esco", "tests/fixtures/esco", version="1.2.0")
>>> print(esco.report.summary())
esco: not run
>>> for triple in esco.triples():
...     pass  # write it, load it, count it...
>>> print(esco.report.summary())
esco: 5 files, 237 rows read, 0 rows skipped, 1833 triples
  ISCOGroups_en.csv: 21 rows
  occupations_en.csv: 32 rows
  skills_en.csv: 63 rows
  broaderRelationsOccPillar_en.csv: 50 rows
    not imported: conceptType (the concept's own file gives its type)
    not imported: broaderType (the broader concept's own file gives its type)
  occupationSkillRelations_en.csv: 71 rows

:func:`write_import` writes an import to a file or stdout, all or nothing
(:func:`csrgraph.importers.output.write_triples`): ``csrgraph import SOURCE`` calls it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, count
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from csrgraph.errors import not_one_of
from csrgraph.importers.tables import Row, read_table

if TYPE_CHECKING:
    import pyoxigraph

    from csrgraph.importers.provenance import Release

#: source name -> module with ``import_triples`` (imported only when used).
IMPORTERS: dict[str, str] = {
    "onet": "csrgraph.importers.onet",
    "esco": "csrgraph.importers.esco",
    "crosswalk": "csrgraph.importers.crosswalk",
}

#: How often :attr:`ImportReport.progress` hears of a file's rows.
PROGRESS_ROWS = 5000

#: What an importer reads: a folder, or several.
Location = str | Path | Sequence[str | Path]


@dataclass
class ImportReport:
    """What one import read, skipped and produced; filled while its triples are consumed.

    ``files`` maps each file read (by name, in the order read) to its data rows (blank
    lines and the header not counted; a first pass that only selects rows is not counted).
    ``skipped`` maps a file to the reasons its rows were left out and how many were.
    ``warnings`` are the lines worth telling a user (``csrgraph import`` prints them).
    ``changed`` maps a file to the reasons its rows were imported otherwise than written, and
    how many were. A row skipped or changed with :meth:`flag` keeps its reason's first
    example (file, line, value) in ``examples``; :meth:`warn_flagged` turns each such reason
    into one warning line with its count and that example, so no row is lost without a word.
    ``triples`` is the number of triples produced, set when they are exhausted; ``complete``
    says they were. ``release`` and ``version`` are the release read (its node's IRI), and
    ``graph`` the named graph its facts go to when releases sit side by side (the IRI of the
    import's dataset description); the importer records them before the first triple.
    ``columns`` maps a file to what became of each of its columns (``not imported: why`` for
    those it leaves; a column the importer accounts for neither way is ``not imported: not
    mapped``), so nothing in a file is left out without a word.
    ``progress``, when set, is called with a file's name and its rows read so far as the file
    starts and every :data:`PROGRESS_ROWS` rows (``csrgraph import`` draws it on a terminal).
    """

    source: str
    files: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    triples: int = 0
    complete: bool = False
    release: str = ""
    version: str = ""
    graph: str = ""

    def record_release(self, rel: Release) -> None:
        """Record the release the import reads (its IRI and version), before the first triple.

        >>> from csrgraph.importers.onet import release
        >>> report = ImportReport("onet")
        >>> report.record_release(release("29.2"))
        >>> report.version, report.graph
        ('29.2', 'https://w3id.org/csrgraph/dataset/import/onet-29.2')
        """
        self.release, self.version, self.graph = rel.iri, rel.version, rel.dataset_iri

    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    changed: dict[str, dict[str, int]] = field(default_factory=dict)
    examples: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    progress: Callable[[str, int], None] | None = field(default=None, repr=False, compare=False)

    def column(self, file: str, column: str, fate: str) -> None:
        """Record what became of ``column`` of ``file`` (``not imported: ...`` if left)."""
        self.columns.setdefault(file, {})[column] = fate

    def not_imported(self, file: str) -> dict[str, str]:
        """Return column -> why, for the columns of ``file`` left out."""
        prefix = "not imported: "
        found = self.columns.get(file, {})
        return {c: f.removeprefix(prefix) for c, f in found.items() if f.startswith(prefix)}

    def read(
        self,
        path: str | Path,
        required: Sequence[str],
        *,
        mapped: Sequence[str] = (),
        not_imported: Mapping[str, str] | None = None,
        **options: Any,
    ) -> Iterator[Row]:
        """Yield the rows of :func:`~csrgraph.importers.tables.read_table`, counting them.

        ``mapped`` are the optional columns the importer reads besides ``required``;
        ``not_imported`` maps the columns it leaves out to the reason. Where the importer
        gives either, any other column of the header goes into :attr:`columns` as
        ``not imported: not mapped`` (an importer that gives neither accounts for its columns
        itself, with :meth:`column`, or not at all).
        """
        rows = read_table(path, required, **options)
        name = options.get("name") or Path(path).name
        files = self.files
        files.setdefault(name, 0)
        progress = self.progress
        account = bool(mapped) or not_imported is not None
        if progress is not None:
            progress(name, 0)
        for row in rows:
            if account:  # the header, once: every column mapped or named with its reason
                account = False
                known = {*required, *mapped}
                for column in row.cells:
                    if column not in known:
                        why = (not_imported or {}).get(column, "not mapped")
                        self.column(name, column, f"not imported: {why}")
            files[name] += 1
            if progress is not None and not files[name] % PROGRESS_ROWS:
                progress(name, files[name])
            yield row

    def skip(self, file: str, reason: str, rows: int = 1) -> None:
        """Count ``rows`` rows of ``file`` left out for ``reason``."""
        reasons = self.skipped.setdefault(file, {})
        reasons[reason] = reasons.get(reason, 0) + rows

    def skipped_for(self, reason: str) -> dict[str, int]:
        """Return file -> rows skipped for ``reason`` (files with none left out)."""
        return {f: r[reason] for f, r in self.skipped.items() if r.get(reason)}

    def flag(self, row: Row, reason: str, value: str, *, skipped: bool = True) -> None:
        """Count ``row`` as skipped (or, not ``skipped``, changed) for ``reason``, to warn of.

        The first row of each reason is kept as its example: its file, line and ``value``
        (the cell that made the difference). :meth:`warn_flagged` writes the warnings.

        >>> report = ImportReport("demo")
        >>> report.flag(Row("a.tsv", 3, {}), "code malformed", "1-2")
        >>> report.flag(Row("a.tsv", 9, {}), "code malformed", "x")
        >>> report.skipped, report.examples
        ({'a.tsv': {'code malformed': 2}}, {'code malformed': ('a.tsv', 3, '1-2')})
        """
        if skipped:
            self.skip(row.file, reason)
        else:
            reasons = self.changed.setdefault(row.file, {})
            reasons[reason] = reasons.get(reason, 0) + 1
        self.examples.setdefault(reason, (row.file, row.line, value))

    def example(self, reason: str) -> str:
        """Return ``first: FILE, line N: 'VALUE'`` for a reason :meth:`flag` saw, else ``""``."""
        found = self.examples.get(reason)
        return "" if found is None else f"first: {found[0]}, line {found[1]}: {found[2]!r}"

    def warn_flagged(self) -> None:
        """Append a warning per reason :meth:`flag` counted: how many rows, where, the first.

        Called by an importer once its rows are read (a reason warned of once).

        >>> report = ImportReport("demo")
        >>> report.flag(Row("a.tsv", 3, {}), "code malformed", "1-2")
        >>> report.warn_flagged()
        >>> report.warnings
        ["skipped 1 rows (code malformed): a.tsv: 1; first: a.tsv, line 3: '1-2'"]
        """
        done = set(self.warnings)
        for reason in self.examples:
            for verb, counts in (("skipped", self.skipped), ("changed", self.changed)):
                per_file = {f: r[reason] for f, r in counts.items() if r.get(reason)}
                if not per_file:
                    continue
                files = ", ".join(f"{name}: {n}" for name, n in per_file.items())
                total = sum(per_file.values())
                line = f"{verb} {total} rows ({reason}): {files}; {self.example(reason)}"
                if line not in done:
                    self.warnings.append(line)

    @property
    def rows(self) -> int:
        """The rows read, all files together."""
        return sum(self.files.values())

    def summary(self, warnings: bool = True) -> str:
        """Return the report as text: a total line, then a line per file read.

        Each file's columns not imported follow its line; the warnings close the text
        (unless ``warnings`` is false: ``csrgraph import`` prints them on lines of their own).

        >>> report = ImportReport("demo", files={"a.csv": 3}, skipped={"a.csv": {"unused": 1}})
        >>> print(report.summary())
        demo: 1 files, 3 rows read, 1 rows skipped, stopped before the end
          a.csv: 3 rows, skipped 1 (unused)
        """
        if not self.files and not self.complete:
            return f"{self.source}: not run"
        skipped = sum(sum(r.values()) for r in self.skipped.values())
        lines = [
            f"{self.source}: {len(self.files)} files, {self.rows} rows read, "
            f"{skipped} rows skipped, "
            + (f"{self.triples} triples" if self.complete else "stopped before the end")
        ]
        for name, rows in self.files.items():
            reasons = self.skipped.get(name, {})
            why = ", ".join(f"{n} ({reason})" for reason, n in sorted(reasons.items()))
            changed = self.changed.get(name, {})
            how = ", ".join(f"{n} ({reason})" for reason, n in sorted(changed.items()))
            lines.append(
                f"  {name}: {rows} rows"
                + (f", skipped {why}" if why else "")
                + (f", changed {how}" if how else "")
            )
            for column, why in self.not_imported(name).items():
                lines.append(f"    not imported: {column} ({why})")
        lines += [f"  warning: {w}" for w in self.warnings] if warnings else []
        return "\n".join(lines)


class Importer(Protocol):
    """What a module named in :data:`IMPORTERS` provides."""

    def import_triples(
        self, source: Location, *, report: ImportReport | None = None, **options: Any
    ) -> Iterable[pyoxigraph.Triple]:
        """Yield the triples of ``source``, filling ``report`` as they are produced."""
        ...


def importer(source: str) -> Importer:
    """Return the importer module of ``source`` (a key of :data:`IMPORTERS`).

    >>> importer("onet").__name__
    'csrgraph.importers.onet'
    """
    if source not in IMPORTERS:
        raise not_one_of("source", source, IMPORTERS)
    module: Importer = importlib.import_module(IMPORTERS[source])
    return module


class Import:
    """One import of ``source`` (a key of :data:`IMPORTERS`) from ``location``, with options.

    :meth:`triples` returns the iterator of the triples; :attr:`report` is filled as it is
    consumed. Each call of :meth:`triples` reads the files again with a new report.
    """

    def __init__(
        self,
        source: str,
        location: Location,
        *,
        progress: Callable[[str, int], None] | None = None,
        **options: Any,
    ) -> None:
        self.module = importer(source)
        self.source = source
        self.location = location
        self.options = options
        self.report = ImportReport(source)
        self.progress = progress  # see ImportReport.progress

    @property
    def prefixes(self) -> dict[str, str] | None:
        """The Turtle prefixes of the importer's output (None: the shared ones)."""
        found: dict[str, str] | None = getattr(self.module, "PREFIXES", None)
        return found

    def triples(self) -> Iterator[pyoxigraph.Triple]:
        """Return the iterator of the import's triples, counted into a new :attr:`report`.

        The importer checks its options now or at the first triple; a bad file raises
        :class:`~csrgraph.errors.InputError` while the triples are produced.
        """
        report = self.report = ImportReport(self.source, progress=self.progress)
        produced = self.module.import_triples(self.location, report=report, **self.options)
        counter = count()

        def finish() -> Iterator[pyoxigraph.Triple]:
            report.triples = next(counter)
            report.complete = True
            yield from ()

        # zip advances the counter once per triple, in C: no Python frame per triple
        return chain(map(itemgetter(0), zip(produced, counter, strict=False)), finish())


def write_import(
    source: str,
    location: Location,
    output: str | Path | None = None,
    fmt: str = "ttl",
    *,
    progress: Callable[[str, int], None] | None = None,
    **options: Any,
) -> ImportReport:
    """Write the import of ``source`` from ``location`` to ``output`` (None or ``-``: stdout).

    All or nothing: a failure leaves no file (and an existing one as it was). Returns the
    report, complete. ``progress`` is handed to the report (:attr:`ImportReport.progress`).
    """
    from csrgraph.importers.output import write_triples

    job = Import(source, location, **options)
    job.progress = progress
    triples = job.triples()  # a new report: the importer records its release in it
    write_triples(triples, output, fmt, prefixes=job.prefixes, graph=lambda: job.report.graph)
    return job.report
