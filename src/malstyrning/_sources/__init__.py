"""Outcome updates from outside the plan: CSV files and Kolada."""
