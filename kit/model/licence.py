"""The licence as a state machine: one table of allowed steps, and the words for its states.

Pure domain knowledge (no store): the store's rules enforce it through
:mod:`kit.capture.licence`, and the charts, pages and reviews read its words from here.

In the I Matter Learning System a practitioner applies for the Mini Candle licence
with a micro-project idea; the licence is then granted, and the practitioner may
continue, pause, renew or end it. :data:`STEPS` is the only place that says which step
may follow which, who may record it, and which may be dated ahead (a decision such as
"I'll pause from the start of the summer holidays"); every other part of the kit (the
store's rules, the decision form's help, "Start here", the reviews and their
charts) reads it from here. :data:`STATUS_WORDS` is the only place that names
a licence's status in words.

A refused step is explained in one sentence that says what is possible now. A step dated
after today is *planned*: the status "as of" a day leaves it out, but it is the latest step
for the order of steps (nothing may be recorded before it; a change of mind is a new
version of it, or its withdrawal).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from kit.errors import Problem
from kit.model.dates import EARLIEST, check_date_range
from kit.model.places import EDIT_LICENCE

NONE = "none"
APPLIED, ACTIVE, PAUSED, ENDED = "applied", "active", "paused", "ended"
PRACTITIONER, LEAD = "the practitioner", "their lead"

STATUS_WORDS = {
    NONE: "not applied for yet",
    APPLIED: "applied for",
    ACTIVE: "active",
    PAUSED: "paused",
    ENDED: "ended",
}
NO_LICENCE = STATUS_WORDS[NONE]
DUE_TO_RENEW = "due to renew"
# How far ahead a decision may take effect (the decision form's help says so).
FUTURE_WINDOW_DAYS = 92
TERM_STARTS = ("active", "renewed")


@dataclass(frozen=True)
class Step:
    """One kind of licence event: the states it may follow, the state it leads to, who records
    it, and how many days ahead of today it may be dated (0: today or earlier)."""

    event: str
    label: str
    verb: str
    after: tuple[str, ...]
    leads_to: str
    recorded_by: tuple[str, ...]
    days_ahead: int = 0


STEPS: tuple[Step, ...] = (
    Step("applied", "Applied", "apply with a micro-project idea", (NONE, ENDED), APPLIED,
         (PRACTITIONER,)),
    Step("active", "Licence granted", "record that the licence was granted", (APPLIED,), ACTIVE,
         (PRACTITIONER, LEAD)),
    Step("paused", "Paused", "pause it", (ACTIVE,), PAUSED, (PRACTITIONER,), FUTURE_WINDOW_DAYS),
    Step("continued", "Continued", "continue it", (ACTIVE, PAUSED), ACTIVE, (PRACTITIONER,),
         FUTURE_WINDOW_DAYS),
    Step("renewed", "Renewed", "renew it", (ACTIVE, PAUSED), ACTIVE, (PRACTITIONER,),
         FUTURE_WINDOW_DAYS),
    Step("ended", "Ended", "end it", (APPLIED, ACTIVE, PAUSED), ENDED, (PRACTITIONER, LEAD)),
)
BY_EVENT = {step.event: step for step in STEPS}
EVENT_LABELS = {step.event: step.label for step in STEPS}


@dataclass(frozen=True)
class Event:
    """A licence event as the state machine sees it: what, when, and by whom."""

    event: str
    day: date
    author_id: str = ""


def days_ahead(event: str) -> int:
    """How many days after today ``event`` may be dated (0 for a step that is not a decision)."""
    step = BY_EVENT.get(event)
    return step.days_ahead if step else 0


def date_problem(event: str, day: date) -> str:
    """Why ``day`` is not a date ``event`` may have ('' when it may): a decision up to
    :data:`FUTURE_WINDOW_DAYS` days ahead, any other step today or earlier."""
    try:
        check_date_range(day, days_ahead(event))
    except ValueError as error:
        if days_ahead(event) or day < EARLIEST:
            return str(error)
        ahead = [step.verb.removesuffix(" it") for step in STEPS if step.days_ahead]
        return f"{error} (only a decision to {_or_list(ahead)} may be dated ahead)"
    return ""


def as_of(events: Iterable[Event], day: date) -> list[Event]:
    """The events (in the order given) that have taken effect by ``day``."""
    return [item for item in events if item.day <= day]


def planned(events: Iterable[Event], day: date) -> list[Event]:
    """The events (in the order given) dated after ``day``: decisions still to take effect."""
    return [item for item in events if item.day > day]


def plans_in_words(events: Iterable[Event], day: date) -> str:
    """The steps planned after ``day`` in words ('paused from 20 Jul 2027'; '' when none)."""
    return "; ".join(f"{EVENT_LABELS.get(item.event, item.event).lower()} from {item.day:%d %b %Y}"
                     for item in planned(events, day))


def status_on(events: Sequence[Event], day: date) -> str:
    """The status in words on ``day`` (events in date order), with what is planned after it:
    'active (paused from 20 Jul 2027)'."""
    words = status_words(as_of(events, day))
    plans = plans_in_words(events, day)
    return f"{words} ({plans})" if plans else words


def state_after(events: Iterable[Event]) -> str:
    """The state the licence is in after ``events`` (in the order given; unknown steps skipped)."""
    state = NONE
    for item in events:
        step = BY_EVENT.get(item.event)
        if step is not None and state in step.after:
            state = step.leads_to
    return state


def status_words(events: Iterable[Event]) -> str:
    """The licence's status in words after ``events`` (in date order)."""
    return STATUS_WORDS[state_after(events)]


def possible_now(state: str) -> list[Step]:
    """The steps that may follow ``state``."""
    return [step for step in STEPS if state in step.after]


def _or_list(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def what_now(state: str, since: date | None) -> str:
    """A sentence (no closing full stop) saying where the licence is and what may be recorded now."""
    if state == NONE:
        return "You have not applied for the licence yet: apply with a micro-project idea first"
    when = f" since {since:%d/%m/%Y}" if since else ""
    verbs = [step.verb for step in possible_now(state)]
    return f"The licence is {STATUS_WORDS[state]}{when}, so you can now {_or_list(verbs)}"


def refusal(state: str, since: date | None, event: str, today: date | None = None) -> str:
    """Why ``event`` cannot follow ``state``, and what is possible now, in one sentence
    (no closing full stop: problems are joined into a message that adds it). ``since`` after
    ``today``: the state is a planned one."""
    step = BY_EVENT[event]
    if state == NONE:
        return (f"You cannot {step.verb} before applying for the licence: "
                "apply with a micro-project idea first")
    verbs = [other.verb for other in possible_now(state)]
    if since and today and since > today:
        return (f"You cannot {step.verb}: the licence is planned to be {STATUS_WORDS[state]} "
                f"from {since:%d/%m/%Y}; from then you can {_or_list(verbs)}")
    when = f" since {since:%d/%m/%Y}" if since else ""
    return (f"You cannot {step.verb} while the licence is {STATUS_WORDS[state]}{when}; "
            f"you can now {_or_list(verbs)}")


def in_order(events: Iterable[Event]) -> list[Event]:
    """``events`` sorted by the day they take effect (stable, so saving order breaks ties)."""
    return sorted(events, key=lambda item: item.day)


def sequence_problems(earlier: Sequence[Event], new: Event, *, lead_id: str | None,
                      practitioner_id: str, today: date) -> list[Problem]:
    """Every reason ``new`` may not follow ``earlier`` (already in date order)."""
    step = BY_EVENT.get(new.event)
    if step is None:
        return [Problem("event", f"'{new.event}' is not a licence event; use one of "
                        f"{', '.join(BY_EVENT)}", "unknown_licence_event")]
    problems = []
    last = earlier[-1] if earlier else None
    if last is not None and new.day < last.day:
        problems.append(Problem("event_date", _before_last(last, today), "before_last_event"))
    state = state_after(earlier)
    if state not in step.after:
        problems.append(Problem("event", refusal(state, last.day if last else None, new.event, today),
                                "not_allowed_now"))
    allowed = _authors(step, practitioner_id, lead_id)
    if new.author_id and new.author_id not in allowed:
        who = " or ".join(step.recorded_by)
        problems.append(Problem(
            "author_id", f"you cannot record '{step.label}' for this licence: it is recorded by "
            f"{who}", "not_yours_to_record"))
    return problems


def _before_last(last: Event, today: date) -> str:
    label = EVENT_LABELS.get(last.event, last.event)
    if last.day > today:
        return (f"your licence is planned to be {label.lower()} from {last.day:%d/%m/%Y}; "
                "a new step takes effect on that day or later; to change your mind, change "
                f"the planned one under {EDIT_LICENCE}")
    return (f"the last licence event ({label}) took effect on {last.day:%d/%m/%Y}; "
            "a new one takes effect on that day or later")


def _authors(step: Step, practitioner_id: str, lead_id: str | None) -> set[str]:
    authors = {practitioner_id} if PRACTITIONER in step.recorded_by else set()
    if LEAD in step.recorded_by and lead_id:
        authors.add(lead_id)
    return authors


def renewal_date(events: Iterable[Event], renewal_months: int) -> date | None:
    """When the current term ends: the last grant or renewal plus ``renewal_months``."""
    from kit.model.periods import add_months

    starts = [item.day for item in in_order(events) if item.event in TERM_STARTS]
    return add_months(starts[-1], renewal_months) if starts else None


def transitions_table() -> list[dict[str, str]]:
    """The table of allowed steps in words (for help text, the README and tests)."""
    return [{"event": step.label, "after": ", ".join(STATUS_WORDS[s] for s in step.after),
             "leads to": STATUS_WORDS[step.leads_to], "recorded by": " or ".join(step.recorded_by),
             "dated up to": f"{step.days_ahead} days ahead" if step.days_ahead else "today"}
            for step in STEPS]

