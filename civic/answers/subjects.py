"""What can be answered. Each feature registers an adapter; answers never import them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask_babel import lazy_gettext as _l

SUBJECTS: dict[str, "AnswerSubject"] = {}


@dataclass(frozen=True)
class AnswerSubject:
    type: str
    load: Callable[[int], Any]            # id -> object or None
    is_public: Callable[[Any], bool]      # may the public see it (and its answer)?
    agency: Callable[[Any], Any]          # the agency that answers it
    author_id: Callable[[Any], int]       # the account that may rate the answer
    url: Callable[[Any], str]             # where it is shown
    touch: Callable[[Any], None]          # something visible about it changed
    title: Callable[[Any], str] = lambda subject: ""   # what the answer is about (search results)
    model: type | None = None             # search: a change to these rows' `search_watch`
    search_watch: tuple[str, ...] = ()    # attributes re-indexes their answers
    # The answer pages: the text being answered, the way back, where the answer is shown.
    quote: Callable[[Any], str] = lambda subject: getattr(subject, "body", "")
    back_label: Any = _l("Quay lại ý kiến")
    shown_where: Any = _l("Câu trả lời được đăng công khai dưới ý kiến, với tên cơ quan và người ký.")


def register(subject: AnswerSubject) -> None:
    SUBJECTS[subject.type] = subject


def get(subject_type: str) -> AnswerSubject:
    return SUBJECTS[subject_type]
