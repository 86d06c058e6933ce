"""Qt models and widgets over the core."""
