"""The one error type of the signing package: ``str()`` is Vietnamese and says what to do."""
from __future__ import annotations

from ..errors import CchcError


class SigningError(CchcError):
    """Signing, verifying or stamping failed; the message is for the user (Vietnamese)."""
