"""Curation: the record kinds and their field rules, creating, editing and deleting records with
their citations and status histories, the audit log, history and undo, and `tracker check`."""
