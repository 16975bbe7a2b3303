"""The research export, end to end: consent gate, scrub and review, pseudonyms,
coarsening, k-anonymity, aggregates with small-cell suppression, the package.

``export_research(ws, out_dir)`` is what ``candle export`` runs. It reads the
tidy tables through :func:`kit.tables.compiler.read_table` and the names to hide through
the store (they are never compiled); it writes only into ``out_dir``.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pandas as pd

from kit.errors import ExportError
from kit.filemodes import make_folder
from kit.identify import is_common_word, preload, scrub
from kit.model import vocab
from kit.model.dates import today
from kit.model.records import NamesToHide
from kit.research import coarsen, consent, kanon, package, qdpx, release_queue, release_scope
from kit.research.pseudonyms import Pseudonymiser, load_or_create_key
from kit.research.readme import recipient_readme
from kit.research.report import ExportReport
from kit.research.risky import dictionary, has_risky
from kit.store.erasures import erased_people
from kit.store.workspace import Workspace
from kit.tables.compiler import read_table
from kit.tables.reading import shared_rows

Progress = Callable[[str, int, int], None]
QUASI_IDENTIFIERS = ["period", "role_group", "journey_level", "focus_kind", "life_stage"]
PROGRESS_EVERY = 2000
POOL_THRESHOLD = 5000
POOL_CHUNK = 500
SCRUB_WORKERS = 2


class NothingToRelease(ExportError):
    """No reflection can be released, so no package was written (the report says why)."""

    def __init__(self, report: ExportReport) -> None:
        self.report = report
        held = report.held_back
        waiting = (f"{held} reflection{' waits' if held == 1 else 's wait'} for a lead's review"
                   if held else "no reflection is ready to share")
        if report.held_without_lead:
            waiting += (f"; {report.held_without_lead} of them by practitioners whose profile names "
                        "no lead, which no lead can release until it names one")
        super().__init__(f"Nothing can be released yet ({waiting}), so no package was written.",
                         "Review them with `candle release list WORKSPACE`, or pass --allow-empty to "
                         "write an empty package on purpose.")


def _exporter(ws: Workspace, as_lead: str | None) -> str:
    lead = as_lead or ws.current_user().id
    if "lead" not in ws.person(lead).kinds:
        raise ExportError(f"{lead} is not a lead practitioner in workspace {ws.settings.name}.",
                          "Exports are made by a lead: pass --as LEAD_ID.")
    return lead


def _check_out_dir(ws: Workspace, out_dir: Path) -> Path:
    out_dir = Path(out_dir).resolve()
    private = ws.folder("private").resolve()
    if out_dir == private or private in out_dir.parents:
        raise ExportError(f"{out_dir} is inside the workspace's private folder.",
                          "Choose a folder outside private/, e.g. the workspace's exports/.")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ExportError(f"{out_dir} is not empty.", "Export into a new or empty folder.")
    return out_dir


def _hidden_names(ws: Workspace, display_names: pd.Series | None = None) -> dict[str, tuple[str, ...]]:
    """Per practitioner: their registered names to hide, plus everyone's own names.

    The names of the workspace's people (kit.yaml) and the profiles' display
    names are direct identifiers, hidden from every practitioner's text.
    """
    everyone: set[str] = set()
    shown = list(display_names) if display_names is not None else []
    for full in [p.name for p in ws.settings.people] + shown:
        if isinstance(full, str):
            everyone.add(f"name: {full}")
            everyone.update(f"name: {part}" for part in re.findall(r"[A-Za-z][A-Za-z'’\-]+", full)
                            if len(part) >= 3 and not is_common_word(part))
    names: dict[str, set[str]] = {}
    for record in ws.store.latest(NamesToHide.TABLE):
        if isinstance(record, NamesToHide):
            names.setdefault(record.practitioner_id, set()).update(record.entries())
    practitioners = set(names) | {p.id for p in ws.settings.people}
    hidden = {pid: tuple(sorted(names.get(pid, set()) | everyone)) for pid in practitioners}
    hidden[""] = tuple(sorted(everyone))  # anyone not named in kit.yaml
    return hidden


def _journey_levels(reflections: pd.DataFrame, steps: pd.DataFrame) -> pd.Series:
    order = {level: i for i, level in enumerate(coarsen.level_order())}
    if not len(steps):
        return pd.Series(coarsen.UNKNOWN, index=reflections.index, dtype="string")
    steps = steps.assign(rank=steps["level"].map(order), day=pd.to_datetime(steps["step_date"]))
    steps = steps.sort_values(["practitioner_id", "day"])
    steps["reached"] = steps.groupby("practitioner_id")["rank"].cummax()
    left = reflections.assign(day=pd.to_datetime(reflections["reflection_date"]), row=reflections.index)
    merged = pd.merge_asof(left.sort_values("day"), steps[["practitioner_id", "day", "reached"]]
                           .sort_values("day"), on="day", by="practitioner_id", direction="backward")
    names = {i: level for level, i in order.items()}
    levels = merged.set_index("row")["reached"].map(names).reindex(reflections.index)
    return levels.fillna(coarsen.UNKNOWN).astype("string")


def _roles(reflections: pd.DataFrame, profiles: pd.DataFrame) -> pd.Series:
    latest = profiles.sort_values("created_at").groupby("practitioner_id")["role"].last()
    return coarsen.role_groups(reflections["practitioner_id"].map(latest))


def _first_focus(reflections: pd.DataFrame, links: pd.DataFrame, areas: pd.DataFrame
                 ) -> pd.DataFrame:
    if reflections.empty:  # mapping no ids through a date column fails in pandas
        return pd.DataFrame({"focus_kind": [], "life_stage": []}, index=reflections.index, dtype=object)
    first = links.drop_duplicates("record_id").set_index("record_id")["focus_area_id"]
    area = areas.set_index("entity_id")
    ids = reflections["record_id"].map(first)
    kinds = coarsen.focus_kind_groups(ids.map(area["focus_kind"]))
    stages = coarsen.life_stages(ids.map(area["opened_on"]), reflections["reflection_date"])
    return pd.DataFrame({"focus_kind": kinds, "life_stage": stages}, index=reflections.index)


ScrubJob = tuple[str, dict[str, str], tuple[str, ...]]
ScrubDone = tuple[str, dict[str, str], list[list[str]], bool]


def scrub_job(job: ScrubJob) -> ScrubDone:
    """Scrub every answer of one reflection: (record id, scrubbed answers, findings, held).

    It is held for a lead when the scrubber found something or a risky token is left.
    """
    record_id, texts, names = job
    results = {prompt: scrub(text, names) for prompt, text in texts.items()}
    findings = [[p, f.kind, f.text] for p, r in results.items() for f in r.findings]
    scrubbed = {p: r.text for p, r in results.items()}
    return record_id, scrubbed, findings, bool(findings) or has_risky(scrubbed)


def _run_jobs(jobs: list[ScrubJob]) -> Iterator[ScrubDone]:
    """Scrub in worker processes when there is a lot to do (forked: the name list is shared)."""
    workers = min(SCRUB_WORKERS, os.cpu_count() or 1)
    if len(jobs) >= POOL_THRESHOLD and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        preload(), dictionary()  # load once before forking, so workers inherit them
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(scrub_job, jobs, chunksize=POOL_CHUNK)
    else:
        yield from map(scrub_job, jobs)


def _scrub_all(reflections: pd.DataFrame, answers: pd.DataFrame, hidden: dict[str, tuple[str, ...]],
               progress: Progress | None) -> tuple[dict[str, dict[str, str]], list[release_queue.QueueItem]]:
    """Scrubbed answers of clean reflections, and queue items for the flagged ones."""
    owner = dict(zip(reflections["record_id"], reflections["practitioner_id"], strict=True))
    about = {rid: (template, str(day)) for rid, template, day in
             zip(reflections["record_id"], reflections["template"], reflections["reflection_date"],
                 strict=True)}
    grouped: dict[str, dict[str, str]] = {}
    for record_id, prompt, text in zip(answers["record_id"], answers["prompt_id"], answers["answer"],
                                       strict=True):
        if record_id in owner:
            grouped.setdefault(record_id, {})[prompt] = "" if pd.isna(text) else str(text)
    shared = hidden.get("", ())
    jobs = [(rid, texts, hidden.get(owner[rid], shared)) for rid, texts in grouped.items()]
    clean: dict[str, dict[str, str]] = {}
    flagged: list[release_queue.QueueItem] = []
    for done, (record_id, scrubbed, findings, held) in enumerate(_run_jobs(jobs), start=1):
        if held:  # nothing unreviewed that might identify
            flagged.append(release_queue.QueueItem(record_id, owner[record_id], grouped[record_id],
                                                   scrubbed, findings, *about[record_id]))
        else:
            clean[record_id] = grouped[record_id]
        if progress and (done % PROGRESS_EVERY == 0 or done == len(jobs)):
            progress("scrubbing", done, len(jobs))
    return clean, flagged


def _aggregates(rows: pd.DataFrame, tags: pd.DataFrame, k: int) -> dict[str, pd.DataFrame]:
    levels = [*coarsen.level_order(), coarsen.UNKNOWN]
    context = rows[["record_id", "practitioner_id", "journey_level", "life_stage"]]
    tagged = tags[["record_id", "tag"]].merge(context, on="record_id")
    tag_groups = {c.id: c.group for c in vocab.load("concept_tags").choices}
    tagged = tagged.assign(tag_group=tagged["tag"].map(tag_groups).fillna(coarsen.UNKNOWN))
    stage_order = [label for _, label in coarsen.LIFE_STAGES] + [coarsen.LATE_STAGE, coarsen.UNKNOWN]
    return {
        "activity_by_period": kanon.safe_crosstab(rows, "period", "focus_kind", "practitioner_id", k),
        "tags_by_level": kanon.safe_crosstab(
            tagged, "journey_level", "tag", "practitioner_id", k,
            row_order=[lv for lv in levels if lv in set(tagged["journey_level"])]),
        "focus_life": kanon.safe_crosstab(
            tagged, "life_stage", "tag_group", "practitioner_id", k,
            row_order=[s for s in stage_order if s in set(tagged["life_stage"])]),
    }


def answers_count(clean: dict[str, dict[str, str]], flagged: list[release_queue.QueueItem]) -> int:
    """How many answer texts were scrubbed."""
    return sum(len(texts) for texts in clean.values()) + sum(len(item.original) for item in flagged)


def export_research(ws: Workspace, out_dir: Path | str, *, as_lead: str | None = None, k: int = 5,
                    grain: coarsen.Grain = "month", export_date: date | None = None,
                    progress: Progress | None = None, allow_empty: bool = False,
                    qdpx_only: bool = False) -> ExportReport:
    """Write a research package for ``ws`` into ``out_dir``; return the counts.

    Raises :class:`ExportError` (with what to do) when the exporter is not a
    lead, ``k`` or ``grain`` is invalid, or ``out_dir`` is unsafe or not empty;
    :class:`NothingToRelease` (writing nothing) when no reflection can be
    released, unless ``allow_empty``. ``qdpx_only`` writes only the REFI-QDA project
    (``project.qdpx``, from the same released frames as the CSV package).
    """
    kanon.check_k(k)
    if grain not in coarsen.GRAINS:
        raise ExportError(f"'{grain}' is not a date grain.", "Use 'month' or 'quarter'.")
    _exporter(ws, as_lead)
    out = _check_out_dir(ws, Path(out_dir))
    export_date = export_date or today()
    report = ExportReport(out, export_date, k, grain)
    pseudo = Pseudonymiser(load_or_create_key(ws))

    current = read_table(ws, "reflections")
    gate = consent.decide(read_table(ws, "consents"), export_date, set(current["practitioner_id"]))
    report.practitioners = len(set(current["practitioner_id"]) | gate.withdrawn)
    report.consented, report.withdrawn = len(gate.included), len(gate.withdrawn)
    report.no_consent, report.consent_after_export = len(gate.no_consent), len(gate.given_after_export)
    considered = current[current["practitioner_id"].isin(gate.included)]
    report.reflections_considered = len(considered)
    reflections = shared_rows(considered, "reflections").reset_index(drop=True)  # the read rule
    report.private_excluded = report.reflections_considered - len(reflections)

    hidden = _hidden_names(ws, read_table(ws, "profiles")["display_name"])
    answers = shared_rows(read_table(ws, "reflection_answers"), "reflection_answers", current)
    clean, flagged = _scrub_all(reflections, answers, hidden, progress)
    release_queue.add_held(ws, flagged)
    decided = release_queue.released_answers(ws)
    released = {**clean, **{item.record_id: decided[item.record_id] for item in flagged
                            if item.record_id in decided}}
    report.clean, report.flagged = len(clean), len(flagged)
    report.texts_scrubbed = int(answers_count(clean, flagged))
    report.released_after_review = len(released) - len(clean)
    report.held_back = len(flagged) - report.released_after_review
    still_held = {item.practitioner_id for item in flagged if item.record_id not in decided}
    leadless = release_scope.without_a_lead(ws, still_held)
    report.held_without_lead = sum(1 for item in flagged
                                   if item.record_id not in decided and item.practitioner_id in leadless)
    reflections = reflections[reflections["record_id"].isin(released)].reset_index(drop=True)

    rows = _coarsened_rows(ws, reflections, grain)
    tags = read_table(ws, "reflection_tags")
    tags = tags[tags["record_id"].isin(set(rows["record_id"]))]
    aggregates = _aggregates(rows, tags, k)
    kept, suppression = kanon.k_anonymise(rows, QUASI_IDENTIFIERS, "practitioner_id", k)
    report.generalised_rows, report.dropped_rows = suppression.generalised_rows, suppression.dropped_rows
    report.exported_reflections = len(kept)
    report.suppressed_cells = {name: int(frame["suppressed"].sum()) for name, frame in aggregates.items()}

    if not report.exported_reflections and not allow_empty:
        raise NothingToRelease(report)
    tables = _pseudonymised_tables(ws, kept, tags, released, gate, pseudo)
    tables.update(aggregates)
    description = (f"Anonymised reflections exported on {export_date.isoformat()} (k={k}, "
                   f"dates by {grain}).")
    if qdpx_only:
        make_folder(out)
    else:
        package.write_package(out, tables, recipient_readme(report), description, created=export_date)
    qdpx.write_qdpx(out / qdpx.FILE_NAME, tables, description, export_date)  # the same frames
    return report


def _coarsened_rows(ws: Workspace, reflections: pd.DataFrame, grain: coarsen.Grain) -> pd.DataFrame:
    rows = reflections[["record_id", "entity_id", "practitioner_id", "reflection_date", "template",
                        "self_understanding", "self_confidence"]].copy()
    rows["period"] = coarsen.periods(rows["reflection_date"], grain)
    rows["role_group"] = _roles(rows, read_table(ws, "profiles"))
    rows["journey_level"] = _journey_levels(rows, read_table(ws, "journey_steps"))
    focus = _first_focus(rows, read_table(ws, "reflection_focus_areas"), read_table(ws, "focus_areas"))
    return pd.concat([rows, focus], axis=1)


def _pseudonymised_tables(ws: Workspace, kept: pd.DataFrame, tags: pd.DataFrame,
                          released: dict[str, dict[str, str]], gate: consent.ConsentGate,
                          pseudo: Pseudonymiser) -> dict[str, pd.DataFrame]:
    reflection_of = {rid: pseudo("reflection", eid)
                     for rid, eid in zip(kept["record_id"], kept["entity_id"], strict=True)}
    out = kept.assign(reflection_id=kept["record_id"].map(reflection_of),
                      practitioner_id=kept["practitioner_id"].map(lambda p: pseudo("practitioner", p)))
    orders = {}
    for template in set(kept["template"]):
        for position, prompt in enumerate(vocab.reflection_prompts(template), start=1):
            orders[prompt.id] = position
    answers = pd.DataFrame(
        [{"reflection_id": reflection_of[rid], "prompt_id": prompt, "prompt_order": orders.get(prompt),
          "answer": text}
         for rid in kept["record_id"] for prompt, text in released[rid].items() if text.strip()],
        columns=["reflection_id", "prompt_id", "prompt_order", "answer"])
    tags = tags[tags["record_id"].isin(reflection_of)]
    links = read_table(ws, "reflection_focus_areas")
    links = links[links["record_id"].isin(reflection_of)]
    return {
        "reflections": out,
        "reflection_answers": answers,
        "reflection_tags": pd.DataFrame({"reflection_id": tags["record_id"].map(reflection_of),
                                         "tag": tags["tag"]}),
        "reflection_focus_areas": pd.DataFrame({
            "reflection_id": links["record_id"].map(reflection_of),
            "focus_area_id": links["focus_area_id"].map(lambda f: pseudo("focus_area", f)),
        }).drop_duplicates(),
        "withdrawn_practitioners": pd.DataFrame(  # consent withdrawn, or erased (kit.rights.erase)
            {"practitioner_id": sorted(pseudo("practitioner", p)
                                       for p in gate.withdrawn | erased_people(ws))}),
    }
