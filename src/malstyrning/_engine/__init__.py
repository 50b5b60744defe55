"""The assessment engine: pure functions from a plan to results, no I/O."""
