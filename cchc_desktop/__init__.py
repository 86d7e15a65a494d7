"""CCHC Desktop: the commune administrative-reform report, written, checked and sent."""

import logging as _logging

__version__ = "0.1.0"
APP_NAME = "CCHC Desktop"
APP_ID = "cchc-desktop"

# Records go nowhere until ``logsetup.setup_logging`` adds the rotating file (never to a user's
# console through logging's last-resort stderr handler).
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
