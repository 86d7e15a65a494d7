"""Step "Nơi nhận và người ký": recipients (from a saved list or typed, one per line) and the
signature block (TM./KT., title, name from the profile's signers)."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...editing import MetaField, RecipientLine, RecipientsField, SignerField
from ...vnformat import recipient_lines
from ..widgets import PlainTextEditor, VnLineEdit
from .base import Step

TITLE = "Nơi nhận và người ký"
RECIPIENTS_BOX, SIGNER_BOX = "Nơi nhận", "Người ký"
USE_LIST = "&Dùng danh sách này"
LIST_LABEL = "Danh sách đã &lưu:"
ITEMS_LABEL = "&Nơi nhận (mỗi dòng một nơi,\nkhông cần gõ «-» và «;»):"
ARCHIVE_LABEL = "Dòng «Lư&u»:"
PRINTED = "Sẽ in ra:"
PICK_SIGNER = "Chọn người &ký:"
ON_BEHALF = "Thay &mặt tập thể (TM.)"
DEPUTY = "Ký tha&y Chủ tịch (KT.)"
COLLECTIVE_LABEL, TITLE_LABEL, NAME_LABEL = "Tập thể:", "&Chức danh:", "&Họ và tên:"
CHOOSE = "— chọn —"


class SigningStep(Step):
    title = TITLE

    def __init__(self, session, profile, parent: QWidget | None = None):
        super().__init__(session, parent)
        self._loading = False
        self.profile = profile
        r, s = self.draft.recipients, self.draft.signer

        rec_box = QGroupBox(RECIPIENTS_BOX)
        rec_form = QFormLayout(rec_box)
        # on a narrow window (1366x768 at 150 %) a field goes under its label instead of pushing
        # the window wider than the screen
        rec_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.lists = QComboBox()
        self.lists.setAccessibleName("Danh sách nơi nhận đã lưu")
        # item data are plain indexes: PySide mishandles refcounts of Python objects (and None)
        # kept in QVariants at shutdown
        self._lists = list(getattr(profile, "recipient_lists", []) or [])
        self._signers = list(getattr(profile, "signers", []) or [])
        for index, entry in enumerate(self._lists):
            self.lists.addItem(entry.name, index)
        use = self.use_button = QPushButton(USE_LIST)
        use.setAccessibleName("Dùng danh sách nơi nhận đã chọn")
        use.clicked.connect(self._use_list)
        use.setEnabled(self.lists.count() > 0)
        row = QHBoxLayout()
        row.addWidget(self.lists, 1)
        row.addWidget(use)
        rec_form.addRow(self._label(LIST_LABEL, self.lists), row)
        self.items = PlainTextEditor()
        self.items.setAccessibleName("Nơi nhận, mỗi dòng một nơi")
        self.items.setPlainText("\n".join(r.items))
        self.items.textChanged.connect(self._items_edited)
        rec_form.addRow(self._label(ITEMS_LABEL, self.items), self.items)
        self.archive = VnLineEdit()
        self.archive.setAccessibleName("Nơi lưu văn bản")
        self.archive.setText(r.archive)
        self.archive.setPlaceholderText("VT")
        self.archive.textEdited.connect(lambda t: self._edit(RecipientsField("archive"), t, self.archive))
        rec_form.addRow(self._label(ARCHIVE_LABEL, self.archive), self.archive)
        self.printed = QLabel()
        self.printed.setWordWrap(True)
        self.printed.setAccessibleName("Nơi nhận như sẽ in ra")
        rec_form.addRow(QLabel(PRINTED), self.printed)

        sig_box = QGroupBox(SIGNER_BOX)
        sig_form = QFormLayout(sig_box)
        sig_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.signers = QComboBox()
        self.signers.setAccessibleName("Chọn người ký từ hồ sơ")
        self.signers.addItem(CHOOSE, -1)
        for index, entry in enumerate(self._signers):
            self.signers.addItem(f"{entry.name} – {entry.title}", index)
        self.signers.activated.connect(self._pick_signer)
        sig_form.addRow(self._label(PICK_SIGNER, self.signers), self.signers)
        self.on_behalf = QCheckBox(ON_BEHALF)
        self.on_behalf.setChecked(s.on_behalf)
        self.on_behalf.toggled.connect(lambda on: self._edit(SignerField("on_behalf"), on, self.on_behalf))
        self.collective = VnLineEdit()
        self.collective.setAccessibleName("Tên tập thể sau chữ TM.")
        self.collective.setText(s.collective)
        self.collective.textEdited.connect(lambda t: self._edit(SignerField("collective"), t, self.collective))
        sig_form.addRow(self.on_behalf)  # the collective's name on a row of its own: beside the
        collective = QLabel(COLLECTIVE_LABEL)  # box it was a few letters wide at 1024 pixels
        collective.setBuddy(self.collective)
        sig_form.addRow(collective, self.collective)
        self.deputy = QCheckBox(DEPUTY)
        self.deputy.setChecked(s.deputy)
        self.deputy.toggled.connect(self._deputy_toggled)
        sig_form.addRow(self.deputy)
        self.sig_title = VnLineEdit()
        self.sig_title.setAccessibleName("Chức danh người ký")
        self.sig_title.setText(s.title)
        self.sig_title.textEdited.connect(lambda t: self._edit(SignerField("title"), t, self.sig_title))
        sig_form.addRow(self._label(TITLE_LABEL, self.sig_title), self.sig_title)
        self.name = VnLineEdit()
        self.name.setAccessibleName("Họ và tên người ký")
        self.name.setText(s.name)
        self.name.textEdited.connect(lambda t: self._edit(SignerField("name"), t, self.name))
        sig_form.addRow(self._label(NAME_LABEL, self.name), self.name)
        self.block = QLabel()
        self.block.setAccessibleName("Khối chữ ký như sẽ in ra")
        sig_form.addRow(QLabel(PRINTED), self.block)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(rec_box, 3)
        right = QVBoxLayout()
        right.addWidget(sig_box)
        right.addStretch(1)
        layout.addLayout(right, 2)
        self._update_printed()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _edit(self, ref, value, initiator=None) -> None:
        if not self._loading:
            self.editor.set(ref, value, initiator=initiator)

    def _items_edited(self) -> None:
        self._edit(RecipientsField("items"), self.items.plain_text().splitlines(), self.items)

    def _use_list(self) -> None:
        index = self.lists.currentData()
        if index is None or not 0 <= index < len(self._lists):
            return
        entry = self._lists[index]
        self.editor.set_many([(RecipientsField("items"), list(entry.items)),
                              (RecipientsField("archive"), entry.archive)], initiator=self.use_button)

    def _pick_signer(self, index: int) -> None:
        pos = self.signers.itemData(index)
        if pos is None or not 0 <= pos < len(self._signers):
            return
        entry = self._signers[pos]
        self.editor.set_many([(SignerField("name"), entry.name), (SignerField("title"), entry.title),
                              (SignerField("deputy"), bool(entry.deputy))], initiator=self.signers)

    def _deputy_toggled(self, on: bool) -> None:
        if self._loading:
            return
        edits: list = [(SignerField("deputy"), on)]
        if self.draft.signer.title.strip().upper() in ("", "CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
            edits.append((SignerField("title"), "PHÓ CHỦ TỊCH" if on else "CHỦ TỊCH"))
        self.editor.set_many(edits, initiator=self.deputy)

    # ----- notices ----------------------------------------------------------------------
    def refresh(self, change, initiator) -> None:
        if not change.any_of(SignerField, RecipientsField, MetaField):
            return
        self._loading = True
        try:
            r, s = self.draft.recipients, self.draft.signer
            if change.touches(RecipientsField("items")) and initiator is not self.items \
                    and [x for x in (line.strip() for line in self.items.plain_text().splitlines()) if x] != r.items:
                self.items.setPlainText("\n".join(r.items))
            for widget, ref, value in ((self.archive, RecipientsField("archive"), r.archive),
                                       (self.collective, SignerField("collective"), s.collective),
                                       (self.sig_title, SignerField("title"), s.title),
                                       (self.name, SignerField("name"), s.name)):
                if widget is not initiator and change.touches(ref) and widget.text() != value:
                    widget.setText(value)
            for box, ref, value in ((self.on_behalf, SignerField("on_behalf"), s.on_behalf),
                                    (self.deputy, SignerField("deputy"), s.deputy)):
                if box is not initiator and change.touches(ref):
                    box.setChecked(value)
        finally:
            self._loading = False
        self._update_printed()

    def _update_printed(self) -> None:
        addressed = bool(self.draft.meta.addressee.strip())  # "Kính gửi" -> the list opens "- Như trên;"
        lines = recipient_lines(self.draft.recipients, addressed=addressed)
        self.printed.setText("<br>".join(escape(x) for x in lines))
        lines = self.draft.signer.authority_lines() + ["", self.draft.signer.name]
        self.block.setText("<br>".join(f"<b>{escape(x)}</b>" for x in lines))

    # ----- step hooks -------------------------------------------------------------------
    def has_content(self) -> bool:
        return bool(self.draft.recipients.items or self.draft.signer.name)

    def owns_ref(self, ref) -> bool:
        return isinstance(ref, (SignerField, RecipientsField, RecipientLine))

    def focus_finding(self, finding) -> None:
        ref = finding.ref
        targets = {SignerField("name"): self.name, SignerField("title"): self.sig_title,
                   SignerField("collective"): self.collective, RecipientsField("archive"): self.archive}
        target = targets.get(ref, self.items)
        target.setFocus()
        if isinstance(ref, RecipientLine):  # the line itself, not only the box
            block = self.items.document().findBlockByNumber(ref.index)
            if block.isValid():
                cursor = self.items.textCursor()
                cursor.setPosition(block.position())
                cursor.setPosition(block.position() + block.length() - 1, cursor.MoveMode.KeepAnchor)
                self.items.setTextCursor(cursor)

    def focus_first(self) -> None:
        self.items.setFocus()
