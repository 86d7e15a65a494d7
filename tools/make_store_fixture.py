"""Build ``tests/fixtures/store-v1.sqlite``: a store at schema version 1, as the first release
wrote it, so the tests prove that upgrading keeps the drafts.

Run once per released schema version and commit the file; never regenerate an existing
fixture after its version is released (that would hide a broken migration). The documents are
literal dicts here (not built with today's ``Draft``), frozen like the file.

    python tools/make_store_fixture.py [--out tests/fixtures/store-v1.sqlite]
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_desktop.store import migrations  # noqa: E402

T0 = "2024-06-10T02:00:00+00:00"
T1 = "2024-06-12T08:30:00+00:00"
T2 = "2024-06-14T09:45:00+00:00"


def _doc(draft_id: str, period: dict, summary: str, number: str, annex: dict, text: str) -> dict:
    return {
        "format": "cchc-draft", "version": 1, "id": draft_id, "kind": "periodic",
        "period": period, "variant": "A-2024",
        "meta": {
            "parent_agency": "", "issuing_body": "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI",
            "issuing_body_short": "UBND xã Quang Khải", "place": "Quang Khải", "number": number,
            "code": "BC-UBND", "date": "2024-06-14" if number else None, "summary": summary,
            "addressee": "", "legal_bases": ["Kế hoạch số 02/KH-UBND ngày 09/01/2024 của UBND xã"],
            "preamble": "UBND xã báo cáo kết quả như sau:",
            "closing": f"Trên đây là báo cáo {summary[0].lower() + summary[1:]} của UBND xã Quang Khải./.",
        },
        "numbering": ["roman", "arabic", "decimal", "alpha"],
        "outline": [
            {"id": f"{draft_id}-s1", "title": "Công tác chỉ đạo, điều hành", "guidance": "",
             "text": text, "children": [
                 {"id": f"{draft_id}-s1-1", "title": "Kế hoạch cải cách hành chính", "guidance": "",
                  "text": "- Ban hành Kế hoạch CCHC năm 2024;\n+ Kế hoạch số 02/KH-UBND.", "children": []}]},
            {"id": f"{draft_id}-s2", "title": "Kiến nghị, đề xuất", "guidance": "", "text": "Không.",
             "children": []},
        ],
        "annex": annex,
        "recipients": {"items": ["Sở Nội vụ tỉnh", "TT Đảng ủy, HĐND xã"], "archive": "VT"},
        "signer": {"on_behalf": True, "collective": "ỦY BAN NHÂN DÂN", "deputy": True,
                   "chief_title": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Văn Bình"},
        "created": T0, "updated": T1,
    }


DRAFTS = [
    # (id, doc, deleted_at)
    ("a1" * 16, _doc("a1" * 16, {"type": "6m", "year": 2024}, "Công tác cải cách hành chính 6 tháng đầu năm 2024",
                     "45", {"1": {"1": {"value": "12", "note": ""}, "2": {"value": "1", "note": "Có"}}},
                     "Ủy ban nhân dân xã đã ban hành 12 văn bản chỉ đạo."), None),
    ("b2" * 16, _doc("b2" * 16, {"type": "q1", "year": 2024}, "Công tác cải cách hành chính Quý I năm 2024",
                     "", {}, "Đang soạn."), None),
    ("c3" * 16, _doc("c3" * 16, {"type": "year", "year": 2023}, "Công tác cải cách hành chính năm 2023",
                     "7", {}, "Báo cáo cũ đã xoá."), T2),
]

PROFILE = {
    "parent_agency": "", "issuing_body": "ỦY BAN NHÂN DÂN XÃ QUANG KHẢI",
    "issuing_body_short": "UBND xã Quang Khải", "place": "Quang Khải", "default_variant": "A-2024",
    "signers": [{"name": "Trần Thị Hoa", "title": "CHỦ TỊCH", "deputy": False}],
    "recipient_lists": [{"name": "Gửi tỉnh", "items": ["Sở Nội vụ tỉnh"], "archive": "VT"}],
    "upper_level_name": "Sở Nội vụ tỉnh Hải Dương", "upper_level_email": "sonoivu@example.vn",
    "mail": {"smtp_host": "smtp.example.vn", "smtp_port": 465, "security": "ssl",
             "username": "vanphong", "sender": "vanphong@example.vn"},
    "export_dir": "",
}


def build(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    con = sqlite3.connect(str(out), isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to commit
        migrations.migrate(con, target=1)
        con.execute("BEGIN")
        for draft_id, doc, deleted_at in DRAFTS:
            meta = doc["meta"]
            con.execute(
                "INSERT INTO drafts (id, doc, kind, period_type, year, variant, issuing_body, summary,"
                " number, created_at, updated_at, deleted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (draft_id, json.dumps(doc, ensure_ascii=False, separators=(",", ":")), doc["kind"],
                 doc["period"]["type"], doc["period"]["year"], doc["variant"], meta["issuing_body"],
                 meta["summary"], meta["number"], T0, T1, deleted_at))
            older = json.loads(json.dumps(doc))
            older["outline"][0]["text"] = "Bản đầu tiên."
            con.execute("INSERT INTO revisions (draft_id, created_at, reason, doc) VALUES (?,?,?,?)",
                        (draft_id, T0, "Tạo mới", json.dumps(older, ensure_ascii=False)))
            con.execute("INSERT INTO revisions (draft_id, created_at, reason, doc) VALUES (?,?,?,?)",
                        (draft_id, T1, "Tự động", json.dumps(doc, ensure_ascii=False)))
        # a lock left behind by a crashed app on another machine
        con.execute("INSERT INTO locks (draft_id, owner, pid, host, heartbeat) VALUES (?,?,?,?,?)",
                    ("b2" * 16, "window-1", 4242, "PC-MOTCUA", T1))
        con.execute("INSERT INTO settings (key, value) VALUES (?, ?)",
                    ("profile", json.dumps(PROFILE, ensure_ascii=False)))
        con.execute("COMMIT")
        con.execute("VACUUM")
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "store-v1.sqlite")
    args = ap.parse_args()
    build(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
