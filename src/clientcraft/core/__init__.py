"""The content core: the content model, loading, checks and audits (imports nothing above it)."""
