"""Browser tabs for the tests: a page watched for what must never happen, in
a context of its own (``open_tab``) or in a shared one (the ``tab`` fixture)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import Browser, BrowserContext, Page

VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


@dataclass
class Tab:
    """A page, recording what must never happen:
    uncaught script errors, CSP refusals and dialogs (a sign of injected script).
    The browser's own "leave this page?" prompt is no such sign: a page with
    unsaved edits asks it on reload; it is accepted and counted in ``unload_prompts``."""
    page: Page
    problems: list[str] = field(default_factory=list)
    unload_prompts: int = 0

    def close(self) -> None:
        """Close the page's whole context (``open_tab``'s own)."""
        self.page.context.close()

    def assert_clean(self) -> None:
        assert not self.problems, "the page misbehaved:\n" + "\n".join(self.problems)


def open_tab(browser: Browser, base_url: str) -> Tab:
    """A page in a browser context of its own (its own cookies and storage)."""
    return watched(new_context(browser, base_url).new_page())


def new_context(browser: Browser, base_url: str) -> BrowserContext:
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    return context


def watched(page: Page) -> Tab:
    tab = Tab(page)
    page.on("pageerror", lambda err: tab.problems.append(f"script error: {err}"))

    def on_console(msg):
        if msg.type == "error" and re.search(r"Content Security Policy|Refused to", msg.text):
            tab.problems.append(f"CSP: {msg.text}")
    page.on("console", on_console)

    def on_dialog(dialog):
        if dialog.type == "beforeunload":
            tab.unload_prompts += 1
            dialog.accept()
            return
        tab.problems.append(f"dialog opened: {dialog.type} {dialog.message!r}")
        dialog.dismiss()
    page.on("dialog", on_dialog)
    return tab
