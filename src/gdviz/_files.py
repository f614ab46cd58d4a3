"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import GdvizError

__all__ = ["atomic_path", "prepare_output"]


def prepare_output(path) -> Path:
    """Check that `path` can be written (creating missing parent folders) and return it."""
    path = Path(os.fspath(path)).expanduser()
    if path.is_dir():
        raise GdvizError(f"The output {str(path)!r} is a folder; give a file name such as {str(path / 'descent.gif')!r}.")
    parent = path.parent if str(path.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GdvizError(f"Cannot create the folder {str(parent)!r} for the output ({exc.strerror}); choose another place with -o.") from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise GdvizError(f"The folder {str(parent)!r} is not writable; choose another place for the output.")
    return path


@contextlib.contextmanager
def atomic_path(path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it onto `path` only if the block succeeds.

    On any exception (KeyboardInterrupt included) the temporary file is removed and an
    existing file at `path` is left exactly as it was.
    """
    path = prepare_output(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
