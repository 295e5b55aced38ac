"""Rendering: triage results and letters as HTML, Markdown, Word and PDF. User text is always escaped."""
