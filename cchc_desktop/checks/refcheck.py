"""Live figure references that print nothing (finding kind "figure-ref"): the row is not in the
draft's form variant, or its value was deleted (or does not read as a number)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..figrefs import Printer, refs_in
from ..forms import FormVariant
from .findings import TextFinding

__all__ = ["ref_findings"]

NO_ROW = ("Mục «{section}»: số liệu chèn từ Biểu mẫu {form}, dòng {code} không còn: mẫu biểu của báo cáo "
          "không có dòng này; bản in sẽ ghi «…». Hãy xóa và chèn lại số liệu.")
NO_VALUE = ("Mục «{section}»: số liệu chèn từ Biểu mẫu {form}, dòng {code} «{label}» đang trống (chưa nhập hoặc "
            "đã xóa); bản in sẽ ghi «…». Hãy nhập số liệu ở bảng.")


def ref_findings(variant: FormVariant | None, annex: Mapping[Any, Any] | None,
                 sections: Iterable[tuple[str, str, str]]) -> list[TextFinding]:
    printer: Printer | None = None
    out: list[TextFinding] = []
    for section_id, label, text in sections:
        for ref in refs_in(text):
            printer = printer or Printer(variant, annex)
            cell = printer.cell(ref.form, ref.code)
            if cell is not None and printer.value(ref.form, ref.code) is not None:
                continue
            if cell is None:
                msg = NO_ROW.format(section=label, form=ref.form, code=ref.code)
            else:
                msg = NO_VALUE.format(section=label, form=ref.form, code=ref.code, label=cell.indicator.label)
            out.append(TextFinding("error", msg, ref.form if cell is not None else None,
                                   ref.code if cell is not None else None, field=f"section.{section_id}",
                                   kind="figure-ref", section_id=section_id, span=(ref.start, ref.end)))
    return out
