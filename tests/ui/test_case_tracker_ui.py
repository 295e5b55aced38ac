"""The case tracker driven headlessly: counts, an escaped deadlines table, names only when ticked, one case, patterns."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime

import pytest

from mhnotebook.store import CaseStore
from mhnotebook.store.demo import load_samples
from mhnotebook.ui.case_tracker import CaseTracker
from tests.conftest import TODAY
from tests.store.case_factory import bare_case, reply_due

GENERATED = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = CaseStore(tmp_path_factory.mktemp("tracker") / "cases.sqlite", today=TODAY)
    load_samples(store)
    yield store
    store.close()


def _html(out) -> str:
    return " ".join(o["data"].get("text/html", "") for o in out.outputs)


def _ics(ui: CaseTracker) -> str:
    payload = re.search(r'href="data:text/calendar;base64,([^"]+)"', ui.ics.value).group(1)
    return base64.b64decode(payload).decode("utf-8").replace("\r\n ", "")  # unfold long lines


def test_opens_on_counts_an_overdue_first_table_a_timeline_and_what_each_case_waits_for(demo_store):
    ui = CaseTracker(demo_store, generated_at=GENERATED)
    board = ui.last_board
    assert f">{board.overdue}</div><div>Overdue" in ui.counts.value and board.overdue > 0
    table = _html(ui.table)
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    assert "class='mh-overdue'" in first_row and "OVERDUE" in first_row and "font-weight:700" in first_row
    assert "Opioid use disorder PHP cut to IOP" in table
    assert ui.last_charts["timeline"].to_dict()["layer"][1]["mark"]["type"] == "rule"
    waiting = _html(ui.waiting)
    assert "you: Send the documents promised on the call" in waiting
    assert "nothing scheduled: log the next step" in waiting


def test_no_patient_name_on_screen_until_the_box_is_ticked(demo_store):
    ui = CaseTracker(demo_store, generated_at=GENERATED)
    screens = _html(ui.table) + _html(ui.waiting) + _html(ui.case_view) + str(ui.case.options)
    assert "Drew Example" not in screens
    ui.with_names.value = True
    assert "Drew Example" in _html(ui.table) and "Drew Example" in _html(ui.waiting)
    assert any("Drew Example" in label for label, _key in ui.case.options)


def test_the_calendar_download_is_de_identified_until_the_box_is_ticked(demo_store):
    ui = CaseTracker(demo_store, generated_at=GENERATED)
    calendar = _ics(ui)
    assert "BEGIN:VCALENDAR" in calendar and "Opioid use disorder PHP cut to IOP" in calendar
    assert "Drew Example" not in calendar and "case labels only" in ui.ics.value
    ui.with_names.value = True
    assert "Drew Example" in _ics(ui) and "includes patient names" in ui.ics.value


def test_a_picked_case_shows_calls_with_contacts_its_letters_as_downloads_and_deadlines(demo_store):
    ui = CaseTracker(demo_store, generated_at=GENERATED)
    ui.case.value = "sample-07"
    view = _html(ui.case_view)
    assert "Avery Callwell" in view and "CALL-26-1121-0042" in view  # the representative and reference
    assert "Jesse Reviewwell, DO, internal medicine" in view and "promised by 2026-11-25" in view
    link = re.search(r'download="peer-to-peer-followup.md" href="data:text/markdown;base64,([^"]+)"', view)
    assert link is not None
    assert base64.b64decode(link.group(1)) == demo_store.letter_content(
        "sample-07", demo_store.letters("sample-07")[0].id
    )
    assert "Send the documents promised on the call" in view.split("<h4>Deadlines</h4>")[1]
    assert ">2026-11-16 17:05 (UTC-05:00)<" in view and ">2026-11-05<" in view  # moments on one short line
    closed = next(key for _label, key in ui.case.options if key == "demo-fehb-june")
    ui.case.value = closed
    assert "status: won" in _html(ui.case_view)


def test_patterns_tab_redraws_by_dimension_and_summarises_the_chosen_case(demo_store):
    ui = CaseTracker(demo_store, generated_at=GENERATED)
    ui.dimension.value = "reviewer"
    values = {r["value"] for r in next(iter(ui.last_charts["patterns"].to_dict()["datasets"].values()))}
    assert "Jesse Reviewwell" in values
    ui.pattern_case.value = "sample-07"
    text = _html(ui.pattern_text)
    assert "2 other denials by Chesapeake Example Federal Employee Benefit Plan" in text
    assert "Jordan Sampleton" not in text and "Riley Placeholder" not in text
    ui.pattern_case.value = "sample-05"
    assert "No other case at this insurer" in _html(ui.pattern_text)


def test_user_text_is_escaped_not_rendered(store_url_for_ui):
    store = CaseStore(store_url_for_ui, today=TODAY)
    store.add_case(
        bare_case(
            "<b>Mal</b>",
            label="<script>alert(1)</script>",
            events=[reply_due("2026-11-01", "2026-11-20", "<img src=x>")],
        ),
        key="x",
    )
    ui = CaseTracker(store, generated_at=GENERATED)
    ui.with_names.value = True
    html = _html(ui.table) + _html(ui.waiting) + _html(ui.case_view) + ui.counts.value
    assert "<script>" not in html and "<img" not in html and "<b>Mal" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x&gt;" in html


@pytest.fixture
def store_url_for_ui(tmp_path) -> str:
    return str(tmp_path / "cases.sqlite")


def test_an_empty_store_says_so_instead_of_failing(store_url_for_ui):
    ui = CaseTracker(CaseStore(store_url_for_ui, today=TODAY), generated_at=GENERATED)
    assert "No open deadlines." in _html(ui.table)
    assert "No cases in the store yet." in _html(ui.case_view)
    assert "No denials to group yet." in _html(ui.pattern_chart)
