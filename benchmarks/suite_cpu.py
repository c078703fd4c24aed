"""Where a test run's CPU goes, by kind of process, against a baseline revision.

The suite is CPU-bound on a 2-core machine (both cores 87-92 % busy in a
full run), and this machine's speed drifts by about 10 % from one hour to
the next: a full run's wall clock cannot show a change of a few per cent.
This runs the same pytest arguments for the code of a baseline revision
(in a temporary git worktree, with this venv) and for this checkout,
alternating ``--repeat`` times, so both see the same drift, and prints
for each the wall clock, the machine's busy CPU seconds (``/proc/stat``)
and the CPU seconds of each kind of process (sampled from ``/proc`` twice a
second; a process living less than half a second may be missed), with the
ratios this / baseline. Linux only.

    .venv/bin/python benchmarks/suite_cpu.py --baseline REV [--repeat 2] -- tests/api -n 2

Run it with nothing else on the machine: its figures are the machine's.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# pytest-xdist's workers are started as execnet's bootstrap, `python -c "...exec(eval(...`.
KINDS = (("java", "DynamoDB Local"), ("chrom", "Chromium"), ("tandem serve", "tandem serve"),
         ("node", "node"), ("zappa", "Zappa"), ("exec(eval(sys.stdin", "pytest (workers)"),
         ("pytest", "pytest"), ("python", "other Python"))
HZ = os.sysconf("SC_CLK_TCK")
INSTALLED = ("functions/local/oidc/node_modules",)


def kind(cmdline: str) -> str:
    return next((name for key, name in KINDS if key in cmdline), "other")


def busy_seconds() -> float:
    """CPU seconds the machine has spent busy since boot (all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / HZ  # less idle and iowait


class Sampler(threading.Thread):
    """CPU seconds used since it started, by kind of process."""

    def __init__(self):
        super().__init__(daemon=True)
        self.seen: dict[str, list] = {}  # "pid-start" -> [kind, seconds at first sight, last]
        self.stopping = threading.Event()
        self.counting = False  # the first sample: what runs already counts from its present use

    def sample(self) -> None:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
                    errors="replace")
            except OSError:
                continue
            used = (int(stat[11]) + int(stat[12])) / HZ
            key = f"{pid}-{stat[19]}"
            if key not in self.seen:  # a process already running counts from now
                self.seen[key] = [kind(cmdline), used if not self.counting else 0.0, used]
            elif cmdline.strip():  # an exited process keeps its kind, not its empty cmdline
                self.seen[key][2] = used

    def run(self) -> None:
        self.sample()
        self.counting = True
        while not self.stopping.wait(0.5):
            self.sample()

    def by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for name, first, last in self.seen.values():
            totals[name] += last - first
        return dict(totals)


def measure(label: str, cwd: Path, pytest_args: list[str]) -> dict:
    env = dict(os.environ, PYTHONPATH=str(cwd))  # the worktree's `functions`, also in subprocesses
    sampler = Sampler()
    sampler.start()
    busy, began = busy_seconds(), time.monotonic()
    done = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args],
                          cwd=cwd, env=env, capture_output=True, text=True)
    wall, cpu = time.monotonic() - began, busy_seconds() - busy
    sampler.stopping.set()
    sampler.join()
    last = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"{label}: {wall:.1f} s wall, {cpu:.0f} CPU-s busy; {last}", flush=True)
    return {"wall": wall, "cpu": cpu, **sampler.by_kind(), "ok": done.returncode == 0}


def report(results: dict[str, list[dict]]) -> None:
    names = ["wall", "cpu"] + sorted({k for runs in results.values() for r in runs for k in r}
                                     - {"wall", "cpu", "ok"})
    median = {label: {n: statistics.median(r.get(n, 0.0) for r in runs) for n in names}
              for label, runs in results.items()}
    labels = list(results)
    print(f"\n{'median of runs':<16}" + "".join(f"{label:>16}" for label in labels)
          + ("   this / baseline" if len(labels) == 2 else ""))
    for n in names:
        row = f"{n:<16}" + "".join(f"{median[label][n]:>16.1f}" for label in labels)
        if len(labels) == 2 and median[labels[0]][n] > 0.5:
            row += f"{median[labels[1]][n] / median[labels[0]][n]:>17.2f}"
        print(row)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", help="git revision to measure as well, alternating")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (default 1)")
    parser.add_argument("pytest_args", nargs="+", help="what pytest runs (after --)")
    args = parser.parse_args()
    if not Path("/proc/stat").exists():
        print("suite_cpu.py reads /proc: it runs on Linux only", file=sys.stderr)
        return 2
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="tandem-suite-cpu-") as tmp:
        trees = [("this checkout", ROOT)]
        if args.baseline:
            worktree = Path(tmp) / "baseline"
            subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.baseline],
                           cwd=ROOT, check=True, capture_output=True)
            # What make installs beside the code and git does not carry: the
            # local OpenID provider's packages (the single sign-on tests).
            for installed in INSTALLED:
                if (ROOT / installed).exists() and not (worktree / installed).exists():
                    (worktree / installed).symlink_to(ROOT / installed)
            trees.insert(0, (f"baseline {args.baseline}", worktree))
        try:
            for _ in range(args.repeat):
                for label, tree in trees:
                    results.setdefault(label, []).append(measure(label, tree, args.pytest_args))
        finally:
            if args.baseline:
                subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT)
    report(results)
    return 0 if all(r["ok"] for runs in results.values() for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
