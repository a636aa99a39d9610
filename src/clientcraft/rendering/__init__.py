"""Rendering: notebooks, handouts and their templates, built from the content."""
