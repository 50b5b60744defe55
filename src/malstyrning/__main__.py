"""`python -m malstyrning` runs the command-line tool."""

from malstyrning._cli import run

run()
