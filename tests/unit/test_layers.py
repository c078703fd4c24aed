"""Dependencies point one way: the layers in pyproject.toml hold, and the API
never loads numpy or scipy."""
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                          "print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True,
                         env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin"})
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_api_app_does_not_import_numpy_or_scipy():
    mods = _modules_after("from functions.app import create_app\n"
                          "from functions.settings import Settings\n"
                          "create_app(Settings())")
    assert "flask" in mods
    assert not {"numpy", "scipy"} & mods
    # Cold starts that only read skip validation; the first write loads it.
    assert "pydantic" not in mods


def test_cli_start_is_light():
    mods = _modules_after("import functions.cli; functions.cli.build_parser()")
    assert not {"numpy", "scipy", "moto", "flask"} & mods


def test_tandem_serve_path_loads_no_moto():
    mods = _modules_after("import functions.local.serve, functions.local.dynamodb_local\n"
                          "import functions.cli; functions.cli.build_parser()")
    assert "functions.local.dynamodb_local" in mods
    assert not {m for m in mods if m == "moto" or m.startswith("moto.")}


def test_the_layers_in_pyproject_hold():
    """import-linter's contract: each layer imports only those below it,
    imports inside functions included, with no exception list."""
    done = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 kept, 0 broken" in done.stdout


def test_one_home_for_cohort_creation_and_status_moves():
    """Cohorts are made in one place (a draft) and their status written in one
    (``programs.status_change``, which asks the life cycle): a second writer
    could move a cohort where the life cycle never goes."""
    creators, movers = [], []
    for path in sorted((ROOT / "functions").rglob("*.py")):
        text = path.read_text()
        where = str(path.relative_to(ROOT))
        creators += [where] * len(re.findall(r"\bCohort\(id=[^\n]*\bprogram_id=", text))
        movers += [where] * text.count("Cohort.status.set(")
    assert creators == ["functions/db/program_admin.py"]
    assert movers == ["functions/db/programs.py"]
