"""The commune profile (names, place, signers, saved recipient lists, level above, mail account).

Laid out in ``ui/profile_dialog.ui``; this module fills it from a ``Profile`` and reads it
back. Asked for at first start, then reachable from Tệp → Hồ sơ của xã.
"""
from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from .. import store as store_mod
from .messages import CANCEL
from .profile_mail import MailTab
from .profile_spelling import SpellingTab
from .uiload import child, dispose, load_dialog
from .variants import variant_choices

SIGNER_HEADERS = ["Họ và tên", "Chức danh", "Ký thay (KT.)"]
DEFAULT_LIST_NAME = "Báo cáo định kỳ"
NEW_LIST_NAME = "Danh sách mới"
MISSING = "Hãy nhập {what}."


class ProfileDialog:
    """Wraps the loaded dialog; ``exec()`` then ``profile()`` for the edited profile."""

    def __init__(self, profile=None, parent: QWidget | None = None, first_start: bool = False):
        self.dialog: QDialog = load_dialog("profile_dialog.ui", parent)
        d = self.dialog
        self.parent_agency = child(d, QLineEdit, "parentAgencyEdit")
        self.issuing_body = child(d, QLineEdit, "issuingBodyEdit")
        self.issuing_body_short = child(d, QLineEdit, "issuingBodyShortEdit")
        self.place = child(d, QLineEdit, "placeEdit")
        self.variant = child(d, QComboBox, "variantCombo")
        self.signers = child(d, QTableWidget, "signersTable")
        self.lists = child(d, QListWidget, "recipientListsList")
        self.list_name = child(d, QLineEdit, "listNameEdit")
        self.list_items = child(d, QPlainTextEdit, "listItemsEdit")
        self.archive = child(d, QLineEdit, "archiveEdit")
        self.upper_name = child(d, QLineEdit, "upperNameEdit")
        self.upper_email = child(d, QLineEdit, "upperEmailEdit")
        self.error_label = child(d, QLabel, "errorLabel")
        self.tabs = child(d, QTabWidget, "tabs")
        self.mail = MailTab(d)
        self.spelling = SpellingTab(self.tabs)  # tone style, the user's dictionary words
        buttons = child(d, QDialogButtonBox, "buttonBox")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Lưu hồ sơ" if not first_start else "&Bắt đầu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(CANCEL)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(d.reject)
        if first_start:
            d.setWindowTitle("Chào mừng! Hãy nhập hồ sơ của xã")
        self._profile = profile or store_mod.Profile()
        self._lists: list[dict] = []
        self._result = None
        self._current_list = -1

        for variant_id, label in variant_choices():
            self.variant.addItem(label, variant_id)
        self.signers.setHorizontalHeaderLabels(SIGNER_HEADERS)
        self.signers.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.signers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.signers.verticalHeader().setVisible(False)
        child(d, QPushButton, "addSignerButton").clicked.connect(
            self._new_signer)
        child(d, QPushButton, "removeSignerButton").clicked.connect(self._remove_signer)
        child(d, QPushButton, "addListButton").clicked.connect(self._add_list)
        child(d, QPushButton, "removeListButton").clicked.connect(self._remove_list)
        self.lists.currentRowChanged.connect(self._show_list)
        self.list_name.textEdited.connect(self._list_name_edited)
        self._fill(self._profile)
        fm = d.fontMetrics()  # size from the font, so 125% / 150% scaling stays readable
        d.resize(max(d.sizeHint().width(), fm.averageCharWidth() * 100), max(d.sizeHint().height(), fm.height() * 26))

    # ----- fill / read ------------------------------------------------------------------
    def _fill(self, p) -> None:
        self.parent_agency.setText(p.parent_agency or "")
        self.issuing_body.setText(p.issuing_body or "")
        self.issuing_body_short.setText(p.issuing_body_short or "")
        self.place.setText(p.place or "")
        index = self.variant.findData(p.default_variant)
        self.variant.setCurrentIndex(max(index, 0))
        for s in p.signers or []:
            self._add_signer(s.name, s.title, s.deputy)
        if not p.signers:
            self._add_signer("", "CHỦ TỊCH", False)
        self._lists = [{"name": r.name, "items": list(r.items), "archive": r.archive} for r in p.recipient_lists or []]
        if not self._lists:
            self._lists = [{"name": DEFAULT_LIST_NAME, "items": [], "archive": "VT"}]
        for entry in self._lists:
            self.lists.addItem(entry["name"])
        self.lists.setCurrentRow(0)
        self.upper_name.setText(p.upper_level_name or "")
        self.upper_email.setText(p.upper_level_email or "")
        self.mail.fill(p.mail)
        self.spelling.fill(p)

    def _add_signer(self, name: str, title: str, deputy: bool, edit: bool = False) -> None:
        row = self.signers.rowCount()
        self.signers.insertRow(row)
        self.signers.setItem(row, 0, QTableWidgetItem(name))
        self.signers.setItem(row, 1, QTableWidgetItem(title))
        box = QCheckBox()
        box.setChecked(deputy)
        box.setAccessibleName(f"Người ký thứ {row + 1} ký thay Chủ tịch")
        box.toggled.connect(lambda on, b=box: self._deputy_toggled(b, on))
        self.signers.setCellWidget(row, 2, box)
        if edit:
            self.signers.setCurrentCell(row, 0)
            self.signers.editItem(self.signers.item(row, 0))

    def show_mail_tab(self) -> None:
        """Open on the mail account (from "Gửi..." when no account is set up)."""
        self.tabs.setCurrentIndex(self.tabs.indexOf(self.mail.password.parentWidget()))

    def _new_signer(self) -> None:
        """A new row: the Chairman if there is none yet, otherwise a deputy signing KT. (a
        commune has one Chủ tịch; a second "CHỦ TỊCH" row was always a mistake to correct)."""
        titles = [(self.signers.item(r, 1).text() if self.signers.item(r, 1) else "").strip().upper()
                  for r in range(self.signers.rowCount())]
        if "CHỦ TỊCH" in titles:
            self._add_signer("", "PHÓ CHỦ TỊCH", True, edit=True)
        else:
            self._add_signer("", "CHỦ TỊCH", False, edit=True)

    def _deputy_toggled(self, box: QCheckBox, on: bool) -> None:
        # the row of the box now: rows above it may have been removed since it was made
        row = next((r for r in range(self.signers.rowCount()) if self.signers.cellWidget(r, 2) is box), -1)
        item = self.signers.item(row, 1)
        if item is not None and item.text().strip().upper() in ("", "CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
            item.setText("PHÓ CHỦ TỊCH" if on else "CHỦ TỊCH")

    def _remove_signer(self) -> None:
        row = self.signers.currentRow()
        if row >= 0:
            self.signers.removeRow(row)

    def _store_current_list(self) -> None:
        if 0 <= self._current_list < len(self._lists):
            entry = self._lists[self._current_list]
            entry["name"] = self.list_name.text().strip() or NEW_LIST_NAME
            entry["items"] = [x.strip() for x in self.list_items.toPlainText().splitlines() if x.strip()]
            entry["archive"] = self.archive.text().strip()

    def _show_list(self, row: int) -> None:
        self._store_current_list()
        self._current_list = row
        entry = self._lists[row] if 0 <= row < len(self._lists) else {"name": "", "items": [], "archive": "VT"}
        self.list_name.setText(entry["name"])
        self.list_items.setPlainText("\n".join(entry["items"]))
        self.archive.setText(entry["archive"])
        for w in (self.list_name, self.list_items, self.archive):
            w.setEnabled(row >= 0)

    def _list_name_edited(self, text: str) -> None:
        item = self.lists.item(self._current_list)
        if item is not None:
            item.setText(text or NEW_LIST_NAME)

    def _add_list(self) -> None:
        self._store_current_list()
        self._lists.append({"name": NEW_LIST_NAME, "items": [], "archive": "VT"})
        self.lists.addItem(NEW_LIST_NAME)
        self.lists.setCurrentRow(len(self._lists) - 1)
        self.list_name.setFocus()
        self.list_name.selectAll()

    def _remove_list(self) -> None:
        row = self.lists.currentRow()
        if row < 0:
            return
        self._current_list = -1  # do not write the removed entry back
        del self._lists[row]
        self.lists.takeItem(row)  # currentRowChanged shows the neighbour

    def profile(self):
        """The profile as edited (fields the dialog does not show are kept); after ``exec()``
        the one read when the user accepted."""
        if self._result is not None:
            return self._result
        self._store_current_list()
        signers = []
        for row in range(self.signers.rowCount()):
            name = (self.signers.item(row, 0) or QTableWidgetItem()).text().strip()
            title = (self.signers.item(row, 1) or QTableWidgetItem()).text().strip()
            box = self.signers.cellWidget(row, 2)
            if name:
                signers.append(store_mod.SignerEntry(name=name, title=title.upper() or "CHỦ TỊCH",
                                                     deputy=bool(box and box.isChecked())))
        lists = [store_mod.RecipientList(name=e["name"], items=e["items"], archive=e["archive"])
                 for e in self._lists if e["items"] or e["name"] != NEW_LIST_NAME]
        return dataclasses.replace(
            self._profile,
            parent_agency=self.parent_agency.text().strip(),
            issuing_body=self.issuing_body.text().strip(),
            issuing_body_short=self.issuing_body_short.text().strip(),
            place=self.place.text().strip(),
            default_variant=self.variant.currentData(),
            signers=signers, recipient_lists=lists,
            upper_level_name=self.upper_name.text().strip(),
            upper_level_email=self.upper_email.text().strip(),
            mail=self.mail.values(),  # no password: that goes to the OS credential store
            **self.spelling.values(),
        )

    def _accept(self) -> None:
        missing = [(self.issuing_body, "tên cơ quan ban hành"), (self.issuing_body_short, "tên viết tắt"),
                   (self.place, "địa danh")]
        for widget, what in missing:
            if not widget.text().strip():
                self.error_label.setText(MISSING.format(what=what))
                self.tabs.setCurrentIndex(0)
                widget.setFocus()
                return
        if self.mail.save_password():
            self.error_label.setText("Không lưu được mật khẩu hộp thư.")
            self.tabs.setCurrentIndex(self.tabs.indexOf(self.mail.password.parentWidget()))
            self.mail.password.setFocus()
            return
        self.dialog.accept()

    def exec(self) -> int:
        """Modal; the dialog is deleted once control is back in the event loop (read the
        result right after), not left as a hidden child of the window until it closes."""
        try:
            result = self.dialog.exec()
            if result:
                self._result = self.profile()
            return result
        finally:
            self.mail.closed = True
            dispose(self.dialog)
