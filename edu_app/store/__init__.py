"""Local storage: SQLModel tables over SQLite (or PostgreSQL via ``DATABASE_URL``).

Only the service layer (``edu_app.services``, ``edu_app.learning``) talks to the store; screens
never run SQL. Storage failures surface as ``StorageError`` (an action) or ``StoreOpenError``
(start-up), each with a message for the learner in their language.
"""

from edu_app.store.database import Database, OpenResult, open_database
from edu_app.store.errors import StorageError, StoreOpenError

__all__ = ["Database", "OpenResult", "StorageError", "StoreOpenError", "open_database"]
