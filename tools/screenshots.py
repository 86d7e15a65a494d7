"""Screenshots of every screen of the app, driven like a user, into docs/screenshots/.

    python tools/screenshots.py                 # offscreen (no display needed)
    xvfb-run -a python tools/screenshots.py     # under a virtual X display

A fresh data folder is used (never the user's): the first-start profile is typed in, the
example report ``examples/quang-khai-6t-2023.json`` is imported when present (else a new draft
is created), every wizard step is visited, the DOCX is written, the history dialog opened.
Windows are 1280x800. The script then runs itself once more with ``QT_SCALE_FACTOR=1.5`` for a
few shots at 150 % scaling. It also writes ``docs/screenshots/README.md`` listing the images.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
EXAMPLE = ROOT / "examples" / "quang-khai-6t-2023.json"
SIZE = (1280, 800)
sys.path.insert(0, str(ROOT))

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class Shooter:
    def __init__(self, app, prefix: str = ""):
        self.app, self.prefix = app, prefix
        self.count = 0
        self.shots: list[tuple[str, str]] = []

    def settle(self, ms: int = 150) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shot(self, widget, slug: str, caption: str) -> Path:
        self.settle()
        self.count += 1
        name = f"{self.prefix}{self.count:02d}-{slug}.png"
        path = OUT / name
        image = widget.grab().toImage()
        image.save(str(path), "PNG")
        if path.stat().st_size > 290 * 1024:  # keep the repository light: 256 colours are plenty for UI
            from PySide6.QtCore import Qt

            image.convertToFormat(image.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
                                  | Qt.ImageConversionFlag.AvoidDither).save(str(path), "PNG")
        self.shots.append((name, caption))
        print(f"{name}  ({path.stat().st_size // 1024} KB)  {caption}")
        return path


def type_into(widget, text: str) -> None:
    """Keystrokes for ASCII, an input-method commit for Vietnamese letters (as Unikey does)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        if ch == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        elif ch.isascii():
            QTest.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def fill_profile(dialog) -> None:
    from PySide6.QtWidgets import QTableWidgetItem

    type_into(dialog.parent_agency, "UBND HUYỆN TỨ KỲ")
    type_into(dialog.issuing_body, "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI")
    type_into(dialog.issuing_body_short, "UBND xã Quang Khải")
    type_into(dialog.place, "Quang Khải")
    index = dialog.variant.findData("B-2023")
    if index >= 0:
        dialog.variant.setCurrentIndex(index)
    dialog.signers.setItem(0, 0, QTableWidgetItem("Nguyễn Văn Chiến"))
    dialog._add_signer("Trần Thị Hoa", "PHÓ CHỦ TỊCH", True)
    type_into(dialog.list_items, "UBND huyện Tứ Kỳ (B/c)\nPhòng Nội vụ huyện\nĐảng ủy, HĐND xã\nCT, PCT UBND xã")
    dialog.archive.setText("VP")
    type_into(dialog.upper_name, "Phòng Nội vụ huyện Tứ Kỳ")
    type_into(dialog.upper_email, "pnv.tuky@example.gov.vn")


def run(prefix: str, only_some: bool) -> list[tuple[str, str]]:
    from PySide6.QtWidgets import QTabWidget

    from cchc_desktop.gui.app import create_application
    from cchc_desktop.gui.history_dialog import HistoryDialog
    from cchc_desktop.gui.home_window import HomeWindow
    from cchc_desktop.gui.new_draft_dialog import NewDraftDialog
    from cchc_desktop.gui.profile_dialog import ProfileDialog
    from cchc_desktop.store import Store

    app = create_application([sys.argv[0]])
    s = Shooter(app, prefix)
    store = Store()
    home = HomeWindow(store)
    home.resize(*SIZE)
    home.show()

    profile = ProfileDialog(store.load_profile(), home, first_start=True)
    profile.dialog.resize(1000, 620)
    profile.dialog.show()
    fill_profile(profile)
    if not only_some:
        s.shot(profile.dialog, "ho-so-xa-co-quan", "Lần đầu mở: hồ sơ của xã (cơ quan, địa danh, mẫu biểu)")
        tabs = profile.dialog.findChild(QTabWidget, "tabs")
        for index, (slug, caption) in enumerate([("ho-so-xa-nguoi-ky", "Hồ sơ: người ký"),
                                                 ("ho-so-xa-noi-nhan", "Hồ sơ: danh sách nơi nhận đã lưu"),
                                                 ("ho-so-xa-cap-tren", "Hồ sơ: cơ quan cấp trên")], start=1):
            tabs.setCurrentIndex(index)
            s.shot(profile.dialog, slug, caption)
    store.save_profile(profile.profile())
    profile.dialog.close()
    home.refresh()

    if not only_some:
        s.shot(home, "trang-chu-trong", "Màn hình chính khi chưa có báo cáo")
        new = NewDraftDialog(store.load_profile(), home)
        new.dialog.show()
        s.shot(new.dialog, "tao-bao-cao-moi", "Tạo báo cáo mới: loại, kỳ, năm, mẫu biểu (điền sẵn từ hồ sơ)")
        new.dialog.close()

    if EXAMPLE.exists():
        from cchc_desktop.gui.import_file import read_draft_file

        draft = read_draft_file(str(EXAMPLE))
        store.save_draft(draft, reason="Nhập từ tệp")
        draft_id = draft.id
    else:
        new = NewDraftDialog(store.load_profile(), home)
        draft_id = store.create_draft(new.draft())
    home.refresh()
    if not only_some:
        s.shot(home, "trang-chu", "Danh sách báo cáo: tìm, sắp xếp, tạo kỳ tiếp theo, thùng rác")

    window = home.open_draft(draft_id)
    window.resize(*SIZE)
    from cchc_desktop.vnformat import ascii_slug

    ids = [st.step_id for st in window.steps]
    wanted = ids if not only_some else ["general", "part-1", "annex-3", "signing"]
    for step_id in wanted:
        window.go_to_step(step_id)
        step = window.step(step_id)
        step.focus_first()
        index = window.index_of(step_id)
        slug = f"buoc-{index + 1:02d}-" + ascii_slug(step.title).lower()[:40].strip("-")
        s.shot(window, slug, f"Bước {index + 1}: {step.title}")
    small_screen(s, window)
    if only_some:
        return s.shots

    # the review step after writing the DOCX into a folder of the temp data dir
    import dataclasses

    folder = Path(os.environ["CCHC_DATA_DIR"]) / "xuat"
    folder.mkdir(exist_ok=True)
    store.save_profile(dataclasses.replace(store.load_profile(), export_dir=str(folder)))
    window.profile = store.load_profile()
    window.exporter.step.set_folder(str(folder))
    window.go_to_step("review")
    window.exporter.export()
    for _ in range(200):
        if not window.exporter.is_busy():
            break
        s.settle(100)
    window.recheck()
    s.shot(window, "da-xuat-docx", "Đã ghi tệp Word với tên chuẩn; mở tệp hoặc thư mục chứa tệp")

    # jump from a finding to the cell
    if window.findings:
        window.goto_finding(window.findings[0])
        s.shot(window, "bam-loi-den-o-can-sua", "Bấm vào một lỗi: đến đúng ô cần sửa")

    history = HistoryDialog(store, draft_id, window)
    history.dialog.resize(1100, 650)
    history.dialog.show()
    s.shot(history.dialog, "lich-su", "Lịch sử các bản lưu: xem trước và khôi phục")
    history.dialog.close()
    window.close()
    home.trash.setChecked(True)
    s.shot(home, "thung-rac", "Thùng rác (Ctrl+2): khôi phục báo cáo đã xóa")
    home.trash.setChecked(False)

    # the profile's mail tab (a password saved in the OS credential store, as on Windows)
    use_memory_keyring()
    profile = ProfileDialog(store.load_profile(), home)
    profile.dialog.resize(1000, 620)
    fill_mail(profile)
    tabs = profile.dialog.findChild(QTabWidget, "tabs")
    tabs.setCurrentWidget(profile.mail.host.parentWidget())
    profile.dialog.show()
    s.shot(profile.dialog, "ho-so-xa-thu-dien-tu",
           "Hồ sơ: hộp thư gửi báo cáo (máy chủ, cổng theo SSL/STARTTLS, "
           "mật khẩu trong kho mật khẩu của máy, gửi thư thử)")
    profile.dialog.close()

    # the last step with every way out: Word, Excel, PDF, print, mail
    window = home.open_draft(draft_id)
    window.resize(*SIZE)
    window.go_to_step("review")
    window.recheck()
    s.shot(window, "xuat-excel-pdf-in-gui",
           "Bước cuối: ghi Word, xuất Excel, PDF, in, gửi thư cho cấp trên, nhập số liệu từ Excel")
    window.close()

    # Tệp → Khôi phục từ bản sao…: the automatic daily copies
    import datetime as _dt

    from cchc_desktop.gui.backup_actions import RestoreDialog
    from cchc_desktop.store.backups import backups_dir, ensure_daily_backup, list_backups

    today = _dt.date.today()
    for days in (3, 2, 1, 0):
        ensure_daily_backup(store, today=today - _dt.timedelta(days=days))
    restore = RestoreDialog(list_backups(backups_dir(store.path)), home)
    restore.show()
    s.shot(restore, "khoi-phuc-tu-ban-sao",
           "Tệp → Khôi phục từ bản sao… (Ctrl+Shift+B): các bản sao tự động mỗi ngày, hoặc chọn tệp khác")
    restore.close()
    return s.shots


def use_memory_keyring() -> None:
    """The screenshots' own credential store (this machine may have none): a saved password."""
    import keyring
    import keyring.backend

    class MemoryKeyring(keyring.backend.KeyringBackend):
        priority = 1
        data: dict = {}

        def get_password(self, service, username):
            return self.data.get((service, username))

        def set_password(self, service, username, password):
            self.data[(service, username)] = password

        def delete_password(self, service, username):
            self.data.pop((service, username), None)

    keyring.set_keyring(MemoryKeyring())
    keyring.set_password("cchc-desktop", "vanphong.quangkhai@haiduong.gov.vn", "mat-khau-mau")


def fill_mail(dialog) -> None:
    mail = dialog.mail
    mail.keyring_ok = True
    type_into(mail.host, "mail.haiduong.gov.vn")
    mail.security.setCurrentIndex(mail.security.findData("starttls"))
    type_into(mail.username, "vanphong.quangkhai@haiduong.gov.vn")
    type_into(mail.sender, "vanphong.quangkhai@haiduong.gov.vn")
    mail._show_password_state()
    mail.password.setFocus()


def small_screen(s: Shooter, window) -> None:
    """On a 1366x768 screen (``xvfb-run -s "-screen 0 1366x768x24"``; 911x512 logical at 150 %):
    the report window maximised, as it opens there, and whether the step list needs scrolling."""
    screen = window.screen().availableGeometry()
    if (screen.width(), screen.height()) not in ((1366, 768), (911, 512), (910, 512)):
        return
    window.showMaximized()  # Xvfb has no window manager to honour it: give it the screen ourselves
    window.setGeometry(screen)
    s.settle(300)
    bar = window.step_list.verticalScrollBar()
    print(f"screen {screen.width()}x{screen.height()}: window {window.width()}x{window.height()}, "
          f"step list scrolls: {bar.maximum() > 0}")
    for step_id in ("general", "part-2", "annex-3", "signing", "review"):
        window.go_to_step(step_id)
        window.step(step_id).focus_first()
        s.shot(window, f"1366x768-{step_id}", f"Màn hình 1366×768, cửa sổ phóng to: {window.step(step_id).title}")
    window.showNormal()
    window.resize(*SIZE)


def write_index(shots: list[tuple[str, str]]) -> None:
    lines = ["# Ảnh chụp màn hình", "",
             "Tạo lại bằng `python tools/screenshots.py` (cửa sổ 1280×800; các ảnh `150-` ở tỷ lệ 150 %).", ""]
    for name, caption in shots:
        lines += [f"### {caption}", "", f"![{caption}]({name})", ""]
    lines += _other_sections()
    (OUT / "README.md").write_text("\n".join(lines), encoding="utf-8")


def _other_sections() -> list[str]:
    """Sections of the index written by other tools (their images are not named "<n>-..."): kept."""
    import re

    index = OUT / "README.md"
    if not index.exists():
        return []
    kept: list[str] = []
    for part in re.split(r"(?m)^(?=### )", index.read_text(encoding="utf-8")):
        images = re.findall(r"\]\(([^)]+\.png)\)", part)
        if part.startswith("### ") and images and not any(re.match(r"\d", name) for name in images):
            kept += part.rstrip("\n").split("\n") + [""]
    return kept


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    scaled = os.environ.get("CCHC_SCREENSHOT_PASS") == "scaled"
    with tempfile.TemporaryDirectory(prefix="cchc-shots-") as tmp:
        os.environ["CCHC_DATA_DIR"] = tmp
        if not scaled:
            for old in OUT.glob("[0-9]*.png"):  # ours only (other tools write e.g. text-*.png)
                old.unlink()
        shots = run("150-" if scaled else "", only_some=scaled)
    if scaled:
        print("\n".join(f"{n}\t{c}" for n, c in shots), file=sys.stderr)
        return 0
    env = dict(os.environ, QT_SCALE_FACTOR="1.5", CCHC_SCREENSHOT_PASS="scaled")
    env.pop("CCHC_DATA_DIR", None)
    result = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    for line in result.stderr.splitlines():
        if "\t" in line and line.startswith("150-"):
            name, caption = line.split("\t", 1)
            shots.append((name, caption + " (tỷ lệ 150 %)"))
    write_index(shots)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
