"""Local storage of drafts, revisions, the commune profile and settings (stdlib ``sqlite3``).

See ``docs/storage.md``. Everything the rest of the app needs is re-exported here.
"""
from .core import DB_NAME, Store
from .drafts import DraftSummary
from .errors import (
    DraftLockedError,
    DraftNotFoundError,
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreNewerError,
    StoreReadOnlyError,
)
from .migrations import LATEST as SCHEMA_VERSION
from .profile import Profile, RecipientList, SignerEntry
from .revisions import Revision

__all__ = [
    "DB_NAME", "SCHEMA_VERSION", "Store", "DraftSummary", "Revision", "Profile", "RecipientList",
    "SignerEntry", "StoreError", "StoreNewerError", "StoreDamagedError", "StoreBusyError", "StoreReadOnlyError",
    "DraftLockedError", "DraftNotFoundError",
]
