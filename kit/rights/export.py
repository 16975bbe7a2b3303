"""A person's whole record in one download: ``candle person export`` and, on a hub, the
button in My learning (for their own) or an administrator's request (for anyone).

The folder (a zip on a hub) holds:

- ``index.html``: the readable portfolio (:mod:`kit.rights.portfolio`);
- ``records/<table>/<record id>.json``: every version of every record they wrote or that is
  about them, as the kit reads it, with edit reasons, and their withdrawals with their reasons;
- ``tables/<table>.csv`` and ``tables/datapackage.json``: the same versions as the kit's tidy
  tables (``is_latest``, ``is_withdrawn``) with the data dictionary (:mod:`kit.tables.dictionary`);
- ``reviews/<period>.html``: the reviews made about them; ``drafts/``: their autosaved drafts;
- ``research/packages.csv``: the research packages that included their reflections (by date
  and count, never content); ``research/release-queue.json``: their reflections held for a
  lead's check before research use, with each decision; ``named-in.csv``: other people's
  records that name them;
- ``audit.jsonl``: the lines of the service's audit log that name them;
- ``contents.json``: who, when, and what each file holds.

Nothing about anyone else is copied: records come from the person's own folders, or are ones
they wrote, and other people's records that name them are listed by id only.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kit import __version__
from kit.errors import PermissionDenied, WorkspaceError
from kit.model.dates import utc_now
from kit.model.places import MY_RECORDS
from kit.rights import portfolio
from kit.rights.holdings import Holdings, gather
from kit.rights.interface import ADMIN
from kit.store.atomic import new_folder, write_bytes, write_text
from kit.store.workspace import Workspace
from kit.tables.compiler import to_pandas
from kit.tables.csv_format import write_csv
from kit.tables.dictionary import data_dictionary, write_datapackage
from kit.tables.flags import flagged_tables
from kit.tables.specs import free_text_columns

FILES: dict[str, str] = {
    "index.html": "this page",
    "records/": "every version of every record, one JSON file each, as the kit reads it",
    "tables/": "the same versions as tables (CSV), with the data dictionary (datapackage.json)",
    "reviews/": "the reviews made about you",
    "research/packages.csv": "the research packages that included your reflections",
    "research/release-queue.json": "your reflections held for a lead's check before research use",
    "named-in.csv": "other people's records that name you (ids only)",
    "audit.jsonl": "the lines of the service's audit log that name you",
    "drafts/": "your autosaved form drafts",
    "contents.json": "who, when and what each file holds, for a program",
}


@dataclass(frozen=True)
class PersonExport:
    """Where a person's download was written, and how much it holds."""

    folder: Path
    person_id: str
    counts: dict[str, int]


def check_may_export(asker_id: str, asker_kinds: Sequence[str], person_id: str) -> None:
    """Refuse unless ``asker_id`` is ``person_id`` themself or an administrator."""
    if asker_id == person_id or ADMIN in asker_kinds:
        return
    raise PermissionDenied(
        f"{asker_id} may not download {person_id}'s records: a person's whole record is "
        "downloaded only by that person or an administrator.",
        f"Download your own under {MY_RECORDS}; an administrator (the hub's candle-admins group) "
        "answers a request for anyone else's.")


def current_frames(tables: dict[str, pa.Table]) -> dict[str, pd.DataFrame]:
    """The current rows (latest, not withdrawn) of each flagged table, as DataFrames."""
    return {name: to_pandas(table.filter(pc.and_(table.column("is_latest"),
                                                   pc.invert(table.column("is_withdrawn")))))
            for name, table in tables.items()}


def _write_records(folder: Path, held: Holdings) -> None:
    for record in held.records:
        path = folder / "records" / record.TABLE / f"{record.record_id}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, record.model_dump_json(indent=2) + "\n", durable=False)


def _write_tables(folder: Path, tables: dict[str, pa.Table]) -> None:
    target = folder / "tables"
    target.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        write_csv(target / f"{name}.csv", table, set(free_text_columns(name)), durable=False)
    write_datapackage(target, data_dictionary(list(tables)))


def _write_rows(path: Path, columns: dict[str, pa.Array]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(path, pa.table(columns), durable=False)


def _write_lists(folder: Path, held: Holdings) -> None:
    _write_rows(folder / "research" / "packages.csv", {
        "package": pa.array([p.package for p in held.packages], pa.string()),
        "made_on": pa.array([p.made_on for p in held.packages], pa.date32()),
        "your_reflections": pa.array([p.reflections for p in held.packages], pa.int64()),
        "lists_you_as_withdrawn": pa.array([p.listed_as_withdrawn for p in held.packages], pa.bool_())})
    _write_rows(folder / "named-in.csv", {
        "table": pa.array([n.table for n in held.named_in], pa.string()),
        "record_id": pa.array([n.record_id for n in held.named_in], pa.string()),
        "practitioner_id": pa.array([n.practitioner_id for n in held.named_in], pa.string()),
        "field": pa.array([n.field for n in held.named_in], pa.string()),
        "created_at": pa.array([n.created_at for n in held.named_in], pa.timestamp("us", tz="UTC"))})
    write_text(folder / "research" / "release-queue.json",
               json.dumps(held.held_for_release, indent=2, ensure_ascii=False) + "\n", durable=False)
    lines = "".join(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n"
                    for event in held.audit)
    write_text(folder / "audit.jsonl", lines, durable=False)


def _copy_files(folder: Path, held: Holdings) -> dict[str, str]:
    """Copy the reviews and drafts; period -> the review's path inside the download."""
    for source, inside in held.drafts:
        target = folder / "drafts" / inside
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, source.read_bytes(), durable=False)
    files = {}
    for period, source in held.reviews:
        target = folder / "reviews" / f"{period}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, source.read_bytes(), durable=False)
        files[period] = f"reviews/{period}.html"
    return files


def counts_of(held: Holdings, tables: dict[str, pa.Table]) -> dict[str, int]:
    """How much the download holds, part by part."""
    return {"record_versions": len(held.records), "own_record_versions": len(held.own),
            "versions_written_for_others": len(held.written_for_others),
            **{f"rows_{name}": table.num_rows for name, table in tables.items()},
            "reviews": len(held.reviews), "drafts": len(held.drafts), "audit_lines": len(held.audit),
            "research_packages": len(held.packages), "held_for_release": len(held.held_for_release),
            "named_in": len(held.named_in)}


def _contents(ws: Workspace, held: Holdings, made_at: datetime, counts: dict[str, int]) -> dict[str, Any]:
    return {"person_id": held.person_id, "name": held.name, "workspace": ws.settings.name,
            "made_at": made_at.isoformat(timespec="seconds"), "made_by": f"mini-candle-kit {__version__}",
            "counts": counts, "files": FILES}


def check_out_dir(ws: Workspace, out_dir: Path) -> Path:
    """``out_dir`` if the download may be written there: outside the workspace (it is for
    handing over), and new or empty."""
    out = Path(out_dir).resolve()
    root = ws.root.resolve()
    if out == root or root in out.parents:
        raise WorkspaceError(f"{out} is inside the workspace {root}.",
                             "Write a person's download to a folder outside the workspace.")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise WorkspaceError(f"{out} is not an empty folder.", "Choose a new or empty folder.")
    return out


def export_person(ws: Workspace, person_id: str, out_dir: Path | str,
                  made_at: datetime | None = None) -> PersonExport:
    """Write everything ``ws`` holds about ``person_id`` into ``out_dir`` (new or empty,
    outside the workspace), complete or not at all. Who may ask is the caller's to check
    (:func:`check_may_export`): on one machine, whoever has the workspace folder."""
    out = check_out_dir(ws, Path(out_dir))
    made_at = made_at or utc_now()
    held = gather(ws, person_id)
    tables = flagged_tables(held.own)
    everything = flagged_tables(held.records)
    if out.exists():
        out.rmdir()
    out.parent.mkdir(parents=True, exist_ok=True)
    with new_folder(out) as folder:
        _write_records(folder, held)
        _write_tables(folder, everything)
        _write_lists(folder, held)
        review_files = _copy_files(folder, held)
        counts = counts_of(held, everything)
        facts = portfolio.PageFacts(ws.settings.name, ws.settings.renewal_months,
                                    {p.id: p.name for p in ws.settings.people}, made_at,
                                    [(path, what) for path, what in FILES.items() if path != "index.html"])
        page = portfolio.render(held, current_frames(tables), facts, review_files)
        write_text(folder / "index.html", page, durable=False)
        write_text(folder / "contents.json",
                   json.dumps(_contents(ws, held, made_at, counts), indent=2, ensure_ascii=False) + "\n",
                   durable=False)
    return PersonExport(out, person_id, counts)


def zip_name(person_id: str, made_at: datetime) -> str:
    """The download's name: ``<id>-records-<YYYY-MM-DD>``."""
    return f"{person_id}-records-{made_at:%Y-%m-%d}"


def export_zip(ws: Workspace, person_id: str) -> tuple[str, bytes]:
    """The person's download as a zip: its file name and bytes (one top folder inside)."""
    made_at = utc_now()
    name = zip_name(person_id, made_at)
    with tempfile.TemporaryDirectory(prefix="candle-person-") as temp:
        folder = export_person(ws, person_id, Path(temp) / name, made_at).folder
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                archive.write(path, f"{name}/{path.relative_to(folder).as_posix()}")
    return f"{name}.zip", buffer.getvalue()
