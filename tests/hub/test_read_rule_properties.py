"""The read rule as a property (issue 16): random sequences of saves, edits (visibility and
sharing changed too), withdrawals and un-withdrawals by several practitioners, one of them
also a lead, and after every step every reader reads through every read route, on both
backends. Each saved version carries synthetic canary words of its own (in its text, its
edit reason, a withdrawal's reason); no reader ever receives a canary of text that the
owner's current state keeps from them, and the copy and table routes give exactly what the
rule says (nothing less either).

People: p01 and p02 (practitioners naming lead1), lead1 (a lead, and a practitioner naming
lead2), lead2 (a lead), link1 (the Link every practitioner names), res1 (a researcher); every
practitioner consents to research use.

Routes read after each step: ``api/rows`` (every table with typed text), ``api/copy``, the
roster and the Link's list, the release queue (its scope and each lead's items), a review's
data (each practitioner's and each lead's cohort, as the review runner gathers it; no notebook
is run), and on the service a kernel's copy (the mirror's sync, then its compiled tables:
every byte of the folder). A lead's research export is a step of its own (at most one per
example: it is slow), its package read as a researcher. Hypothesis runs a fixed set of examples
(``derandomize``): the same sequences on every run, :data:`EXAMPLES` of up to :data:`STEPS`
steps per backend.

What each reader may receive is worked out here from the test's own account of who saved
what: the rule written again, apart from kit.model.reading, so the two can disagree.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from inprocess_service import CandleService

from kit.capture.submit import submit
from kit.errors import PermissionDenied
from kit.hub.backend import WorkspaceBackend
from kit.hub.local import LocalBackend
from kit.hub.mirror import sync
from kit.model.dates import today
from kit.model.periods import period_containing
from kit.model.records import FocusArea, Profile, Reflection, ResearchConsent, ReviewNote, Withdrawal
from kit.research import release_scope
from kit.reviews.data import TableSource, cohort_inputs, each_practitioners_inputs
from kit.store.workspace import Person, Settings, Workspace
from kit.tables.compiler import compile_tables

EXAMPLES = 5  # per backend; the README's "Run it for a team" says how many
STEPS = 10
CANARY = re.compile(r"Cnry\d{5}x")
KINDS = {"p01": ["practitioner"], "p02": ["practitioner"], "lead1": ["practitioner", "lead"],
         "lead2": ["lead"], "link1": ["link"], "res1": ["researcher"]}
LEAD_OF = {"p01": "lead1", "p02": "lead1", "lead1": "lead2"}
PRACTITIONERS = tuple(LEAD_OF)
READERS = ("p01", "p02", "lead1", "lead2")  # those who read records at all
MIRRORED = ("p01", "lead1", "lead2")
COPIED = (Reflection.TABLE, ReviewNote.TABLE, Withdrawal.TABLE)
TEXT_TABLES = (*COPIED, "reflection_answers")
PICK = st.integers(min_value=0, max_value=3)  # the newest entity first: chains of changes to one


@dataclass
class Version:
    """One saved version: its record id, the canaries in its text, whether it keeps the
    entity to its owner (a private reflection, an unshared note)."""

    record_id: str
    text_words: frozenset[str]
    reason_words: frozenset[str] = frozenset()
    kept: bool = False

    @property
    def words(self) -> frozenset[str]:
        return self.text_words | self.reason_words


@dataclass
class Entity:
    """Every version of one record, as the test saved them."""

    table: str
    entity_id: str
    practitioner: str  # whose folder
    owner: str  # who owns it: the practitioner, or for a review note their lead
    versions: list[Version]
    target: str | None = None  # a withdrawal's
    day: date | None = None  # a reflection's date
    period: str | None = None  # a review note's


@dataclass
class Expected:
    """The rule, worked out again from the test's own account."""

    entities: dict[str, Entity] = field(default_factory=dict)

    def of(self, table: str) -> list[Entity]:
        return sorted((e for e in self.entities.values() if e.table == table), key=lambda e: e.entity_id)

    def withdrawn(self, entity_id: str) -> bool:
        return any(w.target == entity_id and not self.withdrawn(w.entity_id)
                   for w in self.of(Withdrawal.TABLE))

    def shared(self, entity: Entity) -> Version | None:
        """What anyone but the owner may have of ``entity``: its latest version, if it is
        neither a withdrawal nor withdrawn nor kept to its owner."""
        latest = entity.versions[-1]
        if entity.table == Withdrawal.TABLE or self.withdrawn(entity.entity_id) or latest.kept:
            return None
        return latest

    def received(self, reader: str, entity: Entity) -> list[Version]:
        """The versions of ``entity`` that ``reader`` receives (the copy route)."""
        if reader == entity.owner:
            return list(entity.versions)
        if reader not in (entity.practitioner, LEAD_OF.get(entity.practitioner)):
            return []
        shared = self.shared(entity)
        return [shared] if shared else []

    def current(self, reader: str, entity: Entity) -> Version | None:
        """The row of ``entity`` that ``reader`` reads in a table of current rows."""
        if self.withdrawn(entity.entity_id):
            return None
        if reader == entity.owner:
            return entity.versions[-1]
        received = self.received(reader, entity)
        return received[-1] if received else None

    def allowed(self, reader: str) -> set[str]:
        return {word for entity in self.entities.values() for version in self.received(reader, entity)
                for word in version.words}

    def shared_words(self) -> set[str]:
        return {word for entity in self.entities.values() if (v := self.shared(entity)) for word in v.words}

    def last_shared_day(self, practitioner: str) -> date | None:
        days = [e.day for e in self.of(Reflection.TABLE) if e.practitioner == practitioner and self.shared(e)]
        return max(days, default=None)


def words_in(text: str) -> set[str]:
    return set(CANARY.findall(text))


def frame_words(frame: pd.DataFrame) -> set[str]:
    return words_in(frame.to_csv(index=False))


def folder_words(folder: Path) -> set[str]:
    return words_in(b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())
                    .decode("utf-8", "replace"))


def settle(ws: Workspace) -> None:
    """Date every records/ folder ten seconds back, each time afresh, as if the step's writes
    were that long ago. A table read within two seconds of a write compiles again (a folder's
    time stamp may not have moved yet); this lets the steps' many reads compile once."""
    past = time.time_ns() - 10_000_000_000
    for folder in [ws.store.records_dir, *ws.store.records_dir.rglob("*")]:
        if folder.is_dir():
            os.utime(folder, ns=(past, past))


def make_workspace(folder: Path) -> tuple[Workspace, dict[str, str]]:
    """The team's workspace: profiles, one focus area each, research consent; area ids."""
    people = [Person(id=pid, name=f"Person {pid}", kinds=kinds)  # type: ignore[arg-type]
              for pid, kinds in KINDS.items()]
    ws = Workspace.create(folder, Settings(name="Read rule", people=people))
    areas = {}
    for pid, lead in LEAD_OF.items():
        submit(ws, Profile.new(practitioner_id=pid, display_name=f"Person {pid}",
                               role="mini_candle_practitioner", stage="trainee", lead_id=lead,
                               link_id="link1"))
        area = FocusArea.new(practitioner_id=pid, label="Family A", focus_kind="family",
                             opened_on=today() - timedelta(days=60))
        submit(ws, area)
        submit(ws, ResearchConsent.new(practitioner_id=pid, decision="given",
                                       decided_on=today() - timedelta(days=1)))
        areas[pid] = area.entity_id
    return ws, areas


class ReadRuleMachine(RuleBasedStateMachine):
    """One team, one backend; the expected state beside it."""

    service: CandleService | None = None  # set per backend by the test below
    base: Path | None = None  # where each example's folders go (the test's tmp_path)

    def __init__(self) -> None:
        super().__init__()
        self.home = Path(tempfile.mkdtemp(dir=self.base))
        self.ws, self.areas = make_workspace(self.home / "workspace")
        if self.service is not None:
            self.service.use(self.ws)
        self.expect = Expected()
        self.counter = itertools.count(1)
        self.exported = False
        month = period_containing(today(), "monthly")
        self.periods = (month.name, period_containing(today(), "quarterly").name)
        self.review_period = period_containing(today(), "quarterly")

    def as_(self, person: str) -> WorkspaceBackend:
        if self.service is None:
            return LocalBackend.for_user(self.ws, person)
        return self.service.backend(person)

    def word(self) -> str:
        return f"Cnry{next(self.counter):05d}x"

    def pick(self, table: str, index: int, keep: Callable[[Entity], bool] = lambda e: True) -> Entity | None:
        found = [e for e in self.expect.of(table) if keep(e)]
        found.sort(key=lambda e: e.versions[0].record_id)  # record ids sort by time
        return found[-1 - index % len(found)] if found else None

    def add(self, entity: Entity) -> None:
        self.expect.entities[entity.entity_id] = entity

    # -- steps ------------------------------------------------------------------------------
    @initialize()
    def something_to_read(self) -> None:
        """Every example starts with text each reader may read: a reflection of each
        practitioner shared with their lead, and a shared note of lead1's for p01."""
        for who in PRACTITIONERS:
            self.save_reflection(who, private=False, back=0)
        self.save_note("p01", shared=True, which=0)

    @rule(who=st.sampled_from(PRACTITIONERS), private=st.booleans(), back=st.integers(0, 50))
    def save_reflection(self, who: str, private: bool, back: int) -> None:
        word, day = self.word(), today() - timedelta(days=back)
        reflection = Reflection.new(practitioner_id=who, focus_area_ids=[self.areas[who]],
                                    reflection_date=day, template="rolfe",
                                    answers={"what": f"We tried {word} today."},
                                    visibility="private" if private else "lead")
        self.as_(who).submit(reflection)
        self.add(Entity(Reflection.TABLE, reflection.entity_id, who, who,
                        [Version(reflection.record_id, frozenset({word}), kept=private)], day=day))

    @precondition(lambda self: self.expect.of(Reflection.TABLE))
    @rule(index=PICK, private=st.booleans(), new_text=st.booleans())
    def edit_reflection(self, index: int, private: bool, new_text: bool) -> None:
        entity = self.pick(Reflection.TABLE, index)
        assert entity is not None
        reason, text_words = self.word(), entity.versions[-1].text_words
        changes: dict[str, object] = {"visibility": "private" if private else "lead"}
        if new_text:
            fresh = self.word()
            changes["answers"], text_words = {"what": f"Rather {fresh} after all."}, frozenset({fresh})
        revised = self.as_(entity.owner).edit(Reflection.TABLE, entity.entity_id, entity.practitioner,
                                              f"Changed it: {reason}.", changes)
        entity.versions.append(Version(revised.record_id, text_words, frozenset({reason}), kept=private))

    @rule(who=st.sampled_from(PRACTITIONERS), shared=st.booleans(), which=st.integers(0, 1))
    def save_note(self, who: str, shared: bool, which: int) -> None:
        period = self.periods[which]
        if any(e.practitioner == who and e.period == period and not self.expect.withdrawn(e.entity_id)
               for e in self.expect.of(ReviewNote.TABLE)):
            return  # one note per practitioner and period: the next is an edit of it
        word, lead = self.word(), LEAD_OF[who]
        note = ReviewNote.new(practitioner_id=who, author_id=lead, period=period, text=f"Next: {word}.",
                              shared=shared)
        self.as_(lead).submit(note)
        self.add(Entity(ReviewNote.TABLE, note.entity_id, who, lead,
                        [Version(note.record_id, frozenset({word}), kept=not shared)], period=period))

    @precondition(lambda self: self.expect.of(ReviewNote.TABLE))
    @rule(index=PICK, shared=st.booleans(), new_text=st.booleans())
    def edit_note(self, index: int, shared: bool, new_text: bool) -> None:
        entity = self.pick(ReviewNote.TABLE, index, lambda e: not self.expect.withdrawn(e.entity_id))
        if entity is None:
            return
        reason, text_words = self.word(), entity.versions[-1].text_words
        changes: dict[str, object] = {"shared": shared}
        if new_text:
            fresh = self.word()
            changes["text"], text_words = f"Instead: {fresh}.", frozenset({fresh})
        revised = self.as_(entity.owner).edit(ReviewNote.TABLE, entity.entity_id, entity.practitioner,
                                              f"Changed it: {reason}.", changes)
        entity.versions.append(Version(revised.record_id, text_words, frozenset({reason}), kept=not shared))

    def withdraw(self, entity: Entity) -> None:
        """``entity`` withdrawn by its owner, with a reason of its own."""
        word = self.word()
        withdrawal = self.as_(entity.owner).withdraw(entity.table, entity.entity_id, entity.practitioner,
                                                     f"Because of {word}.")
        self.add(Entity(Withdrawal.TABLE, withdrawal.entity_id, entity.practitioner, entity.owner,
                        [Version(withdrawal.record_id, frozenset({word}))], target=entity.entity_id))

    @precondition(lambda self: self.expect.of(Reflection.TABLE))
    @rule(index=PICK)
    def withdraw_reflection(self, index: int) -> None:
        entity = self.pick(Reflection.TABLE, index)
        assert entity is not None
        self.withdraw(entity)

    @precondition(lambda self: self.expect.of(ReviewNote.TABLE))
    @rule(index=PICK)
    def withdraw_note(self, index: int) -> None:
        entity = self.pick(ReviewNote.TABLE, index, lambda e: not self.expect.withdrawn(e.entity_id))
        if entity is not None:
            self.withdraw(entity)

    @precondition(lambda self: any(e.owner == e.practitioner for e in self.expect.of(Withdrawal.TABLE)))
    @rule(index=PICK)
    def withdraw_a_withdrawal(self, index: int) -> None:
        """Undo a practitioner's withdrawal (or undo an undo); a lead cannot undo theirs."""
        entity = self.pick(Withdrawal.TABLE, index, lambda e: e.owner == e.practitioner)
        assert entity is not None
        self.withdraw(entity)

    @precondition(lambda self: not self.exported and self.expect.of(Reflection.TABLE))
    @rule()
    def export(self) -> None:
        """lead1 makes a research export (k=2, so some rows can be released); a researcher
        reads every file of the package."""
        self.exported = True
        package = self.as_("lead1").make_export(k=2, allow_empty=True)
        researcher = self.as_("res1")
        descriptor = json.loads(researcher.export_file(package, "datapackage.json"))
        names = ["README.md", *(resource["path"] for resource in descriptor["resources"])]
        found = set().union(*(words_in(researcher.export_file(package, n).decode("utf-8", "replace"))
                              for n in names))
        assert found <= self.expect.shared_words()

    # -- every route, after every step ------------------------------------------------------
    @invariant()
    def every_route_follows_the_rule(self) -> None:
        settle(self.ws)
        self.copies_and_rows_follow_the_rule()
        self.a_kernel_s_copy_holds_nothing_more()
        self.reviews_roster_links_and_release_hold_only_shared_text()

    def copies_and_rows_follow_the_rule(self) -> None:
        for reader in READERS:
            backend = self.as_(reader)
            copies = backend.copy_records(list(COPIED))
            for table in COPIED:
                expected = {v.record_id for e in self.expect.of(table)
                            for v in self.expect.received(reader, e)}
                assert {r.record_id for r in copies[table]} == expected, (reader, table)
            sent = " ".join(r.model_dump_json() for records in copies.values() for r in records)
            allowed = self.expect.allowed(reader)
            assert words_in(sent) <= allowed, (reader, words_in(sent) - allowed)
            for table in TEXT_TABLES:
                frame = backend.rows(table)
                assert frame_words(frame) <= allowed, (reader, table, frame_words(frame) - allowed)
                if table in COPIED:
                    expected = {v.record_id for e in self.expect.of(table)
                                if (v := self.expect.current(reader, e))}
                    assert set(frame["record_id"]) == expected, (reader, table)
        for outsider in ("link1", "res1"):
            with pytest.raises(PermissionDenied):
                self.as_(outsider).rows(Reflection.TABLE)
            with pytest.raises(PermissionDenied):
                self.as_(outsider).copy_records([Reflection.TABLE])

    def a_kernel_s_copy_holds_nothing_more(self) -> None:
        if self.service is None:
            return  # on a laptop there is no copy: the folder is read in place
        for reader in MIRRORED:
            copy = sync(self.as_(reader), self.home / "home" / reader / "workspace")
            compile_tables(copy)  # as a page does when it reads the copy's tables
            found = folder_words(copy.root)
            assert found <= self.expect.allowed(reader), (reader, found - self.expect.allowed(reader))

    def reviews_roster_links_and_release_hold_only_shared_text(self) -> None:
        shared = self.expect.shared_words()
        source = TableSource(self.ws)
        for pid, inputs in each_practitioners_inputs(source, list(PRACTITIONERS), self.review_period).items():
            found = set().union(*map(frame_words, inputs.frames.values()))
            assert found <= shared, (pid, found - shared)
        for lead in ("lead1", "lead2"):
            members = [pid for pid, named in LEAD_OF.items() if named == lead]
            inputs = cohort_inputs(source, members, lead, self.review_period)
            assert set().union(*map(frame_words, inputs.frames.values())) <= shared
            roster = self.as_(lead).roster()
            last = dict(zip(roster["practitioner_id"], pd.to_datetime(roster["last_reflection"]).dt.date,
                            strict=True))
            for pid in members:
                day = last[pid]
                assert (None if pd.isna(day) else day) == self.expect.last_shared_day(pid), (lead, pid)
            for note in self.as_(lead).release_items():
                assert words_in(json.dumps(note.text)) <= shared
        oriented = self.as_("link1").oriented()
        started = dict(zip(oriented["practitioner_id"], oriented["started"], strict=True))
        assert started == {pid: "Yes" if self.expect.last_shared_day(pid) else "Not yet"
                           for pid in PRACTITIONERS}
        exportable = {v.record_id for e in self.expect.of(Reflection.TABLE) if (v := self.expect.shared(e))}
        assert release_scope.exportable_reflections(self.ws) == exportable


def test_no_reader_receives_what_its_owner_keeps_from_them(backend_kind: str, request: pytest.FixtureRequest,
                                                           tmp_path: Path) -> None:
    service = request.getfixturevalue("_candle_service") if backend_kind == "remote" else None
    machine = type("Machine", (ReadRuleMachine,), {"service": service, "base": tmp_path})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=True,
        report_multiple_bugs=False, phases=[Phase.explicit, Phase.generate],  # no shrinking: a
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))  # failure shows its steps
