"""The one error type of the signing package: ``str()`` is Vietnamese and says what to do."""
from __future__ import annotations

from ..errors import CchcError


class SigningError(CchcError):
    """Signing, verifying or stamping failed; the message is for the user (Vietnamese)."""


class SigningInputError(SigningError):
    """The file given to sign, stamp or verify (or an image) cannot be read as such: missing, not a
    PDF/PNG, damaged, encrypted, a folder or a device. The CLI exits with 2 (unreadable input)."""
