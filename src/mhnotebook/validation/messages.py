"""Pydantic's errors turned into sentences a clinician or biller can act on."""

from __future__ import annotations

import difflib
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from mhnotebook.models.vocab import ALIASES
from mhnotebook.validation.issues import Issue, Loc

_PLAIN: dict[str, str] = {
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number, without decimals",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "string_type": "expected text",
    "list_type": "expected a list (one '- item' per line)",
    "dict_type": "expected a section of named fields",
    "model_type": "expected a section of named fields",
    "model_attributes_type": "expected a section of named fields",
    "date_type": "expected a date like 2026-03-14",
    "date_parsing": "expected a date like 2026-03-14",
    "date_from_datetime_parsing": "expected a date like 2026-03-14",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long",
}


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside ``X | None``, ``list[X]`` and ``Annotated[X, ...]``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple, set):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    return [annotation]


def _nested_model(info: Any) -> type[BaseModel] | None:
    nested = [t for t in _unwrap(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
    return nested[0] if nested else None


def _model_at(model: type[BaseModel], names: list[str]) -> type[BaseModel] | None:
    """The model class reached by following field ``names`` from ``model``."""
    owner: type[BaseModel] | None = model
    for name in names:
        info = owner.model_fields.get(name) if owner else None
        owner = _nested_model(info) if info is not None else None
    return owner


def _field_at(model: type[BaseModel], loc: Loc) -> Any:
    """The pydantic ``FieldInfo`` of the last named field in ``loc``, or ``None``."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    owner = _model_at(model, names[:-1])
    return owner.model_fields.get(names[-1]) if owner else None


def _enum_of(info: Any) -> type[Enum] | None:
    if info is None:
        return None
    for t in _unwrap(info.annotation):
        if isinstance(t, type) and issubclass(t, Enum):
            return t
    return None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def explain_error(model: type[BaseModel], error: Any) -> Issue:
    """One pydantic error dict -> one :class:`Issue` with a plain message."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}

    if kind == "extra_forbidden":
        owner = _model_at(model, [p for p in loc[:-1] if isinstance(p, str)])
        names = list(owner.model_fields) if owner else []
        guess = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else f"; expected one of: {', '.join(names)}"
        return Issue("error", f"'{loc[-1]}' is not a field here{hint}", loc)

    info = _field_at(model, loc)
    if kind == "missing":
        described = f" ({info.description})" if info is not None and info.description else ""
        return Issue("error", f"is required but missing{described}", loc)
    if kind in ("enum", "literal_error"):
        enum = _enum_of(info)
        allowed = [m.value for m in enum] if enum else [ctx.get("expected", "")]
        alias = ALIASES.get(str(value).strip().lower().replace(" ", "_").replace("-", "_"))
        guess = (
            [alias.value]
            if alias is not None and type(alias) is enum
            else difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1, cutoff=0.6)
        )
        hint = f" Did you mean '{guess[0]}'?" if guess else ""
        return Issue(
            "error",
            f"{_shown(value)} is not one of the allowed values: {', '.join(map(str, allowed))}.{hint}",
            loc,
        )
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return Issue("error", f"{message} (got {_shown(value)})", loc)
    for bound, words in (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than")):
        if bound in ctx and kind.startswith(("greater", "less")):
            return Issue("error", f"must be {words} {ctx[bound]} (got {_shown(value)})", loc)
    plain = _PLAIN.get(kind)
    if plain:
        shown = "" if kind == "string_too_short" else f" (got {_shown(value)})"
        return Issue("error", plain + shown, loc)
    return Issue("error", f"{error['msg']} (got {_shown(value)})", loc)


def explain_validation_error(model: type[BaseModel], exc: ValidationError) -> list[Issue]:
    """Every pydantic error, each as a plain sentence."""
    return [explain_error(model, err) for err in exc.errors(include_url=False)]
