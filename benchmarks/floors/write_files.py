"""Floor of ``site_build.py``: write the files of a manifest (path, size) with plain Python.

The same number of files, in the same folders, of the same sizes as a built site: what
any generator pays to put the site on disk, with nothing computed.

Run: python floors/write_files.py MANIFEST.json OUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    """Write every file of the manifest under the output folder."""
    manifest = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(sys.argv[2])
    made: set[Path] = set()
    for path, size in manifest:
        file = out / path
        if file.parent not in made:
            file.parent.mkdir(parents=True, exist_ok=True)
            made.add(file.parent)
        file.write_bytes(b"x" * size)


if __name__ == "__main__":
    main()
