"""Public datasets, remittances, metrics and charts as tidy pandas tables.

Modules import pandas and Altair themselves; importing this package loads neither, so the command
line and ``import mhnotebook`` stay fast.
"""
