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

CSS = """
<style>
.mhn-triage{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.45;max-width:60rem}
.mhn-triage h3{margin:1.1em 0 .3em;font-size:1.1em}
.mhn-crisis{border:3px solid #a11d1d;background:#fff4f4;padding:.6em 1em;margin-bottom:.8em}
.mhn-crisis strong{color:#a11d1d}
.mhn-triage table{border-collapse:collapse;font-size:.92em}
.mhn-triage th,.mhn-triage td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
.mhn-status{font-weight:600}
.mhn-note{color:#444;font-size:.9em}
.mhn-flag{background:#fff8e5;border-left:4px solid #a15c00;padding:.3em .6em;margin:.3em 0}
</style>
"""


def crisis_html(lines: tuple[str, ...]) -> str:
    """The crisis banner alone (shown before any other output)."""
    if not lines:
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<div class="mhn-crisis" role="alert"><strong>Safety first.</strong><ul>{items}</ul></div>'


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
    rows = []
    for rank, p in enumerate(t.paths, start=1):
        evidence = "".join(f"<li>{escape(e.text)}</li>" for e in p.evidence)
        rows.append(
            f"<tr><td>{rank}</td><td><strong>{escape(p.label)}</strong> ({escape(p.path)})<br>"
            f'<span class="mhn-note">{escape(p.track)} track</span></td><td>{escape(p.strength)}</td>'
            f"<td><ul>{evidence}</ul></td><td>{escape(p.remedy)}</td></tr>"
        )
    return (
        "<h3>What kind of denial</h3><table><thead><tr><th>#</th><th>Path</th><th>Evidence strength</th>"
        f"<th>Why</th><th>What fixes it</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def deadlines_html(t: Triage) -> str:
    rows = []
    for d in t.deadlines:
        word, colour = _STATUS_STYLE[d.status]
        notes = "".join(f'<div class="mhn-note">{escape(n)}</div>' for n in d.notes)
        rows.append(
            f"<tr><td>{escape(d.due.isoformat())}</td><td><code>{escape(d.name)}</code><br>{escape(d.what)}</td>"
            f'<td class="mhn-status" style="color:{colour}">{escape(word)}</td>'
            f'<td>{escape(d.rule)}<br><span class="mhn-note">counted from {escape(d.counted_from)}</span>{notes}</td>'
            f"<td>{escape(d.citation)}</td></tr>"
        )
    flags = "".join(f'<div class="mhn-flag">{escape(f)}</div>' for f in t.notice_flags)
    if not rows:
        return f"<h3>Deadlines</h3><p>None could be computed from the dates recorded.</p>{flags}"
    return (
        "<h3>Deadlines</h3><table><thead><tr><th>Due</th><th>Clock</th><th>Status</th><th>Rule</th>"
        f"<th>Source</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{flags}"
    )


def law_html(t: Triage) -> str:
    rows = "".join(
        f"<tr><td>{escape(law.applies)}</td><td>{escape(law.name)}</td><td>{escape(law.why)}"
        + (f'<div class="mhn-note">{escape(law.question)}</div>' if law.question else "")
        + f"</td><td>{escape(law.citation)}</td></tr>"
        for law in t.applicable_law
    )
    return (
        "<h3>Which law applies</h3><table><thead><tr><th>Applies</th><th>Law</th><th>Why</th><th>Source</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


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
                f'<div class="mhn-flag">{escape(flag.why)} ({escape(flag.citation)})<ul>{comps}</ul></div>'
            )
    return "".join(parts)


def actions_html(t: Triage) -> str:
    items = "".join(
        f'<li>&#9744; {escape(a.text)} <span class="mhn-note">({escape(a.citation)})</span></li>'
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
    unsupported = f'<div class="mhn-flag">{escape(t.unsupported)}</div>' if t.unsupported else ""
    return (
        f'{CSS}<div class="mhn-triage">{crisis_html(t.crisis_banner)}'
        f"<p><strong>{title}</strong>, as of {escape(t.as_of.isoformat())}</p>{unsupported}"
        f"{expedited_html(t)}{paths_html(t)}{deadlines_html(t)}{law_html(t)}{escalation_html(t)}{actions_html(t)}"
        f'<p class="mhn-note">{escape(t.disclaimer)}</p></div>'
    )
