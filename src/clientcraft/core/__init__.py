"""The core layer: content model, loading, checks and audits. Imports nothing from the higher layers."""
