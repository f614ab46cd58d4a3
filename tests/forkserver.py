"""Run many ``gdviz`` command lines quickly: one interpreter imports ``gdviz.cli`` once, then
forks a fresh child for each command line, so a case costs a fork instead of an interpreter
start (about 0.6 s each, 145 cases in the bad-input table).

Each child starts exactly as ``python -m gdviz`` would after its imports: it changes into the
case's folder, runs ``gdviz.cli.main(argv)`` with stdin from /dev/null and stdout and stderr
into files, and exits with its return code. What the child imported beyond what the server
had imported is reported, so a test can still check that bad input never loads matplotlib.

Protocol: the server reads one JSON object a line on stdin, ``{"cwd": ..., "argv": [...],
"no_pptx": bool, "env": {...}}``, and answers one JSON line on stdout, ``{"rc", "out", "err",
"imported", "took", "cpu"}`` (cpu: the child's own seconds, user and system). :class:`ForkServer` is the test side.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(job: dict, out_path: str, err_path: str, mods_path: str, baseline: set) -> None:
    """In the forked child: run one command line and exit with its code (never returns)."""
    code = 70
    try:
        signal.alarm(120)  # a case that hangs (reading a FIFO, say) ends instead of hanging the suite
        os.chdir(job["cwd"])
        os.environ.update(job.get("env", {}))
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(out, 1)
        os.dup2(err, 2)
        if job.get("no_pptx"):
            sys.modules["pptx"] = None
        sys.argv = ["gdviz", *job["argv"]]
        from gdviz.cli import main

        try:
            code = main(job["argv"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        code = 0 if code is None else int(code)
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            Path(mods_path).write_text("\n".join(sorted(set(sys.modules) - baseline)))
        finally:
            os._exit(code)


def serve() -> None:
    """The server's loop: import gdviz.cli once, then fork a child per job line."""
    import gdviz.cli  # noqa: F401  imported once, shared by every child

    baseline = set(sys.modules)
    assert "matplotlib" not in baseline, "the server must not import matplotlib"
    scratch = tempfile.mkdtemp(prefix="gdviz-forkserver-")
    for n, line in enumerate(sys.stdin):
        job = json.loads(line)
        paths = [os.path.join(scratch, f"{n}.{kind}") for kind in ("out", "err", "mods")]
        start = time.perf_counter()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(job, *paths, baseline)
        _, status, usage = os.wait4(pid, 0)
        took = time.perf_counter() - start
        read = [Path(p).read_text(errors="replace") if os.path.exists(p) else "" for p in paths]
        answer = {"rc": os.waitstatus_to_exitcode(status), "out": read[0], "err": read[1],
                  "imported": [m for m in read[2].split("\n") if m], "took": took,
                  "cpu": usage.ru_utime + usage.ru_stime}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


class ForkServer:
    """The test side: ``with ForkServer(env) as server: server.run(cwd, argv)``."""

    def __init__(self, env: dict) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env, bufsize=1)

    def run(self, cwd, argv: list, *, no_pptx: bool = False, env: dict | None = None) -> dict:
        job = {"cwd": str(cwd), "argv": [str(a) for a in argv], "no_pptx": no_pptx, "env": env or {}}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fork server stopped")
        return json.loads(line)

    def __enter__(self) -> "ForkServer":
        return self

    def __exit__(self, *exc) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


if __name__ == "__main__":
    serve()
