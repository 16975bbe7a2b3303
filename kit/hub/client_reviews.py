"""The reviews part of the workspace interface over HTTP (mixed into
:class:`kit.hub.client.RemoteBackend`): the team's service runs a lead's reviews, keeps their
HTML and takes the share decisions; a kernel never writes the shared workspace.

A review run takes seconds to minutes: the service starts it on a worker and answers at once;
this side asks for the results so far every :data:`POLL_SECONDS` and hands each new one to
``on_result``, so a lead's progress bar moves as on a laptop. A service that stops answering
for a while (restarting) is waited for; one that comes back without the run (it restarted)
ends the run with a sentence saying so: the reviews already made are files, and pressing Run
again makes only the rest.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kit.errors import StoreError, WorkspaceError
from kit.hub.wire import error_from
from kit.model.periods import parse_period
from kit.model.records import Record, ReviewShare, validate_record
from kit.reviews.interface import OnResult, ReviewState
from kit.reviews.jobs import ReviewResult

POLL_SECONDS = 0.5
PATIENCE_SECONDS = 120.0
"""How long a run is followed through a service that does not answer (e.g. restarting)."""
RESTARTED = ("The service restarted while your reviews were running; the ones already made "
             "are kept.")
GONE = ("The service stopped answering while your reviews were running; the ones already "
        "made are kept.")
PRESS_AGAIN = "Press Run again to finish the rest."
SERVICE_PLACE = "kept by your team's candle service on the hub"


def _period(period: str) -> str:
    """The period's own name (checked here, so a bad one is named before anything is sent)."""
    return quote(parse_period(period).name, safe="")


def result_from(data: dict[str, Any]) -> ReviewResult:
    """A review result as the service sent it."""
    return ReviewResult(**{name: data[name] for name in asdict(ReviewResult("", "", "", "")) if name in data})


class RemoteReviews:
    """Mixed into :class:`kit.hub.client.RemoteBackend` (which gives ``_call``, ``_json``, ``_keep``)."""

    if TYPE_CHECKING:  # RemoteBackend's
        def _call(self, method: str, path: str, body: Any = None) -> bytes: ...
        def _json(self, method: str, path: str, body: Any = None) -> Any: ...
        def _keep(self, record: Record) -> None: ...

    def run_reviews(self, period: str, on_result: OnResult | None = None) -> list[ReviewResult]:
        """Ask the service to run the lead's reviews of ``period``; follow it to the end."""
        run = self._json("POST", "api/reviews/runs", {"period": parse_period(period).name})
        seen = 0
        while True:
            results = [result_from(item) for item in run["results"]]
            for result in results[seen:]:
                if on_result:
                    on_result(result)
            seen = len(results)
            if run["state"] == "failed":
                raise error_from(500, run.get("error", {}))
            if run["state"] != "running":
                return results
            time.sleep(POLL_SECONDS)
            run = self._follow(run["period"])

    def _follow(self, period: str) -> dict[str, Any]:
        """The run's state now; through a service that is away for a while (restarting)."""
        give_up = time.monotonic() + PATIENCE_SECONDS
        while True:
            try:
                return self._json("GET", f"api/reviews/runs/{quote(period, safe='')}")
            except WorkspaceError:  # it knows no such run: it started afresh since
                raise StoreError(RESTARTED, PRESS_AGAIN) from None
            except StoreError:  # not answering, or the hub's proxy says it is unavailable
                if time.monotonic() > give_up:
                    raise StoreError(GONE, "Press Run again in a few minutes to finish the rest, "
                                           "and tell whoever runs the hub if it keeps happening."
                                     ) from None
                time.sleep(POLL_SECONDS)

    def review_status(self, period: str) -> list[ReviewState]:
        """A lead's reviews of ``period``, as the service finds them."""
        data = self._json("GET", f"api/reviews/status/{_period(period)}")
        return [ReviewState(**item) for item in data["reviews"]]

    def review_html(self, period: str, subject: str) -> bytes:
        """A review's HTML, if the service lets this user read it."""
        return self._call("GET", f"api/reviews/html/{_period(period)}/{quote(subject, safe='')}")

    def review_place(self, period: str, subject: str) -> str:
        """Reviews stay with the service: there is no file to show."""
        return SERVICE_PLACE

    def share_review(self, practitioner_id: str, period: str, shared: bool = True) -> ReviewShare:
        """Ask the service to share (or take back) a review; the stored decision (kept in
        this kernel's copy too)."""
        body = {"practitioner_id": practitioner_id, "period": parse_period(period).name, "shared": shared}
        share = validate_record(ReviewShare, self._json("POST", "api/reviews/shares", body)["record"])
        self._keep(share)
        return share

    def shared_reviews(self) -> list[str]:
        """The periods whose review is shared with this practitioner, newest first."""
        return list(self._json("GET", "api/reviews/shared")["periods"])
