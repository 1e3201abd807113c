"""Fixtures of the command-line tests."""
