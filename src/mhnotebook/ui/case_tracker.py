"""The case tracker: deadlines across cases, one case's timeline, and patterns across denials.

Callbacks only move values between widgets and package functions: ``deadline_board`` (counts,
deadlines, what each case waits for), ``CaseStore.record`` (one case), ``denial_patterns`` and
``pattern_summary`` (patterns), ``deadlines_ics`` (the calendar file) and the chart builders.
Patient names stay off the screen and out of the calendar file until "With patient names" is
ticked: dashboards are shown on shared screens and calendars sync to the cloud.
"""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mhnotebook.analytics.case_charts import STATE_COLORS, chart_deadline_timeline, chart_denial_patterns
from mhnotebook.errors import MhnotebookError
from mhnotebook.store.calendar import deadlines_ics
from mhnotebook.store.dashboard import DeadlineBoard, deadline_board
from mhnotebook.store.patterns import DIMENSIONS, Patterns, denial_patterns, pattern_summary
from mhnotebook.ui._display import message, show

if TYPE_CHECKING:
    import pandas as pd

    from mhnotebook.store.case_store import CaseStore
    from mhnotebook.store.records import CaseRecord

#: Rows of the deadlines table shown on screen (the calendar file and the frame hold them all).
TABLE_ROWS = 60
_STATE_TEXT = {"overdue": "OVERDUE", "due_soon": "due soon", "upcoming": "upcoming", "met": "met"}
_MEDIA = {".ics": "text/calendar", ".md": "text/markdown", ".html": "text/html", ".pdf": "application/pdf"}
_LINK_STYLE = "color:#0b5cad;text-decoration:underline;margin-right:1.2em;font-weight:600"
_CELL = "text-align:left;padding:2px 8px;border-bottom:1px solid #ddd;vertical-align:top"
_DIMENSION_WORDS = {"insurer": "Insurer", "path": "Denial path", "service": "Service", "reviewer": "Reviewer"}


class CaseTracker:
    """The dashboard widget over a :class:`CaseStore`: three tabs (deadlines, one case, patterns)."""

    def __init__(self, store: CaseStore, *, generated_at: datetime | None = None) -> None:
        self.store = store
        self.generated_at = generated_at
        self.with_names = w.Checkbox(
            value=False,
            description="With patient names",
            indent=False,
            tooltip="Off by default: screens are shared and calendars sync to the cloud",
        )
        self.counts = w.HTML()
        self.ics = w.HTML()
        self.table = w.Output()
        self.timeline = w.Output()
        self.waiting = w.Output()
        self.case = w.Dropdown(description="Case", layout=w.Layout(width="42rem"))
        self.case_view = w.Output()
        self.dimension = w.Dropdown(
            options=[(_DIMENSION_WORDS[d], d) for d in DIMENSIONS], value="insurer", description="Group by"
        )
        self.pattern_chart = w.Output()
        self.pattern_case = w.Dropdown(description="For case", layout=w.Layout(width="42rem"))
        self.pattern_text = w.Output()
        self.last_board: DeadlineBoard | None = None
        self.last_patterns: Patterns | None = None
        self.last_charts: dict[str, Any] = {}
        self.last_summary: list[dict[str, str]] = []

        dashboard = w.VBox(
            [
                self.counts,
                self.ics,
                self.table,
                self.timeline,
                w.HTML("<h4>What each case waits for</h4>"),
                self.waiting,
            ]
        )
        one_case = w.VBox([self.case, self.case_view])
        patterns = w.VBox(
            [
                self.dimension,
                self.pattern_chart,
                w.HTML("<h4>Pattern summary for a regulator complaint</h4>"),
                self.pattern_case,
                self.pattern_text,
            ]
        )
        self.tabs = w.Tab(
            children=[dashboard, one_case, patterns], titles=("Deadlines", "One case", "Patterns")
        )
        self.widget = w.VBox([self.with_names, self.tabs])

        self.with_names.observe(lambda _change: self.refresh(), names="value")
        self.case.observe(lambda _change: self.show_case(), names="value")
        self.dimension.observe(lambda _change: self.show_patterns(), names="value")
        self.pattern_case.observe(lambda _change: self.show_summary(), names="value")
        self.refresh()

    # --- the dashboard --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the board (and the case menus) from the store, with or without names."""
        names = bool(self.with_names.value)
        try:
            board = deadline_board(self.store, with_names=names)
            summaries = self.store.list_cases(include_closed=True)
        except MhnotebookError as exc:
            self.counts.value = f"<p style='color:#b00020'>{escape(str(exc))}</p>"
            return
        self.last_board = board
        self.counts.value = counts_html(board)
        self.ics.value = self._ics_link(names)
        show(self.table, deadlines_html(board.deadlines, names=names))
        if len(board.deadlines):
            chart = chart_deadline_timeline(board.deadlines, board.as_of)
            self.last_charts["timeline"] = chart
            show(self.timeline, chart)
        else:
            show(self.timeline, message("No open deadlines."))
        show(self.waiting, waiting_html(board.waiting, names=names))
        options = [
            (f"{s.label} ({s.patient_name})" if names else s.label)
            + ("" if s.status == "open" else f" [{s.status}]")
            for s in summaries
        ]
        keyed = list(zip(options, (s.key for s in summaries), strict=True))
        for menu in (self.case, self.pattern_case):
            current = menu.value
            menu.options = keyed
            keys = [k for _label, k in keyed]
            menu.value = current if current in keys else (keys[0] if keys else None)
        self.show_case()
        self.show_patterns()
        self.show_summary()

    def _ics_link(self, names: bool) -> str:
        content = deadlines_ics(
            self.store.deadlines(), with_names=names, generated_at=self.generated_at or datetime.now(UTC)
        )
        warning = " (includes patient names)" if names else " (case labels only, no patient names)"
        return (
            "<p>"
            + bytes_link(content, "mhnotebook-deadlines.ics", text="Download the deadlines calendar (.ics)")
            + f"<span style='color:#555'>{escape(warning)}</span></p>"
        )

    # --- one case -------------------------------------------------------------------------------

    def show_case(self) -> None:
        key = self.case.value
        if not key:
            show(self.case_view, message("No cases in the store yet."))
            return
        try:
            view = case_view(self.store, key, with_names=bool(self.with_names.value))
        except MhnotebookError as exc:
            show(self.case_view, message(str(exc)))
            return
        show(self.case_view, view)

    # --- patterns -------------------------------------------------------------------------------

    def show_patterns(self) -> None:
        try:
            patterns = denial_patterns(self.store)
        except MhnotebookError as exc:
            show(self.pattern_chart, message(str(exc)))
            return
        self.last_patterns = patterns
        frame = patterns.by(self.dimension.value)
        if frame.empty:
            show(self.pattern_chart, message("No denials to group yet."))
            return
        chart = chart_denial_patterns(frame, self.dimension.value)
        self.last_charts["patterns"] = chart
        show(self.pattern_chart, chart)

    def show_summary(self) -> None:
        key = self.pattern_case.value
        if not key:
            show(self.pattern_text, message("No cases in the store yet."))
            return
        try:
            self.last_summary = pattern_summary(self.store, key)
        except MhnotebookError as exc:
            show(self.pattern_text, message(str(exc)))
            return
        from IPython.display import HTML

        show(self.pattern_text, HTML(summary_html(self.last_summary)))


# --- HTML pieces (escaped: labels, notes and names are user data) --------------------------------


def case_view(store: CaseStore, key: str, *, with_names: bool = False) -> Any:
    """One case's page (what it waits for, timeline with contacts, letters to download, deadlines)."""
    from IPython.display import HTML

    record = store.record(key)
    letters = {letter.id: store.letter_content(key, letter.id) for letter in record.letters}
    return HTML(case_html(record, letters, names=with_names))


def timeline_text(record: CaseRecord) -> str:
    """The timeline as plain lines (date, what, who, call, note): for printing and checking."""
    lines = []
    for logged in record.timeline:
        e = logged.event
        what = e.known_kind.label if e.known_kind else e.kind
        bits = [e.at.isoformat(), what, _contact_text(e), _call_text(e), e.note or ""]
        if logged.letter_id is not None:
            bits.append(f"letter {logged.letter_id} kept")
        lines.append(" | ".join(b for b in bits if b))
    return "\n".join(lines)


def counts_html(board: DeadlineBoard) -> str:
    boxes = [
        ("Overdue", board.overdue, STATE_COLORS["overdue"]),
        ("Due soon", board.due_soon, STATE_COLORS["due_soon"]),
        ("Upcoming", board.upcoming, STATE_COLORS["upcoming"]),
        ("Open cases", len(board.waiting), "#555555"),
    ]
    cells = "".join(
        f"<div style='border-left:6px solid {color};padding:4px 12px;margin-right:12px'>"
        f"<div style='font-size:1.6em;font-weight:700'>{count}</div><div>{escape(label)}</div></div>"
        for label, count, color in boxes
    )
    return f"<p>Deadlines as of {board.as_of.isoformat()}</p><div style='display:flex'>{cells}</div>"


def deadlines_html(frame: pd.DataFrame, *, names: bool, limit: int = TABLE_ROWS) -> Any:
    """The deadlines table: overdue rows bold with a red edge and the word OVERDUE (not colour alone)."""
    from IPython.display import HTML

    if frame.empty:
        return message("No open deadlines.")
    heads = ["Case", *(["Patient"] if names else []), "What", "Whose move", "Due", "State", "Citation"]
    rows = []
    for row in frame.head(limit).itertuples(index=False):
        late = row.state == "overdue"
        style = f"border-left:6px solid {STATE_COLORS.get(row.state, '#999')};" + (
            "font-weight:700;background:#fff1eb;" if late else ""
        )
        days = row.days_left
        when = f"{_days(-days)} late" if days < 0 else ("today" if days == 0 else f"in {_days(days)}")
        cells = [
            row.label,
            *([row.patient] if names else []),
            row.what,
            row.clock,
            f"{row.due:%Y-%m-%d} ({when})",
            _STATE_TEXT.get(row.state, row.state),
            row.citation or "—",
        ]
        rows.append(
            f"<tr style='{style}' class='mh-{escape(row.state)}'>"
            + "".join(f"<td style='{_CELL}'>{escape(str(c))}</td>" for c in cells)
            + "</tr>"
        )
    more = f"<p>{len(frame) - limit} more in the calendar file.</p>" if len(frame) > limit else ""
    head = "".join(f"<th style='{_CELL}'>{escape(h)}</th>" for h in heads)
    return HTML(
        f"<table style='border-collapse:collapse'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
    )


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def waiting_html(frame: pd.DataFrame, *, names: bool) -> Any:
    from IPython.display import HTML

    if frame.empty:
        return message("No open cases.")
    heads = ["Case", *(["Patient"] if names else []), "Insurer", "Path", "Waiting for"]
    rows = []
    for row in frame.itertuples(index=False):
        cells = [row.label, *([row.patient] if names else []), row.insurer, row.path, row.waiting_for]
        style = "font-weight:700;background:#fff1eb" if row.state == "overdue" else ""
        rows.append(
            f"<tr style='{style}'>"
            + "".join(f"<td style='{_CELL}'>{escape(str(c))}</td>" for c in cells)
            + "</tr>"
        )
    head = "".join(f"<th style='{_CELL}'>{escape(h)}</th>" for h in heads)
    return HTML(
        f"<table style='border-collapse:collapse'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def case_html(record: CaseRecord, letters: dict[int, bytes], *, names: bool) -> str:
    """One case: who and what, whose move, the timeline with contacts and letters, its deadlines."""
    s = record.summary
    title = f"{s.label} ({s.patient_name})" if names else s.label
    kept = {letter.id: letter for letter in record.letters}
    parts = [
        f"<h3>{escape(title)}</h3>",
        f"<p>{escape(s.insurer)} · {escape(s.service)} · status: {escape(s.status)}"
        + (f" ({escape(s.outcome)})" if s.outcome else "")
        + f"</p><p><b>Waiting for:</b> {escape(s.waiting_for)}</p>",
        "<h4>Timeline</h4>",
    ]
    rows = []
    for logged in record.timeline:
        e = logged.event
        link = ""
        if logged.letter_id in kept:
            letter = kept[logged.letter_id]
            link = bytes_link(letters[letter.id], letter.file_name)
        cells = [
            escape(_when(e.at)),
            escape(e.known_kind.label if e.known_kind else e.kind),
            escape(_contact_text(e)),
            escape(_call_text(e)),
            escape(e.note or ""),
            link,
        ]
        rows.append("<tr>" + "".join(f"<td style='{_CELL}'>{c}</td>" for c in cells) + "</tr>")
    heads = ("When", "What", "Who", "Call", "Note", "Letter")
    parts.append(
        "<table style='border-collapse:collapse'><thead><tr>"
        + "".join(f"<th style='{_CELL}'>{h}</th>" for h in heads)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    parts.append("<h4>Letters kept</h4>")
    if record.letters:
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{escape(letter.kind.replace('_', ' '))}, drafted {letter.drafted_on.isoformat()}: "
                f"{bytes_link(letters[letter.id], letter.file_name)}</li>"
                for letter in record.letters
            )
            + "</ul>"
        )
    else:
        parts.append("<p>None kept yet.</p>")
    parts.append("<h4>Deadlines</h4>")
    if record.deadlines:
        drows = "".join(
            "<tr>"
            + "".join(
                f"<td style='{_CELL}'>{escape(str(c))}</td>"
                for c in (
                    d.what,
                    "you" if d.clock == "file_by" else "the plan",
                    d.due_day.isoformat(),
                    _STATE_TEXT.get(d.state, d.state),
                    d.citation or "—",
                )
            )
            + "</tr>"
            for d in record.deadlines
        )
        parts.append(
            "<table style='border-collapse:collapse'><thead><tr>"
            + "".join(
                f"<th style='{_CELL}'>{h}</th>" for h in ("What", "Whose move", "Due", "State", "Citation")
            )
            + f"</tr></thead><tbody>{drows}</tbody></table>"
        )
    else:
        parts.append("<p>No deadlines.</p>")
    return "".join(parts)


def _contact_text(event: Any) -> str:
    c = event.contact
    if c is None:
        return ""
    who = ", ".join(x for x in (c.name, c.credentials, c.specialty) if x)
    text = f"{c.role.label}: {who}" if who else c.role.label
    if c.reference_number:
        text += f" (ref. {c.reference_number})"
    return text


def _call_text(event: Any) -> str:
    call = event.call
    if call is None:
        return ""
    bits = [
        f"criteria: {call.criteria_cited}" if call.criteria_cited else "",
        f"outcome: {call.outcome.label}" if call.outcome else "",
        f"asked for: {call.documents_requested}" if call.documents_requested else "",
        f"promised by {call.documents_promised_by.isoformat()}" if call.documents_promised_by else "",
        f"followed up: {call.followed_up_in_writing}" if call.followed_up_in_writing else "",
    ]
    return "; ".join(b for b in bits if b)


def summary_html(entries: list[dict[str, str]]) -> str:
    if not entries:
        return (
            "<p>No other case at this insurer shares this denial's path, level of care or reviewer "
            "(a pattern needs at least two cases).</p>"
        )
    items = "".join(
        f"<li>{escape(e['text'])}" + (f" <i>({escape(e['citation'])})</i>" if e["citation"] else "") + "</li>"
        for e in entries
    )
    return (
        f"<ul>{items}</ul><p style='color:#555'>These lines (counts and dates, no other patient's name) "
        "are what the regulator-complaint letter prints under “A pattern, not one case”.</p>"
    )


def bytes_link(content: bytes, name: str, *, text: str | None = None) -> str:
    """A ``data:`` download link carrying ``content`` (like ``rendering.download``, for bytes in hand)."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    media = _MEDIA.get(suffix, "application/octet-stream")
    payload = base64.b64encode(content).decode("ascii")
    return (
        f'<a download="{escape(name, quote=True)}" href="data:{media};base64,{payload}" '
        f'title="{escape(name, quote=True)}" style="{_LINK_STYLE}">{escape(text or name)}</a>'
    )


def _when(at: date | datetime) -> str:
    """A timeline moment on one short line: '2026-11-16 17:05 (UTC-05:00)', or the day alone."""
    if not isinstance(at, datetime):
        return at.isoformat()
    offset = at.strftime("%z")
    zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    return f"{at:%Y-%m-%d %H:%M}{zone}"
