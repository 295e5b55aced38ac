"""A practice's X12 835 remittances: read them, find the denied lines, say which to appeal.

Modules: ``x12`` (segments and separators), ``reader`` (claims, service lines, adjustments),
``denials`` (denied lines and their triage path), ``metrics`` and ``charts`` (the practice view),
``claims_csv`` (a billing export with a column mapping), ``synthetic`` (835s made from the sample
cases). Import the module you need; nothing heavy loads with this package.
"""
