"""Widget wiring for the notebooks: plain functions from the package, connected to controls."""
