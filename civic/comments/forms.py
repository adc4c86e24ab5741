from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField

from ..core.forms import Form


class CommentForm(Form):
    body = TextAreaField(_l("Ý kiến của bạn"))
    section_id = SelectField(_l("Góp ý cho"), validate_choice=False)
    parent_id = StringField()


class EditCommentForm(Form):
    body = TextAreaField(_l("Nội dung ý kiến"))
