"""The first thing every notebook shows: which workspace and which user it is using.

A notebook never guesses its workspace: it says where it is writing, or, when no
workspace is chosen, says plainly how to choose one.
"""

from __future__ import annotations

import html

from IPython.display import HTML, display

from kit.errors import KitError
from kit.store.workspace import Person, Workspace

HEADER_CLASS = "candle-header"


def context(workspace: Workspace | str | None = None, user_id: str | None = None
            ) -> tuple[Workspace, Person]:
    """The workspace (default: $CANDLE_WORKSPACE) and the user in it (default: the current one)."""
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    person = ws.person(user_id) if user_id else ws.current_user()
    return ws, person


def header_html(workspace: Workspace, person: Person) -> str:
    """One line naming the workspace (its name and folder) and the user in it."""
    kinds = ", ".join(person.kinds)
    return (f'<p class="{HEADER_CLASS}">Workspace: <strong>{html.escape(workspace.settings.name)}'
            f"</strong> (<code>{html.escape(str(workspace.root))}</code>). "
            f"You are <strong>{html.escape(person.name)}</strong> "
            f"({html.escape(person.id)}, {html.escape(kinds)}).</p>")


def problem_html(error: KitError) -> str:
    """The header when no workspace or user can be found: the problem in plain words."""
    return (f'<p class="{HEADER_CLASS}" role="alert"><strong>No workspace to show.</strong> '
            f"{html.escape(str(error), quote=False)}</p>")


def show_header(workspace: Workspace | str | None = None, user_id: str | None = None) -> None:
    """Display the workspace and user this notebook works with (or why there is none)."""
    try:
        ws, person = context(workspace, user_id)
    except KitError as error:
        display(HTML(problem_html(error)))
        return
    display(HTML(header_html(ws, person)))
