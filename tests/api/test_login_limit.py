"""Sign-in limiting: at most five wrong passwords per e-mail address and 15
minutes, counted before the password is checked, known and unknown alike."""
import threading
from collections import Counter
from datetime import timedelta

import pytest

from functions.auth.admin import WINDOW
from functions.db import login_counters
from functions.db import LoginCounter
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, client_at as from_client, post

WRONG = "wrong-password-123"
UNKNOWN = "nobody@example.org"


def sign_in(client, email=ADMIN_EMAIL, password=WRONG):
    return post(client, "/api/admin/login", {"email": email, "password": password})


@pytest.fixture
def checked(monkeypatch):
    """Passwords actually evaluated (Argon2 runs), across threads."""
    from functions.auth import admin as module  # the ``auth`` fixture takes the plain name
    seen, lock = [], threading.Lock()
    real = module.verify_password

    def counting(password_hash, password):
        with lock:
            seen.append(password)
        return real(password_hash, password)
    monkeypatch.setattr(module, "verify_password", counting)
    return seen


def test_five_wrong_passwords_lock_the_address_even_for_the_right_one(client, auth, checked):
    auth.create()
    assert [sign_in(client).status_code for _ in range(5)] == [401] * 5
    resp = sign_in(client, password=ADMIN_PASSWORD)
    assert resp.status_code == 429
    assert resp.get_json()["message"].endswith("try again in 15 minutes.")
    assert 890 <= int(resp.headers["Retry-After"]) <= 900
    assert "Set-Cookie" not in resp.headers
    assert len(checked) == 5  # the sixth password was never looked at


@pytest.mark.parametrize("email", [ADMIN_EMAIL, UNKNOWN])
def test_forty_concurrent_wrong_passwords_evaluate_five(app, auth, checked, email):
    auth.create()
    start = threading.Barrier(40)
    statuses = []

    def attempt():
        client = app.test_client()
        start.wait()
        statuses.append(sign_in(client, email).status_code)
    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter(statuses) == {401: 5, 429: 35}
    assert len(checked) == 5
    assert sign_in(app.test_client(), email, ADMIN_PASSWORD).status_code == 429


def test_known_and_unknown_addresses_answer_alike(client, auth):
    auth.create()
    answers = {}
    for email in (ADMIN_EMAIL, UNKNOWN):
        replies = [sign_in(client, email) for _ in range(7)]
        answers[email] = [(r.status_code, r.get_json(), "Retry-After" in r.headers)
                          for r in replies]
    assert answers[ADMIN_EMAIL] == answers[UNKNOWN]
    assert [status for status, _, _ in answers[UNKNOWN]] == [401] * 5 + [429] * 2


def test_the_address_is_normalised_before_counting(client, auth):
    auth.create()
    for email in ("Admin@Example.org", " admin@example.org", "ADMIN@EXAMPLE.ORG",
                  "admin@example.org ", "admin@example.ORG"):
        assert sign_in(client, email).status_code == 401
    assert sign_in(client, "admin@Example.org").status_code == 429


def test_a_right_password_gives_its_attempt_back(client, auth, checked):
    auth.create()
    for _ in range(4):
        assert sign_in(client).status_code == 401
    assert sign_in(client, password=ADMIN_PASSWORD).status_code == 200
    # Four wrong ones so far: one more is evaluated, then the limit holds.
    assert sign_in(client).status_code == 401
    assert sign_in(client).status_code == 429
    assert len(checked) == 6


def test_the_limit_lifts_when_the_window_ends(client, auth, monkeypatch):
    auth.create()
    for _ in range(5):
        sign_in(client)
    assert sign_in(client, password=ADMIN_PASSWORD).status_code == 429
    later = login_counters.now() + WINDOW + timedelta(seconds=1)
    monkeypatch.setattr(login_counters, "now", lambda: later)
    assert sign_in(client, password=ADMIN_PASSWORD).status_code == 200
    # A new window with its own five attempts.
    assert [sign_in(client).status_code for _ in range(6)] == [401] * 5 + [429]


def test_counters_keep_no_address_and_expire_with_the_window(client):
    sign_in(client, UNKNOWN)
    counters = list(LoginCounter.scan())
    assert len(counters) == 2  # the address's and the client's
    for counter in counters:
        assert UNKNOWN not in counter.email_hash and "127.0.0.1" not in counter.email_hash
        assert len(counter.email_hash) == 64
        left = counter.window_ends - login_counters.now()
        assert timedelta(minutes=14) < left <= timedelta(minutes=15)
    assert LoginCounter._ttl_attribute().attr_name == "window_ends"


def test_a_strangers_wrong_guesses_do_not_lock_the_admin_out(app, auth, checked):
    """Five wrong guesses from one client lock the address for that client,
    not for the admin at another address who has not failed."""
    auth.create()
    stranger, admin = from_client(app, "203.0.113.9"), from_client(app, "198.51.100.7")
    assert [sign_in(stranger).status_code for _ in range(5)] == [401] * 5
    assert sign_in(stranger, password=ADMIN_PASSWORD).status_code == 429
    assert sign_in(admin, password=ADMIN_PASSWORD).status_code == 200
    # Once she has failed herself in the window, the lock holds for her too.
    other = from_client(app, "198.51.100.8")
    assert sign_in(other).status_code == 401
    refused = sign_in(other, password=ADMIN_PASSWORD)
    assert refused.status_code == 429
    assert refused.get_json()["message"].startswith("Too many sign-in attempts for this e-mail")
    assert len(checked) == 5 + 1 + 1


def test_guesses_from_many_clients_stay_bounded(app, auth, checked, monkeypatch):
    """Past the lock, clients with no failure of their own may try, but only
    LOCKED_ATTEMPTS of them per window: a crowd of addresses cannot guess on."""
    from functions.auth import admin as module
    monkeypatch.setattr(module, "LOCKED_ATTEMPTS", 3)
    auth.create()
    answers = [sign_in(from_client(app, f"203.0.113.{n}")).status_code for n in range(10)]
    assert answers == [401] * (5 + 3) + [429] * 2
    assert len(checked) == 8
    assert sign_in(from_client(app, "198.51.100.7"), password=ADMIN_PASSWORD).status_code == 429


def test_one_client_guessing_across_addresses_is_stopped(app, auth, checked):
    """The per-client limit: wrong passwords for any addresses, one network."""
    from functions.auth.admin import CLIENT_ATTEMPTS
    auth.create()
    guesser = from_client(app, "203.0.113.9")
    answers = [sign_in(guesser, f"user{n}@example.org").status_code
               for n in range(CLIENT_ATTEMPTS + 1)]
    assert answers == [401] * CLIENT_ATTEMPTS + [429]
    refused = sign_in(guesser, password=ADMIN_PASSWORD)
    assert refused.status_code == 429
    assert refused.get_json()["message"].startswith("Too many failed sign-ins from your network")
    assert int(refused.headers["Retry-After"]) > 800
    assert len(checked) == CLIENT_ATTEMPTS
    assert sign_in(from_client(app, "198.51.100.7"), password=ADMIN_PASSWORD).status_code == 200
