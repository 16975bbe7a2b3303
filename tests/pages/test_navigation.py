"""The ways between the pages (kit.views.site) and the words on them: Start here lists each
person's pages as links, every page links back to Start here and on to the next step, every
link is to a page the kit has; someone in no group is told once, in one sentence, and shown no
pages. (The same links followed in Chromium, for every role: tests/app/test_app_pages.py.)"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import IPython.display
import pytest
from inprocess_service import CandleService

import kit.forms
from kit.errors import NoRole
from kit.forms import onboarding
from kit.hub.access import admin_page, no_role
from kit.hub.backend import SERVICE_URL_ENV, TOKEN_ENV
from kit.hub.roles import Caller
from kit.notebook import header, learning
from kit.resources import NOTEBOOKS_DIR
from kit.store.workspace import WORKSPACE_ENV, Person, Workspace
from kit.views import header as header_words
from kit.views import pages, site

ROLES = ("practitioner", "lead", "link", "researcher", "admin")
HREF = re.compile(r'href="([^"]+)"')


def resolve(href: str, current: site.Page) -> str:
    """The notebook a link on ``current`` leads to (under the pages folder)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(current.notebook), href))


def test_the_catalogue_is_the_notebooks_the_kit_ships() -> None:
    shipped = {path.relative_to(NOTEBOOKS_DIR).as_posix() for path in NOTEBOOKS_DIR.rglob("*.ipynb")}
    assert {page.notebook for page in site.PAGES} == shipped


@pytest.mark.parametrize("kind", ROLES)
def test_every_page_of_a_role_links_back_to_start_here_and_on_to_a_page_of_theirs(kind: str) -> None:
    mine = site.pages_for([kind])
    assert mine[0] == site.START_HERE and len(mine) >= 2, f"a {kind} has no page of their own"
    for current in mine:
        nav = site.nav_html(current, [kind])
        targets = [resolve(href, current) for href in HREF.findall(nav)]
        assert all(target in {p.notebook for p in mine} for target in targets), (current, targets)
        if current != site.START_HERE:
            assert targets[0] == site.START_HERE.notebook and "Start here" in nav
        else:
            assert targets == [mine[1].notebook], "Start here leads on to their first page"
    assert site.next_page(mine[-1], [kind]) is None  # the last leads back to Start here only


def test_research_pages_link_up_a_folder_and_a_lead_has_both() -> None:
    queue = site.page("research/release_queue.ipynb")
    assert site.href(site.START_HERE, queue) == "../00_start_here.ipynb"
    assert site.href(queue, site.START_HERE) == "research/release_queue.ipynb"
    lead = [p.notebook for p in site.pages_for(["lead"])]
    assert lead == ["00_start_here.ipynb", "06_lead_my_practitioners.ipynb",
                    "research/release_queue.ipynb", "research/explore_export.ipynb"]
    nav = site.nav_html(site.page("06_lead_my_practitioners"), ["lead"])
    assert 'href="research/release_queue.ipynb">Next: Research: release queue' in nav


def test_a_page_not_of_theirs_still_leads_to_start_here_and_their_first_page() -> None:
    nav = site.nav_html(site.page("07_link_who_i_orient"), ["practitioner"])
    assert HREF.findall(nav) == ["00_start_here.ipynb", "01_licence.ipynb"]


def test_start_here_lists_each_role_s_pages_as_links() -> None:
    listed = site.page_list_markdown(["practitioner", "lead"])
    assert "**As a practitioner**" in listed and "**As a lead practitioner**" in listed
    assert "[Reflect](03_reflect.ipynb)" in listed
    assert "[Research: release queue](research/release_queue.ipynb)" in listed
    assert "07_link" not in listed and "08_admin" not in listed
    assert site.page_list_markdown([]) == "" and site.nav_html(site.START_HERE, []) == ""


def test_start_here_with_reflections_saved_no_longer_says_write_your_first(workspace: Workspace,
                                                                            make_reflection) -> None:
    assert "Write your first reflection" in onboarding.ready_html(0)
    said = onboarding.ready_html(2)
    assert "first reflection" not in said and '<a href="03_reflect.ipynb">Write a reflection</a>' in said
    make_reflection("p01")
    summary = pages.learning.summary(workspace, "p01")
    shown = pages.start_here_html(summary)
    assert "first reflection" not in shown
    assert "Keep My profile up to date" in shown  # the profile step, p01 has one
    assert '<a href="05_my_learning.ipynb">My learning</a>' in shown
    assert "Your pages" in shown


@pytest.fixture
def displayed(monkeypatch: pytest.MonkeyPatch) -> list:
    """Everything the page's cells display (widgets and HTML/Markdown objects)."""
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.instance()
    captured: list = []
    for module in (header, learning, pages):
        monkeypatch.setattr(module, "display", captured.append)
    monkeypatch.setattr(IPython.display, "display", captured.append)
    return captured


def test_someone_in_no_group_is_told_once_in_one_sentence_with_no_pages(
        service: CandleService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, displayed: list) -> None:
    """Through the service: the header says it, naming the hub's admin page as a link; Start
    here's summary and first steps, and a form, show nothing more."""
    service.set_hub_groups({"p01": ["practitioner"]})
    monkeypatch.setenv(SERVICE_URL_ENV, service.url)
    monkeypatch.setenv(TOKEN_ENV, service.token_for("visitor"))
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "copy"))
    monkeypatch.setenv("JUPYTERHUB_BASE_URL", "/team/")

    header.show_header(page="00_start_here.ipynb")
    learning.show_start_here()
    onboarding.show_first_run()
    kit.forms.show("reflection_i_matter")
    [said] = [getattr(item, "data", None) or getattr(item, "value", "") for item in displayed]
    assert said.count("You are signed in as visitor") == 1
    assert ("ask the hub's administrator to add you on "
            '<a href="/team/hub/admin">the hub\'s admin page</a>, then reload this page.') in said
    assert "candle group" not in said and "group" not in said
    assert "href" not in said.replace('href="/team/hub/admin"', "")  # no page list, no nav


def test_the_no_group_sentence_names_no_groups_and_is_one_sentence() -> None:
    error = no_role(Caller("visitor", ()))
    assert isinstance(error, NoRole) and "group" not in str(error)
    assert str(error).count(". ") == 0 and str(error).endswith("then reload this page.")
    assert admin_page({"JUPYTERHUB_BASE_URL": "/"}) == "/hub/admin"
    shown = header_words.problem_html(error)
    assert shown.count("<p") == 1 and "No workspace to show" not in shown


def test_the_header_draws_the_way_on_for_the_page_it_is_given(workspace: Workspace) -> None:
    person = Person(id="p01", name="Practitioner One", kinds=["practitioner"])
    line = header_words.header_html(workspace, person, page=site.page("03_reflect"))
    assert HREF.findall(line) == ["00_start_here.ipynb", "04_journey_and_support.ipynb"]
    assert 'aria-label="Mini Candle pages"' in line
