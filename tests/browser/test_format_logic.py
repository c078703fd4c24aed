"""format.js's dates, run as an ES module in the real browser: one date for
people ("5 Dec 2026") and today's date where the reader is."""
import pytest

pytestmark = pytest.mark.browser


def test_format_date_for_people(call):
    assert call("format.js", "formatDate", "2026-12-05") == "5 Dec 2026"
    assert call("format.js", "formatDate", "2027-01-04T09:30:00+00:00") == "4 Jan 2027"
    assert call("format.js", "formatDate", "") == ""
    assert call("format.js", "formatDate", "soon") == "soon"


def test_today_is_the_local_date_west_of_utc(browser, live_server):
    # 21:30 on 6 December in Los Angeles is already 7 December in UTC: the
    # date a person there picks from is the 6th.
    context = browser.new_context(base_url=live_server.url, timezone_id="America/Los_Angeles")
    try:
        page = context.new_page()
        page.clock.set_fixed_time("2026-12-07T05:30:00Z")
        page.goto("/")
        got = page.evaluate("""async () => {
            const { today } = await import("/js/format.js");
            return [today(), new Date().toISOString().slice(0, 10)];
        }""")
        assert got == ["2026-12-06", "2026-12-07"]
    finally:
        context.close()


def test_today_east_of_utc(browser, live_server):
    context = browser.new_context(base_url=live_server.url, timezone_id="Pacific/Auckland")
    try:
        page = context.new_page()
        page.clock.set_fixed_time("2026-12-06T12:30:00Z")  # 01:30 on the 7th in Auckland
        page.goto("/")
        assert page.evaluate("async () => (await import('/js/format.js')).today()") == "2026-12-07"
    finally:
        context.close()
