"""The learner runtime: response log, identity, lesson widgets, the workshop live view and the app (Voila)."""
