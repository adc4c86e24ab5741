"""Error pages in the person's language, as a full page or an htmx fragment."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db
from .htmx import is_htmx

log = logging.getLogger("civic.errors")

TITLES = {
    400: _l("Yêu cầu không hợp lệ"),
    401: _l("Cần đăng nhập"),
    403: _l("Không có quyền truy cập"),
    404: _l("Không tìm thấy trang"),
    405: _l("Thao tác không được hỗ trợ"),
    410: _l("Không còn hiệu lực"),
    413: _l("Dữ liệu gửi lên quá lớn"),
    422: _l("Dữ liệu chưa hợp lệ"),
    429: _l("Quá nhiều yêu cầu"),
    500: _l("Lỗi hệ thống"),
}
MESSAGES = {
    400: _l("Yêu cầu gửi lên không hợp lệ. Vui lòng quay lại và thử lại."),
    401: _l("Vui lòng đăng nhập để tiếp tục."),
    403: _l("Bạn không có quyền thực hiện thao tác này."),
    404: _l("Trang bạn tìm không tồn tại hoặc đã được chuyển đi."),
    405: _l("Trang này không hỗ trợ thao tác bạn vừa gửi."),
    410: _l("Nội dung này không còn hiệu lực."),
    413: _l("Nội dung hoặc tệp gửi lên vượt quá dung lượng cho phép. Vui lòng rút gọn rồi gửi lại."),
    422: _l("Dữ liệu gửi lên chưa hợp lệ. Vui lòng kiểm tra lại."),
    429: _l("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng đợi ít phút rồi thử lại."),
    500: _l("Đã có lỗi xảy ra phía chúng tôi. Sự cố đã được ghi lại; vui lòng thử lại sau."),
}
CSRF_MESSAGE = _l(
    "Phiên làm việc của biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ. "
    "Vui lòng tải lại trang và gửi lại."
)


def render_error(code: int, message: str | None = None):
    code = code if code in TITLES else (500 if code >= 500 else 400)
    if request.path.startswith("/api/"):
        # Open-data clients read JSON, errors included.
        return jsonify(error=str(TITLES[code]), message=str(message or MESSAGES[code]), status=code), code
    template = "errors/_error.html" if is_htmx() else "errors/error.html"
    return (
        render_template(
            template, code=code, title=TITLES[code], message=message or MESSAGES[code]
        ),
        code,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, str(CSRF_MESSAGE))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if isinstance(error, InternalServerError):
            return _server_error(error)
        # A description we set ourselves (abort(403, description=reason)) is shown; Werkzeug's
        # English defaults are replaced by our translated message.
        default = type(error).description
        message = error.description if error.description != default else None
        if isinstance(error, RateLimitExceeded) and not error.limit.error_message:
            message = None
        response_code = error.code
        rendered, _ = render_error(response_code, message)
        response = app.make_response((rendered, response_code))
        if response_code == 429:
            response.headers["Retry-After"] = "900"
        return response

    @app.errorhandler(InternalServerError)
    def _server_error(error):
        # Flask hands unhandled exceptions here (unless they propagate, as in tests).
        original = getattr(error, "original_exception", None)
        if original is not None:
            log.error("unhandled error", exc_info=original)
        db.session.rollback()
        return render_error(500)
