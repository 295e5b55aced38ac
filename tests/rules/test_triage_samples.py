"""Triage on the shipped samples: each lands on the path it was written for, with sane clocks."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from mhnotebook.cli import app
from mhnotebook.paths import sample_case_path
from mhnotebook.rules.triage import triage_case
from mhnotebook.validation import load_case

AS_OF = date(2026, 11, 22)

#: sample -> (primary path, regulator, a deadline that must be present)
EXPECTED = {
    "residential-eating-disorder": ("F", "state_doi", "urgent_appeal_decision_due"),
    "no-prior-auth-inpatient-detox": ("A", "state_doi", "internal_appeal_file_by"),
    "not-medically-necessary-iop": ("B", "ebsa", "internal_appeal_file_by"),
    "out-of-network-network-gap": ("C", "state_medicaid_agency", "appeal_file_by"),
    "session-limit-therapy": ("D", "state_doi", "internal_appeal_file_by"),
    "coding-error-telehealth": ("E", "none", "reconsideration_file_by"),
    "level-of-care-php-to-iop": ("F", "opm", "carrier_reconsideration_request_by"),
    "timely-filing-medicaid-ffs": ("timely_filing", "state_medicaid_agency", "state_fair_hearing_request_by"),
    "eligibility-terminated-cobra": ("eligibility", "ebsa", "cobra_election_by"),
    "experimental-tms": ("experimental", "state_doi", "internal_appeal_file_by"),
    "not-covered-residential-exclusion": ("not_covered_benefit", "state_doi", "internal_appeal_file_by"),
    "missed-deadline-original-medicare": ("B", "cms", "redetermination_file_by"),
    "aba-autism-school-district": ("B", "cms", "internal_appeal_file_by"),
    "part-d-buprenorphine": ("B", "cms", "redetermination_file_by"),
    "ambiguous-denial-chip": ("E", "none", None),
}

JSON_KEYS = {
    "tracks",
    "paths",
    "primary_path",
    "expedited",
    "expedited_basis",
    "crisis_banner",
    "applicable_law",
    "deadlines",
    "regulator",
    "actions",
    "letters",
    "parity_flags",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_triages_to_the_path_it_was_written_for(name):
    path, regulator, deadline = EXPECTED[name]
    result = triage_case(load_case(sample_case_path(name)), as_of=AS_OF)
    assert result.primary_path == path
    assert result.regulator.primary == regulator
    if deadline:
        assert deadline in {d.name for d in result.deadlines}
    for d in result.deadlines:
        assert d.citation and d.counted_from and d.rule
    assert result.actions and result.disclaimer


def test_the_missed_deadline_sample_shows_the_missed_window():
    result = triage_case(load_case(sample_case_path("missed-deadline-original-medicare")), as_of=AS_OF)
    redetermination = {d.name: d for d in result.deadlines}["redetermination_file_by"]
    assert redetermination.status.value == "passed_unconfirmed"
    assert any("accepts late filing" in a.text for a in result.actions)
    # the good-cause rule cited is Medicare Advantage's (42 CFR 422.582(c)); it is not this plan's
    assert not any("422.582" in a.citation for a in result.actions)


def test_parity_enforcers_are_offered_only_where_the_parity_law_may_apply():
    medicare = triage_case(load_case(sample_case_path("missed-deadline-original-medicare")), as_of=AS_OF)
    erisa = triage_case(load_case(sample_case_path("not-medically-necessary-iop")), as_of=AS_OF)
    assert not any("parity" in route for route in medicare.regulator.parallel)
    assert any("parity" in route for route in erisa.regulator.parallel)


def test_the_ambiguous_sample_is_not_presented_as_certain():
    result = triage_case(load_case(sample_case_path("ambiguous-denial-chip")), as_of=AS_OF)
    assert all(p.strength != "strong" for p in result.paths)
    assert any("CHIP appeal windows" in q for q in result.to_find_out)


def test_crisis_resources_come_before_anything_else():
    result = triage_case(load_case(sample_case_path("residential-eating-disorder")), as_of=AS_OF)
    text = result.text()
    assert text.startswith("*** SAFETY FIRST ***")
    assert "988" in text.splitlines()[1] and "911" in text.splitlines()[2]
    no_risk = triage_case(load_case(sample_case_path("session-limit-therapy")), as_of=AS_OF)
    assert no_risk.crisis_banner == () and "988" not in no_risk.text()


def test_post_service_claims_are_never_urgent_even_with_risk():
    result = triage_case(load_case(sample_case_path("ambiguous-denial-chip")), as_of=AS_OF)
    assert result.crisis_banner  # risk is recorded...
    assert result.expedited.expedited is False  # ...but the care was already given
    assert "never urgent" in result.expedited.basis[0]


def test_session_limit_raises_a_parity_question_that_never_claims_a_violation():
    result = triage_case(load_case(sample_case_path("session-limit-therapy")), as_of=AS_OF)
    assert result.parity_flags[0].flag == "mh_sud_limit"
    assert "needs explanation" in result.parity_flags[0].why
    assert "violat" not in json.dumps(result.as_dict()).lower()


def test_triage_is_pure_for_a_given_day():
    case = load_case(sample_case_path("not-medically-necessary-iop"))
    assert triage_case(case, as_of=AS_OF).as_dict() == triage_case(case, as_of=AS_OF).as_dict()


runner = CliRunner()


def test_cli_json_has_the_promised_keys_and_shapes():
    out = runner.invoke(
        app, ["triage", str(sample_case_path("part-d-buprenorphine")), "--today", "2026-11-22", "--json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert set(data) >= JSON_KEYS
    assert set(data["regulator"]) >= {"primary", "secondary", "name"}
    for d in data["deadlines"]:
        assert set(d) >= {"name", "due", "rule", "citation", "counted_from", "status"}
        assert d["status"] in {"upcoming", "met", "missed", "passed_unconfirmed"}
    hour_clock = next(d for d in data["deadlines"] if d["name"] == "urgent_appeal_decision_due")
    assert hour_clock["due"] == "2026-11-22T15:52:00-05:00"
    assert data["paths"][0]["path"] == data["primary_path"]


def test_cli_as_of_a_moment_changes_the_status_of_an_hour_clock():
    path = str(sample_case_path("part-d-buprenorphine"))
    before = json.loads(
        runner.invoke(app, ["triage", path, "--as-of", "2026-11-22T15:00:00-05:00", "--json"]).stdout
    )
    after = json.loads(
        runner.invoke(app, ["triage", path, "--as-of", "2026-11-22T16:00:00-05:00", "--json"]).stdout
    )
    status = (
        {d["name"]: d["status"] for d in before["deadlines"]},
        {d["name"]: d["status"] for d in after["deadlines"]},
    )
    assert status[0]["urgent_appeal_decision_due"] == "upcoming"
    assert status[1]["urgent_appeal_decision_due"] == "passed_unconfirmed"


def test_cli_text_and_bad_input():
    ok = runner.invoke(app, ["triage", str(sample_case_path("experimental-tms")), "--today", "2026-11-22"])
    assert ok.exit_code == 0 and "Deadlines" in ok.stdout and "Not legal advice" in ok.stdout
    bad_day = runner.invoke(
        app, ["triage", str(sample_case_path("experimental-tms")), "--today", "22/11/2026"]
    )
    assert bad_day.exit_code == 2 and "not a date" in bad_day.output
    naive = runner.invoke(
        app, ["triage", str(sample_case_path("experimental-tms")), "--as-of", "2026-11-22T10:00"]
    )
    assert naive.exit_code == 2 and "UTC offset" in naive.output
    missing = runner.invoke(app, ["triage", "no-such-case.yaml"])
    assert missing.exit_code == 1
