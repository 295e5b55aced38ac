"""MHPAEA parity rules: the QTL tests (exact arithmetic) and the NQTL warning-sign checks.

The quantitative tests of 29 CFR 2590.712(b) and (c)(3) are pure functions over exact fractions;
every fact they use (classifications, types, thresholds, rule wording) comes from a cited table in
``rules/tables/parity_*.yaml``. Nothing here imports pandas or any display library.
"""
