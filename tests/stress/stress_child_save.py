"""Child process of the kill tests: saves fields of one draft in a loop and acknowledges each.

    python stress_child_save.py DB DRAFT_ID START [SNAPSHOT_MINUTES]

Prints ``ready`` once the store is open, then for i = START, START+1, ... does
``save_field(*field_for(i))`` and, only after it RETURNED, prints ``ack <i>`` (flushed). The
parent kills this process at a random moment; every ``ack`` it read is a save the user was told
is done. ``field_for`` / ``state_after`` are shared with the parent (deterministic from i).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "phuong-1-6t-2024.json"
# (field path, how the value is built from i). The section text is large (a real paragraph
# plus i), so saves move tens of KB and the background WAL checkpoint really runs.
SECTION = "s02"
FIELDS = (
    ("meta", "number"),
    ("section", SECTION, "text"),
    ("annex", "1", "1", "value"),
    ("meta", "summary"),
    ("annex", "2", "2.1", "note"),
)
LONG = "Ủy ban nhân dân phường đã ban hành kế hoạch & tuyên truyền <CCHC> \"một cửa\". " * 40


def field_for(i: int) -> tuple[tuple, str]:
    path = FIELDS[i % len(FIELDS)]
    if path[0] == "section":
        return path, f"{LONG}#{i}"
    if path[-1] == "value":
        return path, str(i)
    return path, f"Giá trị số {i} «ghi chú»"


def read_field(draft, path: tuple) -> str:
    if path[0] == "annex":
        return draft.annex_cell(path[1], path[2])[path[3]]
    return draft.get_field(path)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from cchc_desktop.store import Store

    db, draft_id, start = argv[0], argv[1], int(argv[2])
    snapshot_minutes = float(argv[3]) if len(argv) > 3 else 5
    store = Store(Path(db), snapshot_minutes=snapshot_minutes, max_revisions=30)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    i = start
    while True:
        path, value = field_for(i)
        store.save_field(draft_id, path, value)
        out.write(f"ack {i}\n")
        out.flush()
        i += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
