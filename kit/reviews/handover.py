"""The rows a runner hands a review's kernel, so the kernel reads no table and opens no workspace.

The runner's plan has already gathered each review's rows (:mod:`kit.reviews.data`) to hash
them; reading every table again in the kernel, once a review, cost more than drawing the
review (and grew with the workspace). So the runner's first cell, the one that wipes the
kernel's namespace and is removed from the output (:mod:`kit.reviews.execute`), also hands
the kernel a :class:`Handover`: the review's rows and the workspace's settings (renewal
term, people's names). The template's own call (``pages.practitioner_review(workspace,
period, practitioner_id)``) takes it when it is for that review and period; run by hand (no
hand-over) it reads the tables as before. The page shows, records as shown and hashes the
same rows, so the recorded input hash is the hash of exactly the rows drawn.

What travels to the kernel is what the review shows: that practitioner's (or that cohort's)
rows, already sifted by the read rule, and nothing else. A kernel given its rows this way
needs no access to the workspace folder at all.
"""

from __future__ import annotations

import base64
import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kit.reviews.data import ReviewInputs
    from kit.store.workspace import Settings

_received: Handover | None = None


@dataclass(frozen=True)
class Handover:
    """One review's rows and the workspace settings its pages use."""

    kind: str  # 'practitioner' or 'cohort'
    inputs: ReviewInputs
    settings: Settings

    def code(self) -> str:
        """A line of Python that hands this over to the kernel running it."""
        payload = base64.b64encode(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)).decode()
        return f"__import__('kit.reviews.handover', fromlist=['receive']).receive({payload!r})"


NOTHING_CODE = ("if 'kit.reviews.handover' in __import__('sys').modules:\n"
                "    __import__('sys').modules['kit.reviews.handover'].receive(None)")
"""Python that clears what an earlier review was handed (importing nothing: a template that
does not use the kit starts no faster for it)."""


def receive(payload: str | None) -> None:
    """Keep the hand-over ``payload`` (from :meth:`Handover.code`; None: forget any)."""
    global _received
    _received = pickle.loads(base64.b64decode(payload)) if payload else None  # the runner's own bytes


def take(kind: str, subject: str, period: object) -> Handover | None:
    """The hand-over for the ``kind`` review of ``subject`` in ``period``, if that is what this
    kernel was handed (it is kept for the review's later calls); None otherwise."""
    handed = _received
    if handed is None or handed.kind != kind or handed.inputs.subject != subject \
            or handed.inputs.period != period:
        return None
    return handed
