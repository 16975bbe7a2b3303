"""My learning's "everything the kit holds about me": the zip is made through the workspace
interface (on a hub by the team's service, from the shared workspace, so it holds what the
service keeps, not just this server's copy), saved beside the page in ``my-records/`` (on a
hub, the user's home) and offered as a link that the page's own server serves."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from IPython.display import display

from kit.notebook.context import PageContext, on_page
from kit.rights.interface import RecordsDownload, download_name
from kit.store.atomic import write_bytes
from kit.store.workspace import Workspace
from kit.views.downloads import DownloadButton

FOLDER = "my-records"
VOILA_PAGE = "/voila/render/"


def file_address(path: Path, page_folder: Path, environ: Mapping[str, str] | None = None) -> str:
    """The address at which the page's server serves ``path`` (a file under ``page_folder``,
    the page's own folder). In a Voila app (its kernel knows the page's address,
    ``SCRIPT_NAME``): Jupyter's files handler at the same place; in JupyterLab: the path
    from the notebook, which JupyterLab turns into a download."""
    env = os.environ if environ is None else environ
    relative = quote(path.relative_to(page_folder).as_posix())
    script = env.get("SCRIPT_NAME", "")
    if VOILA_PAGE not in script:
        return relative
    base, _, page = script.partition(VOILA_PAGE)
    folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    return f"{base}/files/{folder}{relative}?download=1"


def save_my_records(backend: RecordsDownload, folder: Path, person_id: str | None = None) -> Path:
    """Ask for the signed-in person's whole record (an administrator: ``person_id``'s) and save
    the zip in ``folder``; its path."""
    data = backend.person_export(person_id)
    folder.mkdir(parents=True, exist_ok=True)
    return write_bytes(folder / download_name(data), data)


def show_my_records(workspace: Workspace | str | Path | None = None, user_id: str | None = None) -> None:
    """The button that downloads everything the kit holds about me, and the link to the zip."""
    def draw(ctx: PageContext) -> None:
        page_folder = Path.cwd()  # a page's kernel runs in the page's folder

        def make() -> tuple[str, str]:
            path = save_my_records(ctx.backend, page_folder / FOLDER)
            return file_address(path, page_folder), path.name

        display(DownloadButton("Download everything the kit holds about me", make,
                               "Gathering your records, reviews and notes...").widget)

    on_page(draw, workspace, user_id)
