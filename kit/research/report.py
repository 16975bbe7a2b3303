"""What a research export did, in counts: for the command line and the recipient's README."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path


@dataclass
class ExportReport:
    """What an export did, in counts (also written into the recipient README)."""

    out_dir: Path
    export_date: date
    k: int
    grain: str
    practitioners: int = 0
    consented: int = 0
    withdrawn: int = 0
    no_consent: int = 0
    consent_after_export: int = 0
    reflections_considered: int = 0
    texts_scrubbed: int = 0
    private_excluded: int = 0
    clean: int = 0
    flagged: int = 0
    released_after_review: int = 0
    held_back: int = 0
    held_without_lead: int = 0  # of held_back: by practitioners whose profile names no lead
    generalised_rows: int = 0
    dropped_rows: int = 0
    exported_reflections: int = 0
    suppressed_cells: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """A few lines for the command line."""
        return (f"Exported {self.exported_reflections} reflections of {self.consented} consenting "
                f"practitioners to {self.out_dir}.\n"
                f"Consent: {self.consented} given, {self.withdrawn} withdrawn, {self.no_consent} none, "
                f"{self.consent_after_export} given on or after the export date.\n"
                f"Review: {self.clean} clean, {self.released_after_review} released after review, "
                f"{self.held_back} held back awaiting review; {self.private_excluded} private "
                "reflections left out.\n"
                f"{self._without_lead()}"
                f"k={self.k}: {self.generalised_rows} rows generalised, {self.dropped_rows} dropped; "
                f"{sum(self.suppressed_cells.values())} aggregate cells suppressed.")

    def _without_lead(self) -> str:
        if not self.held_without_lead:
            return ""
        return (f"{self.held_without_lead} of the held reflections are by practitioners whose profile "
                "names no lead: no lead can release them until it names one (My profile).\n")

    def as_dict(self) -> dict:
        """The counts as plain values."""
        data = asdict(self)
        data["out_dir"], data["export_date"] = str(self.out_dir), self.export_date.isoformat()
        return data
