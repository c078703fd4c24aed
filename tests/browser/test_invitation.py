"""An admin invites a colleague; the colleague follows the e-mailed link,
chooses a password and signs in."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from functions import notify
from functions.settings import Settings
from tests.browser.actions import sign_in
from tests.browser.conftest import open_tab, unique_email


def test_an_invited_colleague_sets_a_password_and_signs_in(browser, page, admin, live_server):
    colleague = unique_email("colleague")
    sign_in(page, admin)
    invited = page.request.post("/api/admin/admins", data={"email": colleague},
                                headers={"X-Requested-With": "tandem"})
    assert invited.status == 201, invited.text()
    outbox = Settings(data_dir=str(live_server.data_dir))
    for _ in range(50):
        mail = [m for m in notify.outbox(outbox) if m["To"] == colleague]
        if mail:
            break
        page.wait_for_timeout(200)
    link = re.search(r"http://\S+/admin/#invitation=\S+", mail[0].get_content()).group(0)

    tab = open_tab(browser, live_server.url)  # the colleague's own browser
    try:
        them = tab.page
        them.goto(link)
        expect(them.get_by_role("heading", name="You are invited to be an admin")).to_be_visible()
        assert "invitation=" not in them.url
        them.get_by_label("Choose a password").fill("a-colleagues-password")
        them.get_by_label("The same password again").fill("a-colleagues-password")
        them.get_by_role("button", name="Create my admin account").click()
        expect(them.locator("p.notice")).to_contain_text("is ready: sign in with your new password")
        them.get_by_label("Email address").fill(colleague)
        them.get_by_label("Password").fill("a-colleagues-password")
        them.get_by_role("button", name="Sign in", exact=True).click()
        expect(them.get_by_text("Signed in as")).to_be_visible()
        tab.assert_clean()
    finally:
        tab.close()
