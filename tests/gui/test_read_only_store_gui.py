"""Issue 11 item 20 in the GUI: the home window over a store on a really read-only medium shows
the list with a banner saying so and what to do, writing entries are disabled, a report opens to
read (no edit lock) and is exported to another folder, and nothing in the folder changes."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from cchc_desktop.draft import Draft
from cchc_desktop.store import Store
from tests.gui.conftest import sample_profile
from tests.readonly_medium import read_only_medium
from tests.test_store_read_only import fingerprint

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "phuong-1-6t-2024.json"
SHOTS = os.environ.get("CCHC_SCREENSHOTS")  # a folder: the home window is saved there to look at


@pytest.fixture(params=["mount", "chattr", "chmod"])
def cd_store(request, tmp_path, monkeypatch, export_dir):
    folder = tmp_path / "cd"

    def fill(f: Path) -> None:
        with Store(f / "cchc.sqlite3") as s:
            s.create_draft(Draft.from_json(EXAMPLE.read_text(encoding="utf-8")))
            s.save_profile(sample_profile(str(export_dir)))
        shutil.rmtree(f / ".open", ignore_errors=True)

    with read_only_medium(folder, fill, request.param):
        monkeypatch.setenv("CCHC_DATA_DIR", str(folder))
        before = fingerprint(folder)
        store = Store(folder / "cchc.sqlite3")
        yield store
        store.close()
        assert fingerprint(folder) == before, "the read-only folder changed"


def test_home_over_read_only_store(qtbot, cd_store, answers, export_dir):
    from cchc_desktop.gui import read_only
    from cchc_desktop.gui.home_window import HomeWindow

    home = HomeWindow(cd_store)
    qtbot.addWidget(home)
    home.resize(1280, 800)
    home.show()
    qtbot.waitExposed(home)
    assert home.read_only_banner.isVisible()
    banner = home.read_only_banner.text()
    assert "chế độ chỉ đọc" in banner and "chép cả thư mục dữ liệu" in banner
    assert home.windowTitle().endswith(read_only.TITLE_SUFFIX)
    assert home.model.rowCount() == 1
    home.select(home.model.rows[0].id)
    assert home.button_open.isEnabled()
    for button in (home.button_new, home.button_import, home.button_next, home.button_delete):
        assert not button.isEnabled(), button.text()
    disabled = {a.text() for a in home.findChildren(QAction) if not a.isEnabled()}
    assert set(read_only.WRITING_ENTRIES) <= disabled
    enabled = {a.text() for a in home.findChildren(QAction) if a.isEnabled()}
    assert {"&Mở báo cáo", "&Sao lưu ngay…", "&Thoát"} <= enabled
    home.run_daily_backup()  # nothing to write beside a read-only store: not even tried
    if SHOTS:
        home.grab().save(str(Path(SHOTS) / "read-only-home.png"))

    window = home.open_draft(home.model.rows[0].id)
    assert window is not None and window.session.read_only
    assert "dữ liệu ở nơi chỉ đọc" in window.windowTitle()
    assert window.step("general").number.isReadOnly()
    window.exporter.export()  # to the profile's folder, which is writable
    qtbot.waitUntil(lambda: not window.exporter.is_busy() and any(export_dir.glob("*.docx")), timeout=30000)
    assert not [s for s in answers.shown if s[0] == "error"], answers.shown
    exported = list(export_dir.glob("*.docx"))
    assert len(exported) == 1 and exported[0].stat().st_size > 10000
    window.close()


def test_consolidation_window_over_read_only_store(qtbot, cd_store, answers, tmp_path):
    """Ticking «Hạn nộp» or importing the commune list let StoreReadOnlyError escape into the
    crash box (attack 8): on a read-only store they are disabled, and a write refused anyway
    (a store turned read-only while the window is open) is said and leaves the controls true."""
    from cchc_desktop.gui.consolidate_window import READ_ONLY_TIP, ConsolidateWindow

    window = ConsolidateWindow(cd_store)
    qtbot.addWidget(window)
    window.show()
    for w in (window.button_list, window.has_deadline, window.deadline):
        assert not w.isEnabled() and w.toolTip() == READ_ONLY_TIP
    window._update_buttons()
    assert not window.button_draft.isEnabled()
    window.has_deadline.setChecked(True)  # as if the control were reachable: the store refuses
    assert not window.has_deadline.isChecked(), "the box shows what is stored"
    names = tmp_path / "ds.csv"
    names.write_text("Tên xã\nXã A\nXã B\n", encoding="utf-8")
    window.import_list(str(names))
    errors = [s for s in answers.shown if s[0] == "error"]
    assert len(errors) == 2 and all("chỉ đọc" in " ".join(map(str, e)) for e in errors), answers.shown
    assert window.communes.names() == []
    window.close()
