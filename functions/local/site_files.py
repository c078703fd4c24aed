"""The static site as it is served: versioned asset URLs and gzip.

``site/`` has no build step. Its pages refer to assets by absolute path
(``/js/main.js``, ``/css/tandem.css``); when a page is sent, those references
become ``/v/<version>/js/main.js``, where the version is a hash of every
asset's content. Modules import each other by relative path, so a page
loaded under one version pulls the whole module graph from that same
version: a deploy can never mix old and new modules, whatever the caches
hold, and versioned files can be cached for good.

``tandem serve`` uses :func:`page` / :func:`asset` (any ``/v/<version>/``
prefix is served from the current files, so editing a module and reloading
just works); the deploy upload uses :func:`deploy_files`, which writes the
assets under their versioned keys once and keeps older versions for pages
still cached in browsers.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

VERSIONED = "v"
#: Folders whose files are referenced through the versioned prefix.
ASSET_DIRS = ("js", "css")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
_REF = re.compile(r'((?:src|href)=")/(%s)/' % "|".join(ASSET_DIRS))
_VERSION = re.compile(r"^[0-9a-f]{6,64}$")
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
#: Below this many bytes gzip saves less than its headers cost.
MIN_GZIP = 512


def _assets(root: Path) -> list[Path]:
    return sorted(p for d in ASSET_DIRS for p in (root / d).rglob("*") if p.is_file())


@lru_cache(maxsize=8)
def _version_of(root: Path, signature: tuple) -> str:
    digest = hashlib.sha256()
    for path in _assets(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def asset_version(root: str | Path) -> str:
    """A 12-hex-digit hash of every file under js/ and css/.

    Re-hashed only when a file's size or modification time changed, so
    calling it per page request costs a few ``stat`` calls.
    """
    root = Path(root).resolve()
    signature = tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in _assets(root))
    return _version_of(root, signature)


def versioned_html(text: str, version: str) -> str:
    """``src="/js/…"``/``href="/css/…"`` in a page → ``/v/<version>/js/…``."""
    return _REF.sub(rf"\1/{VERSIONED}/{version}/\2/", text)


def split_version(path: str) -> tuple[str | None, str]:
    """``v/<version>/js/x.js`` → (version, ``js/x.js``); any other path → (None, path)."""
    parts = path.split("/", 2)
    if len(parts) == 3 and parts[0] == VERSIONED and _VERSION.match(parts[1]) \
            and parts[2].split("/", 1)[0] in ASSET_DIRS:
        return parts[1], parts[2]
    return None, path


def content_type(name: str) -> str:
    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if ctype == "text/javascript":  # what Python 3.12+ guesses; one spelling everywhere
        ctype = "application/javascript"
    if ctype.startswith("text/") or ctype in ("application/javascript", "image/svg+xml"):
        ctype += "; charset=utf-8"
    return ctype


def compressible(ctype: str, size: int) -> bool:
    return size >= MIN_GZIP and ctype.startswith(_COMPRESSIBLE)


@lru_cache(maxsize=256)
def _gzipped(etag: str, data: bytes) -> bytes:
    # mtime=0: the same bytes every time for the same input.
    return gzip.compress(data, compresslevel=6, mtime=0)


def respond(root: Path, path: str, request):
    """The Flask response for ``GET /<path>`` of the site; raises NotFound."""
    from flask import Response, redirect
    from werkzeug.exceptions import NotFound
    from werkzeug.security import safe_join

    version, rel = split_version(path)
    full = safe_join(str(root), rel) if rel else str(root)
    if full is None:
        raise NotFound()
    full = Path(full)
    if full.is_dir():
        if rel and not rel.endswith("/"):
            return redirect("/" + rel + "/", code=308)
        full = full / "index.html"
    if not full.is_file():
        raise NotFound()
    rel = full.relative_to(root).as_posix()
    if rel.endswith(".html"):
        body, cache = page(root, rel), REVALIDATE
    else:
        body, cache = full.read_bytes(), IMMUTABLE if version else REVALIDATE
    ctype = content_type(full.name)
    etag = hashlib.sha1(body).hexdigest()[:20]
    resp = Response(body, content_type=ctype)
    resp.headers["Vary"] = "Accept-Encoding"
    if compressible(ctype, len(body)) and "gzip" in request.accept_encodings:
        resp.set_data(_gzipped(etag, body))
        resp.headers["Content-Encoding"] = "gzip"
        etag += "-gz"
    resp.headers["Cache-Control"] = cache
    resp.set_etag(etag)
    resp = resp.make_conditional(request)
    # make_conditional dates the response, and so does the HTTP server: one is enough.
    resp.headers.pop("Date", None)
    return resp


def page(root: Path, rel: str) -> bytes:
    """An HTML page with its asset references versioned."""
    text = (root / rel).read_text(encoding="utf-8")
    return versioned_html(text, asset_version(root)).encode("utf-8")


def deploy_files(root: str | Path) -> dict[str, tuple[bytes, str, str]]:
    """What the deploy uploads: ``{key: (body, content type, cache control)}``.

    Pages are rewritten and revalidated on every load; assets go under
    ``v/<version>/`` (immutable) and also at their plain key, for anything
    that links to them directly. Keys under ``v/`` of older versions should
    be kept by the upload (not deleted as stale) for as long as a page may
    sit in a cache.
    """
    root = Path(root).resolve()
    version = asset_version(root)
    files: dict[str, tuple[bytes, str, str]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        rel = path.relative_to(root).as_posix()
        ctype = content_type(path.name)
        if rel.endswith(".html"):
            files[rel] = (page(root, rel), ctype, REVALIDATE)
            continue
        body = path.read_bytes()
        files[rel] = (body, ctype, "public, max-age=300")
        if rel.split("/", 1)[0] in ASSET_DIRS:
            files[f"{VERSIONED}/{version}/{rel}"] = (body, ctype, IMMUTABLE)
    return files


def mount(app, site_dir: str | Path) -> None:
    """Serve the static site at "/" beside the API (local mode; CloudFront
    serves it in the cloud). Registered after the API's routes, which win."""
    from flask import request
    from werkzeug.exceptions import NotFound

    root = Path(site_dir).resolve()

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def site(path: str):
        if path.startswith("api/"):
            raise NotFound()
        return respond(root, path, request)
