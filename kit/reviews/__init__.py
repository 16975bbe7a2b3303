"""The reviews layer: plan the period's reviews, gather each one's rows, run the review templates
with papermill in a pool of kernels, and the pages the templates call."""
