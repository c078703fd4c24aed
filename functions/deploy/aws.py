"""AWS half of the deployment: stacks, Zappa deploy/update/undeploy, the site.

Order of ``deploy``: the function roles must exist → tables stack → both
functions (deploy, or update when the function exists) → site stack (bucket,
CloudFront; needs the API's domain) → site upload with ``config.json`` →
CloudFront invalidation. Every step is idempotent, so running it again after a
failure carries on where it stopped.

Three stacks per stage: ``tandem-STAGE-roles`` (one IAM role per function,
made by an administrator with ``deploy_roles``: the deploying identity may
pass these roles to Lambda but never change them), ``tandem-STAGE-data``
(tables, DeletionPolicy Retain) and ``tandem-STAGE-site``. ``undeploy``
removes the functions and the site stack; the data stack stays unless
``delete_tables`` is given, and the roles stack is the administrator's.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from functions.deploy.package import (
    FUNCTIONS, INFRA, DeployError, build_dir, ensure_lean_venv, lambda_name,
    run_zappa, stage_setting, zappa_settings, zappa_stage,
)
from functions.deploy.site_bucket import empty_bucket, upload_site
from functions.settings import Settings
from functions.deploy.function_env import (
    ensure_secret_keys, function_environment, set_function_environment, sso_environment,
    store_oidc_secret,
)



def stack_names(stage: str) -> dict[str, str]:
    return {"roles": f"tandem-{stage}-roles", "data": f"tandem-{stage}-data",
            "site": f"tandem-{stage}-site"}


def aws_session(stage: str) -> tuple[boto3.Session, str]:
    """A session in the stage's region and the account id (the first AWS call)."""
    region = stage_setting(zappa_settings(), zappa_stage(stage, "api"), "aws_region", "us-east-1")
    session = boto3.Session(region_name=region)
    try:
        account = session.client("sts").get_caller_identity()["Account"]
    except (ClientError, BotoCoreError) as exc:
        raise DeployError(f"AWS refused the credentials ({exc}): check them, then run again")
    return session, account


# -- CloudFormation --------------------------------------------------------------

def stack_outputs(cfn, name: str) -> dict | None:
    """Outputs of a stack, or None when it does not exist (or is gone)."""
    try:
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    except ClientError as exc:
        if "does not exist" in str(exc):
            return None
        raise
    if stack["StackStatus"] == "DELETE_COMPLETE":
        return None
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def deploy_stack(cfn, name: str, template: Path, params: dict, log=print,
                 capabilities: tuple[str, ...] = ()) -> dict:
    """Create or update a stack (deploy semantics: no change is not an error)."""
    outputs = stack_outputs(cfn, name)
    if outputs is not None and _status(cfn, name) == "ROLLBACK_COMPLETE":
        log(f"  {name}: removing the failed first attempt")
        delete_stack(cfn, name, log)
        outputs = None
    args = dict(StackName=name, TemplateBody=template.read_text(),
                Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()],
                Tags=[{"Key": "app", "Value": "tandem"}], Capabilities=list(capabilities))
    try:
        if outputs is None:
            cfn.create_stack(**args, OnFailure="ROLLBACK")
            waiter = "stack_create_complete"
        else:
            cfn.update_stack(**args)
            waiter = "stack_update_complete"
    except ClientError as exc:
        if "No updates are to be performed" in str(exc):
            log(f"  {name}: up to date")
            return outputs
        raise DeployError(f"stack {name}: {exc.response['Error']['Message']}")
    try:
        cfn.get_waiter(waiter).wait(StackName=name, WaiterConfig={"Delay": 10, "MaxAttempts": 180})
    except Exception:
        raise DeployError(f"stack {name} ended in {_status(cfn, name)}; its events in the "
                          "CloudFormation console say why (a failed update is rolled back)")
    log(f"  {name}: {'created' if outputs is None else 'updated'}")
    return stack_outputs(cfn, name) or {}


def _status(cfn, name: str) -> str:
    return cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]


def delete_stack(cfn, name: str, log=print) -> bool:
    if stack_outputs(cfn, name) is None:
        return False
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(
        StackName=name, WaiterConfig={"Delay": 10, "MaxAttempts": 180})
    log(f"  {name}: deleted")
    return True


# -- functions --------------------------------------------------------------------

def function_exists(lam, name: str) -> bool:
    try:
        lam.get_function(FunctionName=name)
        return True
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ResourceNotFoundException":
            return False
        raise


def api_origin(session: boto3.Session, stage: str) -> tuple[str, str]:
    """Domain and stage path of the REST API Zappa made for ``STAGE_api``."""
    apigw = session.client("apigateway")
    wanted = lambda_name(stage, "api")
    for page in apigw.get_paginator("get_rest_apis").paginate():
        for api in page["items"]:
            if api["name"] == wanted:
                return (f"{api['id']}.execute-api.{session.region_name}.amazonaws.com",
                        "/" + zappa_stage(stage, "api"))
    raise DeployError(f"no API Gateway named {wanted} after deploying it: run `tandem deploy "
                      f"{stage}` again, or check `zappa status {zappa_stage(stage, 'api')}`")


# -- the site -----------------------------------------------------------------------

# -- the two commands -----------------------------------------------------------------

def deploy(stage: str, python: str, domain: str = "", certificate_arn: str = "",
           infra: Path = INFRA, log=print, mail_from: str = "",
           settings: Settings | None = None) -> str:
    """Deploy or update everything of ``stage``; returns the site's URL.
    ``settings``: the deployer's, whose single sign-on settings the
    functions get (its client secret through SSM, ``store_oidc_secret``)."""
    session, account = aws_session(stage)
    venv = ensure_lean_venv(python, log=log)
    log(f"deploying {stage} to account {account}, region {session.region_name}")
    require_roles(session, stage)
    deploy_tables(session, stage, infra, log)
    ensure_secret_keys(session, stage, log)
    # The site's URL is known before its stack is deployed when it has a
    # custom domain or the stack exists already; else it is set afterwards.
    known = (f"https://{domain}" if domain else
             (stack_outputs(session.client("cloudformation"), stack_names(stage)["site"])
              or {}).get("SiteUrl", ""))
    sso = sso_environment(stage, settings or Settings())
    if settings and settings.oidc_issuer and settings.oidc_client_secret:
        store_oidc_secret(session, stage, settings.oidc_client_secret, log)
    deploy_functions(session, account, stage, venv, log,
                     environment=function_environment(stage, mail_from, known, sso))
    url = deploy_site(session, stage, domain, certificate_arn, infra, log)
    if url != known:
        set_function_environment(session, stage, {"TANDEM_PUBLIC_URL": url}, log)
    return url


def deploy_roles(session, stage: str, infra: Path = INFRA, log=print) -> dict:
    """The stage's function roles (``infra/roles.yaml``): needs IAM rights the
    deploying identity lacks, so an administrator runs it (``tandem roles``)."""
    return deploy_stack(session.client("cloudformation"), stack_names(stage)["roles"],
                        infra / "roles.yaml", {"Stage": stage}, log,
                        capabilities=("CAPABILITY_NAMED_IAM",))


def require_roles(session, stage: str) -> dict:
    """The roles stack's outputs, or DeployError saying who must create it."""
    outputs = stack_outputs(session.client("cloudformation"), stack_names(stage)["roles"])
    if not outputs:
        raise DeployError(f"the function roles of {stage} are missing: an administrator runs "
                          f"`tandem roles {stage}` once (see docs/deploy.md), then deploy again")
    return outputs


def deploy_tables(session, stage: str, infra: Path = INFRA, log=print) -> dict:
    cfn = session.client("cloudformation")
    return deploy_stack(cfn, stack_names(stage)["data"], infra / "tables.yaml",
                        {"Stage": stage}, log)


def deploy_functions(session, account: str, stage: str, venv: Path, log=print,
                     environment: dict[str, str] | None = None) -> None:
    """``zappa deploy`` a function the first time, ``zappa update`` afterwards,
    with ``environment`` (``function_environment``) as their Lambda environment."""
    lam = session.client("lambda")
    with tempfile.TemporaryDirectory(prefix="tandem-deploy-") as tmp:
        workdir = build_dir(Path(tmp), venv, s3_bucket=deploy_bucket(stage, account, session),
                            stage=stage, environment=environment)
        for fn in FUNCTIONS:
            action = "update" if function_exists(lam, lambda_name(stage, fn)) else "deploy"
            log(f"  {lambda_name(stage, fn)}: zappa {action}")
            run_zappa(venv, [action, zappa_stage(stage, fn), "--disable_progress"], workdir,
                      f"zappa {action} {zappa_stage(stage, fn)}")


def deploy_site(session, stage: str, domain: str = "", certificate_arn: str = "",
                infra: Path = INFRA, log=print) -> str:
    """The site stack (needs the API's domain), the upload, an invalidation."""
    api_domain, api_path = api_origin(session, stage)
    outputs = deploy_stack(session.client("cloudformation"), stack_names(stage)["site"],
                           infra / "site.yaml", {
                               "Stage": stage, "ApiDomain": api_domain, "ApiOriginPath": api_path,
                               "DomainName": domain, "CertificateArn": certificate_arn}, log)
    count = upload_site(session.client("s3"), outputs["BucketName"], site_config(stage))
    log(f"  site: {count} files in s3://{outputs['BucketName']}")
    session.client("cloudfront").create_invalidation(
        DistributionId=outputs["DistributionId"],
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]},
                           "CallerReference": f"tandem-{time.time():.0f}"})
    return outputs["SiteUrl"]


def site_config(stage: str) -> dict:
    """Runtime configuration the site reads from /config.json."""
    return {"apiBase": "/api", "stage": stage}


def deploy_bucket(stage: str, account: str, session) -> str:
    """Where Zappa uploads the packages (it creates the bucket; undeploy removes it)."""
    return f"tandem-{stage}-zappa-{account}-{session.region_name}"


def undeploy(stage: str, python: str, delete_tables: bool = False, log=print) -> None:
    """Remove the functions and the site stack; the tables too when asked."""
    session, account = aws_session(stage)
    cfn, lam, s3 = (session.client(n) for n in ("cloudformation", "lambda", "s3"))
    names = stack_names(stage)
    present = [fn for fn in FUNCTIONS if function_exists(lam, lambda_name(stage, fn))]
    if present:
        venv = ensure_lean_venv(python, log=log)
        with tempfile.TemporaryDirectory(prefix="tandem-undeploy-") as tmp:
            workdir = build_dir(Path(tmp), venv)
            for fn in present:
                log(f"  {lambda_name(stage, fn)}: zappa undeploy")
                run_zappa(venv, ["undeploy", zappa_stage(stage, fn), "--yes"], workdir,
                          f"zappa undeploy {zappa_stage(stage, fn)}")
    site = stack_outputs(cfn, names["site"])
    if site is not None:
        if site.get("BucketName"):
            empty_bucket(s3, site["BucketName"])
        delete_stack(cfn, names["site"], log)
    bucket = deploy_bucket(stage, account, session)
    empty_bucket(s3, bucket)
    try:
        s3.delete_bucket(Bucket=bucket)
    except ClientError:
        pass  # never made, or not ours to remove
    if delete_tables:
        tables = stack_outputs(cfn, names["data"]) or {}
        delete_stack(cfn, names["data"], log)  # the tables are retained by the stack...
        ddb = session.client("dynamodb")
        for table in sorted(tables.values()):  # ...so they go one by one
            try:
                ddb.delete_table(TableName=table)
                log(f"  table {table}: deleted")
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "ResourceNotFoundException":
                    raise
    else:
        log(f"  {names['data']}: kept (tables stay; --delete-tables removes them)")
