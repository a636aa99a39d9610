"""Rendering: lesson and assignment notebooks from the content, the build that writes them, and HTML helpers."""
