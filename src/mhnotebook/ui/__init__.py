"""ipywidgets wiring for the notebooks: controls bound to package functions, no logic of their own."""
