"""`tandem match` and `tandem suggest` through functions.cli.main."""
import csv
import json

import pytest

from functions.cli import main

from .conftest import EXAMPLE

PEOPLE = """id,role,capacity,wants,offers,languages,seniority
m1,mentor,2,,python;sql,en,5
m2,mentor,,,go,en;de,2
e1,mentee,,python;go,,en,1
e2,mentee,,sql,,de,1
e3,mentee,,go,,fr,
"""
POLICY = {
    "criteria": [
        {"name": "skills", "type": "overlap", "mentee_field": "wants", "mentor_field": "offers",
         "weight": 3},
        {"name": "language", "type": "share", "field": "languages", "weight": 1,
         "required": True},
        {"name": "level", "type": "gap", "field": "seniority", "target": 2, "weight": 1},
    ],
    "min_score": 10,
}


@pytest.fixture
def files(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE)
    policy = tmp_path / "criteria.json"
    policy.write_text(json.dumps(POLICY))
    cohort = tmp_path / "cohort.json"
    example = json.loads(json.dumps(EXAMPLE))
    example["forbid"], example["require"] = [], []
    cohort.write_text(json.dumps(example))
    return tmp_path


def refused(capsys, argv, out_file=None):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tandem: error: ")
    if out_file is not None:
        assert not out_file.exists()
    return err.strip()


def test_match_json_to_stdout(files, capsys):
    assert main(["match", str(files / "cohort.json")]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["matches"][0]["score"] == 72.5
    assert captured.err.startswith("tandem: matched 1 of 1 mentees, 0 unmatched, mean score 72.50,")
    assert captured.err.count("\n") == 1


def test_match_json_is_byte_identical_without_timing(files, capsys):
    runs = []
    for name in ("a.json", "b.json"):
        assert main(["match", str(files / "cohort.json"), "--no-timing",
                     "-o", str(files / name)]) == 0
        runs.append((files / name).read_bytes())
    assert runs[0] == runs[1]


def test_match_csv_in_json_out(files, capsys):
    out = files / "out.json"
    assert main(["match", str(files / "people.csv"), "--criteria", str(files / "criteria.json"),
                 "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    # e2 shares a language (de) only with m2, whose capacity cell is empty (1),
    # so the only way to match two mentees is e1-m1 (70 points), e2-m2 (30).
    assert [(m["mentee"], m["mentor"], m["score"]) for m in data["matches"]] == [
        ("e1", "m1", 70.0), ("e2", "m2", 30.0)]
    assert data["unmatched"] == [{"mentee": "e3",
                                  "reason": "no mentor shares a language (required)",
                                  "kind": "required"}]
    assert capsys.readouterr().out == ""


def test_match_csv_round_trip(files, capsys):
    out = files / "out.csv"
    assert main(["match", str(files / "people.csv"), "--criteria", str(files / "criteria.json"),
                 "-o", str(out)]) == 0
    with out.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["mentee"] for r in rows] == ["e1", "e2", "e3"]
    assert set(rows[0]) == {"mentee", "mentor", "score", "reason"}
    assert rows[2] == {"mentee": "e3", "mentor": "", "score": "",
                       "reason": "no mentor shares a language (required)"}
    first = rows[0]
    assert first["mentor"] and float(first["score"]) > 0
    assert "skills: shares" in first["reason"]


def test_csv_lists_are_split_only_for_list_criteria(files, capsys):
    (files / "people.csv").write_text("id,role,office,tags\nm1,mentor,A;B,x\ne1,mentee,A;B,x\n")
    (files / "criteria.json").write_text(json.dumps(
        {"criteria": [{"name": "site", "type": "same", "field": "office", "weight": 1}]}))
    assert main(["suggest", str(files / "people.csv"), "--criteria",
                 str(files / "criteria.json"), "--mentee", "e1"]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["reasons"][0]["detail"] == "same office"


def test_suggest_prints_json(files, capsys):
    assert main(["suggest", str(files / "people.csv"), "--criteria",
                 str(files / "criteria.json"), "--mentee", "e1", "-n", "1"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found) == 1 and found[0]["mentor"] == "m1"


def test_pairs_naming_unknown_people_are_refused(tmp_path, capsys):
    path = tmp_path / "example.json"
    path.write_text(json.dumps(EXAMPLE))
    out = tmp_path / "out.json"
    err = refused(capsys, ["match", str(path), "-o", str(out)], out)
    assert err == ('tandem: error: forbid[0] names unknown mentor "m9"; '
                   'require[0] names unknown mentee "e2"')


def test_invalid_json(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{"criteria": [}')
    out = tmp_path / "out.json"
    err = refused(capsys, ["match", str(path), "-o", str(out)], out)
    assert err.startswith(f"tandem: error: {path}: not valid JSON (line 1, column 15: ")


@pytest.mark.parametrize("text, message", [
    ("id,capacity\nm1,2\n", 'missing column "role"'),
    ("id,role\nm1,boss\n", 'line 2: role must be "mentor" or "mentee", got \'boss\''),
    ("id,role,capacity\nm1,mentor,two\n", "line 2: capacity must be a whole number, got 'two'"),
    ("id,role\nm1,mentor,extra\n", "line 2: expected 2 fields, got 3"),
    ('id,role\n"m1"x,mentor\n', "not valid CSV ("),
    ("id,role,seniority\nm1,mentor,high\n", "line 2: seniority must be a number, got 'high'"),
    ("", "not valid CSV (no header row)"),
])
def test_invalid_csv(files, capsys, text, message):
    (files / "people.csv").write_text(text)
    out = files / "out.csv"
    err = refused(capsys, ["match", str(files / "people.csv"), "--criteria",
                           str(files / "criteria.json"), "-o", str(out)], out)
    assert err.startswith(f"tandem: error: {files / 'people.csv'}")
    assert message in err


def test_csv_needs_criteria(files, capsys):
    err = refused(capsys, ["match", str(files / "people.csv")])
    assert err.endswith("a CSV people file needs --criteria criteria.json")


def test_contract_error_exits_2_without_output(files, capsys):
    POLICY["criteria"][2]["target"] = 0
    try:
        (files / "criteria.json").write_text(json.dumps(POLICY))
    finally:
        POLICY["criteria"][2]["target"] = 2
    out = files / "out.json"
    err = refused(capsys, ["match", str(files / "people.csv"), "--criteria",
                           str(files / "criteria.json"), "-o", str(out)], out)
    assert err == 'tandem: error: criterion "level": gap target must not be 0'


def test_missing_file(tmp_path, capsys):
    err = refused(capsys, ["match", str(tmp_path / "nope.json")])
    assert err.endswith("nope.json: No such file or directory")


def test_suggest_unknown_mentee(files, capsys):
    err = refused(capsys, ["suggest", str(files / "cohort.json"), "--mentee", "zz"])
    assert err == 'tandem: error: unknown mentee "zz"'


def test_no_stray_temp_files(files, capsys):
    """The output is written beside OUT and renamed: nothing is left behind,
    whether the rename succeeds or fails."""
    assert main(["match", str(files / "cohort.json"), "-o", str(files / "x.json")]) == 0
    assert json.loads((files / "x.json").read_text())["stats"]["matched"] == 1
    assert not list(files.glob(".tandem-*"))
    capsys.readouterr()
    (files / "taken").mkdir()               # a folder cannot be replaced by a file
    err = refused(capsys, ["match", str(files / "cohort.json"), "-o", str(files / "taken")])
    assert err == f"tandem: error: {files / 'taken'}: Is a directory"
    assert (files / "taken").is_dir() and not list(files.glob(".tandem-*"))


def test_progress_names_the_stage_once_a_run_is_slow(monkeypatch, capsys):
    import threading

    from functions.cli import match as match_cli
    monkeypatch.setattr(match_cli, "PROGRESS_AFTER", 0.0)
    printed = threading.Event()
    real_print = print

    def spy(*args, **kwargs):
        real_print(*args, **kwargs)
        printed.set()

    monkeypatch.setattr("builtins.print", spy)
    progress = match_cli._Progress()
    progress("solving")
    with progress:
        assert printed.wait(5)
    assert "tandem: solving ... " in capsys.readouterr().err


def test_json_text_is_each_row_as_json_dumps_gives_it():
    """Reasons are encoded once per distinct value; the text must not change."""
    from functions.cli.match import json_text
    repeated = {"criterion": "dept", "similarity": 1.0, "points": 10.0, "detail": "différent"}
    data = {"matches": [
        {"mentee": 'e"1', "mentor": "m1", "score": 72.5,
         "reasons": [repeated, dict(repeated, similarity=1)]},     # 1 and 1.0 differ in text
        {"mentee": "e2", "mentor": "m1", "score": 10.0, "reasons": [dict(repeated)]},
        {"mentee": "e3", "mentor": "m2", "score": 0.0,
         "reasons": [dict(repeated, extra=True)]}],
        "unmatched": [{"mentee": "e4", "reason": "2 allowed mentors, all full"}],
        "stats": {"mentees": 4, "seconds": 0.0}}
    text = json_text(data)
    assert json.loads(text) == data
    rows = [line.strip().rstrip(",") for line in text.splitlines()[1:4]]
    assert rows == [json.dumps(x, ensure_ascii=False) for x in data["matches"]]


def test_match_leaves_the_interpreter_as_it_found_it(files, capsys, monkeypatch):
    """A library run inside someone's process: the garbage collector stays on
    and the environment unchanged, during the run and after it."""
    import gc
    import os

    import functions.matching
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    env = dict(os.environ)
    seen = []
    real = functions.matching.match_cohort

    def spy(*args, **kwargs):
        seen.append((gc.isenabled(), dict(os.environ)))
        return real(*args, **kwargs)

    monkeypatch.setattr(functions.matching, "match_cohort", spy)
    gc.enable()
    assert main(["match", str(files / "cohort.json"), "-o", str(files / "x.json")]) == 0
    assert main(["suggest", str(files / "cohort.json"), "--mentee", "e1"]) == 0
    assert seen == [(True, env)]
    assert gc.isenabled() and dict(os.environ) == env
