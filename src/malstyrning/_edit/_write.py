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

Every file written, a plan or an output (a report, a new plan, the schema),
goes through one routine, :func:`_replace`, with the same guarantees:

- a symbolic link is written through: its target is replaced, the link stays;
- a file with more than one hard link is refused (a rename would cut it off
  from its other names, which would keep the old text; writing in place
  would not be atomic);
- the replaced file keeps its owner, group and mode; when the owner or group
  cannot be kept (another user's file), the write is refused;
- a write-protected file (no write permission for the user, or none for
  anyone) is refused, though the rename could replace it;
- a folder, a device, a pipe or anything else that is not a regular file is
  never replaced;
- any OSError (a full disk, an I/O error) leaves the old file as it was and
  removes the temporary file.

The lock's sidecar is opened without following a symbolic link
(``O_NOFOLLOW``) and without blocking (a pipe planted there), and must be a
regular file: a planted link or pipe is refused, and what it points at is
never touched.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .._errors import ConcurrentEditError, OutputExistsError, OutputFileError, PlanFileError, Problem
from .._i18n import no_such_file, os_reason, tr

if sys.platform != "win32":
    import fcntl

__all__ = [
    "LOCK_TIMEOUT",
    "Snapshot",
    "check_output",
    "existing_output",
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
        raise PlanFileError([Problem(name, None, None, "", no_such_file())]) from None
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
    cannot be written (see the module's docstring for what is refused). When
    writing to ``to``, an existing file there is replaced: check first, inside
    the target's lock.
    """
    given = Path(to) if to is not None else snapshot.path
    real = _real(given)
    _check_folder(given, real)
    existing = existing_output(given)
    if existing is None and to is None:
        raise _changed(snapshot.path)  # the plan is gone since it was read
    if existing is not None:
        _check_replaceable(existing, real, given)

    def unchanged() -> None:
        if to is None and _digest(real.read_bytes()) != snapshot.digest:
            raise _changed(snapshot.path)

    _replace(real, snapshot.encode(text), given, existing=existing, before_rename=unchanged)


def _changed(path: Path) -> ConcurrentEditError:
    return ConcurrentEditError(
        tr(
            "{path}: the file changed on disk while it was being updated; "
            "nothing was written. Run the command again.",
            "{path}: filen ändrades på disken medan den uppdaterades; inget sparades. Kör kommandot igen.",
            path=path,
        )
    )


def write_file(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    overwrite: bool = True,
    inputs: Iterable[str | os.PathLike[str]] = (),
    sync: bool = True,
) -> None:
    """Write a new file (a report, a new plan) so it appears whole or not at all.

    Raises OutputExistsError (a FileExistsError) when ``path`` exists and
    ``overwrite`` is false, and OutputFileError (an OSError) when it cannot be
    written: its folder does not exist, no permission, the disk is full, it is
    a folder or a device, or it is one of ``inputs`` (the files ``data`` is
    made from, such as the plan of a report: never replaced, whatever its
    name or link). A symbolic link is written through; a replaced file keeps
    its owner, group and mode (see the module's docstring). ``sync=False``
    skips flushing the file and its folder to disk: still whole or not at all
    for every reader, but a crash may lose it (for output made again at will,
    such as the pages of a site, where thousands of flushes cost seconds).
    """
    existing = check_output(path, overwrite=overwrite, inputs=inputs)
    given = Path(path)
    _replace(_real(given), data, given, existing=existing, sync=sync)


def check_output(
    path: str | os.PathLike[str],
    *,
    overwrite: bool = True,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> os.stat_result | None:
    """Refuse, as :func:`write_file` would, a write to ``path``: to check before
    making what is to be written. Returns the status of the file the write
    would replace, or None when there is none."""
    given = Path(path)
    real = _real(given)
    _check_folder(given, real)
    existing = existing_output(given)
    if existing is not None:
        for source in inputs:
            if _is(existing, source):
                raise OutputFileError(
                    errno.EINVAL,
                    tr(
                        "is the file being read, and is never overwritten; choose another file; "
                        "nothing was written",
                        "är filen som läses, och den skrivs aldrig över; välj en annan fil; inget sparades",
                    ),
                    os.fspath(given),
                )
        if not overwrite:
            raise OutputExistsError(
                errno.EEXIST,
                tr("already exists; not overwritten", "finns redan; skrevs inte över"),
                os.fspath(given),
            )
        _check_replaceable(existing, real, given)
    return existing


def existing_output(path: str | os.PathLike[str]) -> os.stat_result | None:
    """The status of the file a write to ``path`` would replace (through symbolic
    links), or None when there is none.

    Raises OutputFileError when it is there but is not a regular file (a
    folder, a device, a pipe, a loop of links): nothing replaces those.
    """
    given = Path(path)
    try:
        status = os.lstat(_real(given))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _cannot_write(given, error) from error
    if stat.S_ISDIR(status.st_mode):
        raise OutputFileError(
            errno.EISDIR,
            tr("is a folder, not a file; nothing was written", "är en mapp, inte en fil; inget sparades"),
            os.fspath(given),
        )
    if not stat.S_ISREG(status.st_mode):
        raise OutputFileError(
            errno.EINVAL,
            tr(
                "is not an ordinary file (a device, a pipe or a link that leads nowhere); "
                "nothing was written",
                "är ingen vanlig fil (en enhet, en pipe eller en länk som inte leder någonstans); "
                "inget sparades",
            ),
            os.fspath(given),
        )
    return status


def _real(path: Path) -> Path:
    """``path`` with every symbolic link followed: the file a write really replaces."""
    return Path(os.path.realpath(path))


def _is(status: os.stat_result, other: str | os.PathLike[str]) -> bool:
    """Whether ``other`` names the file of ``status`` (by any spelling, link or hard link)."""
    try:
        named = os.stat(other)
    except (OSError, ValueError):
        return False
    return (named.st_dev, named.st_ino) == (status.st_dev, status.st_ino)


def _check_folder(given: Path, real: Path) -> None:
    if not real.parent.is_dir():
        message = tr("no such folder: {folder}", "mappen finns inte: {folder}", folder=given.parent)
        raise OutputFileError(errno.ENOENT, message, os.fspath(given))


def _check_replaceable(status: os.stat_result, real: Path, given: Path) -> None:
    """Refuse to replace a file with other hard links, or one the user may not write."""
    if status.st_nlink > 1:
        raise OutputFileError(
            errno.EMLINK,
            tr(
                "has {count} hard links; replacing it would leave the other names with the old text, "
                "so nothing was written. Make the other names symbolic links (ln -s) or copies first",
                "har {count} hårda länkar; om den ersattes skulle de andra namnen behålla den gamla "
                "texten, så inget sparades. Gör först om de andra namnen till symboliska länkar (ln -s) "
                "eller kopior",
                count=status.st_nlink,
            ),
            os.fspath(given),
        )
    if not status.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise OutputFileError(
            errno.EACCES,
            tr(
                "the file is write-protected (mode {mode:04o}); nothing was written. "
                "Make it writable first if it should change",
                "filen är skrivskyddad (rättigheter {mode:04o}); inget sparades. "
                "Gör den skrivbar först om den ska ändras",
                mode=stat.S_IMODE(status.st_mode),
            ),
            os.fspath(given),
        )


_OPEN_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _replace(
    real: Path,
    data: bytes,
    given: Path,
    *,
    existing: os.stat_result | None,
    before_rename: Callable[[], None] | None = None,
    sync: bool = True,
) -> None:
    """Put ``data`` at ``real`` whole or not at all: a temporary file in the same
    folder, written, flushed to disk (unless not ``sync``), given ``existing``'s
    owner, group and mode, then renamed over it. ``before_rename`` runs last,
    and may refuse."""
    folder = real.parent
    descriptor, temporary = _temporary(folder, real.name, given)
    try:
        try:
            if existing is not None:
                _keep_owner_and_mode(descriptor, existing, given)
            _write_all(descriptor, data)
            if sync:
                os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if before_rename is not None:
            before_rename()
        os.replace(temporary, real)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_write(given, error) from error
        raise
    if sync:
        _sync_folder(folder)


def _temporary(folder: Path, name: str, given: Path) -> tuple[int, Path]:
    """A new, empty temporary file beside the target: ``.<name>.<random>.tmp``.

    Created with the usual permissions (``0666`` less the umask), never
    through a link (``O_EXCL``): a file that was there is never opened.
    """
    while True:
        temporary = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temporary, _OPEN_NEW | _NOFOLLOW, 0o666), temporary
        except FileExistsError:
            continue  # a name already taken: draw another
        except OSError as error:
            raise _cannot_write(given, error) from error


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _keep_owner_and_mode(descriptor: int, existing: os.stat_result, given: Path) -> None:
    """Give the temporary file the owner, group and mode of the file it replaces, or refuse."""
    if hasattr(os, "fchown"):
        made = os.fstat(descriptor)
        uid = existing.st_uid if made.st_uid != existing.st_uid else -1
        gid = existing.st_gid if made.st_gid != existing.st_gid else -1
        if (uid, gid) != (-1, -1):
            try:
                os.fchown(descriptor, uid, gid)
            except OSError:
                raise OutputFileError(
                    errno.EPERM,
                    tr(
                        "belongs to another user or group (uid {uid}, gid {gid}), which writing it "
                        "would change; nothing was written. Let its owner update it",
                        "tillhör en annan användare eller grupp (uid {uid}, gid {gid}), och det skulle "
                        "ändras om filen skrevs; inget sparades. Låt filens ägare uppdatera den",
                        uid=existing.st_uid,
                        gid=existing.st_gid,
                    ),
                    os.fspath(given),
                ) from None
    # After the owner: changing the owner may clear the set-id bits.
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))


def _cannot_write(target: Path, error: OSError) -> OutputFileError:
    """``error``, met while writing ``target``, as the library's error."""
    if isinstance(error, OutputFileError):
        return error
    return OutputFileError(error.errno, os_reason(error), os.fspath(target))


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The sidecar lock file of the plan at ``path``: ``.<name>.lock`` in its folder.

    Symbolic links are followed first: every name of a plan has the same lock.
    """
    target = _real(Path(path))
    return target.with_name(f".{target.name}.lock")


@contextmanager
def plan_lock(path: str | os.PathLike[str], *, timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock of the plan at ``path`` (which need not exist yet).

    Waits up to ``timeout`` seconds (default :data:`LOCK_TIMEOUT`) while
    another process holds it, then raises ConcurrentEditError. Without
    ``flock`` (Windows, or a file system that lacks it) this locks nothing;
    the digest check in :func:`write_atomic` is then the only guard. When the
    lock file cannot be created (a read-only folder, a missing one) nothing is
    locked either: nothing can be written there, and the write says why. A
    lock file that is a symbolic link, a folder or anything but a regular file
    is refused with OutputFileError; it is never followed.
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


def _not_a_lock(sidecar: Path) -> OutputFileError:
    return OutputFileError(
        errno.ELOOP,
        tr(
            "the lock file is a link or not an ordinary file, and is never followed; "
            "nothing was written. Remove it if no malstyrning is running",
            "låsfilen är en länk eller ingen vanlig fil, och den följs aldrig; inget sparades. "
            "Ta bort den om ingen malstyrning körs",
        ),
        os.fspath(sidecar),
    )


if sys.platform == "win32":

    def _acquire(sidecar: Path, path: str | os.PathLike[str], timeout: float) -> int | None:
        return None  # no flock: the digest check is the only guard

else:
    # Not through a link (a planted one could create or lock any file), and not
    # waiting for a writer (a planted pipe would block the open).
    _OPEN_LOCK = os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK

    def _acquire(sidecar: Path, path: str | os.PathLike[str], timeout: float) -> int | None:
        """An open descriptor of ``sidecar`` holding its flock, or None when locking is impossible."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                descriptor = os.open(sidecar, _OPEN_LOCK, 0o644)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
                    raise _not_a_lock(sidecar) from None
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
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                os.close(descriptor)
                raise _not_a_lock(sidecar)
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
        named = os.lstat(path)
    except OSError:
        return False
    held = os.fstat(descriptor)
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
