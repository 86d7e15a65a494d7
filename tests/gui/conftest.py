"""GUI tests: offscreen Qt, a real SQLite store in a temp folder, a commune profile, and
modal message boxes answered automatically (recorded for assertions)."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from cchc_desktop.gui.app import keep_none_alive

keep_none_alive()  # see app.keep_none_alive: PySide6 6.12 on Python < 3.12

from cchc_desktop.store import Profile, RecipientList, SignerEntry, Store  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sample_profile(export_dir: str = "") -> Profile:
    return Profile(
        parent_agency="UBND HUYỆN TỨ KỲ",
        issuing_body="ỦY BAN NHÂN DÂN XÃ QUANG KHẢI",
        issuing_body_short="UBND xã Quang Khải",
        place="Quang Khải",
        default_variant="B-2023",
        signers=[SignerEntry("Nguyễn Văn Chiến", "CHỦ TỊCH", False),
                 SignerEntry("Trần Thị Hoa", "PHÓ CHỦ TỊCH", True)],
        recipient_lists=[RecipientList("Báo cáo định kỳ", ["UBND huyện Tứ Kỳ (B/c)", "Phòng Nội vụ huyện",
                                                            "Đảng ủy, HĐND xã"], "VP")],
        upper_level_name="Phòng Nội vụ huyện Tứ Kỳ",
        upper_level_email="pnv@example.gov.vn",
        export_dir=export_dir,
    )


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("CCHC_DATA_DIR", str(path))
    return path


@pytest.fixture
def store(data_dir):
    s = Store(data_dir / "cchc.sqlite3")
    yield s
    s.close()


@pytest.fixture
def export_dir(tmp_path):
    path = tmp_path / "xuat"
    path.mkdir()
    return path


@pytest.fixture
def profiled_store(store, export_dir):
    store.save_profile(sample_profile(str(export_dir)))
    return store


@pytest.fixture
def answers(monkeypatch):
    """Message boxes answered without showing: ``answers.yes``/``answers.choice`` set the reply;
    ``answers.shown`` lists (kind, text) of every box."""
    from cchc_desktop.gui import history_dialog, home_actions, messages
    from cchc_desktop.gui.wizard import export_docx, window

    class Answers:
        yes = True
        choice = 0
        shown: list = []

    a = Answers()
    a.shown = []

    def ask_yes_no(parent, text, title="", detail="", default_yes=False):
        a.shown.append(("ask", text))
        return a.yes

    def ask_choice(parent, text, choices, title="", detail=""):
        a.shown.append(("choice", text + " " + detail))
        return a.choice

    def note(kind):
        def show(parent, text, title="", detail=""):
            a.shown.append((kind, f"{text} {detail}".strip()))
        return show

    for module in (messages, home_actions, history_dialog, export_docx, window):
        for name, fn in (("ask_yes_no", ask_yes_no), ("ask_choice", ask_choice),
                         ("info", note("info")), ("error", note("error"))):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, fn)
    return a


@pytest.fixture
def home(qtbot, profiled_store, answers):
    from cchc_desktop.gui.home_window import HomeWindow

    window = HomeWindow(profiled_store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    for w in list(window.windows.values()):
        w.close()


@pytest.fixture
def report_window(qtbot, profiled_store):
    """A report window (holding its edit lock) on a new periodic draft in the temp store; closed
    at the end unless the test closed it (the window deletes itself on close)."""
    from shiboken6 import isValid

    from cchc_desktop.gui.wizard.window import DraftWindow
    from cchc_desktop.outlines import new_draft

    draft = new_draft("periodic", profile=profiled_store.load_profile())
    profiled_store.create_draft(draft)
    w = DraftWindow(profiled_store, draft.id, profiled_store.load_profile())
    w.session.acquire_lock()
    w.show()
    qtbot.waitExposed(w)
    yield w
    if isValid(w):
        w.session.close_patience = 0.1
        w.close()
