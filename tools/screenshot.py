"""Write the screenshot of the occupation page the docs show (``docs/img/occupation.png``).

Usage::

    python tools/screenshot.py                      # build the bundled site, shoot, write
    python tools/screenshot.py --site DIR           # shoot a site already built
    python tools/screenshot.py --page occupation/x.en.html -o docs/img/occupation.png

Builds the site with ``csrgraph site -o TMP`` (unless ``--site`` is given), opens the page in
Debian's headless Chromium through Playwright (no browser download, no network: any request
off the machine is aborted) and writes a PNG of the visible window. The page defaults to the
first page the home page links to whose path holds ``occupation``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]


def occupation_page(site: Path) -> str:
    """Return the first page ``index.html`` links to with ``occupation`` in its path."""
    home = (site / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"#]+\.html)', home):
        if "occupation" in href:
            return href
    raise SystemExit(f"Error: {site / 'index.html'} links to no occupation page; give --page")


def shoot(page: Path, output: Path, width: int = 1200, height: int = 900) -> None:
    """Write a PNG of ``page`` (a file) as Chromium shows it in a ``width`` x ``height`` window."""
    from playwright.sync_api import Route, sync_playwright

    exe = shutil.which("chromium")
    if exe is None:
        raise SystemExit("Error: Debian's chromium is not installed (apt-get install chromium)")

    def local_only(route: Route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in {"file", "data", "blob"}:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        try:
            tab = browser.new_page(viewport={"width": width, "height": height})
            tab.route("**/*", local_only)
            tab.goto(page.resolve().as_uri(), wait_until="load")
            output.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(output))
        finally:
            browser.close()


def main() -> None:
    """Parse the arguments, build the site if needed, write the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a site built by csrgraph site -o DIR")
    parser.add_argument("--page", help="the page to shoot, relative to the site")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs/img/occupation.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csrgraph-screenshot-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            command = [str(Path(sys.executable).parent / "csrgraph"), "site", "-o", str(site)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode:
                raise SystemExit(done.stderr.strip() or "Error: csrgraph site failed")
        page = site / (args.page or occupation_page(site))
        shoot(page, args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
