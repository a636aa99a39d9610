"""The content model's lower layer: checks, audits and counts over a loaded curriculum."""
