"""The «Chính tả» tab of the profile dialog: the tone-placement style the commune writes in
(hòa / hoà) and the words it added to the dictionary («Thêm vào từ điển»), one per line."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPlainTextEdit, QTabWidget, QWidget

from ..textnorm import clean_line

T_TAB = "Chính tả"
T_STYLE = "Kiểu đặt dấu thanh:"
T_STYLES = (("", "Theo văn bản (báo những chữ khác kiểu dùng nhiều hơn)"),
            ("old", "Kiểu cũ: hòa, thủy, khỏe, Ủy ban"),
            ("new", "Kiểu mới: hoà, thuỷ, khoẻ, Uỷ ban"))
T_WORDS = "Từ đã thêm vào từ điển\n(mỗi dòng một từ; xóa dòng để bỏ):"
T_HELP = ("Phần mềm gạch đỏ chữ có thể viết sai trong lời văn; bấm chuột phải vào chữ để chọn chữ đúng "
          "hoặc «Thêm vào từ điển».")


class SpellingTab:
    def __init__(self, tabs: QTabWidget):
        page = QWidget()
        form = QFormLayout(page)
        help_label = QLabel(T_HELP)
        help_label.setWordWrap(True)
        form.addRow(help_label)
        self.style = QComboBox()
        self.style.setAccessibleName("Kiểu đặt dấu thanh")
        for value, label in T_STYLES:
            self.style.addItem(label, value)
        form.addRow(T_STYLE, self.style)
        self.words = QPlainTextEdit()
        self.words.setAccessibleName("Từ đã thêm vào từ điển")
        form.addRow(T_WORDS, self.words)
        tabs.addTab(page, T_TAB)
        self.page = page

    def fill(self, profile) -> None:
        index = self.style.findData(getattr(profile, "tone_style", "") or "")
        self.style.setCurrentIndex(max(index, 0))
        self.words.setPlainText("\n".join(getattr(profile, "spelling_words", []) or []))

    def values(self) -> dict:
        words = sorted({clean_line(w).lower() for w in self.words.toPlainText().split("\n")
                        if clean_line(w) and len(clean_line(w)) <= 60})
        return {"tone_style": self.style.currentData() or "", "spelling_words": words}
