"""What can be answered. Each feature registers an adapter; answers never import them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db

SUBJECTS: dict[str, "AnswerSubject"] = {}


@dataclass(frozen=True)
class AnswerSubject:
    type: str
    load: Callable[[int], Any]            # id -> object or None
    is_public: Callable[[Any], bool]      # may the public see it (and its answer)?
    agency: Callable[[Any], Any]          # the agency that answers it
    author_id: Callable[[Any], int]       # the account that may rate the answer
    url: Callable[[Any], str]             # where it is shown
    title: Callable[[Any], str] = lambda subject: ""   # what the answer is about (search results)
    touch: Callable[[Any], None] = lambda subject: None   # something visible about it changed (a cached page)
    model: type | None = None             # search: a change to these rows' `search_watch`
    search_watch: tuple[str, ...] = ()    # attributes re-indexes their answers
    # The answer pages: the text being answered, the way back, where the answer is shown.
    quote: Callable[[Any], str] = lambda subject: getattr(subject, "body", "")
    back_label: Any = _l("Quay lại ý kiến")
    shown_where: Any = _l("Câu trả lời được đăng công khai dưới ý kiến, với tên cơ quan và người ký.")
    # Lists of what is owed (the staff queue): what kind of thing it is, how it is named (its
    # title, or its text, which the list shortens for display), and how many are loaded at once
    # — ids -> {id: object}, in a fixed number of queries with what `url` and `title` read.
    kind_label: Any = _l("ý kiến góp ý")  # lower case, as in a sentence; lists capitalise it
    excerpt: Callable[[Any], str] = lambda subject: getattr(subject, "body", "")
    load_many: Callable[[list[int]], dict] | None = None

    def load_all(self, ids) -> dict:
        """{id: object} for these ids: `load_many`, or one query on `model`."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        if self.load_many is not None:
            return self.load_many(ids)
        if self.model is None:
            return {i: obj for i in ids if (obj := self.load(i)) is not None}
        return {obj.id: obj for obj in db.session.scalars(select(self.model).where(self.model.id.in_(ids))).unique()}


def register(subject: AnswerSubject) -> None:
    SUBJECTS[subject.type] = subject


def get(subject_type: str) -> AnswerSubject:
    return SUBJECTS[subject_type]
