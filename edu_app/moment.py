"""``Moment``: an aware datetime the app could have written, for files it reads back.

Kept in a module of its own, importing nothing from the app, so that both the progress file
(:mod:`edu_app.learning.progress_io`) and the entries it carries for the risk questionnaire
(:mod:`edu_app.risk.progress`) can use it: ``edu_app.learning`` imports ``edu_app.risk``, so
the risk side cannot import it from there without a circular import.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime

# Moments the app can have written: it did not exist before 2000, and dates near the ends of
# Python's range overflow in time-zone and review-interval arithmetic.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _in_range(moment: datetime) -> datetime:
    """``moment`` unchanged if it lies in ``[EARLIEST, LATEST)``; otherwise ``ValueError``."""
    try:
        in_utc = moment.astimezone(UTC)
    except OverflowError:
        in_utc = None
    if in_utc is None or not EARLIEST <= in_utc < LATEST:
        raise ValueError(f"must be between {EARLIEST.date()} and {LATEST.date()} (UTC)")
    return moment


Moment = Annotated[AwareDatetime, AfterValidator(_in_range)]
