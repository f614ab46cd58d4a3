"""The gdviz command line: ``gdviz render``, ``train``, ``compare``, ``explore`` and ``gallery``.

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
from typing import Optional, Sequence, TextIO

from . import interrupts
from .version import __version__
from .drawing.options import MAX_FRAMES, MAX_PIXELS, MAX_SIDE, MIN_SIDE, RESIDUALS
from .drawing.theme import PRESETS
from .errors import GdvizError, GdvizWarning
from .training.optimizers import OPTIMIZERS as _OPTIMIZER_CLASSES, parse_spec
from .training.rates import parse_rate_schedule
from .training.train import MAX_EPOCHS

__all__ = ["main", "build_parser"]

DEFAULT_OUTPUT = "renders/descent.gif"
DEFAULT_FRAMES_DIR = "renders/descent-frames"
COMPARE_OUTPUT = "renders/compare.gif"
COMPARE_FRAMES_DIR = "renders/compare-frames"
COMPARE_DEFAULT = ("gd", "momentum", "adam")
EXPLORE_OUTPUT = "renders/explore.html"
TRAINING_FLAGS = ("data", "x", "y", "missing", "scale", "epochs", "eta", "optimizer", "optimizers", "seed",
                  "schedule", "tune")
MISSING = ("drop", "error")
SCALES = ("auto", "none", "center", "standardize")
OPTIMIZER_NAMES = tuple(_OPTIMIZER_CLASSES)

# Messages from the library name options as Python spells them (`max_frames`); on the
# command line they read better as the flags the user typed (--max-frames).
_FLAG_NAMES = {name: "--" + name.replace("_", "-") for name in
               ("epochs", "eta", "optimizer", "seed", "panels", "fps", "size", "theme", "preset", "max_frames",
                "transparent", "at", "filmstrip", "frames", "rotate", "maths_run", "axes", "captions", "sample")}


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)  # --epoch must not silently mean --epochs
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # one line, exit 2, like every other input error
        raise GdvizError(message[0].upper() + message[1:] + (". " if not message.endswith(".") else " ")
                         + f"See `{self.prog} --help`.")

    def parse_args(self, args=None, namespace=None):  # argparse's, with a word on another command's flag
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            unknown = "unrecognized arguments: " + " ".join(extra)
            hint = _other_commands_flag(getattr(parsed, "command", None), extra)
            if hint:
                raise GdvizError(f"{unknown[0].upper()}{unknown[1:]}; {hint}")
            self.error(unknown)
        return parsed


def _other_commands_flag(command: Optional[str], extra: list) -> Optional[str]:
    """Advice when `extra`, the arguments no flag of `command` took, hold another command's flag.

    --optimizer given to `gdviz compare`, or --optimizers to a command that trains one
    run. A value may follow its flag or be joined to it with "=".
    """
    for i, arg in enumerate(extra):
        flag, joined, value = arg.partition("=")
        if not joined:
            value = extra[i + 1] if i + 1 < len(extra) and not extra[i + 1].startswith("-") else ""
        if command == "compare" and flag == "--optimizer":
            return (f"gdviz compare races a list of optimizers, given with --optimizers (did you mean --optimizers "
                    f"{value or 'A,B'}?).")
        if command in ("render", "train", "explore") and flag == "--optimizers":
            return (f"gdviz {command} trains one optimizer (--optimizer NAME): to race several in one animation, "
                    f"use gdviz compare --optimizers {value or 'A,B'}.")
    return None


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


def _add_training(p: argparse.ArgumentParser, compare: bool = False) -> None:
    g = p.add_argument_group("data (the tutorial's generated points by default)")
    g.add_argument("--data", default=None, metavar="FILE.csv",
                   help="train on two columns of a CSV file (comma, semicolon, tab or pipe separated; header optional)")
    g.add_argument("--x", default=None, metavar="COL",
                   help="the x column of --data: a header name or a 0-based index (default the first numeric column); "
                        "a column of dates, YYYY-MM-DD[ HH:MM[:SS]], is read as decimal years")
    g.add_argument("--y", default=None, metavar="COL",
                   help="the y column of --data: a header name or a 0-based index (default the next numeric column)")
    g.add_argument("--missing", default=None, choices=MISSING, metavar="drop|error",
                   help="a row of --data whose x or y is missing (an empty cell, NA, N/A, NaN, null, None, - or ., "
                        "or a row too short): drop it and say how many were dropped, or stop with an error "
                        "(default drop)")
    g = p.add_argument_group("training (the tutorial's setup by default)")
    g.add_argument("--scale", default=None, choices=None if compare else SCALES, metavar="LIST" if compare else "POLICY",
                   help="train on x as given (none), on centred x, x - mean (center), on standardised x "
                        "(standardize), or standardise only when the problem is ill-conditioned, condition number "
                        "above 100 (auto, the default)" + ("; a comma-separated list races the policies side by "
                                                           "side, one surface each, each at its own auto eta"
                                                           if compare else ""))
    g.add_argument("--epochs", type=int, default=None, metavar="N",
                   help=f"number of gradient-descent epochs, 1 to {MAX_EPOCHS:,} (default 300)")
    if compare:
        g.add_argument("--optimizers", default=None, metavar="LIST",
                       help=f"comma-separated optimizers to race, among {', '.join(OPTIMIZER_NAMES)}, each with "
                            "hyperparameters if you like (momentum:beta=0.5,adam:beta1=0.8) (default "
                            f"{','.join(COMPARE_DEFAULT)}, or gd alone with --eta or several --scale policies)")
        g.add_argument("--eta", default=None, metavar="LIST",
                       help="comma-separated learning rates (numbers > 0 or auto); every optimizer runs at each "
                            "(default: each optimizer's own; auto with --data)")
    else:
        g.add_argument("--eta", type=_eta, default=None, metavar="F",
                       help="learning rate, a finite number > 0, or auto to compute one for the data and the "
                            "optimizer (default: the optimizer's own, 0.001 for gd, the tutorial's; auto with --data)")
        g.add_argument("--optimizer", default=None, metavar="SPEC",
                       help=f"optimizer: {', '.join(OPTIMIZER_NAMES)}; hyperparameters follow the name, as in "
                            "adam:beta1=0.8:beta2=0.99 or sgd:batch_size=10 (default gd)")
    g.add_argument("--schedule", default=None, metavar="SPEC",
                   help="learning-rate schedule over the epochs t, for every optimizer: constant (the default), "
                        "inverse:decay=D (eta/(1+D t)), exp:gamma=G (eta G^t), step:every=K:factor=F "
                        "(eta F^floor(t/K)) or cosine (eta (1+cos(pi t/epochs))/2)")
    g.add_argument("--seed", type=int, default=None, metavar="N",
                   help="seed for the generated data, the initial line and sgd's shuffles, >= 0 (default 0: "
                        "reproducible)")


def _add_drawing(p: argparse.ArgumentParser) -> None:
    from .formats import transparent_keys

    g = p.add_argument_group("drawing")
    g.add_argument("--panels", default="fit,surface,loss", metavar="LIST",
                   help="comma-separated panels among fit, surface, loss, surface3d (the SSE bowl in 3D, "
                        "instead of surface or beside it) and maths (one epoch's arithmetic: forward, error, "
                        "gradients, the optimizer's update) and network (the model as the tutorial's network, one point "
                        "forward, the gradients back) (default fit,surface,loss)")
    g.add_argument("--preset", default="web", choices=tuple(PRESETS), metavar="NAME",
                   help="where the frames are going; sets size, fps, type sizes and line widths together "
                        "(--size and --fps override it; the format stays the extension's): "
                        + "; ".join(f"{name}: {preset.about}" for name, preset in PRESETS.items()).replace("%", "%%")
                        + " (default web)")
    g.add_argument("--fps", type=float, default=None, metavar="N",
                   help="frames per second, 1 to 120 (50 at most for GIF, 60 for WebP and APNG; default the "
                        "preset's, else 20 for GIF, WebP, APNG and --frames, 30 for video: MP4, WebM, MOV, HTML, "
                        "PPTX)")
    g.add_argument("--size", type=_size, default=None, metavar="WxH",
                   help=f"exact frame size in pixels: each side {MIN_SIDE} to {MAX_SIDE}, at most "
                        f"{MAX_PIXELS:,} pixels in all (7680x4320), even numbers for MP4 (default the preset's: "
                        "1280x720 for web)")
    g.add_argument("--theme", default="light", metavar="NAME",
                   help="colours: light, or dark for dark decks (default light)")
    g.add_argument("--max-frames", type=int, default=200, metavar="N",
                   help=f"at most this many distinct frames, 1 to {MAX_FRAMES:,}; long runs are sampled, "
                        "dense where the line moves (default 200)")
    g.add_argument("--transparent", action="store_true",
                   help="transparent background (alpha 0), for a format that keeps alpha: "
                        f"{' '.join(transparent_keys())} (see the table below)")
    g.add_argument("--rotate", action="store_true",
                   help="sway the 3D view's camera 30 degrees to either side and back over the animation "
                        "(needs surface3d in --panels; the view is then redrawn every frame)")
    g.add_argument("--maths-run", default=None, metavar="LABEL",
                   help="the run the maths panel shows, by its label (default the first run)")
    g.add_argument("--sample", type=int, default=None, metavar="I",
                   help="the point (its index in the data, from 0) whose values the network panel follows, "
                        "ringed in the fit panel (needs network in --panels; default the point nearest the "
                        "median x)")
    g.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    g = p.add_argument_group("teaching overlays")
    g.add_argument("--residuals", default="auto", choices=RESIDUALS, metavar="HOW",
                   help="each point's error in the fit panel: off, lines (a segment to the line) or squares "
                        "(side |y - ŷ|, so the SSE is the area shown); at most 300 points, a seeded sample "
                        "(default auto: lines for one run, off when comparing)")
    g.add_argument("--gradient", action=argparse.BooleanOptionalAction, default=True,
                   help="on the surface, the negative gradient at the current point and the step actually "
                        "taken (default on)")
    g.add_argument("--axes", action="store_true",
                   help="the bowl's principal axes through the optimum on the surface, labelled steep and shallow")
    g.add_argument("--reference", action=argparse.BooleanOptionalAction, default=True,
                   help="the least-squares line, faint and dashed, in the fit panel (default on)")


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


def _add_frames(p: argparse.ArgumentParser) -> None:
    p.add_argument("--frames", default=None, choices=("png",), metavar="png",
                   help="write a folder of frames instead: DIR/frame-0000.png, ... one per frame shown at --fps "
                        "(holds repeated), and DIR/animation.tex, the LaTeX beamer line that plays them (also printed)")
    p.add_argument("--captions", action="store_true",
                   help="also write WebVTT captions beside a video (.mp4, .webm, .mov, .html), named after it "
                        "(-o talk.mp4 writes talk.vtt): one cue per phase of each run, with its epochs")
    g = p.add_argument_group("stills (-o ending in .png, .pdf or .svg)")
    g.add_argument("--at", type=int, default=None, metavar="K",
                   help="the epoch a poster shows (default the last)")
    g.add_argument("--filmstrip", type=int, default=None, metavar="N",
                   help="N frames in one image instead: epochs k*(E//N) for E epochs, in ceil(sqrt(N)) columns, each "
                        "captioned with its epoch and SSE, the type sized so that every text prints at 6 pt or more "
                        "on A4 landscape (--filmstrip 15 --panels fit on 300 epochs: the tutorial's stills "
                        "0, 20, ..., 280)")


def _add_debug(p: argparse.ArgumentParser, default) -> None:
    p.add_argument("--debug", action="store_true", default=default, help="show full tracebacks")


def build_parser() -> argparse.ArgumentParser:
    """The parser of the whole command line: the global flags and one sub-parser per command."""
    parser = _Parser(prog="gdviz", description="Animate gradient descent fitting a line: the fit, the SSE surface and the "
                                               "loss curve. `gdviz` alone (or with only render flags) runs `gdviz render`, "
                                               "which writes renders/descent.gif.",
                     epilog="Limits keep every run bounded in time and memory: --epochs up to "
                            f"{MAX_EPOCHS:,}, --max-frames up to {MAX_FRAMES:,}, --size up to 7680x4320.")
    parser.add_argument("--version", action="version", version=f"gdviz {__version__}")
    _add_debug(parser, False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in (_add_render, _add_train, _add_compare, _add_explore, _add_gallery):
        add(sub)
    return parser


def _add_render(sub) -> None:
    r = sub.add_parser("render", help="train (or load a history) and write an animation",
                       description=textwrap.fill(
                           "Write an animation (.gif, .mp4, .webm, .webp, .apng, .mov, .html, .pptx, or a folder of "
                           "PNG frames). Without arguments: the tutorial's run to renders/descent.gif.", 80),
                       epilog=_formats_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="output file; the extension picks the format (table below), e.g. .gif or .mp4; with "
                        f"--frames, a new or empty folder (default {DEFAULT_OUTPUT}, or {DEFAULT_FRAMES_DIR} "
                        "with --frames)")
    _add_frames(r)
    r.add_argument("--history", default=None, metavar="RUN.npz",
                   help="re-render a saved history instead of training (no training flags with it)")
    _add_training(r)
    _add_drawing(r)
    _add_debug(r, argparse.SUPPRESS)  # SUPPRESS: `gdviz --debug render` keeps its True


def _add_train(sub) -> None:
    t = sub.add_parser("train", help="train and save the history (.npz) for later renders",
                       description="Train and save the history to a .npz file for `gdviz render --history`.")
    t.add_argument("-o", "--output", required=True, metavar="RUN.npz", help="where to save the history (.npz)")
    _add_training(t)
    _add_debug(t, argparse.SUPPRESS)


def _add_compare(sub) -> None:
    c = sub.add_parser("compare", help="race several optimizers or learning rates on one data set, in one animation",
                       description="Train several runs on the same data from the same starting line and animate "
                                   "them together: one colour per run in every panel, one clock. Without arguments: "
                                   f"{', '.join(COMPARE_DEFAULT)} on the tutorial's data to {COMPARE_OUTPUT}.")
    c.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="output file; the extension picks the format (see `gdviz render --help`); with --frames, "
                        f"a new or empty folder (default {COMPARE_OUTPUT}, or {COMPARE_FRAMES_DIR} with --frames)")
    _add_frames(c)
    c.add_argument("--history", default=None, metavar="LIST",
                   help="compare saved runs (comma-separated .npz files, trained on the same data) instead of "
                        "training (no training flags with it)")
    c.add_argument("--labels", default=None, metavar="LIST",
                   help="comma-separated names for the runs, one each (default: what tells them apart: the "
                        "optimizer, η, or both)")
    _add_training(c, compare=True)
    c.add_argument("--tune", action="store_true", default=None,
                   help="a fair race: give each optimizer the learning rate (from a logarithmic grid through its "
                        "default) that reaches 1%% of least squares in the fewest epochs from the same start, and "
                        "print it (not with --eta)")
    _add_drawing(c)
    _add_debug(c, argparse.SUPPRESS)


def _add_explore(sub) -> None:
    e = sub.add_parser("explore", help="write an explorable page: drag the start, slide eta, re-run live in a browser",
                       description="Write one self-contained HTML page (no network, opens from a USB stick) that "
                                   "re-runs the descent in the browser from the data's six sums: drag the starting "
                                   "line, slide the learning rate, pick the optimizer, play and scrub. Its default "
                                   "run is the one `gdviz render` makes with the same flags. Without arguments: the "
                                   f"tutorial's data to {EXPLORE_OUTPUT}.")
    e.add_argument("-o", "--output", default=EXPLORE_OUTPUT, metavar="FILE.html",
                   help=f"output file, .html (default {EXPLORE_OUTPUT})")
    e.add_argument("--history", default=None, metavar="RUN.npz",
                   help="explore a saved run's data and settings (trained with a full-batch optimizer; no training "
                        "flags with it)")
    _add_training(e)
    _add_debug(e, argparse.SUPPRESS)


def _add_gallery(sub) -> None:
    g = sub.add_parser("gallery", help="regenerate the example animations in renders/",
                       description="Regenerate the examples the README shows, all but explore.png (a "
                                   "browser's screenshot of explore.html: see the README).")
    g.add_argument("--out-dir", default="renders", metavar="DIR", help="folder to write into (default renders)")
    g.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    _add_debug(g, argparse.SUPPRESS)


def _training(args) -> dict:
    """The keyword arguments for train() the flags ask for; --optimizer's spec is read here and only here."""
    name, hyperparameters = parse_spec("gd" if args.optimizer is None else args.optimizer)
    return {
        "epochs": 300 if args.epochs is None else args.epochs,
        # Real data get a learning rate that suits them; the tutorial keeps the optimizer's own.
        "eta": ("auto" if args.data else None) if args.eta is None else args.eta,
        "optimizer": name,
        "seed": 0 if args.seed is None else args.seed,
        "scale": "auto" if args.scale is None else args.scale,
        "schedule": args.schedule,
        **hyperparameters,
    }


def _drawing(args) -> dict:
    """The Animation options the drawing flags give."""
    return {"panels": args.panels, "fps": args.fps, "size": args.size, "theme": args.theme, "preset": args.preset,
            "max_frames": args.max_frames, "residuals": args.residuals, "gradient": args.gradient,
            "reference": args.reference, "transparent": args.transparent, "rotate": args.rotate, "axes": args.axes,
            "sample": args.sample}


def _load_data(args):
    """The points to train on: --data's columns, or the tutorial's generated points."""
    if not args.data:
        if args.x is not None or args.y is not None:
            flags = " and ".join(f for f, v in (("--x", args.x), ("--y", args.y)) if v is not None)
            raise GdvizError(f"{flags} choose{'s' if ' and ' not in flags else ''} columns of a CSV file; "
                             "add --data FILE.csv, or drop them.")
        if args.missing is not None:
            raise GdvizError("--missing says what to do with the gaps of a CSV file; add --data FILE.csv, or drop it.")
        return None
    from .data.cells import dropped_message
    from .data.csvfile import read_csv

    # read_csv, not load_csv: the dropped rows are said once, here, instead of again as a warning.
    data, dropped = read_csv(args.data, x=args.x, y=args.y, missing=args.missing or "drop")
    years = " in decimal years" if data.x_dates else ""
    said = f"; {dropped_message(len(dropped), dropped)}" if dropped else ""
    print(f"gdviz: read {len(data):,} points from {args.data} (x = {data.x_name}{years}, y = {data.y_name}){said}")
    return data


def _check_training(args) -> None:
    """Validate the training flags (no training yet)."""
    from .training.train import check_training_options

    opts = _training(args)
    check_training_options(opts["epochs"], opts["eta"], opts["optimizer"])
    parse_rate_schedule(opts["schedule"])
    if opts["seed"] < 0:
        raise GdvizError(f"--seed must be a non-negative integer; got {opts['seed']}.")


def _make_history(args):
    from .data.dataset import make_data
    from .training.train import train

    _check_training(args)
    opts = _training(args)
    data = _load_data(args)
    if data is None:
        data = make_data(seed=opts["seed"])
    return train(data, **opts)


def _summary(history) -> list:
    """What `gdviz train` prints: eta and why, scaling, SSE and the gap to least squares, the condition number."""
    from .report import report, summary_lines

    return summary_lines(report(history))


def _cmd_render(args) -> int:
    from .drawing.options import check_drawing_options as check_drawing

    # 1. The flags, cheapest first; nothing is read, created or drawn yet.
    _no_training_with_history(args, "re-renders a saved run")
    panels, fps, size, theme, max_frames = check_drawing(**_drawing(args))
    _check_maths_flag(args, panels)
    if not args.history:
        _check_training(args)
    # 2. The output: a folder, a file in the way, an unwritable place, an unknown format.
    out, fmt = _check_animation_output(args, size, fps, _for_preset(DEFAULT_OUTPUT, args),
                                       _for_preset(DEFAULT_FRAMES_DIR, args))
    # 3. The history file, if any; then the work.
    if args.history:
        from .history import History

        history = History.load(args.history)
    else:
        history = _make_history(args)

    lines = _summary(history)
    first = lines[0].replace("trained", f"{args.history}:", 1) if args.history else lines[0]
    optimizer = history.meta.get("optimizer")
    who = f"{optimizer}, " if optimizer and optimizer != "custom" else ""
    print(f"gdviz: {who}{first}; {lines[-1]}")
    from .drawing.animation import Animation

    return _animate(Animation(history, maths_run=args.maths_run, **_drawing(args)), out, fmt, args)


def _check_maths_flag(args, panels: tuple) -> None:
    """--maths-run without the maths panel: said before any training (its label is checked with the runs)."""
    if args.maths_run is not None and "maths" not in panels:
        raise GdvizError(f"--maths-run chooses the run the maths panel shows, but --panels has no maths "
                         f"({','.join(panels)}): add it (e.g. --panels fit,maths), or drop --maths-run.")


def _no_training_with_history(args, what: str) -> None:
    if args.history:
        given = [f"--{n.replace('_', '-')}" for n in TRAINING_FLAGS if getattr(args, n, None) is not None]
        if given:
            raise GdvizError(f"--history {what}, so {', '.join(given)} cannot change it; "
                             "drop those flags, or train anew without --history.")


def _for_preset(default: str, args) -> str:
    """The default output for the preset: renders/descent.gif for web, renders/descent-slides.gif, ...

    A preset never changes the format (the extension stays): only the name, and only
    when -o is absent.
    """
    if args.preset == "web":
        return default
    path = Path(default)
    stem, ext = (path.stem, path.suffix) if path.suffix else (path.name, "")
    name = f"{stem}-{args.preset}" if not stem.endswith("-frames") else f"{stem[:-7]}-{args.preset}-frames"
    return str(path.with_name(name + ext))


def _check_animation_output(args, size, fps, default: str, default_folder: str) -> tuple:
    """(output path, its format), checked for the format, transparency, optional packages
    and the frame size, creating nothing. Without -o: `default`, or `default_folder` with --frames."""
    from . import formats
    from .files import check_output

    out = Path(args.output or (default_folder if args.frames else default))
    if out.is_dir() and not args.frames:
        check_output(out)  # says "is a folder", which beats "has no extension"
    fmt = formats.find(out, frames=args.frames)
    fmt.check(size=size, fps=fps, transparent=args.transparent)
    fmt.check_still(args.at, args.filmstrip)
    _check_still_range(args)
    if args.captions:
        from .formats.captions import check_captions

        check_captions(fmt, out)
    return fmt.check_output(out), fmt


def _check_still_range(args) -> None:
    """--at and --filmstrip against the epochs asked for (a saved run's are known only once loaded)."""
    if args.at is not None and args.filmstrip is not None:
        raise GdvizError("--at picks one epoch for a poster and --filmstrip several; give one of them.")
    epochs = None if args.history else (300 if args.epochs is None else args.epochs)
    if args.at is not None and (args.at < 0 or (epochs is not None and args.at >= epochs)):
        top = f" to {epochs - 1}" if epochs is not None else " up"
        raise GdvizError(f"--at must be an epoch from 0{top}; got {args.at}.")
    if args.filmstrip is not None:
        from .formats.still import MAX_TILES

        most = MAX_TILES if epochs is None else min(MAX_TILES, epochs)
        if not 1 <= args.filmstrip <= most:
            raise GdvizError(f"--filmstrip must be a whole number of tiles from 1 to {most} (at most one per epoch "
                             f"and {MAX_TILES} in all); got {args.filmstrip}.")


def _animate(anim, out: Path, fmt, args) -> int:
    """Write `anim` to `out` as the command's last output, and say what was written."""
    if args.at is not None and args.at > anim.last_epoch:  # a saved run's epochs are known once it is loaded
        raise GdvizError(f"--at must be an epoch from 0 to {anim.last_epoch}; got {args.at}.")
    start = time.perf_counter()
    with interrupts.last_output():
        path = anim.save(out, frames=args.frames, progress=None if not args.no_progress else False, at=args.at,
                         filmstrip=args.filmstrip, captions=args.captions)
    took = time.perf_counter() - start
    _say_written(anim, path, fmt, args, took)
    if args.captions:
        from .formats.captions import captions_path

        cues = anim.captions(anim.fps or fmt.writer.default_fps).count(" --> ")
        print(f"gdviz: wrote {captions_path(path)} ({cues} {_noun(cues, 'caption')}, WebVTT)")
    return 0


def _say_written(anim, path: Path, fmt, args, took: float) -> None:
    """Say what was written: the frames of a folder (and its beamer line), a still, or an animation."""
    if fmt.folder:
        from .formats.frames import TEX_NAME

        files = sorted(path.iterdir())
        kib = sum(p.stat().st_size for p in files) / 1024
        count = len(files) - 1  # the frames, and animation.tex
        print(f"gdviz: wrote {count} {_noun(count, 'frame')} and {TEX_NAME} into {path}/ ({len(anim)} distinct, "
              f"{anim.size[0]}x{anim.size[1]}, {kib:,.0f} KiB) in {took:.1f} s; in your beamer slide:")
        print((path / TEX_NAME).read_text(encoding="utf-8"), end="")
        return
    kib = path.stat().st_size / 1024
    w, h = anim.size
    if fmt.still:
        what = f"a filmstrip of {args.filmstrip} {_noun(args.filmstrip, 'frame')} of" if args.filmstrip else \
            f"epoch {anim.last_epoch if args.at is None else args.at},"
        print(f"gdviz: wrote {path} ({what} {w}x{h}, {kib:,.0f} KiB) in {took:.1f} s")
        return
    print(f"gdviz: wrote {path} ({len(anim)} {_noun(len(anim), 'frame')}, {w}x{h}, {kib:,.0f} KiB) in {took:.1f} s")


def _noun(count: int, word: str) -> str:
    """`word` as it follows the number `count`: 1 frame, 2 frames."""
    return word if count == 1 else word + "s"


def _list(text: str, flag: str) -> list:
    """The items of a comma-separated flag value; an empty item is an error."""
    items = [item.strip() for item in text.split(",")]
    if not any(items):
        raise GdvizError(f"{flag} needs at least one item; got {text!r}.")
    if not all(items):
        raise GdvizError(f"{flag} has an empty item in {text!r}; separate the items with single commas.")
    return items


def _compare_grid(args) -> list:
    """(label, train() keywords) for each run `gdviz compare` asks for: every optimizer at every eta.

    No training; every item is checked (names, hyperparameters, values, duplicates, the
    number of runs) so that a mistake costs nothing.
    """
    from .training.train import check_training_options

    scales = _scales(args)
    if args.tune and args.eta is not None:
        raise GdvizError("--tune finds each run's eta, and --eta gives them; give one of them.")
    specs = _list(args.optimizers, "--optimizers") if args.optimizers is not None else \
        (["gd"] if args.eta is not None or len(scales) > 1 else list(COMPARE_DEFAULT))
    etas = [_eta_item(item) for item in _list(args.eta, "--eta")] if args.eta is not None else [None]
    parsed = [parse_spec(spec) for spec in specs]
    count = len(parsed) * len(etas) * len(scales)
    most = 7
    if count > most:
        made = f"{len(parsed)} optimizers x {len(etas)} learning rates make {count}" if len(etas) > 1 and \
            len(parsed) > 1 else f"{count} were asked for"
        raise GdvizError(f"gdviz compare draws at most {most} runs, one colour each; {made}: drop some.")
    seen = set()
    for (name, hyper), spec in zip(parsed, specs):
        for eta in etas:
            key = (name, tuple(sorted(hyper.items())), eta)
            if key in seen:
                twice = f"{spec}" + (f" at eta {eta}" if eta is not None else "")
                raise GdvizError(f"The run list asks for {twice} twice; give each run once.")
            seen.add(key)
    base = _training_defaults(args)
    runs = []
    for (name, hyper), spec in zip(parsed, specs):
        for eta in etas:
            # Several scale policies: each at its own auto eta, so each set of coordinates gets a fair step.
            eta_used = ("auto" if args.data or len(scales) > 1 else None) if eta is None else eta
            check_training_options(base["epochs"], eta_used, name, hyper)
            label = _run_label(name, hyper, eta, len(parsed) > 1, etas)
            for scale in scales:
                named = label if len(scales) == 1 else scale if len(parsed) == 1 and len(etas) == 1 \
                    else f"{label} {scale}"
                runs.append((named, {**base, "scale": scale, "eta": eta_used, "optimizer": name, **hyper}))
    return runs


def _scales(args) -> list:
    """The scale policies `gdviz compare --scale` lists (one or more of SCALES, each once); ["auto"] by default."""
    if args.scale is None:
        return ["auto"]
    scales = [item.lower() for item in _list(args.scale, "--scale")]
    for item in scales:
        if item not in SCALES:
            raise GdvizError(f"--scale items must be among {', '.join(SCALES)}; got {item!r}.")
    if len(set(scales)) != len(scales):
        raise GdvizError(f"--scale names a policy twice in {args.scale!r}; give each once.")
    return scales


def _run_label(name: str, hyper: dict, eta, several_optimizers: bool, etas: list) -> str:
    """What tells a run apart in `gdviz compare`: `adam`, `η=0.003`, or `adam η=0.01` when both vary."""
    from .drawing.labels import eta_text
    from .drawing.tickformat import number

    who = name + "".join(f" {k}={number(v)}" for k, v in hyper.items())
    if len(etas) < 2:
        return who
    rate = "η=auto" if eta in ("auto", None) else eta_text(eta, [e for e in etas if e not in ("auto", None)])
    return f"{who} {rate}" if several_optimizers else rate


def _eta_item(text: str):
    try:
        return _eta(text)
    except argparse.ArgumentTypeError:
        raise GdvizError(f"--eta items must be numbers > 0 or auto; got {text!r}.") from None


def _training_defaults(args) -> dict:
    parse_rate_schedule(args.schedule)  # a bad spec is said before anything is read or trained
    return {"epochs": 300 if args.epochs is None else args.epochs, "seed": 0 if args.seed is None else args.seed,
            "scale": "auto" if args.scale is None else args.scale, "schedule": args.schedule}


def _cmd_compare(args) -> int:
    from .drawing.options import MAX_SURFACES, check_drawing_options as check_drawing, check_runs

    # 1. The flags: the run list, the drawing, the labels; nothing is read or trained yet.
    _no_training_with_history(args, "compares saved runs")
    panels, fps, size, theme, max_frames = check_drawing(**_drawing(args))
    _check_maths_flag(args, panels)
    labels = _list(args.labels, "--labels") if args.labels is not None else None
    grid = None
    if args.history:
        files = _list(args.history, "--history")
        if len(set(files)) != len(files):
            raise GdvizError("--history names a file twice; give each run once.")
        count = len(files)
    else:
        if args.seed is not None and args.seed < 0:
            raise GdvizError(f"--seed must be a non-negative integer; got {args.seed}.")
        grid = _compare_grid(args)
        count = len(grid)
        if "surface3d" in panels and len({opts["scale"] for _, opts in grid}) > 1:
            raise GdvizError("The 3D bowl draws one set of coordinates, and --scale lists several policies: use "
                             "the 2D surface (--panels fit,surface,loss), which draws one bowl per policy side by side.")
    if labels is not None and len(labels) != count:
        raise GdvizError(f"--labels gives {len(labels)} name{'s' if len(labels) != 1 else ''} for {count} "
                         f"run{'s' if count != 1 else ''}; give one per run.")
    # 2. The output.
    out, fmt = _check_animation_output(args, size, fps, _for_preset(COMPARE_OUTPUT, args),
                                       _for_preset(COMPARE_FRAMES_DIR, args))
    # 3. The saved runs, or the data; then the training and the drawing.
    if args.history:
        from .history import History

        runs = [History.load(f) for f in files]
        names = files
    else:
        from .data.dataset import make_data
        from .report import warnings_named
        from .training.train import check_sgd_work, train

        assert grid is not None  # made in step 1 when there is no --history
        data = _load_data(args) or make_data(seed=grid[0][1]["seed"])
        for _, opts in grid:
            if opts["optimizer"] == "sgd":
                check_sgd_work(len(data), opts["epochs"], opts.get("batch_size", 20))
        if args.tune:
            grid = _tuned(grid, data)
        runs, names = [], []
        for label, opts in grid:
            with warnings_named(label):
                runs.append(train(data, **opts))
            names.append(label)
    runs, labels = check_runs(runs, labels if labels is not None else (None if args.history else names),
                              max_surfaces=MAX_SURFACES)
    for label, history in zip(labels, runs):
        line = _summary(history)[0]
        print(f"gdviz: {label}: {line.replace('trained ', '', 1) if not args.history else line.split(': ', 1)[-1]}")
    from .drawing.animation import Animation

    title = None if grid is None else _compare_title(grid, bool(args.tune))  # None: --history
    return _animate(Animation(runs, labels=labels, maths_run=args.maths_run, title=title, **_drawing(args)), out, fmt, args)


def _tuned(grid: list, data) -> list:
    """`grid` with each run's eta tuned on `data` (:func:`gdviz.tune`), each said as it is found."""
    from .drawing.tickformat import number
    from .training.tune import tune

    tuned = []
    for label, opts in grid:
        same = {k: v for k, v in opts.items() if k != "eta"}
        eta = tune(data, **same)
        print(f"gdviz: {label}: tuned η {number(eta, 4)} (the fewest epochs to 1% of least squares)")
        tuned.append((label, {**opts, "eta": eta}))
    return tuned


def _compare_title(grid: list, tuned: bool) -> Optional[str]:
    """The header's word on the learning rates: each tuned, each an optimizer's default, or nothing (as given)."""
    from .drawing.tickformat import number
    from .training import optimizers

    if tuned:
        return "each at its tuned η"
    etas = [opts["eta"] for _, opts in grid]
    if all(e is None for e in etas):
        names = list(dict.fromkeys(opts["optimizer"] for _, opts in grid))
        if len(names) > 4:  # the legend's η column gives the values
            return "each at its optimizer's default η"
        return "each at its default η: " + ", ".join(f"{n} {number(optimizers.get(n).default_eta, 3)}" for n in names)
    if all(e == "auto" for e in etas):
        return "each at its auto η"
    return None


def _cmd_train(args) -> int:
    from .files import check_output

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


def _cmd_explore(args) -> int:
    from .files import check_output
    from .explore import check_page_options, check_page_path

    # 1. The flags; nothing is read or trained yet.
    _no_training_with_history(args, "explores a saved run")
    if not args.history:
        if args.schedule is not None:
            raise GdvizError("The explore page trains at one learning rate per run; drop --schedule, or use "
                             "gdviz render --schedule to see a learning-rate schedule.")
        _check_training(args)
        opts = _training(args)
        check_page_options(opts["epochs"], opts["optimizer"])
    # 2. The output.
    out = Path(args.output)
    if out.is_dir():
        check_output(out, example="explore.html")
    check_page_path(out)
    check_output(out)
    # 3. The saved run or the data; then the page.
    from .explore import explore

    if args.history:
        from .history import History

        page = explore(History.load(args.history), source=Path(args.history).name)
    else:
        data = _load_data(args)
        source = Path(args.data).name if args.data else None
        hyper = parse_spec("gd" if args.optimizer is None else args.optimizer)[1]
        page = explore(data, epochs=opts["epochs"], eta=opts["eta"], optimizer=opts["optimizer"], seed=opts["seed"],
                       scale=opts["scale"], auto_eta=bool(args.data), source=source,
                       origin={"path": args.data, "x": args.x, "y": args.y, "missing": args.missing}, **hyper)
    with interrupts.last_output():
        path = page.save(out)
    d = page.data["default"]
    print(f"gdviz: wrote {path} ({path.stat().st_size / 1024:,.0f} KiB): {page.data['n']:,} points, "
          f"{d['opt']} at eta {d['eta']:.4g} for {d['epochs']:,} {_noun(d['epochs'], 'epoch')}; open it in a browser")
    return 0


def _cmd_gallery(args) -> int:
    from .files import check_output

    out_dir = Path(args.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise GdvizError(f"--out-dir {str(out_dir)!r} is a file, not a folder; choose a folder name.")
    check_output(out_dir / "descent.gif", flag="--out-dir")
    from .gallery import build_gallery

    for path in build_gallery(out_dir, progress=not args.no_progress and None):
        print(f"gdviz: wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    return 0


def _cli_words(message: str, command: Optional[str] = None) -> str:
    """`max_frames` -> --max-frames, for the options the command line has as flags.

    In `gdviz compare` the optimizer is chosen with --optimizers.
    """
    names = {**_FLAG_NAMES, "optimizer": "--optimizers"} if command == "compare" else _FLAG_NAMES
    return re.sub(r"(?:The )?`(\w+)`", lambda m: names.get(m.group(1), m.group(0)), message)


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
    command = None
    try:
        with warnings.catch_warnings(), interrupts.handled(restore=not own_process):
            try:
                warnings.showwarning = _show_warning
                warnings.simplefilter("always", GdvizWarning)
                args = build_parser().parse_args(_with_command(argv))
                debug = debug or bool(getattr(args, "debug", False))
                command = args.command
                handler = {"render": _cmd_render, "train": _cmd_train, "compare": _cmd_compare,
                           "explore": _cmd_explore, "gallery": _cmd_gallery}[command]
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
        print(f"gdviz: error: {_cli_words(str(exc), command)}", file=sys.stderr)
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


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Optional[TextIO] = None, line: Optional[str] = None) -> None:
    if issubclass(category, GdvizWarning):
        print(f"gdviz: warning: {message}", file=sys.stderr)
    else:
        _original_showwarning(message, category, filename, lineno, file, line)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
