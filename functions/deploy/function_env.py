"""What the deployed functions are told: the sender, the public URL, the
name of the SSM SecureString that holds the keys signing match links (never
a key itself), and single sign-on's settings with the name of the
SecureString holding its client secret (never the secret). The keys are
made on the first deploy and rotated in place."""
from __future__ import annotations

from botocore.exceptions import ClientError

from functions.deploy.package import FUNCTIONS, DeployError, lambda_name
from functions.settings import Settings
from functions.vocab import signing_keys


def secret_keys_parameter(stage: str) -> str:
    """The SSM parameter (SecureString) holding the stage's signing keys."""
    return f"/tandem/{stage}/secret-keys"


def oidc_secret_parameter(stage: str) -> str:
    """The SSM parameter (SecureString) holding single sign-on's client secret."""
    return f"/tandem/{stage}/oidc-client-secret"


def sso_environment(stage: str, settings: Settings) -> dict[str, str]:
    """Single sign-on's settings as the deployer has them (``TANDEM_OIDC_*``,
    ``TANDEM_PASSWORD_SIGN_IN``), for the functions: everything but the
    client secret, whose parameter's name goes instead."""
    if not settings.oidc_issuer:
        return {} if settings.password_sign_in else {"TANDEM_PASSWORD_SIGN_IN": "off"}
    env = {"TANDEM_OIDC_ISSUER": settings.oidc_issuer,
           "TANDEM_OIDC_CLIENT_ID": settings.oidc_client_id or "",
           "TANDEM_OIDC_CLIENT_SECRET_PARAMETER": oidc_secret_parameter(stage),
           "TANDEM_OIDC_NAME": settings.oidc_name,
           "TANDEM_PASSWORD_SIGN_IN": "on" if settings.password_sign_in else "off"}
    if settings.oidc_admin_claim:
        env["TANDEM_OIDC_ADMIN_CLAIM"] = settings.oidc_admin_claim
    return env


def store_oidc_secret(session, stage: str, secret: str, log=print) -> None:
    """Put single sign-on's client secret in the stage's SecureString
    (replacing an older one); never printed."""
    session.client("ssm").put_parameter(
        Name=oidc_secret_parameter(stage), Type="SecureString", Value=secret, Overwrite=True,
        Description=f"Tandem {stage}: the OpenID Connect client secret (single sign-on)")
    log(f"  {oidc_secret_parameter(stage)}: stored (SecureString)")


def function_environment(stage: str, mail_from: str, public_url: str = "",
                         sso: dict[str, str] | None = None) -> dict[str, str]:
    """The Lambda environment both functions get at deploy (no key or secret in it)."""
    env = {"TANDEM_MAIL_FROM": mail_from, "TANDEM_SECRET_KEYS_PARAMETER":
           secret_keys_parameter(stage), **(sso or {})}
    if public_url:
        env["TANDEM_PUBLIC_URL"] = public_url
    return env


def ensure_secret_keys(session, stage: str, log=print) -> bool:
    """Create the stage's signing keys unless they exist; True if made now.

    One random key in a SecureString (the AWS-managed ``aws/ssm`` key
    encrypts it); an existing parameter is never touched, so a second deploy
    keeps every key and every link sent so far. No key is ever printed.
    """
    name = secret_keys_parameter(stage)
    try:
        session.client("ssm").put_parameter(
            Name=name, Type="SecureString", Value=signing_keys.new_key(), Overwrite=False,
            Description=f"Tandem {stage}: keys that sign links, comma-separated, oldest first")
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ParameterAlreadyExists":
            log(f"  {name}: kept")
            return False
        raise
    log(f"  {name}: created (SecureString)")
    return True


def rotate_secret_keys(session, stage: str, keep: int = 2, log=print) -> tuple[int, int]:
    """Add a new signing key at the end, keeping the newest ``keep`` in all;
    returns (keys now, the parameter's version). The functions are told the
    version, so every container starts afresh and reads the new keys."""
    ssm = session.client("ssm")
    name = secret_keys_parameter(stage)
    try:
        value = ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ParameterNotFound":
            raise DeployError(f"{name} does not exist yet: `tandem deploy {stage}` creates it")
        raise
    keys = signing_keys.rotated([k.strip() for k in value.split(",") if k.strip()], keep)
    version = ssm.put_parameter(Name=name, Type="SecureString", Value=",".join(keys),
                                Overwrite=True)["Version"]
    set_function_environment(session, stage, {"TANDEM_SECRET_KEYS_VERSION": str(version)}, log)
    return len(keys), version


def set_function_environment(session, stage: str, changes: dict[str, str], log=print) -> None:
    """Merge ``changes`` into the Lambda environment of both functions (those
    that exist); a changed configuration makes each start a new container."""
    lam = session.client("lambda")
    for fn in FUNCTIONS:
        name = lambda_name(stage, fn)
        try:
            config = lam.get_function_configuration(FunctionName=name)
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ResourceNotFoundException":
                continue
            raise
        variables = dict((config.get("Environment") or {}).get("Variables") or {})
        if all(variables.get(k) == v for k, v in changes.items()):
            continue
        variables.update(changes)
        lam.get_waiter("function_updated_v2").wait(
            FunctionName=name, WaiterConfig={"Delay": 2, "MaxAttempts": 150})
        lam.update_function_configuration(FunctionName=name, Environment={"Variables": variables})
        log(f"  {name}: {', '.join(sorted(changes))} set")
