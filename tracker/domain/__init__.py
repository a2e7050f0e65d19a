"""Pure value logic (dates, quantities, vocabularies): no database, no CLI."""
