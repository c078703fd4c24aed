"""A program's e-mails in its manager's own words.

Each kind of message (welcome, match, check-in reminder, celebration) has a
default subject and body; a program may replace either with its own, using
the placeholders its kind offers (``{{ first_name }}``, ``{{ program }}``…).
Templates are Jinja2 run in its sandbox (a template cannot reach Python
objects or files). A program's own words go as two parts: plain text as
written, and HTML in which everything — the manager's words and every value
— is escaped, so a person named ``<script>`` is text in both; Tandem's
defaults go as plain text alone, unless the program has a colour of its own.
A template that does not compile, or fails on sample values, is refused when
saved, with its line and the reason. The HTML part opens on a band in the
program's colour (``email_colour``) with its name in white; the plain-text
part is the words alone.
"""
from __future__ import annotations

import html
import re

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from functions.domain import email_colour
from functions.errors import Invalid, NotFound

_ME = "My mentoring:\n{{ my_mentoring_link }}\n"

#: kind -> what it is for, its placeholders (with sample values for the
#: preview and the save-time check), and its default subject and body.
KINDS: dict[str, dict] = {
    "welcome": {
        "label": "Welcome (after enrolling)",
        "sample": {"name": "Ada Lovelace", "first_name": "Ada", "program": "Mentoring",
                   "cohort": "Spring", "role": "mentee",
                   "my_mentoring_link": "https://portal.example.org/me.html"},
        "subject": "You are enrolled in {{ cohort }}",
        "body": ("Hello,\n\nYou are enrolled in {{ cohort }} ({{ program }}) as a {{ role }}."
                 "\n\nThe program team will e-mail you when matches are made. Until then, "
                 "and after, My mentoring shows where you are:\n{{ my_mentoring_link }}\n\n"
                 "If you did not enrol, sign in there with this address and choose "
                 "\"Delete me\": your enrolment and answers are removed.\n"),
    },
    "match": {
        "label": "Your match is ready",
        "sample": {"name": "Ada Lovelace", "first_name": "Ada", "program": "Mentoring",
                   "cohort": "Spring", "partners": "Grace Hopper",
                   "match_link": "https://portal.example.org/match.html#t=…",
                   "my_mentoring_link": "https://portal.example.org/me.html"},
        "subject": "{{ program }}: your match is ready",
        "body": ("Hello {{ first_name }},\n\nYour match in {{ program }} ({{ cohort }}) is "
                 "ready: {{ partners }}.\n\nSee who they are, how to reach them and why we "
                 "matched you:\n{{ match_link }}\n\nThe link is yours alone; please do not "
                 "forward it.\n\nPlan your first meeting (you both get a calendar "
                 "invitation), set goals and find the program's resources on My mentoring; "
                 "sign in there with this address:\n{{ my_mentoring_link }}\n"),
    },
    "reminder": {
        "label": "Check-in reminder",
        "sample": {"name": "Ada Lovelace", "first_name": "Ada", "program": "Mentoring",
                   "cohort": "Spring", "partners": "Grace Hopper",
                   "my_mentoring_link": "https://portal.example.org/me.html"},
        "subject": "{{ program }}: your check-in is due",
        "body": ("Hello {{ first_name }},\n\nYour check-in for your match with {{ partners }} "
                 "in {{ program }} ({{ cohort }}) is due: three short questions (how "
                 "satisfied you are, whether you are meeting, anything to flag).\n\nAnswer "
                 "it on " + _ME),
    },
    "celebration": {
        "label": "Celebration (a milestone done, a goal reached)",
        "sample": {"name": "Grace Hopper", "first_name": "Grace", "program": "Mentoring",
                   "partner": "Ada Lovelace", "milestone": "First talk given",
                   "goal": "Speak at a conference", "reached": True,
                   "my_mentoring_link": "https://portal.example.org/me.html"},
        "subject": ("{{ program }}: {% if reached %}goal reached: {{ goal }}"
                    "{% else %}a milestone done: {{ milestone }}{% endif %}"),
        "body": ("Hello {{ first_name }},\n\n{{ partner }} ticked off \u201c{{ milestone }}"
                 "\u201d{% if reached %}, the last milestone of your goal \u201c{{ goal }}"
                 "\u201d: the goal is reached. Well done to you both."
                 "{% else %} on your goal \u201c{{ goal }}\u201d.{% endif %}\n\n"
                 "See it and set the next step on " + _ME),
    },
}

#: Limits of what a manager may save (characters).
SUBJECT_MAX, BODY_MAX = 200, 5000

_ENV = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined,
                            keep_trailing_newline=True)


def kind_of(kind: str) -> dict:
    if kind not in KINDS:
        raise NotFound(f"no e-mail called {kind}; the kinds are {', '.join(KINDS)}",
                       field="kind")
    return KINDS[kind]


def _render(source: str, values: dict, field: str) -> str:
    try:
        return _ENV.from_string(source).render(**values)
    except TemplateSyntaxError as exc:
        raise Invalid(f"{field}: line {exc.lineno}: {exc.message}", field=field) from None
    except UndefinedError as exc:
        raise Invalid(f"{field}: {exc.message}; the placeholders are "
                      f"{', '.join(sorted(values))}", field=field) from None
    except SecurityError as exc:
        raise Invalid(f"{field}: not allowed in an e-mail: {exc}", field=field) from None
    except Exception as exc:  # a filter on the wrong type, a division by zero…
        raise Invalid(f"{field}: the template fails on sample values: {exc}",
                      field=field) from None


def check(kind: str, subject: str, body: str) -> dict:
    """The template as saved, or 422 naming ``subject`` or ``body`` with the
    line and reason; tried on the kind's sample values."""
    sample = kind_of(kind)["sample"]
    if not subject.strip() or len(subject) > SUBJECT_MAX:
        raise Invalid(f"subject: 1 to {SUBJECT_MAX} characters", field="subject")
    if not body.strip() or len(body) > BODY_MAX:
        raise Invalid(f"body: 1 to {BODY_MAX} characters", field="body")
    if "\n" in _render(subject, sample, "subject").strip():
        raise Invalid("subject: one line", field="subject")
    _render(body, sample, "body")
    return {"subject": subject, "body": body}


def _html(program: str, text: str, links: set[str], colour: str | None = None) -> str:
    """The HTML part: the whole text escaped (the manager's words and every
    value alike), paragraphs kept, under a band in the program's colour with
    its name in white. Only Tandem's own links (the ``…_link`` values) become
    clickable: an address typed in a name or a template stays text."""
    paragraphs = []
    for block in re.split(r"\n{2,}", html.escape(text.strip())):
        for link in sorted(links, key=len, reverse=True):
            shown = html.escape(link)
            block = block.replace(shown, f'<a href="{shown}">{shown}</a>')
        paragraphs.append(f"<p>{block.replace(chr(10), '<br>')}</p>")
    band = email_colour.usable(colour)  # a #rrggbb checked again: it goes in a style
    # A table with bgcolor as well as a style: Outlook's HTML engine ignores
    # background styles on a div.
    return ("<!doctype html><html><body style=\"margin:0;font-family:sans-serif;"
            "line-height:1.5\"><table role=\"presentation\" width=\"100%\" "
            f"cellpadding=\"0\" cellspacing=\"0\"><tr><td bgcolor=\"{band}\" "
            f"style=\"background:{band};padding:14px 20px\">"
            "<h1 style=\"margin:0;font-size:18px;color:#ffffff\">"
            f"{html.escape(program)}</h1></td></tr></table>"
            "<div style=\"padding:4px 20px\">" + "".join(paragraphs) + "</div></body></html>")


def compose(templates: dict | None, kind: str, values: dict) -> tuple[str, str, str | None]:
    """(subject, plain text, HTML) of one message from the program's own
    templates (``templates``: {kind: {subject, body}}, with the program's
    ``colour`` when ``program_mail.email_templates`` read them), or Tandem's
    defaults, which go as plain text alone (HTML None) unless the program
    has a colour."""
    base = kind_of(kind)
    own = (templates or {}).get(kind) or {}
    colour = getattr(templates, "colour", None)
    subject = _render(own.get("subject") or base["subject"], values, "subject")
    text = _render(own.get("body") or base["body"], values, "body")
    if not own and not colour:
        return " ".join(subject.split()), text, None
    links = {v for k, v in values.items() if k.endswith("_link") and isinstance(v, str) and v}
    return (" ".join(subject.split()), text,
            _html(str(values.get("program", "")), text, links, colour))


def listing(templates: dict | None) -> list[dict]:
    """Every kind as the admin's editor shows it: the words in force, whether
    they are the program's own, the defaults and the placeholders."""
    own = templates or {}
    return [{"kind": kind, "label": k["label"], "custom": kind in own,
             "subject": (own.get(kind) or {}).get("subject") or k["subject"],
             "body": (own.get(kind) or {}).get("body") or k["body"],
             "default": {"subject": k["subject"], "body": k["body"]},
             "placeholders": sorted(k["sample"])} for kind, k in KINDS.items()]


def preview(kind: str, subject: str, body: str, program: str,
            colour: str | None = None) -> dict:
    """What the message looks like with sample values (nothing saved), and
    the colour its band is drawn in."""
    check(kind, subject, body)
    values = {**kind_of(kind)["sample"], "program": program}
    subject, text, _ = compose({kind: {"subject": subject, "body": body}}, kind, values)
    links = {v for k, v in values.items() if k.endswith("_link")}
    return {"subject": subject, "text": text, "html": _html(program, text, links, colour),
            "colour": email_colour.usable(colour)}
