"""The first thing every notebook shows: which workspace and which user it is using, and the
words that say where a user's records are kept and who they are (the header and Start here
both use them).

A notebook never guesses its workspace: it says where it is writing, or, when no workspace is
chosen, says plainly how to choose one. On a hub the team's records are kept by the hub's
service (``service_url``): the folder a page reads is the user's own copy. A practitioner reads
of "the team's service" and "your copy" in words; the addresses are folded away under
"Details for whoever runs the hub".
"""

from __future__ import annotations

import html

from kit.errors import KitError, NoRole
from kit.store.workspace import Person, Workspace
from kit.views.site import Page, nav_html

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
    """"in the workspace NAME" (Markdown); on a hub, said to be the team's."""
    return (f"in the workspace **{name}**" if service_url is None else
            f"in your team's workspace **{name}**")


DETAILS_CLASS = "candle-details"
DETAILS_SUMMARY = "Details for whoever runs the hub"


def details_html(*lines: str, summary: str = DETAILS_SUMMARY) -> str:
    """Technical details (addresses, folders, the system's own words), folded away under
    ``summary``: a practitioner's page speaks of the team's service and their copy in words."""
    items = "".join(f"<li>{line}</li>" for line in lines if line)
    if not items:
        return ""
    return (f'<details class="{DETAILS_CLASS}"><summary>{html.escape(summary)}</summary>'
            f"<ul>{items}</ul></details>")


def hub_details_html(root: str, service_url: str) -> str:
    """Where the team's service is and where this person's copy is kept, folded away."""
    return details_html(f"The team's service: <code>{html.escape(service_url)}</code>",
                        f"This person's copy: <code>{html.escape(root)}</code> "
                        f"(unsaved drafts under <code>{html.escape(root)}/drafts/</code>)")


def where_records_are(root: str, service_url: str | None = None) -> str:
    """Where a user's records are kept, in Markdown: the workspace folder, or on a hub the
    team's service and the user's own copy, in words (the addresses in
    :func:`hub_details_html`)."""
    if service_url is None:
        return (f"Everything you save is in `{root}`: one file per record under `records/`, "
                "tables for charts under `tables/`, unsaved drafts under `drafts/`, and names "
                "to hide under `private/` (never shared).")
    return ("The team's records are kept by the team's service, which checks every save. What "
            "your pages show is your copy of the records you may read, refreshed as you open "
            "them; your unsaved drafts are kept with your copy.")


def header_html(workspace: Workspace, person: Person, service_url: str | None = None,
                page: Page | None = None) -> str:
    """One line naming the workspace (its name and folder; on a hub, the team's service and the
    user's copy, their addresses folded away) and the user in it; with ``page``, the way back
    to Start here and on to the next step (:func:`kit.views.site.nav_html`)."""
    name, note = who(person, service_url)
    title = f"<strong>{html.escape(workspace.settings.name)}</strong>"
    where = (f"Workspace: {title} (<code>{html.escape(str(workspace.root))}</code>)"
             if service_url is None else
             f"Workspace: {title}, kept by the team's service; this page shows your copy")
    hint = no_name_yet(person, service_url)
    line = (f'<p class="{HEADER_CLASS}">{where}. '
            f"You are <strong>{html.escape(name)}</strong> ({html.escape(note)})."
            + (f" {html.escape(hint)}" if hint else "") + "</p>")
    details = "" if service_url is None else hub_details_html(str(workspace.root), service_url)
    nav = "" if page is None else nav_html(page, person.kinds)
    return nav + line + details


def problem_html(error: KitError) -> str:
    """The header when no workspace or user can be found: the problem in plain words (someone
    with no part in the team's work: the one sentence saying so, the admin page a link)."""
    if isinstance(error, NoRole):
        text = html.escape(str(error), quote=False)
        if error.admin_page:
            words = html.escape(NoRole.ADMIN_PAGE_WORDS, quote=False)
            text = text.replace(words, f'<a href="{html.escape(error.admin_page)}">{words}</a>', 1)
        return f'<p class="{HEADER_CLASS} candle-no-role" role="alert">{text}</p>'
    return (f'<p class="{HEADER_CLASS}" role="alert"><strong>No workspace to show.</strong> '
            f"{html.escape(str(error), quote=False)}</p>" + details_html(html.escape(error.details)))
