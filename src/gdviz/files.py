"""Writing files so that a reader never sees half of one.

Three steps, so that every mistake about the output is found before any work:

* :func:`check_output` looks without touching anything (it creates no folder and
  leaves no file): the target is not a folder nor a device, no parent is a file, and
  the nearest existing folder really accepts a new file.
* :func:`prepare_output` does the same and creates the missing parent folders.
* :func:`atomic_path` hands out a temporary ``.NAME.*.part`` file beside the target and
  renames it onto the target only when the block succeeds.

A folder of frames gets the same three steps (:func:`check_output_folder`,
:func:`atomic_folder`): the folder may be new or an existing empty one, and its files
appear all at once, when a temporary folder beside it is renamed onto it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterator, Union

from . import interrupts
from .errors import GdvizError

#: A path as the public functions take it: a str, a pathlib.Path or any os.PathLike.
PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["atomic_path", "atomic_folder", "check_output", "check_output_folder", "prepare_output"]

_NAME_MAX = 255  # bytes in one file name on every common file system
_TEMP_RANDOM = 8  # characters tempfile.mkstemp adds


def _nearest_existing(folder: Path) -> Path:
    """`folder` itself or its closest ancestor that exists (as anything: file or folder)."""
    probe = folder
    while True:
        try:
            os.stat(probe)
            return probe
        except FileNotFoundError:
            if probe.parent == probe:
                return probe
            probe = probe.parent
        except NotADirectoryError:  # a file sits somewhere above: keep climbing to find it
            probe = probe.parent
        except OSError:  # e.g. permission denied: let the write probe say so
            return probe


# Why a folder that exists refuses a new file, by the error creating one gave, in words that
# name the cause: the system's own words can mislead ("No such file or directory" in /proc).
_REFUSALS: dict[int | None, str] = {  # by OSError.errno, which may be None
    errno.EACCES: "it is not writable for you (permission denied)",
    errno.EPERM: "it is not writable for you (operation not permitted)",
    errno.EROFS: "it is on a read-only file system",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.ENOENT: "it exists but takes no new files (a system folder such as /proc)",
}


def _can_create_in(folder: Path) -> str | None:
    """None if a file can be created in `folder` (tried for real, then removed), else why not."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".gdviz-probe-", dir=folder)
    except OSError as exc:
        if exc.errno == errno.ENOENT and not folder.is_dir():  # it went away meanwhile: the system's words hold
            return exc.strerror or str(exc)
        return _REFUSALS.get(exc.errno) or exc.strerror or str(exc)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return None


def _check_room(path: Path, shown: str, flag: str) -> None:
    """The name leaves room for the temporary ".NAME.xxxxxxxx.part", and its folder can take new files."""
    room = _NAME_MAX - len(".") - len("..part") - _TEMP_RANDOM  # the temporary ".NAME.xxxxxxxx.part" must fit too
    if len(os.fsencode(path.name)) > room:
        raise GdvizError(f"The output file name is too long ({len(os.fsencode(path.name))} bytes); "
                         f"use at most {room} bytes with {flag}.")
    parent = path.parent
    existing = _nearest_existing(parent)
    if existing.exists() and not existing.is_dir():
        raise GdvizError(f"{str(existing)!r} is a file, so it cannot hold the output {shown!r}; "
                         f"choose another place with {flag}.")
    why = _can_create_in(existing)
    if why is not None:
        raise GdvizError(f"Cannot write in the folder {str(existing)!r}: {why}; choose another place with {flag}.")


def check_output(path, *, flag: str = "-o", example: str = "descent.gif") -> Path:
    """Check that `path` could be written, creating nothing; returns it as a Path.

    `flag` names the option the path came from and `example` a file name to suggest,
    for the messages.
    """
    path = Path(os.fspath(path)).expanduser()
    shown = str(path)
    if path.is_dir():
        raise GdvizError(f"The output {shown!r} is a folder; give a file name inside it, such as "
                         f"{str(path / example)!r}, with {flag}.")
    if path.exists() and not path.is_file():
        raise GdvizError(f"The output {shown!r} exists and is not a regular file; choose another name with {flag}.")
    _check_room(path, shown, flag)
    return path


def check_output_folder(path, *, flag: str = "-o") -> Path:
    """Check that the folder `path` could be written: new, or an existing empty folder. Creates nothing."""
    path = Path(os.fspath(path)).expanduser()
    shown = str(path)
    if path.exists() or path.is_symlink():
        if not path.is_dir() or path.is_symlink():
            raise GdvizError(f"The output folder {shown!r} exists and is not a folder; choose another name with {flag}.")
        try:
            entries = sorted(p.name for p in path.iterdir())
        except OSError as exc:
            raise GdvizError(f"Cannot read the folder {shown!r} ({exc.strerror}); choose another with {flag}.") from None
        if entries:
            first = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise GdvizError(f"The output folder {shown!r} is not empty (it holds {first}); give a new or empty "
                             f"folder with {flag}, so that no file of yours is overwritten.")
    _check_room(path, shown, flag)
    return path


def _missing_folders(folder: Path) -> list:
    """The folders mkdir(parents=True) would create for `folder`, outermost first."""
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]


def prepare_output(path, *, flag: str = "-o") -> Path:
    """Check that `path` can be written, create its missing parent folders, and return it."""
    path = check_output(path, flag=flag)
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GdvizError(f"Cannot create the folder {str(parent)!r} for the output ({exc.strerror}); "
                         f"choose another place with {flag}.") from None
    return path


def _mode_for(path: Path) -> int:
    """Permissions for the finished file: those of the file it replaces, else 0o666 minus the umask.

    (mkstemp makes its file 0o600, which would hide a render from other users.)
    """
    with contextlib.suppress(OSError):
        return stat.S_IMODE(os.stat(path).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it onto `path` only if the block succeeds.

    On any exception (KeyboardInterrupt and SIGTERM included) the temporary file is
    removed, so are the folders this call created for it (if still empty), and an
    existing file at `path` is left exactly as it was.
    """
    created = _missing_folders(Path(os.fspath(path)).expanduser().parent)
    path = prepare_output(path)
    tmp = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        tmp = Path(name)
        os.close(fd)
        mode = _mode_for(path)
        yield tmp
        os.chmod(tmp, mode)  # after writing: a read-only target's mode must not lock the writer out
        interrupts.commit(lambda: os.replace(tmp, path), path)  # unless a signal came meanwhile
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only succeeds if nothing else was put there meanwhile
        raise


@contextlib.contextmanager
def atomic_folder(path) -> Iterator[Path]:
    """Yield a temporary folder beside `path`; rename it onto `path` only if the block succeeds.

    `path` may be new or an existing empty folder (an empty folder is replaced by the
    rename: POSIX renames a folder onto an empty one). On any exception the temporary
    folder and everything in it are removed, so are the parent folders this call
    created, and an existing empty folder at `path` stays as it was.
    """
    path = Path(os.fspath(path)).expanduser()
    created = _missing_folders(path.parent)
    path = check_output_folder(path)
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GdvizError(f"Cannot create the folder {str(parent)!r} for the output ({exc.strerror}); "
                         "choose another place with -o.") from None
    tmp = None
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=parent))
        mode = _mode_for(path) if path.is_dir() else 0o777 & ~_umask()
        yield tmp
        os.chmod(tmp, mode)  # mkdtemp makes 0700 folders
        interrupts.commit(lambda: _replace_folder(tmp, path), path)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _replace_folder(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)  # onto a missing or empty folder
    except OSError as exc:
        if path.is_dir() and not any(path.iterdir()):  # e.g. a system that does not rename onto folders
            path.rmdir()
            os.replace(tmp, path)
            return
        raise GdvizError(f"Could not put the finished folder in place at {str(path)!r} ({exc.strerror}; "
                         "did something else fill it meanwhile?); choose another with -o.") from None
