"""Local storage: SQLModel tables over SQLite (or PostgreSQL via ``DATABASE_URL``).

Only the service layer (``edu_app.services``) talks to the store; screens never run SQL.
"""

from edu_app.store.database import Database, OpenResult, open_database

__all__ = ["Database", "OpenResult", "open_database"]
