"""tools/trim_icu.py: the trimmed ICU data library loads and gives Qt the same Vietnamese results."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

CHECK = r"""
import functools, sys
from PySide6.QtCore import QCollator, QCoreApplication, QLocale, QTimeZone
app = QCoreApplication(sys.argv)
c = QCollator(QLocale("vi_VN"))
c.setNumericMode(True)
print(sorted(["Đức", "Dũng", "an", "Ân", "Ăn", "ba", "Bà", "Yên", "ý", "10", "9"], key=functools.cmp_to_key(c.compare)))
print(QLocale("vi_VN").toUpper("đường ống ư"), QLocale("vi_VN").toLower("ĐƯỜNG"))
tz = QTimeZone(b"Asia/Ho_Chi_Minh")
print(tz.isValid(), tz.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale("vi_VN")))
print(sorted({line.split()[-1] for line in open("/proc/self/maps") if "icudata" in line}))
"""


def icu_data_library() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle only")
def test_trimmed_icu_gives_the_same_vietnamese_results(tmp_path):
    from trim_icu import keep_item, trim_library

    source = icu_data_library()
    if source is None:
        pytest.skip("PySide6 without its own ICU")
    target = tmp_path / "trimmed" / source.name
    target.parent.mkdir()
    old, new = trim_library(source, target)
    assert new < old / 3
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    full = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, timeout=120,
                          check=True).stdout.splitlines()
    trimmed = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, check=True,
                             env={**env, "LD_PRELOAD": str(target)}).stdout.splitlines()
    assert trimmed[:3] == full[:3], "collation, case and time zone names as with the full data"
    assert "Đức" in trimmed[0] and "ĐƯỜNG ỐNG Ư" in trimmed[1]
    assert str(target) in trimmed[3] and str(source) not in trimmed[3], "the trimmed copy is the one Qt used"
    assert keep_item("icudt73l/coll/vi.res") and not keep_item("icudt73l/coll/de.res")
    assert keep_item("icudt73l/zoneinfo64.res") and not keep_item("icudt73l/ibm-943_P15A-2003.cnv")
    assert not keep_item("icudt73l/brkitr/cjdict.dict") and keep_item("icudt73l/brkitr/line.brk")
