"""The README a research recipient reads first: what was done, what was held back."""

from __future__ import annotations

from kit.research.report import ExportReport


def recipient_readme(report: ExportReport) -> str:
    """The recipient's README for an export, with its consent and suppression counts."""
    cells = ", ".join(f"{name}: {count}" for name, count in report.suppressed_cells.items())
    return f"""# Mini Candle research export

Exported on {report.export_date.isoformat()} from a Mini Candle kit workspace. Synthetic or real,
treat it as confidential research data: do not try to re-identify anyone.

## What is in it
- `reflections`: one row per reflection, with coarsened context only (period by {report.grain},
  role group, Learning Journey level, focus-area kind group and life stage) and the practitioner's
  own optional 1-5 ratings. No names, display names, organisations, supporter notes, review notes,
  edit reasons, or whether a concern was referred on.
- `reflection_answers`: the answers, scrubbed (see below); `reflection_tags`; `reflection_focus_areas`.
- `activity_by_period`, `tags_by_level`, `focus_life`: aggregate counts with small cells suppressed.
- `withdrawn_practitioners`: pseudonyms of practitioners who withdrew consent or whose data was
  erased. **Delete their rows from any earlier export you hold.**
- `project.qdpx`: the same released reflections as a REFI-QDA project for QualCoder, NVivo,
  ATLAS.ti or MAXQDA (import it as a REFI-QDA project): one document per reflection, named by its
  pseudonym, each answer marked with its prompt; one case per practitioner; the concept tags as
  codes, coded where the practitioner tagged the reflection; the `reflections` columns as variables.
- Every table as CSV (cells starting with = + - @ carry a leading apostrophe so spreadsheets do not
  run them) and as Parquet (text as written). `datapackage.json` describes every field.

## What was done
1. **Consent, deny by default.** Only practitioners whose latest research consent, decided before
   {report.export_date.isoformat()}, is "given" are included. Included: {report.consented};
   withdrawn: {report.withdrawn}; no consent: {report.no_consent}; consent given on or after the
   export date (left out): {report.consent_after_export}.
2. **Private reflections left out**: {report.private_excluded} reflections the practitioner kept
   private were not exported.
3. **Pseudonyms.** Ids are replaced by keyed HMAC-SHA256 pseudonyms (P- practitioners, R- reflections,
   F- focus areas). The key stays in the workspace; the same key gives the same pseudonyms in later
   exports.
4. **Scrubbing.** Names, schools, places, phone numbers, emails, postcodes, NHS numbers, dates and
   street addresses in the answers are replaced by [NAME], [SCHOOL], [PLACE], [PHONE], [EMAIL],
   [POSTCODE], [NHS_NUMBER], [DATE], [ADDRESS]. Clean reflections: {report.clean}. Reflections in
   which something was found: {report.flagged}; released after a lead practitioner reviewed them:
   {report.released_after_review}; **held back awaiting review: {report.held_back}**.
5. **k-anonymity (k={report.k}).** Any combination of period, role group, journey level, focus-area
   kind and life stage shared by fewer than {report.k} distinct practitioners was generalised
   (values set to `suppressed`): {report.generalised_rows} rows; rows that could not be protected
   were dropped: {report.dropped_rows}.
6. **Aggregates.** Cells counting fewer than {report.k} reflections or practitioners are withheld,
   plus further cells so none can be worked out from the totals. Suppressed cells: {cells or 'none'}.

Reflections exported: {report.exported_reflections}.
"""
