"""The consolidate command: the communes' reports into one workbook (and the province's draft)."""
from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path

from .common import describe_write_error, err


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("consolidate", help="tổng hợp báo cáo của các xã thành một bảng tính", add_help=False,
                       description="Đọc các báo cáo các xã gửi lên (tệp Word, Excel, JSON do CCHC Desktop tạo ra, "
                                   "hoặc cả thư mục), tổng hợp từng biểu mẫu (mỗi xã một cột và cột tổng), kiểm tra "
                                   "số liệu từng xã, liệt kê xã chưa nộp, nộp muộn và tệp không được tính. Không sửa "
                                   "tệp nào trong thư mục đầu vào. Mã thoát: 0 đã ghi bảng tổng hợp, 1 không ghi "
                                   "được tệp, 2 không có báo cáo nào đọc được hoặc tham số sai.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("inputs", nargs="+", metavar="THƯ_MỤC_HOẶC_TỆP", help="thư mục chứa báo cáo các xã, hoặc các tệp")
    p.add_argument("-o", "--output", required=True, metavar="TỆP", help="bảng tổng hợp .xlsx sẽ tạo")
    p.add_argument("--communes", metavar="DANH_SÁCH", help="danh sách xã, phường phải nộp (.xlsx hoặc .csv, một xã "
                                                         "một dòng); mặc định: danh sách đã lưu trong phần mềm")
    p.add_argument("--deadline", metavar="NĂM-THÁNG-NGÀY", help="hạn nộp, ví dụ 2025-06-20: báo cáo ghi ngày sau hạn "
                                                               "là nộp muộn")
    p.add_argument("--draft", metavar="TỆP", help="tạo thêm dự thảo báo cáo của tỉnh (JSON) với phụ lục điền "
                                                  "từ số tổng hợp")
    p.add_argument("--province", metavar="CƠ_QUAN", help="cơ quan ban hành báo cáo của tỉnh, ví dụ «ỦY BAN NHÂN DÂN "
                                                         "TỈNH QUẢNG TRỊ» (mặc định: theo hồ sơ trong phần mềm)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp kết quả đã có (bảng tổng hợp, dự thảo)")
    p.add_argument("--choose", action="append", default=[], metavar="TỆP",
                   help="khi một xã gửi nhiều bản: tính bản này thay cho bản mới nhất (dùng được nhiều lần)")
    p.set_defaults(func=cmd_consolidate)


def _deadline(text: str | None) -> _dt.date | None:
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"Hạn nộp «{text}» không đúng dạng năm-tháng-ngày (ví dụ 2025-06-20).") from None


def _stored_list() -> tuple[list[str], object]:
    """The communes list and profile kept in the store, if there is a store already."""
    try:
        from .. import resources
        from ..store import DB_NAME, Store
        from ..store.communes import CommuneList

        if not (resources.data_dir() / DB_NAME).exists():
            return [], None
        with Store() as store:
            return CommuneList(store.db).names(), (store.load_profile() if store.has_profile() else None)
    except Exception:  # noqa: BLE001 - best-effort: no usable store: the command line says everything
        return [], None


def cmd_consolidate(args: argparse.Namespace) -> int:
    from ..consolidate import RosterError, province_draft, read_roster, write_workbook
    from ..consolidate.usecase import NothingToConsolidateError, run

    try:
        deadline = _deadline(args.deadline)
    except ValueError as exc:
        err(str(exc))
        return 2
    stored, profile = _stored_list()
    names = stored
    if args.communes:
        try:
            names = read_roster(args.communes)
        except RosterError as exc:
            err(str(exc))
            return 2
    try:
        result = run(args.inputs, names=names, deadline=deadline, choose=args.choose)
    except NothingToConsolidateError as exc:
        err(str(exc))
        return 2
    c, cons = result.collection, result.consolidation
    read = len(c.submissions) + len(c.skipped)
    print(f"Tổng hợp {cons.target.title}, mẫu biểu {cons.target.variant}: {len(cons.communes)} xã, phường "
          f"(đọc {read} tệp, {len(c.skipped)} tệp không tính).")
    for s in c.skipped:
        print(f"  Không tính «{s.name or '—'}»: {s.reason}.")
    for key, items in c.duplicates().items():
        counted = next(s for s in c.counted() if s.key == key)
        print(f"  {counted.commune}: nhận {len(items)} bản, tính «{counted.name}» (chọn bản khác bằng --choose).")
    if names:
        missing = [s.name for s in result.statuses if s.state == "missing"]
        late = [s.name for s in result.statuses if s.state == "late"]
        extra = [s.name for s in result.statuses if s.state == "extra"]
        print(f"Danh sách {len(names)} xã: {len(names) - len(missing)} đã nộp, {len(missing)} chưa nộp"
              + (f", {len(late)} nộp muộn" if deadline else "") + ".")
        if missing:
            print("  Chưa nộp: " + ", ".join(missing) + ".")
        if late:
            print("  Nộp muộn: " + ", ".join(late) + ".")
        if extra:
            print("  Không có trong danh sách: " + ", ".join(extra) + ".")
    with_errors = [s.commune for s in cons.communes if s.key in cons.error_keys()]
    if with_errors:
        print(f"Có lỗi số liệu ({len(with_errors)} xã, xem trang «Kiểm tra»): " + ", ".join(with_errors) + ".")
    flagged = cons.flagged()
    if flagged:
        print(f"{len(flagged)} số liệu khác xa các xã khác (ô tô vàng), nên xem lại.")
    from ..errors import CchcError
    from ..files import Overwrite, write_file

    out = Path(args.output)
    try:
        write_workbook(out, cons, c, result.statuses, deadline,
                       overwrite=Overwrite.ALWAYS if args.force else Overwrite.OURS)
    except OSError as exc:
        err(describe_write_error(out, exc))
        return 1
    except CchcError as exc:  # one of the reports named as output, or a file the app did not write
        err(f"{exc} " + ("Chọn tên khác, hoặc thêm --force để ghi đè." if "ghi đè" in str(exc) else ""))
        return 1
    print(f"Đã ghi bảng tổng hợp ra {out}.")
    if args.draft:
        draft = province_draft(cons, profile=profile, issuing_body=args.province or "")
        try:
            write_file(args.draft, (draft.to_json() + "\n").encode("utf-8"), inputs=[out, *args.inputs],
                       overwrite=Overwrite.ALWAYS if args.force else Overwrite.NEVER)
        except OSError as exc:
            err(describe_write_error(args.draft, exc))
            return 1
        except CchcError as exc:
            err(f"{exc} " + ("Chọn tên khác, hoặc thêm --force để ghi đè." if "ghi đè" in str(exc) else ""))
            return 1
        print(f"Đã tạo dự thảo báo cáo của {draft.meta.issuing_body_short or 'tỉnh'} tại {args.draft} "
              f"(phụ lục điền từ số tổng hợp; mở bằng lệnh import hoặc trong phần mềm để viết tiếp).")
    return 0
