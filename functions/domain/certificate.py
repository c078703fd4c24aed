"""A certificate of completion for a closed match: a printable page naming
both people, the program, the match's dates and the goals they reached.

Rendered with Jinja2 (already installed with Flask) with autoescaping on:
names and goal titles are people's own text and land in the page as text."""
from __future__ import annotations

from datetime import date, datetime

from jinja2 import Environment

from functions.domain import journal
from functions.errors import Conflict
from functions.vocab.dates import utc_today

_PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Certificate of completion · {{ program }}</title>
  <link rel="stylesheet" href="/css/tandem.css">
</head>
<body>
  <main class="wrap narrow certificate">
    <p class="lead">Certificate of completion</p>
    <h1>{{ names }}</h1>
    <p>completed a mentoring partnership in <strong>{{ program }}</strong> ({{ cohort }}),
      from {{ started }} to {{ closed }}.</p>
    {% if goals %}<h2>Goals reached</h2>
    <ul>{% for g in goals %}<li>{{ g }}</li>{% endfor %}</ul>{% endif %}
    <p class="hint">Issued by Tandem on {{ today }}. Print this page or save it as a PDF.</p>
  </main>
</body>
</html>
""")


def _day(value: str | None) -> str:
    """"5 Dec 2026", the date format people read everywhere in Tandem."""
    if not value:
        return "the start"
    d = datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    return f"{d.day} {d.strftime('%b %Y')}"


def render(match_id: str, email: str) -> str:
    page = journal.page(match_id, email)
    if page["status"] != "closed":
        raise Conflict("the certificate is ready once the match is closed: close it on "
                       "My mentoring first", field="match")
    people = [page["me"]["name"], *(p["name"] for p in page["partners"])]
    reached = [g["title"] for g in page["goals"]
               if g["progress"]["total"] and g["progress"]["done"] == g["progress"]["total"]]
    return _PAGE.render(names=" and ".join(people), program=page["program"]["name"],
                        cohort=page["cohort"]["name"], started=_day(page.get("started_at")),
                        closed=_day(page["closure"]["closed_at"]), goals=reached,
                        today=_day(utc_today().isoformat()))
