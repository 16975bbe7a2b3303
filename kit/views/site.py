"""The kit's pages and the ways between them: which notebook each page is, its title, what it
is for and whom it is for; each person's pages in order, the next step from a page, and the
links that lead there.

Links are relative to the page they are on (``research/release_queue.ipynb`` links to
``../00_start_here.ipynb``), so they work wherever the pages folder is served: as Voilà apps on
``make lab`` (``/voila/render/notebooks/...``), on a hub (``/user/NAME/voila/render/candle/...``)
and in JupyterLab itself. Light on purpose: the server's settings read this list too.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Collection
from dataclasses import dataclass

PAGES_FOLDER = "notebooks"
PAGES_FOLDER_ENV = "CANDLE_PAGES_FOLDER"  # the folder of the pages under the server's root
VOILA_PREFIX = "voila/render"
NAV_CLASS = "candle-nav"


@dataclass(frozen=True)
class Page:
    """One page of the kit: ``notebook`` is its path under the pages folder; ``purpose`` what
    it is for, in a phrase; ``kinds`` whom it is for."""

    notebook: str
    title: str
    kinds: tuple[str, ...]
    purpose: str = ""

    @property
    def name(self) -> str:
        """A short id, e.g. ``00_start_here``."""
        return self.notebook.rsplit("/", 1)[-1].removesuffix(".ipynb")

    def app_path(self, folder: str = PAGES_FOLDER) -> str:
        """The page's address as a Voilà app, relative to the server's base URL; ``folder`` is
        the pages' folder under the server's root (``.``: the root itself)."""
        under = folder.strip("/")
        return f"{VOILA_PREFIX}/{self.notebook}" if under in ("", ".") else \
            f"{VOILA_PREFIX}/{under}/{self.notebook}"


EVERYONE = ("practitioner", "lead", "link", "researcher", "admin")
PAGES: tuple[Page, ...] = (
    Page("00_start_here.ipynb", "Start here", EVERYONE,
         "who you are here, what to do next, and your pages"),
    Page("01_licence.ipynb", "Licence and micro-project", ("practitioner",),
         "apply for the licence with your micro-project idea; continue, pause, renew or end it"),
    Page("02_focus_areas.ipynb", "Focus areas", ("practitioner",),
         "the one to three families, individuals or topics you apply the learning with"),
    Page("03_reflect.ipynb", "Reflect", ("practitioner",),
         "write a dated reflection, with the prompts that suit you"),
    Page("04_journey_and_support.ipynb", "Journey and support", ("practitioner",),
         "Learning Journey steps and contacts with your Link or Lead practitioner"),
    Page("05_my_learning.ipynb", "My learning", ("practitioner",),
         "charts of your own reflections, the reviews and notes your lead shared, research consent"),
    Page("06_lead_my_practitioners.ipynb", "Lead: my practitioners", ("lead",),
         "who you support, this period's reviews, and review notes"),
    Page("07_link_who_i_orient.ipynb", "Link: who I orient", ("link",),
         "who you orient, and whether each has started"),
    Page("08_admin_data_requests.ipynb", "Admin: data requests", ("admin",),
         "a person's request for their records, or to be erased"),
    Page("research/release_queue.ipynb", "Research: release queue", ("lead",),
         "read the reflections held back from a research export, and release the safe ones"),
    Page("research/explore_export.ipynb", "Research: explore an export", ("lead", "researcher"),
         "charts of an anonymised research export, and its files"),
)
START_HERE = PAGES[0]
ROLE_HEADINGS = {"practitioner": "As a practitioner", "lead": "As a lead practitioner",
                 "link": "As a Link practitioner", "researcher": "As a researcher",
                 "admin": "As an administrator"}


def page(notebook: str) -> Page:
    """The page whose notebook is ``notebook`` (its path under the pages folder, or its name
    such as ``03_reflect``); a ``KeyError`` naming the pages there are otherwise."""
    for candidate in PAGES:
        if notebook in (candidate.notebook, candidate.name):
            return candidate
    raise KeyError(f"{notebook!r} is not a page of the kit: {', '.join(p.notebook for p in PAGES)}")


def pages_for(kinds: Collection[str]) -> list[Page]:
    """The pages of someone with ``kinds``, in the kit's order: Start here first (nothing for
    someone with no kind at all)."""
    if not kinds:
        return []
    return [START_HERE, *(p for p in PAGES[1:] if set(p.kinds) & set(kinds))]


def next_page(current: Page, kinds: Collection[str]) -> Page | None:
    """The next step from ``current`` for someone with ``kinds``: the following one of their
    pages (from a page not theirs, their first page after Start here), or None when it would
    be Start here again."""
    mine = pages_for(kinds)
    index = mine.index(current) if current in mine else 0
    return mine[index + 1] if index + 1 < len(mine) else None


def href(target: Page, current: Page) -> str:
    """The link from ``current`` to ``target``, relative to ``current``'s folder."""
    here = posixpath.dirname(current.notebook) or "."
    return posixpath.relpath(target.notebook, here)


def link_html(target: Page, current: Page, text: str | None = None, css: str = "") -> str:
    """An ``<a>`` from ``current`` to ``target`` (its title, or ``text``)."""
    klass = f' class="{css}"' if css else ""
    return f'<a{klass} href="{html.escape(href(target, current))}">{html.escape(text or target.title)}</a>'


def link_markdown(target: Page, current: Page = START_HERE, text: str | None = None) -> str:
    """A Markdown link from ``current`` (default Start here) to ``target``."""
    return f"[{text or target.title}]({href(target, current)})"


def nav_html(current: Page, kinds: Collection[str]) -> str:
    """The way on from ``current``: back to Start here and on to the next step (nothing for
    someone with no kind: they have no pages)."""
    if not kinds:
        return ""
    links = [] if current == START_HERE else [
        link_html(START_HERE, current, "← Start here (all your pages)", "candle-nav-start")]
    following = next_page(current, kinds)
    if following is not None:
        links.append(link_html(following, current, f"Next: {following.title} →", "candle-nav-next"))
    return (f'<nav class="{NAV_CLASS}" aria-label="Mini Candle pages">'
            + " · ".join(links) + "</nav>")


def page_list_markdown(kinds: Collection[str]) -> str:
    """Start here's list of the person's pages, one group per role, each a link with what it is
    for (empty for someone with no kind)."""
    groups = []
    for kind in EVERYONE:
        if kind not in kinds:
            continue
        lines = [f"- {link_markdown(p)}: {p.purpose}" for p in PAGES[1:] if kind in p.kinds]
        groups.append(f"**{ROLE_HEADINGS[kind]}**\n\n" + "\n".join(lines))
    return "\n\n".join(groups)
