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


NETWORK = re.compile(r"\bfetch\s*\(|XMLHttpRequest|sendBeacon|WebSocket")


@pytest.mark.parametrize("path", [p for p in JS if p.name != "api.js"], ids=lambda p: p.name)
def test_only_api_js_talks_to_the_network(path):
    assert not NETWORK.search(path.read_text(encoding="utf-8")), path.name


def test_the_network_rule_recognises_api_js():
    # The rule above must be able to fail: it does match the module that fetches.
    assert NETWORK.search((SITE / "js" / "api.js").read_text(encoding="utf-8"))


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


# -- one static shell for every page --------------------------------------------

PER_PAGE = re.compile(
    r'\s*<title>[^<]*</title>|\s*<meta name="description"[^>]*>|\s*<link rel="modulepreload"[^>]*>'
    r'|\s*<main\b.*?</main>', re.S)


def shell(html: str) -> str:
    """A page minus what is its own: title, description, preloads and <main>."""
    return PER_PAGE.sub("", html)


def test_every_page_has_the_same_shell():
    shells = {p.relative_to(SITE).as_posix(): shell(p.read_text(encoding="utf-8")) for p in HTML}
    first = next(iter(shells.values()))
    assert all(s == first for s in shells.values()), (
        "head, header and footer must be the same on every page: " + ", ".join(
            name for name, s in shells.items() if s != first))
    for part in ('<header class="site-header">', '<nav aria-label="Site">', '<footer class="site-footer">',
                 '<div id="announcer" class="visually-hidden" role="status"></div>'):
        assert part in first


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.relative_to(SITE).as_posix())
def test_pages_use_absolute_paths_and_describe_themselves(path):
    html = path.read_text(encoding="utf-8")
    for ref in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert ref.startswith(("/", "#")), f"{ref!r} is relative: it breaks in a folder"
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert len(re.findall(r"<main\b", html)) == 1


def imports(module: str) -> set[str]:
    """``module`` and every module it imports statically, transitively."""
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = (SITE / "js" / name).read_text(encoding="utf-8")
        todo += re.findall(r'^import\s[^;]*?from\s+"\./([\w-]+\.js)";', source, re.M | re.S)
    return seen


COMPONENTS = dict(re.findall(r'"([\w-]+)": \(\) => import\("\./([\w-]+\.js)"\)',
                             (SITE / "js" / "main.js").read_text(encoding="utf-8")))


def test_main_js_names_its_components():
    assert set(COMPONENTS) == {"cohort-list", "enrol-form", "admin-app", "my-match", "matching-app",
                               "my-mentoring", "api-doc", "sign-in-problem"}


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.relative_to(SITE).as_posix())
def test_pages_preload_exactly_the_modules_they_use(path):
    # Without preloads the browser discovers the graph one import at a time
    # (main.js → component → its imports → theirs), a request chain per level.
    html = path.read_text(encoding="utf-8")
    used = set()
    for component in re.findall(r'data-component="([\w-]+)"', html):
        used |= imports(COMPONENTS[component])
    preloaded = set(re.findall(r'<link rel="modulepreload" href="/js/([\w-]+\.js)">', html))
    assert preloaded == used, f"missing {sorted(used - preloaded)}, unused {sorted(preloaded - used)}"
