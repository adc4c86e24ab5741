from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, StringField

from ..core.forms import Form, choices


class RegisterForm(Form):
    account_type = RadioField(
        _l("Bạn đăng ký với tư cách"),
        choices=choices([("citizen", _l("Người dân")), ("business", _l("Doanh nghiệp"))]),
        default="citizen",
        validate_choice=False,
    )
    display_name = StringField(_l("Tên hiển thị"))
    email = EmailField(_l("Email"))
    password = PasswordField(_l("Mật khẩu"))
    organisation_name = StringField(_l("Tên doanh nghiệp"))
    tax_code = StringField(_l("Mã số thuế"))


class LoginForm(Form):
    email = EmailField(_l("Email"))
    password = PasswordField(_l("Mật khẩu"))
    remember = BooleanField(_l("Ghi nhớ đăng nhập trên thiết bị này"))
    next = HiddenField()


class ForgotPasswordForm(Form):
    email = EmailField(_l("Email đã đăng ký"))


class ResetPasswordForm(Form):
    password = PasswordField(_l("Mật khẩu mới"))


class ProfileForm(Form):
    display_name = StringField(_l("Tên hiển thị"))
    organisation_name = StringField(_l("Tên doanh nghiệp"))
    tax_code = StringField(_l("Mã số thuế"))


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Mật khẩu hiện tại"))
    new_password = PasswordField(_l("Mật khẩu mới"))


class DeleteAccountForm(Form):
    password = PasswordField(_l("Nhập mật khẩu để xác nhận"))
