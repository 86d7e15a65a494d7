"""Sharing commands: export-xlsx, send, outbox."""
from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import Overwrite, write_file
from .common import CommandInputError, describe_write_error, err, read_draft

if TYPE_CHECKING:
    from ..mail import MailAccount, OutboxEntry

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export-xlsx", help="xuất phụ lục biểu mẫu ra tệp Excel", add_help=False,
                       description="Xuất bảy biểu mẫu phụ lục ra bảng tính Excel (một trang tính mỗi biểu, "
                                   "kèm trang bìa) để in hoặc gửi đồng nghiệp điền số liệu.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("draft", metavar="DỰ_THẢO", help="tệp dự thảo JSON")
    p.add_argument("-o", "--output", metavar="TỆP",
                   help="tệp .xlsx sẽ tạo (mặc định: tên chuẩn trong thư mục hiện tại)")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả bảng tính đã bị sửa (ví dụ đồng nghiệp đã điền) hoặc không do phần mềm ghi ra")
    p.set_defaults(func=cmd_export_xlsx)

    p = sub.add_parser("send", help="gửi báo cáo qua thư điện tử (qua hộp thư đi)", add_help=False,
                       description="Soạn thư kèm tệp báo cáo, đưa vào hộp thư đi và gửi. Không gửi được (mất mạng) "
                                   "thì thư nằm lại trong hộp thư đi; chạy «outbox --send» để gửi lại.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("draft", metavar="DỰ_THẢO", help="tệp dự thảo JSON")
    p.add_argument("--to", metavar="ĐỊA_CHỈ",
                   help="địa chỉ người nhận (nhiều địa chỉ cách nhau bằng dấu phẩy); mặc định: địa chỉ "
                        "cấp trên trong hồ sơ")
    p.add_argument("--docx", metavar="TỆP", help="tệp DOCX đã có để đính kèm (mặc định: tạo mới từ dự thảo)")
    p.add_argument("--attach-xlsx", action="store_true", help="đính kèm bảng tính phụ lục")
    p.add_argument("--attach-pdf", action="store_true", help="đính kèm bản PDF")
    p.add_argument("--outdir", default=".", metavar="THƯ_MỤC",
                   help="thư mục ghi các tệp đính kèm (mặc định: thư mục hiện tại)")
    p.add_argument("--subject", metavar="TIÊU_ĐỀ", help="tiêu đề thư (mặc định: theo loại, kỳ và đơn vị)")
    p.add_argument("--body", metavar="NỘI_DUNG", help="nội dung thư")
    p.add_argument("--smtp-host", metavar="MÁY_CHỦ", help="máy chủ gửi thư (mặc định: theo hồ sơ)")
    p.add_argument("--smtp-port", type=int, metavar="CỔNG", help="cổng máy chủ gửi thư (mặc định: theo hồ sơ)")
    p.add_argument("--security", choices=("ssl", "starttls", "none"), help="kiểu mã hóa kết nối (mặc định: theo hồ sơ)")
    p.add_argument("--user", metavar="TÊN", help="tên đăng nhập hộp thư")
    p.add_argument("--sender", metavar="ĐỊA_CHỈ", help="địa chỉ người gửi")
    p.add_argument("--password-env", metavar="BIẾN", help="lấy mật khẩu từ biến môi trường này (mặc định: kho mật "
                                                           "khẩu của hệ điều hành)")
    p.add_argument("--queue-only", action="store_true", help="chỉ đưa vào hộp thư đi, chưa gửi")
    p.add_argument("--force", action="store_true",
                   help="ghi đè cả tệp đính kèm cùng tên đã bị sửa hoặc không do phần mềm ghi ra trong --outdir")
    p.set_defaults(func=cmd_send)

    p = sub.add_parser("outbox", help="xem hộp thư đi, gửi lại thư chưa đi", add_help=False,
                       description="Liệt kê thư đã gửi, đang chờ và gửi không được (kèm lý do).")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("--retry", type=int, metavar="SỐ", help="đưa thư số SỐ (đã thất bại) vào hàng chờ gửi lại")
    p.add_argument("--send", action="store_true", help="gửi mọi thư đang chờ")
    # the same server options as «send»: a message queued with them can be sent again with them
    p.add_argument("--smtp-host", metavar="MÁY_CHỦ", help="máy chủ gửi thư (mặc định: theo hồ sơ)")
    p.add_argument("--smtp-port", type=int, metavar="CỔNG", help="cổng máy chủ gửi thư (mặc định: theo hồ sơ)")
    p.add_argument("--security", choices=("ssl", "starttls", "none"),
                   help="kiểu mã hóa kết nối (mặc định: theo hồ sơ)")
    p.add_argument("--user", metavar="TÊN", help="tên đăng nhập hộp thư")
    p.add_argument("--sender", metavar="ĐỊA_CHỈ", help="địa chỉ người gửi")
    p.add_argument("--password-env", metavar="BIẾN", help="lấy mật khẩu từ biến môi trường này (mặc định: kho mật "
                                                           "khẩu của hệ điều hành)")
    p.set_defaults(func=cmd_outbox)


def _policy(args: argparse.Namespace) -> Overwrite:
    return Overwrite.ALWAYS if getattr(args, "force", False) else Overwrite.OURS


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from ..forms import UnknownVariantError
    from ..usecases import export_xlsx, output_path
    from ..xlsx_export import XlsxExportError

    try:
        draft = read_draft(args.draft)
    except CommandInputError as exc:
        err(str(exc))
        return 2
    out = Path(args.output) if args.output else output_path(draft, ".", "xlsx")
    try:
        export_xlsx(draft, out, inputs=[args.draft], overwrite=_policy(args))
    except (XlsxExportError, UnknownVariantError) as exc:
        err(str(exc))
        return 2
    except OSError as exc:
        err(describe_write_error(out, exc))
        return 1
    print(f"Đã xuất phụ lục ra {out}.")
    return 0


def _account(args: argparse.Namespace) -> tuple[MailAccount, str, str]:
    """The mail account (profile, then the command line's options), the upper level's address and name."""
    from ..mail import MailAccount

    mail: dict[str, Any] = {}
    upper_email, upper_name = "", ""
    try:
        from ..store import Store

        with Store() as store:
            profile = store.load_profile()
        mail, upper_email, upper_name = profile.mail, profile.upper_level_email, profile.upper_level_name
    except Exception:  # no store yet: the command line must say everything
        log.debug("no profile to take the mail account from", exc_info=True)
    account = MailAccount.from_mapping(mail)
    for attr, name in (("smtp_host", "smtp_host"), ("smtp_port", "smtp_port"), ("security", "security"),
                       ("username", "user"), ("sender", "sender")):
        value = getattr(args, name, None)
        if value not in (None, ""):
            setattr(account, attr, value)
    return account, upper_email, upper_name


def _password(args: argparse.Namespace) -> str | None:
    if getattr(args, "password_env", None):
        return os.environ.get(args.password_env, "")
    return None


def _print_entry(e: OutboxEntry) -> None:
    when = e.sent_at or e.created
    print(f"#{e.id}  {e.state_label:<24} {when}  đến {', '.join(e.recipients)}")
    print(f"      {e.subject}")
    if e.attachments:
        print(f"      Đính kèm: {', '.join(e.attachments)}")
    if e.last_error:
        print(f"      Lý do: {e.last_error}")


def cmd_send(args: argparse.Namespace) -> int:
    from ..mail.compose import invalid_addresses, split_addresses
    from ..usecases import send_report

    try:
        draft = read_draft(args.draft)
    except CommandInputError as exc:
        err(str(exc))
        return 2
    account, upper_email, upper_name = _account(args)
    to = split_addresses(args.to or upper_email)
    if not to:
        err("Chưa có địa chỉ người nhận: dùng --to hoặc nhập địa chỉ cấp trên trong Hồ sơ của xã.")
        return 2
    bad = invalid_addresses(to)
    if bad:
        err(f"Địa chỉ thư không hợp lệ: {', '.join(bad)}.")
        return 2
    problems = account.problems()
    if problems:
        err(" ".join(problems))
        return 2
    try:
        result = send_report(draft, to=to, account=account, folder=args.outdir, subject=args.subject,
                             body=args.body, xlsx=args.attach_xlsx, pdf=args.attach_pdf, existing_docx=args.docx,
                             upper_level_name=upper_name, password=_password(args), queue_only=args.queue_only,
                             inputs=[args.draft], overwrite=_policy(args))
    except OSError as exc:
        err(describe_write_error(args.outdir, exc))
        return 1
    print(f"Đã đưa thư #{result.entry_id} vào hộp thư đi: «{result.subject}», "
          f"đính kèm {', '.join(p.name for p in result.outputs.files())}.")
    if args.queue_only or result.entry is None:
        return 0
    _print_entry(result.entry)
    return 0 if result.sent else 1


def cmd_outbox(args: argparse.Namespace) -> int:
    from ..mail import Outbox
    from ..mail.outbox import OutboxError

    try:
        box = Outbox()
    except OutboxError as exc:
        err(str(exc))
        return 2
    if args.retry is not None and not 1 <= args.retry < 2**63:
        err(f"Không có thư #{args.retry} trong hộp thư đi (xem số thư bằng lệnh outbox).")
        return 1
    if args.retry is not None:
        if not box.retry(args.retry):
            try:
                entry = box.get(args.retry)
            except KeyError:
                err(f"Không có thư #{args.retry} trong hộp thư đi (xem số thư bằng lệnh outbox).")
                return 1
            err(f"Thư #{args.retry} đang ở trạng thái «{entry.state_label}», không phải «gửi không được»; "
                "chỉ gửi lại được thư đã gửi không được.")
            return 1
        print(f"Thư #{args.retry} sẽ được gửi lại.")
    if args.send or args.retry is not None:
        account, _, _ = _account(args)
        for e in box.process(account, password=_password(args)):
            _print_entry(e)
    entries = box.entries()
    if not entries:
        print("Hộp thư đi trống.")
    for e in entries:
        _print_entry(e)
    return 1 if any(e.state == "failed" for e in entries) else 0


# ----- helpers called from commands/document.py (render --pdf, import X.xlsx) ---------------------
def pdf_after_render(docx_path: str | Path, *, force: bool = False) -> int:
    """``render ... --pdf``: the PDF beside the DOCX, same name. Exit 0, or 1 with the reason."""
    from ..pdf import PdfError
    from ..usecases import export_pdf

    docx_path = Path(docx_path)
    target = docx_path.with_suffix(".pdf")
    try:
        export_pdf(docx_path, target, overwrite=Overwrite.ALWAYS if force else Overwrite.OURS)
    except PdfError as exc:
        err(str(exc))
        return 1
    print(f"Đã chuyển sang PDF: {target}.")
    return 0


def import_xlsx_command(args: argparse.Namespace) -> int:
    """``import PHULUC.xlsx --into DRAFT.json [-o NEW.json]``: show the changes and findings; write
    NEW.json only with -o. Exit 2 for an unreadable workbook or one of another variant/period."""
    from ..forms import UnknownVariantError
    from ..xlsx_import import XlsxImportError, plan_import

    if not getattr(args, "into", None):
        err("Cần chỉ dự thảo nhận số liệu: import PHULUC.xlsx --into DUTHAO.json -o DUTHAO-MOI.json")
        return 2
    try:
        draft = read_draft(args.into)
        plan = plan_import(draft, args.source)
    except CommandInputError as exc:
        err(str(exc))
        return 2
    except (XlsxImportError, UnknownVariantError) as exc:
        err(f"Không nhập được «{Path(args.source).name}»: {exc}")
        return 2
    if plan.changes:
        print(f"Sẽ thay đổi {len(plan.changes)} ô:")
        for c in plan.changes:
            print(f"  Biểu mẫu {c.form}, dòng {c.code} ({c.field_label}): «{c.old or 'trống'}» -> «{c.new or 'trống'}»")
    else:
        print("Bảng tính không có số liệu nào khác với dự thảo.")
    if plan.findings:
        print("\nKết quả kiểm tra sau khi nhập:")
        for f in plan.findings:
            print(f"  [{'LỖI' if f.severity == 'error' else 'CẢNH BÁO'}] {f.message}")
    if not args.output:
        print("\n(Chưa ghi gì: thêm -o DUTHAO-MOI.json để ghi dự thảo đã nhập số liệu.)")
        return 0
    out = Path(args.output)
    try:
        write_file(out, (plan.draft.to_json() + "\n").encode("utf-8"), inputs=[args.source, args.into],
                   overwrite=Overwrite.ALWAYS if getattr(args, "force", False) else Overwrite.NEVER)
    except OSError as exc:
        err(describe_write_error(out, exc))
        return 1
    print(f"\nĐã ghi dự thảo với số liệu từ bảng tính vào {out}.")
    return 0
