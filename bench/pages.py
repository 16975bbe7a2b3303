"""Benchmark: time from opening a kit page to a usable form, in Chromium, on a warm server.

    .venv/bin/python bench/pages.py [--runs 5]

1. starts JupyterLab with the kit's config (``kit/app/jupyter_server_config.py``) on a copy
   of the demo workspace, as the demo practitioner p01;
2. warms it: opens each measured page once as an app (imports cached, chart bundle built);
3. for each page, ``--runs`` times: open it as a Voila app and time until its first form's
   Save button is visible and enabled (My learning: until its first chart is drawn);
4. the baseline, same run: the Reflect notebook opened in JupyterLab and run with
   Run > Run All Cells, timed from opening to the same usable form.

Goal: a usable form in under 3 s on a warm server. Prints the median and the range.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "notebooks")]  # the browser test helpers

from browser_support import LabOptions, browsing_page, launch_chromium, run_all, start_lab  # noqa: E402
from notebook_support import copy_demo  # noqa: E402
from playwright.sync_api import Page  # noqa: E402

from kit.app.pages import PAGES  # noqa: E402

CONFIG = REPO / "kit" / "app" / "jupyter_server_config.py"
USABLE_FORM = ".candle-form .candle-save:enabled"
MEASURED = {  # page -> what shows it is usable
    "00_start_here.ipynb": USABLE_FORM,
    "02_focus_areas.ipynb": USABLE_FORM,
    "03_reflect.ipynb": USABLE_FORM,
    "05_my_learning.ipynb": ".candle-chart svg",
}
GOAL_SECONDS = 3.0
TIMEOUT_MS = 120_000


def timed(open_page: Callable[[], None], page: Page, ready: str) -> float:
    """Seconds from calling ``open_page`` until ``ready`` is visible on ``page``."""
    start = time.perf_counter()
    open_page()
    page.locator(ready).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    return time.perf_counter() - start


def figures(seconds: list[float]) -> str:
    return (f"median {statistics.median(seconds):.2f} s (min {min(seconds):.2f}, "
            f"max {max(seconds):.2f}, n={len(seconds)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    base = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    options = LabOptions(server_args=[f"--config={CONFIG}"], env={"CANDLE_USER": "p01"})
    apps = {page.notebook: page.app_path() for page in PAGES}
    with start_lab(base, copy_demo(base / "workspace"), base / "lab.log", options) as lab, \
            launch_chromium() as browser, browsing_page(browser, lab.url) as browsing:
        page = browsing.page
        for notebook, ready in MEASURED.items():  # warm the server
            timed(lambda n=notebook: page.goto(lab.page_url(apps[n])), page, ready)
        results: dict[str, list[float]] = {}
        for notebook, ready in MEASURED.items():
            results[notebook] = [timed(lambda n=notebook: page.goto(lab.page_url(apps[n])), page, ready)
                                 for _ in range(runs)]
            print(f"app  {notebook:<28} {figures(results[notebook])}", flush=True)

        def notebook_and_run_all() -> None:
            page.goto(lab.page_url("lab/tree/notebooks/03_reflect.ipynb"))
            run_all(page)

        baseline = [timed(notebook_and_run_all, page, ".jp-Notebook " + USABLE_FORM) for _ in range(runs)]
        print(f"lab  03_reflect.ipynb + Run All   {figures(baseline)}", flush=True)
    worst = max(statistics.median(values) for values in results.values())
    verdict = "met" if worst < GOAL_SECONDS else "NOT met"
    speed_up = statistics.median(baseline) / statistics.median(results["03_reflect.ipynb"])
    print(f"slowest app page median {worst:.2f} s: goal < {GOAL_SECONDS:.0f} s {verdict}; "
          f"Reflect as an app is {speed_up:.1f}x faster to a usable form than the notebook with Run All")


if __name__ == "__main__":
    main()
