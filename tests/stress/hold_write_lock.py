"""Child process: holds SQLite's write lock on a store file until told to let go.

    python hold_write_lock.py DB

Opens ``DB`` with plain sqlite3, runs ``BEGIN IMMEDIATE`` (the write lock every save needs),
prints ``locked`` (flushed), waits for one line on stdin, then rolls back, prints ``released``
and exits. Another process really holds the lock, as a second copy of the app or a backup tool
writing would.
"""
from __future__ import annotations

import sqlite3
import sys


def main(argv: list[str]) -> int:
    con = sqlite3.connect(argv[0], isolation_level=None, timeout=30)
    con.execute("BEGIN IMMEDIATE")
    sys.stdout.write("locked\n")
    sys.stdout.flush()
    sys.stdin.readline()
    con.execute("ROLLBACK")
    con.close()
    sys.stdout.write("released\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
