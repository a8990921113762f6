"""Run a command and measure its wall time and the peak memory of its whole process tree.

Why a tree: ``cardmaker build --jobs 2`` forks worker processes, so the memory a machine must
have is the parent plus its workers at the same moment, not the largest single process. The
kernel keeps no such figure, so a sampler thread polls /proc every ~20 ms: it walks the
command's process and all its descendants (/proc/PID/task/TID/children), adds up their
resident set sizes (/proc/PID/statm) and keeps the largest sum seen. Two caveats, both stated in
the report: RSS counts pages shared after fork once per process (an overestimate of what the
tree really uses: the proportional set size, PSS from /proc/PID/smaps_rollup, splits each
shared page among the processes sharing it, and its largest sum is kept too, as ``peak_pss_mb``),
and a spike shorter than the poll interval can be missed. The latter is
bounded from below by the kernel's own peak of the largest single process (``ru_maxrss`` from
``wait4``), so the figure reported is the larger of the two; but only when that peak is above
this process's own size when the command started: Linux records the memory of the process a
command was forked from as the command's peak when it execs (``exec_mmap``), so a benchmark
grown large by an earlier case would otherwise report its own peak for every later command.

Linux only (it reads /proc).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.02
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measured:
    """What one command cost; ``output`` is its stderr (cardmaker's summary, errors)."""

    cmd: list[str]
    seconds: float
    peak_mb: float
    returncode: int
    output: str
    peak_pss_mb: float = 0.0  # the largest sum of proportional set sizes (shared pages split)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def describe_failure(self) -> str:
        tail = "\n".join(self.output.strip().splitlines()[-5:])
        return f"`{' '.join(self.cmd)}` exited with {self.returncode}:\n{tail}"


def _children(pid: int) -> list[int]:
    """Child pids of ``pid``: those of each of its threads (a pool may fork from a helper thread)."""
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            kids += map(int, Path(f"/proc/{pid}/task/{tid}/children").read_text().split())
    except OSError:  # the process (or thread) ended meanwhile
        pass
    return kids


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, summed. Reads only the tree's own
    /proc entries (a few files per process), so polling costs well under 1% of a core."""
    return tree_memory(root)[0]


def tree_memory(root: int, pss: bool = False) -> tuple[int, int]:
    """(resident bytes, proportional bytes) of ``root`` and all its descendants, summed; the
    second is 0 unless ``pss`` (reading smaps_rollup makes the kernel walk the page tables)."""
    total, shared, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        todo += _children(pid)
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
            if pss:
                shared += _pss(pid)
        except (OSError, IndexError, ValueError):
            pass
    return total, shared


def _high_water() -> int:
    """This process's peak resident bytes (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _pss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def run_measured(cmd: list[str], env: dict | None = None) -> Measured:
    """Run ``cmd`` to completion (stdout discarded) while sampling its tree's memory."""
    peak = [0, 0]  # RSS, PSS
    stop = threading.Event()
    err_path = Path(os.environ.get("TMPDIR", "/tmp"), f"bench-stderr-{os.getpid()}.txt")
    own = _high_water()  # this process's peak: a command's recorded peak no larger is only inherited
    with open(err_path, "w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)

        def sample() -> None:
            while not stop.is_set():
                rss, pss = tree_memory(proc.pid, pss=True)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                stop.wait(POLL_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4 (not Popen.wait) also gives the kernel's peak RSS of the largest single process
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
        err.seek(0)
        output = err.read()
    err_path.unlink(missing_ok=True)
    kernel_peak = usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux
    peak_bytes = max(peak[0], kernel_peak if kernel_peak > own else 0)  # not just what exec inherited
    return Measured(cmd, seconds, peak_bytes / 2**20, proc.returncode, output, peak[1] / 2**20)
