"""A small workspace with every kind of thing the tables must show (see ``fill``).

p01: two focus areas; reflection R1 (i_matter, three answers of which one is
blank, two tags, both focus areas) edited once; reflection R2 withdrawn;
a support contact whose note starts with '='; names to hide (private).
p02: a reflection with odd text (cp1252 punctuation, accents, emoji,
newlines, quotes and commas) and a consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kit.capture.submit import edit, submit, withdraw
from kit.model.records import NamesToHide, Reflection, ResearchConsent, SupportContact
from kit.store.workspace import Workspace

ODD_TEXT = ("Café “quotes” – dash… €5, naïve; ‘single’ — emoji 🙂\n"
            "second line, with \"double quotes\" and a comma")
FORMULA_NOTE = "=HYPERLINK(\"http://x\")"


@dataclass
class Filled:
    """The workspace and the records the tests look for."""

    ws: Workspace
    r1: Reflection
    r1_edit: Reflection
    r2: Reflection
    odd: Reflection
    area_ids: list[str]


def fill(workspace: Workspace, make_focus_area, make_reflection) -> Filled:
    area_a = make_focus_area("p01", "Family A")
    area_b = make_focus_area("p01", "Y5 nurture group", focus_kind="topic")
    areas = [area_a.entity_id, area_b.entity_id]
    r1 = make_reflection(
        "p01", focus_area_ids=list(reversed(areas)), template="i_matter",
        answers={"next_step": "Phone on Thursday.", "what_happened": "We met after school.",
                 "where_fog": "   "},
        tags=["nurture", "fog"], self_understanding=3)
    r1_edit = edit(workspace, "reflections", r1.entity_id, practitioner_id="p01", author_id="p01",
                   edit_reason="Added the role", answers={**r1.answers, "my_role": "-steady adult"})
    r2 = make_reflection("p01", focus_area_ids=[area_a.entity_id],
                         answers={"what": "+1 for the new routine", "so_what": "@mention"})
    withdraw(workspace, "reflections", r2.entity_id, practitioner_id="p01", author_id="p01",
             reason="Wrote it twice")
    submit(workspace, SupportContact.new(practitioner_id="p01", supporter_id="lead1",
                                         supporter_role="lead", contact_date=date(2025, 4, 4),
                                         mode="video", minutes=30, note=FORMULA_NOTE))
    submit(workspace, NamesToHide.new(practitioner_id="p01", focus_area_id=area_a.entity_id,
                                      names=["Alice", "Hilltop School"]))
    odd = make_reflection("p02", answers={"what": ODD_TEXT}, tags=["structure"])
    submit(workspace, ResearchConsent.new(practitioner_id="p02", decision="given",
                                          decided_on="03/04/2025"))
    return Filled(workspace, r1, r1_edit, r2, odd, areas)
