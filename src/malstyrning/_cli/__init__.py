"""The command line: a thin typer app over the public API."""
