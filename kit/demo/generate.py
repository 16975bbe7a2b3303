"""Generate the demo workspace: a synthetic year of Mini Candle practice.

Deterministic: every id, time and word comes from generators seeded with
:data:`SEED` and the practitioner's id, and every date is counted from
:data:`END_DATE`, never from the clock; the records are sealed with demo keys derived
from :data:`SEED` (marked as demo keys in their files: they protect nothing). Two runs
write byte-identical files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kit.demo import text
from kit.demo.people import LINK, PRACTITIONERS, Cast, DemoPractitioner, demo_settings, make_cast
from kit.demo.writer import DemoWriter
from kit.model import vocab
from kit.model.records import (
    FocusArea,
    JourneyStep,
    LicenceEvent,
    MicroProject,
    NamesToHide,
    Profile,
    Reflection,
    ResearchConsent,
    ReviewNote,
    SupportContact,
)
from kit.store.keys import add_demo_keys
from kit.store.workspace import Workspace

SEED = 20261114
END_DATE = date(2026, 11, 13)
FOCUS_AREA_COUNTS = (2, 1, 3, 2, 3, 1, 2, 3, 1, 2, 2, 3)
PROJECT_TYPES = ("T1", "T2", "T3", "T4")
TOPIC_LABELS = ("Y5 nurture group", "Parent drop-in group", "Transition to secondary",
                "Breakfast club", "Reception settling-in", "Dads' group")
TEMPLATE_WEIGHTS = (("i_matter", 40), ("gibbs", 25), ("rolfe", 25), ("nuggets", 10))
# The practitioners whose year has a twist.
PAUSED, RENEWED, CONTINUED = "p04", "p09", ("p02", "p06")
CONSENT_WITHDRAWN, NO_CONSENT = "p07", "p11"
CLOSES_AND_OPENS = "p05"
SCHOOL_NAME_REMOVED, REFLECTION_REVISED, AIM_REVISED, REFLECTION_WITHDRAWN = "p01", "p06", "p03", "p08"
REVIEW_PERIODS = (("2026-Q2", date(2026, 7, 6)), ("2026-Q3", date(2026, 10, 5)))

# Who has which twist, for tests and for the privacy work (see kit.demo).
FACTS: dict[str, object] = {
    "end_date": END_DATE,
    "licence_paused": PAUSED,
    "licence_renewed": RENEWED,
    "licence_continued": CONTINUED,
    "consent_withdrawn": CONSENT_WITHDRAWN,  # given, then withdrawn on 12/10/2026
    "no_consent": NO_CONSENT,  # never decided: deny by default
    "focus_area_closed_then_fourth_opened": CLOSES_AND_OPENS,
    "reflection_revised_to_remove_school_name": SCHOOL_NAME_REMOVED,  # old version keeps it
    "reflection_revised": REFLECTION_REVISED,
    "focus_area_aim_revised": AIM_REVISED,
    "reflection_withdrawn": REFLECTION_WITHDRAWN,
    "review_periods": tuple(period for period, _ in REVIEW_PERIODS),
    "names_to_hide_skipped": "every fifth focus area (cast index 4, 9, ...) registers none",
}


@dataclass
class Area:
    """A demo focus area with its invented cast."""

    record: FocusArea
    cast: Cast
    closed_on: date | None = None

    def open_on(self, day: date) -> bool:
        """Whether the area was open on ``day``."""
        return self.record.opened_on <= day and (self.closed_on is None or day < self.closed_on)


@dataclass
class Year:
    """What has been written for one practitioner so far."""

    person: DemoPractitioner
    rng: random.Random
    writer: DemoWriter
    start: date
    areas: list[Area] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)
    contact_details: int = 0  # how many contact details planted so far


def generate_demo(path: Path | str) -> Workspace:
    """Create the demo workspace at ``path`` (which must not be a workspace yet)."""
    workspace = Workspace.create(path, demo_settings())
    # Demo keys, derived from the public seed: the committed demo is reproducible, and protects nothing.
    add_demo_keys(workspace, [person.id for person in workspace.settings.people], SEED)
    area_counter = 0
    for index, person in enumerate(PRACTITIONERS):
        rng = random.Random(f"{SEED}-{person.id}")
        start = END_DATE - timedelta(days=round(person.months * 30.5) + rng.randint(2, 5))
        year = Year(person, rng, DemoWriter(workspace, rng), start, contact_details=index * 3)
        _licence(year, index)
        area_counter = _focus_areas(year, FOCUS_AREA_COUNTS[index], area_counter)
        _journey(year)
        _reflections(year)
        _support(year)
        _reviews(year)
        _edits(year)
    return workspace


def _applied_on(year: Year) -> date:
    if year.person.id == RENEWED:
        return date(2025, 10, 6)
    return year.start - timedelta(days=21)


def _licence(year: Year, index: int) -> None:
    person, writer = year.person, year.writer
    applied = _applied_on(year)
    writer.new(Profile, person.id, applied - timedelta(days=2), display_name=person.name,
               role="mini_candle_practitioner", stage=person.stage,
               organisation=person.organisation, lead_id=person.lead_id, link_id=LINK)
    if person.id != NO_CONSENT:
        writer.new(ResearchConsent, person.id, applied, decision="given", decided_on=applied)
    project_type = PROJECT_TYPES[index % len(PROJECT_TYPES)]
    title, idea = text.PROJECT_IDEAS[project_type]
    writer.new(MicroProject, person.id, applied, title=title,
               idea=idea.format(town=make_cast(index * 3).town), project_type=project_type,
               link_id=LINK, lead_id=person.lead_id)
    writer.new(LicenceEvent, person.id, applied, event="applied", event_date=applied,
               reason="Applying with my micro-project idea.")
    active = applied + timedelta(days=14)
    writer.new(LicenceEvent, person.id, active, event="active", event_date=active)
    if person.id == RENEWED:
        renewed = date(2026, 10, 19)
        writer.new(LicenceEvent, person.id, renewed, event="renewed", event_date=renewed,
                   reason="Still relevant to my practice; renewing for another year.")
    if person.id in CONTINUED:
        continued = date(2026, 10, 9)
        writer.new(LicenceEvent, person.id, continued, event="continued", event_date=continued,
                   reason="Talked it through at the Q3 review; the work is still useful.")
    if person.id == PAUSED:
        paused = END_DATE + timedelta(days=3)
        writer.new(LicenceEvent, person.id, paused, event="paused", event_date=paused,
                   reason="Pausing while our team is restructured; I hope to pick it up in spring.")
    if person.id == CONSENT_WITHDRAWN:
        withdrawn = date(2026, 10, 12)
        writer.new(ResearchConsent, person.id, withdrawn, decision="withdrawn",
                   decided_on=withdrawn)


def _area_label(kind: str, letter: str, topic_index: int) -> str:
    if kind == "family":
        return f"Family {letter}"
    if kind == "individual":
        return f"Young person {letter}"
    return TOPIC_LABELS[topic_index % len(TOPIC_LABELS)]


def _new_area(year: Year, position: int, opened: date, cast_index: int) -> Area:
    kind = ("family", "individual", "topic")[(cast_index + position) % 3]
    label = _area_label(kind, "ABCDEFG"[position], cast_index)
    record = year.writer.new(FocusArea, year.person.id, opened, label=label, focus_kind=kind,
                             aim=text.FOCUS_AIMS[kind], opened_on=opened)
    area = Area(record, make_cast(cast_index))
    if cast_index % 5 != 4:  # most focus areas register their names to hide
        year.writer.new(NamesToHide, year.person.id, opened, focus_area_id=record.entity_id,
                        **area.cast.names_to_hide())
    year.areas.append(area)
    return area


def _focus_areas(year: Year, count: int, counter: int) -> int:
    for position in range(count):
        opened = year.start - timedelta(days=7) + timedelta(days=45 * position)
        _new_area(year, position, opened, counter)
        counter += 1
    if year.person.id == CLOSES_AND_OPENS:
        # Close the first area mid-year, then open a fourth: never more than 3 active.
        closing = year.start + timedelta(days=150)
        first = year.areas[0]
        first.record = year.writer.revise(first.record, closing, "The family moved away; work ended.",
                                          status="closed", closed_on=closing)
        first.closed_on = closing
        _new_area(year, count, closing + timedelta(days=3), counter)
        counter += 1
    return counter


def _journey(year: Year) -> None:
    person, writer = year.person, year.writer
    steps = [("level_1", "l1_foundations")]
    steps += [("level_2", step.id) for step in vocab.load("journey_steps").choices
              if step.group == "level_2" and "community" not in step.id]
    if person.stage == "certified":
        steps += [("level_3", "l3_module"), ("level_3", "l3_study_support"),
                  ("deep_dive", "dd_session")]
    day = _applied_on(year) - timedelta(days=120)
    for level, step in steps:
        day += timedelta(days=year.rng.choice((7, 7, 14, 21)))
        writer.new(JourneyStep, person.id, day, level=level, step=step, step_date=day,
                   note=year.rng.choice(text.JOURNEY_NOTES))
    wheel_day = year.start + timedelta(days=10)
    while wheel_day < END_DATE:
        writer.new(JourneyStep, person.id, wheel_day, level="level_2", step="l2_community_wheel",
                   step_date=wheel_day, note="")
        wheel_day += timedelta(days=year.rng.choice((28, 35, 42, 56)))


def _pick_template(rng: random.Random) -> str:
    names = [name for name, _ in TEMPLATE_WEIGHTS]
    weights = [weight for _, weight in TEMPLATE_WEIGHTS]
    return rng.choices(names, weights)[0]


def _answers(year: Year, template: str, area: Area) -> tuple[dict[str, str], list[str]]:
    rng = year.rng
    answers: dict[str, str] = {}
    tags: set[str] = set()
    prompts = [prompt.id for prompt in vocab.reflection_prompts(template)]
    for position, prompt_id in enumerate(prompts):
        if position and len(prompts) > 3 and rng.random() < 0.1:
            continue  # practitioners leave the odd prompt blank
        answer, answer_tags = text.compose_answer(rng, prompt_id, area.cast, area.record.label)
        answers[prompt_id] = answer
        tags |= answer_tags
    contact_prompts = [p for p in answers if p in text.CONTACT_PROMPTS]
    if contact_prompts and rng.random() < 0.2:
        target = rng.choice(contact_prompts)
        answers[target] += " " + text.contact_sentence(year.contact_details, area.cast,
                                                       area.record.label)
        year.contact_details += 1
    # Practitioners tag the few ideas that matter most to them, not every idea mentioned.
    chosen = rng.sample(sorted(tags), min(len(tags), rng.randint(1, 4)))
    return answers, sorted(chosen)


def _reflections(year: Year) -> None:
    rng, person = year.rng, year.person
    end = END_DATE - timedelta(days=rng.randint(0, 2))
    days = [end]
    while days[-1] - timedelta(days=18) >= year.start:
        days.append(days[-1] - timedelta(days=rng.randint(8, 18)))
    if days[-1] - year.start >= timedelta(days=5):
        days.append(year.start)  # the first reflection opens the reflective year
    else:
        days[-1] = year.start
    total = (end - year.start).days
    for day in reversed(days):
        open_areas = [area for area in year.areas if area.open_on(day)]
        chosen = [rng.choice(open_areas)]
        others = [area for area in open_areas if area is not chosen[0]]
        if others and rng.random() < 0.15:
            chosen.append(rng.choice(others))
        template = _pick_template(rng)
        answers, tags = _answers(year, template, chosen[0])
        progress = (day - year.start).days / max(total, 1)
        rated = rng.random() < 0.7
        reflection = year.writer.new(
            Reflection, person.id, day, reflection_date=day,
            focus_area_ids=[area.record.entity_id for area in chosen], template=template,
            answers=answers, tags=tags,
            self_understanding=_rating(rng, progress) if rated else None,
            self_confidence=_rating(rng, progress) if rated else None,
            visibility="private" if rng.random() < 0.1 else "lead",
            referred_on=rng.random() < 0.03,
        )
        year.reflections.append(reflection)


def _rating(rng: random.Random, progress: float) -> int:
    return max(1, min(5, round(2 + 2.5 * progress + rng.uniform(-0.8, 0.8))))


def _support(year: Year) -> None:
    rng, person, writer = year.rng, year.person, year.writer
    modes = [choice.id for choice in vocab.load("contact_modes").choices]
    contacts = [(LINK, "link", _applied_on(year) + timedelta(days=5)),
                (LINK, "link", year.start + timedelta(days=90))]
    day = year.start + timedelta(days=20)
    while day < END_DATE:
        contacts.append((person.lead_id, "lead", day))
        day += timedelta(days=rng.randint(24, 40))
    for supporter, role, when in sorted(contacts, key=lambda item: item[2]):
        area = rng.choice(year.areas)
        note = rng.choice(text.SUPPORT_NOTES).format(label=area.record.label,
                                                     parent=area.cast.parent,
                                                     phone=area.cast.phone)
        writer.new(SupportContact, person.id, when, supporter_id=supporter,
                   supporter_role=role, contact_date=when, mode=rng.choice(modes),
                   minutes=rng.choice((20, 30, 45, 60, 90)), note=note)


def _reviews(year: Year) -> None:
    rng, person = year.rng, year.person
    for period, written in REVIEW_PERIODS:
        label = rng.choice(year.areas).record.label
        note = rng.choice(text.REVIEW_NOTES).format(label=label)
        year.writer.new(ReviewNote, person.id, written, author_id=person.lead_id, period=period,
                        text=note, shared=rng.random() < 0.85)


def _edits(year: Year) -> None:
    """A few revisions and one withdrawal, so history shows."""
    person, writer = year.person, year.writer
    if person.id == SCHOOL_NAME_REMOVED:
        _remove_school_name(year)
    if person.id == REFLECTION_REVISED:
        target = year.reflections[len(year.reflections) // 2]
        key = next(iter(target.answers))
        answers = {**target.answers,
                   key: target.answers[key] + " Since talking to my lead I can see the "
                   "next step is to stand back a little."}
        writer.revise(target, target.reflection_date + timedelta(days=4),
                      "Added what I realised after talking it through with my lead.",
                      answers=answers)
    if person.id == AIM_REVISED:
        area = year.areas[0]
        area.record = writer.revise(area.record, year.start + timedelta(days=60),
                                    "Made the aim smaller and clearer.",
                                    aim="Notice what helps Mum feel steadier at tea time.")
    if person.id == REFLECTION_WITHDRAWN:
        target = year.reflections[2]
        writer.withdraw(target, target.reflection_date + timedelta(days=2),
                        "Written about the wrong focus area; I have written it again.")


def _remove_school_name(year: Year) -> None:
    for reflection in year.reflections:
        area = next(a for a in year.areas if a.record.entity_id == reflection.focus_area_ids[0])
        school = area.cast.school
        if any(school in answer for answer in reflection.answers.values()):
            answers = {key: answer.replace(school, "school")
                       for key, answer in reflection.answers.items()}
            year.writer.revise(reflection, reflection.reflection_date + timedelta(days=1),
                               "Removed the school's name, which I had included by mistake.",
                               answers=answers)
            return
