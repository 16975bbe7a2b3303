"""Every page and section a sentence of the kit sends someone to exists: each place in
kit.model.places is a heading of the page it names, no sentence in the kit's code names a
section or a page in its own words (they use a place), and a form's help that names a section
names one on the page the form is shown on."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from checkout import REPO_ROOT

from kit.app.pages import PAGES
from kit.model.places import (
    EDIT_FOCUS_AREA,
    EDIT_JOURNEY,
    EDIT_LICENCE,
    EDIT_REFLECTION,
    PLACES,
    Place,
)
from kit.resources import FORMS_DIR, NOTEBOOKS_DIR

KIT = REPO_ROOT / "kit"
SECTION_NAMED = re.compile(r"\b(?:with|under) ['\"]([A-Z][^'\"]+)['\"]")
PAGE_NAMED = re.compile(r"\bon the ([A-Z][\w:' -]*?) page\b")
VAGUE_PAGE = re.compile(r"\b(your \w+ page)\b")  # which page? a Place names it
PATTERNS = (SECTION_NAMED, PAGE_NAMED, VAGUE_PAGE)


def headings(notebook: Path) -> list[str]:
    """The Markdown headings of ``notebook`` ('# Title', '## Section'), as written."""
    cells = nbformat.read(notebook, as_version=4).cells
    return [line.strip() for cell in cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("#")]


def notebook_of(page_title: str) -> Path:
    [page] = [page for page in PAGES if page.title == page_title]
    return NOTEBOOKS_DIR / page.notebook


@pytest.mark.parametrize("place", PLACES, ids=str)
def test_every_place_is_a_section_of_the_page_it_names(place: Place) -> None:
    assert place.page in {page.title for page in PAGES}, f"no page is called {place.page}"
    found = headings(notebook_of(place.page))
    assert place.page in found[0], f"the page's own title is {found[0]}"
    assert f"## {place.section}" in found, f"{place.page} has the sections {found}"


def sentences(path: Path) -> list[str]:
    """The string literals of a Python file that are not docstrings (f-strings: their text)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef |
                                ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def test_no_sentence_of_the_kit_names_a_section_or_a_page_in_its_own_words() -> None:
    suspects = [path for path in sorted(KIT.rglob("*.py")) if "_data" not in path.parts
                and any(pattern.search(path.read_text(encoding="utf-8"))
                        for pattern in PATTERNS)]  # quick: only these can hold one
    typed = [(str(path.relative_to(REPO_ROOT)), found) for path in suspects
             for text in sentences(path) for pattern in PATTERNS for found in pattern.findall(text)]
    assert typed == [], "name the page and section with a kit.model.places.Place instead"


def test_the_scan_finds_a_typed_section_and_page(tmp_path: Path) -> None:
    path = tmp_path / "sample.py"
    path.write_text('"""Docstring: with \'Not This\'."""\n'
                    "x = 'change it with \\'Edit a saved entry\\'' + 'see it on the Reflect page'\n"
                    "y = f'{x}: see your reviews page'\n", encoding="utf-8")
    found = [f for text in sentences(path) for pattern in PATTERNS for f in pattern.findall(text)]
    assert found == ["Edit a saved entry", "Reflect", "your reviews page"]


@pytest.mark.parametrize("form", sorted(p.stem for p in FORMS_DIR.glob("*.yaml")))
def test_a_forms_help_names_only_sections_of_the_pages_that_show_it(form: str) -> None:
    text = (FORMS_DIR / f"{form}.yaml").read_text(encoding="utf-8")
    named = SECTION_NAMED.findall(" ".join(text.split()))
    shown_on = [path for path in NOTEBOOKS_DIR.rglob("*.ipynb")
                if f'show("{form}")' in path.read_text(encoding="utf-8").replace('\\"', '"')]
    for section in named:
        assert shown_on, f"{form} names '{section}' but no page shows the form"
        for path in shown_on:
            assert f"## {section}" in headings(path), f"{path.name} has no section '{section}'"


EDITED_ON = {EDIT_LICENCE: {"licence_event", "micro_project"}, EDIT_FOCUS_AREA: {"focus_area"},
             EDIT_REFLECTION: {"reflection"}, EDIT_JOURNEY: {"journey_step", "support_contact"}}


@pytest.mark.parametrize("place", EDITED_ON, ids=str)
def test_edit_a_saved_entry_lists_the_pages_own_kinds(place: Place) -> None:
    cells = nbformat.read(notebook_of(place.page), as_version=4).cells
    at = next(i for i, cell in enumerate(cells) if cell.source.strip() == f"## {place.section}")
    call = re.fullmatch(r"kit\.forms\.show_entries\((.*)\)", cells[at + 1].source.strip())
    assert call is not None, cells[at + 1].source
    assert set(ast.literal_eval(f"({call.group(1)},)")) == EDITED_ON[place]
