"""One review to make (:class:`ReviewJob`) and what became of it (:class:`ReviewResult`).

Shared by planning (:mod:`kit.reviews.run`) and execution (:mod:`kit.reviews.execute`),
so neither needs the other's module.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit import __version__
from kit.views.made_reviews import review_metadata, why_outdated

if TYPE_CHECKING:
    from kit.reviews.handover import Handover
    from kit.tables.reading import SharedVersions

FAILED_SUFFIX = ".failed.ipynb"


@dataclass(frozen=True)
class ReviewJob:
    """One review to produce: which template, for whom, where, from which inputs."""

    kind: str  # 'practitioner' or 'cohort'
    subject: str  # the practitioner's or the lead's id
    template: Path
    output: Path
    parameters: dict[str, str]
    input_hash: str
    html: bool
    handover: Handover | None = field(default=None, compare=False, repr=False)
    """The rows the plan gathered (and hashed), handed to the kernel (:mod:`kit.reviews.handover`)."""

    @property
    def html_path(self) -> Path:
        return self.output.with_suffix(".html")

    @property
    def failed_path(self) -> Path:
        return self.output.with_name(self.output.stem + FAILED_SUFFIX)

    def title(self) -> str:
        """The HTML page's title."""
        what = "Review" if self.kind == "practitioner" else "Cohort overview"
        return f"{what}: {self.subject}, {self.parameters['period']}"

    def fingerprint(self) -> str:
        """Everything that decides the output: inputs, parameters, template, kit version.

        The workspace's folder is left out: a moved or copied workspace with the
        same rows gives the same reviews.
        """
        parameters = {k: v for k, v in self.parameters.items() if k != "workspace"}
        key = {"input_hash": self.input_hash, "parameters": parameters,
               "template_sha256": _file_sha256(self.template), "kit_version": __version__}
        return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()

    def metadata(self) -> dict[str, Any]:
        """What the output notebook records about how it was made."""
        return {"kind": self.kind, "subject": self.subject, "parameters": self.parameters,
                "kit_version": __version__, "input_hash": self.input_hash,
                "template": self.template.name, "template_sha256": _file_sha256(self.template),
                "fingerprint": self.fingerprint()}

    def is_current(self, shared: SharedVersions) -> bool:
        """Whether the output on disk was made from exactly these inputs (and has its HTML,
        the one made with it) and may still be shown: it says which record versions it shows
        and the read rule (``shared``: what it lets through now) still lets them be shown
        (:mod:`kit.views.made_reviews`). A review that may not is made again even when its
        input rows hash the same."""
        recorded = review_metadata(self.output)
        if recorded.get("fingerprint") != self.fingerprint():
            return False
        if self.html and not self.html_path.is_file():
            return False
        page = self.html_path.read_bytes() if self.html else None
        return why_outdated(recorded, page, shared) is None


@dataclass
class ReviewResult:
    """What happened to one review."""

    kind: str
    subject: str
    output: str
    status: str  # 'made', 'unchanged' or 'failed'
    message: str = ""
    seconds: float = 0.0
    limit: str = ""  # the time limit that stopped it: 'review' or 'run' ('' if none did)


_SHA_CACHE: dict[tuple[Path, float], str] = {}


def _file_sha256(path: Path) -> str:
    key = (path, path.stat().st_mtime)
    if key not in _SHA_CACHE:
        _SHA_CACHE[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _SHA_CACHE[key]
