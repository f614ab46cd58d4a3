"""The gdviz command line: ``gdviz render``, ``gdviz train`` and ``gdviz gallery``.

Every user mistake ends as one line ``gdviz: error: ...`` on stderr and exit code 2;
a failure while rendering exits 1; Ctrl-C exits 130 and SIGTERM 143. No tracebacks
unless --debug (accepted before or after the command).

Everything that can be checked is checked before any work: the flags, then the output
path (without creating anything), then the history file; only then does training or
drawing start, and matplotlib is imported only at that point.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import textwrap
import time
import traceback
import warnings
from pathlib import Path
from typing import Optional, Sequence

from . import __version__, interrupts
from .animation import MAX_FRAMES, MAX_PIXELS, MAX_SIDE, MIN_SIDE
from .errors import GdvizError, GdvizWarning
from .train import MAX_EPOCHS

__all__ = ["main", "build_parser"]

DEFAULT_OUTPUT = "renders/descent.gif"
DEFAULT_FRAMES_DIR = "renders/descent-frames"
TRAINING_FLAGS = ("data", "x", "y", "scale", "epochs", "eta", "optimizer", "seed")
SCALES = ("auto", "none", "standardize")

# Messages from the library name options as Python spells them (`max_frames`); on the
# command line they read better as the flags the user typed (--max-frames).
_FLAG_NAMES = {name: "--" + name.replace("_", "-") for name in
               ("epochs", "eta", "optimizer", "seed", "panels", "fps", "size", "theme", "max_frames", "transparent",
                "frames")}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every other input error
        raise GdvizError(message[0].upper() + message[1:] + (". " if not message.endswith(".") else " ")
                         + f"See `{self.prog} --help`.")


def _size(text: str) -> tuple:
    try:
        w, h = text.lower().replace("\u00d7", "x").split("x")
        return int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--size must be WIDTHxHEIGHT in whole pixels like 1280x720, not {text!r}") from None


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
                   help="train on two columns of a CSV file (comma, semicolon, tab or pipe separated; header optional)")
    g.add_argument("--x", default=None, metavar="COL",
                   help="the x column of --data: a header name or a 0-based index (default the first numeric column)")
    g.add_argument("--y", default=None, metavar="COL",
                   help="the y column of --data: a header name or a 0-based index (default the next numeric column)")
    g = p.add_argument_group("training (the tutorial's setup by default)")
    g.add_argument("--scale", default=None, choices=SCALES, metavar="POLICY",
                   help="train on x as given (none), on standardised x (standardize), or standardise only when the "
                        "problem is ill-conditioned, condition number above 100 (auto, the default)")
    g.add_argument("--epochs", type=int, default=None, metavar="N",
                   help=f"number of gradient-descent epochs, 1 to {MAX_EPOCHS:,} (default 300)")
    g.add_argument("--eta", type=_eta, default=None, metavar="F",
                   help="learning rate, a finite number > 0, or auto to compute one from the Hessian "
                        "(default 0.001, the tutorial's; auto with --data)")
    g.add_argument("--optimizer", default=None, metavar="NAME", help="optimizer: gd (default gd)")
    g.add_argument("--seed", type=int, default=None, metavar="N",
                   help="seed for the generated data and the initial line, >= 0 (default 0: reproducible)")


def _add_drawing(p: argparse.ArgumentParser) -> None:
    from .formats import transparent_keys

    g = p.add_argument_group("drawing")
    g.add_argument("--panels", default="fit,surface,loss", metavar="LIST",
                   help="comma-separated panels among fit, surface, loss (default all three)")
    g.add_argument("--fps", type=float, default=None, metavar="N",
                   help="frames per second, 1 to 120 (50 at most for GIF, 60 for WebP and APNG; default 20 for "
                        "GIF, WebP, APNG and --frames, 30 for video: MP4, WebM, MOV, HTML, PPTX)")
    g.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH",
                   help=f"exact frame size in pixels: each side {MIN_SIDE} to {MAX_SIDE}, at most "
                        f"{MAX_PIXELS:,} pixels in all (7680x4320), even numbers for MP4 (default 1280x720)")
    g.add_argument("--theme", default="light", metavar="NAME", help="colour theme: light (default light)")
    g.add_argument("--max-frames", type=int, default=200, metavar="N",
                   help=f"at most this many distinct frames, 1 to {MAX_FRAMES:,}; long runs are sampled, "
                        "dense where the line moves (default 200)")
    g.add_argument("--transparent", action="store_true",
                   help="transparent background (alpha 0), for a format that keeps alpha: "
                        f"{' '.join(transparent_keys())} (see the table below)")
    g.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def _formats_help() -> str:
    """The formats table for `gdviz render --help`: how to ask, alpha, where it plays."""
    from .formats import table

    lines = ["formats (the extension of -o picks one; alpha: keeps --transparent):"]
    for flag, name, plays_in, alpha in table():
        head = f"  {flag:<13} {'alpha' if alpha == 'yes' else '-':<6}"
        body = textwrap.wrap(f"{name}: {plays_in}", 96 - len(head))
        lines.append(head + body[0])
        lines.extend(" " * len(head) + more for more in body[1:])
    return "\n".join(lines)


def _add_debug(p: argparse.ArgumentParser, default) -> None:
    p.add_argument("--debug", action="store_true", default=default, help="show full tracebacks")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gdviz", description="Animate gradient descent fitting a line: the fit, the SSE surface and the "
                                               "loss curve. `gdviz` alone (or with only render flags) runs `gdviz render`, "
                                               "which writes renders/descent.gif.",
                     epilog="Limits keep every run bounded in time and memory: --epochs up to "
                            f"{MAX_EPOCHS:,}, --max-frames up to {MAX_FRAMES:,}, --size up to 7680x4320.")
    parser.add_argument("--version", action="version", version=f"gdviz {__version__}")
    _add_debug(parser, False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    r = sub.add_parser("render", help="train (or load a history) and write an animation",
                       description=textwrap.fill(
                           "Write an animation (.gif, .mp4, .webm, .webp, .apng, .mov, .html, .pptx, or a folder of "
                           "PNG frames). Without arguments: the tutorial's run to renders/descent.gif.", 80),
                       epilog=_formats_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="output file; the extension picks the format (table below), e.g. .gif or .mp4; with "
                        f"--frames, a new or empty folder (default {DEFAULT_OUTPUT}, or {DEFAULT_FRAMES_DIR} "
                        "with --frames)")
    r.add_argument("--frames", default=None, choices=("png",), metavar="png",
                   help="write a folder of frames instead: DIR/frame-0000.png, ... one per frame shown at --fps "
                        "(holds repeated), and DIR/animation.tex, the LaTeX beamer line that plays them (also printed)")
    r.add_argument("--history", default=None, metavar="RUN.npz",
                   help="re-render a saved history instead of training (no training flags with it)")
    _add_training(r)
    _add_drawing(r)
    _add_debug(r, argparse.SUPPRESS)  # SUPPRESS: `gdviz --debug render` keeps its True

    t = sub.add_parser("train", help="train and save the history (.npz) for later renders",
                       description="Train and save the history to a .npz file for `gdviz render --history`.")
    t.add_argument("-o", "--output", required=True, metavar="RUN.npz", help="where to save the history (.npz)")
    _add_training(t)
    _add_debug(t, argparse.SUPPRESS)

    g = sub.add_parser("gallery", help="regenerate the example animations in renders/",
                       description="Regenerate the examples the README shows.")
    g.add_argument("--out-dir", default="renders", metavar="DIR", help="folder to write into (default renders)")
    g.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    _add_debug(g, argparse.SUPPRESS)
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


def _check_training(args) -> None:
    """Validate the training flags (no training yet)."""
    from .train import check_options

    opts = _training(args)
    check_options(opts["epochs"], opts["eta"], opts["optimizer"])
    if opts["seed"] < 0:
        raise GdvizError(f"--seed must be a non-negative integer; got {opts['seed']}.")


def _make_history(args):
    from .data import make_data
    from .train import train

    _check_training(args)
    opts = _training(args)
    data = _load_data(args)
    if data is None:
        data = make_data(seed=opts["seed"])
    return train(data, **opts)


def _summary(history) -> list:
    """What `gdviz train` prints: eta and why, scaling, SSE and the gap to least squares, the condition number."""
    from .diagnostics import report, summary_lines

    return summary_lines(report(history))


def _cmd_render(args) -> int:
    from . import formats
    from ._files import check_output
    from .animation import check_options as check_drawing

    # 1. The flags, cheapest first; nothing is read, created or drawn yet.
    if args.history:
        given = [f"--{n.replace('_', '-')}" for n in TRAINING_FLAGS if getattr(args, n) is not None]
        if given:
            raise GdvizError(f"--history re-renders a saved run, so {', '.join(given)} cannot change it; "
                             "drop those flags, or train anew without --history.")
    panels, fps, size, theme, max_frames = check_drawing(
        panels=args.panels, fps=args.fps, size=args.size, theme=args.theme, max_frames=args.max_frames)
    if not args.history:
        _check_training(args)
    # 2. The output: a folder, a file in the way, an unwritable place, an unknown format.
    out = Path(args.output or (DEFAULT_FRAMES_DIR if args.frames else DEFAULT_OUTPUT))
    if out.is_dir() and not args.frames:
        check_output(out)  # says "is a folder", which beats "has no extension"
    fmt = formats.find(out, frames=args.frames)
    fmt.check(size=size, fps=fps, transparent=args.transparent)
    out = fmt.check_output(out)
    # 3. The history file, if any; then the work.
    if args.history:
        from .history import History

        history = History.load(args.history)
    else:
        history = _make_history(args)

    lines = _summary(history)
    first = lines[0].replace("trained", f"{args.history}:", 1) if args.history else lines[0]
    print(f"gdviz: {first}; {lines[-1]}")
    from .animation import Animation

    start = time.perf_counter()
    anim = Animation(history, panels=panels, fps=fps, size=size, theme=theme, max_frames=max_frames,
                     transparent=args.transparent)
    with interrupts.last_output():
        path = anim.save(out, frames=args.frames, progress=None if not args.no_progress else False)
    took = time.perf_counter() - start
    if fmt.folder:
        from .formats.frames import TEX_NAME

        files = sorted(path.iterdir())
        kib = sum(p.stat().st_size for p in files) / 1024
        print(f"gdviz: wrote {len(files) - 1} frames and {TEX_NAME} into {path}/ ({len(anim)} distinct, "
              f"{size[0]}x{size[1]}, {kib:,.0f} KiB) in {took:.1f} s; in your beamer slide:")
        print((path / TEX_NAME).read_text(encoding="utf-8"), end="")
        return 0
    kib = path.stat().st_size / 1024
    print(f"gdviz: wrote {path} ({len(anim)} frames, {size[0]}x{size[1]}, {kib:,.0f} KiB) in {took:.1f} s")
    return 0


def _cmd_train(args) -> int:
    from ._files import check_output

    _check_training(args)
    out = Path(args.output)
    if out.is_dir():
        check_output(out, example="run.npz")
    if out.suffix.lower() != ".npz":
        raise GdvizError(f"A history is saved as .npz; got {str(out)!r}: use a name ending in .npz.")
    check_output(out)
    history = _make_history(args)
    with interrupts.last_output():
        history.save(out)  # creates missing folders, writes atomically
    for line in _summary(history):
        print(f"gdviz: {line}")
    print(f"gdviz: saved {out}")
    return 0


def _cmd_gallery(args) -> int:
    from ._files import check_output

    out_dir = Path(args.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise GdvizError(f"--out-dir {str(out_dir)!r} is a file, not a folder; choose a folder name.")
    check_output(out_dir / "descent.gif", flag="--out-dir")
    from .gallery import build_gallery

    for path in build_gallery(out_dir, progress=not args.no_progress and None):
        print(f"gdviz: wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    return 0


def _cli_words(message: str) -> str:
    """`max_frames` -> --max-frames, for the options the command line has as flags."""
    return re.sub(r"(?:The )?`(\w+)`", lambda m: _FLAG_NAMES.get(m.group(1), m.group(0)), message)


def _with_command(argv: list) -> list:
    """`gdviz`, `gdviz -o x.gif`, `gdviz --debug --epochs 5` all mean `gdviz render ...`."""
    rest = [a for a in argv if a != "--debug"]  # the one global flag besides --help/--version
    if rest and (rest[0] in ("-h", "--help", "--version") or not rest[0].startswith("-")):
        return argv  # a command (or a typo of one, which argparse names), or help
    return ["render", *argv]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit code.

    0 ok, 1 a failure while working, 2 a mistake in the input (nothing was done),
    130 Ctrl-C (SIGINT), 143 SIGTERM. Interrupted or failed writes leave no file behind.
    """
    own_process = argv is None  # `gdviz ...` itself, not a caller that goes on afterwards
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv  # known before parsing, so even a parse error can show its traceback
    try:
        with warnings.catch_warnings(), interrupts.handled(restore=not own_process):
            try:
                warnings.showwarning = _show_warning  # type: ignore[assignment]
                warnings.simplefilter("always", GdvizWarning)
                args = build_parser().parse_args(_with_command(argv))
                debug = debug or bool(getattr(args, "debug", False))
                handler = {"render": _cmd_render, "train": _cmd_train, "gallery": _cmd_gallery}[args.command]
                code = handler(args)
                interrupts.check()  # a signal that came after the last checkpoint but before the work was done
                return code
            except BaseException:
                # A recorded signal wins over whatever error followed it (an encoder that
                # died of the same Ctrl-C, say): decided here, while the handlers still record.
                signum = interrupts.pending()
                if signum is None:
                    raise
                if debug:
                    traceback.print_exc()
                print(_interrupted_line(signum), file=sys.stderr)
                return interrupts.exit_code(signum)
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    except GdvizError as exc:
        if debug:
            traceback.print_exc()
        print(f"gdviz: error: {_cli_words(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # raised by hand, not by a signal (e.g. from a test)
        if debug:
            traceback.print_exc()
        print(_interrupted_line(signal.SIGINT), file=sys.stderr)
        return 130
    except Exception as exc:  # a failure while working, not the user's mistake
        if debug:
            traceback.print_exc()
        print(f"gdviz: error: rendering failed: {exc} (run again with --debug for the details).", file=sys.stderr)
        return 1


def _interrupted_line(signum: int) -> str:
    """The last line after Ctrl-C or SIGTERM: what was written, which is usually nothing."""
    what = "interrupted" if signum == signal.SIGINT else "terminated"
    done = interrupts.committed()
    if not done:
        return f"gdviz: {what}; nothing was written."
    return f"gdviz: {what} after writing {', '.join(map(str, done))}; nothing else was written."


_original_showwarning = warnings.showwarning


def _show_warning(message, category, filename, lineno, file=None, line=None):
    if issubclass(category, GdvizWarning):
        print(f"gdviz: warning: {message}", file=sys.stderr)
    else:
        _original_showwarning(message, category, filename, lineno, file, line)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
