"""Argument parsing and rendering only: every command calls a service and renders its result."""
