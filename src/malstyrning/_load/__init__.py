"""Reading plan files: size and encoding limits, the fast and the careful reader, error locations."""
