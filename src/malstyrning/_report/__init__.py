"""Results for people: labels, the report model, and every output format."""
