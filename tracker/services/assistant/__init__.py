"""The curation assistant: candidate records extracted from a text and matched against held
records, written as a draft records file an analyst reviews and imports."""
