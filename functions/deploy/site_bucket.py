"""The site's bucket: the pages uploaded as ``tandem serve`` sends them, and
the bucket emptied (every version) so its stack can be deleted."""
from __future__ import annotations

import json
from pathlib import Path

from botocore.exceptions import ClientError

from functions.deploy.package import ROOT

SITE_DIR = ROOT / "site"


def upload_site(s3, bucket: str, config: dict, site_dir: Path = SITE_DIR) -> int:
    """Mirror ``site_dir`` into the bucket, with ``config.json``; returns the file count.

    Pages are uploaded with their asset URLs versioned (``v/<hash>/…``,
    immutable), exactly as ``tandem serve`` sends them. Earlier versions under
    ``v/`` are kept, so a page still in a browser's or CloudFront's cache can
    load the modules it was written for; other stale keys are removed.
    """
    from functions.local.site_files import VERSIONED, deploy_files
    wanted = deploy_files(site_dir)
    for key, (body, ctype, cache) in wanted.items():
        s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=ctype, CacheControl=cache)
    s3.put_object(Bucket=bucket, Key="config.json", Body=json.dumps(config).encode(),
                  ContentType="application/json", CacheControl="no-cache")
    keep = set(wanted) | {"config.json"}
    stale = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
             for o in page.get("Contents", [])
             if o["Key"] not in keep and not o["Key"].startswith(VERSIONED + "/")]
    for i in range(0, len(stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[i:i + 1000]]})
    return len(keep)


def empty_bucket(s3, bucket: str) -> None:
    """Delete every object, every earlier version and every delete marker:
    the site bucket is versioned, and only an empty one can be deleted."""
    try:
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
            keys = [{"Key": o["Key"], "VersionId": o["VersionId"]}
                    for o in page.get("Versions", []) + page.get("DeleteMarkers", [])]
            if keys:
                s3.delete_objects(Bucket=bucket, Delete={"Objects": keys})
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "NoSuchBucket":
            raise
