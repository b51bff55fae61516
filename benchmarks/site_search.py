"""The in-browser search at the size of the whole O*NET + ESCO site: index build, size, query.

Writes ``--pages`` generated pages (default 40,000: about the page count of the full site, in
two languages, each with a title, a header with the search box and a main text like a
resource page), then measures in one run:

- the index build (:func:`csrgraph.site.finder.index_site`) against its floor, reading every
  page's bytes (the least any index built from the written HTML must do);
- the size of ``_search/index.js``, raw and gzip-compressed (what a static host sends);
- with ``--browser`` (Debian's chromium and Playwright, as in the tests), the time the browser
  takes to load the index script and to answer a query, median of five.

Run: python benchmarks/site_search.py [--pages 40000] [--browser]
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from csrgraph.site.finder import FOLDER, head_tags, index_site, search_box

PHRASES = (
    "customer service representative Kundendienst answers questions resolves complaints",
    "processes orders Bestellungen bearbeiten Beschwerden Fähigkeit skill task Aufgabe",
    "occupation Beruf knowledge Wissen communication Kommunikation",
)
WORDS = " ".join(PHRASES).split()


def write_pages(folder: Path, count: int) -> None:
    """Write ``count`` pages under ``folder`` (half German, half English), 500 a folder."""
    for n in range(count):
        lang = "de" if n % 2 else "en"
        sub = folder / f"r{n // 500:03d}"
        sub.mkdir(exist_ok=True)
        words = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(60))
        title = f"{WORDS[n % len(WORDS)].title()} {n:05d} {WORDS[(n * 7) % len(WORDS)]}"
        (sub / f"p{n}.{lang}.html").write_text(
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{title}</title>{head_tags('../')}</head><body><header>"
            f"{search_box(lang, '../')}</header><main><h1>{title}</h1><p>{words}</p>"
            f"<p>Code {n % 100:02d}-{n % 9999:04d}.00</p></main></body></html>",
            encoding="utf-8",
        )
    (folder / "index.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><title>Home</title>{head_tags("")}</head>'
        f"<body><header>{search_box('en', '')}</header><main>Home</main></body></html>",
        encoding="utf-8",
    )


def floor(folder: Path) -> None:
    """Read every page's bytes: the least an index from the written HTML must do."""
    for page in folder.rglob("*.html"):
        page.read_bytes()


def timed(func: object, folder: Path) -> float:
    start = time.perf_counter()
    func(folder)  # type: ignore[operator]
    return time.perf_counter() - start


def browser_times(folder: Path, rounds: int = 5) -> tuple[float, float]:
    """Median ms to load the index script after the first keystroke, and to answer a query."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from browser import Browser, chromium

    exe = chromium()
    if exe is None:
        raise SystemExit("Error: --browser needs Debian's chromium (apt-get install chromium)")
    started = Browser(exe)
    loads, queries = [], []
    try:
        for _ in range(rounds):
            visit = started.open((folder / "index.html").as_uri())
            page = visit.page
            t0 = time.perf_counter()
            page.fill("input[type=search]", "kundendienst")
            page.wait_for_selector("#search-results a")
            loads.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            page.fill("input[type=search]", "customer service 12345")
            page.fill("input[type=search]", "beschwerden kommunikation")
            page.wait_for_function(
                "document.querySelector('#search-results a') &&"
                " document.getElementById('site-search-input').value.startsWith('beschw')"
            )
            queries.append((time.perf_counter() - t0) * 1000 / 2)
            assert visit.problems == [], visit.problems
            visit.close()
    finally:
        started.close()
    return statistics.median(loads), statistics.median(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40_000)
    parser.add_argument("--browser", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="csrgraph-site-search-"))
    try:
        write_pages(work, args.pages)
        floor(work)  # warm the file cache for both
        base = timed(floor, work)
        build = timed(index_site, work)
        index = (work / FOLDER / "index.js").read_bytes()
        print(f"pages: {args.pages}")
        print(
            f"index build: {build:.2f} s; floor (read every page): {base:.2f} s; "
            f"ratio {build / base:.1f}"
        )
        print(f"index.js: {len(index) / 1e6:.1f} MB, gzip {len(gzip.compress(index)) / 1e6:.1f} MB")
        if args.browser:
            load, query = browser_times(work)
            print(
                f"browser (median of 5): first keystroke to results {load:.0f} ms "
                f"(loads the index); a further query {query:.0f} ms"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
