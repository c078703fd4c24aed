"""`tandem tables create` is idempotent against whatever endpoint the settings name."""
from moto import mock_aws

from functions import models
from functions.cli import main


def test_tables_create_twice(capsys):
    with mock_aws():
        assert main(["tables", "create"]) == 0
        assert "(6 created)" in capsys.readouterr().out
        assert main(["tables", "create"]) == 0
        assert "(0 created)" in capsys.readouterr().out
        names = models.Participant._get_connection().connection.list_tables()["TableNames"]
        assert {"tandem-local-participants", "tandem-local-admin-sessions"} <= set(names)


def test_admin_create_for_a_deployed_stage_writes_to_that_stages_tables(monkeypatch, capsys):
    import io

    from functions.settings import Settings
    with mock_aws():
        models.create_tables(Settings(stage="dev", table_prefix="tandem-dev-"))
        monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-password\n"))
        assert main(["admin", "create", "Ops@Example.org", "--stage", "dev",
                     "--password-stdin"]) == 0
        assert models.Admin.Meta.table_name == "tandem-dev-admins"
        assert models.Admin.get("ops@example.org").password_hash.startswith("$argon2id$")


def test_admin_create_for_an_unknown_stage_exits_2_before_asking(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", None)  # reading a password would fail loudly
    assert main(["admin", "create", "ops@example.org", "--stage", "staging",
                 "--password-stdin"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["tandem: error: unknown stage 'staging': choose one of dev, prod"]
