"""``csrgraph serve``: preview a built site on 127.0.0.1, negotiating content as the host does.

A request for a resource (``/task/x``: a path with no suffix whose ``.ttl`` exists) is
redirected (303) to its Turtle, JSON-LD or HTML page by :func:`csrgraph.site.paths.target`,
the rule the ``.htaccess`` writes; other paths are files of the folder, never outside it.
``HEAD`` takes the same way as ``GET`` (the same checks), without the body.
"""

from __future__ import annotations

import functools
import http.server
import posixpath
import urllib.parse
from pathlib import Path
from typing import ClassVar

from csrgraph.errors import UsageError
from csrgraph.site.paths import BASE, HOME, stem, target

LOOPBACK = "127.0.0.1"


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serve the site's files; negotiate a resource's representation."""

    extensions_map: ClassVar[dict[str, str]] = {  # type: ignore[misc]
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ttl": "text/turtle; charset=utf-8",
        ".jsonld": "application/ld+json",
        ".html": "text/html; charset=utf-8",
    }

    def do_GET(self) -> None:
        """Redirect a resource to its representation, else serve the file."""
        if not self._answered():
            super().do_GET()

    def do_HEAD(self) -> None:
        """Answer as ``GET`` would, without the body."""
        if not self._answered():
            super().do_HEAD()

    def _answered(self) -> bool:
        """Refuse a path outside the folder or redirect a resource; False: serve the file."""
        raw = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        clean = posixpath.normpath(raw).lstrip("/")
        root = Path(self.directory).resolve()
        if "\0" in raw:  # no file name holds one (resolving it raised ValueError)
            self.send_error(404)
            return True
        if clean.startswith("..") or not (root / clean).resolve().is_relative_to(root):
            self.send_error(404)
            return True
        if clean in ("", "."):
            self._redirect("/" + HOME)
            return True
        resource = stem(BASE + raw.lstrip("/"))  # the IRI's files, as the builder named them
        if resource is not None and (root / (resource + ".ttl")).is_file():
            accept = self.headers.get("Accept", "")
            language = self.headers.get("Accept-Language", "")
            self._redirect("/" + target(resource, accept, language))
            return True
        return False

    def _redirect(self, location: str) -> None:
        self.send_response(303)
        self.send_header("Location", urllib.parse.quote(location))
        self.send_header("Vary", "Accept, Accept-Language")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the preview prints its address once."""


def make_server(folder: Path, port: int = 0, host: str = LOOPBACK) -> http.server.HTTPServer:
    """Return a server for ``folder`` on ``host:port`` (0: a free port); loopback only.

    Raises:
        UsageError: ``host`` is not 127.0.0.1, or ``folder`` is not a built site.

    """
    if host != LOOPBACK:
        raise UsageError(
            f"{{host}} {host}: the preview serves on {LOOPBACK} only", parameter="host"
        )
    if not (Path(folder) / HOME).is_file():
        raise UsageError(f"{folder}: not a site folder (no {HOME}; build one with csrgraph site)")
    handler = functools.partial(Handler, directory=str(Path(folder).resolve()))
    return http.server.ThreadingHTTPServer((host, port), handler)
