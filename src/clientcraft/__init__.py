"""clientcraft: a Jupyter curriculum for handling difficult clients."""

__version__ = "0.1.0"
