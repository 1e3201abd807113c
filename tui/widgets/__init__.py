"""Reusable Textual widgets of crm: they show values and post messages, and never touch the database."""
