"""api.html: the served OpenAPI document drawn by the vendored Swagger UI,
under the site's CSP (the ``page`` fixture fails the test on a CSP report or
a script error)."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_api_page_draws_every_operation_of_the_served_document(page):
    doc = page.request.get("/api/openapi.json").json()
    operations = sum(len(item) for item in doc["paths"].values())
    page.goto("/api.html")
    expect(page.locator(".opblock")).to_have_count(operations)
    expect(page.locator("#api-doc > p").get_by_role("link", name="/api/openapi.json")).to_be_visible()
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".responses-table").first).to_be_visible()
