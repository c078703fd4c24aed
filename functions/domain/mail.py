"""E-mail that follows work already done (a published cohort, a stored
request): a message that does not go never undoes that work nor turns its
answer into an error; it is tried again, logged, and counted on the cohort,
where the admin sees it (``notifications`` in the cohort's overview).
"""
from __future__ import annotations

import logging

from functions import notify
from functions.db import programs
from functions.settings import Settings

log = logging.getLogger("tandem.notify")


class Tally:
    """One job's messages to a cohort's people: ``send`` each, then ``close``."""

    def __init__(self, settings: Settings, cohort_id: str):
        self.settings, self.cohort_id = settings, cohort_id
        self.sent = self.failed = 0

    def send(self, to: str, subject: str, text: str, *, again: bool = False,
             html: str | None = None) -> bool:
        """``notify.deliver``: whether it went; never raises. ``again``: this
        message failed in an earlier job and was counted failed then, so it
        going now takes one off the failed count, and failing again adds none."""
        went = notify.deliver(self.settings, to, subject, text,
                              **({"html": html} if html else {}))
        if went:
            self.sent += 1
            self.failed -= 1 if again else 0
        elif not again:
            self.failed += 1
        return went

    def close(self) -> int:
        """Add the counts to the cohort's; returns how many went. Losing the
        counts is logged, not raised: raising would have the job run again
        and e-mail everyone twice."""
        try:
            programs.count_mail(self.cohort_id, self.sent, self.failed)
        except Exception:
            log.exception("cohort %s: mail counts not kept (%d sent, %d failed)",
                          self.cohort_id, self.sent, self.failed)
        return self.sent
