"""A second, held-out check: the identifiers the demo generator planted in reflections.

The demo's answer key (kit.demo.planted) was written by another helper, not tuned
against; unregistered town names are the known gap (no gazetteer is shipped).
"""

from __future__ import annotations

import re

from checkout import DEMO_WORKSPACE

from kit.demo.planted import planted_identifiers
from kit.identify import scrub
from kit.research.export import _hidden_names
from kit.store.workspace import Workspace


def test_demo_planted_identifiers_are_masked() -> None:
    ws = Workspace.open(DEMO_WORKSPACE)
    hidden = _hidden_names(ws)
    reflections = {r.record_id: r for r in ws.store.versions("reflections")}
    planted = planted_identifiers(ws, ("reflections",))
    assert len(planted) >= 100
    missed = []
    for item in planted:
        text = reflections[item.record_id].answers[item.field.split(".", 1)[1]]
        output = scrub(text, hidden.get(item.practitioner_id, ())).text
        if re.search(re.escape(item.value), output, re.IGNORECASE):
            missed.append((item.kind, item.value, item.registered))
    rate = 1 - len(missed) / len(planted)
    print(f"\nDemo answer key: {len(planted) - len(missed)}/{len(planted)} planted identifiers masked "
          f"({rate:.1%}); missed: {sorted(set(missed))}")
    assert rate >= 0.95
    assert not [m for m in missed if m[2]], "a registered name to hide was missed"
