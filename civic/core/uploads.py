"""Uploaded files: the type is decided from the content, never from the name.

Accepted: PDF, DOCX, XLSX and PNG/JPEG/GIF/WebP images, at most 20 MB each. SVG is refused (it
can carry scripts), and so are macro-enabled Office files and ZIP bombs. The name a person gave
the file is kept for display (Vietnamese letters included) but cleaned, and its extension is
made to match the detected type.
"""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import quote

from flask_babel import lazy_gettext as _l

from .services import ServiceError

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Declared uncompressed size of all members of a DOCX/XLSX together; more is treated as a bomb.
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
# The stored name's column size. A longer name is refused with a message, never shortened:
# the name is how people tell their files apart.
MAX_FILENAME_LENGTH = 200
DEFAULT_STEM = "tep-dinh-kem"


@dataclass(frozen=True)
class FileKind:
    key: str  # "pdf" | "docx" | "xlsx" | "png" | "jpeg" | "gif" | "webp"
    mime: str
    extension: str  # with the dot: ".pdf", ".jpg", ...
    inline: bool  # may be shown in the browser (PDF, images); Office files are always downloaded


PDF = FileKind("pdf", "application/pdf", ".pdf", True)
_OOXML = "application/vnd.openxmlformats-officedocument"
DOCX = FileKind("docx", f"{_OOXML}.wordprocessingml.document", ".docx", False)
XLSX = FileKind("xlsx", f"{_OOXML}.spreadsheetml.sheet", ".xlsx", False)
PNG = FileKind("png", "image/png", ".png", True)
JPEG = FileKind("jpeg", "image/jpeg", ".jpg", True)
GIF = FileKind("gif", "image/gif", ".gif", True)
WEBP = FileKind("webp", "image/webp", ".webp", True)

KINDS: dict[str, FileKind] = {kind.key: kind for kind in (PDF, DOCX, XLSX, PNG, JPEG, GIF, WEBP)}
# Extensions a person may already have used for a kind; they are kept rather than replaced.
_EXTENSION_ALIASES = {"jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"}}
# For <input type="file" accept="...">; only a hint to the browser, the server checks content.
ACCEPT_ATTRIBUTE = ",".join(
    sorted({kind.extension for kind in KINDS.values()} | {".jpeg"})
    + [kind.mime for kind in KINDS.values()]
)

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CONTENT_TYPES = "[Content_Types].xml"
_MAX_CONTENT_TYPES_BYTES = 1024 * 1024

_NOT_ACCEPTED = _l(
    "Loại tệp không được chấp nhận. Chỉ nhận PDF, DOCX, XLSX và ảnh PNG, JPEG, GIF, WebP."
)
_BROKEN_OFFICE = _l("Tệp DOCX/XLSX bị hỏng hoặc không hợp lệ.")


class UploadError(ServiceError):
    """An uploaded file that is refused; `.message` is a lazy Vietnamese message."""

    def __init__(self, message, status: int = 422):
        super().__init__(message, field=None, status=status)


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    kind: str      # a KINDS key
    data: bytes

    def fields(self) -> dict:
        """The StoredFileMixin columns."""
        return {"filename": self.filename, "kind": self.kind, "size": len(self.data), "sha256": sha256_hex(self.data)}


def read_upload(upload, field: str) -> CheckedFile | None:
    """A form's chosen file, checked from its content; None when no file was chosen. A refused
    file is a ServiceError on `field`."""
    if upload is None or not getattr(upload, "filename", ""):
        return None
    data = upload.read()
    try:
        kind, filename = check_upload(upload.filename, data)
    except UploadError as exc:
        raise ServiceError(exc.message, field) from exc
    return CheckedFile(filename=filename, kind=kind.key, data=data)


# --- detection -------------------------------------------------------------------------------


def detect_kind(data: bytes) -> FileKind | None:
    """The accepted kind of `data` judged from its bytes and structure, or None."""
    try:
        return _inspect(data)
    except UploadError:
        return None


def _inspect(data: bytes) -> FileKind:
    """As detect_kind, but raise UploadError saying why a file is refused."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(_PNG_SIGNATURE) and data[12:16] == b"IHDR":
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if len(data) >= 16 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return _inspect_office(data)
    raise UploadError(_NOT_ACCEPTED)


def _inspect_office(data: bytes) -> FileKind:
    """DOCX or XLSX: an Office Open XML package without macros and of a sane unpacked size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise UploadError(_BROKEN_OFFICE)
            if sum(member.file_size for member in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
                raise UploadError(_BROKEN_OFFICE)
            names = {member.filename for member in members}
            if _CONTENT_TYPES not in names:
                raise UploadError(_NOT_ACCEPTED)
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise UploadError(_NOT_ACCEPTED)
            is_docx = "word/document.xml" in names
            is_xlsx = "xl/workbook.xml" in names
            if is_docx == is_xlsx:  # neither, or a confusing mixture of both
                raise UploadError(_NOT_ACCEPTED)
            content_types = archive.getinfo(_CONTENT_TYPES)
            if content_types.file_size > _MAX_CONTENT_TYPES_BYTES:
                raise UploadError(_BROKEN_OFFICE)
            with archive.open(content_types) as handle:
                declared = handle.read(_MAX_CONTENT_TYPES_BYTES + 1)
    except UploadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError, zlib.error):
        raise UploadError(_BROKEN_OFFICE) from None
    if b"macroenabled" in declared.lower():  # .docm/.xlsm content types
        raise UploadError(_NOT_ACCEPTED)
    return DOCX if is_docx else XLSX


# --- the whole check -------------------------------------------------------------------------


def check_upload(
    filename: str | None, data: bytes, *, max_bytes: int = MAX_ATTACHMENT_BYTES
) -> tuple[FileKind, str]:
    """Refuse empty, too large or unaccepted files; return the kind and a safe display name."""
    if not isinstance(data, bytes):
        data = bytes(data)
    if not data:
        raise UploadError(_l("Tệp trống."))
    if len(data) > max_bytes:
        raise UploadError(
            _l("Tệp quá lớn: tối đa %(mb)s MB mỗi tệp.", mb=_megabytes(max_bytes)), status=413
        )
    kind = _inspect(data)
    name = display_filename(filename, kind)
    if len(name) > MAX_FILENAME_LENGTH:
        raise UploadError(
            _l("Tên tệp dài %(n)s ký tự, quá mức tối đa %(max)s ký tự. Hãy đặt tên tệp ngắn hơn rồi tải lên lại.",
               n=len(name), max=MAX_FILENAME_LENGTH)
        )
    return kind, name


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


# --- names -----------------------------------------------------------------------------------

_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
# Control, format (bidi overrides such as U+202E that fake an extension), surrogate, private use.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co"}
_EXTENSION = re.compile(r"[A-Za-z][A-Za-z0-9]{0,9}")


def clean_filename(filename: str | None) -> str:
    """NFC, last path part only, no control or reserved characters, whitespace collapsed."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(
        " " if ch.isspace() else ch
        for ch in name
        if ch.isspace() or unicodedata.category(ch) not in _DROPPED_CATEGORIES
    )
    name = _FORBIDDEN.sub("", name)
    return " ".join(name.split())


def display_filename(filename: str | None, kind: FileKind) -> str:
    """The name to show and offer for download: cleaned, with the extension of the detected
    kind (a PNG uploaded as "ảnh.pdf" becomes "ảnh.png"). Never shortened: `check_upload`
    refuses a name longer than MAX_FILENAME_LENGTH."""
    name = clean_filename(filename)
    stem, dot, extension = name.rpartition(".")
    if not dot or not _EXTENSION.fullmatch(extension):
        stem, extension = name, ""
    extension = f".{extension}".lower() if extension else ""
    if extension not in _EXTENSION_ALIASES.get(kind.key, {kind.extension}):
        extension = kind.extension
    stem = _trim_stem(stem)
    return (stem or DEFAULT_STEM) + extension


def _trim_stem(stem: str) -> str:
    # Trailing dots and spaces upset Windows; leading ones hide the file on Unix.
    return stem.strip(" .")


def ascii_filename(filename: str) -> str:
    """A plain-ASCII stand-in: đ→d, accents removed, other non-ASCII letters become "_",
    quotes, backslashes and control characters removed."""
    name = clean_filename(filename).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", name)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = "".join(ch if " " <= ch < "\x7f" else "_" for ch in folded)
    folded = " ".join(folded.replace('"', "").replace("\\", "").split())
    stem, dot, extension = folded.rpartition(".")
    if dot and not _trim_stem(stem):
        return DEFAULT_STEM + "." + extension
    return folded or DEFAULT_STEM


def content_disposition(kind: FileKind, filename: str) -> str:
    """A Content-Disposition header value: inline for PDF and images, attachment otherwise,
    with an ASCII `filename` fallback and the exact UTF-8 name in `filename*` (RFC 5987/6266)."""
    disposition = "inline" if kind.inline else "attachment"
    exact = clean_filename(filename) or DEFAULT_STEM + kind.extension
    encoded = quote(exact, safe="!#$&+-.^_`|~")
    return f"{disposition}; filename=\"{ascii_filename(exact)}\"; filename*=UTF-8''{encoded}"


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of the content, e.g. to find a file uploaded twice."""
    return hashlib.sha256(data).hexdigest()


def file_response(kind_key: str, filename: str, data: bytes, *, public: bool):
    """Serve a stored upload: its checked type, Content-Disposition (inline only for PDF and
    images), nosniff, and a sandbox policy so a PDF's scripts cannot reach the site. A file
    everyone may see is cached for a day by anyone; one only some people may see (a draft's,
    an unpublished idea's) is `private, no-store`: no shared cache keeps it, no browser either."""
    from flask import Response

    kind = KINDS[kind_key]
    response = Response(data, mimetype=kind.mime)
    response.headers["Content-Disposition"] = content_disposition(kind, filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response
