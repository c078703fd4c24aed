"""E-mail to people: Amazon SES in the cloud, ``.eml`` files locally.

``send(settings, to, subject, text)`` is the one way Tandem writes to someone.
Under ``tandem serve`` (``Settings.data_dir`` set, no ``mail_from``) each
message becomes a file in ``DATA/outbox/`` and its subject is printed, so a
developer can open the links it carries. With ``Settings.mail_from`` set it
goes through SES from that address. Messages are plain text: nothing a person
typed is ever rendered as HTML. A meeting invitation adds its calendar
(``calendar=(METHOD, ics text)``): a ``text/calendar`` alternative, which
Outlook and Gmail show as an invitation, and the same as an ``invite.ics``
attachment (``application/ics``, as Google Calendar sends it) for the rest.

``deliver`` is ``send`` for work that is done whether or not the message
goes (a published cohort, a stored request): it tries a failed message
again, logs the one that never went, and answers whether it went, so the
caller counts sent and failed instead of failing itself.
"""
from __future__ import annotations

import logging
import re
import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from functions.settings import Settings

log = logging.getLogger("tandem.notify")
OUTBOX = "outbox"
#: Tries per message in ``deliver``, and the first pause between them (doubling).
ATTEMPTS = 3
PAUSE = 0.2
_BREAKS = re.compile(r"\s*[\x00-\x1f\x7f\u2028\u2029]+\s*")


class NotConfigured(RuntimeError):
    """Neither SES nor a local outbox is set up: nothing can be sent."""


@dataclass(frozen=True)
class Sent:
    to: str
    subject: str
    where: str  # the .eml path locally, the SES message id in the cloud


def one_line(subject: str) -> str:
    """A subject as one header line: a line break from a name typed before
    names were checked (a program's, a person's) becomes a space."""
    return _BREAKS.sub(" ", subject).strip()


#: A calendar part: (its METHOD — REQUEST, CANCEL, PUBLISH — and the iCalendar text).
Calendar = tuple[str, str]


def message(sender: str, to: str, subject: str, text: str,
            calendar: Calendar | None = None, html: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = one_line(subject)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="tandem.invalid")
    msg.set_content(text)
    if html:  # a program's own words: the plain text first, the HTML beside it
        msg.add_alternative(html, subtype="html")
    if calendar:
        method, ics = calendar
        msg.add_alternative(ics, subtype="calendar", params={"method": method})
        msg.add_attachment(ics.encode(), maintype="application", subtype="ics",
                           filename="invite.ics")
    return msg


def send(settings: Settings, to: str, subject: str, text: str,
         calendar: Calendar | None = None, html: str | None = None) -> Sent:
    """Send one plain-text message (with a calendar part and an HTML part, if
    given); returns where it went."""
    if settings.mail_from:
        import boto3  # only the cloud path needs it
        ses = boto3.client("sesv2", region_name=settings.region)
        if calendar:  # SES's simple form has no attachments: send the whole message
            raw = bytes(message(settings.mail_from, to, subject, text, calendar, html))
            answer = ses.send_email(FromEmailAddress=settings.mail_from,
                                    Destination={"ToAddresses": [to]},
                                    Content={"Raw": {"Data": raw}})
            return Sent(to, subject, answer["MessageId"])
        answer = ses.send_email(
            FromEmailAddress=settings.mail_from, Destination={"ToAddresses": [to]},
            Content={"Simple": {"Subject": {"Data": one_line(subject), "Charset": "UTF-8"},
                                "Body": {"Text": {"Data": text, "Charset": "UTF-8"},
                                         **({"Html": {"Data": html, "Charset": "UTF-8"}}
                                            if html else {})}}})
        return Sent(to, subject, answer["MessageId"])
    if not settings.data_dir:
        raise NotConfigured("notify: set TANDEM_MAIL_FROM (SES) or run under tandem serve")
    outbox = Path(settings.data_dir) / OUTBOX
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{uuid.uuid4().hex}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(message("tandem@localhost", to, subject, text, calendar, html)))
    tmp.replace(path)  # a reader never sees half a message
    log.info("mail to %s: %s (%s)", to, subject, path)
    print(f"[outbox] to {to}: {subject}  ({path})", flush=True)
    return Sent(to, subject, str(path))


def deliver(settings: Settings, to: str, subject: str, text: str,
            calendar: Calendar | None = None, html: str | None = None) -> bool:
    """``send``, tried up to ``ATTEMPTS`` times; whether the message went.

    A message that never went is logged with its error, not raised. Not
    tried again: no e-mail set up, or a message that cannot be composed (an
    address with a line break), which would fail the same way every time."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            # Plain messages call send as they always have (tests stand in for it).
            extra = {k: v for k, v in (("calendar", calendar), ("html", html)) if v}
            send(settings, to, subject, text, **extra)
            return True
        except (NotConfigured, ValueError) as exc:
            log.error("mail to %s not sent (%s): %s", to, subject[:80], exc)
            return False
        except Exception as exc:  # SES throttling or an outage; a full disk locally
            if attempt == ATTEMPTS:
                log.error("mail to %s not sent after %d tries (%s): %r", to, ATTEMPTS,
                          subject[:80], exc)
                return False
            log.warning("mail to %s failed (try %d of %d): %r", to, attempt, ATTEMPTS, exc)
            time.sleep(PAUSE * 2 ** (attempt - 1))
    return False


def outbox(settings: Settings) -> list[EmailMessage]:
    """The local outbox's messages, oldest first (tests and the README use it)."""
    from email import policy
    from email.parser import BytesParser
    folder = Path(settings.data_dir or ".") / OUTBOX
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in files]
