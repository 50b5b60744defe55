"""Reading a plan for an update and writing it back atomically.

The new text goes to a temporary file in the same folder, is flushed to disk
and renamed over the original, so a reader (or a crash) sees either the old
file or the new one, never half of one. If the file changed on disk after it
was read, nothing is written.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ._errors import ConcurrentEditError, PlanFileError, Problem

__all__ = ["Snapshot", "read_snapshot", "write_atomic", "write_file"]

_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A plan file as read: its text with ``\\n`` line ends, and how to write it back."""

    path: Path
    text: str
    digest: str
    crlf: bool
    bom: bool

    def encode(self, text: str) -> bytes:
        """``text`` in the file's own encoding conventions (BOM, line ends)."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ((_BOM if self.bom else "") + text).encode("utf-8")


def read_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Read ``path`` for an update; raises PlanFileError when it cannot be read."""
    target = Path(path)
    name = os.fspath(path)
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        raise PlanFileError([Problem(name, None, None, "", "no such file")]) from None
    except OSError as error:
        raise PlanFileError([Problem(name, None, None, "", error.strerror or str(error))]) from None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PlanFileError([Problem(name, None, None, "", "the file is not UTF-8 text")]) from None
    bom = decoded.startswith(_BOM)
    text = decoded.removeprefix(_BOM)
    crlf = "\r\n" in text
    return Snapshot(target, text.replace("\r\n", "\n"), _digest(raw), crlf, bom)


def write_atomic(snapshot: Snapshot, text: str, *, to: str | os.PathLike[str] | None = None) -> None:
    """Write ``text`` over the snapshot's file (or to ``to``), atomically.

    Raises ConcurrentEditError, and writes nothing, when the snapshot's file
    changed since it was read. When writing to ``to``, an existing file there
    is replaced only if it is the snapshot's own file.
    """
    target = Path(to) if to is not None else snapshot.path
    data = snapshot.encode(text)
    folder = target.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _copy_mode(snapshot.path, Path(temporary))
        if to is None and _digest(snapshot.path.read_bytes()) != snapshot.digest:
            raise ConcurrentEditError(
                f"{snapshot.path}: the file changed on disk while it was being updated; "
                "nothing was written. Run the command again."
            )
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _copy_mode(source: Path, destination: Path) -> None:
    # mkstemp creates files readable by the owner only; keep the plan's own mode.
    try:
        mode = stat.S_IMODE(source.stat().st_mode)
    except OSError:
        mode = 0o644
    os.chmod(destination, mode)


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk (POSIX).
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_file(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = True) -> None:
    """Write a new file (a report, a new plan) so it appears whole or not at all.

    Raises FileExistsError when ``path`` exists and ``overwrite`` is false, and
    FileNotFoundError when its folder does not exist.
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(f"{target} already exists; not overwritten")
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    # Not tempfile.mkstemp: its files are private (0600); these get the usual permissions.
    temporary = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        with temporary.open("xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
