"""Static checks on site/: the rules the CSP and the house style set for the front end.

No browser needed; these guard what a code review could miss.
"""
import re
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parents[2] / "site"
HTML = sorted(SITE.rglob("*.html"))
JS = sorted((SITE / "js").glob("*.js"))


def test_site_has_pages_and_modules():
    assert {p.relative_to(SITE).as_posix() for p in HTML} >= {"index.html", "enrol.html", "admin/index.html"}
    assert (SITE / "js" / "api.js") in JS


@pytest.mark.parametrize("path", JS, ids=lambda p: p.name)
def test_no_html_parsing_of_data(path):
    source = path.read_text(encoding="utf-8")
    for pattern in (r"\binnerHTML\b", r"\bouterHTML\b", r"insertAdjacentHTML", r"document\.write",
                    r"\beval\s*\(", r"new\s+Function\b", r"\.style\b"):
        assert not re.search(pattern, source), f"{path.name} uses {pattern}"


@pytest.mark.parametrize("path", JS, ids=lambda p: p.name)
def test_only_api_js_talks_to_the_network(path):
    if path.name == "api.js":
        return
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"\bfetch\s*\(|XMLHttpRequest|sendBeacon|WebSocket", source), path.name


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.relative_to(SITE).as_posix())
def test_pages_have_no_inline_script_style_or_handlers(path):
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<style\b", html), "inline <style>"
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert re.search(r'<script type="module" src="[^"]+"></script>', html)
    assert "user-scalable" not in html and "maximum-scale" not in html
    assert '<html lang="en">' in html
