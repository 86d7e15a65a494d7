"""Make docs/render/quang-khai-p13-ky-so.png: the example report exported as PDF/A, signed with a
SoftHSM2 token (made here, test CA) with the signature and seal images, its signing page rendered.

    QT_QPA_PLATFORM=offscreen python tools/render_signed.py [--out docs/render]

Also writes the verification report of the signed file next to the PNG's name on stdout. Needs
LibreOffice, SoftHSM2 and poppler (pdftoppm); the images are drawn by tests/signing/images.py.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "render"))
    args = parser.parse_args(argv)
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - the image helpers paint text
    from cchc_desktop.draft import Draft
    from cchc_desktop.pdf import convert_to_pdf
    from cchc_desktop.render import render_docx
    from cchc_desktop.signing.sign import Images, SignRequest, sign_pdf
    from cchc_desktop.signing.verify import format_result, verify_pdf
    from tests.signing.images import make_seal_png, make_signature_png
    from tests.signing.softhsm import TokenSpec, make_ca, make_tokens

    with tempfile.TemporaryDirectory(prefix="cchc-render-signed-") as tmp_name:
        tmp = Path(tmp_name)
        draft = Draft.from_json((ROOT / "examples" / "quang-khai-6t-2023.json").read_text(encoding="utf-8"))
        pdf = convert_to_pdf(render_docx(draft, tmp / "bao-cao.docx").path, tmp / "bao-cao.pdf")
        ca = make_ca()
        token = make_tokens(tmp / "hsm", ca, [TokenSpec("CHU TICH", holder=draft.signer.name)])["CHU TICH"]
        images = Images(make_signature_png(tmp / "chu-ky.png"), make_seal_png(tmp / "con-dau.png"), draft.signer.name)
        result = sign_pdf(pdf, tmp / "bao-cao-da-ky.pdf", SignRequest(token.lib, token.label), token.pin, images=images)
        report = verify_pdf(result.path, [ca.cert])
        print(format_result(report))
        import pypdf

        from cchc_desktop.signing.appearance import find_place

        page = find_place(pypdf.PdfReader(str(result.path)), draft.signer.name).page + 1
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                        str(result.path), str(tmp / "page")], check=True, timeout=120)
        target = out / f"quang-khai-p{page:02d}-ky-so.png"
        shutil.copyfile(tmp / "page.png", target)
        print(f"wrote {target}")
        print(subprocess.run(["pdfsig", str(result.path)], capture_output=True, text=True, check=False).stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
