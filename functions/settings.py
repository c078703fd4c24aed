"""Configuration, read once from the environment into a frozen object.

Nothing else in the package reads ``os.environ``: the environment flows into
``Settings.from_env()`` and from there into ``create_app`` and the jobs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Mapping


@dataclass(frozen=True)
class Settings:
    stage: str = "local"
    table_prefix: str = "tandem-local-"
    region: str = "us-east-1"
    #: DynamoDB endpoint; None means the AWS default for the region.
    dynamodb_endpoint: str | None = None
    #: The access key id a local DynamoDB Local accepts (its data folder's ``store-key``).
    store_key: str | None = None
    #: Keys that sign links, comma-separated, oldest first: the last signs, all verify.
    secret_key: str = ""
    #: SSM parameter (SecureString) holding those keys in the cloud, read once at
    #: cold start by ``resolve_secret_keys`` when ``secret_key`` is empty.
    secret_keys_parameter: str | None = None
    #: Folder of the static site to serve at "/" (local mode only; CloudFront in the cloud).
    site_dir: str | None = None
    #: Folder where local e-mail (.eml) and other local artefacts go.
    data_dir: str | None = None
    session_hours: int = 12
    #: Enrolments taken from one client (IP) per 10 minutes; raise it where
    #: many people enrol from one office address at once.
    enrol_per_client: int = 30
    admin_email: str | None = None
    admin_password: str | None = None
    #: The matcher Lambda that runs matching (None: a worker thread in this process).
    matcher_function: str | None = None
    #: Sender address for e-mail through Amazon SES; None: the local outbox.
    mail_from: str | None = None
    #: The portal's public address, for links in e-mail (None: relative links).
    public_url: str | None = None
    #: Where Amazon DynamoDB Local is installed for local mode (None: ~/.cache/tandem).
    dynamodb_local_home: str | None = None
    #: python3.12 for the deployment's lean venv (None: look in pyenv and PATH).
    python312: str | None = None
    #: pyenv's root, searched for a python3.12 (None: ~/.pyenv).
    pyenv_root: str | None = None
    #: Single sign-on (functions.auth.oidc): the OpenID provider's issuer URL,
    #: the client registered for Tandem, and its secret. In the cloud the
    #: secret comes from the SSM SecureString ``oidc_client_secret_parameter``.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_client_secret_parameter: str | None = None
    #: ``claim=value`` (e.g. ``groups=mentoring-admins``) that makes its bearer an admin.
    oidc_admin_claim: str | None = None
    #: The organisation's name on the buttons: "Sign in with <name>".
    oidc_name: str = "your organisation"
    #: False (``TANDEM_PASSWORD_SIGN_IN=off``): admins sign in only with single sign-on.
    password_sign_in: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        stage = env.get("TANDEM_STAGE", "local")
        return cls(
            stage=stage,
            table_prefix=env.get("TANDEM_TABLE_PREFIX", f"tandem-{stage}-"),
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
            dynamodb_endpoint=env.get("AWS_ENDPOINT_URL_DYNAMODB") or None,
            store_key=env.get("TANDEM_STORE_KEY") or None,
            secret_key=env.get("TANDEM_SECRET_KEY", ""),
            secret_keys_parameter=env.get("TANDEM_SECRET_KEYS_PARAMETER") or None,
            site_dir=env.get("TANDEM_SITE_DIR") or None,
            data_dir=env.get("TANDEM_DATA_DIR") or None,
            session_hours=int(env.get("TANDEM_SESSION_HOURS", "12")),
            enrol_per_client=int(env.get("TANDEM_ENROL_PER_CLIENT", "30")),
            admin_email=env.get("TANDEM_ADMIN_EMAIL") or None,
            admin_password=env.get("TANDEM_ADMIN_PASSWORD") or None,
            matcher_function=env.get("TANDEM_MATCHER_FUNCTION") or None,
            mail_from=env.get("TANDEM_MAIL_FROM") or None,
            public_url=env.get("TANDEM_PUBLIC_URL") or None,
            dynamodb_local_home=env.get("TANDEM_DYNAMODB_LOCAL_HOME") or None,
            python312=env.get("TANDEM_PYTHON312") or None,
            pyenv_root=env.get("PYENV_ROOT") or None,
            oidc_issuer=(env.get("TANDEM_OIDC_ISSUER") or "").rstrip("/") or None,
            oidc_client_id=env.get("TANDEM_OIDC_CLIENT_ID") or None,
            oidc_client_secret=env.get("TANDEM_OIDC_CLIENT_SECRET") or None,
            oidc_client_secret_parameter=env.get("TANDEM_OIDC_CLIENT_SECRET_PARAMETER") or None,
            oidc_admin_claim=env.get("TANDEM_OIDC_ADMIN_CLAIM") or None,
            oidc_name=(env.get("TANDEM_OIDC_NAME") or "").strip() or "your organisation",
            password_sign_in=env.get("TANDEM_PASSWORD_SIGN_IN", "on").strip().lower()
            not in ("off", "false", "0", "no"),
        )

    @property
    def secret_keys(self) -> tuple[str, ...]:
        """The signing keys, oldest first (itsdangerous's order): rotation adds one at the end."""
        return tuple(k.strip() for k in self.secret_key.split(",") if k.strip())

    def with_(self, **changes) -> "Settings":
        """A copy with some fields changed (settings stay immutable)."""
        return replace(self, **changes)


#: Parameter name -> its value, fetched once per process (a Lambda container).
_PARAMETER_CACHE: dict[str, str] = {}


def _parameter(settings: Settings, name: str, ssm=None) -> str:
    if name not in _PARAMETER_CACHE:
        if ssm is None:
            import boto3  # here: local mode and the CLI never need it
            ssm = boto3.client("ssm", region_name=settings.region)
        value = ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
        _PARAMETER_CACHE[name] = value
    return _PARAMETER_CACHE[name]


def resolve_oidc_secret(settings: Settings, ssm=None) -> Settings:
    """``settings`` with the single sign-on client secret read from its SSM
    SecureString (once per process, like the signing keys); a secret given
    directly (``TANDEM_OIDC_CLIENT_SECRET``) wins."""
    name = settings.oidc_client_secret_parameter
    if settings.oidc_client_secret or not name or not settings.oidc_issuer:
        return settings
    return settings.with_(oidc_client_secret=_parameter(settings, name, ssm).strip())


def resolve_secret_keys(settings: Settings, ssm=None) -> Settings:
    """``settings`` with the signing keys read from SSM Parameter Store.

    In the cloud the keys live in the SecureString ``secret_keys_parameter``
    (comma-separated, oldest first), never in the package or the function's
    environment. They are fetched once per process (GetParameter with
    decryption) and cached: a cold start reads them, a rotation reaches a
    container when it next starts. Keys given directly (``TANDEM_SECRET_KEY``)
    win; without a parameter name nothing is fetched.
    """
    name = settings.secret_keys_parameter
    if settings.secret_key or not name:
        return settings
    return settings.with_(secret_key=_parameter(settings, name, ssm))
