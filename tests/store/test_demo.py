"""The demo case log fills a throwaway store, and never trips over samples already in a store."""

from __future__ import annotations

import stat
from pathlib import Path

from mhnotebook.paths import sample_case_path, sample_case_paths
from mhnotebook.store import CaseStore
from mhnotebook.store.demo import demo_store, load_samples
from mhnotebook.validation import load_case
from tests.conftest import TODAY


def test_the_demo_lives_in_its_own_private_folder_not_the_users_log(private_data_dir: Path) -> None:
    store = demo_store(today=TODAY)
    try:
        location = Path(str(store.url.database))
        assert not location.is_relative_to(private_data_dir)
        assert stat.S_IMODE(location.parent.stat().st_mode) == 0o700
        assert len(store.keys()) == len(sample_case_paths()) + 2
        assert all(s.synthetic for s in store.list_cases(include_closed=True))
    finally:
        store.close()
    assert not (private_data_dir / "cases.sqlite").exists()


def test_a_sample_already_saved_is_kept_and_the_rest_are_added(store_url: str) -> None:
    with CaseStore(store_url, today=TODAY) as store:
        mine = load_case(sample_case_path("session-limit-therapy"))
        store.add_case(mine)
        store.update_case(mine.case_id, mine.model_copy(update={"notes": "my own notes"}))
        added = load_samples(store)
        assert mine.case_id not in added
        assert store.case(mine.case_id).notes == "my own notes"
        assert len(store.keys()) == len(sample_case_paths()) + 2
        assert load_samples(store) == []
