"""A review's inputs handed to the kernel that draws it, so the kernel reads no workspace.

The runner gathers each review's inputs while it plans (:mod:`kit.reviews.data`: only the rows
the read rule lets the review show, and the two settings a page uses). Whoever executes the
review, a worker process of the local pool or a Dask worker on another machine, writes them to
a private file beside its kernel (:func:`hand_over`); the cell the executor puts first in the
notebook loads them into the kernel (:func:`receive`, which deletes the file at once), and
:func:`kit.reviews.pages.practitioner_review` / :func:`~kit.reviews.pages.cohort_review` draw
from them (:func:`take`) instead of opening the workspace. A template run by hand, with no
inputs handed over, reads the workspace as before.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kit.reviews.data import ReviewInputs


@dataclass(frozen=True)
class Given:
    """One review's inputs, and which review they are for."""

    kind: str  # 'practitioner' or 'cohort'
    inputs: ReviewInputs


_received: list[Given] = []


def hand_over(kind: str, inputs: ReviewInputs, path: Path) -> Path:
    """Write ``inputs`` of a ``kind`` review to ``path`` (readable by this user only) for
    :func:`receive`; ``path``."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        pickle.dump(Given(kind, inputs), file, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def receive(path: str) -> None:
    """In the kernel: load the inputs :func:`hand_over` wrote (they replace any earlier ones)
    and delete the file."""
    try:
        with open(path, "rb") as file:
            given = pickle.load(file)  # written by this user's executor a moment ago
    finally:
        Path(path).unlink(missing_ok=True)
    _received[:] = [given]


def forget() -> None:
    """In the kernel: drop the inputs received (the next review brings its own)."""
    _received.clear()


def take(kind: str, subject: str, period: str) -> ReviewInputs | None:
    """The inputs handed to this kernel for the ``kind`` review of ``subject`` in ``period``;
    None if none were (a template run by hand). Inputs for another review are a fault of the
    executor, never drawn from."""
    if not _received:
        return None
    given = _received[0]
    if (given.kind, given.inputs.subject, given.inputs.period.name) != (kind, subject, period):
        raise RuntimeError(f"this kernel was handed the inputs of the {given.kind} review of "
                           f"{given.inputs.subject} ({given.inputs.period.name}), not of the {kind} "
                           f"review of {subject} ({period})")
    return given.inputs
