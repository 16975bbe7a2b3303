"""What a review run may be asked for: a period within the workspace's life, at most a year
long, and a bounded number of kernels.

Every way of asking goes through here: ``candle review``, the lead's reviews page (through
:func:`kit.reviews.run.run_reviews`, locally or on the service's worker) and the service's
``api/reviews/runs`` (:meth:`kit.hub.review_handlers.ReviewRuns.start` checks what needs no
table before it queues a run). A period is refused, with a sentence naming it and what to do,
when:

- it is a custom ``START..END`` range longer than :data:`MAX_PERIOD_DAYS` (a year);
- it ends after the current review period (the workspace's cadence, today): reviews cover days
  that have passed, or are passing;
- it ends before the workspace began. The workspace **began** on the earliest day any of its
  current records is about or was saved on (a reflection's day, a licence step's, a focus
  area's opening, a profile's saving, ...), so imported history counts from its own dates. It
  is named by the review period holding that day (e.g. ``2025-Q2``), never the day itself,
  and a workspace with no records has not begun: there is nothing to review yet.

Each period is also at most 40 characters of text (:func:`kit.model.periods.parse_period`).
"""

from __future__ import annotations

import os
from datetime import date

from kit.errors import ReviewError
from kit.model.dates import latest_today
from kit.model.periods import Period, period_containing
from kit.reviews.data import TableSource

MAX_PERIOD_DAYS = 366
"""The longest custom period a review run covers (a year, leap years included)."""


def max_jobs() -> int:
    """The most kernels one run may use: the machine's processors (at least 2)."""
    return max(2, os.cpu_count() or 1)


def check_jobs(jobs: object) -> int:
    """``jobs`` if it is a whole number from 1 to :func:`max_jobs`; else a :class:`ReviewError`."""
    most = max_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= most:
        raise ReviewError(f"--jobs must be a whole number from 1 to {most} (this machine's "
                          f"processors), not {str(jobs)[:20]}.", "Use --jobs 2 on two cores.")
    return jobs


def check_period(period: Period, cadence: str, began: date | None = None,
                 today: date | None = None) -> Period:
    """``period`` if a run may cover it at the workspace's ``cadence``; ``began`` (the day the
    workspace began, see the module docstring) is checked only when given."""
    if period.days > MAX_PERIOD_DAYS:  # only a custom START..END can be
        raise ReviewError(f"The period {period.name} covers {period.days} days; a review run "
                          f"covers at most a year ({MAX_PERIOD_DAYS} days).",
                          "Choose a shorter period, or run one year at a time.")
    current = period_containing(today or latest_today(), cadence)
    if period.end > current.end:
        raise ReviewError(f"The period {period.name} ends on {period.end:%d/%m/%Y}, after the "
                          f"current review period ({current.label}): reviews cover days that "
                          "have passed.", f"Choose {current.name} or an earlier period.")
    if began is not None:
        first = period_containing(began, cadence)
        if period.end < first.start:
            raise ReviewError(f"The period {period.name} ends before this workspace began (its "
                              f"records start in {first.name}), so it has nothing to review.",
                              f"Choose {first.name} or a later period.")
    return period


def workspace_began(source: TableSource) -> date | None:
    """The day the workspace began: the earliest day any practitioner started (None if there
    are no records): :meth:`kit.reviews.data.TableSource.joined_on`, one rule for both."""
    joined = source.joined_on()
    return min(joined) if len(joined) else None


def check_run_period(source: TableSource, period: Period, today: date | None = None) -> Period:
    """``period`` if a run over ``source``'s workspace may cover it (all of :func:`check_period`,
    with the day the workspace began read from its tables)."""
    cadence = source.workspace.settings.review_period
    check_period(period, cadence, today=today)
    began = workspace_began(source)
    if began is None:
        raise ReviewError("This workspace has no records yet, so there is no review to make.",
                          "Run the reviews once practitioners have saved their first records.")
    return check_period(period, cadence, began, today)
