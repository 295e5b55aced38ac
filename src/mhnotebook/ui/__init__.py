"""Widgets: ipywidgets wiring only; every computation lives in the layers below."""
