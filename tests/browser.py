"""Drive Debian's headless Chromium through Playwright for the tests of the static site.

Playwright (PyPI, the test extra) is given Debian's ``chromium`` as ``executable_path``; its
own browser download (``playwright install``) is never used. Playwright rather than
Chromium's bare ``--headless --dump-dom``/``--screenshot`` flags because the tests type into
the search box, wait for results, click the language switch and read console messages, which
the flags alone cannot do.

Every page is opened with a network spy: a request to anything but ``file:``, ``data:``,
``blob:`` or 127.0.0.1/localhost is aborted and recorded, and so is every failed request and
console error, so a site that reaches out at view time fails its test. axe-core (npm, pinned in
``tests/js/package-lock.json``) is injected from ``tests/js/node_modules`` for the
accessibility check.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from external import need

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
#: milliseconds a page may take to load or an awaited element to appear
TIMEOUT_MS = 15_000


def chromium() -> str | None:
    """Debian's ``chromium`` executable (or ``$CSRGRAPH_CHROMIUM``), or None."""
    return os.environ.get("CSRGRAPH_CHROMIUM") or shutil.which("chromium")


def need_browser() -> str:
    """Return the Chromium executable; skip (fail in CI) when it or Playwright is absent."""
    exe = chromium()
    need("Chromium", exe is not None, "apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        need("Playwright", False, "pip install '.[test]'")
    assert exe is not None
    return exe


def need_axe() -> Path:
    """Return axe-core's script; skip (fail in CI) when tests/js/node_modules lacks it."""
    need("axe-core", AXE.is_file(), "npm ci --prefix tests/js")
    return AXE


def is_local(url: str) -> bool:
    """True for a URL the site may load at view time: a file, inline data, or loopback."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class Visit:
    """One opened page and what went wrong while it loaded and ran."""

    page: Any  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Everything that should not happen on a page of the site, one line each."""
        return (
            [f"console: {m}" for m in self.console_errors]
            + [f"failed request: {u}" for u in self.failed_requests]
            + [f"non-local request: {u}" for u in self.blocked]
        )

    def axe(self) -> dict[str, list[str]]:
        """Run axe-core on the page; return the violated rule ids by impact."""
        self.page.add_script_tag(path=str(need_axe()))
        result = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => [v.impact || 'unknown', v.id])"
        )
        found: dict[str, list[str]] = {}
        for impact, rule in result:
            found.setdefault(impact, []).append(rule)
        return found

    def screenshot(self, path: Path, *, full_page: bool = True) -> Path:
        """Write a PNG of the page to ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        """Close the page."""
        self.page.close()


class Browser:
    """A headless Chromium; :meth:`open` gives a page watched by the network spy."""

    def __init__(self, executable: str) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=executable, headless=True, args=args
            )
        except BaseException:
            self._playwright.stop()  # no driver process left behind when the launch fails
            raise
        self._context = self._browser.new_context(
            viewport={"width": 1200, "height": 900}, service_workers="block"
        )
        self._context.set_default_timeout(TIMEOUT_MS)

    def open(self, url: str) -> Visit:
        """Open ``url`` in a new page and wait until it has loaded."""
        page = self._context.new_page()
        visit = Visit(page)

        def route(route: Any) -> None:
            if is_local(route.request.url):
                route.continue_()
            else:
                visit.blocked.append(route.request.url)
                route.abort("blockedbyclient")

        page.route("**/*", route)
        page.on(
            "console",
            lambda m: visit.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
        page.on(
            "requestfailed",
            lambda r: (
                None
                if r.url in visit.blocked
                else visit.failed_requests.append(f"{r.url} ({r.failure})")
            ),
        )
        page.goto(url, wait_until="load")
        return visit

    def close(self) -> None:
        """Stop the browser and Playwright."""
        self._context.close()
        self._browser.close()
        self._playwright.stop()


@contextmanager
def browser() -> Iterator[Browser]:
    """A running headless Chromium (skips, or fails in CI, when it is absent)."""
    started = Browser(need_browser())
    try:
        yield started
    finally:
        started.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on a free 127.0.0.1 port; yield its base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def search(visit: Visit, text: str) -> list[tuple[str, str]]:
    """Type ``text`` into the page's search box; return the result links (text, href)."""
    page = visit.page
    page.fill("input[type=search]", "")
    page.type("input[type=search]", text)
    page.wait_for_selector("#search-results a", timeout=TIMEOUT_MS)
    links = page.eval_on_selector_all(
        "#search-results a", "els => els.map(a => [a.textContent, a.href])"
    )
    return [(str(t), str(h)) for t, h in links]


def page_links(visit: Visit) -> dict[str, list[str]]:
    """The page's ids, its ``<a href>`` and ``<link href>`` targets (absolute URLs)."""
    found = visit.page.evaluate(
        """() => ({
          ids: Array.from(document.querySelectorAll('[id]'), e => e.id)
            .concat(Array.from(document.querySelectorAll('a[name]'), e => e.name)),
          anchors: Array.from(document.querySelectorAll('a[href]'), a => a.href),
          links: Array.from(document.querySelectorAll('link[href]'), a => a.href),
        })"""
    )
    return {key: [str(v) for v in values] for key, values in found.items()}
