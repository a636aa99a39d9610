"""The core: content model, curriculum loading, checks and audits, the branching rule, answer keys, records,
settings, errors. It imports nothing else from clientcraft; every other layer builds on it."""
