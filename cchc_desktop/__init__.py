"""CCHC Desktop: the commune administrative-reform report, written, checked and sent."""

__version__ = "0.1.0"
APP_NAME = "CCHC Desktop"
APP_ID = "cchc-desktop"
