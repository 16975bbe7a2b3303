"""The explore notebook in a real browser: a researcher chooses a finished export package from
the list (the newest first), sees its summary and three charts, and chooses another.

JupyterLab on 127.0.0.1 (browser_support), the explore notebook opened as a Voilà page (it
runs on open), driven by Playwright in Debian's Chromium, as the demo's researcher. The
workspace is a copy of the demo in which a lead made two packages. Screenshots go to
test-artifacts/browser/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import LabOptions, browsing_page, launch_chromium, shoot, start_lab
from checkout import REPO_ROOT
from notebook_support import copy_demo
from playwright.sync_api import expect

from kit.charts import bundle
from kit.hub.local import LocalBackend
from kit.hub.packages import package_label
from kit.notebook.export_chooser import labelled
from kit.store.workspace import Workspace

SERVER_CONFIG = REPO_ROOT / "kit" / "app" / "jupyter_server_config.py"  # the kit's offline Voilà template
PAGE = "voila/render/notebooks/research/explore_export.ipynb"


def test_a_researcher_chooses_a_package_and_sees_its_charts(tmp_path_factory: pytest.TempPathFactory,
                                                             artifacts_dir: Path) -> None:
    ws = Workspace.open(copy_demo(tmp_path_factory.mktemp("explore") / "workspace"))
    lead = LocalBackend.for_user(ws, "lead1")
    older, newer = lead.make_export(k=2), lead.make_export(k=2)
    shots = artifacts_dir / "browser"
    options = LabOptions(env={"CANDLE_USER": "res1"}, server_args=[f"--config={SERVER_CONFIG}"])
    with start_lab(tmp_path_factory.mktemp("lab"), ws.root, shots / "explore-lab.log", options) as lab, \
            launch_chromium() as browser, browsing_page(browser, lab.url) as browsing:
        page = browsing.page
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(lab.page_url(PAGE))
        choice = page.locator(".candle-export-choice select")
        labels = [label for label, _ in labelled([newer, older])]
        expect(choice).to_have_value(labels[0])  # the newest is chosen
        shown = [text.replace("\xa0", " ") for text in choice.locator("option").all_inner_texts()]
        assert shown == labels  # (ipywidgets shows spaces as no-break spaces)
        assert package_label(newer).startswith("made ") and package_label(newer).endswith(" UTC by lead1")
        summary = page.locator(".candle-export-page")
        expect(summary).to_contain_text(f"{newer}")
        expect(summary).to_contain_text("chosen from the finished packages")
        expect(page.locator(".candle-chart")).to_have_count(3)
        expect(page.locator(".candle-chart canvas, .candle-chart svg").first).to_be_visible()
        # the charts' JavaScript came once for the three, from this server (kit.app.chart_route)
        assert [url for url in asked if "/candle/charts/" in url] == [f"{lab.url}/{bundle.served_path()}"]
        shoot(page, shots, "explore-1-newest")
        choice.select_option(label=labels[1])
        expect(summary).to_contain_text(f"{older}")
        expect(page.locator(".candle-chart")).to_have_count(3)
        shoot(page, shots, "explore-2-older")
        assert browsing.refused == []
    assert sorted(p.name for p in ws.folder("exports").iterdir()) == [older, newer]  # nothing copied locally
