"""How `tandem serve` sends the site: versioned asset URLs, caching, gzip.
No browser and no database: the Flask app's test client over site/."""
import gzip
import re
from pathlib import Path

import pytest

from functions.local import site_files

SITE = Path(__file__).resolve().parents[2] / "site"


@pytest.fixture
def client():
    from functions.app import create_app
    from functions.settings import Settings
    app = create_app(Settings(stage="test", table_prefix="site-", secret_key="x"))
    site_files.mount(app, SITE)
    return app.test_client()


def test_pages_refer_to_versioned_assets(client):
    version = site_files.asset_version(SITE)
    html = client.get("/").get_data(as_text=True)
    refs = re.findall(r'(?:src|href)="(/(?:v/[^/]+/)?(?:js|css)/[^"]+)"', html)
    assert refs and all(r.startswith(f"/v/{version}/") for r in refs), refs


def test_versioned_assets_are_immutable_and_plain_ones_revalidated(client):
    version = site_files.asset_version(SITE)
    versioned = client.get(f"/v/{version}/js/main.js")
    assert versioned.status_code == 200
    assert versioned.headers["Cache-Control"] == site_files.IMMUTABLE
    assert versioned.headers["Content-Type"].startswith("application/javascript")
    assert versioned.data == (SITE / "js" / "main.js").read_bytes()
    assert client.get("/js/main.js").headers["Cache-Control"] == "no-cache"
    assert client.get("/").headers["Cache-Control"] == "no-cache"


def test_text_is_gzipped_when_asked_and_revalidates(client):
    plain = client.get("/css/tandem.css")
    assert "Content-Encoding" not in plain.headers
    packed = client.get("/css/tandem.css", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    again = client.get("/css/tandem.css", headers={"Accept-Encoding": "gzip",
                                                   "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304


def test_paths_outside_the_site_and_odd_versions_are_not_found(client):
    assert client.get("/../functions/app.py").status_code == 404
    assert client.get("/v/abcdef123456/../functions/app.py").status_code == 404
    assert client.get("/v/not-a-hash/js/main.js").status_code == 404
    assert client.get("/api/nothing-here").status_code == 404
    assert client.get("/admin").status_code == 308
    assert client.get("/admin/").status_code == 200


def test_the_version_follows_the_content(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    first = site_files.asset_version(tmp_path)
    assert first == site_files.asset_version(tmp_path)
    (tmp_path / "js" / "a.js").write_text("export const a = 2;\n")
    assert site_files.asset_version(tmp_path) != first


def test_deploy_files_put_assets_under_their_version(tmp_path):
    files = site_files.deploy_files(SITE)
    version = site_files.asset_version(SITE)
    body, ctype, cache = files[f"v/{version}/js/api.js"]
    assert body == (SITE / "js" / "api.js").read_bytes() and cache == site_files.IMMUTABLE
    page, ctype, cache = files["index.html"]
    assert ctype.startswith("text/html") and cache == "no-cache"
    assert f'src="/v/{version}/js/main.js"' in page.decode()
    assert "favicon.svg" in files and not any(k.startswith("v/") and k.endswith(".html") for k in files)
