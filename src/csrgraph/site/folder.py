"""The output folder of ``csrgraph site``: checked before a build, swapped in after it.

A folder is written only when it is new, empty, or an earlier site whose marker file
(:data:`MARKER`) lists exactly the files in it; the new site is built beside it and renamed
into place, so no user file is ever deleted (see :func:`prepare` and :func:`swap`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from csrgraph.errors import InputError, UsageError

MARKER = ".csrgraph-site"

MANIFEST_HEADER = "csrgraph site"


def prepare(out: Path, force: bool) -> None:
    """Refuse an output folder the site may not be written into (one line of why).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     prepare(Path(tmp) / "new", force=False)
    """
    if out.is_symlink() and not out.resolve().parent.is_dir():
        raise UsageError(f"{out}: a link to {out.resolve()}, whose folder does not exist")
    if Path.cwd().resolve().is_relative_to(out.resolve()):
        raise UsageError(f"{out}: is the current folder or holds it; give another folder")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: cannot write (not a folder)")
    if out.is_dir() and any(out.iterdir()):
        check_earlier_site(out)
        if not force:
            raise UsageError(
                f"{out}: holds an earlier site; add {{force}} to replace it", parameter="force"
            )


def check_earlier_site(out: Path) -> None:
    """Refuse ``out`` unless it holds exactly the files an earlier build listed in its marker."""
    marker = out / MARKER
    if not marker.is_file() or marker.is_symlink():
        raise UsageError(
            f"{out}: the folder is not empty and holds no earlier site; give a new or empty folder"
        )
    lines = marker.read_text(encoding="utf-8", errors="replace").splitlines()
    if len(lines) < 2 or lines[0] != MANIFEST_HEADER:
        raise UsageError(
            f"{out}: an earlier site without a list of its files; remove it yourself to replace it"
        )
    expected = set(lines[1:]) | {MARKER}
    expected |= {p.as_posix() for f in list(expected) for p in Path(f).parents}
    extra = sorted(entry for entry in entries_in(out) if entry not in expected)
    if extra:
        shown = ", ".join(extra[:3]) + (f" and {len(extra) - 3} more" if len(extra) > 3 else "")
        raise UsageError(
            f"{out}: holds files the earlier site did not write ({shown}); move them away first"
        )


def entries_in(folder: Path) -> list[str]:
    """Return every file, folder and link under ``folder`` (relative, POSIX), links unfollowed."""
    found = []
    for here, dirs, files in os.walk(folder):
        rel = Path(here).relative_to(folder)
        found += [(rel / name).as_posix() for name in [*dirs, *files]]
    return found


def swap(target: Path, building: Path, parent: Path) -> None:
    """Put ``building`` in place of ``target``: never over a file that appeared meanwhile."""
    if target.is_dir() and not target.is_symlink() and (target / MARKER).is_file():
        check_earlier_site(target)  # again: files may have been added during the build
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=parent))
        os.replace(target, old / "site")
        os.replace(building, target)
        shutil.rmtree(old)
        return
    if target.is_dir() and not target.is_symlink():
        os.rmdir(target)  # fails if anything was written into the empty folder meanwhile
    os.replace(building, target)
