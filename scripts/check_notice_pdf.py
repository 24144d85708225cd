"""Render a notice DOCX to PDF with LibreOffice, and its pages to PNG, for a person to look at.

    .venv/bin/python scripts/check_notice_pdf.py [NOTICE.docx] [--out DIR]

Without a DOCX it first writes the sample notice the tests use (November 2026: sites that pass
and fail, accounts, an unfinished inspection, a previous notice, real screenshots of a page
served on 127.0.0.1). It then checks what a machine can check (the PDF exists, one page at
least per part, the key sentences are in its text, which fonts stood in for 仿宋 and
方正小标宋简体) and prints where the page images are, so that the layout can be looked at.

Needs LibreOffice (``soffice``); ``pdftoppm``, ``pdftotext`` and ``pdffonts`` (poppler-utils)
are used when present. Exit status 1 when a check fails or LibreOffice is missing: this is
the step the test suite cannot run on machines without LibreOffice, so it never passes
silently.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXPECTED_TEXT = ("关于2026年11月政府网站和政务新媒体检查情况的通报", "合格率50%", "问题网站名单",
                 "问题政务新媒体名单", "未完成检查名单")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", nargs="?", type=Path, help="通报 DOCX；省略时先生成测试用的样例通报")
    parser.add_argument("--out", type=Path, default=None, help="PDF 和页面图片的目录")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="notice-pdf-"))
    out.mkdir(parents=True, exist_ok=True)

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("失败：没有找到 LibreOffice（soffice），无法把通报转换为 PDF。"
              "请安装 libreoffice-writer 后再运行。", file=sys.stderr)
        return 1
    docx = args.docx or write_sample(out)
    failures: list[str] = []

    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, timeout=180, capture_output=True)
    pdf = out / (docx.stem + ".pdf")
    if not pdf.exists():
        print(f"失败：LibreOffice 没有生成 {pdf}", file=sys.stderr)
        return 1
    print(f"PDF：{pdf}")

    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        pages = text.count("\f") or 1
        print(f"页数：{pages}")
        if args.docx is None:
            failures += [f"PDF 文字中没有“{t}”" for t in EXPECTED_TEXT if t not in text.replace(" ", "")]
            if pages < 4:
                failures.append(f"样例通报应至少4页（正文和3个附件），实际{pages}页")
    else:
        print("提示：没有 pdftotext，未检查 PDF 文字。")

    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                               text=True).stdout
        print("PDF 使用的字体（应有中文字体代替仿宋、方正小标宋简体，而不只是 DejaVu）：")
        print(fonts)

    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "page")], check=True)
        images = sorted(out.glob("page*.png"))
        print("页面图片（请逐页查看版式、表格和截图）：")
        for image in images:
            print(f"  {image}")
    else:
        print("提示：没有 pdftoppm，未生成页面图片；请直接打开 PDF 查看。")

    for failure in failures:
        print(f"失败：{failure}", file=sys.stderr)
    return 1 if failures else 0


def write_sample(out: Path) -> Path:
    """The tests' November 2026 notice, screenshots included."""
    import socket

    from govpatrol.notices.files import write_notice
    from tests.notice.conftest import PERIOD, ProblemPages, new_database, seed_period

    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), ProblemPages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        db = new_database(out)
        seed_period(db, f"http://127.0.0.1:{server.server_address[1]}", dead)
        paths = write_notice(db, *PERIOD, out / "notice", issuer="某某市人民政府办公室")
        db.dispose()
    finally:
        server.shutdown()
        server.server_close()
    print(f"样例通报：{paths['docx']}")
    return paths["docx"]


if __name__ == "__main__":
    sys.exit(main())
