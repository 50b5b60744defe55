"""Changing plan files: YAML node helpers, outcome splicing, record, rollover, init, atomic writes."""
