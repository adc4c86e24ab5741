"""Sign-up, sign-in, email confirmation, password reset, profile and account deletion."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from ..core.forms import submit
from ..core.htmx import redirect_after_post, render_page_or_partial, respond, safe_next
from ..core.permissions import require
from ..core.services import ServiceError
from ..extensions import db, limiter
from . import bp, services
from .forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from .permissions import can_delete_account

LOGIN_THROTTLED = _l(
    "Bạn đã đăng nhập sai quá nhiều lần. Để bảo vệ tài khoản, vui lòng đợi 15 phút rồi thử lại, "
    "hoặc đặt lại mật khẩu."
)


def _login_account_key() -> str:
    email = (request.form.get("email") or "").strip().lower()[:320]
    return f"login-account:{email or '-'}"


def _login_failed(response) -> bool:
    return response.status_code == 422


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    user = submit(form, lambda: services.register(request.form))
    if user:
        login_user(user)
        return respond(redirect=url_for("accounts.profile"), flash=_("Đăng ký thành công. Chúng tôi đã gửi thư xác nhận đến địa chỉ email của bạn."))
    return render_page_or_partial(
        "accounts/register.html", "accounts/_register_form.html", form.status, form=form
    )


@bp.route("/confirm/<token>")
def confirm_email(token: str):
    try:
        user = services.confirm_email(token)
        db.session.commit()
    except services.TokenError as error:
        db.session.rollback()
        return render_template("accounts/link_problem.html", message=error.message), error.status
    flash(_("Đã xác nhận địa chỉ email. Cảm ơn bạn!"), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("accounts.profile"))
    return redirect(url_for("accounts.login"))


@bp.route("/confirm/resend", methods=["POST"])
@login_required
@limiter.limit("5 per hour", key_func=lambda: f"confirm-resend:{current_user.id}")
def resend_confirmation():
    if not current_user.email_confirmed:
        services.send_confirmation(current_user)
        db.session.commit()
        flash(_("Đã gửi lại thư xác nhận. Vui lòng kiểm tra hộp thư của bạn."), "success")
    return redirect_after_post(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_login_failed,
    error_message=lambda: str(LOGIN_THROTTLED),
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_login_failed,
    error_message=lambda: str(LOGIN_THROTTLED),
)
def login():
    next_url = safe_next(request.values.get("next"), url_for("main.home"))
    if current_user.is_authenticated:
        # Say who is signed in (and offer /me and signing out) rather than a form that would
        # not be used, or a redirect that leaves the person wondering which account this is.
        return render_page_or_partial("accounts/login.html", "accounts/_signed_in.html", 200,
                                      form=None, next_url=next_url if next_url != url_for("main.home") else None)
    form = LoginForm(next=next_url)
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.rollback()
            form.add_error(ServiceError(_l("Email hoặc mật khẩu không đúng.")))
        else:
            db.session.commit()
            login_user(user, remember=bool(form.remember.data))
            return respond(redirect=next_url, flash=_("Bạn đã đăng nhập với tài khoản %(name)s (%(email)s).", name=user.public_name, email=user.email))
    return render_page_or_partial(
        "accounts/login.html", "accounts/_login_form.html", form.status, form=form
    )


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method == "POST":
        logout_user()
        return respond(redirect=url_for("main.home"), flash=_("Bạn đã đăng xuất."))
    if not current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return render_template("accounts/logout.html")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if submit(form, lambda: services.request_password_reset(form.email.data)):
        return render_template("accounts/forgot_sent.html")
    return render_template("accounts/forgot.html", form=form), form.status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except services.TokenError as error:
        return render_template("accounts/link_problem.html", message=error.message), error.status
    form = ResetPasswordForm()
    if submit(form, lambda: services.reset_password(token, form.password.data)):
        logout_user()
        return respond(redirect=url_for("accounts.login"), flash=_("Đã đặt mật khẩu mới. Vui lòng đăng nhập."))
    return render_template("accounts/reset.html", form=form), form.status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if submit(form, lambda: services.update_profile(current_user, request.form)):
        return respond(redirect=url_for("accounts.profile"), flash=_("Đã lưu thông tin tài khoản."))
    return render_template("accounts/profile.html", form=form), form.status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if submit(form, lambda: services.change_password(user, form.current_password.data, form.new_password.data)):
        # The session salt changed: sign in again on this device, others are signed out.
        login_user(user)
        return respond(redirect=url_for("accounts.profile"), flash=_("Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất."))
    return render_template("accounts/change_password.html", form=form), form.status


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    decision = can_delete_account(current_user)
    form = DeleteAccountForm()
    if request.method == "POST":
        require(decision)
    user = current_user._get_current_object()
    if submit(form, lambda: services.delete_account(user, form.password.data)):
        logout_user()
        return respond(redirect=url_for("main.home"), flash=_("Tài khoản của bạn đã được xoá. Những ý kiến bạn đã gửi vẫn được giữ, hiển thị là “Tài khoản đã xoá”."))
    return render_template("accounts/delete.html", form=form, decision=decision), form.status
