"""Ctrl-C and SIGTERM: a signal is never an error, whatever code it lands in.

The command line installs :func:`handled` around its work. The handler only *records*
the first signal; it never raises. An exception raised from a signal handler lands
wherever the program happens to be: inside matplotlib it came back as "Invalid
bounding box", and inside a C extension's import it left the interpreter unable to
shut down cleanly. Instead the work stops at the next checkpoint, :func:`check`,
which raises ``KeyboardInterrupt`` (SIGINT) or :class:`Terminated` (SIGTERM) so that
the ``with`` blocks around the temporary file and the encoder process clean up on the
way out. Checkpoints: between frames, at every encoder write and while waiting for the
encoder to finish, every few milliseconds of training work, every few thousand CSV rows, and
just before the finished output is renamed into place (:func:`commit`). The longest
stretch without one is matplotlib's first import and figure (well under a second).

A recorded signal also wins over any error raised after it (:func:`pending`): the
command line exits 130 (SIGINT) or 143 (SIGTERM) with its usual line whatever
exception reached it. Once the command's last output is in place (:func:`last_output`)
the work is done, and a signal arriving afterwards changes nothing: exit 0.

In-process users (scripts, Jupyter) never install the handlers; then :func:`check` is
a cheap no-op and Ctrl-C raises ``KeyboardInterrupt`` as usual.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from pathlib import Path
from typing import Callable, Iterator, Optional

__all__ = ["Terminated", "handled", "pending", "check", "commit", "committed", "last_output", "held_back",
           "exit_code"]


class Terminated(BaseException):
    """SIGTERM, raised at a checkpoint so that files and subprocesses are cleaned up."""


class _State:
    def __init__(self) -> None:
        self.active = False  # handlers installed (the command line is running)
        self.signum: Optional[int] = None  # the first signal received
        self.final = False  # the next commit is the command's last output
        self.done = False  # the last output is in place: later signals change nothing
        self.committed: list = []  # outputs renamed into place, in order


_state = _State()
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def exit_code(signum: int) -> int:
    """130 for SIGINT, 143 for SIGTERM (128 + the signal number, as shells report it)."""
    return 128 + int(signum)


def pending() -> Optional[int]:
    """The signal received while the command worked (None if none, or if it came after the work was done)."""
    return None if _state.done else _state.signum


def committed() -> list:
    """Outputs already renamed into place when the signal came (paths, in order)."""
    return list(_state.committed)


def check() -> None:
    """Raise the recorded signal as ``KeyboardInterrupt`` or :class:`Terminated`, if one arrived."""
    signum = pending()
    if signum is not None:
        raise KeyboardInterrupt() if signum == signal.SIGINT else Terminated()


def _record(signum, frame) -> None:
    if _state.signum is None and not _state.done:
        _state.signum = signum


@contextlib.contextmanager
def handled(restore: bool = True) -> Iterator[None]:
    """Record SIGINT and SIGTERM for :func:`check` for the duration of the block.

    Only the main thread can install signal handlers; elsewhere this does nothing.
    A signal the process was started ignoring stays ignored.
    After the block the previous handlers come back (`restore`, for a caller that goes
    on, such as a test or a notebook calling the command line in-process). The
    ``gdviz`` process itself passes ``restore=False``: its work is over after the block,
    so later signals are ignored until it exits with the block's exit code.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    global _state
    _state = _State()
    _state.active = True
    # A signal ignored when gdviz started (``gdviz render &`` from a script ignores SIGINT)
    # stays ignored, as POSIX programs do: only the others are recorded.
    previous = {sig: signal.signal(sig, _record) for sig in _SIGNALS if signal.getsignal(sig) != signal.SIG_IGN}
    try:
        yield
    finally:
        _state.done = True
        for sig, old in previous.items():
            # SIG_IGN, not a Python handler that ignores: at exit CPython resets signals
            # with Python handlers to their default action, which would kill the process.
            signal.signal(sig, old if restore else signal.SIG_IGN)
        _state.active = False


@contextlib.contextmanager
def last_output() -> Iterator[None]:
    """Mark the block as writing the command's last output: once it is in place, the work is done."""
    _state.final = True
    try:
        yield
    finally:
        _state.final = False


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Block SIGINT and SIGTERM in the main thread during the block (delivered after it).

    Child processes started inside inherit the blocked mask, so an encoder never reacts
    to a terminal's Ctrl-C itself: gdviz stops it.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, set(_SIGNALS))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def commit(replace: Callable[[], None], path: Path) -> None:
    """Put an output in place with `replace()`, unless a signal has already arrived.

    When this is the command's last output (:func:`last_output`), the command is done:
    a signal arriving afterwards changes nothing.
    """
    check()
    replace()
    if _state.active:
        _state.committed.append(Path(path))
        if _state.final:
            _state.done = True
