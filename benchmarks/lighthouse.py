"""Lighthouse scores of every page, desktop and mobile, against a running `tandem serve`.

A benchmark, not a test: the numbers depend on the machine. Usage:

    .venv/bin/tandem serve --port 8000 --data /tmp/tandem-lh --demo &
    .venv/bin/python benchmarks/lighthouse.py http://127.0.0.1:8000 [--runs 3] [--json out.json] \
        [--data /tmp/tandem-lh]

With ``--data`` (the server's data folder) the pair's pages are measured
too: My mentoring signed in and the match page, for a demo mentee whose
journal is first filled to some length (``pair_pages``).

Runs ``npx lighthouse`` (LIGHTHOUSE=path to a lighthouse binary to skip npx;
it is fetched from npm on first use otherwise) with Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium). Prints one line per page and form
factor: the median of the runs for each category, and the performance
metrics behind the score.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS", "speed-index": "SI"}


def pages(base: str) -> dict[str, str]:
    """The pages to measure; the enrolment page for the first open cohort."""
    with urllib.request.urlopen(base + "/api/cohorts", timeout=10) as resp:
        cohorts = json.load(resp)
    if not cohorts:
        sys.exit("no cohort is open for enrolment: start the server with --demo")
    return {"landing": base + "/", "enrolment": f"{base}/enrol.html?cohort={cohorts[0]['id']}",
            "admin sign-in": base + "/admin/"}


def lighthouse_cmd() -> list[str]:
    explicit = os.environ.get("LIGHTHOUSE")
    if explicit:
        return [explicit]
    if not shutil.which("npx"):
        sys.exit("npx is missing: install Node.js (apt-get install nodejs npm) or set LIGHTHOUSE")
    return ["npx", "--yes", "lighthouse@12.8"]


def run_once(url: str, form_factor: str, out: Path, headers: dict | None = None) -> dict:
    cmd = lighthouse_cmd() + [
        url, "--quiet", "--output=json", f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    if headers:  # a signed-in page: her session cookie on every request
        cmd.append(f"--extra-headers={json.dumps(headers)}")
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    for attempt in (1, 2):
        # Lighthouse now and then loses its own trace on a busy machine
        # (NO_NAVSTART, "run Lighthouse again"): a second try, not a failure.
        if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode == 0:
            break
        if attempt == 2:
            sys.exit(f"lighthouse failed twice on {url} ({form_factor})")
    report = json.loads(out.read_text())
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    metrics = {name: report["audits"][audit]["numericValue"] for audit, name in METRICS.items()}
    return {"scores": scores, "metrics": metrics}


def median_of(runs: list[dict]) -> dict:
    return {
        "scores": {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES},
        "metrics": {m: statistics.median(r["metrics"][m] for r in runs) for m in METRICS.values()},
        "performance_runs": [r["scores"]["performance"] for r in runs],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and form factor (median)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--data", type=Path,
                        help="the server's data folder: measure the pair's pages too")
    parser.add_argument("--only", help="measure only the pages whose name has this text")
    args = parser.parse_args(argv)
    base = args.base.rstrip("/")
    results = {}
    measured = {name: (url, None) for name, url in pages(base).items()}
    if args.data:
        from pair_pages import pages as pair_pages  # benchmarks/pair_pages.py
        measured.update(pair_pages(base, args.data))
    with tempfile.TemporaryDirectory() as tmp:
        for name, (url, headers) in measured.items():
            if args.only and args.only not in name:
                continue
            for form_factor in ("desktop", "mobile"):
                runs = [run_once(url, form_factor, Path(tmp) / "report.json", headers)
                        for _ in range(args.runs)]
                result = results[f"{name} / {form_factor}"] = median_of(runs)
                s, m = result["scores"], result["metrics"]
                print(f"{name:14} {form_factor:8} performance {s['performance']:>5} "
                      f"(runs {result['performance_runs']})  accessibility {s['accessibility']:>5}  "
                      f"best practices {s['best-practices']:>5}  SEO {s['seo']:>5}  | "
                      f"FCP {m['FCP']:.0f} ms  LCP {m['LCP']:.0f} ms  TBT {m['TBT']:.0f} ms  "
                      f"CLS {m['CLS']:.3f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
