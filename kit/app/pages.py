"""The kit's pages as the app sees them: the list itself lives in :mod:`kit.views.site` (the
pages draw their links from it too); here, what a kit notebook is for the pre-save hook.

One list serves the launcher entries, the app addresses, the links between the pages and the
pre-save hook's idea of what a kit notebook is.
"""

from __future__ import annotations

from kit.resources import NOTEBOOKS_DIR
from kit.views.site import EVERYONE, PAGES, PAGES_FOLDER, START_HERE, VOILA_PREFIX, Page

__all__ = ["EVERYONE", "PAGES", "PAGES_FOLDER", "START_HERE", "VOILA_PREFIX", "Page",
           "kit_notebook_names"]


def kit_notebook_names() -> frozenset[str]:
    """File names of every notebook the kit ships (its pages, wherever they are copied)."""
    shipped = {path.name for path in NOTEBOOKS_DIR.rglob("*.ipynb")}
    return frozenset(shipped | {page.notebook.rsplit("/", 1)[-1] for page in PAGES})
