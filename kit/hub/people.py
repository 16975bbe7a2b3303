"""On a hub, the workspace's people are the hub's users in the candle groups: nobody edits
``kit.yaml`` by hand. A person's name is the one ``kit.yaml`` gives them where it lists them
(a workspace that began on one computer keeps its names, as every page showed them there),
else the display name of their latest profile, else their hub user name."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from kit.model.ids import is_person_id
from kit.store.workspace import Person, Workspace


def display_names(workspace: Workspace) -> dict[str, str]:
    """Practitioner id -> the display name in their latest profile."""
    from kit.tables.compiler import read_table  # pyarrow loads only when reading

    profiles = read_table(workspace, "profiles")
    return dict(zip(profiles["practitioner_id"], profiles["display_name"], strict=True))


def person_names(workspace: Workspace) -> dict[str, str]:
    """Person id -> name: kit.yaml's where it lists the person, else their latest profile's
    display name."""
    return {**display_names(workspace), **{person.id: person.name for person in workspace.settings.people}}


def workspace_with(workspace: Workspace, people: Mapping[str, Sequence[str]],
                   names: Mapping[str, str] | None = None) -> Workspace:
    """``workspace`` whose people are exactly ``people`` (hub user -> kinds), whatever
    ``kit.yaml`` lists, named by ``names`` (default :func:`person_names`, which reads the
    profiles); users in no candle group and hub names the kit cannot use as ids are left out."""
    names = person_names(workspace) if names is None else names
    chosen = [Person(id=user, name=names.get(user) or user, kinds=list(kinds))
              for user, kinds in sorted(people.items()) if kinds and is_person_id(user)]
    settings = workspace.settings.model_copy(update={"people": chosen})
    return dataclasses.replace(workspace, settings=settings)
