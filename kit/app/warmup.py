"""What a spare kernel (:mod:`kit.app.kernel_pool`) does before any page asks for it: import
the pages' modules; parse the kit's own files they read on every open (form templates,
vocabularies, table columns, the charts' offline JavaScript or the lines that load it from
the server), each kept in its module's cache; read a made-up empty table of each kind; and
draw My learning's charts once from a made-up example. Nothing here reads a workspace, a
person, a draft or the clock: those are read when the page opens (and, for My learning, drawn
from the moment the spare is handed to it: :mod:`kit.notebook.ahead`).
"""

from __future__ import annotations

import importlib

# What the pages' cells import (tests/app/test_server_config.py checks it against them).
PAGE_MODULES = (
    "kit.forms",
    "kit.forms.onboarding",
    "kit.notebook.data_requests",
    "kit.notebook.header",
    "kit.notebook.learning",
    "kit.notebook.people",
    "kit.notebook.records",
    "kit.notebook.research",
    "kit.notebook.reviews",
)


def warm() -> None:
    """Import :data:`PAGE_MODULES`; parse the kit's templates, vocabularies and table specs;
    set up the charts' JavaScript (and cache the bundle the server answers them with)."""
    for module in PAGE_MODULES:
        importlib.import_module(module)
    from kit.charts.bundle import ensure_cached
    from kit.forms import form_names, load_template
    from kit.model import vocab
    from kit.tables.compiler import warm_reading
    from kit.tables.specs import TABLE_NAMES, table_spec
    from kit.views.pages import draw_example_learning_charts, offline_charts

    for name in form_names():
        load_template(name)
    for name in vocab.names():
        vocab.id_set(name)
    for name in TABLE_NAMES:
        table_spec(name)
    warm_reading()  # a made-up empty table of each kind, read as a page reads its tables
    offline_charts()
    ensure_cached()  # what the server answers the page's charts with (kit.app.chart_route)
    draw_example_learning_charts()  # My learning draws its charts as SVG in the kernel
