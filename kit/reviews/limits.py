"""Time limits on a review run: each review's, and the run's as a whole.

A review still running at its limit has its kernel killed (the worker starts a fresh kernel
for the next review) and is reported failed with a sentence saying so; once the run's limit
has passed, the review running is stopped the same way and the ones not begun are reported
failed without starting. A run on a laptop has no limit unless asked; the hub's service
reads its limits from the environment (:meth:`TimeLimits.from_environment`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kit.errors import WorkspaceError

REVIEW_TIMEOUT_ENV = "CANDLE_REVIEW_TIMEOUT"
"""Seconds one review may take on the service (default :data:`REVIEW_TIMEOUT`)."""
RUN_TIMEOUT_ENV = "CANDLE_REVIEW_RUN_TIMEOUT"
"""Seconds a lead's whole run may take on the service (default :data:`RUN_TIMEOUT`)."""
REVIEW_TIMEOUT = 300.0
RUN_TIMEOUT = 1800.0
AGAIN = "try again, and tell whoever runs the hub if it keeps happening"


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    text = environ.get(name, "").strip()
    try:
        value = float(text) if text else default
    except ValueError:
        value = 0.0
    if value <= 0:
        raise WorkspaceError(f"{name} is '{text}', not a number of seconds above 0.",
                             f"Set it to e.g. {default:g}, or leave it unset for {default:g}.")
    return value


@dataclass(frozen=True)
class TimeLimits:
    """Seconds one review (``review``) and a whole run (``run``) may take; None: no limit."""

    review: float | None = None
    run: float | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> TimeLimits:
        """The limits :data:`REVIEW_TIMEOUT_ENV` and :data:`RUN_TIMEOUT_ENV` set (or the defaults)."""
        environ = os.environ if environ is None else environ
        return cls(_seconds(environ, REVIEW_TIMEOUT_ENV, REVIEW_TIMEOUT),
                   _seconds(environ, RUN_TIMEOUT_ENV, RUN_TIMEOUT))

    def start(self) -> Budget:
        """The budget of a run starting now."""
        return Budget(self, None if self.run is None else time.monotonic() + self.run)


@dataclass(frozen=True)
class Allowance:
    """The seconds the next review may take (None: no limit), and which limit sets them."""

    seconds: float | None
    limit: str  # 'review' or 'run' ('' when there is none)
    message: str  # what the review's result says if it is stopped


@dataclass(frozen=True)
class Budget:
    """A run's limits and when it must end (``time.monotonic()``; the same clock in every
    worker process on one machine)."""

    limits: TimeLimits
    ends: float | None = None

    def over(self) -> bool:
        """Whether the run's time is up."""
        return self.ends is not None and time.monotonic() >= self.ends

    def run_message(self, what: str) -> str:
        """'the run took longer than N s, so this review was ``what``; try again...'."""
        return f"the run took longer than {self.limits.run:g} s, so this review was {what}; {AGAIN}"

    def next_review(self) -> Allowance:
        """What the next review may take: its own limit or what is left of the run's."""
        left = None if self.ends is None else max(0.0, self.ends - time.monotonic())
        own = self.limits.review
        if left is not None and (own is None or left < own):
            return Allowance(left, "run", self.run_message("stopped"))
        if own is not None:
            return Allowance(own, "review", f"the review took longer than {own:g} s, so it was "
                                            f"stopped; {AGAIN}")
        return Allowance(None, "", "")


NO_LIMITS = Budget(TimeLimits())


class Watchdog:
    """Calls ``stop`` once if the block it guards lasts longer than ``seconds`` (None: never);
    ``fired`` says whether it did."""

    def __init__(self, seconds: float | None, stop: Callable[[], None]) -> None:
        self.fired = False
        self._stop = stop
        self._timer = None if seconds is None else threading.Timer(seconds, self._fire)
        if self._timer is not None:
            self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        self._stop()

    def __enter__(self) -> Watchdog:
        if self._timer is not None:
            self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._timer is not None:
            self._timer.cancel()


def kill_kernel(km: Any) -> None:
    """Kill the kernel process of ``km`` (and anything it started in its process group) at once;
    the cell waiting on it then fails with a dead kernel."""
    pid = getattr(getattr(km, "provisioner", None), "pid", None)
    if not pid:
        return
    with contextlib.suppress(ProcessLookupError):
        if os.getpgid(pid) == pid:  # the kernel leads its own session
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def watching(seconds: float | None, km: Any) -> Iterator[Watchdog]:
    """A :class:`Watchdog` that kills kernel ``km`` after ``seconds``."""
    with Watchdog(seconds, lambda: kill_kernel(km)) as watchdog:
        yield watchdog
