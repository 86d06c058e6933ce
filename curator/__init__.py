"""curator: a desktop curation editor whose saves change only the edited bytes."""

__version__ = "0.1.0"
