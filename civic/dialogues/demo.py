"""Demo dialogue sessions: one held three weeks ago with published (and once revised) minutes,
a written answer owed and commitments in every state; one upcoming, open for registration,
with questions already sent."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Callable

from sqlalchemy import select

from ..accounts.models import User
from ..agencies.models import Agency
from ..consultations.models import Topic
from ..core.timeutil import LOCAL_TZ, local_today
from ..extensions import db
from . import services
from .models import DONE, DROPPED, IN_PROGRESS, DialogueSession


def already_loaded() -> bool:
    return db.session.scalar(select(DialogueSession.id).limit(1)) is not None


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _at(day, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute), LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")


def _topic(name: str) -> Topic:
    return db.session.scalar(select(Topic).where(Topic.name == name))


def _agency(slug: str) -> Agency:
    return db.session.scalar(select(Agency).where(Agency.slug == slug))


def _held_session(echo) -> None:
    staff = _user("binhtan@example.com")
    agency = _agency("ubnd-quan-binh-tan")
    day = local_today() + timedelta(days=2)
    session = services.schedule(staff, {
        "agency_id": str(agency.id), "topic": _topic("Đất đai").slug,
        "title": "Chủ tịch UBND quận Bình Tân đối thoại với người dân về bồi thường, hỗ trợ, tái định cư",
        "description": "Hội nghị đối thoại định kỳ quý IV về công tác bồi thường, hỗ trợ, tái định cư các dự án trên địa bàn "
                       "quận, trọng tâm là dự án mở rộng đường Vành đai 2 và khu tái định cư phường Tân Tạo. Mời người dân "
                       "có đất bị thu hồi, đại diện khu phố và doanh nghiệp trên địa bàn.",
        "starts_at": _at(day, 8), "ends_at": _at(day, 11, 30),
        "place": "Hội trường UBND quận Bình Tân, 521 Kinh Dương Vương, phường An Lạc", "online_url": "",
        "capacity": "120", "registration_opens_at": _at(local_today(), 0), "registration_closes_at": _at(day, 7),
        "questions_allowed": "y",
    }, [("Nguyễn Minh Tuấn", "Chủ tịch UBND quận"), ("Trần Văn Lực", "Trưởng phòng Tài nguyên và Môi trường"),
        ("Phạm Thị Diệu", "Giám đốc Ban Bồi thường, giải phóng mặt bằng quận")])
    people = ["nguoidan1@example.com", "nguoidan2@example.com", "nguoidan3@example.com", "nguoidan4@example.com",
              "doanhnghiep.binhtan@example.com"]
    for email in people:
        services.register(_user(email), session, "in_person")
    q_price = services.ask(_user("nguoidan1@example.com"), session,
                           "Giá đất tính bồi thường cho các hộ dân trên đường Vành đai 2 được áp dụng theo bảng giá năm nào? "
                           "Nhiều hộ thấy chênh lệch lớn so với giá thị trường.", anonymous=True)
    q_resettle = services.ask(_user("nguoidan2@example.com"), session,
                              "Khi nào khu tái định cư Tân Tạo được cấp giấy chứng nhận quyền sử dụng đất? Gia đình tôi đã nhận "
                              "nền từ năm 2022 nhưng vẫn chưa có sổ.")
    services.ask(_user("doanhnghiep.binhtan@example.com"), session,
                 "Doanh nghiệp thuê đất trong khu vực giải tỏa được hỗ trợ di dời nhà xưởng theo mức nào?")
    for email in people[2:]:
        services.vote_question(_user(email), q_resettle, session)
    services.vote_question(_user("nguoidan3@example.com"), q_price, session)
    services.select_question(staff, q_resettle, session, True)
    services.select_question(staff, q_price, session, True)
    # The session took place three weeks ago.
    shift = timedelta(days=23)
    for field in ("registration_opens_at", "registration_closes_at", "starts_at", "ends_at"):
        setattr(session, field, getattr(session, field) - shift)
    db.session.flush()
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {
        "citizens": "86", "businesses": "9", "online": "0",
        "agenda": "1. Báo cáo tiến độ bồi thường, tái định cư các dự án.\n2. Người dân, doanh nghiệp nêu ý kiến.\n"
                  "3. Lãnh đạo quận trả lời và kết luận.",
        "summary": "Hội nghị nghe 11 ý kiến, trong đó 8 ý kiến được trả lời trực tiếp tại hội nghị; 3 ý kiến cần kiểm tra "
                   "hồ sơ sẽ được trả lời bằng văn bản. Chủ tịch UBND quận kết luận 4 nội dung giao các phòng, ban thực hiện.",
    })
    price = services.add_item(staff, minutes, {
        "question_id": str(q_price.id), "asked_by": "", "question": q_price.body,
        "answered_by_name": "Phạm Thị Diệu", "answered_by_title": "Giám đốc Ban Bồi thường, giải phóng mặt bằng quận",
        "answer": "Giá đất cụ thể để tính bồi thường được Hội đồng thẩm định giá đất thành phố phê duyệt theo từng dự án, "
                  "không áp dụng trực tiếp bảng giá đất. Quận sẽ công khai chứng thư thẩm định giá tại trụ sở phường.",
    })
    resettle = services.add_item(staff, minutes, {
        "question_id": str(q_resettle.id), "asked_by": "Bà Trần Thị Mai Hương, khu phố 3, phường Tân Tạo",
        "question": q_resettle.body, "answered_by_name": "Trần Văn Lực",
        "answered_by_title": "Trưởng phòng Tài nguyên và Môi trường",
        "answer": "Hồ sơ pháp lý khu tái định cư đã hoàn tất; quận cấp giấy chứng nhận theo từng đợt, đợt đầu trong tháng tới.",
    })
    floor = services.add_item(staff, minutes, {
        "asked_by": "Ông Lê Văn Bình, khu phố 5, phường Bình Trị Đông",
        "question": "Hộ tôi bị thu hồi một phần thửa đất, phần còn lại không đủ diện tích tối thiểu để xây dựng thì có được "
                    "thu hồi luôn không?",
        "answered_by_name": "Nguyễn Minh Tuấn", "answered_by_title": "Chủ tịch UBND quận",
        "answer": "Quận giao Ban Bồi thường kiểm tra hồ sơ cụ thể và trả lời ông bằng văn bản.", "follow_up": "y",
    })
    today = local_today()
    plans = [
        ("Cấp giấy chứng nhận quyền sử dụng đất đợt 1 cho 120 hộ khu tái định cư Tân Tạo.", resettle, 10, DONE,
         ["Đã trao giấy chứng nhận cho 120 hộ tại UBND phường Tân Tạo."]),
        ("Công khai chứng thư thẩm định giá đất dự án Vành đai 2 tại trụ sở UBND các phường liên quan.", price, 40,
         IN_PROGRESS, ["Đã niêm yết tại phường An Lạc; đang thực hiện tại các phường còn lại."]),
        ("Kiểm tra và trả lời bằng văn bản trường hợp thu hồi một phần thửa đất của hộ ông Lê Văn Bình.", floor, -5,
         None, []),
        ("Tổ chức thêm điểm tiếp dân lưu động về bồi thường tại phường Bình Trị Đông.", None, 30, DROPPED,
         ["Không tổ chức riêng: nội dung đã đưa vào lịch tiếp dân định kỳ thứ Năm hằng tuần của quận."]),
    ]
    commitments = []
    for description, item, due_in, _status, _notes in plans:
        commitments.append(services.add_commitment(staff, minutes, {
            "description": description, "owner": "ubnd-quan-binh-tan",
            "due_on": (today + timedelta(days=due_in)).isoformat(), "item_id": str(item.id) if item else ""}))
    services.publish_minutes(staff, minutes)
    for commitment, (_d, _i, _due, status, notes) in zip(commitments, plans):
        for note in notes:
            services.track(staff, commitment, status, note, today - timedelta(days=3))
    services.update_item(staff, resettle, {
        "question_id": str(q_resettle.id), "asked_by": resettle.asked_by, "question": resettle.question,
        "answered_by_name": resettle.answered_by_name, "answered_by_title": resettle.answered_by_title,
        "answer": resettle.answer.replace("trong tháng tới", "trong tháng 12"),
    }, change_note="Ghi rõ thời gian cấp giấy chứng nhận đợt đầu theo Thông báo kết luận của Chủ tịch UBND quận.")
    echo("  dialogues: one held, with published minutes, an owed written answer and four commitments")


def _upcoming_session(echo) -> None:
    staff = _user("longbien@example.com")
    agency = _agency("ubnd-quan-long-bien")
    day = local_today() + timedelta(days=12)
    session = services.schedule(staff, {
        "agency_id": str(agency.id), "topic": _topic("Đầu tư và kinh doanh").slug,
        "title": "UBND quận Long Biên đối thoại với doanh nghiệp về thủ tục đầu tư, xây dựng năm 2027",
        "description": "Lãnh đạo quận lắng nghe khó khăn, vướng mắc của doanh nghiệp về thủ tục đầu tư, cấp phép xây dựng và "
                       "thuê đất. Doanh nghiệp có thể dự trực tiếp hoặc trực tuyến, và gửi câu hỏi trước để được chuẩn bị trả lời.",
        "starts_at": _at(day, 14), "ends_at": _at(day, 17),
        "place": "Hội trường tầng 3, UBND quận Long Biên, số 1 Vạn Hạnh",
        "online_url": "https://hop.longbien.example.vn/doi-thoai-doanh-nghiep",
        "capacity": "80", "registration_opens_at": _at(local_today(), 0), "registration_closes_at": _at(day - timedelta(days=2), 17),
        "questions_allowed": "y",
    }, [("Hoàng Văn Sơn", "Chủ tịch UBND quận"), ("Nguyễn Thị Hằng", "Trưởng phòng Tài chính – Kế hoạch")])
    services.register(_user("doanhnghiep.longbien@example.com"), session, "in_person",
                      organisation="Công ty Cổ phần Xây dựng Long Biên Xanh")
    services.register(_user("nguoidan3@example.com"), session, "online")
    question = services.ask(_user("doanhnghiep.longbien@example.com"), session,
                            "Thời gian thẩm định hồ sơ cấp phép xây dựng nhà xưởng hiện kéo dài hơn 30 ngày. Quận có thể "
                            "áp dụng tiếp nhận, trả kết quả trực tuyến toàn trình không?")
    services.vote_question(_user("nguoidan3@example.com"), question, session)
    echo("  dialogues: one upcoming, open for registration")


def load(echo: Callable[[str], None]) -> None:
    _held_session(echo)
    _upcoming_session(echo)
    db.session.commit()
