"""The one error type of the signing package: ``str()`` is Vietnamese and says what to do."""
from __future__ import annotations


class SigningError(Exception):
    """Signing, verifying or stamping failed; the message is for the user (Vietnamese)."""
