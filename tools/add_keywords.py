"""One-off helper (kept for review): writes the narrative keywords into the two shipped variants.

Each row line of resources/forms/*.json is one JSON object; the keywords are added (or replaced)
on that line, keeping the file's one-row-a-line layout.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMON_F1 = {
    "1": ["văn bản chỉ đạo", "văn bản chỉ đạo, điều hành", "văn bản chỉ đạo điều hành"],
    "2": ["tỷ lệ hoàn thành kế hoạch", "hoàn thành kế hoạch cải cách hành chính", "hoàn thành kế hoạch cchc"],
    "2.1": ["nhiệm vụ đề ra trong kế hoạch", "số nhiệm vụ đề ra", "kế hoạch cchc đề ra",
            "kế hoạch cải cách hành chính đề ra"],
    "2.2": ["nhiệm vụ đã hoàn thành theo kế hoạch", "số nhiệm vụ đã hoàn thành", "đã hoàn thành theo kế hoạch"],
    "4.1": ["nhiệm vụ được giao", "được giao", "cấp trên giao"],
    "4.2": ["hoàn thành đúng hạn", "hoàn thành trước hạn", "hoàn thành đúng và trước hạn", "đúng hạn",
            "trước hạn"],
    "4.3": ["hoàn thành nhưng quá hạn", "hoàn thành quá hạn"],
    "4.4": ["quá hạn nhưng chưa hoàn thành", "quá hạn chưa hoàn thành", "chưa hoàn thành"],
}
F2 = {
    "2.1": ["kiểm tra vbqppl", "kiểm tra văn bản quy phạm pháp luật", "vbqppl đã kiểm tra",
            "văn bản quy phạm pháp luật đã kiểm tra"],
    "3.1": ["rà soát vbqppl", "rà soát văn bản quy phạm pháp luật", "vbqppl đã rà soát",
            "văn bản quy phạm pháp luật đã rà soát"],
}
F3_STATS = {
    "1.1": ["phương án đơn giản hóa", "đơn giản hóa"],
    "1.2": ["công bố mới"],
    "1.3": ["bãi bỏ, thay thế", "bãi bỏ", "thay thế"],
    "1.4": ["thuộc thẩm quyền giải quyết", "tổng số tthc", "tổng số thủ tục hành chính", "danh mục tthc"],
    "2.1": ["liên thông cùng cấp"],
    "2.2": ["liên thông giữa các cấp"],
    "2.3": ["không phụ thuộc vào địa giới hành chính", "không phụ thuộc địa giới hành chính"],
}
ON_TIME = ["giải quyết đúng hạn", "giải quyết đúng và trước hạn", "giải quyết trước và đúng hạn",
           "đúng và trước hạn", "trước và đúng hạn", "đúng hạn và trước hạn"]
SOLVED = ["hồ sơ đã giải quyết", "đã giải quyết xong", "tổng số hồ sơ đã giải quyết", "đã giải quyết"]
PAKN_RATE = ["giải quyết phản ánh, kiến nghị", "giải quyết phản ánh kiến nghị", "tỷ lệ giải quyết pakn"]
PAKN_IN = ["tiếp nhận phản ánh, kiến nghị", "tiếp nhận phản ánh kiến nghị", "phản ánh, kiến nghị về quy định",
           "pakn đã tiếp nhận"]
PAKN_DONE = ["đã giải quyết xong", "đã giải quyết"]
RECEIVED = ["tổng số hồ sơ tthc đã tiếp nhận", "tổng số hồ sơ đã tiếp nhận", "hồ sơ tthc đã tiếp nhận"]
ONLINE = ["tiếp nhận trực tuyến", "hồ sơ trực tuyến", "hồ sơ tiếp nhận trực tuyến"]
PAY = ["thanh toán trực tuyến"]
PAY_TOTAL = ["nghĩa vụ tài chính"]
PUBLISHED = ["tích hợp, công khai trên cổng", "công khai trên cổng dịch vụ công", "công khai trên cổng dvc"]

KEYWORDS = {
    "A-2024": {
        1: {**COMMON_F1,
            "3.1": ["đợt kiểm tra", "số đợt kiểm tra", "cuộc kiểm tra", "kiểm tra, giám sát"],
            "3.2": ["tỷ lệ xử lý các vấn đề", "xử lý các vấn đề phát hiện"],
            "3.2.1": ["vấn đề phát hiện qua kiểm tra", "phát hiện qua kiểm tra", "số vấn đề phát hiện"],
            "3.2.2": ["vấn đề đã xử lý", "đã xử lý xong", "đã khắc phục"],
            "5.1": ["phiếu khảo sát", "phiếu đánh giá", "khảo sát"],
            "6.1": ["trang thông tin điện tử", "cổng thông tin điện tử"],
            "6.2": ["đăng trên báo", "báo tỉnh", "tạp chí"],
            "6.3": ["đài phát thanh", "đài truyền thanh", "bản tin", "phóng sự"]},
        2: {"1": ["ban hành vbqppl", "ban hành văn bản quy phạm pháp luật", "vbqppl do địa phương ban hành"],
            "1.1": ["ban hành vbqppl", "ban hành văn bản quy phạm pháp luật", "vbqppl do cấp xã ban hành"], **F2},
        3: {**F3_STATS, "1.4.1": ["tthc cấp xã", "cấp xã"],
            "3.1": ON_TIME, "3.1.1": SOLVED, "3.1.2": ON_TIME,
            "4": PAKN_RATE, "4.1": PAKN_IN, "4.2": PAKN_DONE},
        5: {"1.1": ["cán bộ đạt chuẩn"], "1.2": ["công chức đạt chuẩn"],
            "3": ["tham dự các lớp đào tạo", "tham gia các lớp đào tạo", "tham gia đầy đủ các lớp"],
            "4.1": ["cập nhật đầy đủ thông tin cán bộ", "hệ thống thông tin cán bộ, công chức"]},
        6: {"5": ["kiến nghị sau thanh tra", "kiến nghị sau kiểm tra, thanh tra"],
            "6": ["tăng giảm thu ngân sách", "tăng, giảm thu ngân sách", "thu ngân sách tăng", "thu ngân sách giảm"]},
        7: {"1": ["báo cáo định kỳ được gửi", "hệ thống thông tin báo cáo"],
            "3.1": ["sử dụng văn bản điện tử", "văn bản điện tử"],
            "5.1": ["đủ điều kiện cung cấp trực tuyến một phần"],
            "5.1.1": ["đủ điều kiện cung cấp trực tuyến một phần"],
            "5.1.2": ["dvc tt một phần", "dịch vụ công trực tuyến một phần", "trực tuyến một phần"],
            "5.1.3": ["dvc tt một phần phát sinh hồ sơ", "một phần có phát sinh hồ sơ", "một phần phát sinh hồ sơ"],
            "5.2": ["đủ điều kiện cung cấp trực tuyến toàn trình"],
            "5.2.1": ["đủ điều kiện cung cấp trực tuyến toàn trình"],
            "5.2.2": ["dvc tt toàn trình", "dịch vụ công trực tuyến toàn trình", "trực tuyến toàn trình"],
            "5.2.3": ["dvc tt toàn trình phát sinh hồ sơ", "toàn trình có phát sinh hồ sơ",
                      "toàn trình phát sinh hồ sơ"],
            "5.3": PUBLISHED, "5.3.2": PUBLISHED,
            "5.4": ONLINE, "5.4.1": RECEIVED, "5.4.2": ONLINE,
            "5.5": PAY, "5.5.1": PAY_TOTAL, "5.5.2": PAY},
    },
    "B-2023": {
        1: {**COMMON_F1,
            "3.1": ["tổ chức đã kiểm tra", "số tổ chức được kiểm tra"],
            "3.2": ["cá nhân đã kiểm tra", "số cá nhân được kiểm tra"],
            "3.3": ["tỷ lệ xử lý các vấn đề", "xử lý các vấn đề phát hiện"],
            "3.3.1": ["vấn đề phát hiện qua kiểm tra", "phát hiện qua kiểm tra", "số vấn đề phát hiện"],
            "3.3.2": ["vấn đề đã xử lý", "đã xử lý xong", "đã khắc phục"],
            "5.1": ["phiếu khảo sát", "khảo sát"]},
        2: {"1": ["ban hành vbqppl", "ban hành văn bản quy phạm pháp luật", "vbqppl do địa phương ban hành"],
            "1.2": ["ban hành vbqppl", "ban hành văn bản quy phạm pháp luật", "vbqppl do cấp xã ban hành"], **F2},
        3: {**F3_STATS, "1.4.1": ["tthc cấp tỉnh", "cấp tỉnh"], "1.4.2": ["tthc cấp huyện", "cấp huyện"],
            "1.4.3": ["tthc cấp xã", "cấp xã"],
            "3.3": ON_TIME, "3.3.1": SOLVED, "3.3.2": ON_TIME,
            "3.4": PAKN_RATE, "3.4.1": PAKN_IN, "3.4.2": PAKN_DONE},
        4: {"2.1": ["biên chế được giao", "biên chế giao", "tổng số biên chế giao"],
            "2.2": ["biên chế có mặt"],
            "2.3": ["hợp đồng lao động", "lao động hợp đồng"],
            "2.4": ["biên chế đã tinh giản", "biên chế tinh giản"],
            "3.1": ["người làm việc được giao", "số làm việc được giao"],
            "3.2": ["người làm việc có mặt"],
            "3.3": ["người tinh giản", "người đã tinh giản"]},
        5: {"3.1": ["lãnh đạo cấp xã bị kỷ luật", "lãnh đạo bị kỷ luật"],
            "3.2": ["công chức cấp xã bị kỷ luật", "công chức bị kỷ luật"]},
        6: {"1.1": ["kế hoạch vốn được giao", "vốn được giao", "kế hoạch vốn"],
            "1.2": ["đã giải ngân", "giải ngân được"]},
        7: {"3": ["báo cáo định kỳ được gửi", "hệ thống thông tin báo cáo"],
            "5.2.1": ["sử dụng văn bản điện tử", "văn bản điện tử"],
            "6.4": ["mức độ 3"], "6.4.1": ["đủ điều kiện cung cấp trực tuyến mức độ 3"],
            "6.4.2": ["mức độ 3"], "6.4.3": ["mức độ 3 có phát sinh hồ sơ", "mức độ 3 phát sinh hồ sơ"],
            "6.5": ["mức độ 4"], "6.5.1": ["đủ điều kiện cung cấp trực tuyến mức độ 4"],
            "6.5.2": ["mức độ 4"], "6.5.3": ["mức độ 4 có phát sinh hồ sơ", "mức độ 4 phát sinh hồ sơ"],
            "6.6": PUBLISHED, "6.6.2": PUBLISHED,
            "6.7": ONLINE + ["hồ sơ nộp mức độ 3, 4", "hồ sơ nộp mức độ 3 và 4"], "6.7.1": RECEIVED,
            "6.7.2": ONLINE, "6.8": PAY, "6.8.1": PAY_TOTAL, "6.8.2": PAY},
    },
}


def main() -> int:
    for vid, forms in KEYWORDS.items():
        path = ROOT / "resources" / "forms" / f"{vid}.json"
        lines = path.read_text(encoding="utf-8").split("\n")
        form = None
        for i, line in enumerate(lines):
            m = re.search(r'"number":\s*(\d+)', line)
            if m:
                form = int(m.group(1))
            m = re.match(r'^(\s*)(\{"code".*\})(,?)\s*$', line)
            if not m or form is None:
                continue
            row = json.loads(m.group(2))
            words = forms.get(form, {}).get(row["code"])
            if not words:
                continue
            keep = ["giải ngân"] if "giải ngân" in row.get("narrative_keywords", []) else []
            row["narrative_keywords"] = keep + [w for w in words if w not in keep]
            lines[i] = m.group(1) + json.dumps(row, ensure_ascii=False).replace('", "', '", "') + m.group(3)
        path.write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
