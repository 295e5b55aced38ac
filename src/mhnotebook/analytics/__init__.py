"""Datasets, metrics and charts: public denial data and a practice's own remittances, as tidy tables."""
