"""The administrator's page (08): a person's data-protection requests through the workspace
interface (on a hub, the team's service, which refuses anyone but an administrator): choose a
person, download everything held about them (the zip saved beside the page in
``data-requests/`` and linked, as My learning's button does), erase everything held about them
(what goes first, then a reason code and their id typed again). The widgets:
:class:`kit.views.data_requests.DataRequestsPage`."""

from __future__ import annotations

from pathlib import Path

from IPython.display import display

from kit.hub.backend import WorkspaceBackend
from kit.notebook.context import PageContext, on_page
from kit.notebook.records import file_address, save_my_records
from kit.rights.interface import ErasureCounts
from kit.store.workspace import Workspace
from kit.views.data_requests import DataRequestsPage, Listing, RequestActions
from kit.views.pages import not_for, show_not_for

FOLDER = "data-requests"
AFTER_ON_HUB = ("Now take them out of the hub's candle groups (the hub's admin page), so they "
                "cannot save again; their copy in their own home is emptied at its next refresh.")
AFTER_ON_LAPTOP = "They are no longer among the workspace's people (kit.yaml)."


def listing(counts: ErasureCounts) -> Listing:
    """What an erasure deletes (deleted), in the page's words."""
    if not counts.anything:
        return Listing(counts.heading())
    return Listing(counts.heading(), [words for _, words in counts.items()], counts.closing())


def request_actions(backend: WorkspaceBackend, page_folder: Path, on_hub: bool) -> RequestActions:
    """The page's actions on ``backend``; downloads are saved under ``page_folder``."""
    def download(person_id: str) -> tuple[str, str]:
        path = save_my_records(backend, page_folder / FOLDER, person_id)
        return file_address(path, page_folder), path.name

    return RequestActions(
        people=lambda: [(person.label(), person.id) for person in backend.people_held()],
        download=download,
        plan=lambda person_id: listing(backend.plan_erasure(person_id)),
        erase=lambda person_id, reason: listing(backend.erase_person(person_id, reason)),
        after_erasure=AFTER_ON_HUB if on_hub else AFTER_ON_LAPTOP)


def data_requests_page(ctx: PageContext) -> DataRequestsPage:
    """The page for ``ctx``'s administrator (its downloads saved beside the page: a page's
    kernel runs in the page's folder)."""
    return DataRequestsPage(request_actions(ctx.backend, Path.cwd(), ctx.on_hub))


def show_data_requests(workspace: Workspace | str | Path | None = None,
                       user_id: str | None = None) -> None:
    """Display the administrator's page (or say it is not for this person)."""
    def draw(ctx: PageContext) -> None:
        reason = not_for(ctx.person, "admin")
        if reason:
            show_not_for(reason)
            return
        display(data_requests_page(ctx).widget)

    on_page(draw, workspace, user_id)
