"""The kit's pages: which notebook each is, its title, and whom it is for.

One list serves the launcher entries, the app addresses and the pre-save hook's
idea of what a kit notebook is.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.resources import NOTEBOOKS_DIR

PAGES_FOLDER = "notebooks"
VOILA_PREFIX = "voila/render"


@dataclass(frozen=True)
class Page:
    """One page of the kit: ``notebook`` is its path under the notebooks folder."""

    notebook: str
    title: str
    kinds: tuple[str, ...]

    @property
    def name(self) -> str:
        """A short id, e.g. ``00_start_here``."""
        return self.notebook.rsplit("/", 1)[-1].removesuffix(".ipynb")

    def app_path(self, folder: str = PAGES_FOLDER) -> str:
        """The page's address as a Voilà app, relative to the server's base URL."""
        return f"{VOILA_PREFIX}/{folder}/{self.notebook}"


EVERYONE = ("practitioner", "lead", "link", "researcher", "admin")
PAGES: tuple[Page, ...] = (
    Page("00_start_here.ipynb", "Start here", EVERYONE),
    Page("01_licence.ipynb", "Licence and micro-project", ("practitioner",)),
    Page("02_focus_areas.ipynb", "Focus areas", ("practitioner",)),
    Page("03_reflect.ipynb", "Reflect", ("practitioner",)),
    Page("04_journey_and_support.ipynb", "Journey and support", ("practitioner",)),
    Page("05_my_learning.ipynb", "My learning", ("practitioner",)),
    Page("06_lead_my_practitioners.ipynb", "Lead: my practitioners", ("lead",)),
    Page("07_link_who_i_orient.ipynb", "Link: who I orient", ("link",)),
    Page("08_admin_data_requests.ipynb", "Admin: data requests", ("admin",)),
    Page("research/release_queue.ipynb", "Research: release queue", ("lead",)),
    Page("research/explore_export.ipynb", "Research: explore an export", ("researcher",)),
)
START_HERE = PAGES[0]


def kit_notebook_names() -> frozenset[str]:
    """File names of every notebook the kit ships (its pages, wherever they are copied)."""
    shipped = {path.name for path in NOTEBOOKS_DIR.rglob("*.ipynb")}
    return frozenset(shipped | {page.notebook.rsplit("/", 1)[-1] for page in PAGES})
