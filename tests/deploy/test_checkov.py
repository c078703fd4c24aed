"""The infrastructure scan: checkov finds nothing in infra/ that is neither
fixed nor accepted in place with its reason. It runs from its own venv
(`make checkov`, part of `make test`), offline (--skip-download)."""
from __future__ import annotations

import json
import subprocess

from tests.servers import ROOT

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


def test_checkov_finds_nothing_unaccepted_in_infra():
    assert CHECKOV.exists(), "checkov is installed by `make checkov` (part of `make test`)"
    out = subprocess.run([str(CHECKOV), "-d", str(ROOT / "infra"), "--framework",
                          "cloudformation", "--output", "json", "--skip-download"],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(out.stdout)
    results = report["results"]
    failed = [f"{c['check_id']} {c['resource']} ({c['file_path']})"
              for c in results["failed_checks"]]
    assert not failed, "checkov findings to fix or accept with a reason:\n" + "\n".join(failed)
    assert report["summary"]["passed"] >= 40  # it really read the templates
    assert report["summary"]["parsing_errors"] == 0
    # Every accepted finding says why, in the template beside the resource.
    for skipped in results["skipped_checks"]:
        assert len(skipped["check_result"].get("suppress_comment", "")) > 40, skipped["check_id"]
