"""The real wizard's last step offers "Ký số…" and "Kiểm tra chữ ký…" (issue 16), and opening the
wizard does not start a warm LibreOffice under the tests (CCHC_WARM_OFFICE=0 in tests/conftest.py)."""
from __future__ import annotations

import os

from PySide6.QtWidgets import QPushButton


def test_review_step_has_the_signing_buttons(qtbot, home, profiled_store, tmp_path):
    from cchc_desktop import pdf_warm

    from .test_wizard_flow import create_through_dialog

    window = create_through_dialog(qtbot, home)
    window.go_to_step("review")
    texts = [b.text() for b in window.review.findChildren(QPushButton) if b.isVisible()]
    assert any(t.startswith("Ký số") for t in texts), texts
    assert any(t.startswith("Kiểm tra chữ ký") for t in texts), texts
    if os.environ.get("CCHC_SCREENSHOT_DIR"):
        window.grab().save(os.path.join(os.environ["CCHC_SCREENSHOT_DIR"], "review-sign.png"))
    assert pdf_warm.current() is None
