"""A server-side pre-save hook: a kit notebook is never saved with outputs or widget state.

JupyterLab autosaves every couple of minutes. Without this hook the saved page would hold
roster names and lead notes in its outputs and, reopened, show "model not found" where each
form was. The hook puts a kit notebook back in its committed form before every save, so an
unchanged page saves byte for byte as it is in the repository.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from kit.app.pages import kit_notebook_names

VOLATILE_CELL_KEYS = ("execution", "scrolled", "collapsed", "trusted", "widgets")
KEPT_LANGUAGE_INFO = ("name",)


def is_kit_notebook(path: str) -> bool:
    """True when ``path`` (as the server names it) is one of the kit's pages."""
    return PurePosixPath(path).name in kit_notebook_names()


def strip_notebook(content: dict[str, Any]) -> dict[str, Any]:
    """Remove outputs, execution counts, widget state and run-time metadata, in place."""
    metadata = content.setdefault("metadata", {})
    metadata.pop("widgets", None)
    language = metadata.get("language_info")
    if isinstance(language, dict):
        metadata["language_info"] = {key: language[key] for key in KEPT_LANGUAGE_INFO if key in language}
    for cell in content.get("cells", []):
        cell_metadata = cell.setdefault("metadata", {})
        for key in VOLATILE_CELL_KEYS:
            cell_metadata.pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    return content


def strip_kit_notebook(model: dict[str, Any], path: str, contents_manager: Any = None,
                       **_kwargs: Any) -> None:
    """``FileContentsManager.pre_save_hook``: strip a kit notebook before it is written."""
    if model.get("type") != "notebook" or not is_kit_notebook(path):
        return
    content = model.get("content")
    if isinstance(content, dict):
        strip_notebook(content)


def canonical_text(content: dict[str, Any]) -> str:
    """A kit notebook as the server saves it once stripped: nbformat's JSON and a newline.

    The committed pages are kept in exactly this form, so an autosave of an unchanged
    page changes no byte.
    """
    import nbformat

    text = nbformat.writes(nbformat.from_dict(strip_notebook(content)), version=nbformat.NO_CONVERT)
    return text if text.endswith("\n") else text + "\n"
