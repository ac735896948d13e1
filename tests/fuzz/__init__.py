"""Fuzz tests over every public entry point (issue 14)."""
