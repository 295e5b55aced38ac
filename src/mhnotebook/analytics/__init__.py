"""Analytics: tables, statistics and charts over datasets and analyses (pandas, imported here only)."""
