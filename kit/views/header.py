"""The first thing every notebook shows: which workspace and which user it is using, and the
words that say where a user's records are kept and who they are (the header and Start here
both use them).

A notebook never guesses its workspace: it says where it is writing, or, when no workspace is
chosen, says plainly how to choose one. On a hub the team's records are kept by the hub's
candle service (``service_url``): the folder a page reads is the user's own copy.
"""

from __future__ import annotations

import html

from kit.errors import KitError
from kit.store.workspace import Person, Workspace

HEADER_CLASS = "candle-header"


def who(person: Person, service_url: str | None = None) -> tuple[str, str]:
    """``(name, note)`` for "You are NAME (NOTE)": on a hub, the profile's display name once
    there is one, else the hub user name said to be one."""
    kinds = ", ".join(person.kinds)
    if service_url is None:
        return person.name, f"{person.id}, {kinds}"
    if person.name == person.id:
        return person.id, f"your hub user name; {kinds}"
    return person.name, f"hub user {person.id}, {kinds}"


def no_name_yet(person: Person, service_url: str | None = None) -> str | None:
    """On a hub, what names a practitioner who has no profile yet (else None)."""
    if service_url is None or person.name != person.id or "practitioner" not in person.kinds:
        return None
    return "Pages call you by your display name once you save My profile on Start here."


def in_workspace(name: str, service_url: str | None = None) -> str:
    """"in the workspace NAME" (Markdown); on a hub, said to be the hub's."""
    return f"in the workspace **{name}**" + ("" if service_url is None else " on this hub")


def where_records_are(root: str, service_url: str | None = None) -> str:
    """Where a user's records are kept, in Markdown: the workspace folder, or on a hub the
    candle service, the user's own copy and their drafts."""
    if service_url is None:
        return (f"Everything you save is in `{root}`: one file per record under `records/`, "
                "tables for charts under `tables/`, unsaved drafts under `drafts/`, and names "
                "to hide under `private/` (never shared).")
    return (f"The team's records are kept by the hub's candle service (`{service_url}`), which "
            "checks every save. What your pages show is your own copy of the records you may "
            f"read, in `{root}`, refreshed as you open them. Your unsaved drafts stay in your "
            f"home, under `{root}/drafts/`.")


def header_html(workspace: Workspace, person: Person, service_url: str | None = None) -> str:
    """One line naming the workspace (its name and folder; on a hub, the service and the
    user's copy) and the user in it."""
    name, note = who(person, service_url)
    folder = f"<code>{html.escape(str(workspace.root))}</code>"
    where = f"Workspace: <strong>{html.escape(workspace.settings.name)}</strong> " + (
        f"({folder})" if service_url is None else
        f"kept by the hub's candle service (<code>{html.escape(service_url)}</code>); "
        f"your copy: {folder}")
    hint = no_name_yet(person, service_url)
    return (f'<p class="{HEADER_CLASS}">{where}. '
            f"You are <strong>{html.escape(name)}</strong> ({html.escape(note)})."
            + (f" {html.escape(hint)}" if hint else "") + "</p>")


def problem_html(error: KitError) -> str:
    """The header when no workspace or user can be found: the problem in plain words."""
    return (f'<p class="{HEADER_CLASS}" role="alert"><strong>No workspace to show.</strong> '
            f"{html.escape(str(error), quote=False)}</p>")
