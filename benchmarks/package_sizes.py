"""Sizes of the two Lambda packages of a stage, against Lambda's limit.

Builds them offline exactly as ``tandem deploy`` does (lean python3.12 venv,
``zappa package``) and prints zipped and unzipped sizes with the share of
Lambda's 250 MB unzipped limit (the baseline every package is measured
against; the API is also held to 60 MB by the deploy tests).

    .venv/bin/python benchmarks/package_sizes.py [STAGE]
"""
from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from functions.deploy import package as deploy  # noqa: E402
from functions.settings import Settings  # noqa: E402

LAMBDA_UNZIPPED_LIMIT = 262_144_000  # bytes: Lambda's documented 250 MB
MB = 1_000_000


def main() -> int:
    stage = sys.argv[1] if len(sys.argv) > 1 else "dev"
    settings = Settings.from_env()
    venv = deploy.ensure_lean_venv(deploy.find_python312(settings.python312, settings.pyenv_root))
    with tempfile.TemporaryDirectory() as tmp:
        work = deploy.build_dir(Path(tmp) / "build", venv)
        print(f"| {stage} function | zipped MB | unzipped MB | share of Lambda's 250 MB |")
        print("|---|---|---|---|")
        for fn in deploy.FUNCTIONS:
            package = deploy.package(venv, stage, fn, work, Path(tmp) / f"{fn}.zip")
            with zipfile.ZipFile(package) as zf:
                unzipped = sum(info.file_size for info in zf.infolist())
            print(f"| {fn} | {package.stat().st_size / MB:.1f} | {unzipped / MB:.1f} | "
                  f"{unzipped / LAMBDA_UNZIPPED_LIMIT:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
