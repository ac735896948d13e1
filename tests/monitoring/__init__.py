"""Tests of pmokit.monitoring."""
