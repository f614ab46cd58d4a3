"""The gdviz command line: ``gdviz render``, ``gdviz train`` and ``gdviz gallery``.

Every user mistake ends as one line ``gdviz: error: ...`` on stderr and exit code 2;
a failure while rendering exits 1; Ctrl-C exits 130. No tracebacks unless --debug.
Heavy modules (matplotlib) are imported only once the inputs are known to be good.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .errors import GdvizError, GdvizWarning

__all__ = ["main", "build_parser"]

DEFAULT_OUTPUT = "renders/descent.gif"
TRAINING_FLAGS = ("data", "x", "y", "scale", "epochs", "eta", "optimizer", "seed")
SCALES = ("auto", "none", "standardize")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every other input error
        raise GdvizError(message[0].upper() + message[1:] + (". " if not message.endswith(".") else " ")
                         + f"See `{self.prog} --help`.")


def _size(text: str) -> tuple:
    try:
        w, h = text.lower().split("x")
        return int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--size must look like 1280x720, not {text!r}") from None


def _eta(text: str):
    if text.strip().lower() == "auto":
        return "auto"
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number or auto, not {text!r}") from None


def _add_training(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("data (the tutorial's generated points by default)")
    g.add_argument("--data", default=None, metavar="FILE.csv",
                   help="train on two columns of a CSV file (comma, semicolon or tab separated; header optional)")
    g.add_argument("--x", default=None, metavar="COL",
                   help="the x column of --data: a header name or a 0-based index (default the first numeric column)")
    g.add_argument("--y", default=None, metavar="COL",
                   help="the y column of --data: a header name or a 0-based index (default the next numeric column)")
    g = p.add_argument_group("training (the tutorial's setup by default)")
    g.add_argument("--scale", default=None, choices=SCALES, metavar="POLICY",
                   help="train on x as given (none), on standardised x (standardize), or standardise only when the "
                        "problem is ill-conditioned, condition number above 100 (auto, the default)")
    g.add_argument("--epochs", type=int, default=None, metavar="N",
                   help="number of gradient-descent epochs (default 300)")
    g.add_argument("--eta", type=_eta, default=None, metavar="F",
                   help="learning rate, or auto to compute one from the Hessian "
                        "(default 0.001, the tutorial's; auto with --data)")
    g.add_argument("--optimizer", default=None, metavar="NAME", help="optimizer: gd (default gd)")
    g.add_argument("--seed", type=int, default=None, metavar="N",
                   help="seed for the generated data and the initial line (default 0: reproducible)")


def _add_drawing(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("drawing")
    g.add_argument("--panels", default="fit,surface,loss", metavar="LIST",
                   help="comma-separated panels among fit, surface, loss (default all three)")
    g.add_argument("--fps", type=float, default=None, metavar="N", help="frames per second (default 20 for GIF, 30 for MP4)")
    g.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH",
                   help="exact frame size in pixels (default 1280x720; even numbers for MP4)")
    g.add_argument("--theme", default="light", metavar="NAME", help="colour theme: light (default light)")
    g.add_argument("--max-frames", type=int, default=200, metavar="N",
                   help="at most this many distinct frames; long runs are sampled, dense where the line moves (default 200)")
    g.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gdviz", description="Animate gradient descent fitting a line: the fit, the SSE surface and the loss curve.")
    parser.add_argument("--version", action="version", version=f"gdviz {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    r = sub.add_parser("render", help="train (or load a history) and write an animation",
                       description="Write an animation (.gif or .mp4). Without arguments: the tutorial's run to renders/descent.gif.")
    r.add_argument("-o", "--output", default=DEFAULT_OUTPUT, metavar="FILE",
                   help=f"output file; the extension picks the format: .gif or .mp4 (default {DEFAULT_OUTPUT})")
    r.add_argument("--history", default=None, metavar="RUN.npz",
                   help="re-render a saved history instead of training (no training flags with it)")
    _add_training(r)
    _add_drawing(r)

    t = sub.add_parser("train", help="train and save the history (.npz) for later renders",
                       description="Train and save the history to a .npz file for `gdviz render --history`.")
    t.add_argument("-o", "--output", required=True, metavar="RUN.npz", help="where to save the history (.npz)")
    _add_training(t)

    g = sub.add_parser("gallery", help="regenerate the example animations in renders/",
                       description="Regenerate the examples the README shows.")
    g.add_argument("--out-dir", default="renders", metavar="DIR", help="folder to write into (default renders)")
    g.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    return parser


def _training(args) -> dict:
    return {
        "epochs": 300 if args.epochs is None else args.epochs,
        # Real data get a learning rate that suits them; the tutorial keeps its own.
        "eta": ("auto" if args.data else 0.001) if args.eta is None else args.eta,
        "optimizer": "gd" if args.optimizer is None else args.optimizer,
        "seed": 0 if args.seed is None else args.seed,
        "scale": "auto" if args.scale is None else args.scale,
    }


def _load_data(args):
    """The points to train on: --data's columns, or the tutorial's generated points."""
    if not args.data:
        if args.x is not None or args.y is not None:
            flags = " and ".join(f for f, v in (("--x", args.x), ("--y", args.y)) if v is not None)
            raise GdvizError(f"{flags} choose{'s' if ' and ' not in flags else ''} columns of a CSV file; "
                             "add --data FILE.csv, or drop them.")
        return None
    from .csvdata import load_csv

    data = load_csv(args.data, x=args.x, y=args.y)
    print(f"gdviz: read {len(data):,} points from {args.data} (x = {data.x_name}, y = {data.y_name})")
    return data


def _make_history(args):
    from .data import make_data
    from .train import check_options, train

    opts = _training(args)
    check_options(opts["epochs"], opts["eta"], opts["optimizer"])
    if opts["seed"] < 0:
        raise GdvizError(f"--seed must be a non-negative integer; got {opts['seed']}.")
    data = _load_data(args)
    if data is None:
        data = make_data(seed=opts["seed"])
    return train(data, **opts)


def _summary(history) -> list:
    """What `gdviz train` prints: eta and why, scaling, SSE and the gap to least squares, the condition number."""
    from .diagnostics import report, summary_lines

    return summary_lines(report(history))


def _cmd_render(args) -> int:
    from .animation import check_options as check_drawing
    from .writers import writer_for

    out = Path(args.output)
    writer = writer_for(out)
    panels, fps, size, theme, max_frames = check_drawing(
        panels=args.panels, fps=args.fps, size=args.size, theme=args.theme, max_frames=args.max_frames)
    writer.check(size, fps or writer.default_fps)
    if args.history:
        given = [f"--{n.replace('_', '-')}" for n in TRAINING_FLAGS if getattr(args, n) is not None]
        if given:
            raise GdvizError(f"--history re-renders a saved run, so {', '.join(given)} cannot change it; "
                             "drop those flags, or train anew without --history.")
        from .history import History

        history = History.load(args.history)
    else:
        history = _make_history(args)
    from .diagnostics import report, summary_lines

    lines = summary_lines(report(history))
    print(f"gdviz: {lines[0]}; {lines[-1]}")
    from .animation import Animation
    from ._files import prepare_output

    prepare_output(out)
    start = time.perf_counter()
    anim = Animation(history, panels=panels, fps=fps, size=size, theme=theme, max_frames=max_frames)
    path = anim.save(out, progress=None if not args.no_progress else False)
    took = time.perf_counter() - start
    kib = path.stat().st_size / 1024
    print(f"gdviz: wrote {path} ({len(anim)} frames, {size[0]}x{size[1]}, {kib:,.0f} KiB) in {took:.1f} s")
    return 0


def _cmd_train(args) -> int:
    out = Path(args.output)
    if out.suffix.lower() != ".npz":
        raise GdvizError(f"A history is saved as .npz; got {str(out)!r}: use a name ending in .npz.")
    from ._files import prepare_output

    prepare_output(out)
    history = _make_history(args)
    history.save(out)
    for line in _summary(history):
        print(f"gdviz: {line}")
    print(f"gdviz: saved {out}")
    return 0


def _cmd_gallery(args) -> int:
    from .gallery import build_gallery

    for path in build_gallery(args.out_dir, progress=not args.no_progress and None):
        print(f"gdviz: wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 render failure, 2 bad input, 130 Ctrl-C)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    parser = build_parser()
    try:
        with warnings.catch_warnings(), _sigterm_as_interrupt():
            warnings.showwarning = _show_warning  # type: ignore[assignment]
            warnings.simplefilter("always", GdvizWarning)
            args = parser.parse_args(argv)
            if args.command is None:
                args = parser.parse_args(["render", *argv])
            handler = {"render": _cmd_render, "train": _cmd_train, "gallery": _cmd_gallery}[args.command]
            return handler(args)
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    except GdvizError as exc:
        if debug:
            raise
        print(f"gdviz: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gdviz: interrupted; nothing was written.", file=sys.stderr)
        return 130
    except _Terminated:
        print("gdviz: terminated; nothing was written.", file=sys.stderr)
        return 143
    except Exception as exc:  # a failure while working, not the user's mistake
        if debug:
            raise
        print(f"gdviz: error: rendering failed: {exc} (run again with --debug for the details).", file=sys.stderr)
        return 1


_original_showwarning = warnings.showwarning


class _Terminated(BaseException):
    """SIGTERM, raised where the program is so that files and subprocesses are cleaned up."""


@contextlib.contextmanager
def _sigterm_as_interrupt():
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _show_warning(message, category, filename, lineno, file=None, line=None):
    if issubclass(category, GdvizWarning):
        print(f"gdviz: warning: {message}", file=sys.stderr)
    else:
        _original_showwarning(message, category, filename, lineno, file, line)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
