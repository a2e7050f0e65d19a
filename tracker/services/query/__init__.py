"""Queries: the listing's filters, rows and whole records (`tracker list`, and the reports and
export built on them), and word search across source texts and records."""
