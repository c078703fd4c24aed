"""`tandem deploy` stops on bad input before changing anything, with one line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from functions.deploy import package as deploy

TANDEM = str(Path(sys.executable).with_name("tandem"))
FAKE_AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1"}
MAIL_FROM = ("--mail-from", "mentoring@example.org")
BROKEN_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: ON_DEMAND
"""


def tandem(args, tmp_path, env_extra=None, drop=()):
    """Run `tandem` with AWS unreachable: any AWS call would fail differently."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and k not in ("TANDEM_PYTHON312", *drop)}
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env.update(FAKE_AWS, AWS_ENDPOINT_URL="http://127.0.0.1:9", AWS_EC2_METADATA_DISABLED="true",
               AWS_CONFIG_FILE=str(tmp_path / "none"),
               AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"), TMPDIR=str(scratch))
    env.update(env_extra or {})
    for key in drop:
        env.pop(key, None)
    marker = deploy.LEAN_VENV / deploy.MARKER
    before = marker.stat().st_mtime_ns if marker.exists() else None
    out = subprocess.run([TANDEM, *args], env=env, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=120)
    # Nothing was built: no build folder, no package, the lean venv untouched.
    assert not [p.name for p in scratch.iterdir() if p.name.startswith(("tandem-", "zappa"))]
    assert not list(deploy.ROOT.glob("tandem-*.zip"))
    assert (marker.stat().st_mtime_ns if marker.exists() else None) == before
    return out


def one_line_error(out) -> str:
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tandem: error: "), out.stderr
    return lines[0]


def test_unknown_stage(tmp_path):
    line = one_line_error(tandem(["deploy", "staging"], tmp_path))
    assert "unknown stage 'staging'" in line and "dev, prod" in line


def test_no_credentials(tmp_path):
    out = tandem(["deploy", "dev"], tmp_path,
                 drop=("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"))
    assert "no AWS credentials" in one_line_error(out)


@pytest.mark.parametrize("how", ["env", "option"])
def test_python312_missing(tmp_path, how):
    missing = str(tmp_path / "nowhere" / "python3.12")
    if how == "env":
        out = tandem(["deploy", "dev", *MAIL_FROM], tmp_path, {"TANDEM_PYTHON312": missing})
    else:
        out = tandem(["deploy", "dev", *MAIL_FROM, "--python", missing], tmp_path)
    line = one_line_error(out)
    assert "python3.12 not found" in line and missing in line


def test_template_failing_lint(tmp_path):
    infra = tmp_path / "infra"
    infra.mkdir()
    (infra / "tables.yaml").write_text(BROKEN_TEMPLATE)
    line = one_line_error(tandem(["deploy", "dev", *MAIL_FROM, "--infra", str(infra)],
                                       tmp_path))
    assert "cfn-lint" in line and "tables.yaml" in line


def test_domain_without_certificate(tmp_path):
    out = tandem(["deploy", "dev", "--domain", "mentoring.example.org"], tmp_path)
    assert "--certificate-arn" in one_line_error(out)


def test_undeploy_asks_for_confirmation(tmp_path):
    out = tandem(["undeploy", "dev"], tmp_path)
    assert "--yes" in one_line_error(out)


def test_roles_unknown_stage(tmp_path):
    line = one_line_error(tandem(["roles", "staging"], tmp_path))
    assert "unknown stage 'staging'" in line


def test_deploy_needs_a_sender(tmp_path):
    line = one_line_error(tandem(["deploy", "dev"], tmp_path))
    assert "--mail-from is required" in line and "SES" in line


@pytest.mark.parametrize("value", ["mentoring", "a@b, c@d.org", "Tandem <tandem@localhost>"])
def test_deploy_refuses_a_sender_that_is_not_one_address(tmp_path, value):
    line = one_line_error(tandem(["deploy", "dev", "--mail-from", value], tmp_path))
    assert "--mail-from" in line and "not one e-mail address" in line


def test_rotating_a_stages_keys_checks_the_stage_first(tmp_path):
    line = one_line_error(tandem(["secret-keys", "rotate", "--stage", "staging"], tmp_path))
    assert "unknown stage 'staging'" in line
