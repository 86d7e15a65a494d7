"""Child of the migration kill test: opens (and so migrates) the store at DB.

    python stress_child_migrate.py DB

Prints ``ready`` after the imports, just before ``Store(DB)``, and ``opened <version>`` after.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from cchc_desktop.store import Store

    sys.stdout.write("ready\n")
    sys.stdout.flush()
    store = Store(Path(argv[0]))
    sys.stdout.write(f"opened {store.schema_version}\n")
    sys.stdout.flush()
    store.close()
    import time

    time.sleep(60)  # wait for the kill
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
