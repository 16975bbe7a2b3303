"""Where the kit's own files live: the repository's templates and demo data."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = REPO_ROOT / "templates"
VOCAB_DIR = TEMPLATES_DIR / "vocab"
FORMS_DIR = TEMPLATES_DIR / "forms"
REVIEW_TEMPLATES_DIR = TEMPLATES_DIR / "reviews"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DEMO_WORKSPACE = REPO_ROOT / "data" / "demo"
