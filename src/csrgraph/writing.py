"""Write output files all or nothing: the one writer every command and library function uses.

:func:`atomic_write` follows what a user expects of ``-o PATH``:

* a symbolic link is followed: its target is written, the link stays a link;
* a regular file (or a new one) is replaced atomically: the bytes go to a temporary file
  in the same folder, are flushed to disk (``fsync``), then renamed over the target. A new
  file gets the mode ``0o666`` less the umask (as ``open()`` would give it), a replaced file
  keeps its mode (and, where permitted, its owner and group). On any failure the temporary
  file is removed and the old file is left as it was;
* anything else that exists and is not a folder (a FIFO, a character device such as
  ``/dev/null`` or ``/dev/stdout``, a socket) is written to directly, never replaced: there
  is nothing to rename over, and a device must stay a device. Such a write cannot be atomic;
* a folder is refused.

Every failure is an :class:`csrgraph.errors.InputError` ``PATH: cannot write (reason)``
(exit code 2). Hard links to a replaced file keep the old content (the rename gives the path
a new inode), as with any editor that saves atomically.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from csrgraph._typing import PathLike
from csrgraph.errors import InputError
from csrgraph.signals import cleanup_on_signals, signals_held


def _fail(name: str, reason: str) -> InputError:
    return InputError(f"{name}: cannot write ({reason})")


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd`` (``os.write`` may write fewer at once)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_special(target: Path, data: bytes, name: str) -> None:
    """Write straight into a FIFO, a device or a socket (it is never replaced)."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise _fail(name, _reason(err)) from None
    try:
        _write_all(fd, data)
    except OSError as err:
        raise _fail(name, _reason(err)) from None
    finally:
        os.close(fd)


def _open_temporary(folder: Path, base: str) -> tuple[int, Path]:
    """Create a new temporary file in ``folder`` with mode 0o666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = folder / f".{base}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")  # pragma: no cover


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of a rename to disk, where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


@dataclass
class _Pending:
    """A file prepared for writing: its bytes in a temporary file, or a special file."""

    name: str
    target: Path
    payload: bytes
    temporary: Path | None  # None: a FIFO, device or socket, written at commit


def _target(path: PathLike, name: str) -> tuple[Path, os.stat_result | None]:
    """Resolve the target (a link to its target) and stat it; refuse a folder."""
    target = Path(os.path.realpath(path))
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    except OSError as err:
        raise _fail(name, _reason(err)) from None
    if old is not None and stat.S_ISDIR(old.st_mode):
        raise _fail(name, "is a folder, not a file")
    return target, old


def _write_temporary(
    target: Path,
    old: os.stat_result | None,
    name: str,
    write: Callable[[int], None],
    made: list[Path] | None = None,
) -> Path:
    """Create a temporary file beside ``target`` (with its mode), fill it by ``write(fd)``, sync.

    The new file's name is appended to ``made`` (with signals held, so a signal cannot come
    between its creation and its record): the caller removes it if a later step fails.
    """
    try:
        with signals_held():
            fd, temporary = _open_temporary(target.parent, target.name)
            if made is not None:
                made.append(temporary)
    except OSError as err:
        raise _fail(name, _reason(err)) from None
    try:
        try:
            if old is not None:
                if hasattr(os, "chown"):
                    # not permitted for others' files (unless root): the file is then ours
                    with contextlib.suppress(OSError):
                        os.chown(temporary, old.st_uid, old.st_gid)
                os.chmod(temporary, stat.S_IMODE(old.st_mode))
            write(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise _fail(name, _reason(err)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _prepare(path: PathLike, data: bytes | str, name: str, made: list[Path]) -> _Pending:
    """Check the target and write the bytes to a synced temporary file beside it."""
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    target, old = _target(path, name)
    if old is not None and not stat.S_ISREG(old.st_mode):
        return _Pending(name, target, payload, None)
    temporary = _write_temporary(target, old, name, lambda fd: _write_all(fd, payload), made)
    return _Pending(name, target, payload, temporary)


def _remove(made: list[Path]) -> None:
    """Remove the temporary files still in ``made`` (a renamed one is gone already)."""
    with signals_held():
        for leftover in made:
            leftover.unlink(missing_ok=True)


def atomic_write_stream(
    path: PathLike, produce: Callable[[BinaryIO], None], *, name: str | None = None
) -> Path:
    """Write what ``produce(stream)`` writes to ``path``, all or nothing, without holding it.

    As :func:`atomic_write`, for output too large to hold in memory: ``produce`` writes to
    a temporary file beside the target, which replaces it only when ``produce`` returns; if
    it raises, the temporary file is removed and the target left as it was. A FIFO or device
    is written to directly (it cannot be replaced).
    """
    name = str(path) if name is None else name
    target, old = _target(path, name)

    def fill(fd: int) -> None:
        with os.fdopen(os.dup(fd), "wb") as stream:
            produce(stream)

    if old is not None and not stat.S_ISREG(old.st_mode):
        try:
            with open(target, "wb") as stream:
                produce(stream)
        except OSError as err:
            raise _fail(name, _reason(err)) from None
        return target
    made: list[Path] = []
    with cleanup_on_signals():  # SIGTERM/SIGINT while produce() runs: the file is removed
        try:
            temporary = _write_temporary(target, old, name, fill, made)
            with signals_held():
                try:
                    os.replace(temporary, target)
                except OSError as err:
                    raise _fail(name, _reason(err)) from None
        finally:
            _remove(made)
    _sync_folder(target.parent)
    return target


def _commit(pending: _Pending) -> None:
    """Rename the temporary file over the target (or write the special file)."""
    if pending.temporary is None:
        _write_special(pending.target, pending.payload, pending.name)
        return
    try:
        os.replace(pending.temporary, pending.target)
    except OSError as err:
        raise _fail(pending.name, _reason(err)) from None


def atomic_write_many(files: Iterable[tuple[PathLike, bytes | str]]) -> list[Path]:
    """Write several files: every one to a temporary file first, then rename them all.

    A failure while the files are written (a full disk, a folder in the way) leaves every
    target as it was; only a rename that fails after others succeeded (rare: a target
    replaced by a folder meanwhile) can leave some files new and some old. The temporary
    files are removed in any case.

    Raises:
        InputError: ``PATH: cannot write (reason)`` for the first file that fails.

    """
    pending: list[_Pending] = []
    made: list[Path] = []
    with cleanup_on_signals():  # a signal while the files are written: all are removed
        try:
            for path, data in files:
                pending.append(_prepare(path, data, str(path), made))
            with signals_held():  # the renames are not cut short
                for item in pending:
                    if item.temporary is not None:
                        _commit(item)
        finally:
            _remove(made)
    for item in pending:  # a FIFO or device may block until read: signals act meanwhile
        if item.temporary is None:
            _commit(item)
    for folder in sorted({item.target.parent for item in pending}):
        _sync_folder(folder)
    return [item.target for item in pending]


def atomic_write(path: PathLike, data: bytes | str, *, name: str | None = None) -> Path:
    r"""Write ``data`` (text is written as UTF-8) to ``path``, all or nothing.

    See the module docstring for links, special files and modes.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a.txt", "hello\n").read_text()
    'hello\n'
    >>> atomic_write(folder, "x", name="out")
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: out: cannot write (is a folder, not a file)

    Args:
        path: the file to write.
        data: the content; ``str`` is encoded as UTF-8, newlines are written as given.
        name: how error messages name the file (default: ``path`` as given).

    Returns:
        The path that was written (a link's target, resolved).

    Raises:
        InputError: ``PATH: cannot write (reason)``; nothing is left behind.

    """
    made: list[Path] = []
    with cleanup_on_signals():  # a signal while the file is written: it is removed
        try:
            pending = _prepare(path, data, str(path) if name is None else name, made)
            if pending.temporary is not None:
                with signals_held():
                    _commit(pending)
        finally:
            _remove(made)
    if pending.temporary is None:  # a FIFO or device may block until read: signals act
        _commit(pending)
    _sync_folder(pending.target.parent)
    return pending.target


def make_folder(path: PathLike) -> Path:
    """Create the folder ``path`` (and its parents) unless it exists; refuse a non-folder.

    >>> import tempfile
    >>> make_folder(Path(tempfile.mkdtemp()) / "a" / "b").is_dir()
    True

    Raises:
        InputError: ``PATH: cannot write (reason)``.

    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise _fail(str(path), "not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise _fail(str(path), _reason(err)) from None
    return folder


@contextlib.contextmanager
def output_folder(path: PathLike) -> Iterator[Path]:
    """Create the folder ``path`` for the block's output; on failure remove what was created.

    The folders this call creates (``path`` and missing parents) are removed again, deepest
    first, when the block raises; a folder that existed before is never removed, and one
    that is no longer empty is left alone.

    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> try:
    ...     with output_folder(base / "a" / "b"):
    ...         raise OSError("disk full")
    ... except OSError:
    ...     pass
    >>> list(base.iterdir())
    []

    Raises:
        InputError: ``PATH: cannot write (reason)`` when the folder cannot be made.

    """
    folder = Path(path)
    created = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
    with cleanup_on_signals():  # SIGTERM/SIGINT in the block: the new folders go too
        try:
            yield make_folder(path)
        except BaseException:
            for new in created:  # deepest first
                try:
                    new.rmdir()
                except OSError:
                    break
            raise


def _silence_stdout() -> None:
    """Point a failed stdout at the null device, so the exit's flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output and flush it; a failure is one error, not a traceback.

    >>> write_stdout(b"")

    Raises:
        InputError: ``stdout: cannot write (reason)``: stdout is closed, or the write failed
            (a full disk: ``> /dev/full``). What could not be written is dropped.
        BrokenPipeError: the reader went away (``| head``); the CLI ends quietly on it.

    """
    stream = sys.stdout
    if stream is None:  # started with stdout closed (>&-)
        raise _fail("stdout", "it is closed")
    try:
        stream.flush()
        binary = getattr(stream, "buffer", None)
        if binary is None:  # a text-only stream (e.g. replaced by a caller)
            stream.write(data.decode("utf-8"))
            stream.flush()
        else:
            binary.write(data)
            binary.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        _silence_stdout()
        raise _fail("stdout", _reason(err)) from None
    except ValueError:  # "I/O operation on closed file"
        raise _fail("stdout", "it is closed") from None


__all__ = ["atomic_write", "atomic_write_many", "make_folder", "output_folder", "write_stdout"]
