"""The kit's pages as Voilà apps in Chromium: they run on open (no Run All), show no code,
reach nothing beyond the server, sit in JupyterLab's launcher, pass axe-core with no
serious or critical violation, lead from Start here to every page of each role and back (every
link followed: tests/app/link_walk.py), and give their kernel back when closed."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from app_support import (
    APP_READY_MS,
    FORM,
    KitServers,
    draft_holding,
    focus_ring,
    kernel_ids,
    kernel_pid,
    open_app,
    spare_taken_by,
    wait_for_a_waiting_spare,
    wait_for_kernels,
)
from browser_support import (
    AXE_TAGS,
    Browsing,
    axe_results,
    browsing_page,
    launch_chromium,
    run_all,
    serious_violations,
    shoot,
)
from link_walk import walk
from notebook_support import ARTIFACTS, copy_demo, notebook_env
from playwright.sync_api import Browser, Locator, Page, expect

from kit.capture.submit import submit
from kit.charts import bundle
from kit.model.dates import latest_today
from kit.model.erasure import ERASURE_REASONS
from kit.model.records import FocusArea, LicenceEvent, Reflection
from kit.resources import NOTEBOOKS_DIR
from kit.store.workspace import SETTINGS_FILE, Person, Workspace, read_settings, write_settings
from kit.views.site import START_HERE, pages_for

PERIOD = "2026-Q3"  # the demo's review period
AUTOSAVE_SECONDS = 3
SHORT_AUTOSAVE = {"@jupyterlab/docmanager-extension/plugin.jupyterlab-settings":
                  {"autosave": True, "autosaveInterval": AUTOSAVE_SECONDS}}
NEWCOMER, NEWCOMER_NAME = "p_new", "Noor Newcomer"
LEAD_NAME, LINK_NAME = "Morgan Ashdown (Lead)", "Orla Fenwick (Link)"
NOTE = "Lovely first reflection: the calmer start is worth keeping."
ADMIN = Person(id="admin1", name="Ada Admin", kinds=["admin"])
ERASED = "p11"  # a demo practitioner no other test here uses
# What shows each page is drawn, for the person it is for (demo people).
READY = {
    "00_start_here.ipynb": ".candle-start-here",
    "01_licence.ipynb": FORM,
    "02_focus_areas.ipynb": FORM,
    "03_reflect.ipynb": FORM,
    "04_journey_and_support.ipynb": FORM,
    "05_my_learning.ipynb": ".candle-chart svg",
    "06_lead_my_practitioners.ipynb": FORM,
    "07_link_who_i_orient.ipynb": "table.candle-table",
    "08_admin_data_requests.ipynb": ".candle-erasure-plan",
    "research/release_queue.ipynb": ".candle-release-page",
    "research/explore_export.ipynb": ".candle-export-page",
}
WALKERS = [("practitioner", "p01"), ("lead", "lead1"), ("link", "link1"), ("researcher", "res1"),
           ("admin", ADMIN.id)]
SHOTS = ARTIFACTS / "licencepage"  # the licence page's order, focus rings and the rating group


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


@pytest.mark.parametrize(("kind", "user"), WALKERS, ids=[kind for kind, _ in WALKERS])
def test_every_page_of_a_role_runs_on_open_passes_axe_and_every_link_leads_somewhere(
        servers: KitServers, browsing: Browsing, kind: str, user: str):
    """From Start here, every page the person can reach, each opened once in Chromium: it ran
    on open, shows no code and no error output, passes axe (nothing serious or critical),
    reaches nothing beyond the server; every link on it leads somewhere (no 404), it has a way
    on or back (no dead end), and the pages reached are exactly the person's own."""
    lab = servers.lab(user)
    start = "/" + START_HERE.app_path()
    prefix = "/" + START_HERE.app_path().removesuffix(START_HERE.notebook)

    def check(page: Page, path: str) -> None:
        expect(page.locator(".jp-InputArea-editor")).to_have_count(0)  # no code anywhere
        expect(page.locator(".jp-OutputArea-output .jp-RenderedText[data-mime-type*=stderr]")
               ).to_have_count(0)
        name = path.removeprefix(prefix).replace("/", "-").removesuffix(".ipynb")
        shoot(page, ARTIFACTS / "navigation", f"{kind}-{name}")
        assert serious_violations(page) == [], path

    walked = walk(browsing.page, lab, start, lambda path: READY[path.removeprefix(prefix)], check)
    assert walked.broken == [] and walked.dead_ends == [] and walked.outside == []
    reached = {path for path in walked.links if path.startswith("/voila/")}
    assert reached == {"/" + page.app_path() for page in pages_for([kind])}
    for path, targets in walked.links.items():
        if path != start:
            assert start in targets, f"{path} has no way back to Start here"
    assert browsing.refused == []


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


REFLECT, FIRST_FORM = "03_reflect.ipynb", ".candle-form-reflection-i-matter"
ANSWER = ".candle-field-answers-what-happened textarea"
PICKER = ".candle-entry-picker select:visible, .candle-edit-picker select:visible"  # 'Edit a saved entry'

LOST = re.compile(r"^This page lost its connection\. Your draft up to (\d\d:\d\d) is kept\. "
                  r"Reload to go on\.$")


def open_tab(page: Page, lab, before: set[str] | None = None) -> str:
    """Open Reflect as an app in ``page``; the id of the kernel it started."""
    before = kernel_ids(lab) if before is None else before
    open_app(page, lab, REFLECT, FIRST_FORM)
    started = wait_for_kernels(lab, lambda ids: len(ids - before) >= 1) - before
    assert len(started) == 1, started
    return started.pop()


def reload_tab(page: Page, lab) -> str:
    """Reload ``page`` (its kernel goes) and wait for its form; the new kernel's id."""
    before = kernel_ids(lab)
    page.reload()
    page.locator(FIRST_FORM).first.wait_for(state="visible", timeout=APP_READY_MS)
    return (wait_for_kernels(lab, lambda ids: len(ids - before) >= 1) - before).pop()


def test_two_tabs_keep_their_drafts_refuse_a_stale_edit_and_a_lost_kernel_loses_nothing(
        servers: KitServers, browsing: Browsing, artifacts_dir: Path):
    """Issue 21, as a practitioner with Reflect open in two tabs: saving in one keeps the other's
    draft; editing one reflection in both refuses the second save, showing both texts; the
    page whose kernel is killed says so at once, keeps what is typed next, and a reload puts
    it all back."""
    lab, shots = servers.lab("p01"), artifacts_dir.parent / "kernellost"
    folder = servers.workspace / "drafts" / "p01"
    first = browsing.page
    second = first.context.new_page()
    open_tab(first, lab)
    open_tab(second, lab)

    # two tabs, one form: the second tab's draft survives a save in the first and a reload
    second.locator(FIRST_FORM).first.locator(ANSWER).fill("The second tab's half thought")
    draft_holding(folder, "reflection_i_matter", "The second tab's half thought")
    form = first.locator(FIRST_FORM).first
    form.locator(".candle-field-focus-area-ids select").select_option(index=0)
    form.locator(ANSWER).fill("Saved from the first tab")
    save(form)
    kernel_id = reload_tab(second, lab)
    form = second.locator(FIRST_FORM).first
    expect(form.locator(ANSWER)).to_have_value("The second tab's half thought")
    expect(form.locator(".candle-draft-notice")).to_contain_text("Draft restored")
    shoot(second, shots, "1-two-tabs-draft-kept")

    # two tabs, one reflection: the second save is refused and shows both texts
    editors = []
    for tab, text in zip((first, second), ("Changed in the first tab", "Changed in the second tab"),
                         strict=True):
        tab.locator(PICKER).first.select_option(index=0)  # the newest entry: the one just saved
        editor = tab.locator(FIRST_FORM).last
        editors.append(editor)
        expect(editor.locator(ANSWER)).to_have_value("Saved from the first tab")
        editor.locator(ANSWER).fill(text)
        editor.locator(".candle-field-edit-reason textarea").fill("Said it better.")
    save(editors[0])
    editors[1].locator(".candle-save").click()
    expect(editors[1].locator(".candle-status")).to_contain_text(
        "Not saved. This reflection changed since you opened it.")
    both = editors[1].locator("table.candle-both-texts")
    expect(both).to_contain_text("Changed in the first tab")
    expect(both).to_contain_text("Changed in the second tab")
    both.scroll_into_view_if_needed()
    shoot(second, shots, "2-stale-edit-both-texts")
    first.close()

    # the second tab's kernel is killed under it: the page says so at once
    form = second.locator(FIRST_FORM).first
    form.locator(ANSWER).fill("Before the loss")
    kept = draft_holding(folder, "reflection_i_matter", "Before the loss")
    os.kill(kernel_pid(kernel_id), signal.SIGKILL)
    banner = second.locator("#candle-lost-banner .candle-lost-text")
    expect(banner).to_have_text(LOST, timeout=15_000)
    shown = LOST.match(banner.inner_text())
    assert shown and shown.group(1) == kept.saved_at.astimezone().strftime("%H:%M")
    form.locator(ANSWER).press_sequentially(", and after it", delay=5)
    form.locator(".candle-save").click()  # never nothing: it says why not
    expect(form.locator(".candle-status")).to_contain_text("Not saved: this page lost its connection")
    shoot(second, shots, "3-kernel-lost")

    reload_tab(second, lab)
    form = second.locator(FIRST_FORM).first
    expect(form.locator(ANSWER)).to_have_value("Before the loss, and after it")
    expect(form.locator(".candle-draft-notice")).to_contain_text("Restored what you typed")
    expect(second.get_by_text("Restored what you typed")).to_have_count(1)  # only where typed
    expect(second.locator("#candle-lost-banner")).to_have_count(0)
    draft_holding(folder, "reflection_i_matter", "Before the loss, and after it")
    assert second.evaluate("Object.keys(localStorage).filter(k => k.startsWith('candle-kept'))") == []
    shoot(second, shots, "4-reloaded-all-restored")
    assert browsing.refused == []


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
    expect_supporters_from_the_profile(form)
    open_app(page, me, "01_licence.ipynb", ".candle-application")  # the Licence page: the same form
    application = page.locator(".candle-application")
    expect(application.locator(".candle-form-licence-application h3")).to_have_text(
        "Apply for the licence with a micro-project idea")
    expect_supporters_from_the_profile(application)
    assert above(application, page.get_by_role("heading", name="Your licence so far"))
    shoot(page, SHOTS, "licence-1-before-applying")
    open_app(page, me, "00_start_here.ipynb", ".candle-form-licence-application")
    form = page.locator(".candle-form-licence-application")
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

    open_app(page, me, "01_licence.ipynb", ".candle-application")  # applied: no blank form first
    application = page.locator(".candle-application")
    expect(application.locator(".candle-applied")).to_contain_text(
        "You applied for the licence on")
    expect(application.locator(".candle-applied")).to_contain_text(
        "with your micro-project 'Calmer mornings'")
    expect(application.locator(FORM)).to_have_count(0)
    assert above(application, page.get_by_role("heading", name="Your licence so far"))
    shoot(page, SHOTS, "licence-2-after-applying")
    assert serious_violations(page) == []

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


def shown_choice(select: Locator) -> str:
    """The text of the option a <select> shows (ipywidgets writes its spaces as no-break ones)."""
    shown = select.evaluate("s => s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text")
    return shown.replace("\xa0", " ")


def expect_supporters_from_the_profile(form: Locator) -> None:
    """The application names the lead and Link the profile named (changeable: a select)."""
    for field, name in (("lead-id", LEAD_NAME), ("link-id", LINK_NAME)):
        select = form.locator(f".candle-field-{field} select").first
        expect(select).to_be_enabled()
        assert shown_choice(select) == name


def shoot_around(page: Page, control: Locator, name: str, margin: int = 24) -> None:
    """A screenshot of ``control`` and ``margin`` pixels around it (its focus ring), as
    ``SHOTS/name.png``."""
    box = control.bounding_box()
    assert box is not None, name
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"),
                    clip={"x": max(box["x"] - margin, 0), "y": max(box["y"] - margin, 0),
                          "width": box["width"] + 2 * margin, "height": box["height"] + 2 * margin})


def above(first: Locator, second: Locator) -> bool:
    """Whether ``first`` starts above ``second`` on the page."""
    one, two = first.bounding_box(), second.bounding_box()
    assert one is not None and two is not None
    return one["y"] < two["y"]


@dataclasses.dataclass
class Saves:
    """The saves (PUT) of one notebook the page sent: how many began, and the HTTP status of
    each that was answered (the server answers once the file is written)."""

    begun: int = 0
    statuses: list[int] = dataclasses.field(default_factory=list)


def record_saves(page: Page, notebook: str) -> Saves:
    """Every save (PUT) of ``notebook`` that the page sends from now on.

    A save is seen on the wire, not by the file's modification time: the server may write
    the stripped page back with the very bytes and time stamp it had."""
    saves = Saves()

    def is_save(request) -> bool:
        return request.method == "PUT" and request.url.split("?")[0].endswith(notebook)

    def on_request(request) -> None:
        if is_save(request):
            saves.begun += 1

    def on_response(response) -> None:
        if is_save(response.request):
            saves.statuses.append(response.status)

    page.on("request", on_request)
    page.on("response", on_response)
    return saves


def wait_for_autosaves(page: Page, saves: Saves, count: int = 1, seconds: float = 120) -> None:
    """Wait until JupyterLab has saved the page ``count`` times by itself (it saves only a
    changed notebook: Run All changes it, typing into a form does not); each save succeeded."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(saves.statuses) < count:
        page.wait_for_timeout(500)
    made = len(saves.statuses)
    assert made >= count, f"JupyterLab saved the page {made} times in {seconds}s"
    assert all(status == 200 for status in saves.statuses), f"a save failed: {saves.statuses}"


def read_between_saves(page: Page, saves: Saves, path: Path, seconds: float = 60) -> bytes:
    """``path``'s bytes read while no save is being written: the server writes a notebook in
    place (its "atomic" writing keeps a backup, not the file whole), so a file read during a
    late autosave (outputs arriving after the first) can be empty."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        begun = saves.begun
        if begun == len(saves.statuses):
            data = path.read_bytes()
            page.wait_for_timeout(200)  # a save sent before the read is seen by now
            if saves.begun == begun:
                return data
        page.wait_for_timeout(200)
    raise AssertionError(f"{path.name} was being saved for {seconds:.0f} s")


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
        on_disk = read_between_saves(page, saves, copy) if copy == served else copy.read_bytes()
        assert on_disk == committed.read_bytes(), f"{copy.name} changed on save"
    assert "Typed, never saved" not in read_between_saves(page, saves, served).decode("utf-8")

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


def test_my_learning_charts_are_drawn_with_no_javascript_and_name_each_mark_on_hover(
        servers: KitServers, browsing: Browsing):
    page, me = browsing.page, servers.lab("p01")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_app(page, me, "05_my_learning.ipynb", ".candle-chart svg")
    charts = page.locator(".candle-chart > svg[role='img']")
    expect(charts).to_have_count(4)
    assert [url for url in asked if "/candle/charts/" in url] == []  # drawn in the kernel
    first_bar = charts.first.locator("path[aria-roledescription='bar']").first
    assert re.fullmatch(r"Month: \w{3} \d{4}; Reflections: \d+; Focus area: .+",
                        first_bar.locator("title").text_content() or "")
    # the server still serves the charts' JavaScript (for the charts researchers explore)
    served = f"{me.url}/{bundle.served_path()}"
    answer = page.request.get(served)
    assert answer.status == 200 and "export" in answer.text()
    assert "immutable" in answer.headers["cache-control"]
    assert answer.headers["content-type"].startswith("text/javascript")
    assert page.request.get(f"{me.url}/{bundle.ROUTE}/elsewhere.js").status == 404
    assert browsing.refused == []


CHILD_NAME = "Jamie Fletcher"  # synthetic: a child's name typed into a reflection by mistake


def choose_entry(editor: Locator, words: str) -> None:
    """Choose the entry of 'Edit a saved entry' whose line shows ``words``."""
    picker = editor.locator(".candle-entry-picker select")
    line = picker.locator("option", has_text=words).inner_text()
    picker.select_option(label=line)


def test_a_name_is_taken_out_of_a_rolfe_reflection_and_a_planned_pause_withdrawn(
        servers: KitServers, browsing: Browsing):
    """'Edit a saved entry' on the Reflect and Licence pages (issue 21); screenshots in
    test-artifacts/editor/."""
    page, workspace, shots = browsing.page, Workspace.open(servers.workspace), ARTIFACTS / "editor"
    area = next(a for a in workspace.store.latest(FocusArea.TABLE, "p01") if a.status == "active")
    typed = Reflection.new(practitioner_id="p01", focus_area_ids=[area.entity_id], template="rolfe",
                           reflection_date=latest_today(),
                           answers={"what": f"{CHILD_NAME} arrived upset; we tried the calmer start.",
                                    "now_what": "Keep the calmer start."})
    submit(workspace, typed)
    me = servers.lab("p01")
    shots.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 2200})  # a chosen entry's whole form on screen

    open_app(page, me, "03_reflect.ipynb", ".candle-entry-picker select")
    editor = page.locator(".candle-entry-editor")
    editor.scroll_into_view_if_needed()
    expect(editor.locator(".candle-entry-picker option", has_text=CHILD_NAME.split()[0])).to_have_count(1)
    choose_entry(editor, f"Rolfe reflection – {latest_today():%d/%m/%Y} {area.label}: “{CHILD_NAME}")
    form = editor.locator(".candle-form-reflection-rolfe")
    what = form.locator(".candle-field-answers-what textarea")
    expect(what).to_have_value(re.compile(CHILD_NAME))
    expect(form.locator(".candle-field-answers-now-what textarea")).to_have_value("Keep the calmer start.")
    expect(form.locator(".candle-withdraw")).to_be_enabled()
    editor.screenshot(path=shots / "1-reflect-entry-chosen.png")
    what.fill("A child arrived upset; we tried the calmer start.")
    form.locator(".candle-field-edit-reason textarea").fill("Took a child's name out.")
    form.locator(".candle-save").click()
    expect(form.locator(".candle-status")).to_contain_text("Saved at")
    expect(editor.locator(".candle-entry-picker option", has_text="A child arrived upset")).to_have_count(1)
    expect(editor.locator(".candle-entry-picker option", has_text=CHILD_NAME)).to_have_count(0)
    editor.screenshot(path=shots / "2-reflect-name-taken-out.png")
    [now] = [r for r in Workspace.open(servers.workspace).store.latest(Reflection.TABLE, "p01")
             if r.entity_id == typed.entity_id]
    assert CHILD_NAME not in str(now.answers) and now.supersedes == typed.record_id

    open_app(page, me, "01_licence.ipynb", ".candle-form-licence-decision")
    expect(page.locator(".candle-entry-editor .candle-form")).to_have_count(0)  # none chosen yet
    decide = page.locator(".candle-form-licence-decision").first  # the entry editor's comes later
    pause_on = latest_today() + timedelta(days=30)
    for event, day in (("Pause", pause_on), ("Continue", latest_today() + timedelta(days=10))):
        decide.locator(".candle-field-event select").select_option(label=event)
        decide.locator(".candle-field-event-date input").fill(f"{day:%d/%m/%Y}")
        decide.locator(".candle-field-reason textarea").fill("The summer term.")
        decide.locator(".candle-save").click()
        expect(decide.locator(".candle-status")).to_contain_text("Saved" if event == "Pause" else "Not saved")
    where = "under 'Edit a saved entry' on the Licence and micro-project page"
    expect(decide.locator(".candle-message-event-date")).to_contain_text(where)
    decide.locator(".candle-message-event-date").scroll_into_view_if_needed()
    shoot(page, shots, "3-licence-continue-refused")
    expect(page.get_by_role("heading", name="Edit a saved entry")).to_be_visible()

    editor = page.locator(".candle-entry-editor")
    choose_entry(editor, f"Licence decision – {pause_on:%d/%m/%Y} Pause")
    form = editor.locator(".candle-form-licence-decision")
    form.locator(".candle-field-edit-reason textarea").fill("I will not pause after all.")
    form.locator(".candle-withdraw").click()
    form.locator(".candle-withdraw-confirm").click()
    expect(editor.locator(".candle-entries-status")).to_contain_text("Withdrawn")
    expect(editor.locator(".candle-form")).to_have_count(0)  # the emptied form went
    expect(editor.locator(".candle-entry-picker option", has_text="Pause")).to_have_count(0)
    editor.screenshot(path=shots / "4-licence-pause-withdrawn.png")
    decide.locator(".candle-save").click()  # the same Continue fits now
    expect(decide.locator(".candle-status")).to_contain_text("Saved")
    events = Workspace.open(servers.workspace).store.latest(LicenceEvent.TABLE, "p01")
    assert [e.event for e in events if e.event_date > latest_today()] == ["continued"]
    assert serious_violations(page) == []
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


def test_every_control_shows_a_focus_ring_of_3_to_1_and_ratings_are_a_radio_group(
        servers: KitServers, browsing: Browsing) -> None:
    """WCAG 2.2 AA 2.4.7 and 1.4.11 (the ring against the colours beside it) and 4.1.2 (the
    rating's group name and checked state), measured from computed styles in Chromium."""
    page, workspace = browsing.page, servers.workspace
    open_app(page, servers.lab("p01"), "03_reflect.ipynb", ".candle-form-reflection-i-matter")
    form = page.locator(".candle-form-reflection-i-matter").first
    page.keyboard.press("Tab")  # the keyboard is in use: focus moved by script shows as by Tab
    controls = {
        "save": form.locator(".candle-save"),
        "text-box": form.locator(".candle-field-answers-what-happened textarea"),
        "date": form.locator(".candle-field-reflection-date input"),
        "list": form.locator(".candle-field-focus-area-ids select"),
        "choice": form.locator(".candle-field-visibility select"),
        "tick-box": form.locator(".candle-field-referred-on input"),
        "rating": form.get_by_role("radio", name="3").first,
    }
    for name, control in controls.items():
        control.scroll_into_view_if_needed()
        control.focus()
        ring = focus_ring(control)
        assert ring["focused"], name
        assert ring["style"] == "solid" and ring["width"] >= 2, (name, ring)
        assert ring["contrast"] >= 3, (name, ring)
        assert not ring["clipped"], (name, ring)  # 2.4.11: not hidden, not even in part
        shoot_around(page, control, f"focus-{name}")

    group = form.get_by_role("radiogroup", name="My understanding (1-5)")
    expect(group).to_be_visible()
    expect(group.get_by_role("radio")).to_have_count(6)
    expect(group.get_by_role("radio", name="Not set")).to_be_checked()
    group.get_by_role("radio", name="3").focus()
    page.keyboard.press("Space")
    expect(group.get_by_role("radio", name="3")).to_be_checked()
    page.keyboard.press("ArrowRight")  # the group moves with the arrow keys
    expect(group.get_by_role("radio", name="4")).to_be_checked()
    expect(group.get_by_role("radio", name="3")).not_to_be_checked()
    shoot(page, SHOTS, "rating-group-4-chosen")
    form.locator(".candle-field-focus-area-ids select").select_option(index=0)
    form.locator(".candle-field-answers-what-happened textarea").fill("Rated with the keyboard.")
    save(form)
    stored = [r for r in Workspace.open(workspace).store.latest(Reflection.TABLE, "p01")
              if r.answers.get("what_happened") == "Rated with the keyboard."]
    assert [r.self_understanding for r in stored] == [4]

    # The other sets of prompts are drawn when asked for, with the keyboard too; focus stays on
    # the button and Tab goes on into the form
    nuggets = page.get_by_role("button", name="Open: A nugget or gem")
    expect(page.locator(".candle-form-reflection-nuggets")).to_have_count(0)
    page.keyboard.press("Tab")  # the keyboard again, after Save was clicked
    nuggets.focus()
    ring = focus_ring(nuggets)
    assert ring["focused"] and ring["contrast"] >= 3, ring
    page.keyboard.press("Enter")
    expect(page.locator(".candle-form-reflection-nuggets")).to_be_visible()
    expect(page.get_by_role("button", name="Hide: A nugget or gem")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.candle-form-reflection-nuggets') !== null")
    shoot(page, SHOTS, "reflect-nuggets-opened")

    results = axe_results(page)  # the WCAG 2.2 AA rules ran (target-size is off by default)
    ran = {rule["id"] for kind in ("violations", "passes", "incomplete", "inapplicable")
           for rule in results.get(kind, [])}
    assert "wcag22aa" in AXE_TAGS and "target-size" in ran
    assert serious_violations(page) == []
    assert browsing.refused == []
