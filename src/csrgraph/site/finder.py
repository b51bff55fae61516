"""In-browser search of the site (a stand-in: the real one comes from the site-browser branch).

>>> 'type="search"' in search_box("en", "")
True
"""

from __future__ import annotations

import html
from pathlib import Path


def search_box(lang: str, root: str) -> str:
    """Return the HTML of the search box for a page ``root`` away from the site's folder."""
    label = "Suche" if lang == "de" else "Search"
    return (
        f'<form class="search" role="search"><input type="search" aria-label="{label}" '
        f'data-root="{html.escape(root)}"><div id="search-results"></div></form>'
    )


def head_tags(root: str) -> str:
    """Return the ``<head>`` tags the search box needs (none in this stand-in).

    >>> head_tags("../")
    ''
    """
    return ""


def index_site(folder: Path) -> None:
    """Build the search index from the written pages (nothing in this stand-in).

    >>> index_site(Path("."))
    """
