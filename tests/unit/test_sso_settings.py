"""Single sign-on's settings as `tandem serve` and the functions read them,
the admin claim, and what `tandem serve` says about them at start."""
from __future__ import annotations

import pytest

from functions.auth import oidc
from functions.local.serve import _say_sso
from functions.settings import Settings

FULL = {"TANDEM_OIDC_ISSUER": "https://idp.example.org/realms/staff/",
        "TANDEM_OIDC_CLIENT_ID": "tandem", "TANDEM_OIDC_CLIENT_SECRET": "s3cret",
        "TANDEM_OIDC_ADMIN_CLAIM": "groups=mentoring-admins", "TANDEM_SECRET_KEY": "k"}


def test_the_settings_are_read_from_the_environment():
    s = Settings.from_env(FULL)
    assert s.oidc_issuer == "https://idp.example.org/realms/staff"  # no trailing slash
    assert (s.oidc_client_id, s.oidc_client_secret) == ("tandem", "s3cret")
    assert oidc.admin_claim(s) == ("groups", "mentoring-admins")
    assert s.oidc_name == "your organisation" and s.password_sign_in is True
    assert oidc.enabled(s)


@pytest.mark.parametrize("value, on", [("off", False), ("OFF", False), ("false", False),
                                       ("on", True), ("", True)])
def test_password_sign_in_is_turned_off_only_by_saying_so(value, on):
    assert Settings.from_env({"TANDEM_PASSWORD_SIGN_IN": value}).password_sign_in is on


@pytest.mark.parametrize("issuer, ok", [
    ("https://idp.example.org", True), ("http://127.0.0.1:4000", True),
    ("http://localhost:4000", True), ("http://idp.example.org", False),
    ("ftp://idp.example.org", False)])
def test_plain_http_only_on_loopback(issuer, ok):
    assert oidc.enabled(Settings.from_env({**FULL, "TANDEM_OIDC_ISSUER": issuer})) is ok


def test_sso_is_off_without_client_or_keys():
    assert "CLIENT_SECRET" in oidc.setup_problem(Settings.from_env(
        {**FULL, "TANDEM_OIDC_CLIENT_SECRET": ""}))
    assert "signing keys" in oidc.setup_problem(Settings.from_env(
        {**FULL, "TANDEM_SECRET_KEY": ""}))
    assert "ISSUER" in oidc.setup_problem(Settings())


@pytest.mark.parametrize("claims, carried", [
    ({"groups": ["staff", "mentoring-admins"]}, True), ({"groups": ["staff"]}, False),
    ({"groups": "mentoring-admins"}, True), ({}, False), ({"groups": None}, False),
    ({"groups": ["Mentoring-Admins"]}, False)])
def test_the_admin_claim_is_a_value_or_one_of_a_list(claims, carried):
    assert oidc.carries(claims, ("groups", "mentoring-admins")) is carried


@pytest.mark.parametrize("raw", ["", "groups", "=x", "groups=", "  "])
def test_a_malformed_admin_claim_grants_nobody(raw):
    wanted = oidc.admin_claim(Settings(oidc_admin_claim=raw))
    assert wanted is None and not oidc.carries({"groups": ["x"]}, wanted)


def test_tandem_serve_says_whether_sso_is_on_and_why_not(capsys):
    _say_sso(Settings.from_env(FULL))
    _say_sso(Settings.from_env({**FULL, "TANDEM_OIDC_ISSUER": "http://idp.example.org"}))
    _say_sso(Settings(password_sign_in=False))
    _say_sso(Settings())
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["Single sign-on is on with https://idp.example.org/realms/staff",
                     "Single sign-on is off: TANDEM_OIDC_ISSUER must be an https URL "
                     "(plain http only on loopback)",
                     "TANDEM_PASSWORD_SIGN_IN is off but single sign-on is not set up: "
                     "no admin can sign in."]
