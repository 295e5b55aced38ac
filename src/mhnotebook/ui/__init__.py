"""Widgets for the notebooks and the app: thin wiring between controls and the package's functions."""
