"""Draw peak memory (and time) against cohort size as a small SVG chart.

Usage::

    .venv/bin/python benchmarks/scale.py 10000x3000 20000x6000 30000x9000 \\
        50000x15000 --json runs.jsonl
    .venv/bin/python benchmarks/scale_chart.py runs.jsonl -o docs/scaling-memory.svg

Reads the JSON lines ``scale.py --json`` writes (the last run per size and
engine wins) and plots peak RSS in MB against pairs (mentees x mentors, log
scale), one line per engine label (``--label ENGINE=NAME``). Seconds are left out: on a
shared machine they say more about the load than about the engine. No plotting library: a few lines of SVG.
"""
from __future__ import annotations

import argparse
import json
import math
import sys

W, H, PAD_L, PAD_B, PAD_T, PAD_R = 640, 360, 70, 50, 30, 150
COLOURS = ["#1f6feb", "#d1242f", "#1a7f37", "#8250df"]


def _runs(path, generator="scale"):
    last = {}
    with open(path) as f:
        for line in f:
            run = json.loads(line)
            if run.get("generator", "scale") == generator:
                last[(run.get("engine", ""), run["size"])] = run
    return last


def _pairs(size: str) -> float:
    n, m = (int(x) for x in size.lower().split("x"))
    return n * m


def svg(runs: dict, labels: dict, title: str) -> str:
    engines = list(labels) or list(dict.fromkeys(e for e, _ in runs))
    points = {e: sorted((_pairs(s), r["peak_mb"], r["seconds"], s)
                        for (e2, s), r in runs.items() if e2 == e) for e in engines}
    # Pairs on a log scale (sizes grow by factors), memory on a linear one.
    lo = math.log10(min(p[0] for ps in points.values() for p in ps)) - 0.15
    hi = math.log10(max(p[0] for ps in points.values() for p in ps)) + 0.1
    ymax = 1024 * math.ceil(max(p[1] for ps in points.values() for p in ps) / 1024 + 0.2)
    sx = lambda x: PAD_L + (W - PAD_L - PAD_R) * (math.log10(x) - lo) / (hi - lo)  # noqa: E731
    sy = lambda y: H - PAD_B - (H - PAD_B - PAD_T) * y / ymax      # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="18" text-anchor="middle" font-size="13">{title}</text>',
           f'<line x1="{PAD_L}" y1="{H - PAD_B}" x2="{W - PAD_R}" y2="{H - PAD_B}" stroke="#333"/>',
           f'<line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{H - PAD_B}" stroke="#333"/>',
           f'<text x="{(W - PAD_R + PAD_L) / 2}" y="{H - 12}" text-anchor="middle">'
           'mentees × mentors (by pairs, log scale)</text>',
           f'<text x="16" y="{(H - PAD_B + PAD_T) / 2}" text-anchor="middle" '
           f'transform="rotate(-90 16 {(H - PAD_B + PAD_T) / 2})">peak RSS, GB</text>']
    sizes = {p[3] for ps in points.values() for p in ps}
    for size in sorted(sizes, key=_pairs):         # the measured sizes mark the axis
        n, m = (int(x) // 1000 for x in size.lower().split("x"))
        out.append(f'<text x="{sx(_pairs(size)):.0f}" y="{H - PAD_B + 16}" '
                   f'text-anchor="middle">{n}k×{m}k</text>')
    for gb in range(int(ymax // 1024) + 1):
        y = 1024 * gb
        out.append(f'<text x="{PAD_L - 6}" y="{sy(y) + 4:.0f}" text-anchor="end">'
                   f'{gb}</text>')
        out.append(f'<line x1="{PAD_L}" y1="{sy(y):.0f}" x2="{W - PAD_R}" y2="{sy(y):.0f}" '
                   'stroke="#eee"/>')
    for k, e in enumerate(engines):
        colour, ps = COLOURS[k % len(COLOURS)], points[e]
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y, _, _ in ps)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y, secs, size in ps:
            out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{colour}"/>')
            dy = -6 if k % 2 == 0 else 14       # first engine above its points, next below
            out.append(f'<text x="{sx(x):.1f}" y="{sy(y) + dy:.1f}" fill="{colour}" '
                       f'text-anchor="middle">{y / 1024:.2f}</text>')
        out.append(f'<text x="{W - PAD_R + 10}" y="{PAD_T + 16 * (k + 1)}" fill="{colour}">'
                   f'{labels.get(e, e)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", help="JSON lines from scale.py --json")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--label", action="append", default=[],
                        help="ENGINE=NAME: plot only these engines, with these names")
    parser.add_argument("--title", default="tandem match: peak memory against cohort size")
    args = parser.parse_args(argv)
    labels = dict(x.split("=", 1) for x in args.label)
    with open(args.output, "w") as f:
        f.write(svg(_runs(args.runs), labels, args.title))
    return 0


if __name__ == "__main__":
    sys.exit(main())
