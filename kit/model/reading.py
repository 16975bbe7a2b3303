"""Who receives which version of a record: the kit's one read rule.

Every record has an *owner*: a practitioner's own records belong to that practitioner; a review
note or a shared review (:data:`WRITTEN_BY_LEAD`) to the practitioner's lead, who writes it; a
withdrawal to whoever owns the record it takes out of use. The owner receives every version
and every withdrawal of what they own.

Anyone else who reads a practitioner's records (their lead reading the practitioner's; the
practitioner reading the notes their lead writes about them; and whoever reads a review, the
roster, the release queue or a research export) receives of each entity only its *latest*
version, and only while

- the entity is not withdrawn (its withdrawal chain resolved by :mod:`kit.model.history`), and
- that latest version does not keep it to its owner (:func:`kept_to_owner`: a reflection the
  practitioner made private, a review note the lead did not share);

never an earlier version and never a withdrawal (its reason is a private note), and never the
reason its author gave for the latest change (``edit_reason``, a private note too: they receive
:data:`WITHHELD_NOTE` in its place). So making a reflection private, or withdrawing it, takes
every version of it away from everyone else.

Decided here for records (:func:`readable_versions`: the copy route and a kernel's copy);
:mod:`kit.tables.reading` applies the same definitions to compiled tables, whose ``is_latest``
and ``is_withdrawn`` come from the same history rules.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, Literal

from kit.model.history import group_versions, withdrawn_entities
from kit.model.records import Record, Reflection, ReviewNote, ReviewShare, Withdrawal

Owner = Literal["practitioner", "lead"]
"""Who owns a record, as seen from the practitioner it is about: they, or their lead."""

WRITTEN_BY_LEAD: tuple[str, ...] = (ReviewNote.TABLE, ReviewShare.TABLE)
"""Tables a practitioner's lead writes about them (everything else the practitioner writes)."""

KEPT_TO_OWNER: dict[str, tuple[str, Any]] = {
    Reflection.TABLE: ("visibility", "private"),
    ReviewNote.TABLE: ("shared", False),
}
"""Table -> (field, value): a latest version with this value is for its owner only."""


WITHHELD_NOTE = "(the author's private note)"
"""What anyone but a record's owner receives in place of the reason for its latest change."""


def as_received(record: Record) -> Record:
    """``record`` as anyone but its owner receives it: its edit reason withheld."""
    if not record.edit_reason:
        return record
    return record.model_copy(update={"edit_reason": WITHHELD_NOTE})


def owner_of_table(table: str) -> Owner:
    """Who owns the records of ``table`` (for a withdrawal, pass the table it withdraws from)."""
    return "lead" if table in WRITTEN_BY_LEAD else "practitioner"


def owner_of(record: Record, withdrawals: Mapping[str, Withdrawal] | None = None) -> Owner:
    """Who owns ``record``: a withdrawal belongs to whoever owns what it withdraws, at the end
    of its chain (an undo of a lead's withdrawal of a note is the lead's: ``withdrawals`` maps
    the practitioner's withdrawal entity ids to a version of each, to follow the chain)."""
    return owner_of_table(withdrawn_table(record, withdrawals or {}))


def withdrawn_table(record: Record, withdrawals: Mapping[str, Withdrawal]) -> str:
    """The table of what ``record`` takes out of use at the end of its chain of withdrawals
    (its own table if it is no withdrawal; ``withdrawals`` when the chain cannot be followed)."""
    seen: set[str] = set()
    while isinstance(record, Withdrawal) and record.target_table == Withdrawal.TABLE:
        target = withdrawals.get(record.target_entity_id)
        if target is None or record.target_entity_id in seen:
            return Withdrawal.TABLE
        seen.add(record.target_entity_id)
        record = target
    return record.target_table if isinstance(record, Withdrawal) else record.TABLE


def kept_to_owner(record: Record) -> bool:
    """Whether ``record``, as the latest version of its entity, keeps it to its owner: a
    withdrawal always (its reason is a private note), else the value in :data:`KEPT_TO_OWNER`."""
    if isinstance(record, Withdrawal):
        return True
    field, value = KEPT_TO_OWNER.get(record.TABLE, ("", None))
    return bool(field) and getattr(record, field) == value


def readable_versions(records: Iterable[Record], withdrawals: Iterable[Record],
                      reader_is: Collection[Owner]) -> list[Record]:
    """Of one practitioner's ``records``, the versions a reader receives (the rule above).

    ``withdrawals`` are all of that practitioner's withdrawal versions (whoever wrote them);
    ``reader_is`` says who the reader is to the practitioner: ``{"practitioner"}`` (reading
    their own), ``{"lead"}`` (their lead) or both. The result keeps the order of ``records``
    by entity, every version of what the reader owns and one version of the rest.
    """
    every = [w for w in withdrawals if isinstance(w, Withdrawal)]
    withdrawn = withdrawn_entities(every)
    chain = {w.entity_id: w for w in every}  # any version: an edit never retargets a withdrawal
    received: list[Record] = []
    for entity_id, versions in group_versions(records).items():
        latest = versions[-1]
        if owner_of(latest, chain) in reader_is:
            received.extend(versions)
        elif entity_id not in withdrawn and not kept_to_owner(latest):
            received.append(as_received(latest))
    return received
