"""Document commands: render (draft -> DOCX), import (DOCX made by the app -> draft), check-template."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import Overwrite, write_file
from ..periods import fill_period_phrases
from .common import CommandInputError, describe_write_error, err, read_draft

if TYPE_CHECKING:
    from ..draft import Draft

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("render", help="xuất dự thảo ra tệp Word (DOCX) đúng thể thức", add_help=False,
                       description="Xuất dự thảo ra tệp Word theo thể thức Nghị định 30/2020. Dự thảo còn lỗi "
                                   "vẫn được xuất (có cảnh báo). Mã thoát: 0 thành công, 1 không tạo hoặc không "
                                   "ghi được tệp, 2 không đọc được dự thảo.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("draft", metavar="DỰ_THẢO", help="tệp dự thảo JSON")
    p.add_argument("-o", "--output", required=True, metavar="TỆP",
                   help="tệp DOCX sẽ tạo (chỉ ghi đè tệp do phần mềm ghi ra và chưa bị sửa)")
    p.add_argument("--force", action="store_true", help="ghi đè cả tệp đã bị sửa hoặc không do phần mềm ghi ra")
    p.add_argument("--template", default=None, metavar="TỆP_MẪU",
                   help="mẫu Word riêng của đơn vị (mặc định: mẫu có sẵn)")
    p.add_argument("--pdf", action="store_true", help="chuyển thêm sang PDF (cùng tên, cạnh tệp DOCX)")
    p.add_argument("--omit-empty", action="store_true",
                   help="bỏ các mục chưa có nội dung khỏi bản xuất này (mặc định: giữ đề mục)")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("import", help="mở lại dự thảo từ báo cáo DOCX do phần mềm xuất", add_help=False,
                       description="Khôi phục dự thảo (JSON) từ tệp DOCX do CCHC Desktop xuất ra. "
                                   "Mã thoát: 0 thành công, 1 không ghi được, 2 tệp không đọc được.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("source", metavar="TỆP", help="tệp báo cáo DOCX")
    p.add_argument("-o", "--output", default=None, metavar="TỆP", help="tệp dự thảo JSON sẽ tạo")
    p.add_argument("--into", default=None, metavar="DỰ_THẢO", help="dự thảo JSON sẽ nhận số liệu (dùng với tệp Excel)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp JSON đã có")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("check-template", help="kiểm tra mẫu Word riêng trước khi dùng", add_help=False,
                       description="Liệt kê các trường không được hỗ trợ và các trường còn thiếu trong mẫu Word. "
                                   "Mã thoát: 0 mẫu dùng được, 1 có vấn đề, 2 không đọc được tệp.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("template", metavar="TỆP_MẪU", help="tệp mẫu DOCX")
    p.add_argument("--kind", default=None, choices=["periodic", "five_year", "self_inspection"],
                   help="loại văn bản dùng mẫu này (periodic: bắt buộc có phần phụ lục)")
    p.set_defaults(func=cmd_check_template)


def cmd_render(args: argparse.Namespace) -> int:
    from ..completeness import all_findings
    from ..render import RenderError
    from ..usecases import export_docx

    try:
        draft = read_draft(args.draft)
    except CommandInputError as exc:
        err(str(exc))
        return EXIT_INPUT
    template = Path(args.template) if args.template else None
    if template is not None:
        from ..files.read import ReadRefusedError, check_regular

        try:
            check_regular(template, "tệp mẫu")
        except ReadRefusedError as exc:
            err(str(exc))
            return EXIT_INPUT
    # the same findings as ``validate`` (annex rules and what is missing), so both count alike
    findings = [f for f in all_findings(draft, clerical=False) if f.field != "variant"]
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        print(f"Cảnh báo: Dự thảo còn {len(errors)} lỗi (xem bằng lệnh validate); vẫn xuất tệp Word.")
    _report_empty_sections(draft, bool(getattr(args, "omit_empty", False)))
    try:
        result = export_docx(draft, args.output, template=template, inputs=[args.draft],
                             overwrite=Overwrite.ALWAYS if args.force else Overwrite.OURS,
                             omit_empty=bool(getattr(args, "omit_empty", False)))
    except RenderError as exc:
        err(str(exc))
        return EXIT_FAIL
    for w in result.warnings:
        print(f"Cảnh báo: {w}")
    print(f"Đã xuất «{fill_period_phrases(draft.meta.summary, draft.period) or 'văn bản'}» ra {result.path}.")
    if getattr(args, "pdf", False):
        from .share import pdf_after_render

        return pdf_after_render(result.path, force=args.force)
    return EXIT_OK


def _report_empty_sections(draft: Draft, omit: bool) -> None:
    """List the sections without text before the export, and what happens to them."""
    from ..view import build_view

    try:
        view = build_view(draft, omit_empty=omit)
    except KeyError:  # an unknown variant: render says so
        return
    if not view.empty_sections:
        return
    names = "; ".join(" ".join(x for x in (e.label, e.title) if x) for e in view.empty_sections)
    if omit:
        print(f"Bỏ khỏi bản xuất {len(view.omitted)} mục chưa có nội dung: {names}.")
    else:
        print(f"Lưu ý: {len(view.empty_sections)} mục chưa có nội dung, bản xuất chỉ in đề mục: {names}. "
              "Thêm --omit-empty để bỏ các mục này khỏi bản xuất.")


def cmd_import(args: argparse.Namespace) -> int:
    suffix = Path(args.source).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _import_xlsx(args)
    return _import_docx(args)


def _import_docx(args: argparse.Namespace) -> int:
    from ..files import check_target
    from ..usecases import ImportFileError, import_report

    if not args.output:
        err("Cần chỉ tệp dự thảo sẽ tạo: import BAOCAO.docx -o DUTHAO.json")
        return EXIT_INPUT
    out = Path(args.output)
    policy = Overwrite.ALWAYS if args.force else Overwrite.NEVER
    check_target(out, inputs=[args.source], overwrite=policy)  # before reading: say it at once
    try:
        imported = import_report(args.source, any_as_docx=True)
    except ImportFileError as exc:
        err(str(exc))
        return EXIT_INPUT
    try:
        write_file(out, (imported.draft.to_json() + "\n").encode("utf-8"), inputs=[args.source], overwrite=policy)
    except OSError as exc:
        err(describe_write_error(out, exc))
        return EXIT_FAIL
    print(f"Đã khôi phục dự thảo «{fill_period_phrases(imported.draft.meta.summary, imported.draft.period)}» "
          f"vào {out}.")
    if imported.warning:
        print(imported.warning)
    return EXIT_OK


def _import_xlsx(args: argparse.Namespace) -> int:
    """The Excel import (annex values into ``--into DRAFT.json``): see ``commands/share.py``."""
    from .share import import_xlsx_command

    return import_xlsx_command(args)


def cmd_check_template(args: argparse.Namespace) -> int:
    from ..render import RenderError
    from ..render.template_check import check_template

    try:
        check = check_template(args.template, kind=args.kind)
    except RenderError as exc:
        err(str(exc))
        return EXIT_INPUT
    if getattr(args, "json", False):  # pragma: no cover - reserved
        print(json.dumps(check.__dict__, ensure_ascii=False))
    if check.syntax_error:
        print(f"[LỖI] {check.syntax_error}")
    for name in check.unknown:
        print(f"[LỖI] Trường không được hỗ trợ: {name}")
    for name in check.missing:
        print(f"[THIẾU] Mẫu không dùng trường: {name}")
    if check.ok:
        print("Mẫu dùng được: mọi trường đều hợp lệ và đủ.")
        return EXIT_OK
    print(f"\nTổng cộng: {len(check.unknown)} trường không được hỗ trợ, {len(check.missing)} trường còn thiếu"
          + (", có lỗi cú pháp." if check.syntax_error else "."))
    print("Danh sách trường hợp lệ: docs/template-variables.md")
    return EXIT_FAIL
