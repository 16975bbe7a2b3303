"""The kit's pages as Voilà apps in Chromium: they run on open (no Run All), show no code,
reach nothing beyond the server, sit in JupyterLab's launcher, pass axe-core with no
serious or critical violation, and give their kernel back when closed."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import (
    APP_READY_MS,
    FORM,
    KitServers,
    kernel_ids,
    open_app,
    spare_taken_by,
    wait_for_a_waiting_spare,
    wait_for_kernels,
)
from browser_support import Browsing, browsing_page, launch_chromium, run_all, serious_violations, shoot
from notebook_support import copy_demo, notebook_env
from playwright.sync_api import Browser, Locator, Page, expect

from kit.model.erasure import ERASURE_REASONS
from kit.model.records import Reflection
from kit.resources import NOTEBOOKS_DIR
from kit.store.workspace import SETTINGS_FILE, Person, Workspace, read_settings, write_settings

PERIOD = "2026-Q3"  # the demo's review period
AUTOSAVE_SECONDS = 3
SHORT_AUTOSAVE = {"@jupyterlab/docmanager-extension/plugin.jupyterlab-settings":
                  {"autosave": True, "autosaveInterval": AUTOSAVE_SECONDS}}
NEWCOMER, NEWCOMER_NAME = "p_new", "Noor Newcomer"
LEAD_NAME, LINK_NAME = "Morgan Ashdown (Lead)", "Orla Fenwick (Link)"
NOTE = "Lovely first reflection: the calmer start is worth keeping."
ADMIN = Person(id="admin1", name="Ada Admin", kinds=["admin"])
ERASED = "p11"  # a demo practitioner no other test here uses
# Each page as rendered for the person it is for (demo people), and what shows it is ready.
PAGES_AS_RENDERED = [
    ("00_start_here.ipynb", "p01", "h3"),
    ("01_licence.ipynb", "p01", FORM),
    ("02_focus_areas.ipynb", "p01", FORM),
    ("03_reflect.ipynb", "p01", FORM),
    ("04_journey_and_support.ipynb", "p01", FORM),
    ("05_my_learning.ipynb", "p01", ".candle-chart svg"),
    ("06_lead_my_practitioners.ipynb", "lead1", FORM),
    ("07_link_who_i_orient.ipynb", "link1", "table.candle-table"),
    ("08_admin_data_requests.ipynb", "admin1", ".candle-erasure-plan"),
    ("research/release_queue.ipynb", "lead1", ".jp-OutputArea-output"),
    ("research/explore_export.ipynb", "res1", ".jp-OutputArea-output"),
]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[KitServers]:
    base = tmp_path_factory.mktemp("apps")
    workspace = add_person(copy_demo(base / "workspace"), ADMIN)
    running = KitServers(base, workspace, artifacts_dir, settings=SHORT_AUTOSAVE)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def browsing(browser: Browser, servers: KitServers) -> Iterator[Browsing]:
    """A page that may reach only 127.0.0.1 (every kit server of the test)."""
    with browsing_page(browser, "http://127.0.0.1:") as opened:
        yield opened


@pytest.mark.parametrize(("notebook", "user", "ready"), PAGES_AS_RENDERED,
                         ids=[row[0] for row in PAGES_AS_RENDERED])
def test_page_runs_on_open_without_code_and_passes_axe(servers: KitServers, browsing: Browsing,
                                                      artifacts_dir: Path, notebook: str, user: str,
                                                      ready: str):
    page = browsing.page
    open_app(page, servers.lab(user), notebook, ready)
    expect(page.locator(".jp-InputArea-editor")).to_have_count(0)  # no code anywhere
    expect(page.locator(".jp-OutputArea-output .jp-RenderedText[data-mime-type*=stderr]")).to_have_count(0)
    shoot(page, artifacts_dir, notebook.replace("/", "-").removesuffix(".ipynb"))
    assert serious_violations(page) == []
    assert browsing.refused == [], "the page reached beyond the server"


def test_launcher_offers_every_page_as_an_app(servers: KitServers, browsing: Browsing,
                                             artifacts_dir: Path):
    page = browsing.page
    lab = servers.lab("p01")
    page.goto(lab.page_url("lab"))
    card = page.locator(".jp-LauncherCard", has_text="Mini Candle: Start here")
    expect(card).to_be_visible()
    expect(page.locator(".jp-LauncherCard", has_text="Mini Candle:")).to_have_count(11)
    shoot(page, artifacts_dir, "launcher")
    with page.context.expect_page() as opened:
        card.click()
    app = opened.value
    app.locator("h3").first.wait_for(timeout=120_000)
    assert "/voila/render/notebooks/00_start_here.ipynb" in app.url
    expect(app.locator("h1")).to_contain_text("Start here")


def test_a_reloaded_page_shuts_its_old_kernel_down_and_gets_a_new_one(
        servers: KitServers, browsing: Browsing, artifacts_dir: Path):
    page, lab = browsing.page, servers.lab("p01")
    before = kernel_ids(lab)
    open_app(page, lab, "02_focus_areas.ipynb")
    (first,) = kernel_ids(lab) - before  # the page's own kernel

    page.reload()  # the old kernel goes, a new one runs the page again
    page.locator(FORM).first.wait_for(state="visible", timeout=APP_READY_MS)
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    form = page.locator(FORM).first
    form.locator(".candle-save").click()  # the new kernel answers: nothing filled in yet
    expect(form.locator(".candle-status")).to_contain_text("Not saved")
    shoot(page, artifacts_dir, "kernel-1-reloaded")
    running = wait_for_kernels(lab, lambda ids: first not in ids)
    assert first not in running, f"the kernel of the page before its reload still runs: {lab.log}"
    assert len(running - before) == 1, "one new kernel runs the reloaded page"

    # Leaving the page sends the same request from the same handler, but headless Chromium did
    # not always run it on page.close() or a navigation (seen in CI), so that is not asserted
    # here: the reload shows the request is made and accepted.
    assert "403 POST /voila/api/shutdown" not in lab.log.read_text(encoding="utf-8")


def test_a_page_on_a_spare_kernel_shows_what_is_true_when_it_opens(
        servers: KitServers, browsing: Browsing, artifacts_dir: Path):
    """A spare kernel is started before the page is asked for, but runs none of it: the page
    shows the workspace as it is when opened, and every open has a kernel of its own."""
    page, lab = browsing.page, servers.lab("p01")
    settings_path = servers.workspace / SETTINGS_FILE
    original = read_settings(settings_path)
    kernels = []
    try:
        for name in ("Spare check one", "Spare check two"):
            wait_for_a_waiting_spare(lab)  # ready before the change below
            write_settings(settings_path, original.model_copy(update={"name": name}))
            before = kernel_ids(lab)
            open_app(page, lab, "02_focus_areas.ipynb")
            expect(page.locator(".candle-header")).to_contain_text(f"Workspace: {name}")
            (kernel,) = kernel_ids(lab) - before
            assert spare_taken_by(lab, kernel), "the page opened on a spare kernel"
            kernels.append(kernel)
        shoot(page, artifacts_dir, "spare-kernel-fresh-state")
    finally:
        write_settings(settings_path, original)
    assert kernels[0] != kernels[1]


def add_person(workspace: Path, person: Person) -> Path:
    """``person`` added to the workspace's kit.yaml; the workspace."""
    settings_path = workspace / SETTINGS_FILE
    settings = read_settings(settings_path)
    settings.people.append(person)
    write_settings(settings_path, settings)
    return workspace


def add_newcomer(workspace: Path) -> str:
    """A brand-new practitioner in the workspace's kit.yaml: no profile, no records."""
    add_person(workspace, Person(id=NEWCOMER, name=NEWCOMER_NAME, kinds=["practitioner"]))
    return NEWCOMER


def save(form: Locator) -> None:
    form.locator(".candle-save").click()
    expect(form.locator(".candle-status")).to_contain_text("Saved")


def test_a_new_practitioner_from_first_visit_to_a_note_from_their_lead(
        servers: KitServers, browsing: Browsing, artifacts_dir: Path):
    page, workspace = browsing.page, servers.workspace
    me = servers.lab(add_newcomer(workspace))
    open_app(page, me, "00_start_here.ipynb", ".candle-form-my-profile")
    expect(page.locator(".candle-first-steps")).to_contain_text("to do")
    shoot(page, artifacts_dir, "first-visit-1-profile")
    form = page.locator(".candle-form-my-profile")
    expect(form.locator(".candle-field-display-name input")).to_have_value(NEWCOMER_NAME)
    form.locator(".candle-field-journey-level select").select_option(label="Level 2 (Framework Fundamentals)")
    form.locator(".candle-field-lead-id select").select_option(label=LEAD_NAME)
    form.locator(".candle-field-link-id select").select_option(label=LINK_NAME)
    form.locator(".candle-save").click()
    expect(page.locator(".candle-first-run-status")).to_contain_text("Saved.")

    form = page.locator(".candle-form-licence-application")  # the next step appears by itself
    form.locator(".candle-field-title input").fill("Calmer mornings")
    form.locator(".candle-field-idea textarea").fill("A calmer start with Family A; notice what changes.")
    form.locator(".candle-field-project-type select").select_option(label="T1 universal prevention")
    form.locator(".candle-save").click()

    form = page.locator(".candle-form-focus-area")
    form.locator(".candle-field-label input").fill("Family A")
    form.locator(".candle-field-focus-kind select").select_option(label="Family")
    form.locator(".candle-save").click()
    expect(page.locator(".candle-ready")).to_contain_text("You are set up.")
    expect(page.locator(".candle-start-here")).to_contain_text("Family A")  # the summary follows
    expect(page.get_by_text("FirstRun at")).to_have_count(0)
    shoot(page, artifacts_dir, "first-visit-2-ready")

    page.get_by_role("link", name="Write your first reflection").click()
    form = page.locator(".candle-form-reflection-i-matter").first
    form.wait_for(timeout=APP_READY_MS)
    assert "/voila/render/notebooks/03_reflect.ipynb" in page.url
    form.locator(".candle-field-focus-area-ids select").select_option(label="Family A")
    form.locator(".candle-field-answers-what-happened textarea").fill("A calmer start helped us both.")
    save(form)
    shoot(page, artifacts_dir, "first-visit-3-reflection")
    stored = Workspace.open(workspace).store.latest(Reflection.TABLE, NEWCOMER)
    assert [r.answers.get("what_happened") for r in stored] == ["A calmer start helped us both."]

    lead = servers.lab("lead1")
    open_app(page, lead, "06_lead_my_practitioners.ipynb", ".candle-form-review-note")
    expect(page.locator("table.candle-table")).to_contain_text(NEWCOMER_NAME)
    form = page.locator(".candle-form-review-note").first
    form.locator(".candle-field-practitioner-id select").select_option(label=NEWCOMER_NAME)
    form.locator(".candle-field-text textarea").fill(NOTE)
    save(form)
    shoot(page, artifacts_dir, "first-visit-4-lead-note")

    open_app(page, servers.lab("link1"), "07_link_who_i_orient.ipynb", "table.candle-table")
    expect(page.locator("table.candle-table")).to_contain_text(NEWCOMER_NAME)

    open_app(page, me, "05_my_learning.ipynb", ".candle-chart svg")
    expect(page.get_by_text(NOTE)).to_be_visible()
    shoot(page, artifacts_dir, "first-visit-5-note-seen")
    assert browsing.refused == []


def record_saves(page: Page, notebook: str) -> list[int]:
    """The HTTP status of every save (PUT) of ``notebook`` that the page sends from now on.

    A save is seen on the wire, not by the file's modification time: the server may write
    the stripped page back with the very bytes and time stamp it had."""
    statuses: list[int] = []

    def on_response(response) -> None:
        if response.request.method == "PUT" and response.url.split("?")[0].endswith(notebook):
            statuses.append(response.status)

    page.on("response", on_response)
    return statuses


def wait_for_autosaves(page: Page, statuses: list[int], saves: int = 1, seconds: float = 120) -> None:
    """Wait until JupyterLab has saved the page ``saves`` times by itself (it saves only a
    changed notebook: Run All changes it, typing into a form does not); each save succeeded."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(statuses) < saves:
        page.wait_for_timeout(500)
    assert len(statuses) >= saves, f"JupyterLab saved the page {len(statuses)} times in {seconds}s"
    assert all(status == 200 for status in statuses), f"a save failed: {statuses}"


def test_a_page_left_open_in_jupyterlab_autosaves_exactly_as_committed(
        servers: KitServers, browsing: Browsing, artifacts_dir: Path):
    page, lab = browsing.page, servers.lab("p01")
    served = lab.root / "notebooks" / "03_reflect.ipynb"
    saves = record_saves(page, "notebooks/03_reflect.ipynb")
    page.goto(lab.page_url("lab/tree/notebooks/03_reflect.ipynb"))
    run_all(page)
    form = page.locator(".jp-Notebook .candle-form-reflection-i-matter").first
    expect(form).to_be_visible()
    form.locator(".candle-field-answers-what-happened textarea").fill("Typed, never saved in a page")
    wait_for_autosaves(page, saves)  # an autosave of the page with its outputs
    time.sleep(2 * AUTOSAVE_SECONDS)  # and more intervals, with the form typed into
    shoot(page, artifacts_dir, "autosave-1-left-open")
    for committed in sorted(NOTEBOOKS_DIR.rglob("*.ipynb")):
        copy = lab.root / "notebooks" / committed.relative_to(NOTEBOOKS_DIR)
        assert copy.read_bytes() == committed.read_bytes(), f"{copy.name} changed on save"
    assert "Typed, never saved" not in served.read_text(encoding="utf-8")

    page.reload()  # reopened: every form works again, no "model not found"
    run_all(page)
    form = page.locator(".jp-Notebook .candle-form-reflection-i-matter").first
    expect(form).to_be_visible()
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    form.locator(".candle-field-focus-area-ids select").select_option(index=0)
    form.locator(".candle-field-answers-what-happened textarea").fill("Saved after a reopen")
    save(form)
    shoot(page, artifacts_dir, "autosave-2-reopened")


def test_a_practitioners_review_html_passes_axe(servers: KitServers, browsing: Browsing,
                                               artifacts_dir: Path):
    workspace = servers.workspace
    made = subprocess.run([sys.executable, "-m", "kit", "review", str(workspace), "--period", PERIOD,
                           "--practitioner", "p01", "--jobs", "1"],
                          capture_output=True, text=True, timeout=600, check=False,
                          env=notebook_env(workspace))
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    review = workspace / "reviews" / PERIOD / "p01.html"
    page = browsing.page
    page.set_content(review.read_text(encoding="utf-8"))
    expect(page.locator("h1").first).to_be_visible()
    shoot(page, artifacts_dir, "review-html")
    assert serious_violations(page) == []
    assert browsing.refused == [], "the review HTML asked for something online"


def test_my_learning_downloads_everything_about_me_as_a_zip_the_page_links_to(
        servers: KitServers, browsing: Browsing, artifacts_dir: Path):
    page = browsing.page
    me = servers.lab("p01")
    open_app(page, me, "05_my_learning.ipynb", ".candle-chart svg")
    page.locator(".candle-download").click()
    link = page.locator(".candle-download-result a")
    expect(link).to_have_text(re.compile(r"^p01-records-\d{4}-\d{2}-\d{2}\.zip$"))
    link.scroll_into_view_if_needed()
    shoot(page, artifacts_dir, "my-learning-download")
    assert serious_violations(page) == []
    href = link.get_attribute("href") or ""
    assert href.startswith("/files/notebooks/my-records/p01-records-"), href
    answer = page.request.get(f"{me.url}{href}&token={me.token}")
    assert answer.status == 200
    names = zipfile.ZipFile(io.BytesIO(answer.body())).namelist()
    assert f"{link.inner_text().removesuffix('.zip')}/index.html" in names
    assert browsing.refused == []


def test_an_administrator_downloads_and_erases_a_practitioner(servers: KitServers, browsing: Browsing,
                                                            artifacts_dir: Path):
    """The last test here: it erases a demo practitioner from the module's workspace."""
    page, admin, workspace = browsing.page, servers.lab("admin1"), servers.workspace
    name = next(p.name for p in read_settings(workspace / SETTINGS_FILE).people if p.id == ERASED)
    open_app(page, admin, "08_admin_data_requests.ipynb", ".candle-erasure-plan")
    page.locator(".candle-person-choice select").select_option(label=f"{name} ({ERASED}, practitioner)")
    plan = page.locator(".candle-erasure-plan")
    expect(plan).to_contain_text(f"Erasing {ERASED} deletes:")
    expect(plan).to_contain_text("their data key")

    page.locator(".candle-download").click()
    link = page.locator(".candle-download-result a")
    expect(link).to_have_text(re.compile(rf"^{ERASED}-records-\d{{4}}-\d{{2}}-\d{{2}}\.zip$"))
    href = link.get_attribute("href") or ""
    assert href.startswith(f"/files/notebooks/data-requests/{ERASED}-records-"), href
    answer = page.request.get(f"{admin.url}{href}&token={admin.token}")
    assert answer.status == 200
    assert f"{link.inner_text().removesuffix('.zip')}/index.html" in \
        zipfile.ZipFile(io.BytesIO(answer.body())).namelist()
    shoot(page, artifacts_dir, "admin-1-download")
    assert serious_violations(page) == []

    reason = f"request: {ERASURE_REASONS['request']}"
    page.locator(".candle-erasure-reason select").select_option(label=reason)
    page.locator(".candle-erase").click()  # the id not typed yet: nothing goes
    expect(page.locator(".candle-erasure-confirm").locator("..")).to_contain_text(f"Type {ERASED} exactly")
    page.locator(".candle-erasure-confirm input").fill(ERASED)
    page.locator(".candle-erase").click()
    result = page.locator(".candle-erasure-result")
    expect(result).to_contain_text(f"Erased {ERASED}:", timeout=APP_READY_MS)
    expect(result).to_contain_text("The tables were rebuilt")
    result.scroll_into_view_if_needed()
    shoot(page, artifacts_dir, "admin-2-erased")
    assert serious_violations(page) == []
    assert not list((workspace / "records").glob(f"*/{ERASED}"))
    options = page.locator(".candle-person-choice select option").all_inner_texts()
    assert not [option for option in options if f"({ERASED}," in option]
    assert browsing.refused == []
