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
