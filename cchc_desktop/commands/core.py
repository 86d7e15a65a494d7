"""Core commands: new, validate."""
from __future__ import annotations

import argparse
import json

from ..draft import Period
from ..files import Overwrite, write_file
from ..periods import fill_period_phrases
from .common import CommandInputError, describe_write_error, err, read_draft

KIND_ALIASES = {"periodic": "periodic", "bao-cao": "periodic", "five-year": "five_year", "five_year": "five_year",
                "so-ket": "five_year", "self-inspection": "self_inspection", "self_inspection": "self_inspection",
                "thong-bao": "self_inspection"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("new", help="tạo dự thảo mới với dàn ý mặc định", add_help=False,
                       description="Tạo một dự thảo mới (tệp JSON) với dàn ý mặc định của loại văn bản.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("--kind", default="periodic", choices=sorted(KIND_ALIASES),
                   help="loại văn bản: periodic (báo cáo định kỳ), five-year (sơ kết 05 năm), "
                        "self-inspection (thông báo tự kiểm tra)")
    p.add_argument("--period", default=None, metavar="KỲ",
                   help="kỳ báo cáo: q1, 6m, q3, 9m, year (định kỳ); 5y (sơ kết); custom (kỳ đột xuất, "
                        "cần --from, --to và --title)")
    p.add_argument("--year", type=int, default=None, metavar="NĂM",
                   help="năm báo cáo (năm cuối của giai đoạn với sơ kết); kỳ custom lấy năm của --to")
    p.add_argument("--from", dest="date_from", default=None, metavar="NGÀY",
                   help="kỳ custom: ngày bắt đầu (2024-01-01)")
    p.add_argument("--to", dest="date_to", default=None, metavar="NGÀY", help="kỳ custom: ngày kết thúc (2024-08-15)")
    p.add_argument("--title", dest="period_name", default=None, metavar="TÊN_KỲ",
                   help="kỳ custom: tên kỳ in trong trích yếu và nội dung, "
                        "ví dụ «từ ngày 01/01/2024 đến ngày 15/8/2024»")
    p.add_argument("--variant", default=None, metavar="MẪU_BIỂU",
                   help="mẫu biểu phụ lục, ví dụ A-2024 hoặc B-2023; none: không kèm phụ lục biểu mẫu")
    p.add_argument("-o", "--output", required=True, metavar="TỆP", help="tệp JSON sẽ tạo (không ghi đè tệp đã có)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp JSON đã có")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("validate", help="kiểm tra dự thảo, in mọi lỗi và cảnh báo", add_help=False,
                       description="Kiểm tra số liệu phụ lục và nội dung dự thảo. Mã thoát: 0 không có lỗi "
                                   "(có thể có cảnh báo), 1 có lỗi, 2 không đọc được tệp.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("draft", metavar="DỰ_THẢO", help="tệp dự thảo JSON")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(func=cmd_validate)


def _custom_period(args: argparse.Namespace) -> Period | str:
    """The custom period of ``--from/--to/--title``, or the Vietnamese reason it cannot be."""
    from ..draft import DraftFormatError

    if not args.date_from or not args.date_to:
        return "Kỳ custom cần ngày bắt đầu và ngày kết thúc: --from 2024-01-01 --to 2024-08-15."
    try:
        period = Period.from_dict({"type": "custom", "year": 2000, "start": args.date_from, "end": args.date_to,
                                   "title": args.period_name or ""})
    except DraftFormatError as exc:  # also dates outside the years the app accepts
        return str(exc)
    return period


def cmd_new(args: argparse.Namespace) -> int:
    from ..forms import get_variant
    from ..outlines import NO_ANNEX, OutlineError, document_kind, new_draft
    from ..periods import YEAR_MAX, YEAR_MIN

    kind = KIND_ALIASES[args.kind]
    spec = document_kind(kind)
    period_type = (args.period or "").strip().lower() or spec.period_types[0]
    if period_type == "custom":
        period = _custom_period(args)
        if isinstance(period, str):
            err(period)
            return 2
    else:
        given = [name for name, value in (("--from", args.date_from), ("--to", args.date_to),
                                          ("--title", args.period_name)) if value is not None]
        if given:
            err(f"{', '.join(given)} chỉ dùng với kỳ đột xuất (--period custom); kỳ «{period_type}» "
                "lấy tên và ngày theo quy định. Bỏ các tùy chọn này hoặc chọn --period custom.")
            return 2
        if period_type not in spec.period_types:
            err(f"Kỳ «{period_type}» không dùng cho {spec.name.lower()}; chọn một trong: "
                f"{', '.join(spec.period_types)}, custom.")
            return 2
        if args.year is None:
            err("Cần ghi năm báo cáo: --year 2025.")
            return 2
        if not YEAR_MIN <= args.year <= YEAR_MAX:
            err(f"Năm {args.year} không hợp lệ (phần mềm nhận từ năm {YEAR_MIN} đến năm {YEAR_MAX}).")
            return 2
        period = Period(type=period_type, year=args.year)
    if args.variant and args.variant.strip().lower() != NO_ANNEX:
        try:
            get_variant(args.variant)
        except KeyError as exc:
            err(str(exc.args[0]) if exc.args else f"Không có mẫu biểu «{args.variant}».")
            return 2
    try:
        draft = new_draft(kind, period, variant=args.variant)
    except OutlineError as exc:
        err(str(exc))
        return 2
    try:
        # a draft already written is never replaced by an empty one without --force
        write_file(args.output, (draft.to_json() + "\n").encode("utf-8"),
                   overwrite=Overwrite.ALWAYS if args.force else Overwrite.NEVER)
    except OSError as exc:
        err(describe_write_error(args.output, exc))
        return 1
    sections = sum(1 for _ in draft.iter_sections())
    print(f"Đã tạo dự thảo «{fill_period_phrases(draft.meta.summary, draft.period)}» ({sections} mục"
          + (f", mẫu biểu {draft.variant}" if draft.variant else ", không kèm phụ lục biểu mẫu")
          + f") tại {args.output}.")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ..completeness import all_findings

    try:
        draft = read_draft(args.draft)
        findings = all_findings(draft, clerical=False)
    except CommandInputError as exc:
        err(str(exc))
        return 2
    except KeyError as exc:  # unknown variant
        err(str(exc.args[0]) if exc.args else str(exc))
        return 2
    errors = [f for f in findings if f.severity == "error"]
    if args.json:
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            label = "LỖI" if f.severity == "error" else "CẢNH BÁO"
            print(f"[{label}] {f.message}")
        warnings = len(findings) - len(errors)
        if findings:
            print(f"\nTổng cộng: {len(errors)} lỗi, {warnings} cảnh báo.")
        else:
            print("Không phát hiện lỗi hay cảnh báo nào.")
    return 1 if errors else 0
