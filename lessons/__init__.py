"""Lesson packs: the format, loading, validation, grading and importers. No UI, no database."""
