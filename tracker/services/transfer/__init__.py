"""Transfer: records files in and out (YAML, JSON, a CSV directory), import, streamed export,
the curated seeds, and reading and writing the files users name."""
