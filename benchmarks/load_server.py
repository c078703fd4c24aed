"""`tandem serve` with DynamoDB calls counted: the server process of benchmarks/load.py.

The same ``functions.local.serve.run`` as ``tandem serve``, in a process of
its own (locust's gevent never patches it), with
``functions.local.call_counts`` enabled before the first DynamoDB client is
made. SIGUSR1 writes the counts so far to ``--counts`` with ``.seed`` before
its suffix and zeroes them (the benchmark sends it once its data is stored
and its participants signed in, so the load's figures are the load's); on SIGTERM the server stops as usual and
the counts are written to ``--counts`` as JSON.

    .venv/bin/python benchmarks/load_server.py --port P --data DIR --counts FILE
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--counts", required=True, help="where to write the counts (JSON)")
    args = parser.parse_args()

    from functions.local import call_counts, serve
    counts = Path(args.counts)

    def seeded(*_):
        call_counts.dump(counts.with_suffix(".seed" + counts.suffix))
        call_counts.reset()

    call_counts.enable()
    signal.signal(signal.SIGUSR1, seeded)
    try:
        return serve.run(args.host, args.port, args.data, demo=False)
    finally:
        call_counts.dump(args.counts)


if __name__ == "__main__":
    sys.exit(main())
