"""The release queue: reflections that may identify someone wait here for a lead.

A reflection is *held* when the scrubber found something in it or its scrubbed
text still holds a risky token (:mod:`kit.research.risky`). Nothing in the queue
is ever rewritten:

- ``private/release/held/<record id>.json``: the held reflection (original and
  scrubbed answers), written once; records are immutable, so it never goes stale
  (an edited reflection is a new record and a new entry);
- ``private/release/decisions/<record id>/<time>-<lead>-<random>.json``: one small
  file per decision (``confirm``, ``mask``, ``correct`` or ``withhold``), never changed after.

A reflection's state is its decisions replayed in order: masks and corrections
change the text to release, and it is released only while its latest decision is
a ``confirm`` (a later mask asks for a fresh look); ``withhold`` keeps it out of
every export and off the page. Two leads deciding at once
each write their own file, so neither decision is lost. A confirm names the text
the lead saw; if another lead changed it meanwhile, the confirm is refused.
Everything stays under ``private/`` (files mode 0600) and never leaves the workspace.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from kit.errors import ExportError
from kit.filemodes import PRIVATE_DIR_MODE, make_folder
from kit.model.dates import utc_now
from kit.store import atomic
from kit.store.workspace import Workspace

Action = Literal["confirm", "mask", "correct", "withhold"]
ACTIONS = ("confirm", "mask", "correct", "withhold")
REF_LENGTH = 6
LEGACY_QUEUE = Path("research_review") / "queue.json"


@dataclass
class QueueItem:
    """One held reflection, as the export found it."""

    record_id: str
    practitioner_id: str
    original: dict[str, str]
    scrubbed: dict[str, str]
    findings: list[list[str]] = field(default_factory=list)
    template: str = ""
    reflection_date: str = ""

    @property
    def ref(self) -> str:
        """A short handle for people and the command line (the record id's last characters)."""
        return self.record_id[-REF_LENGTH:].lower()


@dataclass(frozen=True)
class Decision:
    """One lead's decision on one held reflection (one file, never changed)."""

    record_id: str
    action: Action
    lead: str
    at: str
    answers: dict[str, str] = field(default_factory=dict)
    prompt: str = ""
    span: str = ""
    kind: str = ""


@dataclass(frozen=True)
class HeldNote:
    """What a lead is shown of one held reflection: who, when, which template, and the text
    to release as it stands (never the original, which stays in the workspace)."""

    record_id: str
    practitioner_id: str
    template: str
    reflection_date: str
    text: dict[str, str]

    @property
    def ref(self) -> str:
        """A short handle for people and the command line (the record id's last characters)."""
        return self.record_id[-REF_LENGTH:].lower()


@dataclass
class ItemState:
    """A held reflection with its decisions replayed: the text to release, and whether it is."""

    item: QueueItem
    decisions: list[Decision]
    text: dict[str, str]
    released: dict[str, str] | None
    withheld: bool = False

    @property
    def note(self) -> HeldNote:
        """What a lead is shown of it."""
        item = self.item
        return HeldNote(item.record_id, item.practitioner_id, item.template, item.reflection_date,
                        dict(self.text))

    @property
    def pending(self) -> bool:
        """Whether it still waits for a lead (neither released nor kept back)."""
        return self.released is None and not self.withheld


def release_folder(ws: Workspace) -> Path:
    """Where held reflections and decisions are kept (under ``private/``)."""
    return ws.folder("private") / "release"


def _held_path(ws: Workspace, record_id: str) -> Path:
    return release_folder(ws) / "held" / f"{record_id}.json"


def _decisions_folder(ws: Workspace, record_id: str) -> Path:
    return release_folder(ws) / "decisions" / record_id


def _write_file(path: Path, data: dict) -> bool:
    """Create ``path`` holding ``data`` as JSON, owner-only; never overwrite (False if it existed)."""
    make_folder(path.parent, PRIVATE_DIR_MODE)
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return atomic.create_bytes(path, payload, mode=0o600)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ExportError(f"The release queue file {path} cannot be read ({error}).",
                          "Run `candle check` on the workspace, or restore the file from a backup; "
                          "other decisions are unaffected.") from None


def add_held(ws: Workspace, items: list[QueueItem]) -> int:
    """Hold the reflections not held yet (one new file each); return how many were added."""
    _migrate_legacy(ws)
    return sum(_write_file(_held_path(ws, item.record_id), asdict(item))
               for item in items if not _held_path(ws, item.record_id).exists())


def held(ws: Workspace) -> list[QueueItem]:
    """Every held reflection (decided or not), oldest record first."""
    _migrate_legacy(ws)
    folder = release_folder(ws) / "held"
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return [QueueItem(**_read_json(path)) for path in paths]


def files_of(ws: Workspace, practitioner_id: str) -> list[Path]:
    """The queue's files holding ``practitioner_id``'s reflections: each held entry (their own
    words) and the folder of the decisions on it (what a lead masked or corrected)."""
    return [path for item in held(ws) if item.practitioner_id == practitioner_id
            for path in (_held_path(ws, item.record_id), _decisions_folder(ws, item.record_id))
            if path.exists()]


def decisions(ws: Workspace, record_id: str) -> list[Decision]:
    """The decisions on one reflection, oldest first (by time, then file name)."""
    folder = _decisions_folder(ws, record_id)
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    found = [Decision(**_read_json(path)) for path in paths]
    return sorted(found, key=lambda d: d.at)  # stable: same-time files keep their name order


def mask_text(text: str, span: str, kind: str) -> str:
    """``text`` with every whole-word mention of ``span`` (any case) replaced by ``[KIND]``."""
    pattern = re.compile(rf"(?<![\w]){re.escape(span.strip())}(?![\w])", re.IGNORECASE)
    return pattern.sub(f"[{kind}]", text)


def replay(item: QueueItem, found: list[Decision]) -> ItemState:
    """The state of ``item`` after its decisions, in order (the latest decision counts)."""
    text, released, withheld = dict(item.scrubbed), None, False
    for decision in found:
        if decision.action == "mask":
            text[decision.prompt] = mask_text(text.get(decision.prompt, ""), decision.span, decision.kind)
            released, withheld = None, False
        elif decision.action == "correct":
            text, released, withheld = {**text, **decision.answers}, None, False
        elif decision.action == "withhold":
            released, withheld = None, True
        else:
            released, withheld = dict(decision.answers), False
    return ItemState(item, found, text, released, withheld)


def states(ws: Workspace) -> list[ItemState]:
    """Every held reflection with its decisions replayed, oldest record first."""
    return [replay(item, decisions(ws, item.record_id)) for item in held(ws)]


def pending(ws: Workspace) -> list[ItemState]:
    """The held reflections still waiting for a lead, oldest first."""
    return [state for state in states(ws) if state.pending]


def released_answers(ws: Workspace) -> dict[str, dict[str, str]]:
    """The answers a lead released, by reflection record id."""
    return {s.item.record_id: s.released for s in states(ws) if s.released is not None}


def find(ws: Workspace, ref: str) -> ItemState:
    """The held reflection whose short reference (or record id) is ``ref``."""
    wanted = ref.strip().lower().lstrip("#")
    matches = [s for s in states(ws) if wanted in (s.item.ref, s.item.record_id.lower())]
    if len(matches) != 1:
        problem = "is not" if not matches else "matches more than one"
        raise ExportError(f"'{ref}' {problem} held reflection in workspace {ws.settings.name}.",
                          f"See the references with `candle release list {ws.root}`.")
    return matches[0]


def check_lead(ws: Workspace, lead: str) -> None:
    """Only a lead practitioner of the workspace may decide what is released."""
    if "lead" not in ws.person(lead).kinds:
        raise ExportError(f"{lead} is not a lead practitioner in workspace {ws.settings.name}, so cannot "
                          "release research reflections.",
                          "Ask a lead practitioner of this workspace to review the queue (--as LEAD).")


def _record(ws: Workspace, decision: Decision) -> Decision:
    stamp = decision.at.replace(":", "").replace("-", "").replace("+", "")
    name = f"{stamp}-{decision.lead}-{secrets.token_hex(4)}.json"
    _write_file(_decisions_folder(ws, decision.record_id) / name, asdict(decision))
    return decision


def _decide(ws: Workspace, state: ItemState, lead: str, action: Action,
            answers: dict[str, str] | None = None, **mask_fields: str) -> ItemState:
    """Record one decision (a new file) and return the state after it."""
    decision = Decision(state.item.record_id, action, lead, utc_now().isoformat(), dict(answers or {}),
                        **mask_fields)
    _record(ws, decision)
    return replay(state.item, [*state.decisions, decision])


def _open(ws: Workspace, ref: str, lead: str) -> ItemState:
    check_lead(ws, lead)
    return find(ws, ref)


def confirm(ws: Workspace, ref: str, lead: str, seen: dict[str, str] | None = None) -> ItemState:
    """Release the reflection's text as it stands (``seen``: the text the lead was shown)."""
    state = _open(ws, ref, lead)
    if seen is not None and seen != state.text:
        raise ExportError("This reflection was changed by another lead since you opened it.",
                          "Look at it again, then confirm.")
    return _decide(ws, state, lead, "confirm", state.text)


def withhold(ws: Workspace, ref: str, lead: str) -> ItemState:
    """Keep the reflection out of every export (until a lead confirms it after all)."""
    return _decide(ws, _open(ws, ref, lead), lead, "withhold")


def mask(ws: Workspace, ref: str, lead: str, span: str, kind: str = "NAME",
         prompt: str | None = None) -> ItemState:
    """Mask every mention of ``span`` in one answer (``prompt``) or in every answer that has it."""
    state = _open(ws, ref, lead)
    kind = kind.strip().upper().strip("[]")
    if not span.strip() or not re.fullmatch(r"[A-Z][A-Z_]*", kind):
        raise ExportError("Say which words to mask and with which placeholder (e.g. NAME).",
                          "Give the words exactly as they appear in the text.")
    prompts = [prompt] if prompt else list(state.text)
    hits = [p for p in prompts if mask_text(state.text.get(p, ""), span, kind) != state.text.get(p, "")]
    if not hits:
        raise ExportError(f"'{span}' does not appear in this reflection's text.",
                          "Copy the words exactly as they are shown.")
    for hit in hits:
        state = _decide(ws, state, lead, "mask", prompt=hit, span=span.strip(), kind=kind)
    return state


def correct(ws: Workspace, ref: str, lead: str, answers: dict[str, str]) -> ItemState:
    """Replace answers with the lead's own edit (it then waits for a confirm)."""
    state = _open(ws, ref, lead)
    if set(answers) - set(state.item.scrubbed):
        raise ExportError("The correction names answers this reflection does not have.",
                          "Correct only the answers shown.")
    return _decide(ws, state, lead, "correct", answers)


def _migrate_legacy(ws: Workspace) -> None:
    """Move the old single-file queue (``research_review/queue.json``) into one file per entry."""
    legacy = ws.folder("private") / LEGACY_QUEUE
    if not legacy.is_file():
        return
    for record_id, value in _read_json(legacy).items():
        item = QueueItem(**{k: value[k] for k in ("record_id", "practitioner_id", "original",
                                                  "scrubbed", "findings")})
        if not _held_path(ws, record_id).exists():
            _write_file(_held_path(ws, record_id), asdict(item))
        if value.get("status") in ("confirmed", "corrected") and value.get("final") is not None:
            _record(ws, Decision(record_id, "confirm", value.get("reviewer") or "unknown",
                                 value.get("reviewed_at") or utc_now().isoformat(), value["final"]))
    legacy.rename(legacy.with_name("queue.json.migrated"))
