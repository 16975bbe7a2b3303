"""The synthetic demo workspace: generator, people and phrase bank, and the
answer key of identifiers planted in its free text.

``generate_demo(path)`` writes the workspace (``candle init --demo``);
``planted_identifiers(workspace)`` lists what was planted where;
``FACTS`` says which practitioner has which twist (paused licence, withdrawn
consent, no consent, revisions, the withdrawn reflection, ...).
"""

from kit.demo.generate import END_DATE, FACTS, SEED, generate_demo
from kit.demo.planted import IDENTIFIER_KINDS, Planted, planted_identifiers

__all__ = ["END_DATE", "FACTS", "IDENTIFIER_KINDS", "SEED", "Planted", "generate_demo", "planted_identifiers"]
