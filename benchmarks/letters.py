"""Benchmark: letters per second in Markdown+HTML (every kind, 1,000 cases) and per letter in Word and PDF.

Run: python benchmarks/letters.py [N_CASES] [N_EXPORT]   (results: benchmarks/results/letters.md)

Cases come from the triage benchmark's generator (the 15 samples with plan type, funding, state,
stage, level and dates varied) with names, member IDs and measure scores varied too, so no two
cases print the same values. Triage runs once per case (as in the notebook and CLI) and is timed
separately. Markdown+HTML includes the full HTML page and the measures figure. The reference,
measured in the same run on the same letters, is the HTML conversion with markdown-it-py (the
pure-Python parser the Word export still uses). Word and PDF: one letter per case, kinds in
rotation, written to a temporary folder. Medians of several runs.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from triage import generate_cases  # noqa: E402  (the triage benchmark's case generator)

from mhnotebook.models import Case  # noqa: E402
from mhnotebook.rendering.letters import draft_letter, letter_kinds  # noqa: E402
from mhnotebook.rendering.letters.markdown import _parser  # noqa: E402
from mhnotebook.rules.triage import triage_case  # noqa: E402

AS_OF = date(2026, 11, 22)
RUNS = 3


def vary(cases: list[Case], seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    out = []
    for i, case in enumerate(cases):
        patient = case.patient.model_copy(update={"name": f"Patient {i:05d} Example", "member_id": f"SYN{rng.randrange(10**8):08d}"})
        measures = [m.model_copy(update={"score": (m.score or 0) + rng.randint(-3, 3)}) if m.score is not None else m for m in case.clinical.measures]
        clinical = case.clinical.model_copy(update={"measures": measures})
        out.append(case.model_copy(update={"patient": patient, "clinical": clinical}))
    return out


def bench_markdown_html(cases: list[Case], triages: list, kinds: list[str]) -> tuple[float, list[str]]:
    sources = []
    start = time.perf_counter()
    for case, found in zip(cases, triages, strict=True):
        for kind in kinds:
            letter = draft_letter(kind, case, today=AS_OF, triage=found)
            letter.markdown  # noqa: B018 - the Markdown text
            letter.html  # noqa: B018 - the full HTML page with the figure
            sources.append(letter._source)
    return time.perf_counter() - start, sources


def bench_reference(sources: list[str]) -> float:
    parser = _parser()
    start = time.perf_counter()
    for source in sources:
        parser.render(source)
    return time.perf_counter() - start


def bench_export(cases: list[Case], triages: list, kinds: list[str], suffix: str, folder: Path) -> list[float]:
    times = []
    for i, (case, found) in enumerate(zip(cases, triages, strict=True)):
        letter = draft_letter(kinds[i % len(kinds)], case, today=AS_OF, triage=found)
        start = time.perf_counter()
        letter.export(folder / f"{i}{suffix}", allow_gaps=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    n_cases = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    n_export = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    kinds = [k.kind for k in letter_kinds()]
    cases = vary(generate_cases(n_cases))
    start = time.perf_counter()
    triages = [triage_case(c, as_of=AS_OF) for c in cases]
    triage_s = time.perf_counter() - start
    letters = n_cases * len(kinds)
    print(f"{n_cases} cases x {len(kinds)} kinds = {letters} letters; triage {triage_s:.2f} s (once per case)")

    ours, refs = [], []
    for run in range(RUNS):
        seconds, sources = bench_markdown_html(cases, triages, kinds)
        ours.append(seconds)
        refs.append(bench_reference(sources))
        print(f"run {run + 1}: Markdown+HTML {letters / seconds:,.0f} letters/s; reference HTML alone {letters / refs[-1]:,.0f} letters/s")
    med, ref = statistics.median(ours), statistics.median(refs)
    print(f"median: Markdown+HTML {letters / med:,.0f} letters/s ({med / letters * 1000:.2f} ms a letter); "
          f"markdown-it-py HTML conversion alone {ref / letters * 1000:.2f} ms a letter (ratio {ref / med:.2f})")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export_cases, export_triages = cases[:n_export], triages[:n_export]
        bench_export(export_cases[:2], export_triages[:2], kinds, ".pdf", folder)  # warm fonts and imports
        for suffix in (".docx", ".pdf"):
            times = bench_export(export_cases, export_triages, kinds, suffix, folder)
            times.sort()
            print(f"{suffix}: {len(times)} letters, median {statistics.median(times) * 1000:.0f} ms, "
                  f"p90 {times[int(len(times) * 0.9)] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms a letter")


if __name__ == "__main__":
    main()
