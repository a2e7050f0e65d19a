"""The work: each service takes a Session (or an Engine) and never imports Typer."""
