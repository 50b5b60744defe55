"""The plan's types and Swedish words, number parsing, and the JSON Schema generated from them."""
