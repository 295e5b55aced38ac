"""Benchmark: 100,000 events across 10,000 cases into the case store, then the deadline dashboard.

Run: python benchmarks/case_store.py  (results are written down in benchmarks/results/case_store.md)

Cases are generated from the 15 shipped samples (keys, labels, insurers, plan types, states, dates
varied) with calls, letters and promised replies added until the timeline holds 100,000 events in
all. Each measure is the median of several runs on a fresh SQLite file (WAL, full sync, as shipped).
References measured in the same run: triage of every case alone (the deadlines must be computed
somehow), raw ``sqlite3.executemany`` of exactly the rows the store ended up with (the floor for
the database work), and a raw ``SELECT`` of the dashboard's join.
"""

from __future__ import annotations

import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from mhnotebook.models import Case, Event
from mhnotebook.models.base import day_of
from mhnotebook.models.vocab import Funding, PlanType
from mhnotebook.paths import sample_case_paths
from mhnotebook.store import CaseStore
from mhnotebook.store.case_deadlines import case_deadline_rows
from mhnotebook.validation import load_case

N_CASES = 10_000
N_EVENTS = 100_000
BATCH = 500
TODAY = date(2026, 11, 22)
INSERT_RUNS = 3
READ_RUNS = 5
INSURERS = [
    "Example Health Plan",
    "Sample Mutual",
    "Placeholder Blue",
    "Fictional Care Co.",
    "Demo Behavioral Health (vendor)",
    "Imaginary Medicaid MCO",
]
REVIEWERS = [("Dr A. Reviewer", "MD", "family medicine"), ("Dr B. Reviewer", "DO", "internal medicine")]


def generate_cases(n_cases: int = N_CASES, n_events: int = N_EVENTS, seed: int = 2026) -> list[Case]:
    """Synthetic cases varied from the samples, with extra timeline entries up to ``n_events`` in all."""
    rng = random.Random(seed)
    samples = [load_case(p) for p in sample_case_paths()]
    plan_types = [p for p in PlanType if p is not PlanType.tricare]
    base_events = sum(len(samples[i % len(samples)].events) for i in range(n_cases))
    extra = n_events - base_events
    assert extra >= 0, "the samples alone already hold more events than asked for"
    cases = []
    for i in range(n_cases):
        base = samples[i % len(samples)]
        shift = timedelta(days=rng.randint(-300, 60))
        events = [e.model_copy(update={"at": e.at + shift}) for e in base.events]
        start_day = max((day_of(e.at) for e in events), default=TODAY)
        for j in range(extra // n_cases + (1 if i < extra % n_cases else 0)):
            events.append(_extra_event(rng, i, j, start_day))
        plan = base.plan.model_copy(
            update={
                "insurer": rng.choice(INSURERS),
                "plan_type": rng.choice(plan_types),
                "funding": rng.choice(list(Funding)),
                "state": rng.choice(["CA", "IL", "TX", "NY", None]),
            }
        )
        cases.append(
            base.model_copy(
                update={
                    "case_id": f"bench-{i:05d}",
                    "label": f"Synthetic case {i:05d} ({base.display_label})",
                    "plan": plan,
                    "events": events,
                }
            )
        )
    assert sum(len(c.events) for c in cases) == n_events
    return cases


def _extra_event(rng: random.Random, i: int, j: int, start: date) -> Event:
    day = start + timedelta(days=1 + 3 * j + rng.randint(0, 2))
    kind = ("phone_call", "peer_to_peer", "letter_sent", "reply_due")[(i + j) % 4]
    if kind == "phone_call":
        return Event(
            kind=kind,
            at=day,
            note="Asked for the claim file",
            contact={
                "role": "plan_representative",
                "name": f"Rep {rng.randint(1, 40)}",
                "reference_number": f"R{i}-{j}",
            },
        )
    if kind == "peer_to_peer":
        name, credentials, specialty = rng.choice(REVIEWERS)
        return Event(
            kind=kind,
            at=day,
            contact={
                "role": "plan_reviewer",
                "name": name,
                "credentials": credentials,
                "specialty": specialty,
            },
            call={
                "criteria_cited": "LOCUS 20",
                "outcome": "upheld",
                "documents_requested": "progress notes",
                "documents_promised_by": day + timedelta(days=7),
            },
        )
    if kind == "reply_due":
        return Event(kind=kind, at=day, due=day + timedelta(days=14), note="Plan promised a written answer")
    return Event(kind=kind, at=day, note="Appeal letter sent by fax")


def _median_of(runs: int, work: Callable[[], float]) -> tuple[float, list[float]]:
    seconds = [work() for _ in range(runs)]
    return statistics.median(seconds), seconds


def bench_insert(cases: list[Case], folder: Path, run: int) -> tuple[float, Path]:
    path = folder / f"insert-{run}.sqlite"
    store = CaseStore(path, today=TODAY)
    start = time.perf_counter()
    for i in range(0, len(cases), BATCH):
        store.add_cases(cases[i : i + BATCH])
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed, path


def bench_triage(cases: list[Case]) -> float:
    start = time.perf_counter()
    for case in cases:
        case_deadline_rows(case, TODAY)
    return time.perf_counter() - start


TABLES = ("cases", "contacts", "events", "deadlines")


def bench_raw_executemany(source: Path, folder: Path, run: int) -> float:
    """Insert exactly the rows the store holds, with plain sqlite3, one transaction per batch too."""
    with sqlite3.connect(source) as raw:
        rows = {name: raw.execute(f"SELECT * FROM {name}").fetchall() for name in TABLES}
    target = folder / f"raw-{run}.sqlite"
    CaseStore(target, today=TODAY).close()  # the same schema, empty
    raw = sqlite3.connect(target, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("PRAGMA foreign_keys = ON")
    by_case: dict[str, dict[int, list[tuple[Any, ...]]]] = {name: {} for name in TABLES}
    for name in TABLES:
        for row in rows[name]:
            case_id = row[0] if name == "cases" else row[1]
            by_case[name].setdefault(case_id, []).append(row)
    case_ids = sorted(by_case["cases"])
    start = time.perf_counter()
    for i in range(0, len(case_ids), BATCH):
        chunk = case_ids[i : i + BATCH]
        raw.execute("BEGIN IMMEDIATE")
        for name in TABLES:
            batch = [row for case_id in chunk for row in by_case[name].get(case_id, [])]
            if batch:
                marks = ", ".join("?" * len(batch[0]))
                raw.executemany(f"INSERT INTO {name} VALUES ({marks})", batch)
        raw.execute("COMMIT")
    elapsed = time.perf_counter() - start
    raw.close()
    return elapsed


def bench_call(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


RAW_DASHBOARD = """
SELECT d.*, c.key, c.label, c.patient_name FROM deadlines d JOIN cases c ON d.case_id = c.id
WHERE c.status = 'open' AND d.status != 'met' ORDER BY d.due_day, c.key, d.name
"""


def main() -> None:
    print("generating cases...", file=sys.stderr)
    cases = generate_cases()
    bench_triage(cases[:300])  # warm the rule tables' caches
    with tempfile.TemporaryDirectory(prefix="mhnotebook-bench-") as tmp:
        folder = Path(tmp)
        print("inserting...", file=sys.stderr)
        inserts = [bench_insert(cases, folder, run) for run in range(INSERT_RUNS)]
        insert_median = statistics.median(s for s, _ in inserts)
        stored = inserts[0][1]
        triage_median, triage_runs = _median_of(INSERT_RUNS, lambda: bench_triage(cases))
        raw_median, raw_runs = _median_of(
            INSERT_RUNS, lambda: bench_raw_executemany(stored, folder, len(os.listdir(folder)))
        )

        print("dashboard...", file=sys.stderr)
        store = CaseStore(stored, today=TODAY)
        rows = store.deadlines()
        n_deadlines = len(rows)
        store.deadlines()  # warm
        deadlines_median, deadlines_runs = _median_of(READ_RUNS, lambda: bench_call(store.deadlines))
        list_median, list_runs = _median_of(READ_RUNS, lambda: bench_call(store.list_cases))
        board = _deadline_board()
        board_line = None
        if board is not None:
            board(store)
            board_median, board_runs = _median_of(READ_RUNS, lambda: bench_call(lambda: board(store)))
            board_line = (board_median, board_runs)
        with sqlite3.connect(stored) as raw:
            raw_read_median, raw_read_runs = _median_of(
                READ_RUNS, lambda: bench_call(lambda: raw.execute(RAW_DASHBOARD).fetchall())
            )
        one_key = store.keys()[1234]
        log_median, log_runs = _median_of(
            READ_RUNS,
            lambda: bench_call(
                lambda: store.log_event(one_key, Event(kind="phone_call", at=TODAY, note="Benchmark call"))
            ),
        )
        n_stored_events = _count(stored, "events")
        store.close()

    write_results(
        insert=(insert_median, [s for s, _ in inserts]),
        triage=(triage_median, triage_runs),
        raw=(raw_median, raw_runs),
        deadlines=(deadlines_median, deadlines_runs),
        list_cases=(list_median, list_runs),
        board=board_line,
        raw_read=(raw_read_median, raw_read_runs),
        log_event=(log_median, log_runs),
        n_deadlines=n_deadlines,
        n_events=n_stored_events,
    )


def _deadline_board() -> Callable[[CaseStore], object] | None:
    try:
        from mhnotebook.store.dashboard import deadline_board
    except ImportError:
        return None
    return deadline_board


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as raw:
        return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _runs(seconds: list[float]) -> str:
    return ", ".join(f"{x:.3f}" for x in seconds) + " s"


def write_results(**m: Any) -> None:
    insert, triage, raw = m["insert"], m["triage"], m["raw"]
    deadlines, raw_read = m["deadlines"], m["raw_read"]
    lines = [
        "# Benchmark: case store (100,000 events across 10,000 cases, then the dashboard)",
        "",
        f"Produced by `python benchmarks/case_store.py`. Machine: {platform.machine()}, {os.cpu_count()} cores "
        f"(shared with other jobs), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        "a fresh SQLite file per insert run (WAL, synchronous=FULL, as shipped).",
        "",
        f"Data: {N_CASES:,} synthetic cases varied from the 15 samples (keys, labels, insurers, plan types, "
        f"funding, states, dates shifted) with {m['n_events']:,} events stored in all (calls with "
        f"contacts and reference numbers, peer-to-peer calls with promised documents, letters sent, "
        f"replies due); {m['n_deadlines']:,} open deadlines on the dashboard.",
        "",
        "| What | Median | Runs | Ratio |",
        "|---|---|---|---|",
        f"| `add_cases` in batches of {BATCH} (triage + deadlines per case, one transaction per batch) "
        f"| **{insert[0]:.2f} s** ({N_EVENTS / insert[0]:,.0f} events/s) | {_runs(insert[1])} "
        f"| {insert[0] / raw[0]:.1f}x the raw floor |",
        f"| reference: triage + deadline rows of every case alone (no database) | {triage[0]:.2f} s "
        f"| {_runs(triage[1])} | {triage[0] / insert[0]:.0%} of the insert |",
        f"| reference: raw `sqlite3.executemany` of exactly the stored rows, same batches | {raw[0]:.2f} s "
        f"| {_runs(raw[1])} | 1.0x (floor) |",
        f"| dashboard: `store.deadlines()` ({m['n_deadlines']:,} rows, judged against today) "
        f"| **{deadlines[0] * 1000:.0f} ms** | {_runs(deadlines[1])} | {deadlines[0] / raw_read[0]:.1f}x the raw "
        f"select; aim under 1 s: {'met' if deadlines[0] < 1 else 'NOT met'} |",
        f"| `store.list_cases()` (what each case waits for) | {m['list_cases'][0] * 1000:.0f} ms "
        f"| {_runs(m['list_cases'][1])} | |",
    ]
    if m["board"] is not None:
        lines.append(
            f"| `dashboard.deadline_board(store)` | **{m['board'][0] * 1000:.0f} ms** | {_runs(m['board'][1])} "
            f"| aim under 1 s: {'met' if m['board'][0] < 1 else 'NOT met'} |"
        )
    else:
        lines.append("| `dashboard.deadline_board` | not on this branch yet | | |")
    lines += [
        f"| reference: raw `SELECT` of the same join (`fetchall`) | {raw_read[0] * 1000:.0f} ms "
        f"| {_runs(raw_read[1])} | 1.0x |",
        f"| `log_event` on one case of the full store (one transaction, deadlines recomputed) "
        f"| {m['log_event'][0] * 1000:.1f} ms | {_runs(m['log_event'][1])} | |",
        "",
    ]
    text = "\n".join(lines) + "\n"
    out = Path(__file__).with_name("results") / "case_store.md"
    previous = out.read_text() if out.exists() else ""
    marker = "\n## Notes"
    notes = previous[previous.index(marker) :] if marker in previous else ""
    out.write_text(text + notes)
    print(text)


if __name__ == "__main__":
    main()
