"""Small review templates for tests of how runs behave (not of what reviews say): a review
made from one takes a fraction of a second, and one practitioner's can be told to hang. It
shows no record but the notes the lead shared about the practitioner's period (a review that
left them out would be outdated at once: :func:`kit.views.made_reviews.notes_left_out`), and
says so (:mod:`kit.reviews.shown`), so its page is served as a made review's is."""

from __future__ import annotations

from pathlib import Path

import nbformat

from kit.store.workspace import Workspace
from kit.views.made_reviews import METADATA_KEY, PAGE_HASH_KEY, SHOWN_KEY, page_sha256
from kit.views.shared_reviews import review_html

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
    shows_notes = (
        "from kit.reviews import given\n"
        "from kit.reviews.shown import shown_output, shown_versions\n"
        "handed = given.take('practitioner', practitioner_id, period) if practitioner_id else None\n"
        "notes = {} if handed is None else {'review_notes': handed['review_notes']}\n"
        "shown_output('<p>A stand-in.</p>', shown_versions(notes))")
    notebook.cells = [parameters, nbformat.v4.new_code_cell(body),
                      nbformat.v4.new_code_cell(shows_notes)]
    nbformat.write(notebook, str(path))
    return path


WORDS = ("from IPython.display import display\n"
         "from kit.reviews import pages\n"
         "if practitioner_id:\n"
         "    review = pages.practitioner_review(workspace, period, practitioner_id)\n"
         "    parts = [review.heading(), review.own_words(), review.lead_notes()]\n"
         "else:\n"
         "    cohort = pages.cohort_review(workspace, period, lead_id)\n"
         "    parts = [cohort.heading(), cohort.activity_table()]\n"
         "for part in parts:\n"
         "    display(part)")


def words_template(path: Path) -> Path:
    """A template at ``path`` showing what a review quotes, through the kit's review pages
    (heading, the practitioner's own words, the lead's notes; a cohort's heading and counts),
    without the charts: quick once the kernel has imported the kit."""
    notebook = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
        "language_info": {"name": "python"}})
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell(WORDS)]
    nbformat.write(notebook, str(path))
    return path


def made_review(workspace: Workspace, period: str, name: str, page: str,
                shown: dict[str, list[list[str]]] | None = None) -> Path:
    """Write a made review's page ``reviews/<period>/<name>.html`` and its notebook, whose
    metadata says the review shows ``shown`` (default: no record) and vouches for the page, as
    the runner writes them; the page's path."""
    html = review_html(workspace, period, name)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(page, encoding="utf-8")
    notebook = nbformat.v4.new_notebook(metadata={METADATA_KEY: {
        SHOWN_KEY: shown or {}, PAGE_HASH_KEY: page_sha256(html.read_bytes())}})
    nbformat.write(notebook, str(html.with_suffix(".ipynb")))
    return html
