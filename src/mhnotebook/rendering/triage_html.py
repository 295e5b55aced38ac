"""Triage as HTML for notebooks and the app: crisis resources first, every user string escaped.

Plain string building with ``html.escape`` (no template engine): case text never becomes markup and
is never rendered as a template.
"""

from __future__ import annotations

from html import escape

from mhnotebook.rules.deadlines import Status
from mhnotebook.rules.triage import Triage

_STATUS_STYLE = {
    Status.upcoming: ("upcoming", "#1f5f99"),
    Status.met: ("met", "#2b7a3b"),
    Status.missed: ("missed", "#a11d1d"),
    Status.passed_unconfirmed: ("passed, not confirmed", "#a15c00"),
}

# Inline styles: JupyterLab strips <style> blocks from untrusted outputs but keeps simple inline styles.
_CELL = "border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top"
_TABLE = "border-collapse:collapse;font-size:.92em"
_NOTE = "color:#444;font-size:.9em"
_FLAG = "background:#fff8e5;border-left:4px solid #a15c00;padding:.3em .6em;margin:.3em 0"
_CRISIS = "border:3px solid #a11d1d;background:#fff4f4;padding:.6em 1em;margin-bottom:.8em"


def _table(head: list[str], rows: list[list[str]]) -> str:
    """A table whose cells are already-escaped HTML."""
    th = "".join(f'<th style="{_CELL}">{h}</th>' for h in head)
    body = "".join("<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in row) + "</tr>" for row in rows)
    return f'<table style="{_TABLE}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _note(text: str) -> str:
    return f'<div style="{_NOTE}">{escape(text)}</div>'


def crisis_html(lines: tuple[str, ...]) -> str:
    """The crisis banner alone (shown before any other output)."""
    if not lines:
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return (
        f'<div style="{_CRISIS}" role="alert"><strong style="color:#a11d1d">Safety first.</strong>'
        f"<ul>{items}</ul></div>"
    )


def expedited_html(t: Triage) -> str:
    verdict = t.expedited
    head = "Ask for expedited (urgent) review" if verdict.expedited else "Expedited review: not indicated"
    if verdict.binding:
        head += " (the request binds the plan)"
    items = "".join(f"<li>{escape(b)}</li>" for b in verdict.basis)
    return f"<h3>{escape(head)}</h3><ul>{items}</ul>"


def paths_html(t: Triage) -> str:
    if not t.paths:
        return "<h3>What kind of denial</h3><p>Could not tell from the notice: see <em>To find out</em>.</p>"
    rows = [
        [
            str(rank),
            f"<strong>{escape(p.label)}</strong> ({escape(p.path)}){_note(p.track + ' track')}",
            escape(p.strength),
            "<ul>" + "".join(f"<li>{escape(e.text)}</li>" for e in p.evidence) + "</ul>",
            escape(p.remedy),
        ]
        for rank, p in enumerate(t.paths, start=1)
    ]
    return "<h3>What kind of denial</h3>" + _table(
        ["#", "Path", "Evidence strength", "Why", "What fixes it"], rows
    )


def deadlines_html(t: Triage) -> str:
    flags = "".join(f'<div style="{_FLAG}">{escape(f)}</div>' for f in t.notice_flags)
    if not t.deadlines:
        return f"<h3>Deadlines</h3><p>None could be computed from the dates recorded.</p>{flags}"
    rows = []
    for d in t.deadlines:
        word, colour = _STATUS_STYLE[d.status]
        rows.append(
            [
                escape(d.due.isoformat()),
                f"<code>{escape(d.name)}</code><br>{escape(d.what)}",
                f'<strong style="color:{colour}">{escape(word)}</strong>',
                escape(d.rule) + _note("counted from " + d.counted_from) + "".join(_note(n) for n in d.notes),
                escape(d.citation),
            ]
        )
    return "<h3>Deadlines</h3>" + _table(["Due", "Clock", "Status", "Rule", "Source"], rows) + flags


def law_html(t: Triage) -> str:
    rows = [
        [
            escape(law.applies),
            escape(law.name),
            escape(law.why) + (_note(law.question) if law.question else ""),
            escape(law.citation),
        ]
        for law in t.applicable_law
    ]
    return "<h3>Which law applies</h3>" + _table(["Applies", "Law", "Why", "Source"], rows)


def escalation_html(t: Triage) -> str:
    r = t.regulator
    parts = [
        f"<h3>Escalate to</h3><p><strong>{escape(r.name)}</strong> <code>{escape(r.primary)}</code><br>{escape(r.why)}</p>"
    ]
    if r.secondary:
        parts.append(f"<p>Also: {escape(', '.join(r.secondary))}</p>")
    if r.parallel:
        parts.append("<ul>" + "".join(f"<li>In parallel: {escape(p)}</li>" for p in r.parallel) + "</ul>")
    if t.parity_flags:
        parts.append(
            "<h3>Parity questions (a difference that needs explanation, not proof of a violation)</h3>"
        )
        for flag in t.parity_flags:
            comps = "".join(f"<li>compare: {escape(c)}</li>" for c in flag.comparators)
            parts.append(
                f'<div style="{_FLAG}">{escape(flag.why)} ({escape(flag.citation)})<ul>{comps}</ul></div>'
            )
    return "".join(parts)


def actions_html(t: Triage) -> str:
    items = "".join(
        f'<li>&#9744; {escape(a.text)} <span style="{_NOTE}">({escape(a.citation)})</span></li>'
        for a in t.actions
    )
    letters = ", ".join(escape(x) for x in t.letters) or "none"
    coding = ""
    if t.coding_findings:
        coding = (
            "<h3>Coding checks</h3><ul>"
            + "".join(
                f"<li>{'line ' + str(f.line) + ': ' if f.line else ''}{escape(f.problem)} &rarr; {escape(f.fix)}</li>"
                for f in t.coding_findings
            )
            + "</ul>"
        )
    find_out = ""
    if t.to_find_out:
        find_out = (
            "<h3>To find out</h3><ul>" + "".join(f"<li>{escape(q)}</li>" for q in t.to_find_out) + "</ul>"
        )
    return f"{coding}<h3>Do today</h3><ul>{items}</ul><p>Letters to draft: {letters}</p>{find_out}"


def triage_html(t: Triage) -> str:
    """The whole triage, in the order a person needs it."""
    title = escape(t.case_label) + (" (synthetic sample)" if t.synthetic else "")
    unsupported = f'<div style="{_FLAG}">{escape(t.unsupported)}</div>' if t.unsupported else ""
    return (
        f'<div style="font-family:system-ui,sans-serif;line-height:1.45;max-width:62rem">{crisis_html(t.crisis_banner)}'
        f"<p><strong>{title}</strong>, as of {escape(t.as_of.isoformat())}</p>{unsupported}"
        f"{expedited_html(t)}{paths_html(t)}{deadlines_html(t)}{law_html(t)}{escalation_html(t)}{actions_html(t)}"
        f'<p style="{_NOTE}">{escape(t.disclaimer)}</p></div>'
    )
