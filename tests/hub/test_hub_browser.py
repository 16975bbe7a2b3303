"""Through the hub in a real browser: a practitioner signs in on the hub's login page, the hub
starts their server (notebooks copied into their home, their own copy of their records), they
open the Reflect notebook, save a reflection, and Start here and My learning count it. The record is stored by
the service in the team's workspace, never by the user's server. Then their lead runs the
period's reviews from their reviews page (made by the service) and shares the practitioner's.
A Link signs in and their page lists the practitioners they orient (the service's list: their
own copy holds no records). Screenshots under test-artifacts/hub/."""

from __future__ import annotations

import json
import re
import secrets
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hub_process import Hub, http, running_hub, wait_for
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "notebooks"))
from browser_support import browsing_page, launch_chromium, shoot

from kit.charts import bundle
from kit.errors import PermissionDenied
from kit.hub.client import RemoteBackend
from kit.model.records import FocusArea, Profile, Reflection
from kit.store.workspace import Settings, Workspace

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "hub"
FORM = ".candle-form-reflection-i-matter"
ANSWER = ".candle-field-answers-what-happened textarea"
SERVER_START_MS = 180_000
REVIEWS_MS = 300_000  # two review kernels in the service, on a busy machine


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """A hub with the candle service; p01 is a practitioner with a profile (naming lead1 as
    their lead) and a focus area; p02 (who has reflected) and p03 (who has not) name link1 as
    their Link."""
    folder = tmp_path_factory.mktemp("hub-browser")
    workspace = folder / "workspace"
    Workspace.create(workspace, Settings(name="Team on a hub"))
    extra = ('c.Spawner.args = ["--allow-root", '
             '"--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]\n'
             # a busy machine can take longer than the hub's 30 s to start a user's server
             f"c.Spawner.http_timeout = c.Spawner.start_timeout = {SERVER_START_MS // 1000}\n")
    groups = {"candle-practitioners": ["p01", "p02", "p03"], "candle-leads": ["lead1"],
              "candle-links": ["link1"]}
    with running_hub(folder, workspace, groups, extra=extra) as running:
        for pid, name in (("p01", "One"), ("p02", "Two"), ("p03", "Three")):
            backend = RemoteBackend(running.service_url, running.user_token(pid))
            backend.submit(Profile.new(practitioner_id=pid, display_name=f"Practitioner {name}",
                                       role="mini_candle_practitioner", stage="trainee",
                                       **({"lead_id": "lead1"} if pid == "p01" else {"link_id": "link1"})))
            area = FocusArea.new(practitioner_id=pid, label="Family A", focus_kind="family",
                                 opened_on=date(2026, 9, 1))
            backend.submit(area)
            if pid == "p02":
                backend.submit(Reflection.new(practitioner_id=pid, focus_area_ids=[area.entity_id],
                                              reflection_date=date(2026, 9, 2), template="rolfe",
                                              answers={"what": "A first reflection."}))
        yield running


def run_all(page) -> None:
    """Run All Cells from the menu once the kernel is idle."""
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=SERVER_START_MS)
    select_kernel = page.locator(".jp-Dialog", has_text="Select Kernel")
    if select_kernel.count():
        select_kernel.locator(".jp-mod-accept").click()
    idle = page.locator(".jp-StatusBar-Widget", has_text="| Idle").first
    expect(idle).to_be_visible(timeout=SERVER_START_MS)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()


def sign_in(page, hub: Hub, user: str) -> None:
    """Sign in on the hub's login page and wait for the user's server: the hub's API says when
    it is ready (the "server starting" page only moves on when its event stream says so, and on
    a busy machine it once waited out the whole timeout for a server that had started), then
    the browser goes to it if the hub's page has not already."""
    page.goto(f"{hub.url}hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill("any password")
    page.locator("#login_submit").click()
    wait_for(lambda: server_ready(hub, user), f"{user}'s server starting", SERVER_START_MS / 1000)
    if f"/user/{user}/" not in page.url:
        page.goto(f"{hub.url}user/{user}/")
    page.wait_for_url(f"**/user/{user}/**", timeout=SERVER_START_MS)


def server_ready(hub: Hub, user: str) -> bool:
    """Whether the hub's API says ``user``'s server is ready (False while they do not exist)."""
    status, model = http("GET", f"{hub.url}hub/api/users/{user}", hub.admin_token)
    return status == 200 and bool(model.get("servers", {}).get("", {}).get("ready"))


def saved_as_shipped(page, hub: Hub, name: str) -> None:
    """Save the open notebook (Ctrl+S) and see the server keep it as shipped: the pre-save hook
    of the kit's settings strips the outputs the run just made."""
    with page.expect_response(lambda r: r.request.method == "PUT" and r.url.split("?")[0].endswith(
            f"api/contents/candle/{name}"), timeout=60_000) as saved:
        page.locator(".jp-Notebook").first.click()
        page.keyboard.press("Control+s")
    assert saved.value.status == 200
    on_disk = json.loads((hub.workspace.parent / "home" / "p01" / "candle" / name).read_text())
    code = [cell for cell in on_disk["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] == [] for cell in code)


def pages_linked_are_on_the_users_server(page, hub: Hub, user: str) -> None:
    """Every link on the open Start here leads to one of the user's pages as an app on their
    own server, and the notebook is there (the server's contents API has it: no 404)."""
    hrefs = page.eval_on_selector_all("#rendered_cells a[href]", "as => as.map(a => a.href)")
    pages = {href.split("?")[0] for href in hrefs if "#" not in href}
    app = f"{hub.url}user/{user}/voila/render/candle/"
    assert {"03_reflect.ipynb", "05_my_learning.ipynb"} <= {href.removeprefix(app) for href in pages}
    for href in pages:
        assert href.startswith(app), href
        found = page.request.get(f"{hub.url}user/{user}/api/contents/candle/"
                                 f"{href.removeprefix(app)}?content=0")
        assert found.status == 200, href


def test_a_practitioner_signs_in_reflects_and_sees_it_counted(hub: Hub) -> None:
    text = f"Through the hub {secrets.token_hex(4)}: a calmer start helped."
    with launch_chromium() as browser, browsing_page(browser, hub.url) as browsing:
        page = browsing.page
        sign_in(page, hub, "p01")
        # the server has the kit's settings (candle server-config): Start here opens as an app
        page.wait_for_url("**/user/p01/voila/render/candle/00_start_here.ipynb", timeout=SERVER_START_MS)
        expect(page.locator(".candle-start-here")).to_contain_text("Hello", timeout=SERVER_START_MS)
        shoot(page, ARTIFACTS, "1-signed-in")
        pages_linked_are_on_the_users_server(page, hub, "p01")

        page.goto(f"{hub.url}user/p01/lab/tree/candle/03_reflect.ipynb?reset")
        run_all(page)
        form = page.locator(FORM).first
        expect(form).to_be_visible(timeout=SERVER_START_MS)
        form.locator(".candle-field-focus-area-ids select").select_option(index=0)
        form.locator(ANSWER).fill(text)
        form.locator(".candle-save").click()
        expect(form.locator(".candle-status")).to_contain_text("Saved", timeout=60_000)
        shoot(page, ARTIFACTS, "2-saved")
        saved_as_shipped(page, hub, "03_reflect.ipynb")

        page.goto(f"{hub.url}user/p01/lab/tree/candle/00_start_here.ipynb?reset")
        run_all(page)
        expect(page.get_by_text("Reflections saved: 1").first).to_be_visible(timeout=SERVER_START_MS)
        shoot(page, ARTIFACTS, "3-counted")

        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(f"{hub.url}user/p01/lab/tree/candle/05_my_learning.ipynb?reset")
        run_all(page)  # My learning's first chart counts it (its description is its label)
        monthly = page.locator(".candle-chart > svg[role='img']").first
        counted = re.compile(r"\b1 reflections? from .* about Family A")
        expect(monthly).to_have_attribute("aria-label", counted, timeout=SERVER_START_MS)
        shoot(page, ARTIFACTS, "3-my-learning")
        # drawn in the kernel, the charts need no JavaScript; the server still serves it (for
        # the charts researchers explore) under the hub's prefix
        assert [url for url in asked if "/candle/charts/" in url] == []
        served = page.request.get(f"{hub.url}user/p01/{bundle.served_path()}")
        assert served.status == 200 and "export" in served.text()
    stored = Workspace.open(hub.workspace).store.latest("reflections", "p01")
    assert [r.answers.get("what_happened") for r in stored] == [text]  # type: ignore[attr-defined]
    assert browsing.refused == []


def test_a_lead_runs_the_reviews_through_the_service_and_shares_one(hub: Hub) -> None:
    """The lead's kernel holds only a copy: the service makes the reviews, serves their HTML and
    stores the share."""
    with launch_chromium() as browser, browsing_page(browser, hub.url) as browsing:
        page = browsing.page
        sign_in(page, hub, "lead1")
        page.goto(f"{hub.url}user/lead1/lab/tree/candle/06_lead_my_practitioners.ipynb?reset")
        run_all(page)
        reviews = page.locator(".candle-lead-reviews")
        expect(page.locator(".candle-review-row")).to_have_count(1, timeout=SERVER_START_MS)
        period = page.locator(".candle-review-period input")  # it starts at the period under way
        period.fill("2026-Q3")
        period.press("Enter")
        expect(page.locator(".candle-run-reviews")).to_have_text("Run the 2026-Q3 reviews")
        page.locator(".candle-run-reviews").click()
        expect(reviews).to_contain_text("reviews are ready", timeout=REVIEWS_MS)
        expect(reviews).to_contain_text("2 of 2 reviews")
        page.locator(".candle-share-p01 input[type=checkbox]").check()
        expect(reviews).to_contain_text("Practitioner One can now open their 2026-Q3 review")
        page.locator(".candle-review-row-p01 .candle-open-review").click()
        expect(page.locator(".candle-review-frame")).to_contain_text("kept by your team's candle service")
        frame = page.frame_locator(".candle-review-frame iframe")
        expect(frame.locator("h1").first).to_contain_text("Review: Practitioner One")
        shoot(page, ARTIFACTS, "4-lead-reviews")
        with browsing_page(browser, hub.url) as as_p01:  # p01 opens it in My learning
            sign_in(as_p01.page, hub, "p01")
            as_p01.page.goto(f"{hub.url}user/p01/lab/tree/candle/05_my_learning.ipynb?reset")
            run_all(as_p01.page)
            opener = as_p01.page.locator(".candle-open-review", has_text="Open my review for 2026-Q3")
            opener.click(timeout=SERVER_START_MS)
            mine = as_p01.page.frame_locator(".candle-review-frame iframe")
            expect(mine.locator("h1").first).to_contain_text("Review: Practitioner One")
            shoot(as_p01.page, ARTIFACTS, "5-practitioner-opens-review")
            assert as_p01.refused == []
    made = Workspace.open(hub.workspace)
    assert (made.root / "reviews" / "2026-Q3" / "p01.html").is_file()
    assert [(s.period, s.shared) for s in made.store.latest("review_shares", "p01")] == [("2026-Q3", True)]
    assert browsing.refused == []


def test_a_link_signs_in_and_sees_who_they_orient(hub: Hub) -> None:
    with launch_chromium() as browser, browsing_page(browser, hub.url) as browsing:
        page = browsing.page
        sign_in(page, hub, "link1")
        page.goto(f"{hub.url}user/link1/lab/tree/candle/07_link_who_i_orient.ipynb?reset")
        run_all(page)
        table = page.locator("table.candle-table").first
        expect(table).to_be_visible(timeout=SERVER_START_MS)
        rows = table.locator("tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("Practitioner Three")
        expect(rows.nth(0)).to_contain_text("Not yet")
        expect(rows.nth(1)).to_contain_text("Practitioner Two")
        expect(rows.nth(1)).to_contain_text("Yes")
        expect(page.locator(".candle-header").first).to_contain_text(
            "You are link1 (your hub user name; link)")
        expect(page.locator(".candle-header").first).to_contain_text("kept by the team's service")
        table.scroll_into_view_if_needed()
        shoot(page, ARTIFACTS, "5-link-list")
    assert browsing.refused == []


def test_someone_in_no_group_is_told_once_which_page_adds_them_and_shown_no_pages(hub: Hub) -> None:
    """A hub user in none of the kit's groups signs in: Start here says, once, in one sentence,
    that they have no part yet and links the hub's admin page; no page list, no form, no word
    of groups. A form page says the same, once, and shows no form."""
    with launch_chromium() as browser, browsing_page(browser, hub.url) as browsing:
        page = browsing.page
        sign_in(page, hub, "newbie1")
        page.wait_for_url("**/user/newbie1/voila/render/candle/00_start_here.ipynb",
                          timeout=SERVER_START_MS)
        said = page.locator(".candle-no-role")
        expect(said).to_contain_text("You are signed in as newbie1 but have no part in this team's "
                                     "Mini Candle work yet", timeout=SERVER_START_MS)
        page.locator("#rendered_cells").wait_for(state="visible", timeout=SERVER_START_MS)
        expect(page.get_by_text("You are signed in as")).to_have_count(1)
        expect(said.get_by_role("link", name="the hub's admin page")).to_have_attribute("href", "/hub/admin")
        links = page.locator("#rendered_cells a[href]:not([href^='#'])")
        expect(links).to_have_count(1)  # the admin page's, and no list of pages
        expect(page.get_by_text(re.compile("group", re.I))).to_have_count(0)
        expect(page.locator(".candle-form, .candle-start-here, .candle-first-run")).to_have_count(0)
        shoot(page, ARTIFACTS.parent / "navigation", "hub-no-group-start-here")

        page.goto(f"{hub.url}user/newbie1/voila/render/candle/03_reflect.ipynb")
        expect(page.locator(".candle-no-role")).to_have_count(1, timeout=SERVER_START_MS)
        page.locator("#rendered_cells").wait_for(state="visible", timeout=SERVER_START_MS)
        expect(page.get_by_text("You are signed in as")).to_have_count(1)
        expect(page.locator(".candle-form, .candle-error")).to_have_count(0)
        shoot(page, ARTIFACTS.parent / "navigation", "hub-no-group-reflect")
    assert browsing.refused == []


# --- The lead's one period, and the download button, walked through the hub (issue 21) -------
# The lead's page as a Voila app: the rows, Open and Share follow the Period box (2026-10 and
# 2026-11 have stand-in reviews; the box starts at the quarter under way), and the practitioner
# is shared exactly the period shown. The practitioner, signed in once, then sees that review
# in My learning and clicks its download button: the file the browser saves holds their
# records and nobody else's. Screenshots under test-artifacts/hubwalk/.

WALK_ARTIFACTS = ARTIFACTS.parent / "hubwalk"
WALK_PERIODS = ("2026-10", "2026-11")  # p01 (from September) is lead1's in both


@pytest.fixture(scope="module")
def walk_reviews(hub: Hub) -> tuple[str, ...]:
    """Stand-in reviews of p01 and of lead1's cohort for each of WALK_PERIODS, as a run leaves
    them (each says which period it is)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reviews"))
    from stand_in_templates import made_review

    workspace = Workspace.open(hub.workspace)
    for period in WALK_PERIODS:
        for subject in ("p01", "cohort-lead1"):
            made_review(workspace, period, subject, f"<h1>Stand-in review of {subject} for {period}</h1>")
    return WALK_PERIODS


def open_voila(page, hub: Hub, user: str, notebook: str) -> None:
    """Open one of the user's pages as a Voila app (as Start here opens after signing in)."""
    page.goto(f"{hub.url}user/{user}/voila/render/candle/{notebook}", timeout=SERVER_START_MS)


def type_period(page, period: str) -> None:
    """Type ``period`` into the lead page's Period box and press Enter."""
    box = page.locator(".candle-review-period input")
    box.fill(period)
    box.press("Enter")


def lead_shares_the_period_in_the_box(page, hub: Hub, other: str, shown: str) -> None:
    """As lead1: the box starts at 2026-Q4 with Q4's rows; typing ``other`` then ``shown``
    redraws them; Open opens ``shown``'s review and Share shares it, naming it."""
    sign_in(page, hub, "lead1")
    open_voila(page, hub, "lead1", "06_lead_my_practitioners.ipynb")
    box, row = page.locator(".candle-review-period input"), page.locator(".candle-review-row-p01")
    expect(box).to_have_value("2026-Q4", timeout=SERVER_START_MS)  # the quarter under way
    expect(row).to_contain_text("Share the 2026-Q4 review with Practitioner One")
    expect(row.locator(".candle-open-review")).to_have_count(0)  # no Q4 review is made
    shoot(page, WALK_ARTIFACTS, "1-lead-q4")

    type_period(page, other)  # the rows follow the box at once
    expect(row).to_contain_text("Made earlier")
    expect(row.locator(".candle-open-review")).to_have_text(f"Open Practitioner One's {other} review")
    type_period(page, shown)
    opener = row.locator(".candle-open-review")
    expect(opener).to_have_text(f"Open Practitioner One's {shown} review")
    opener.click()
    frame = page.frame_locator(".candle-review-frame iframe")
    expect(frame.locator("h1").first).to_contain_text(f"Stand-in review of p01 for {shown}")
    share = row.locator(".candle-share-p01")
    expect(share).to_contain_text(f"Share the {shown} review with Practitioner One")
    share.locator("input[type=checkbox]").check()
    expect(page.locator(".candle-lead-reviews")).to_contain_text(
        f"Practitioner One can now open their {shown} review in My learning")
    shoot(page, WALK_ARTIFACTS, "2-lead-shared-the-period-in-the-box")


def practitioner_opens_the_shared_period(page, other: str, shown: str) -> None:
    """In p01's My learning: ``shown``'s review can be opened, ``other``'s and Q4's cannot."""
    reviews = page.locator(".candle-open-review")
    opener = reviews.filter(has_text=f"Open my review for {shown}")
    opener.click(timeout=SERVER_START_MS)
    frame = page.frame_locator(".candle-review-frame iframe")
    expect(frame.locator("h1").first).to_contain_text(f"Stand-in review of p01 for {shown}")
    for never in (other, "2026-Q4"):
        expect(reviews.filter(has_text=never)).to_have_count(0)
    shoot(page, WALK_ARTIFACTS, "4-practitioner-opens-the-shared-period")


def download_my_record(page, folder: Path) -> Path:
    """Click My learning's download button, then the link it shows; the file the browser
    saved, copied into ``folder``."""
    button = page.locator(".candle-download", has_text="Download everything the kit holds about me")
    button.click(timeout=SERVER_START_MS)
    link = page.locator(".candle-download-result a")
    expect(link).to_have_text(re.compile(r"^p01-records-\d{4}-\d\d-\d\d\.zip$"), timeout=SERVER_START_MS)
    link.scroll_into_view_if_needed()
    shoot(page, WALK_ARTIFACTS, "3-practitioner-download-ready")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == link.inner_text()
    saved = folder / download.value.suggested_filename
    download.value.save_as(saved)  # the browser's copy goes when its context closes
    return saved


def assert_only_p01s_records(saved: Path) -> None:
    """The zip holds p01's profile and focus area (the set-up's), and nothing of p02 or p03."""
    with zipfile.ZipFile(saved) as archive:
        records = {name: json.loads(archive.read(name)) for name in archive.namelist()
                   if "/records/" in name and name.endswith(".json")}
        everything = b"".join(archive.read(name) for name in archive.namelist())
    tables = {name.split("/records/")[1].split("/")[0] for name in records}
    assert {"profiles", "focus_areas"} <= tables
    assert {record["practitioner_id"] for record in records.values()} == {"p01"}
    assert any(record.get("display_name") == "Practitioner One" for record in records.values())
    for someone_else in (b"p02", b"p03", b"Practitioner Two", b"A first reflection."):
        assert someone_else not in everything


def test_the_leads_period_is_the_one_shared_and_the_practitioner_downloads_their_record(
        hub: Hub, walk_reviews: tuple[str, ...], tmp_path: Path) -> None:
    """Issue 21 (12): with a period in the lead's box, the rows, 'Open ...'s review' and Share
    all act on it, and the practitioner is shared exactly that period's review. Issue 17, as a
    person does it: the practitioner's download button and link, not the function behind them."""
    other, shown = walk_reviews
    p01 = RemoteBackend(hub.service_url, hub.user_token("p01"))
    shared_before = set(p01.shared_reviews())
    with launch_chromium() as browser:
        with browsing_page(browser, hub.url) as as_lead:
            lead_shares_the_period_in_the_box(as_lead.page, hub, other, shown)
            assert as_lead.refused == []
        assert set(p01.shared_reviews()) - shared_before == {shown}  # that period, never another
        with pytest.raises(PermissionDenied):
            p01.review_html(other, "p01")
        with browsing_page(browser, hub.url) as as_p01:
            sign_in(as_p01.page, hub, "p01")
            open_voila(as_p01.page, hub, "p01", "05_my_learning.ipynb")
            saved = download_my_record(as_p01.page, tmp_path)
            practitioner_opens_the_shared_period(as_p01.page, other, shown)
            assert as_p01.refused == []
    assert_only_p01s_records(saved)


# --- Two tabs through the hub (issue 21, 12 and 10) ------------------------------------------
# p01 signs in once and opens Reflect as a Voila app in two tabs of one browser context. A
# save in one tab keeps the other tab's draft over a reload: drafts are per tab, kept by the
# tab's kernel in the user's home (~/.candle/workspace/drafts/p01/reflection_i_matter~<tab>.json,
# the kernel's copy of the workspace). Then the same saved reflection edited in both tabs: the
# first save is stored, the second is refused by the service with both texts shown, and
# exactly one new version is stored. Screenshots under test-artifacts/hubtabs/.

TABS_ARTIFACTS = ARTIFACTS.parent / "hubtabs"
EDIT_PICKER = ".candle-entry-picker select:visible, .candle-edit-picker select:visible"


def p01_drafts(hub: Hub) -> Path:
    """Where p01's kernels keep their drafts: the kernel's copy of the workspace in p01's home."""
    return hub.workspace.parent / "home" / "p01" / ".candle" / "workspace" / "drafts" / "p01"


def open_reflect(page, hub: Hub):
    """Reflect open as an app in ``page`` for p01; its first reflection form."""
    open_voila(page, hub, "p01", "03_reflect.ipynb")
    form = page.locator(FORM).first
    form.wait_for(state="visible", timeout=SERVER_START_MS)
    return form


def saved(form) -> None:
    form.locator(".candle-save").click()
    expect(form.locator(".candle-status")).to_contain_text("Saved", timeout=60_000)


def p01_reflection_versions(hub: Hub) -> list[Reflection]:
    """Every stored version of p01's reflections, as the service gives them to p01."""
    return RemoteBackend(hub.service_url, hub.user_token("p01")).records("reflections")  # type: ignore[return-value]


def test_two_tabs_through_the_hub_keep_a_draft_and_refuse_a_stale_edit(hub: Hub) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
    from app_support import draft_holding

    mark = secrets.token_hex(3)
    kept, first_text = f"Half a thought in tab two {mark}", f"Saved from tab one {mark}"
    with launch_chromium() as browser, browsing_page(browser, hub.url) as browsing:
        first = browsing.page
        sign_in(first, hub, "p01")
        second = first.context.new_page()
        form_one, form_two = open_reflect(first, hub), open_reflect(second, hub)

        # one form in two tabs: a save in the first keeps the second's draft over a reload
        form_one.locator(ANSWER).fill("Typed in tab one first")
        form_two.locator(ANSWER).fill(kept)
        draft_holding(p01_drafts(hub), "reflection_i_matter", kept, seconds=60)
        form_one.locator(".candle-field-focus-area-ids select").select_option(index=0)
        form_one.locator(ANSWER).fill(first_text)
        saved(form_one)
        second.reload()
        form_two = second.locator(FORM).first
        expect(form_two.locator(ANSWER)).to_have_value(kept, timeout=SERVER_START_MS)
        expect(form_two.locator(".candle-draft-notice")).to_contain_text("Draft restored")
        shoot(second, TABS_ARTIFACTS, "1-hub-second-tab-draft-kept")

        # one reflection edited in both tabs: the second save is refused, both texts shown
        before = p01_reflection_versions(hub)
        editors = []
        for tab, text in ((first, f"Changed in tab one {mark}"), (second, f"Changed in tab two {mark}")):
            tab.locator(EDIT_PICKER).first.select_option(index=0)  # the newest: the one just saved
            editor = tab.locator(FORM).last
            expect(editor.locator(ANSWER)).to_have_value(first_text, timeout=60_000)
            editor.locator(ANSWER).fill(text)
            editor.locator(".candle-field-edit-reason textarea").fill("Said it better.")
            editors.append(editor)
        saved(editors[0])
        editors[1].locator(".candle-save").click()
        expect(editors[1].locator(".candle-status")).to_contain_text(
            "Not saved. This reflection changed since you opened it.", timeout=60_000)
        both = editors[1].locator("table.candle-both-texts")
        expect(both).to_contain_text(f"Changed in tab one {mark}")
        expect(both).to_contain_text(f"Changed in tab two {mark}")
        both.scroll_into_view_if_needed()
        shoot(second, TABS_ARTIFACTS, "2-hub-stale-edit-refused-both-texts")
        assert browsing.refused == []
    after = p01_reflection_versions(hub)
    new = [r for r in after if r.record_id not in {b.record_id for b in before}]
    assert [(r.answers.get("what_happened"), r.supersedes is not None) for r in new] == [
        (f"Changed in tab one {mark}", True)]
