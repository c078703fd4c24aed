"""`tandem deploy STAGE`, `tandem undeploy STAGE` and `tandem roles STAGE`.

Every check that needs no AWS call runs first (stage, credentials, python3.12,
cfn-lint), so bad input stops before anything changes, with one line (exit 2).
A failure later, in AWS, prints one line too and exits 1; running the command
again continues (every step is idempotent). ``tandem roles`` is the one step
an administrator runs: it makes the function roles the deployer cannot.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from functions.errors import UsageError


def _aws_errors() -> tuple[type[Exception], ...]:
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    from functions.deploy.package import DeployError
    return (DeployError, BotoCoreError, ClientError, ResponseParserError)


def _failed(exc: Exception) -> int:
    """One line for a failure inside AWS; exit status 1 (the input was fine)."""
    message = " ".join(str(exc).split())
    print(f"tandem: error: {message[:400]} (run the command again once fixed: "
          "every step is idempotent)", file=sys.stderr)
    return 1


def register(sub) -> None:
    p = sub.add_parser("deploy", help="deploy a stage to AWS: tables, functions, site")
    p.add_argument("stage", help="a stage of zappa_settings.json (dev, prod)")
    _common(p)
    p.add_argument("--domain", default="", help="custom domain for the site (needs --certificate-arn)")
    p.add_argument("--certificate-arn", default="", help="ACM certificate (us-east-1) for --domain")
    p.add_argument("--mail-from", default="", metavar="ADDRESS",
                   help="sender of the portal's e-mail, an SES-verified identity (required)")
    p.set_defaults(func=cmd_deploy)

    u = sub.add_parser("undeploy", help="remove a stage's functions and site (tables stay)")
    u.add_argument("stage")
    _common(u)
    u.add_argument("--delete-tables", action="store_true",
                   help="delete the stage's DynamoDB tables too (their data is lost)")
    u.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    u.set_defaults(func=cmd_undeploy)

    r = sub.add_parser("roles", help="create or update a stage's function roles "
                       "(an administrator's step: needs IAM rights)")
    r.add_argument("stage", help="a stage of zappa_settings.json (dev, prod)")
    r.add_argument("--infra", default=None, help=argparse.SUPPRESS)
    r.set_defaults(func=cmd_roles)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--python", default=None, metavar="PATH",
                   help="python3.12 for the lean venv (default: $TANDEM_PYTHON312, pyenv, PATH)")
    p.add_argument("--infra", default=None, help=argparse.SUPPRESS)


def _infra(args) -> Path:
    from functions.deploy.package import INFRA
    return Path(args.infra) if args.infra else INFRA


def _check_stage_and_credentials(args) -> None:
    from functions.deploy import package   # here, not at the top: `tandem match` never needs it
    known = package.stages()
    if args.stage not in known:
        raise UsageError(f"unknown stage {args.stage!r}: choose one of {', '.join(known)} "
                         "(stages with _api and _matcher in zappa_settings.json)")
    import boto3
    if boto3.Session().get_credentials() is None:
        raise UsageError("no AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and "
                         "AWS_SECRET_ACCESS_KEY), then run again")


def preflight(args) -> str:
    """The checks that need no AWS call; returns the python3.12 to use."""
    from functions.deploy import package
    from functions.settings import Settings
    _check_stage_and_credentials(args)
    if getattr(args, "domain", "") and not getattr(args, "certificate_arn", ""):
        raise UsageError("--domain needs --certificate-arn (an ACM certificate in us-east-1)")
    if hasattr(args, "mail_from"):
        check_mail_from(args.mail_from)
    settings = Settings.from_env()
    try:
        python = package.find_python312(args.python or settings.python312, settings.pyenv_root)
        package.lint(_infra(args))
    except package.DeployError as exc:
        raise UsageError(str(exc)) from None
    return python


def check_mail_from(value: str) -> None:
    """``--mail-from`` is given and is one address (``a@b.org`` or ``Name <a@b.org>``)."""
    from email.utils import parseaddr
    if not value.strip():
        raise UsageError("--mail-from is required: the sender of sign-in links, invitations and "
                         "match e-mails, an identity verified in Amazon SES (docs/deploy.md)")
    address = parseaddr(value)[1]
    local, _, domain = address.rpartition("@")
    if not local or "." not in domain or any(c in value for c in "\r\n,"):
        raise UsageError(f"--mail-from {value!r} is not one e-mail address "
                         "(e.g. mentoring@example.org or 'Tandem <mentoring@example.org>')")


def cmd_rotate_stage_keys(args) -> int:
    """`tandem secret-keys rotate --stage STAGE`: a new key in the stage's parameter."""
    from functions.deploy import aws, function_env
    from functions.deploy.package import DeployError
    _check_stage_and_credentials(args)
    try:
        session, _ = aws.aws_session(args.stage)
        count, version = function_env.rotate_secret_keys(session, args.stage, args.keep)
    except DeployError as exc:
        raise UsageError(str(exc)) from None
    except _aws_errors() as exc:
        return _failed(exc)
    print(f"A new key signs links of {args.stage} from the functions' next start (version "
          f"{version} of {function_env.secret_keys_parameter(args.stage)}); {count - 1} older key(s) "
          "kept, so their links still open.")
    return 0


def cmd_roles(args) -> int:
    from functions.deploy import aws, package
    _check_stage_and_credentials(args)
    try:
        package.lint(_infra(args))
    except package.DeployError as exc:
        raise UsageError(str(exc)) from None
    try:
        session, account = aws.aws_session(args.stage)
        outputs = aws.deploy_roles(session, args.stage, _infra(args))
    except _aws_errors() as exc:
        return _failed(exc)
    print(f"function roles of {args.stage} ready in account {account}: "
          + ", ".join(outputs[k] for k in sorted(outputs)))
    return 0


def cmd_deploy(args) -> int:
    python = preflight(args)
    from functions.deploy import aws
    try:
        from functions.settings import Settings
        url = aws.deploy(args.stage, python, args.domain, args.certificate_arn, _infra(args),
                         mail_from=args.mail_from.strip(), settings=Settings.from_env())
    except _aws_errors() as exc:
        return _failed(exc)
    print(f"Tandem {args.stage} is at {url}")
    return 0


def cmd_undeploy(args) -> int:
    python = preflight(args)
    if not args.yes:
        what = "functions, site and TABLES" if args.delete_tables else "functions and site"
        if not sys.stdin.isatty():
            raise UsageError(f"undeploy removes the {what} of {args.stage}: pass --yes to confirm")
        if input(f"Remove the {what} of {args.stage}? Type the stage name: ").strip() != args.stage:
            raise UsageError("not confirmed; nothing was removed")
    from functions.deploy import aws
    try:
        aws.undeploy(args.stage, python, args.delete_tables)
    except _aws_errors() as exc:
        return _failed(exc)
    print(f"Tandem {args.stage} removed" + (" with its tables" if args.delete_tables else
                                            " (tables kept)"))
    return 0
