"""Small review templates for tests of how runs behave (not of what reviews say): a review
made from one takes a fraction of a second, and one practitioner's can be told to hang."""

from __future__ import annotations

from pathlib import Path

import nbformat

PARAMETERS = 'workspace = ""\nperiod = ""\npractitioner_id = ""\nlead_id = ""'


def stand_in_template(path: Path, hang: str, flag: Path) -> Path:
    """A template at ``path`` that prints its subject; practitioner ``hang``'s review waits
    for as long as the file ``flag`` exists."""
    notebook = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
        "language_info": {"name": "python"}})
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    body = ("import os, time\n"
            f"while practitioner_id == {hang!r} and os.path.exists({str(flag)!r}):\n"
            "    time.sleep(0.05)\n"
            "print('review of', practitioner_id or lead_id)")
    notebook.cells = [parameters, nbformat.v4.new_code_cell(body)]
    nbformat.write(notebook, str(path))
    return path
