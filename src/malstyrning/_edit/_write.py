"""Reading a plan for an update and writing it back atomically.

The new text goes to a temporary file in the same folder, is flushed to disk
and renamed over the original, so a reader (or a crash) sees either the old
file or the new one, never half of one. If the file changed on disk after it
was read, nothing is written.

Writers take a lock (:func:`plan_lock`) for the whole read-modify-write, so
two malstyrning processes writing the same plan take turns instead of one
losing the other's change. The lock is an advisory ``flock`` on a sidecar file
beside the plan, ``.<name>.lock`` (not on the plan itself: the rename puts a
new file in its place, which the old file's lock does not cover). The lock
holder removes the sidecar before letting go; a killed process may leave it
behind, which is harmless (the kernel drops a dead process's lock, and the
next writer uses the file and removes it). Where there is no ``flock``
(Windows) or the file system does not support it, writes rely on the digest
check alone, which catches nearly every concurrent change (all but one made in
the instant between the check and the rename).
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .._errors import ConcurrentEditError, OutputExistsError, OutputFileError, PlanFileError, Problem
from .._i18n import os_reason, tr

if sys.platform != "win32":
    import fcntl

__all__ = [
    "LOCK_TIMEOUT",
    "Snapshot",
    "lock_path",
    "plan_lock",
    "read_snapshot",
    "write_atomic",
    "write_file",
]

_BOM = "\ufeff"

LOCK_TIMEOUT = 10.0
"""Seconds a writer waits for another one to finish before giving up."""

_POLL = 0.05  # seconds between attempts to take a held lock
# flock not supported here (some network file systems): fall back to the digest check.
_NO_FLOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL, errno.ENOSYS}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A plan file as read: its text, each line with its own line end (``\\n``,
    ``\\r\\n``), and how to write it back."""

    path: Path
    text: str
    digest: str
    bom: bool

    def encode(self, text: str) -> bytes:
        """``text`` in the file's own encoding conventions (its BOM); line ends are the text's own."""
        return ((_BOM if self.bom else "") + text).encode("utf-8")


def read_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Read ``path`` for an update; raises PlanFileError when it cannot be read."""
    target = Path(path)
    name = os.fspath(path)
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        raise PlanFileError([Problem(name, None, None, "", tr("no such file", "filen finns inte"))]) from None
    except OSError as error:
        raise PlanFileError([Problem(name, None, None, "", os_reason(error))]) from None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        message = tr("the file is not UTF-8 text", "filen är inte sparad som UTF-8")
        raise PlanFileError([Problem(name, None, None, "", message)]) from None
    bom = decoded.startswith(_BOM)
    text = decoded.removeprefix(_BOM)
    return Snapshot(target, text, _digest(raw), bom)


def write_atomic(snapshot: Snapshot, text: str, *, to: str | os.PathLike[str] | None = None) -> None:
    """Write ``text`` over the snapshot's file (or to ``to``), atomically.

    Raises ConcurrentEditError, and writes nothing, when the snapshot's file
    changed since it was read (a compare-and-swap on its content: call this
    inside :func:`plan_lock`, so no other malstyrning can change the file
    between the check and the rename), and OutputFileError when the file
    cannot be written. When writing to ``to``, an existing file there is
    replaced: check first, inside the target's lock.
    """
    target = Path(to) if to is not None else snapshot.path
    data = snapshot.encode(text)
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise _cannot_write(target, error) from error
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _copy_mode(snapshot.path, Path(temporary))
        if to is None and _digest(snapshot.path.read_bytes()) != snapshot.digest:
            raise ConcurrentEditError(
                tr(
                    "{path}: the file changed on disk while it was being updated; "
                    "nothing was written. Run the command again.",
                    "{path}: filen ändrades på disken medan den uppdaterades; "
                    "inget sparades. Kör kommandot igen.",
                    path=snapshot.path,
                )
            )
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(target, error) from error
        raise
    _sync_folder(folder)


def _cannot_write(target: Path, error: OSError) -> OutputFileError:
    """``error``, met while writing ``target``, as the library's error."""
    if isinstance(error, OutputFileError):
        return error
    return OutputFileError(error.errno, os_reason(error), os.fspath(target))


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The sidecar lock file of the plan at ``path``: ``.<name>.lock`` in its folder."""
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


@contextmanager
def plan_lock(path: str | os.PathLike[str], *, timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock of the plan at ``path`` (which need not exist yet).

    Waits up to ``timeout`` seconds (default :data:`LOCK_TIMEOUT`) while
    another process holds it, then raises ConcurrentEditError. Without
    ``flock`` (Windows, or a file system that lacks it) this locks nothing;
    the digest check in :func:`write_atomic` is then the only guard. When the
    lock file cannot be created (a read-only folder, a missing one) nothing is
    locked either: nothing can be written there, and the write says why.
    """
    sidecar = lock_path(path)
    descriptor = _acquire(sidecar, path, LOCK_TIMEOUT if timeout is None else timeout)
    if descriptor is None:
        yield
        return
    try:
        yield
    finally:
        # Remove the sidecar while still holding it: whoever is waiting on this
        # file then finds it gone and starts over (see _acquire).
        with suppress(OSError):  # if it cannot be removed, it is left behind: harmless
            os.unlink(sidecar)
        os.close(descriptor)


if sys.platform == "win32":

    def _acquire(sidecar: Path, path: str | os.PathLike[str], timeout: float) -> int | None:
        return None  # no flock: the digest check is the only guard

else:

    def _acquire(sidecar: Path, path: str | os.PathLike[str], timeout: float) -> int | None:
        """An open descriptor of ``sidecar`` holding its flock, or None when locking is impossible."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                descriptor = os.open(sidecar, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError:
                if not os.path.lexists(sidecar):
                    return None  # cannot be created: nothing can be written in that folder either
                # Another user's, not readable by us: wait for it to be removed.
                _wait_until(
                    deadline,
                    tr(
                        "cannot open the lock file {sidecar} of {path}; is another user's "
                        "malstyrning writing the plan? Nothing was written.",
                        "låsfilen {sidecar} för {path} går inte att öppna; skriver en annan användares "
                        "malstyrning i planen? Inget skrevs.",
                        sidecar=sidecar,
                        path=os.fspath(path),
                    ),
                )
                continue
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                _wait_until(
                    deadline,
                    tr(
                        "another malstyrning is writing {path} (waited {seconds} s); "
                        "nothing was written. Try again.",
                        "en annan malstyrning skriver i {path} (väntade {seconds} s); "
                        "inget sparades. Försök igen.",
                        path=os.fspath(path),
                        seconds=f"{timeout:g}",
                    ),
                )
                continue
            except OSError as error:
                os.close(descriptor)
                if error.errno in _NO_FLOCK:
                    return None
                raise _cannot_write(sidecar, error) from error
            # The previous holder may have removed the file after we opened it; a
            # lock on a removed file locks nothing, so start over with the new one.
            if _same_file(descriptor, sidecar):
                return descriptor
            os.close(descriptor)


def _wait_until(deadline: float, message: str) -> None:
    """Wait a moment before trying again; past ``deadline``, give up with ``message``."""
    if time.monotonic() >= deadline:
        raise ConcurrentEditError(message) from None
    time.sleep(_POLL)


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        named = os.stat(path)
    except OSError:
        return False
    held = os.fstat(descriptor)
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


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

    Raises OutputExistsError (a FileExistsError) when ``path`` exists and
    ``overwrite`` is false, and OutputFileError (an OSError) when it cannot be
    written: its folder does not exist, no permission, the disk is full.
    """
    target = Path(path)
    if not overwrite and target.exists():
        message = tr("already exists; not overwritten", "finns redan; skrivs inte över")
        raise OutputExistsError(errno.EEXIST, message, os.fspath(target))
    folder = target.parent
    if not folder.is_dir():
        message = tr("no such folder: {folder}", "mappen finns inte: {folder}", folder=folder)
        raise OutputFileError(errno.ENOENT, message, os.fspath(target))
    # Not tempfile.mkstemp: its files are private (0600); these get the usual permissions.
    temporary = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        with temporary.open("xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(target, error) from error
        raise
    _sync_folder(folder)
