"""Rendering: letters and reports to HTML, Word and PDF."""
