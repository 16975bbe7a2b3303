"""The capture layer: submitting records with the domain's rules and permissions, the licence's
actions, and importing rows from spreadsheets. Forms and commands call it; it draws no widgets."""
