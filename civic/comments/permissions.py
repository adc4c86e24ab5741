"""Named permissions for comments: who edits, withdraws, hides, replies to and votes on a
comment, who reads the text of one that is no longer shown, who moderates, who answers.

What depends on the thing commented on (is it taking comments now? who may vote on its
comments?) is that thing's own rule, read through its kind's `commentable` facet; the rules
here add what depends on the comment itself. A refusal about the comment's state (withdrawn,
hidden, too deep) is a bad request (400), one about who asks is forbidden (403):
`refusal_status(decision)` says which.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from ..accounts import permissions as account_permissions
from ..accounts.permissions import is_moderator, is_signed_in
from ..agencies.permissions import can_act_for_agency
from ..core import content
from ..core.permissions import Decision, allow, deny
from ..core.timeutil import utcnow
from .models import HIDDEN, MAX_DEPTH, PUBLISHED, WITHDRAWN

EDIT_WINDOW = timedelta(minutes=15)
GONE = _l("Ý kiến này đã được rút lại hoặc bị ẩn.")


@dataclass(frozen=True)
class StateRefusal(Decision):
    """A refusal because of the comment's state rather than of who asks: answered with 400."""

    status: int = 400


def _gone(reason=GONE) -> Decision:
    return StateRefusal(False, str(reason))


def refusal_status(decision: Decision) -> int:
    """The HTTP status that answers a refusal: 400 for the comment's state, else 403."""
    return getattr(decision, "status", 403)


def is_author(user, comment) -> bool:
    return is_signed_in(user) and comment.author_id == user.id


# --- what the thing commented on allows ------------------------------------------------------

def can_comment_on(user, subject_type: str, subject) -> Decision:
    """Post a comment (or a reply) on the subject now: the subject's own rule."""
    adapter = content.commentable(subject_type)
    if adapter is None or subject is None:
        return deny(_l("Nội dung này không nhận ý kiến."))
    return adapter.can_comment(user, subject)


def can_vote_on(user, subject_type: str, subject) -> Decision:
    """Vote on the subject's comments (or take one's vote back): the subject's own rule."""
    adapter = content.commentable(subject_type)
    if adapter is None or subject is None:
        return deny(_l("Nội dung này không nhận bình chọn."))
    return adapter.can_vote_comments(user, subject)


def can_answer_on(user, subject_type: str, subject) -> Decision:
    """Answer the subject's comments officially: staff of the agency responsible for it (and
    of the agencies above it)."""
    adapter = content.commentable(subject_type)
    return can_act_for_agency(user, adapter.agency(subject) if adapter is not None and subject is not None else None)


# --- what the comment allows ---------------------------------------------------------------

def can_edit(user, comment) -> Decision:
    """Change its text: its author, while it is shown, within 15 minutes of posting (saving
    also needs the subject to take comments still: can_comment_on)."""
    if not is_author(user, comment):
        return deny(_l("Bạn chỉ có thể sửa ý kiến của chính mình."))
    if comment.status != PUBLISHED:
        return _gone()
    if utcnow() - comment.created_at > EDIT_WINDOW:
        return deny(_l("Chỉ có thể sửa ý kiến trong 15 phút sau khi gửi."))
    return allow()


def can_withdraw(user, comment) -> Decision:
    """Take it back (its receipt number stays): its author, while it is shown."""
    if not is_author(user, comment):
        return deny(_l("Bạn chỉ có thể rút lại ý kiến của chính mình."))
    if comment.status != PUBLISHED:
        return _gone()
    return allow()


def takes_replies(comment) -> Decision:
    """The comment's part of `can_reply`: shown, and not already three levels deep."""
    if comment.depth >= MAX_DEPTH:
        return _gone(_l("Chỉ có thể trả lời tối đa 3 cấp; hãy trả lời ý kiến ở cấp trên."))
    if comment.status != PUBLISHED:
        return _gone(_l("Không thể trả lời ý kiến đã được rút lại hoặc bị ẩn."))
    return allow()


def can_reply(user, comment, subject_type: str, subject) -> Decision:
    """Reply to the comment: whoever may comment on its subject now, to a comment of that
    subject that is shown and less than three levels deep."""
    decision = can_comment_on(user, subject_type, subject)
    if not decision:
        return decision
    if comment.subject_type != subject_type or comment.subject_id != subject.id:
        return _gone(_l("Ý kiến được trả lời không thuộc nội dung này."))
    return takes_replies(comment)


def takes_votes_from(user, comment) -> Decision:
    """The comment's part of `can_vote`: not one's own, and shown."""
    if is_author(user, comment):
        return deny(_l("Bạn không thể bình chọn ý kiến của chính mình."))
    if comment.status != PUBLISHED:
        return _gone(_l("Không thể bình chọn ý kiến đã được rút lại hoặc bị ẩn."))
    return allow()


def can_vote(user, comment, subject) -> Decision:
    """Vote it up or down: whoever may vote on its subject's comments, on a comment that is
    shown and not their own."""
    decision = can_vote_on(user, comment.subject_type, subject)
    if not decision:
        return decision
    return takes_votes_from(user, comment)


def can_withdraw_vote(user, comment, subject) -> Decision:
    """Take one's vote back: whoever may vote on its subject's comments (whatever became of
    the comment since)."""
    return can_vote_on(user, comment.subject_type, subject)


# --- moderation ----------------------------------------------------------------------------

def can_moderate(user) -> Decision:
    """Moderators and administrators."""
    return account_permissions.can_moderate(user)


def can_hide(user, comment) -> Decision:
    """Hide a shown comment from the public (its receipt and story stay): moderators."""
    decision = can_moderate(user)
    if not decision:
        return decision
    if comment.status != PUBLISHED:
        return _gone()
    return allow()


def can_see_text(user, comment) -> Decision:
    """Read its text: everyone while it is shown; once withdrawn, its author; once hidden, its
    author and the moderators (who judge whether it stays hidden)."""
    if comment.status == PUBLISHED or is_author(user, comment):
        return allow()
    if comment.status == HIDDEN and is_moderator(user):
        return allow()
    if comment.status == WITHDRAWN:
        return _gone(_l("Ý kiến này đã được tác giả rút lại."))
    return _gone(_l("Ý kiến này đã bị ẩn bởi ban kiểm duyệt."))
