"""The repository checkout the tests run in (the kit itself never looks for it)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_WORKSPACE = REPO_ROOT / "data" / "demo"
