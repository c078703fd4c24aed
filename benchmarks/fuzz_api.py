"""Fuzz the whole API with schemathesis from its own OpenAPI document, per role.

The Flask app runs in process on Amazon DynamoDB Local (a temporary folder),
seeded like tests/api/test_openapi.py: two published cohorts with matches, an
admin and a participant signed in. Each role (anonymous, participant, admin)
gets about ``--requests / 3`` requests, spread over every operation; half of
an operation's cases use the ids of real objects, half generated ones. Checks:
no 5xx, documented status, content type and response schema
(``tests/api/fuzzing.py``). First, ``--stateful`` sequences per signed-in
role follow the document's OpenAPI links (create a program, then read, edit
and delete it). Prints requests, server errors and schema violations per
role and phase, and each distinct failure once.

    .venv/bin/python benchmarks/fuzz_api.py                  # 20,000 requests
    .venv/bin/python benchmarks/fuzz_api.py --requests 2000 --seed 3
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# No request may reach real AWS (as in tests/conftest.py).
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                  AWS_DEFAULT_REGION="us-east-1")
os.environ.pop("AWS_PROFILE", None)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=20000,
                    help="requests in all, shared by the three roles (default 20000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stateful", type=int, default=200,
                    help="linked sequences per signed-in role, up to 6 calls each (default 200)")
    # The participant last: erasing herself (DELETE /api/me) ends her records.
    ap.add_argument("--roles", default="anonymous,admin,participant")
    args = ap.parse_args()

    from functions import db
    from functions.app import create_app
    from functions.auth import admin as admin_auth, participant as participant_auth
    from functions.local import dynamodb_local
    from functions.settings import Settings
    from tests.api import fuzzing
    from tests.api.participant_helpers import sign_in, world
    from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, post

    with tempfile.TemporaryDirectory() as tmp:
        store = dynamodb_local.start(Path(tmp) / "store")
        try:
            settings = Settings(stage="bench", table_prefix="fuzz-",
                                dynamodb_endpoint=store.endpoint, store_key=store.access_key,
                                secret_key="bench", data_dir=tmp, public_url="http://portal.test")
            db.create_tables(settings)
            app = create_app(settings)
            app.config["TESTING"] = True
            ids = world()
            admin_auth.create_admin(ADMIN_EMAIL, ADMIN_PASSWORD)
            admin = app.test_client()
            post(admin, "/api/admin/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
            maya = sign_in(app, "maya@example.org")
            known = {"cohort_id": "c1", "program_id": "p1", "match_id": f"c1.{ids['maya']}",
                     "participant_id": ids["maya"], "mentee_id": ids["maya"]}
            cookies = {
                "anonymous": None,
                "participant": {participant_auth.COOKIE_NAME: maya.get_cookie(
                    participant_auth.COOKIE_NAME, path="/api/").value},
                "admin": {admin_auth.COOKIE_NAME: admin.get_cookie(
                    admin_auth.COOKIE_NAME, path="/api/").value},
            }
            ops = fuzzing.operations(fuzzing.load(app))
            roles = args.roles.split(",")
            share = -(-args.requests // len(roles))
            print(f"{len(ops)} operations, {share} requests per role, seed {args.seed}")
            total = fuzzing.Tally()
            schema = fuzzing.load(app)
            for role in [r for r in roles if cookies[r]] if args.stateful else []:
                tally, started = fuzzing.Tally(), time.perf_counter()
                fuzzing.fuzz_stateful(schema, tally, cookies=cookies[role],
                                      scenarios=args.stateful)
                print(f"{role + ', linked':20} requests {tally.requests:6} ({tally.linked} "
                      f"along links)  server errors {tally.server_errors:3}  schema violations "
                      f"{tally.violations:3}  ({time.perf_counter() - started:.0f} s)")
                total.add(tally, f"{role}, linked")
            for role in roles:
                tally, started, rounds = fuzzing.Tally(), time.perf_counter(), 0
                # Rounds until the role's share is sent: Hypothesis gives an
                # operation with little to vary (no parameters) fewer cases.
                while tally.requests < share:
                    # Signing out or erasing oneself ends the session: first round only.
                    todo = ops if rounds == 0 else [
                        op for op in ops if (op.method.upper(), op.path) not in fuzzing.ENDS_SESSION]
                    per_op = max(2, -(-(share - tally.requests) // len(todo)))
                    for i, op in enumerate(todo):
                        # Half the cases on real objects, half on generated ids.
                        for half, fixed in ((0, known), (1, None)):
                            fuzzing.fuzz_operation(
                                op, tally, cookies=cookies[role],
                                examples=(per_op + 1 - half) // 2, known=fixed,
                                seed=zlib.crc32(repr((args.seed, role, rounds, i, half)).encode()))
                    rounds += 1
                took = time.perf_counter() - started
                print(f"{role:12} requests {tally.requests:6}  server errors "
                      f"{tally.server_errors:3}  schema violations {tally.violations:3}  "
                      f"({took:.0f} s; statuses {dict(sorted(tally.statuses.items()))})")
                total.add(tally, role)
            print(f"{'all':12} requests {total.requests:6}  server errors "
                  f"{total.server_errors:3}  schema violations {total.violations:3}")
            for text in total.failures.values():
                print("\n" + text)
            return 1 if total.server_errors or total.violations else 0
        finally:
            store.stop()


if __name__ == "__main__":
    sys.exit(main())
