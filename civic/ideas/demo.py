"""Demo reform ideas at every stage: gathering supports, over the threshold with an answer owed,
accepted with the agency's answer, implemented, closed unreached, merged into another, waiting
for review, declined; with a few comments.

The demo site has a handful of accounts, so it sets the support threshold to 5 (a site setting
admins change at /admin/settings)."""
from __future__ import annotations

from datetime import timedelta
from typing import Callable

from sqlalchemy import select

from ..accounts.models import User
from ..answers import services as answers
from ..comments import services as comments
from ..consultations.models import Topic
from ..core import settings
from ..core.timeutil import local_today
from ..extensions import db
from . import services
from .models import ACCEPTED, IMPLEMENTED, UNDER_REVIEW, Idea

DEMO_THRESHOLD = 5
SUPPORTERS = ["nguoidan1@example.com", "nguoidan2@example.com", "nguoidan3@example.com", "nguoidan4@example.com",
              "doanhnghiep.binhtan@example.com", "doanhnghiep.longbien@example.com", "doanhnghiep.chinhanh@example.com"]

# (author, title, problem, solution, topic, agency slug, stage, supporters)
IDEAS = [
    ("nguoidan1@example.com", "Trả kết quả thủ tục hành chính qua tủ khóa thông minh 24/7",
     "Người đi làm giờ hành chính phải xin nghỉ nửa ngày chỉ để nhận một tờ giấy chứng nhận tại bộ phận một cửa.",
     "Đặt tủ khóa thông minh tại trụ sở UBND phường; khi hồ sơ có kết quả, người dân nhận mã mở tủ qua tin nhắn và lấy "
     "kết quả bất cứ lúc nào trong ngày.", "Cải cách hành chính", "van-phong-ubnd-tp-hcm", "threshold", 6),
    ("doanhnghiep.binhtan@example.com", "Một mã hồ sơ cho toàn bộ thủ tục khởi sự kinh doanh",
     "Doanh nghiệp mới phải nộp riêng đăng ký doanh nghiệp, khắc dấu, đăng ký thuế ban đầu và bảo hiểm xã hội, mỗi nơi một mã hồ sơ.",
     "Liên thông các thủ tục khởi sự kinh doanh trên Cổng dịch vụ công thành phố với một mã hồ sơ và một lần nộp giấy tờ.",
     "Đầu tư và kinh doanh", "so-khoa-hoc-cong-nghe-tp-hcm", "accepted", 5),
    ("nguoidan2@example.com", "Nhắc lịch tiêm chủng cho trẻ qua ứng dụng định danh điện tử",
     "Nhiều phụ huynh quên lịch tiêm nhắc lại vì sổ tiêm chủng giấy dễ thất lạc.",
     "Gửi thông báo nhắc lịch tiêm qua ứng dụng định danh điện tử VNeID, dựa trên dữ liệu tiêm chủng đã có.",
     "Y tế", "so-noi-vu-tp-hcm", "implemented", 5),
    ("nguoidan3@example.com", "Công khai tiến độ cấp giấy phép xây dựng theo từng bước",
     "Người xin phép xây dựng không biết hồ sơ đang nằm ở phòng nào và vì sao chậm.",
     "Hiển thị từng bước xử lý hồ sơ cấp phép (tiếp nhận, thẩm định, trình ký) kèm ngày giờ trên cổng tra cứu.",
     "Xây dựng", "ubnd-quan-binh-tan", "gathering", 2),
    ("nguoidan4@example.com", "Bãi giữ xe đạp miễn phí cạnh các ga tàu điện",
     "Người dân ở xa ga tàu điện không có chỗ gửi xe đạp an toàn nên vẫn đi xe máy vào trung tâm.",
     "Bố trí bãi giữ xe đạp miễn phí có camera cạnh các ga và liên thông vé tháng tàu điện với bãi giữ xe.",
     "Giao thông", "ubnd-tp-ha-noi", "expired", 1),
    ("doanhnghiep.longbien@example.com", "Tra cứu quy hoạch chi tiết 1/500 trên bản đồ số",
     "Doanh nghiệp phải gửi văn bản hỏi quy hoạch và chờ nhiều ngày cho từng thửa đất.",
     "Công bố bản đồ quy hoạch chi tiết 1/500 trực tuyến, cho tra cứu theo số thửa và tờ bản đồ.",
     "Đất đai", "ubnd-quan-long-bien", "submitted", 0),
    ("nguoidan2@example.com", "Nhận kết quả hồ sơ ngoài giờ hành chính tại phường",
     "Bộ phận một cửa chỉ trả kết quả trong giờ hành chính, trùng giờ làm việc của phần lớn người dân.",
     "Cho nhận kết quả hồ sơ sau 17 giờ và sáng thứ Bảy, hoặc qua một điểm nhận tự động đặt tại trụ sở phường.",
     "Cải cách hành chính", "van-phong-ubnd-tp-hcm", "merged", 2),
    ("nguoidan1@example.com", "Đổi tên đường trước nhà tôi",
     "Tên đường hiện tại khó nhớ.", "Đề nghị đổi tên đường theo ý kiến của gia đình tôi và hàng xóm.",
     "Giao thông", "ubnd-quan-binh-tan", "declined", 0),
]


# The discussion under two ideas: (idea title, author email, comment).
DISCUSSION = [
    ("Trả kết quả thủ tục hành chính qua tủ khóa thông minh 24/7", "nguoidan3@example.com",
     "Nên có phương án cho người cao tuổi không dùng điện thoại: cho nhận mã mở tủ bằng giấy hẹn in sẵn."),
    ("Trả kết quả thủ tục hành chính qua tủ khóa thông minh 24/7", "doanhnghiep.chinhanh@example.com",
     "Doanh nghiệp chúng tôi ủng hộ; đề nghị tủ khóa nhận cả hồ sơ giấy nộp bổ sung, không chỉ trả kết quả."),
    ("Công khai tiến độ cấp giấy phép xây dựng theo từng bước", "nguoidan4@example.com",
     "Tôi từng chờ giấy phép hơn hai tháng mà không biết hồ sơ vướng ở đâu. Nên ghi rõ tên cán bộ đang xử lý."),
]


def already_loaded() -> bool:
    return db.session.scalar(select(Idea.id).limit(1)) is not None


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _staff_of(agency) -> User:
    from ..agencies.models import Membership

    user_id = db.session.scalar(select(Membership.user_id).where(Membership.agency_id == agency.id).limit(1))
    return db.session.get(User, user_id) if user_id else _user("quantri@example.com")


def load(echo: Callable[[str], None]) -> None:
    settings.set_value("idea_support_threshold", DEMO_THRESHOLD)
    moderator = _user("kiemduyet@example.com")
    admin = _user("quantri@example.com")
    topics = {t.name: t for t in db.session.scalars(select(Topic))}
    created: dict[str, Idea] = {}
    for author, title, problem, solution, topic, agency_slug, stage, supports in IDEAS:
        idea = services.submit(_user(author), {"title": title, "problem": problem, "solution": solution,
                                               "topic": topics[topic].slug, "agency": agency_slug})
        if stage == "submitted":
            continue
        if stage == "declined":
            services.decline(moderator, idea, "not_reform", "Đề nghị đổi tên đường xin gửi theo thủ tục đặt tên đường, phố của UBND quận.")
            continue
        services.publish(moderator, idea)
        for email in [e for e in SUPPORTERS if e != author][:supports]:
            services.support(_user(email), idea)
        staff = _staff_of(idea.agency) if idea.agency else admin
        if stage in ("accepted", "implemented"):
            services.change_status(staff, idea, UNDER_REVIEW, "Đơn vị đang lấy ý kiến các sở, ngành liên quan.")
            services.change_status(staff, idea, ACCEPTED, "Tiếp thu: đưa vào kế hoạch cải cách hành chính năm 2027.")
            answers.give_answer(staff, services.SUBJECT, idea, {
                "body": "Cơ quan tiếp thu sáng kiến và giao đơn vị chuyên môn xây dựng phương án triển khai, "
                        "báo cáo kết quả trên Cổng trong quý tới. Cảm ơn ông/bà đã hiến kế.",
                "signer_name": staff.display_name, "signer_title": "Thay mặt cơ quan"})
        if stage == "implemented":
            services.change_status(staff, idea, IMPLEMENTED, "Đã triển khai chính thức trên ứng dụng.", on=local_today())
        if stage == "merged":  # a duplicate of the first idea, folded into it
            services.merge(admin, idea, created["threshold"])
        if stage == "expired":
            idea.window_ends_on = local_today() - timedelta(days=1)
            services.close_expired()
        created.setdefault(stage, idea)
    by_title = {idea.title: idea for idea in created.values()}
    for title, email, body in DISCUSSION:
        comments.post_comment(_user(email), services.SUBJECT, by_title[title], body)
    db.session.commit()
    echo(f"  ideas: {len(IDEAS)} at every stage, {len(DISCUSSION)} comments; "
         f"the support threshold is {DEMO_THRESHOLD} on this demo site")
