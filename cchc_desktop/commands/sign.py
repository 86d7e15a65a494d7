"""Digital signature commands: sign (ký số with a PKCS#11 token), verify, trust-ca, tokens."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .common import err

PIN_ENV = "CCHC_PIN"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sign", help="ký số tệp PDF bằng thiết bị ký số (USB token)", add_help=False,
                       description="Ký số tệp PDF (PAdES) bằng USB token qua trình điều khiển PKCS#11 của nhà cung cấp "
                                   f"chữ ký số. Mã PIN được hỏi khi chạy (hoặc lấy từ biến môi trường {PIN_ENV} khi "
                                   "chạy tự động); không bao giờ được lưu. Tệp đã ký là một tệp mới bên cạnh tệp gốc.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("pdf", metavar="TỆP_PDF", help="tệp PDF cần ký")
    p.add_argument("--pkcs11-lib", required=True, metavar="THƯ_VIỆN",
                   help="trình điều khiển PKCS#11 của token (ví dụ C:\\Windows\\System32\\vnptca_p11_v8.dll)")
    p.add_argument("--token", default="", metavar="NHÃN", help="nhãn của token (bỏ trống khi chỉ cắm một token)")
    p.add_argument("--cert-label", metavar="NHÃN",
                   help="nhãn chứng thư số trong token (mặc định: chứng thư còn hạn đầu tiên)")
    p.add_argument("-o", "--output", metavar="TỆP", help="tệp PDF đã ký (mặc định: <tên>-da-ky.pdf bên cạnh tệp gốc)")
    p.add_argument("--tsa", metavar="ĐỊA_CHỈ",
                   help="máy chủ dấu thời gian (PAdES B-T); mặc định không dùng (B-B, không cần mạng)")
    p.add_argument("--reason", metavar="LÝ_DO", help="lý do ký ghi trong chữ ký")
    p.add_argument("--location", metavar="NƠI_KÝ", help="nơi ký ghi trong chữ ký")
    p.add_argument("--overwrite", action="store_true", help="cho phép ghi đè tệp đầu ra nếu đã có")
    p.add_argument("--signature-image", metavar="PNG",
                   help="ảnh chữ ký (PNG nền trong suốt), đặt giữa chức vụ và họ tên")
    p.add_argument("--seal-image", metavar="PNG",
                   help="ảnh con dấu (PNG đỏ, nền trong suốt), trùm 1/3 ảnh chữ ký bên trái")
    p.add_argument("--signer-name", metavar="HỌ_TÊN", help="họ tên người ký in trong văn bản (để tìm chỗ đặt ảnh)")
    p.add_argument("--seal-mm", type=float, default=36.0, metavar="MM",
                   help="đường kính thật của con dấu (mặc định 36)")
    p.add_argument("--signature-mm", type=float, default=40.0, metavar="MM", help="chiều rộng ảnh chữ ký (mặc định 40)")
    p.add_argument("--annex-of", metavar="SỐ_KÝ_HIỆU",
                   help="phụ lục là tệp riêng, văn thư ký: ghi số và ký hiệu văn bản (ví dụ 45/BC-UBND) và thời gian "
                        "ký ở góc trên bên phải trang 1")
    p.set_defaults(func=cmd_sign)

    p = sub.add_parser("stamp", help="đặt ảnh chữ ký, con dấu và ô chữ ký lên PDF (chưa ký)", add_help=False,
                       description="Đặt ảnh chữ ký (giữa chức vụ và họ tên người ký) và ảnh con dấu (kích thước "
                                   "thật, trùm 1/3 ảnh chữ ký bên trái) theo Nghị định 30/2020, cùng ô chữ ký số trống "
                                   "tại đó, để ký bằng phần mềm khác. Tệp gốc giữ nguyên.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("pdf", metavar="TỆP_PDF", help="tệp PDF của báo cáo")
    p.add_argument("-o", "--output", required=True, metavar="TỆP", help="tệp PDF mới có ảnh chữ ký")
    p.add_argument("--signature-image", metavar="PNG", help="ảnh chữ ký (PNG nền trong suốt)")
    p.add_argument("--seal-image", metavar="PNG", help="ảnh con dấu (PNG đỏ, nền trong suốt)")
    p.add_argument("--signer-name", metavar="HỌ_TÊN", help="họ tên người ký in trong văn bản")
    p.add_argument("--seal-mm", type=float, default=36.0, metavar="MM", help="đường kính thật của con dấu")
    p.add_argument("--signature-mm", type=float, default=40.0, metavar="MM", help="chiều rộng ảnh chữ ký")
    p.set_defaults(func=cmd_stamp)

    p = sub.add_parser("tokens", help="liệt kê token và chứng thư số (không cần mã PIN)", add_help=False,
                       description="Liệt kê các thiết bị ký số đang cắm và chứng thư số trong đó: người được cấp, "
                                   "tổ chức cấp, thời hạn. Không có --pkcs11-lib: in các trình điều khiển thường gặp.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("--pkcs11-lib", metavar="THƯ_VIỆN", help="trình điều khiển PKCS#11 của token")
    p.set_defaults(func=cmd_tokens)

    p = sub.add_parser("verify", help="kiểm tra chữ ký số của tệp PDF", add_help=False,
                       description="Kiểm tra chữ ký số trong tệp PDF: ai ký, lúc nào, văn bản có bị sửa sau khi ký "
                                   "không, chứng thư có thuộc CA bạn tin cậy không. Mã thoát: 0 mọi chữ ký hợp lệ, "
                                   "1 có điểm cần xem lại (hoặc không có chữ ký), 2 không đọc được tệp.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("pdf", metavar="TỆP_PDF", help="tệp PDF cần kiểm tra")
    p.add_argument("--ca", action="append", default=[], metavar="CHỨNG_THƯ",
                   help="thêm một chứng thư CA tin cậy chỉ cho lần kiểm tra này (có thể lặp lại)")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("trust-ca", help="danh sách chứng thư CA tin cậy: xem, thêm, xóa", add_help=False,
                       description="Các chứng thư gốc của tổ chức cung cấp chữ ký số (CA) mà bạn tin cậy, dùng khi "
                                   "kiểm tra chữ ký. Mặc định không tin CA nào.")
    p.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này")
    p.add_argument("--add", action="append", default=[], metavar="TỆP", help="thêm chứng thư (.cer, .crt, .pem)")
    p.add_argument("--remove", type=int, metavar="SỐ", help="xóa chứng thư số SỐ trong danh sách")
    p.set_defaults(func=cmd_trust_ca)


def _pin() -> str:
    pin = os.environ.get(PIN_ENV)
    if pin is not None:
        return pin
    import getpass

    if not sys.stdin or not sys.stdin.isatty():
        raise EOFError
    return getpass.getpass("Mã PIN của thiết bị ký số: ")


def _prepare() -> None:
    from ..signing.liblog import route_library_logs

    route_library_logs()


def cmd_sign(args: argparse.Namespace) -> int:
    from ..files import ReadRefusedError
    from ..files.read import check_regular
    from ..signing.errors import SigningError, SigningInputError
    from ..signing.sign import Images, SignRequest, sign_pdf, signed_path

    _prepare()
    src = Path(args.pdf)
    try:  # a folder, a device, a FIFO, a symlink loop: said as such, before the PIN is asked
        check_regular(src, "tệp PDF")
    except ReadRefusedError as exc:
        err(str(exc))
        return 2
    dst = Path(args.output) if args.output else signed_path(src)
    request = SignRequest(lib_path=args.pkcs11_lib, token_label=args.token, cert_label=args.cert_label,
                          tsa_url=args.tsa, reason=args.reason, location=args.location, annex_of=args.annex_of)
    images = None
    if args.signature_image or args.seal_image:
        from ..signing.appearance import check_sizes

        images = Images(Path(args.signature_image) if args.signature_image else None,
                        Path(args.seal_image) if args.seal_image else None, args.signer_name,
                        args.signature_mm, args.seal_mm)
        try:
            check_sizes(args.signature_mm, args.seal_mm)
        except SigningError as exc:
            err(str(exc))
            return 2
    try:  # a missing driver or token is said before the PIN is asked
        from ..signing.token import list_tokens

        labels = [t.label for t in list_tokens(args.pkcs11_lib)]
        if args.token and args.token not in labels:
            from ..signing.token import TOKEN_NOT_FOUND

            raise SigningError(TOKEN_NOT_FOUND.format(label=args.token, labels=", ".join(labels) or "(không có)"))
    except SigningError as exc:
        err(str(exc))
        return 1
    try:
        pin = _pin()
    except (EOFError, KeyboardInterrupt):
        err(f"Chưa có mã PIN: hãy chạy lệnh trong cửa sổ dòng lệnh để nhập, hoặc đặt biến môi trường {PIN_ENV}.")
        return 2
    try:
        result = sign_pdf(src, dst, request, pin, overwrite=args.overwrite, images=images)
    except SigningInputError as exc:
        err(str(exc))
        return 2
    except SigningError as exc:
        err(str(exc))
        return 1
    finally:
        pin = ""
    when = result.signed_at.isoformat()
    print(f"Đã ký «{src.name}» ({result.level}) bằng chứng thư của {result.cert.holder} "
          f"(cấp bởi {result.cert.issuer}) lúc {when}.")
    print(f"Tệp đã ký: {result.path}")
    return 0


def cmd_stamp(args: argparse.Namespace) -> int:
    from ..signing.appearance import apply_to_file
    from ..signing.errors import SigningError, SigningInputError
    from ..signing.pngimage import read_png

    _prepare()
    if not (args.signature_image or args.seal_image):
        err("Cần ít nhất một ảnh: --signature-image hoặc --seal-image.")
        return 2
    try:
        placement = apply_to_file(
            args.pdf, args.output, signature=read_png(args.signature_image) if args.signature_image else None,
            seal=read_png(args.seal_image) if args.seal_image else None, signer_name=args.signer_name,
            signature_width_mm=args.signature_mm, seal_diameter_mm=args.seal_mm)
    except SigningInputError as exc:
        err(str(exc))
        return 2
    except SigningError as exc:
        err(str(exc))
        return 1
    print(f"Đã đặt ảnh lên trang {placement.page + 1}; ô chữ ký số «ChuKySo» chờ ký. Tệp: {args.output}")
    return 0


def cmd_tokens(args: argparse.Namespace) -> int:
    from ..signing.errors import SigningError
    from ..signing.token import list_certificates, list_tokens, suggested_libraries

    _prepare()
    if not args.pkcs11_lib:
        print("Trình điều khiển ký số thường gặp (dấu * là có trên máy này):")
        for ca, path in suggested_libraries():
            print(f"  {'*' if Path(path).is_file() else ' '} {ca}: {path}")
        return 0
    try:
        tokens = list_tokens(args.pkcs11_lib)
        if not tokens:
            print("Không thấy thiết bị ký số nào đang cắm.")
            return 1
        for t in tokens:
            print(f"Token: {t.description}")
            for c in list_certificates(args.pkcs11_lib, t.label):
                print(f"  Chứng thư «{c.label}»: {c.description}")
    except SigningError as exc:
        err(str(exc))
        return 1
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..signing.errors import SigningError
    from ..signing.trust import trusted_certificates
    from ..signing.verify import format_result, verify_pdf

    _prepare()
    try:
        roots = trusted_certificates(extra=args.ca)
        result = verify_pdf(args.pdf, roots)
    except SigningError as exc:
        err(str(exc))
        return 2
    print(format_result(result))
    return 0 if result.all_ok else 1


def cmd_trust_ca(args: argparse.Namespace) -> int:
    from ..signing.errors import SigningError
    from ..signing.trust import (
        add_trusted_ca,
        remove_trusted_ca,
        trust_folder,
        trusted_cas,
    )

    try:
        for path in args.add:
            entry = add_trusted_ca(path)
            print(f"Đã thêm chứng thư CA tin cậy: {entry.description}")
        if args.remove is not None:
            entries = trusted_cas()
            if not 1 <= args.remove <= len(entries):
                err(f"Không có chứng thư số {args.remove} trong danh sách ({len(entries)} chứng thư).")
                return 2
            remove_trusted_ca(entries[args.remove - 1])
            print(f"Đã xóa: {entries[args.remove - 1].description}")
    except SigningError as exc:
        err(str(exc))
        return 1
    entries = trusted_cas()
    print(f"Chứng thư CA tin cậy ({len(entries)}), lưu ở {trust_folder()}:")
    for n, e in enumerate(entries, 1):
        print(f"  {n}. {e.description}")
    if not entries:
        print("  (chưa có: mặc định phần mềm không tin CA nào)")
    return 0
