"""Uploaded files are judged by their content; names are cleaned but keep Vietnamese letters."""
from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib

import pytest
from flask import Flask
from flask_babel import Babel

from civic.core.services import ServiceError
from civic.core.uploads import (
    MAX_ATTACHMENT_BYTES,
    FileKind,
    UploadError,
    check_upload,
    content_disposition,
    detect_kind,
    sha256_hex,
)

MB = 1024 * 1024


# --- building real files ---------------------------------------------------------------------


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def tiny_png() -> bytes:
    """A valid 1×1 red RGB PNG."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")  # filter byte, then one RGB pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def tiny_pdf() -> bytes:
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64) + b"\xff\xd9"


def gif_bytes(version: bytes = b"89a") -> bytes:
    return b"GIF" + version + b"\x01\x00\x01\x00\x80\x00\x00" + bytes(32) + b";"


def webp_bytes() -> bytes:
    body = b"WEBPVP8L" + struct.pack("<I", 10) + bytes(10)
    return b"RIFF" + struct.pack("<I", len(body)) + body


CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
CONTENT_TYPES_XLSX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
CONTENT_TYPES_DOCM = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{target}"/></Relationships>'
)


def make_zip(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(**extra: str | bytes) -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES_DOCX,
            "_rels/.rels": RELS.format(target="word/document.xml"),
            "word/document.xml": (
                '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
                'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                "Dự thảo</w:t></w:r></w:p></w:body></w:document>"
            ),
            **extra,
        }
    )


def xlsx_bytes() -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES_XLSX,
            "_rels/.rels": RELS.format(target="xl/workbook.xml"),
            "xl/workbook.xml": (
                '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
                'openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Trang 1" '
                'sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships"/></sheets></workbook>'
            ),
            "xl/worksheets/sheet1.xml": "<worksheet/>",
        }
    )


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size that the central directory declares for one member."""
    raw = bytearray(data)
    position = 0
    while True:
        position = raw.index(b"PK\x01\x02", position)
        name_length = struct.unpack_from("<H", raw, position + 28)[0]
        name = bytes(raw[position + 46 : position + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", raw, position + 24, size)
            return bytes(raw)
        position += 46


def vi_app() -> Flask:
    app = Flask(__name__)
    app.config["BABEL_DEFAULT_LOCALE"] = "vi"
    Babel(app)
    return app


def refusal(filename: str | None, data: bytes, **kwargs) -> UploadError:
    with pytest.raises(UploadError) as caught:
        check_upload(filename, data, **kwargs)
    return caught.value


def text_of(error: UploadError) -> str:
    with vi_app().test_request_context():
        return str(error.message)


NOT_ACCEPTED = "Loại tệp không được chấp nhận. Chỉ nhận PDF, DOCX, XLSX và ảnh PNG, JPEG, GIF, WebP."
BROKEN_OFFICE = "Tệp DOCX/XLSX bị hỏng hoặc không hợp lệ."


# --- accepted kinds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "key", "mime", "extension", "inline"),
    [
        (tiny_pdf, "pdf", "application/pdf", ".pdf", True),
        (tiny_png, "png", "image/png", ".png", True),
        (jpeg_bytes, "jpeg", "image/jpeg", ".jpg", True),
        (gif_bytes, "gif", "image/gif", ".gif", True),
        (webp_bytes, "webp", "image/webp", ".webp", True),
        (
            docx_bytes,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            False,
        ),
        (
            xlsx_bytes,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            False,
        ),
    ],
)
def test_each_accepted_kind_is_recognised_from_its_bytes(build, key, mime, extension, inline):
    data = build()
    kind = detect_kind(data)
    assert kind == FileKind(key, mime, extension, inline)
    # The name given plays no part in the decision.
    assert check_upload("không có đuôi", data)[0] == kind
    assert check_upload("tệp.exe", data)[0] == kind


def test_gif87a_and_a_pdf_with_trailing_garbage_are_accepted():
    assert detect_kind(gif_bytes(b"87a")).key == "gif"
    assert detect_kind(tiny_pdf() + b"\x00garbage after %%EOF" * 10).key == "pdf"


def test_file_kinds_are_frozen():
    kind = detect_kind(tiny_pdf())
    with pytest.raises(AttributeError):
        kind.inline = False


def test_a_file_of_exactly_the_limit_is_accepted():
    data = tiny_pdf()
    data += b"\n" * (MAX_ATTACHMENT_BYTES - len(data))
    assert check_upload("dự thảo.pdf", data) == (detect_kind(tiny_pdf()), "dự thảo.pdf")


# --- refusals --------------------------------------------------------------------------------


def test_upload_errors_are_service_errors_with_a_lazy_message():
    error = refusal("a.pdf", b"")
    assert isinstance(error, ServiceError)
    assert error.status == 422
    assert text_of(error) == "Tệp trống."


def test_an_empty_file_is_refused():
    assert text_of(refusal("rỗng.pdf", b"")) == "Tệp trống."
    assert detect_kind(b"") is None


def test_a_file_over_20_mb_is_refused_before_looking_at_it():
    data = tiny_pdf()
    data += b"\n" * (MAX_ATTACHMENT_BYTES + 1 - len(data))
    error = refusal("lớn.pdf", data)
    assert error.status == 413
    assert text_of(error) == "Tệp quá lớn: tối đa 20 MB mỗi tệp."


def test_the_limit_can_be_lowered_and_the_message_follows():
    assert text_of(refusal("a.pdf", tiny_pdf(), max_bytes=100)) == "Tệp quá lớn: tối đa 0,0 MB mỗi tệp."
    big = tiny_pdf() + bytes(5 * MB)
    assert text_of(refusal("a.pdf", big, max_bytes=5 * MB)) == "Tệp quá lớn: tối đa 5 MB mỗi tệp."
    assert check_upload("a.pdf", tiny_pdf(), max_bytes=len(tiny_pdf()))[0].key == "pdf"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("trang.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("trang.pdf", b"  \n<html><body>%PDF-1.4</body></html>"),
        (
            "ảnh.png",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
        ),
        ("ảnh.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120) + b"This program cannot be run"),
        ("x.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("x.pdf", b"plain text that merely mentions %PDF-1.7"),
        ("x.png", b"\x89PNG\r\n\x1a\n"),  # a signature alone, no IHDR
        ("x.webp", b"RIFF\x10\x00\x00\x00WAVEfmt "),  # RIFF, but audio
        ("x.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)),  # old binary Office (OLE)
        ("x.docx", b"PK\x05\x06" + bytes(18)),  # an empty zip
    ],
)
def test_content_that_is_not_an_accepted_kind_is_refused(name, data):
    assert detect_kind(data) is None
    assert text_of(refusal(name, data)) == NOT_ACCEPTED


def test_a_zip_of_random_members_is_refused():
    data = make_zip({"readme.txt": "xin chào", "bin/tool.exe": b"MZ" + bytes(50)})
    assert detect_kind(data) is None
    assert text_of(refusal("bao-cao.docx", data)) == NOT_ACCEPTED


def test_a_zip_with_content_types_but_no_main_part_is_refused():
    data = make_zip({"[Content_Types].xml": CONTENT_TYPES_DOCX, "word/styles.xml": "<styles/>"})
    assert detect_kind(data) is None


def test_a_zip_with_a_main_part_but_no_content_types_is_refused():
    data = make_zip({"word/document.xml": "<w:document/>"})
    assert detect_kind(data) is None


def test_a_package_claiming_to_be_both_docx_and_xlsx_is_refused():
    data = docx_bytes(**{"xl/workbook.xml": "<workbook/>"})
    assert detect_kind(data) is None


@pytest.mark.parametrize("macro", ["word/vbaProject.bin", "xl/vbaProject.bin", "Word/VBAPROJECT.BIN"])
def test_macro_enabled_office_files_are_refused(macro):
    data = docx_bytes(**{macro: b"\xd0\xcf\x11\xe0" + bytes(64)})
    assert detect_kind(data) is None
    assert text_of(refusal("biểu mẫu.docx", data)) == NOT_ACCEPTED


def test_a_docm_declared_by_its_content_types_is_refused_even_without_vba_part():
    data = make_zip(
        {"[Content_Types].xml": CONTENT_TYPES_DOCM, "word/document.xml": "<w:document/>"}
    )
    assert detect_kind(data) is None


def test_a_zip_declaring_300_mb_uncompressed_is_refused():
    data = with_declared_size(docx_bytes(), "word/document.xml", 300 * MB)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 300 * MB
    assert detect_kind(data) is None
    assert text_of(refusal("bom.docx", data)) == BROKEN_OFFICE


def test_a_real_zip_bomb_spread_over_members_is_refused():
    """Three members of 70 MB of zeros: each alone is fine, together they pass 200 MB."""
    buffer = io.BytesIO()
    chunk = bytes(MB)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XLSX)
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(1, 4):
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as member:
                for _ in range(70):
                    member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 2 * MB
    assert detect_kind(data) is None
    assert text_of(refusal("bảng.xlsx", data)) == BROKEN_OFFICE


def test_a_package_just_under_the_unpacked_limit_is_accepted():
    data = with_declared_size(docx_bytes(), "word/document.xml", 190 * MB)
    # Only the declared sizes are summed; nothing is unpacked except [Content_Types].xml.
    assert detect_kind(data).key == "docx"


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"not really a zip" * 10,
        docx_bytes()[:200],  # truncated: no central directory
    ],
)
def test_a_broken_zip_is_refused_as_a_broken_office_file(data):
    assert detect_kind(data) is None
    assert text_of(refusal("hỏng.docx", data)) == BROKEN_OFFICE


def test_a_corrupted_content_types_member_is_refused():
    data = bytearray(docx_bytes())
    # Flip bytes inside the first member's compressed data ([Content_Types].xml comes first).
    name_length, extra_length = struct.unpack_from("<HH", data, 26)
    start = 30 + name_length + extra_length
    for offset in range(start + 5, start + 25):
        data[offset] ^= 0xFF
    assert detect_kind(bytes(data)) is None


# --- names -----------------------------------------------------------------------------------


def name_for(filename, data=None):
    return check_upload(filename, data if data is not None else tiny_pdf())[1]


def test_vietnamese_names_are_kept():
    assert name_for("Dự thảo Luật Đất đai (sửa đổi) – lần 2.pdf") == (
        "Dự thảo Luật Đất đai (sửa đổi) – lần 2.pdf"
    )
    assert name_for("Góp ý của Nguyễn Thị Hằng.docx", docx_bytes()) == "Góp ý của Nguyễn Thị Hằng.docx"


def test_names_are_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Báo cáo tổng hợp ý kiến.pdf")
    assert decomposed != "Báo cáo tổng hợp ý kiến.pdf"
    result = name_for(decomposed)
    assert result == "Báo cáo tổng hợp ý kiến.pdf"
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\báo cáo.pdf", "báo cáo.pdf"),
        ("/var/tmp/../dự thảo.pdf", "dự thảo.pdf"),
        ("..\\..\\windows\\system32\\a.pdf", "a.pdf"),
        ("thư mục/", "tep-dinh-kem.pdf"),
    ],
)
def test_path_parts_are_removed(given, expected):
    assert name_for(given) == expected


def test_windows_path_to_a_docx_keeps_the_vietnamese_name():
    assert name_for("C:\\Users\\x\\báo cáo.docx", docx_bytes()) == "báo cáo.docx"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("<script>.pdf", "script.pdf"),
        ('a<b>c:d"e|f?g*h.pdf', "abcdefgh.pdf"),
        ("tab\there\nnew\rline\x00nul\x7fdel.pdf", "tab here new linenuldel.pdf"),
        ("   nhiều    khoảng   trắng   .pdf", "nhiều khoảng trắng.pdf"),
        ("hoá\u202efdp.exe", "hoáfdp.pdf"),  # right-to-left override used to fake an extension
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
        ("...ẩn.pdf", "ẩn.pdf"),
        ("cuối câu....pdf", "cuối câu.pdf"),
    ],
)
def test_dangerous_and_invisible_characters_are_removed(given, expected):
    assert name_for(given) == expected


@pytest.mark.parametrize("given", [None, "", "   ", ".pdf", "<>:?*.pdf", "\x00\x01", "/", "..", "\\"])
def test_a_name_that_cleans_to_nothing_gets_a_default(given):
    assert name_for(given) == "tep-dinh-kem.pdf"
    assert name_for(given, tiny_png()) == "tep-dinh-kem.png"


def test_long_names_are_refused_never_cut():
    """A name is how people tell their files apart: one longer than the stored column is
    refused with a message, never shortened (it used to be cut to 120 characters)."""
    assert name_for("ư" * 196 + ".pdf") == "ư" * 196 + ".pdf"  # 200: the most that is kept
    long = "Tờ trình " * 40 + ".docx"
    assert name_for(long.replace("Tờ trình " * 40, "Tờ trình " * 15), docx_bytes()) == ("Tờ trình " * 15).strip() + ".docx"
    for given, build in (("ư" * 300 + ".pdf", None), (long, docx_bytes), ("a" * 300, None)):
        with pytest.raises(UploadError, match="Tên tệp dài .* quá mức tối đa 200 ký tự"):
            name_for(given, build() if build else None)


@pytest.mark.parametrize(
    ("given", "build", "expected"),
    [
        ("ảnh.pdf", tiny_png, "ảnh.png"),
        ("bảng.docx", xlsx_bytes, "bảng.xlsx"),
        ("văn bản.xlsx", docx_bytes, "văn bản.docx"),
        ("hồ sơ.exe", tiny_pdf, "hồ sơ.pdf"),
        ("không đuôi", tiny_pdf, "không đuôi.pdf"),
        ("phiên bản 1.2", tiny_pdf, "phiên bản 1.2.pdf"),  # ".2" is not an extension
        ("ảnh.jpeg", jpeg_bytes, "ảnh.jpeg"),  # usual spellings of JPEG are kept
        ("ảnh.JPG", jpeg_bytes, "ảnh.jpg"),
        ("ảnh.png", jpeg_bytes, "ảnh.jpg"),
        ("Báo Cáo.PDF", tiny_pdf, "Báo Cáo.pdf"),
        ("động.gif", gif_bytes, "động.gif"),
        ("ảnh.webp", webp_bytes, "ảnh.webp"),
    ],
)
def test_the_extension_follows_the_content(given, build, expected):
    assert name_for(given, build()) == expected


# --- headers and hashes ----------------------------------------------------------------------


def test_content_disposition_for_an_inline_pdf():
    kind = detect_kind(tiny_pdf())
    assert content_disposition(kind, "Dự thảo Luật Đất đai.pdf") == (
        "inline; filename=\"Du thao Luat Dat dai.pdf\"; "
        "filename*=UTF-8''D%E1%BB%B1%20th%E1%BA%A3o%20Lu%E1%BA%ADt%20%C4%90%E1%BA%A5t%20%C4%91ai.pdf"
    )


def test_content_disposition_for_an_attached_docx():
    kind = detect_kind(docx_bytes())
    assert content_disposition(kind, "Góp ý số 1.docx") == (
        "attachment; filename=\"Gop y so 1.docx\"; "
        "filename*=UTF-8''G%C3%B3p%20%C3%BD%20s%E1%BB%91%201.docx"
    )


def test_content_disposition_of_images_is_inline_and_of_xlsx_is_attachment():
    assert content_disposition(detect_kind(tiny_png()), "a.png").startswith("inline;")
    assert content_disposition(detect_kind(xlsx_bytes()), "a.xlsx").startswith("attachment;")


def test_content_disposition_cannot_be_broken_by_the_name():
    kind = detect_kind(tiny_pdf())
    header = content_disposition(kind, 'a"; filename="evil.html\r\nSet-Cookie: x=1\\.pdf')
    assert "\r" not in header and "\n" not in header
    fallback = header.split("; ")[1]
    assert fallback.count('"') == 2 and "\\" not in fallback
    assert header.count("filename=") == 1


def test_content_disposition_folds_nfd_and_non_latin_names():
    kind = detect_kind(tiny_pdf())
    header = content_disposition(kind, unicodedata.normalize("NFD", "Đường.pdf"))
    assert header == "inline; filename=\"Duong.pdf\"; filename*=UTF-8''%C4%90%C6%B0%E1%BB%9Dng.pdf"
    header = content_disposition(kind, "文件.pdf")
    assert header == "inline; filename=\"__.pdf\"; filename*=UTF-8''%E6%96%87%E4%BB%B6.pdf"
    assert content_disposition(kind, "").startswith('inline; filename="tep-dinh-kem.pdf"')


def test_sha256_hex():
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
