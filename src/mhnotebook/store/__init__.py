"""The case log: a local database of cases, their timelines, letters and deadlines.

SQLite in the user data directory by default; any SQLAlchemy URL (``MHNOTEBOOK_DB``) for a group
practice's PostgreSQL server. Import :class:`CaseStore` from here.
"""

from mhnotebook.store.case_store import CaseStore
from mhnotebook.store.records import CaseRecord, CaseSummary, DeadlineRow, LetterRecord, LoggedEvent

__all__ = ["CaseRecord", "CaseStore", "CaseSummary", "DeadlineRow", "LetterRecord", "LoggedEvent"]
