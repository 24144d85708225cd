"""Small binary and script files the pages reference (images, a PDF, stylesheet, script stubs)."""
from __future__ import annotations

import struct
import zlib


def png(width: int = 1, height: int = 1, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid solid-colour PNG, built by hand so no image library is needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def pdf(title: str) -> bytes:
    """A minimal one-page PDF (enough for a link checker and a PDF viewer)."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


STYLE = b"""body{font-family:"Microsoft YaHei",SimSun,sans-serif;margin:0}
.header,.footer{background:#b5121b;color:#fff;padding:8px}.footer a{color:#fff}
.nav li{display:inline-block;margin:0 8px}.list li,.xxgk-list li{line-height:32px}
.fr{float:right}.position{padding:6px 0}.TRS_Editor p,#zoom p{text-indent:2em}
"""

JQUERY_STUB = (b"/* jQuery v1.12.4 (stub for the simulated site) */\n"
               b"window.jQuery = window.$ = function(){return {ready:function(f){f()},jpage:function(){}};};\n")
JPAGE_STUB = b"/* Hanweb jpage: renders the XML data island and pages through dataproxy.jsp */\n"
JIUCUO_JS = b"/* jiucuo widget: adds the \\u6211\\u4e3a\\u653f\\u5e9c\\u7f51\\u7ad9\\u627e\\u9519 button */\n"

PNG = "image/png"
PDF = "application/pdf"
CSS = "text/css"
JS = "application/javascript"
