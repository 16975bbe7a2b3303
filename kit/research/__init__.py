"""The research export: consent gate, pseudonyms, scrubbing, review, coarsening,
k-anonymity and the data package. One module per concern; :mod:`kit.research.export`
ties them together."""
