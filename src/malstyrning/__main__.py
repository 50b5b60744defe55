"""`python -m malstyrning` runs the command-line tool."""

from malstyrning._cli._app import run

run()
