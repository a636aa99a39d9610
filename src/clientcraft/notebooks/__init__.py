"""Renderers that turn curriculum content into notebooks (lessons, assignments, solutions)."""
