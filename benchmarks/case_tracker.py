"""Benchmark: the deadline dashboard and the denial patterns over 10,000 cases and 100,000 events.

Builds a throwaway SQLite store from the 15 synthetic samples (each copied with its dates shifted,
padded with logged calls to 10 events a case, reviewers drawn from a small pool so patterns
group), then times, as medians of several runs:

- ``deadline_board(store)``: the dashboard (aim: under 1 s);
- ``denial_patterns(store)`` and ``pattern_summary(store, key)``;
- as references measured in the same run: ``store.deadlines()`` (one dataclass per row) and
  ``store.list_cases()`` (what each case waits for, the store's own way).

Run: ``python benchmarks/case_tracker.py [--cases 10000] [--events-per-case 10] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from mhnotebook.models import Case
from mhnotebook.paths import sample_case_paths
from mhnotebook.store import CaseStore
from mhnotebook.store.dashboard import deadline_board
from mhnotebook.store.patterns import denial_patterns, pattern_summary
from mhnotebook.validation import load_case

TODAY = date(2026, 11, 22)
REVIEWERS = ("Jesse Reviewwell", "Casey Reviewson", "Robin Reviewson", "Pat Reviewson", "Lee Examplar")


def _shift(value: str, days: int) -> str:
    if "T" in value:
        return (datetime.fromisoformat(value) - timedelta(days=days)).isoformat()
    return (date.fromisoformat(value) - timedelta(days=days)).isoformat()


def synthetic_cases(n: int, events_per_case: int) -> list[Case]:
    """``n`` synthetic cases from the samples, dates shifted 0-179 days back, padded with calls."""
    samples = [load_case(p).model_dump(mode="json", exclude_none=True) for p in sample_case_paths()]
    cases = []
    for i in range(n):
        data: dict[str, Any] = {**samples[i % len(samples)]}
        shift = (i * 7) % 180
        data["case_id"] = f"bench-{i:05d}"
        data["label"] = f"Benchmark case {i}"
        data["patient"] = {**data["patient"], "name": f"Synthetic Person {i}"}
        events = [{**e, "at": _shift(e["at"], shift)} for e in data["events"]][:events_per_case]
        start = date.fromisoformat(events[0]["at"][:10]) if events else TODAY - timedelta(days=shift)
        for j in range(events_per_case - len(events)):
            events.append(
                {
                    "kind": "peer_to_peer" if j == 0 else "phone_call",
                    "at": (start + timedelta(days=j + 1)).isoformat(),
                    "note": "Benchmark call",
                    "contact": {
                        "role": "plan_reviewer" if j == 0 else "plan_representative",
                        "name": REVIEWERS[(i + j) % len(REVIEWERS)],
                        "reference_number": f"REF-{i}-{j}",
                    },
                }
            )
        data["events"] = events
        cases.append(Case.model_validate(data))
    return cases


FIRST_RUNS: dict[str, float] = {}


def timed(fn: Callable[[], Any], runs: int, name: str = "") -> tuple[float, Any]:
    """Median of ``runs`` calls; the first call (cold caches) is kept apart in ``FIRST_RUNS``."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    FIRST_RUNS[name] = times[0]
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--events-per-case", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--results", type=Path, default=None, help="write a Markdown summary here")
    parser.add_argument("--db", type=Path, default=None, help="build the store here (reused if it exists)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "bench.sqlite"
        reuse = db.exists()
        store = CaseStore(db, today=TODAY)
        built = inserted = 0.0
        if not reuse:
            start = time.perf_counter()
            cases = synthetic_cases(args.cases, args.events_per_case)
            built = time.perf_counter() - start
            start = time.perf_counter()
            for i in range(0, len(cases), 1000):
                store.add_cases(cases[i : i + 1000])
            inserted = time.perf_counter() - start
        with store.engine.connect() as c:
            from sqlalchemy import func, select

            from mhnotebook.store import schema as t

            n_events = c.execute(select(func.count()).select_from(t.events)).scalar_one()
            n_deadlines = c.execute(select(func.count()).select_from(t.deadlines)).scalar_one()
        print(f"{args.cases:,} cases, {n_events:,} events, {n_deadlines:,} deadline rows")
        print(f"model building {built:.1f} s; insert (with deadline recompute) {inserted:.1f} s")

        board_s, board = timed(lambda: deadline_board(store), args.runs, "deadline_board (dashboard)")
        named_s, _ = timed(
            lambda: deadline_board(store, with_names=True), args.runs, "deadline_board(with_names=True)"
        )
        patterns_s, patterns = timed(lambda: denial_patterns(store), args.runs, "denial_patterns")
        summary_s, summary = timed(
            lambda: pattern_summary(store, "bench-00006"), args.runs, "pattern_summary (one case)"
        )
        ref_deadlines_s, rows = timed(store.deadlines, args.runs, "reference: store.deadlines()")
        ref_list_s, summaries = timed(
            store.list_cases, max(1, args.runs // 2), "reference: store.list_cases()"
        )
        size = os.path.getsize(db) / 1e6
        store.close()

    assert len(board.deadlines) == len(rows), "the board and store.deadlines() disagree"
    assert len(board.waiting) == len(summaries), "the board and store.list_cases() disagree"
    lines = [
        ("deadline_board (dashboard)", board_s),
        ("deadline_board(with_names=True)", named_s),
        ("denial_patterns", patterns_s),
        ("pattern_summary (one case)", summary_s),
        ("reference: store.deadlines()", ref_deadlines_s),
        ("reference: store.list_cases()", ref_list_s),
    ]
    print(f"{len(board.deadlines):,} open deadlines ({board.counts}); {len(board.waiting):,} open cases")
    print(f"{len(patterns.reviewer)} reviewers; summary entries: {len(summary)}; database {size:.0f} MB")
    for name, seconds in lines:
        print(f"{name:36s} median {seconds * 1000:8.1f} ms   first call {FIRST_RUNS[name] * 1000:8.1f} ms")
    ref = ref_deadlines_s + ref_list_s
    print(f"dashboard vs store.deadlines() + store.list_cases(): {ref / board_s:.1f}x faster")
    if args.results:
        md = [
            "# Case tracker benchmark",
            "",
            f"Machine: {platform.platform()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores (shared with other jobs). SQLite in WAL mode, a temporary folder.",
            f"Command: `python benchmarks/case_tracker.py --cases {args.cases} --events-per-case "
            f"{args.events_per_case} --runs {args.runs}`. Medians of {args.runs} runs (list_cases: "
            f"{max(1, args.runs // 2)}).",
            "",
            f"Data: {args.cases:,} synthetic cases (the 15 samples, dates shifted), {n_events:,} events, "
            f"{n_deadlines:,} deadline rows, {len(board.deadlines):,} open deadlines on the board; "
            f"database {size:.0f} MB. "
            + (
                f"Building the models took {built:.1f} s; inserting them in batches of 1,000 (each one "
                f"transaction, deadlines recomputed per case) {inserted:.1f} s."
                if not reuse
                else "The store was built by an earlier run of this script (`--db`) and reused."
            ),
            "",
            "| What | Median | First call |",
            "|---|---:|---:|",
            *(
                f"| {name} | {seconds * 1000:.0f} ms | {FIRST_RUNS[name] * 1000:.0f} ms |"
                for name, seconds in lines
            ),
            "",
            f"Aim: dashboard under 1 s: {'met' if board_s < 1 else 'NOT met'} ({board_s * 1000:.0f} ms). "
            f"The board (deadlines and what each case waits for) takes {board_s / ref:.2f} of the time of "
            f"the store's own two calls that give the same information ({ref / board_s:.1f}x faster).",
        ]
        args.results.write_text("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
