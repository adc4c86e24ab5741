"""CSV downloads, made the same way everywhere: UTF-8 with a byte-order mark (spreadsheet
programs then read Vietnamese correctly), CRLF line ends, and text cells that a spreadsheet
would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) prefixed with an
apostrophe — what people write is never executed on an official's machine."""
from __future__ import annotations

import csv
import io
from typing import Iterable

from flask import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def csv_response(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
