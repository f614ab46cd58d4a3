"""The encoder child processes gdviz writes GIF and APNG with.

``python -m gdviz.formats._child KIND OUT WIDTH HEIGHT N_SAMPLE [OPTION]`` reads, on
stdin, N_SAMPLE frames of WIDTH*HEIGHT*4 bytes of RGBA first (a palette's sample; none
for APNG), then for each frame 4 bytes of duration in ticks (little-endian) and its
RGBA bytes, and hands them to the encoder of KIND (``gif`` or ``apng``), which writes
OUT. The file is complete when stdin closes and the process exits 0; on a failure the
last line of stderr says why (the parent quotes it).

The parent holds SIGINT and SIGTERM back while starting this process, so a terminal's
Ctrl-C never reaches it: the parent stops it. This module is not imported by
:mod:`gdviz.formats` (running a module that its package already imported would warn).
"""

from __future__ import annotations

import struct
import sys
from typing import Any, Callable

import numpy as np


def _read_exact(stream, buf: memoryview) -> bool:
    """Fill `buf` from `stream`; False on a clean end of input before the first byte."""
    got = 0
    while got < len(buf):
        n = stream.readinto(buf[got:])
        if not n:
            if got == 0:
                return False
            raise EOFError(f"input ended inside a frame ({got} of {len(buf)} bytes)")
        got += n
    return True


def serve(out: str, width: int, height: int, n_sample: int, make_encoder, stdin=None) -> int:
    """Read frames from `stdin` into ``make_encoder(fh, width, height, sample)``; the exit code."""
    try:
        stdin = stdin if stdin is not None else sys.stdin.buffer
        size = width * height * 4
        sample = []
        for _ in range(n_sample):
            buf = bytearray(size)
            if not _read_exact(stdin, memoryview(buf)):
                raise EOFError("input ended before the sample frames")
            sample.append(np.frombuffer(buf, dtype=np.uint8).reshape(height, width, 4))
        # Two frame buffers in turn: an encoder may compare each frame with the one before.
        buffers = [bytearray(size), bytearray(size)]
        head = bytearray(4)
        with open(out, "wb") as fh:
            encoder = make_encoder(fh, width, height, sample)
            del sample
            k = 0
            while _read_exact(stdin, memoryview(head)):
                buf = buffers[k % 2]
                if not _read_exact(stdin, memoryview(buf)):
                    raise EOFError("input ended after a frame header")
                (ticks,) = struct.unpack("<I", head)
                encoder.add(np.frombuffer(buf, dtype=np.uint8).reshape(height, width, 4), ticks)
                k += 1
            encoder.close()
        return 0
    except KeyboardInterrupt:  # only if started without the parent's held-back signals
        return 130
    except Exception as exc:  # reported by the parent from our stderr
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    kind, out, width, height, n_sample, *rest = args
    make: Callable[..., Any]  # make(fh, width, height, sample) -> encoder
    if kind == "gif":
        from .gif import GifEncoder

        make = GifEncoder
    elif kind == "apng":
        from .apng import ApngEncoder

        transparent = bool(rest and rest[0] == "transparent")

        def make(fh, w, h, sample):
            return ApngEncoder(fh, w, h, transparent=transparent)
    else:
        print(f"ValueError: unknown encoder {kind!r}", file=sys.stderr)
        return 2
    return serve(out, int(width), int(height), int(n_sample), make)


if __name__ == "__main__":
    sys.exit(main())
