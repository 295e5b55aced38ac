"""Benefits summaries: which conclusions hold across the plausible shares, and which flip."""

from __future__ import annotations

from mhnotebook.paths import samples_dir
from mhnotebook.rules.parity.plan_file import load_benefits_summary, summary_from_data
from mhnotebook.rules.parity.sensitivity import analyse_summary


def test_the_sample_summary_reports_a_flip_and_a_robust_result():
    summary, comparisons = load_benefits_summary(samples_dir() / "parity" / "benefits-summary.yaml")
    office, inpatient = analyse_summary(summary, comparisons)
    # Stated shares: $30 9/20 + $60 7/20 + $75 1/10 subject (9/10). Combining $75, $60 gives 4/9 < 1/2,
    # then $30: predominant $30, so the MH/SUD $60 copay is not permitted.
    assert office.stated.predominant_level == 30 and not office.stated.mh_sud_permitted
    # If primary care is only 3/10 of payments, $60 becomes predominant and the conclusion flips.
    assert office.flips("mh_sud_permitted")
    assert any("$30 share low" in name for name in office.flips("predominant_level"))
    assert office.as_json()["conclusions"]["mh_sud_permitted"]["holds"] is False
    assert inpatient.robust() == {
        "substantially_all": True,
        "predominant_level": True,
        "mh_sud_permitted": True,
    }


def test_a_single_level_has_nothing_to_vary():
    data = {
        "kind": "benefits_summary",
        "comparisons": [
            {
                "classification": "outpatient_in_network",
                "requirement_type": "copayment",
                "medical_surgical": [{"level": 10, "share": 1}],
                "mh_sud_level": 10,
            }
        ],
    }
    summary, comps = summary_from_data(data)
    (only,) = analyse_summary(summary, comps)
    assert only.scenarios == () or all(s.result.predominant_level == 10 for s in only.scenarios)
