"""A person's data rights on the workspace interface, on a folder: their whole record
(:mod:`kit.rights.export`) and an administrator's erasure of a person (:mod:`kit.rights.erase`).
:class:`kit.hub.local.LocalBackend` takes these methods; the hub's service runs them for each
caller, so only the person themself or an administrator gets a record, and only an
administrator sees who is held and erases, on a laptop or a hub alike."""

from __future__ import annotations

from kit.hub.roles import Caller
from kit.rights.interface import DataSubject, ErasureCounts, require_admin
from kit.store.workspace import Workspace

SEE_PEOPLE = "see everyone the workspace holds records about"
ERASE = "erase a person's records"


class LocalRights:
    """Mixed into :class:`kit.hub.local.LocalBackend` (which gives ``workspace`` and ``caller``)."""

    workspace: Workspace
    caller: Caller

    def person_export(self, person_id: str | None = None) -> bytes:
        """The zip of everything the workspace holds about ``person_id`` (default: the caller);
        refused unless that is the caller or the caller is an administrator."""
        from kit.rights.export import check_may_export, export_zip  # pandas loads only here

        person = person_id or self.caller.id
        check_may_export(self.caller.id, self.caller.kinds, person)
        return export_zip(self.workspace, person)[1]

    def _on_disk(self) -> Workspace:
        """The workspace as its folder holds it now (an erasure changes kit.yaml)."""
        return Workspace.open(self.workspace.root)

    def people_held(self) -> list[DataSubject]:
        """Everyone the workspace holds anything about, named as the pages name them
        (:func:`kit.rights.erase.people_held`); administrators only."""
        from kit.hub.people import person_names
        from kit.rights.erase import people_held

        require_admin(self.caller.id, self.caller.kinds, SEE_PEOPLE)
        kinds = {person.id: tuple(person.kinds) for person in self.workspace.settings.people}
        names = person_names(self.workspace)
        return [DataSubject(pid, names.get(pid) or pid, kinds.get(pid, ()))
                for pid in people_held(self.workspace)]

    def plan_erasure(self, person_id: str) -> ErasureCounts:
        """What erasing ``person_id`` would delete, as counts; administrators only."""
        from kit.rights.erase import plan_erasure

        require_admin(self.caller.id, self.caller.kinds, ERASE)
        return plan_erasure(self._on_disk(), person_id).counts()

    def erase_person(self, person_id: str, reason_code: str) -> ErasureCounts:
        """Erase ``person_id`` for ``reason_code``, the caller being who erased; what went.
        Administrators only."""
        from kit.rights.erase import erase_person

        require_admin(self.caller.id, self.caller.kinds, ERASE)
        return erase_person(self._on_disk(), person_id, erased_by=self.caller.id,
                            reason_code=reason_code).counts()
