"""The readable page of a person's download, ``index.html``: their licence, focus areas,
reflections, reviews and notes, their research consent and which packages included them.

One self-contained file: the styles are in it, the charts are inline SVG drawn by the kit's
own charts (:func:`kit.charts.svg.to_svg`: a title and a description for screen readers)
and it names no web address, so it opens offline, prints cleanly (print styles: no contents
list, no page break inside a reflection) and reads in order with a screen reader (one ``h1``,
sections under ``h2``, captioned tables). It shows the current version of each record; every
version, with its edit and withdrawal reasons, is in the data files it links to.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from kit.charts import learning as charts_learning
from kit.charts.svg import to_svg
from kit.model import licence, vocab
from kit.model.history import group_versions, latest_versions, withdrawn_entities
from kit.model.records import (
    BY_TABLE,
    FocusArea,
    JourneyStep,
    LicenceEvent,
    MicroProject,
    Profile,
    Record,
    Reflection,
    ResearchConsent,
    ReviewNote,
    ReviewShare,
    SupportContact,
    Withdrawal,
)
from kit.rights.holdings import Holdings
from kit.views import learning
from kit.views.html_table import html_table

STYLE = """
:root { color: #1a1a1a; background: #fff; font-family: system-ui, -apple-system, "Segoe UI",
  Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 62rem; padding: 1.5rem; }
h1 { font-size: 1.9rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.45rem; margin-top: 2.2rem; border-bottom: 2px solid #4a3b8c; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin-bottom: 0.3rem; }
a { color: #3b2d7a; }
a:focus { outline: 3px solid #d97706; outline-offset: 2px; }
.lead-in { color: #333; margin-top: 0; }
nav ol { columns: 2; padding-left: 1.4rem; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #999; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #ecebf5; }
.chart { margin: 0.8rem 0; overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
article.reflection { border: 1px solid #bbb; border-radius: 6px; padding: 0.6rem 1rem;
  margin: 0.8rem 0; }
article.reflection h3 { margin-top: 0.2rem; }
dl { margin: 0.4rem 0; }
dt { font-weight: 600; margin-top: 0.5rem; }
dd { margin-left: 0; white-space: pre-wrap; }
.meta { color: #333; font-size: 0.95rem; }
.empty { font-style: italic; }
footer { margin-top: 3rem; border-top: 1px solid #999; padding-top: 0.6rem; color: #333;
  font-size: 0.9rem; }
@media print {
  :root { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  article.reflection, table, .chart { break-inside: avoid; }
  a { color: #1a1a1a; text-decoration: none; }
  a[data-path]::after { content: " (" attr(data-path) ")"; font-size: 0.9em; }
}
@page { margin: 18mm 15mm; }
"""

DAY = "%d %b %Y"


@dataclass(frozen=True)
class Section:
    """One part of the page: its anchor, heading and HTML body."""

    anchor: str
    title: str
    body: str


@dataclass(frozen=True)
class PageFacts:
    """What the page needs besides the person's holdings: the workspace's name, renewal months,
    everyone's names (for a lead's or Link's id), when the download was made, and the files in
    it (each with a sentence saying what it holds)."""

    workspace_name: str
    renewal_months: int
    names: dict[str, str]
    made_at: datetime
    files: Sequence[tuple[str, str]]


def esc(value: object) -> str:
    """``value`` as escaped HTML text."""
    return html.escape(str(value))


def day(value: object) -> str:
    """A date as '03 Apr 2025' ('' when there is none)."""
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return ""
    return f"{pd.Timestamp(value):{DAY}}"


def _empty(text: str) -> str:
    return f'<p class="empty">{esc(text)}</p>'


def _table(headers: list[str], rows: list[list[object]], caption: str, empty: str) -> str:
    return html_table(headers, rows, caption=caption) if rows else _empty(empty)


def _chart(chart: object) -> str:
    return f'<div class="chart">{to_svg(chart)}</div>'  # type: ignore[arg-type]


def current(records: Sequence[Record], kind: type[Record]) -> list[Record]:
    """The latest version of each of ``records`` of ``kind``, withdrawn ones left out, oldest
    first by date of saving."""
    withdrawn = withdrawn_entities(r for r in records if isinstance(r, Withdrawal))
    mine = latest_versions([r for r in records if isinstance(r, kind)], withdrawn)
    return sorted(mine, key=lambda record: (record.created_at, record.record_id))


def _label(name: str, value: str | None) -> str:
    return vocab.load(name).label_of(value) if value else ""


def _person(facts: PageFacts, person_id: str | None) -> str:
    if not person_id:
        return ""
    name = facts.names.get(person_id)
    return f"{name}, {person_id}" if name and name != person_id else person_id


# -- the sections --------------------------------------------------------------------------


def about(held: Holdings, facts: PageFacts) -> Section:
    """What the download is and what each file holds."""
    items = "".join(f'<li><a href="{esc(path)}">{esc(path)}</a>: {esc(what)}</li>'
                    for path, what in facts.files)
    body = (f"<p>This folder holds everything the Mini Candle kit of <strong>{esc(facts.workspace_name)}"
            f"</strong> keeps about you: {len(held.records)} record versions, the reviews made about "
            "you, your drafts, the audit lines that name you and the research packages that "
            "included your reflections. This page shows the current version of each record; "
            "every version, with the reason for each change and withdrawal, is in the data "
            "files.</p>"
            f"<ul>{items}</ul>")
    return Section("about", "About this download", body)


def profile(held: Holdings, facts: PageFacts) -> Section:
    """Who the kit says the person is."""
    profiles = current(held.own, Profile)
    if not profiles:
        return Section("profile", "Your profile", _empty("You have not saved a profile."))
    latest = profiles[-1]
    assert isinstance(latest, Profile)
    rows: list[list[object]] = [
        ["Display name", latest.display_name], ["Role", _label("roles", latest.role)],
        ["Stage", latest.stage],
        ["Learning Journey level", _label("journey_levels", latest.journey_level) or "not given"],
        ["Organisation", latest.organisation or "not given"],
        ["Lead practitioner", _person(facts, latest.lead_id) or "none named"],
        ["Link practitioner", _person(facts, latest.link_id) or "none named"]]
    return Section("profile", "Your profile", html_table(["Field", "Value"], rows,
                                                         caption="Your profile as last saved"))


def licence_section(held: Holdings, facts: PageFacts, frames: dict[str, pd.DataFrame]) -> Section:
    """The licence's steps on a time line and in a table, and the micro-project."""
    timeline = learning.licence_timeline(frames.get(LicenceEvent.TABLE, pd.DataFrame()))
    if timeline.empty:
        return Section("licence", "Your licence", _empty("There is no licence step on record."))
    today, renewal = learning.licence_marks(timeline, facts.renewal_months)
    steps = learning.licence_steps(timeline)
    status = licence.status_on(licence.in_order(steps), today)
    rows = [[day(row.date), row.label, row.reason] for row in timeline.itertuples()]
    projects = [[p.title, _label("project_types", p.project_type), p.idea]
                for p in current(held.own, MicroProject) if isinstance(p, MicroProject)]
    body = (f"<p>Your licence is <strong>{esc(status)}</strong>"
            + (f"; the current term is due to renew on {day(renewal)}" if renewal else "") + ".</p>"
            + _chart(charts_learning.licence_timeline(timeline, today, renewal))
            + html_table(["Date", "Step", "Reason"], rows, caption="Licence steps, in date order")
            + _table(["Title", "Type", "Idea"], projects, "Your micro-project",
                     "There is no micro-project on record."))
    return Section("licence", "Your licence", body)


def focus_areas(held: Holdings) -> Section:
    """The focus areas, open and closed."""
    rows = [[a.label, _label("focus_area_kinds", a.focus_kind), a.aim, a.status, day(a.opened_on),
             day(a.closed_on)] for a in current(held.own, FocusArea) if isinstance(a, FocusArea)]
    return Section("focus-areas", "Your focus areas", _table(
        ["Label", "Kind", "Aim", "Status", "Opened", "Closed"], rows, "Your focus areas",
        "There is no focus area on record."))


def _reflection(reflection: Reflection, labels: dict[str, str], versions: int) -> str:
    areas = ", ".join(labels.get(area, "(a focus area no longer in use)")
                      for area in reflection.focus_area_ids)
    answers = "".join(f"<dt>{esc(prompt.label)}</dt><dd>{esc(reflection.answers[prompt.id])}</dd>"
                      for prompt in vocab.reflection_prompts(reflection.template)
                      if reflection.answers.get(prompt.id, "").strip())
    tags = ", ".join(_label("concept_tags", tag) for tag in reflection.tags) or "none"
    seen = "only you" if reflection.visibility == "private" else "you and your lead"
    edited = {1: "", 2: "; edited once"}.get(versions, f"; edited {versions - 1} times")
    return (f'<article class="reflection"><h3>{day(reflection.reflection_date)}: {esc(areas)}</h3>'
            f'<p class="meta">{esc(_label("reflection_templates", reflection.template))}; '
            f"seen by {seen}{edited}.</p><dl>{answers}</dl>"
            f'<p class="meta">Ideas tagged: {esc(tags)}.</p></article>')


def reflections(held: Holdings, frames: dict[str, pd.DataFrame]) -> Section:
    """A chart of reflections a month, then every current reflection in full, oldest first."""
    mine = [r for r in current(held.own, Reflection) if isinstance(r, Reflection)]
    if not mine:
        return Section("reflections", "Your reflections", _empty("There is no reflection on record."))
    labels = {area.entity_id: area.label for area in held.own if isinstance(area, FocusArea)}
    versions = {entity: len(found) for entity, found in group_versions(
        r for r in held.own if isinstance(r, Reflection)).items()}
    counts = learning.reflection_counts(*(frames.get(name, pd.DataFrame()) for name in
                                          ("reflections", "reflection_focus_areas", "focus_areas")))
    ordered = sorted(mine, key=lambda r: (r.reflection_date, r.created_at))
    body = (_chart(charts_learning.reflections_over_time(counts))
            + "".join(_reflection(r, labels, versions.get(r.entity_id, 1)) for r in ordered))
    return Section("reflections", "Your reflections", body)


def journey(held: Holdings, facts: PageFacts) -> Section:
    """Learning Journey steps and support contacts."""
    steps = [[day(s.step_date), _label("journey_levels", s.level), _label("journey_steps", s.step), s.note]
             for s in sorted((s for s in current(held.own, JourneyStep) if isinstance(s, JourneyStep)),
                             key=lambda s: s.step_date)]
    contacts = [[day(c.contact_date), _person(facts, c.supporter_id), c.supporter_role,
                 _label("contact_modes", c.mode), c.minutes, c.note]
                for c in sorted((c for c in current(held.own, SupportContact)
                                 if isinstance(c, SupportContact)), key=lambda c: c.contact_date)]
    body = (_table(["Date", "Level", "Step", "Note"], steps, "Learning Journey steps, in date order",
                   "There is no Learning Journey step on record.")
            + _table(["Date", "With", "Their role", "How", "Minutes", "Note"], contacts,
                     "Support contacts, in date order", "There is no support contact on record."))
    return Section("journey", "Learning Journey and support", body)


def reviews(held: Holdings, files: dict[str, str]) -> Section:
    """The reviews made about the person (each a file in the download) and whether shared."""
    shares = {share.period: share.shared for share in current(held.own, ReviewShare)
              if isinstance(share, ReviewShare)}
    rows = []
    for period, _path in held.reviews:
        link = files.get(period, "")
        state = "shared with you" if shares.get(period) else "your lead has not shared it with you"
        rows.append(f'<li><a href="{esc(link)}" data-path="{esc(link)}">Review of {esc(period)}</a> '
                    f"({state})</li>")
    body = f"<ul>{''.join(rows)}</ul>" if rows else _empty("No review has been made about you.")
    return Section("reviews", "Reviews about you", body)


def notes(held: Holdings, facts: PageFacts, frames: dict[str, pd.DataFrame]) -> Section:
    """The review notes shared with the person, and how many were not shared."""
    frame = frames.get(ReviewNote.TABLE, pd.DataFrame())
    shared = learning.shared_notes(frame, facts.names) if not frame.empty else pd.DataFrame()
    rows = [[period, day(written), author, text] for period, written, author, text in
            shared[["period", "written_on", "from", "note"]].itertuples(index=False, name=None)
            ] if not shared.empty else []
    unshared = sum(1 for n in current(held.own, ReviewNote) if isinstance(n, ReviewNote) and not n.shared)
    body = _table(["Period", "Written on", "From", "Note"], rows, "Review notes shared with you",
                  "No review note has been shared with you.")
    if unshared:
        body += (f"<p>Your lead kept {unshared} note{'s' if unshared != 1 else ''} unshared; "
                 "they are about you, so they are in the data files too (tables/review_notes.csv).</p>")
    return Section("notes", "Review notes", body)


def _held(held: Holdings) -> str:
    if not held.held_for_release:
        return ""
    counts: dict[str, int] = {}
    for item in held.held_for_release:
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    words = ", ".join(f"{number} {status}" for status, number in sorted(counts.items()))
    return (f"<p>{len(held.held_for_release)} of your reflections were held for a lead's check "
            f"before research use ({esc(words)}); each, with the text as it would be released and "
            "every decision on it, is in research/release-queue.json.</p>")


def research(held: Holdings) -> Section:
    """The research consent history and the packages that included the person's reflections."""
    consents = sorted(((c.decided_on, c.created_at, c.decision) for c in held.own
                       if isinstance(c, ResearchConsent)), key=lambda row: (row[0], row[1]))
    history = [[day(decided), f"{saved:%d %b %Y %H:%M} UTC", decision]
               for decided, saved, decision in consents]
    packages = [[item.package, day(item.made_on), item.reflections,
                 "yes" if item.listed_as_withdrawn else "no"] for item in held.packages]
    body = (_table(["Decided on", "Saved at", "Decision"], history,
                   "Your research consent, every decision in order",
                   "You have not decided about research use of your reflections.")
            + _held(held)
            + _table(["Package", "Made on", "Your reflections in it", "Lists you as withdrawn"],
                     packages, "Research packages that included your reflections (scrubbed and "
                     "under a pseudonym; their content is not copied here)",
                     "No research package has included your reflections."))
    return Section("research", "Research use of your reflections", body)


def others(held: Holdings) -> Section:
    """What the person wrote in other people's records, and where others' records name them."""
    written: dict[str, int] = {}
    for record in held.written_for_others:
        written[record.TITLE] = written.get(record.TITLE, 0) + 1
    naming: dict[str, int] = {}
    for item in held.named_in:
        title = BY_TABLE[item.table].TITLE
        naming[title] = naming.get(title, 0) + 1
    body = (_table(["Kind of record", "Versions you wrote"], [[k, v] for k, v in sorted(written.items())],
                   "Records you wrote about other people (in full in the data files)",
                   "You have written no record about anyone else.")
            + _table(["Kind of record", "Versions that name you"],
                     [[k, v] for k, v in sorted(naming.items())],
                     "Other people's records that name you as their lead, Link or supporter "
                     "(listed in named-in.csv; their content is theirs)",
                     "No one else's record names you.")
            + f"<p>The audit log of the team's service names you in {len(held.audit)} "
              f"line{'s' if len(held.audit) != 1 else ''} (audit.jsonl).</p>")
    return Section("others", "Other records and the audit log", body)


def render(held: Holdings, frames: dict[str, pd.DataFrame], facts: PageFacts,
           review_files: dict[str, str]) -> str:
    """The whole page: ``frames`` are the person's current rows of each table, ``review_files``
    the period -> file of each review in the download."""
    sections = [about(held, facts)]
    if "practitioner" in held.kinds or held.own:
        sections += [profile(held, facts), licence_section(held, facts, frames), focus_areas(held),
                     reflections(held, frames), journey(held, facts), reviews(held, review_files),
                     notes(held, facts, frames), research(held)]
    sections.append(others(held))
    contents = "".join(f'<li><a href="#{s.anchor}">{esc(s.title)}</a></li>' for s in sections)
    parts = "".join(f'<section aria-labelledby="{s.anchor}"><h2 id="{s.anchor}">{esc(s.title)}</h2>'
                    f"{s.body}</section>" for s in sections)
    title = f"Everything the Mini Candle kit holds about {held.name}"
    made = f"{facts.made_at:%d %b %Y at %H:%M} UTC"
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
            f'<header><h1>{esc(title)}</h1><p class="lead-in">{esc(held.name)} ({esc(held.person_id)}), '
            f"workspace {esc(facts.workspace_name)}; made on {esc(made)}.</p></header>"
            f'<nav aria-label="Contents"><h2>Contents</h2><ol>{contents}</ol></nav>'
            f"<main>{parts}</main>"
            f"<footer><p>Made by the Mini Candle kit. The kit never grades, scores or ranks anyone: "
            f"any rating here is your own.</p></footer></body></html>\n")

