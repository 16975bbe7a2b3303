"""Where the kit's own files are: the one module that knows.

The templates (forms, reviews, vocabulary, research word lists) and the practitioner
notebooks ship inside the package (``kit._data.templates``, ``kit._data.notebooks``) and are
found with :mod:`importlib.resources`, so an installed wheel uses its own copies wherever it
runs. Nothing here points into a repository folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DATA_PACKAGE = "kit._data"


def data_folder(name: str) -> Path:
    """The kit's folder ``name`` (``templates`` or ``notebooks``) on disk."""
    found = resources.files(f"{DATA_PACKAGE}.{name}")
    if isinstance(found, Path):
        return found
    # A folder without __init__.py is a namespace package: importlib.resources hands it out
    # as a MultiplexedPath over its one folder, whose entries are ordinary paths.
    return next(iter(found.iterdir())).parent


TEMPLATES_DIR = data_folder("templates")
VOCAB_DIR = TEMPLATES_DIR / "vocab"
FORMS_DIR = TEMPLATES_DIR / "forms"
REVIEW_TEMPLATES_DIR = TEMPLATES_DIR / "reviews"
RESEARCH_TEMPLATES_DIR = TEMPLATES_DIR / "research"
NOTEBOOKS_DIR = data_folder("notebooks")
# The Jupyter server settings of the kit's pages (Voilà apps, launcher, pre-save hook):
# a path only, so the command line can name it without importing the app.
SERVER_CONFIG = Path(__file__).resolve().parent / "app" / "jupyter_server_config.py"
