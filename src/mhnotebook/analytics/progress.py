"""Progress bars for multi-file or large loads, in notebooks (a widget) and terminals (text).

``tqdm.auto`` picks the right bar for where it runs. Bars go to stderr, so ``--json`` output on
stdout stays clean; they are hidden for a single item and when ``MHNOTEBOOK_PROGRESS=0`` (tests,
scripts that log).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

PROGRESS_ENV = "MHNOTEBOOK_PROGRESS"


def progress_enabled(total: int | None, show: bool | None = None) -> bool:
    """Whether to draw a bar: an explicit ``show`` wins, else more than one item and not disabled."""
    if show is not None:
        return show
    if os.environ.get(PROGRESS_ENV, "1").strip().lower() in {"0", "false", "no", "off"}:
        return False
    return total is None or total > 1


def track(
    items: Iterable[T],
    description: str,
    *,
    total: int | None = None,
    unit: str = "file",
    show: bool | None = None,
) -> Iterator[T]:
    """Yield ``items`` while drawing a progress bar labelled ``description``."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    if not progress_enabled(total, show):
        yield from items
        return
    from tqdm.auto import tqdm

    with tqdm(items, desc=description, total=total, unit=unit, leave=False) as bar:
        yield from bar
