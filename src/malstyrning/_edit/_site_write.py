"""Writing a follow-up site (``malstyrning site``) to its folder: only the files
whose bytes changed, each atomically (:func:`write_file`), and the files an
earlier build wrote that the site no longer has removed. A small manifest in
the folder (:data:`SITE_MANIFEST`) lists what was written, so that nothing else
in the folder is ever removed."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .._errors import InvalidArgumentError, OutputExistsError, OutputFileError
from .._i18n import tr
from ._write import write_file

__all__ = ["SITE_MANIFEST", "SiteWriteResult", "write_site"]

SITE_MANIFEST = ".malstyrning-site.json"


@dataclass(frozen=True, slots=True)
class SiteWriteResult:
    """What :func:`write_site` did, each a tuple of paths relative to the folder, sorted."""

    folder: str
    written: tuple[str, ...]  # new files and files whose bytes changed
    kept: tuple[str, ...]  # files already holding the same bytes: not touched
    removed: tuple[str, ...]  # files an earlier build wrote that the site no longer has

    @property
    def changed(self) -> bool:
        """Whether anything in the folder changed."""
        return bool(self.written or self.removed)


def write_site(files: Mapping[str, bytes], folder: str | os.PathLike[str]) -> SiteWriteResult:
    """Write ``files`` (relative path → bytes, as :func:`build_site` gives them)
    into ``folder``, made if missing.

    A file already holding the same bytes is left alone (its time stamp too),
    so a rebuild after one outcome changed rewrites only the pages and data
    that show it. A file the previous build wrote (the folder's manifest,
    :data:`SITE_MANIFEST`) and this one does not is removed, and so is a folder
    left empty by that. Raises :class:`InvalidArgumentError` for a path that is
    absolute or leaves the folder, :class:`OutputExistsError` for a folder that
    holds files but no manifest (it was not written by this function: choose
    an empty or new folder), and :class:`OutputFileError` when a file cannot be
    written.
    """
    root = Path(folder)
    for name in files:
        _check_name(name)
    manifest = root / SITE_MANIFEST
    if root.exists() and not root.is_dir():
        raise OutputFileError(errno.ENOTDIR, tr("is not a folder", "är inte en mapp"), os.fspath(root))
    before = _read_manifest(manifest) if root.is_dir() else None
    if before is None and root.is_dir() and any(root.iterdir()):
        raise OutputExistsError(
            errno.EEXIST,
            tr(
                "holds files that malstyrning site did not write (no "
                "{manifest}); choose an empty or new folder; "
                "nothing was written",
                "innehåller filer som malstyrning site inte skrev (ingen "
                "{manifest}); välj en tom eller ny mapp; "
                "inget sparades",
                manifest=SITE_MANIFEST,
            ),
            os.fspath(root),
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputFileError(
            error.errno or errno.EIO, error.strerror or str(error), os.fspath(root)
        ) from None
    written: list[str] = []
    kept: list[str] = []
    digests: dict[str, tuple[str, int]] = {}  # each file's SHA-256 and modification time
    made: set[Path] = set()
    for name in sorted(files):
        data = files[name]
        target = root / name
        digest = hashlib.sha256(data).hexdigest()
        recorded = (before or {}).get(name)
        stamp = _holds(target, data, recorded if recorded is not None and recorded[0] == digest else None)
        if stamp is not None:
            digests[name] = (digest, stamp)
        if stamp is not None:
            kept.append(name)
            continue
        parent = target.parent
        if parent not in made:
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise OutputFileError(
                    error.errno or errno.EIO, error.strerror or str(error), os.fspath(parent)
                ) from None
            made.add(parent)
        write_file(target, data, sync=False)
        written.append(name)
        digests[name] = (digest, _stamp(target))
    removed: list[str] = []
    for name in sorted(set(before or ()) - set(files)):
        if _check_name(name, strict=False) is None:
            continue  # a hand-edited manifest naming something outside: never removed
        target = root / name
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed.append(name)
            _remove_empty(target.parent, root)
    entries = ",\n".join(
        f"{json.dumps(name, ensure_ascii=False)}: {json.dumps(list(digests[name]))}"
        for name in sorted(digests)
    )
    listing = ('{"files": {\n' + entries + "\n}}\n").encode("utf-8")
    try:
        unchanged = manifest.read_bytes() == listing
    except OSError:
        unchanged = False
    if not unchanged:
        write_file(manifest, listing)
    return SiteWriteResult(os.fspath(root), tuple(written), tuple(kept), tuple(removed))


def _check_name(name: str, *, strict: bool = True) -> str | None:
    path = PurePosixPath(name)
    bad = (
        not name
        or "\\" in name
        or path.is_absolute()
        or any(part in {"", ".", ".."} for part in name.split("/"))
        or name == SITE_MANIFEST
    )
    if bad:
        if strict:
            raise InvalidArgumentError(
                tr(
                    "{name!r} is not a path inside the site's folder",
                    "{name!r} är ingen sökväg i webbplatsens mapp",
                    name=name,
                )
            )
        return None
    return name


def _read_manifest(path: Path) -> dict[str, tuple[str, int]] | None:
    """The files the previous build wrote, each with the SHA-256 of its bytes and
    its modification time (ns) then."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names = found.get("files") if isinstance(found, dict) else None
    if not isinstance(names, dict):
        return None
    return {
        name: (entry[0], entry[1])
        for name, entry in names.items()
        if isinstance(name, str)
        and isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and isinstance(entry[1], int)
    }


def _stamp(target: Path) -> int:
    try:
        return target.lstat().st_mtime_ns
    except OSError:
        return -1


def _holds(target: Path, data: bytes, recorded: tuple[str, int] | None) -> int | None:
    """The modification time of ``target`` when it holds ``data``, else None.

    It holds it when it is a regular file of its size, and either the manifest
    recorded these bytes (``recorded``: their digest, and the time the file had
    then, which it still has: not changed by hand since) or its bytes, read,
    are ``data``.
    """
    try:
        status = target.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
        return None
    if recorded is not None and recorded[1] == status.st_mtime_ns:
        return status.st_mtime_ns
    try:
        return status.st_mtime_ns if target.read_bytes() == data else None
    except OSError:
        return None


def _remove_empty(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
