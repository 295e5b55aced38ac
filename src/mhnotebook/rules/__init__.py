"""Rules: what the regulations say, as cited tables (data) and the small functions that apply them.

Triage, deadlines, escalation, applicability and parity all read the YAML tables in
``rules/tables/``; one table owns each fact, and every row carries its citation.
"""
