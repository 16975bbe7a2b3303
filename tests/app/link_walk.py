"""Walking the links of the kit's pages as one person, in Chromium: from Start here, every
page reached is opened once (and checked by the caller), every link on it followed; its kernel
is shut down as soon as the page has been read.

``walk`` returns what it saw: the pages reached, the links on each, every link that did not
lead anywhere (a 404 or any other failure) and every page that leads nowhere else (a dead end).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from app_support import APP_READY_MS, kernel_ids
from browser_support import Lab
from playwright.sync_api import Page

VOILA = "/voila/render/"
PAGE_SECONDS = 300  # a busy machine (several page kernels at once) is slow to answer


@dataclass
class Walk:
    """What one person's walk saw: ``links`` (page path -> the link targets on it, as paths),
    ``broken`` (a link, and what it answered), ``dead_ends`` (pages leading nowhere) and
    ``outside`` (links off the server: the kit's pages should have none)."""

    links: dict[str, list[str]] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    dead_ends: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def links_on_screen(page: Page) -> list[str]:
    """Every link shown on the open page, as written (fragments within the page left out)."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [href for href in hrefs if not href.startswith("#")]


def status_of(lab: Lab, path: str) -> int:
    """What ``lab`` answers a GET of ``path`` (with its token)."""
    joiner = "&" if "?" in path else "?"
    try:
        with urllib.request.urlopen(f"{lab.url}{path}{joiner}token={lab.token}",
                                    timeout=PAGE_SECONDS) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def shut_down(lab: Lab, kernels: set[str]) -> None:
    """Shut ``kernels`` down on ``lab`` (those the page's own request has not already)."""
    for kernel in kernels & kernel_ids(lab):
        request = urllib.request.Request(f"{lab.url}/api/kernels/{kernel}?token={lab.token}",
                                         method="DELETE")
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except urllib.error.HTTPError as error:
            if error.code != 404:  # gone meanwhile: its page's own shutdown came first
                raise


def open_page(page: Page, lab: Lab, path: str, ready: str) -> int:
    """Open ``path`` in Chromium and wait for ``ready`` (a CSS selector): the HTTP status."""
    answer = page.goto(f"{lab.url}{path}?token={lab.token}", timeout=PAGE_SECONDS * 1000)
    status = answer.status if answer is not None else 0
    if status == 200:
        page.locator(ready).first.wait_for(state="visible", timeout=APP_READY_MS)
    return status


def walk(page: Page, lab: Lab, start: str, ready: Callable[[str], str],
         check: Callable[[Page, str], None]) -> Walk:
    """Follow every link from the page at ``start`` (a path such as
    ``/voila/render/notebooks/00_start_here.ipynb``) and from every kit page it leads to;
    ``ready(path)`` is the selector that shows a page is drawn, ``check(page, path)`` what the
    caller checks on each page once it is."""
    seen = Walk()
    queue, visited = [start], {start}
    while queue:
        here = queue.pop(0)
        before = kernel_ids(lab)
        status = open_page(page, lab, here, ready(here))
        if status != 200:
            seen.broken.append(f"{here} answered {status}")
            continue
        check(page, here)
        resolved = [urljoin(f"{lab.url}{here}", href) for href in links_on_screen(page)]
        page.goto("about:blank")
        shut_down(lab, kernel_ids(lab) - before)
        seen.outside += [url for url in resolved if not url.startswith(lab.url)]
        targets = [urlsplit(url).path for url in resolved if url.startswith(lab.url)]
        seen.links[here] = targets
        if not [target for target in targets if target.startswith(VOILA) and target != here]:
            seen.dead_ends.append(here)
        for target in targets:
            if target in visited:
                continue
            visited.add(target)
            if target.startswith(VOILA):
                queue.append(target)
            elif (answered := status_of(lab, target)) >= 400:
                seen.broken.append(f"{target} (on {here}) answered {answered}")
    return seen
