"""Vietnamese demo consultations for Góp ý: draft texts, revisions, comments, votes.

Plain data only; the seeding code turns it into consultations, versions, sections,
comments and votes. Conventions:

* ``opens_days_ago`` is relative to the day the demo is loaded (negative: opens later);
  ``open_days`` is the length of the consultation in calendar days.
* ``section`` of a comment is the label the section parser gives the anchored section:
  ``"Điều 5"`` for an article, ``"Phần II"`` for a part of a plan, ``None`` for the whole draft.
* Replies nest at most three levels deep (comment, reply, reply to the reply); votes are
  only given on top-level comments. Every author and voter is a demo citizen or business
  account from ``civic/demo.py``.
"""
from __future__ import annotations

from typing import Any

TOPICS: list[str] = [
    "Cải cách hành chính",
    "Chuyển đổi số",
    "Đất đai",
    "Xây dựng",
    "Đầu tư và kinh doanh",
    "Giáo dục",
    "Y tế",
    "Giao thông",
    "Môi trường",
    "Tư pháp và hộ tịch",
]


# --- 1. Dự thảo Quy định về dịch vụ công trực tuyến (Văn phòng UBND TP.HCM) --------------
# The draft is assembled from parts so that version 2 differs from version 1 only in the
# articles listed in its changelog (Điều 5, Điều 7 and Điều 9).

_DVC_CHUONG_I = """\
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
1. Quy định này quy định việc cung cấp và sử dụng dịch vụ công trực tuyến trong giải quyết thủ tục hành chính thuộc thẩm quyền của các cơ quan, đơn vị trên địa bàn Thành phố Hồ Chí Minh.
2. Quy định này không áp dụng đối với thủ tục hành chính thuộc bí mật nhà nước hoặc phải thực hiện trực tiếp theo quy định của pháp luật.
Điều 2. Đối tượng áp dụng
1. Các sở, ban, ngành Thành phố; Ủy ban nhân dân các cấp (sau đây gọi chung là cơ quan giải quyết thủ tục hành chính).
2. Cán bộ, công chức, viên chức tiếp nhận, xử lý hồ sơ và trả kết quả giải quyết thủ tục hành chính.
3. Tổ chức, cá nhân sử dụng dịch vụ công trực tuyến.
Điều 3. Giải thích từ ngữ
Trong Quy định này, các từ ngữ dưới đây được hiểu như sau:
1. Dịch vụ công trực tuyến toàn trình là dịch vụ cho phép tổ chức, cá nhân thực hiện trực tuyến từ bước nộp hồ sơ, thanh toán phí, lệ phí (nếu có) đến khi nhận kết quả.
2. Hệ thống thông tin giải quyết thủ tục hành chính Thành phố (sau đây gọi là Hệ thống) là hệ thống dùng chung để tiếp nhận, xử lý và trả kết quả giải quyết thủ tục hành chính, kết nối với Cổng Dịch vụ công quốc gia.
3. Kho quản lý dữ liệu điện tử của tổ chức, cá nhân là chức năng của Hệ thống dùng để lưu giữ giấy tờ, kết quả giải quyết thủ tục hành chính đã được số hóa nhằm tái sử dụng.
Điều 4. Nguyên tắc cung cấp và sử dụng dịch vụ công trực tuyến
1. Lấy người dân, doanh nghiệp làm trung tâm; bảo đảm công khai, minh bạch, thuận tiện.
2. Không yêu cầu tổ chức, cá nhân cung cấp lại thông tin, giấy tờ đã có trong cơ sở dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành hoặc Kho quản lý dữ liệu điện tử.
3. Hồ sơ nộp trực tuyến có giá trị pháp lý như hồ sơ nộp trực tiếp; không yêu cầu nộp thêm bản giấy, trừ trường hợp pháp luật có quy định khác.
4. Bảo đảm an toàn thông tin, bảo vệ dữ liệu cá nhân theo quy định của pháp luật."""

_DVC_CHUONG_II = """\
Chương II
CUNG CẤP VÀ SỬ DỤNG DỊCH VỤ CÔNG TRỰC TUYẾN"""

_DVC_DIEU_5_V1 = """\
Điều 5. Tiếp nhận hồ sơ trực tuyến
1. Tổ chức, cá nhân nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia hoặc Cổng Dịch vụ công Thành phố; hồ sơ nộp sau 16 giờ 30 phút hoặc vào ngày nghỉ, ngày lễ được tính là tiếp nhận vào ngày làm việc kế tiếp.
2. Trong thời hạn 01 ngày làm việc kể từ khi tiếp nhận, cơ quan giải quyết thủ tục hành chính kiểm tra tính đầy đủ, hợp lệ của hồ sơ. Trường hợp hồ sơ chưa đầy đủ, chưa hợp lệ, cơ quan tiếp nhận thông báo một lần bằng văn bản điện tử, nêu rõ nội dung cần bổ sung; tổ chức, cá nhân bổ sung trong thời hạn 03 ngày làm việc, quá thời hạn này hồ sơ bị từ chối tiếp nhận.
3. Việc tiếp nhận, yêu cầu bổ sung, từ chối hoặc chuyển xử lý hồ sơ được thông báo qua tài khoản trên Cổng Dịch vụ công và tin nhắn đến số điện thoại đã đăng ký."""

_DVC_DIEU_5_V2 = """\
Điều 5. Tiếp nhận hồ sơ trực tuyến
1. Tổ chức, cá nhân nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia hoặc Cổng Dịch vụ công Thành phố; hồ sơ nộp sau 16 giờ 30 phút hoặc vào ngày nghỉ, ngày lễ được tính là tiếp nhận vào ngày làm việc kế tiếp.
2. Trong thời hạn 01 ngày làm việc kể từ khi tiếp nhận, cơ quan giải quyết thủ tục hành chính kiểm tra tính đầy đủ, hợp lệ của hồ sơ. Trường hợp hồ sơ chưa đầy đủ, chưa hợp lệ, cơ quan tiếp nhận thông báo một lần bằng văn bản điện tử, nêu rõ từng nội dung cần bổ sung và căn cứ pháp lý; tổ chức, cá nhân bổ sung trong thời hạn 05 ngày làm việc. Trường hợp giấy tờ cần bổ sung do cơ quan, tổ chức khác cấp, tổ chức, cá nhân được gia hạn trực tuyến một lần, không quá 05 ngày làm việc. Quá thời hạn này hồ sơ bị từ chối tiếp nhận.
3. Việc tiếp nhận, yêu cầu bổ sung, từ chối hoặc chuyển xử lý hồ sơ được thông báo qua tài khoản trên Cổng Dịch vụ công và tin nhắn đến số điện thoại đã đăng ký."""

_DVC_DIEU_6 = """\
Điều 6. Xác thực danh tính và tài khoản
1. Tổ chức, cá nhân sử dụng tài khoản định danh điện tử để đăng nhập và thực hiện dịch vụ công trực tuyến.
2. Thông tin về họ, chữ đệm và tên, ngày sinh, số định danh cá nhân, nơi cư trú được tự động điền vào biểu mẫu điện tử từ Cơ sở dữ liệu quốc gia về dân cư; tổ chức, cá nhân không phải kê khai lại.
3. Doanh nghiệp sử dụng tài khoản định danh điện tử của tổ chức hoặc chữ ký số; người được ủy quyền thực hiện thủ tục theo văn bản ủy quyền điện tử."""

_DVC_DIEU_7_V1 = """\
Điều 7. Thanh toán phí, lệ phí trực tuyến
1. Tổ chức, cá nhân thanh toán phí, lệ phí qua nền tảng thanh toán trên Cổng Dịch vụ công quốc gia hoặc các hình thức thanh toán điện tử được Hệ thống hỗ trợ.
2. Biên lai điện tử được gửi vào tài khoản của tổ chức, cá nhân ngay sau khi thanh toán thành công.
3. Trường hợp hồ sơ bị từ chối giải quyết, phí, lệ phí đã nộp được hoàn trả trong thời hạn 05 ngày làm việc kể từ ngày có văn bản từ chối."""

_DVC_DIEU_7_V2 = """\
Điều 7. Thanh toán phí, lệ phí trực tuyến
1. Tổ chức, cá nhân thanh toán phí, lệ phí qua nền tảng thanh toán trên Cổng Dịch vụ công quốc gia hoặc các hình thức thanh toán điện tử được Hệ thống hỗ trợ.
2. Biên lai điện tử được gửi vào tài khoản của tổ chức, cá nhân ngay sau khi thanh toán thành công, ghi đúng tên, mã số thuế của đơn vị nộp do người nộp lựa chọn, kể cả chi nhánh hạch toán phụ thuộc.
3. Trường hợp hồ sơ bị từ chối giải quyết, phí, lệ phí đã nộp được hoàn trả tự động về tài khoản đã thanh toán trong thời hạn 03 ngày làm việc kể từ ngày có văn bản từ chối; tổ chức, cá nhân không phải làm văn bản đề nghị hoàn trả."""

_DVC_DIEU_8 = """\
Điều 8. Trả kết quả giải quyết thủ tục hành chính
1. Kết quả giải quyết thủ tục hành chính được trả theo lựa chọn của tổ chức, cá nhân bằng một trong các hình thức sau:
a) Bản điện tử có giá trị pháp lý như bản giấy, được gửi vào tài khoản và lưu trong Kho quản lý dữ liệu điện tử;
b) Bản giấy nhận trực tiếp tại Bộ phận Một cửa;
c) Bản giấy gửi qua dịch vụ bưu chính công ích; tổ chức, cá nhân thanh toán cước phí.
2. Trường hợp quá hạn giải quyết, cơ quan giải quyết thủ tục hành chính gửi văn bản xin lỗi điện tử, nêu rõ lý do và thời hạn trả kết quả mới."""

_DVC_DIEU_9_V1 = """\
Điều 9. Hỗ trợ người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến
1. Bộ phận Một cửa các cấp bố trí nhân sự hướng dẫn, hỗ trợ miễn phí tổ chức, cá nhân tạo tài khoản, số hóa giấy tờ và nộp hồ sơ trực tuyến.
2. Tổ công nghệ số cộng đồng tại phường, xã, thị trấn hướng dẫn người dân sử dụng dịch vụ công trực tuyến tại khu phố, ấp.
3. Tổng đài 1022 của Thành phố tiếp nhận câu hỏi, phản ánh về dịch vụ công trực tuyến 24 giờ trong ngày."""

_DVC_DIEU_9_V2 = _DVC_DIEU_9_V1 + """
4. Người cao tuổi, người khuyết tật được ưu tiên hướng dẫn tại Bộ phận Một cửa; trường hợp đi lại khó khăn, Tổ công nghệ số cộng đồng hỗ trợ nộp hồ sơ tại nơi cư trú. Người thân được nộp hồ sơ thay bằng tài khoản định danh điện tử của mình theo văn bản ủy quyền."""

_DVC_CHUONG_III = """\
Chương III
TỔ CHỨC THỰC HIỆN
Điều 10. Trách nhiệm của các cơ quan, đơn vị
1. Văn phòng Ủy ban nhân dân Thành phố theo dõi, đôn đốc, kiểm tra việc thực hiện Quy định này; hằng quý công bố kết quả đánh giá chất lượng dịch vụ công trực tuyến của các cơ quan, đơn vị.
2. Sở Khoa học và Công nghệ bảo đảm hạ tầng kỹ thuật, vận hành Hệ thống và an toàn thông tin.
3. Sở Tài chính hướng dẫn việc thu, hoàn trả phí, lệ phí bằng hình thức thanh toán điện tử.
4. Thủ trưởng cơ quan giải quyết thủ tục hành chính chịu trách nhiệm về tỷ lệ hồ sơ trực tuyến, tỷ lệ hồ sơ giải quyết đúng hạn của cơ quan mình.
Điều 11. Điều khoản thi hành
1. Quy định này có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2027.
2. Trong quá trình thực hiện, nếu có vướng mắc, cơ quan, tổ chức, cá nhân phản ánh về Văn phòng Ủy ban nhân dân Thành phố để tổng hợp, báo cáo Ủy ban nhân dân Thành phố xem xét, điều chỉnh."""

_DVC_PARTS_V1 = (
    _DVC_CHUONG_I, _DVC_CHUONG_II, _DVC_DIEU_5_V1, _DVC_DIEU_6, _DVC_DIEU_7_V1,
    _DVC_DIEU_8, _DVC_DIEU_9_V1, _DVC_CHUONG_III,
)
_DVC_BODY_V1 = "\n".join(_DVC_PARTS_V1)

_DVC_PARTS_V2 = (
    _DVC_CHUONG_I, _DVC_CHUONG_II, _DVC_DIEU_5_V2, _DVC_DIEU_6, _DVC_DIEU_7_V2,
    _DVC_DIEU_8, _DVC_DIEU_9_V2, _DVC_CHUONG_III,
)
_DVC_BODY_V2 = "\n".join(_DVC_PARTS_V2)

_DVC_CHANGELOG = """\
Tiếp thu ý kiến góp ý của người dân, doanh nghiệp trong thời gian lấy ý kiến, Văn phòng Ủy ban nhân dân Thành phố chỉnh lý dự thảo như sau:
1. Sửa đổi khoản 2 Điều 5 theo hướng nâng thời hạn bổ sung hồ sơ từ 03 lên 05 ngày làm việc, cho phép gia hạn trực tuyến một lần đối với giấy tờ do cơ quan, tổ chức khác cấp và yêu cầu thông báo bổ sung nêu rõ căn cứ pháp lý của từng nội dung.
2. Sửa đổi khoản 2 và khoản 3 Điều 7 theo hướng biên lai điện tử ghi đúng tên, mã số thuế của đơn vị nộp (kể cả chi nhánh); phí, lệ phí được hoàn trả tự động về tài khoản đã thanh toán trong thời hạn 03 ngày làm việc.
3. Bổ sung khoản 4 Điều 9 về hỗ trợ người cao tuổi, người khuyết tật và cho phép người thân nộp hồ sơ thay theo văn bản ủy quyền.
Các điều, khoản khác giữ nguyên như dự thảo lần 1."""


# --- 2. Kế hoạch cải cách TTHC một cửa, một cửa liên thông 2027 (UBND quận Bình Tân) -----

_MOT_CUA_BODY = """\
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Nâng cao chất lượng giải quyết thủ tục hành chính tại Bộ phận Một cửa quận và 10 phường; giảm thời gian đi lại, chi phí của người dân, doanh nghiệp.
b) Mở rộng việc giải quyết thủ tục hành chính theo cơ chế một cửa liên thông giữa Ủy ban nhân dân quận, phường với Chi nhánh Văn phòng Đăng ký đất đai quận Bình Tân, cơ quan thuế và Công an quận.
c) Phấn đấu mức độ hài lòng của người dân, doanh nghiệp đối với việc giải quyết thủ tục hành chính của quận đạt trên 95%.
2. Yêu cầu
a) Gắn với chuyển đổi số, khai thác dữ liệu dân cư, đất đai, hộ tịch đã được số hóa; không phát sinh thêm giấy tờ, thủ tục ngoài quy định.
b) Phân công rõ cơ quan chủ trì, thời hạn hoàn thành và sản phẩm của từng nhiệm vụ; gắn trách nhiệm người đứng đầu với kết quả thực hiện.
c) Kết quả thực hiện được công khai hằng tháng trên Trang thông tin điện tử quận và tại Bộ phận Một cửa.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Rà soát, đơn giản hóa thủ tục hành chính
a) Trong quý I năm 2027, rà soát toàn bộ thủ tục hành chính thuộc thẩm quyền giải quyết của quận và phường; đề xuất cắt giảm ít nhất 20% thời gian giải quyết đối với nhóm thủ tục đất đai, xây dựng, hộ tịch.
b) Lập danh mục thủ tục hành chính thực hiện liên thông; công khai quy trình nội bộ và thời gian xử lý tại từng cơ quan tham gia liên thông.
2. Hoàn thiện mô hình một cửa, một cửa liên thông
a) Tiếp nhận và trả kết quả hồ sơ đăng ký biến động đất đai, cấp giấy chứng nhận quyền sử dụng đất lần đầu theo cơ chế liên thông giữa Ủy ban nhân dân phường, Chi nhánh Văn phòng Đăng ký đất đai và cơ quan thuế; người dân chỉ nộp hồ sơ và nhận kết quả tại một nơi.
b) Liên thông nhóm thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi và nhóm thủ tục đăng ký khai tử, xóa đăng ký thường trú, hưởng mai táng phí.
c) Bố trí quầy ưu tiên cho người cao tuổi, người khuyết tật, phụ nữ mang thai tại Bộ phận Một cửa quận và các phường.
3. Đẩy mạnh số hóa hồ sơ và dịch vụ công trực tuyến
a) 100% hồ sơ tiếp nhận trực tiếp được số hóa tại Bộ phận Một cửa; kết quả giải quyết được lưu vào Kho quản lý dữ liệu điện tử.
b) Tỷ lệ hồ sơ nộp trực tuyến đối với thủ tục có dịch vụ công trực tuyến toàn trình đạt tối thiểu 80%.
c) Triển khai đặt lịch hẹn trực tuyến và hệ thống xếp hàng tự động, cho phép người dân theo dõi số thứ tự qua điện thoại di động.
4. Nâng cao chất lượng đội ngũ công chức và đánh giá sự hài lòng
a) Tổ chức tối thiểu 02 lớp tập huấn kỹ năng giao tiếp, nghiệp vụ cho công chức Bộ phận Một cửa.
b) Đánh giá mức độ hài lòng bằng thiết bị điện tử tại quầy và qua mã QR trên giấy hẹn trả kết quả; kết quả đánh giá là căn cứ xét thi đua, khen thưởng.
5. Tăng cường tiếp nhận, xử lý phản ánh, kiến nghị
a) Niêm yết công khai số điện thoại đường dây nóng của Chủ tịch Ủy ban nhân dân quận, phường tại Bộ phận Một cửa.
b) Phản ánh, kiến nghị về thủ tục hành chính được trả lời trong thời hạn không quá 05 ngày làm việc kể từ ngày tiếp nhận.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân quận là cơ quan thường trực, theo dõi, đôn đốc việc triển khai Kế hoạch; báo cáo Ủy ban nhân dân quận hằng quý.
2. Phòng Nội vụ kiểm tra công vụ, đánh giá kết quả thực hiện nhiệm vụ cải cách hành chính của các cơ quan, đơn vị và Ủy ban nhân dân các phường.
3. Phòng Tài nguyên và Môi trường, Phòng Tư pháp, Phòng Quản lý đô thị phối hợp với các cơ quan ngành dọc xây dựng quy trình liên thông thuộc lĩnh vực được giao, hoàn thành trong quý II năm 2027.
4. Ủy ban nhân dân các phường xây dựng kế hoạch thực hiện, gửi Văn phòng Hội đồng nhân dân và Ủy ban nhân dân quận trước ngày 31 tháng 01 năm 2027.
5. Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách quận năm 2027 và các nguồn kinh phí hợp pháp khác.
6. Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan, đơn vị báo cáo Ủy ban nhân dân quận (qua Văn phòng Hội đồng nhân dân và Ủy ban nhân dân quận) để xem xét, giải quyết."""


# --- 3. Dự thảo Quy chế đối thoại định kỳ (Sở Nội vụ TP.HCM) --------------------------------

_DOI_THOAI_BODY = """\
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng
1. Quy chế này quy định nguyên tắc, hình thức, tần suất, trình tự tổ chức đối thoại định kỳ giữa người đứng đầu cơ quan hành chính nhà nước các cấp với người dân và doanh nghiệp trên địa bàn Thành phố Hồ Chí Minh.
2. Quy chế này áp dụng đối với Ủy ban nhân dân các cấp, các sở, ban, ngành Thành phố; cá nhân, hộ kinh doanh, doanh nghiệp, hợp tác xã, hiệp hội doanh nghiệp có liên quan.
3. Việc tiếp công dân, giải quyết khiếu nại, tố cáo thực hiện theo quy định của pháp luật về tiếp công dân, khiếu nại, tố cáo và không thuộc phạm vi điều chỉnh của Quy chế này.
Điều 2. Nguyên tắc đối thoại
1. Bảo đảm dân chủ, công khai, khách quan, cầu thị; tôn trọng ý kiến của các bên tham gia đối thoại.
2. Người đứng đầu cơ quan hành chính nhà nước trực tiếp chủ trì đối thoại; chỉ được ủy quyền cho cấp phó khi vắng mặt vì lý do chính đáng.
3. Các vấn đề được nêu tại buổi đối thoại phải được trả lời cụ thể; trường hợp chưa trả lời ngay thì phải nêu rõ thời hạn trả lời bằng văn bản.
4. Không lợi dụng việc đối thoại để gây rối trật tự, xúc phạm danh dự, nhân phẩm của cá nhân, uy tín của tổ chức.
Điều 3. Hình thức đối thoại
1. Đối thoại trực tiếp tại trụ sở cơ quan chủ trì hoặc tại khu dân cư.
2. Đối thoại trực tuyến hoặc kết hợp trực tiếp với trực tuyến, được truyền hình trực tiếp trên Cổng thông tin điện tử của cơ quan chủ trì.
3. Đối thoại chuyên đề theo lĩnh vực hoặc theo nhóm đối tượng như doanh nghiệp nhỏ và vừa, hộ kinh doanh, người lao động tại các khu chế xuất, khu công nghiệp.
Chương II
TỔ CHỨC ĐỐI THOẠI
Điều 4. Tần suất đối thoại
1. Chủ tịch Ủy ban nhân dân Thành phố đối thoại với doanh nghiệp ít nhất 02 lần mỗi năm và đối thoại với người dân theo chuyên đề ít nhất 01 lần mỗi năm.
2. Thủ trưởng các sở, ban, ngành đối thoại với người dân, doanh nghiệp về lĩnh vực thuộc phạm vi quản lý ít nhất 01 lần mỗi năm.
3. Chủ tịch Ủy ban nhân dân thành phố Thủ Đức, các quận, huyện đối thoại ít nhất 02 lần mỗi năm; Chủ tịch Ủy ban nhân dân phường, xã, thị trấn đối thoại ít nhất 01 lần mỗi quý.
Điều 5. Chuẩn bị đối thoại
1. Chậm nhất 15 ngày trước ngày đối thoại, cơ quan chủ trì thông báo công khai thời gian, địa điểm, chủ đề đối thoại trên Cổng thông tin điện tử, tại trụ sở cơ quan và trên hệ thống truyền thanh cơ sở đối với cấp phường, xã, thị trấn.
2. Người dân, doanh nghiệp gửi câu hỏi, kiến nghị qua Cổng thông tin điện tử, thư điện tử hoặc hộp thư góp ý tại trụ sở cơ quan chậm nhất 05 ngày làm việc trước ngày đối thoại.
3. Cơ quan chủ trì tổng hợp, phân loại câu hỏi, kiến nghị và phân công cơ quan chuyên môn chuẩn bị nội dung trả lời.
Điều 6. Thành phần tham dự
1. Về phía chính quyền: người đứng đầu cơ quan chủ trì và đại diện các cơ quan chuyên môn có liên quan.
2. Về phía người dân, doanh nghiệp: người đã gửi câu hỏi, kiến nghị; đại diện hiệp hội doanh nghiệp, ban điều hành khu phố; cá nhân, tổ chức quan tâm đã đăng ký tham dự.
3. Cơ quan chủ trì mời đại diện Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp và cơ quan báo chí tham dự.
Điều 7. Trình tự đối thoại
1. Cơ quan chủ trì thông qua mục đích, nội dung, chương trình đối thoại.
2. Người dân, doanh nghiệp trình bày câu hỏi, kiến nghị; thời gian trình bày của mỗi ý kiến không quá 05 phút.
3. Người chủ trì hoặc đại diện cơ quan chuyên môn trả lời trực tiếp; đối với vấn đề phức tạp, người chủ trì kết luận hướng xử lý và thời hạn trả lời.
4. Buổi đối thoại được lập biên bản, ghi âm, ghi hình và lưu trữ theo quy định.
Chương III
XỬ LÝ KẾT QUẢ ĐỐI THOẠI VÀ TỔ CHỨC THỰC HIỆN
Điều 8. Thông báo và theo dõi kết quả đối thoại
1. Trong thời hạn 10 ngày làm việc kể từ ngày đối thoại, cơ quan chủ trì ban hành thông báo kết luận và đăng tải công khai trên Cổng thông tin điện tử.
2. Câu hỏi, kiến nghị chưa được trả lời tại buổi đối thoại được trả lời bằng văn bản trong thời hạn 15 ngày làm việc; trường hợp phức tạp, thời hạn trả lời không quá 30 ngày.
3. Cơ quan chủ trì lập danh mục kiến nghị, theo dõi tiến độ giải quyết và cập nhật công khai cho đến khi hoàn thành.
Điều 9. Trách nhiệm thi hành
1. Sở Nội vụ hướng dẫn, kiểm tra việc thực hiện Quy chế này; đưa kết quả thực hiện vào tiêu chí xác định Chỉ số cải cách hành chính hằng năm của các cơ quan, đơn vị.
2. Văn phòng Ủy ban nhân dân Thành phố phối hợp với Hiệp hội Doanh nghiệp Thành phố tổ chức các buổi đối thoại do Chủ tịch Ủy ban nhân dân Thành phố chủ trì.
3. Thủ trưởng các sở, ban, ngành, Chủ tịch Ủy ban nhân dân các cấp chịu trách nhiệm tổ chức thực hiện Quy chế này."""


# --- 4. Đề án tiếp nhận hồ sơ không phụ thuộc địa giới hành chính (UBND quận Long Biên) -----

_PHI_DIA_GIOI_BODY = """\
I. SỰ CẦN THIẾT VÀ CĂN CỨ XÂY DỰNG ĐỀ ÁN
1. Sự cần thiết
Quận Long Biên có 14 phường với khoảng 330.000 người; nhiều người lao động, sinh viên sinh sống, làm việc tại phường khác với nơi cư trú nhưng phần lớn thủ tục hành chính cấp phường vẫn phải nộp tại nơi cư trú, khiến người dân phải đi lại nhiều lần.
Dữ liệu dân cư, dữ liệu hộ tịch đã được số hóa và kết nối với Hệ thống thông tin giải quyết thủ tục hành chính Thành phố Hà Nội là điều kiện thuận lợi để thí điểm tiếp nhận hồ sơ tại bất kỳ Bộ phận Một cửa nào trên địa bàn quận.
2. Căn cứ xây dựng Đề án
a) Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính, được sửa đổi, bổ sung bởi Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021;
b) Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ về thực hiện thủ tục hành chính trên môi trường điện tử.
II. NỘI DUNG ĐỀ ÁN
1. Mục tiêu
Tổ chức, cá nhân được lựa chọn nộp hồ sơ và nhận kết quả tại Bộ phận Một cửa của bất kỳ phường nào hoặc của quận, không phụ thuộc nơi cư trú; 100% hồ sơ tiếp nhận theo hình thức này được chuyển đến cơ quan có thẩm quyền ngay trong ngày làm việc.
2. Phạm vi thí điểm
a) Nhóm thủ tục chứng thực: chứng thực bản sao từ bản chính, chứng thực chữ ký, chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản;
b) Nhóm thủ tục hộ tịch: đăng ký khai sinh, đăng ký khai tử, cấp bản sao trích lục hộ tịch, cấp giấy xác nhận tình trạng hôn nhân;
c) Nhóm thủ tục đăng ký hộ kinh doanh thuộc thẩm quyền của Ủy ban nhân dân quận.
3. Cách thức thực hiện
a) Bộ phận Một cửa nơi tiếp nhận kiểm tra, số hóa hồ sơ và chuyển hồ sơ điện tử đến cơ quan có thẩm quyền qua Hệ thống; không yêu cầu người dân nộp thêm bản giấy tại nơi giải quyết;
b) Người dân lựa chọn nhận kết quả tại nơi nộp hồ sơ, qua dịch vụ bưu chính công ích hoặc bản điện tử trên Cổng Dịch vụ công;
c) Không thu thêm bất kỳ khoản phí nào ngoài phí, lệ phí theo quy định.
4. Thời gian thí điểm
Thời gian thí điểm là 12 tháng, từ ngày 01 tháng 4 năm 2027. Sau 06 tháng, Ủy ban nhân dân quận sơ kết, đánh giá để điều chỉnh danh mục thủ tục thí điểm.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân quận chủ trì triển khai Đề án; ban hành quy trình nội bộ liên thông giữa các phường trước ngày 15 tháng 3 năm 2027.
2. Phòng Tư pháp hướng dẫn nghiệp vụ chứng thực, hộ tịch; Phòng Văn hóa và Thông tin bảo đảm hạ tầng kết nối, an toàn thông tin.
3. Ủy ban nhân dân các phường bố trí công chức tiếp nhận hồ sơ, niêm yết công khai danh mục thủ tục thí điểm và tuyên truyền đến người dân."""


CONSULTATIONS: list[dict[str, Any]] = [
    # ------------------------------------------------------------------------------------
    {
        "key": "dich-vu-cong-truc-tuyen",
        "agency_slug": "van-phong-ubnd-tp-hcm",
        "kind": "regulation",
        "title": "Dự thảo Quy định về cung cấp và sử dụng dịch vụ công trực tuyến trên địa bàn Thành phố Hồ Chí Minh",
        "topics": ["Cải cách hành chính", "Chuyển đổi số"],
        "summary": (
            "Dự thảo quy định thống nhất việc tiếp nhận hồ sơ, thanh toán phí, lệ phí và trả kết quả "
            "giải quyết thủ tục hành chính trên môi trường điện tử tại các cơ quan, đơn vị của Thành phố. "
            "Dự thảo làm rõ thời hạn kiểm tra, bổ sung hồ sơ trực tuyến, trách nhiệm của cơ quan giải quyết "
            "và việc hỗ trợ người dân chưa quen sử dụng dịch vụ số. Văn phòng Ủy ban nhân dân Thành phố "
            "mong nhận được ý kiến của người dân, doanh nghiệp để hoàn thiện trước khi trình ban hành."
        ),
        "opens_days_ago": 12,
        "open_days": 30,
        "body": _DVC_BODY_V1,
        "revision": {"changelog": _DVC_CHANGELOG, "body": _DVC_BODY_V2},
        "comments": [
            {
                "author": "nguoidan1@example.com",
                "section": "Điều 5",
                "body": (
                    "Tôi đề nghị xem xét lại thời hạn 03 ngày làm việc để bổ sung hồ sơ tại khoản 2 Điều 5. "
                    "Thực tế nhiều giấy tờ cần bổ sung phải xin ở cơ quan khác (bản vẽ hiện trạng nhà, giấy "
                    "xác nhận của ngân hàng...), không thể có trong 3 ngày. Người đi làm như tôi chỉ xin nghỉ "
                    "được một buổi, hoặc phải nhờ người thân đi thay.\n"
                    "Nếu quá hạn mà hồ sơ bị từ chối thì người dân lại phải nộp lại từ đầu, mất thêm thời gian "
                    "của cả người dân lẫn cán bộ. Tôi đề xuất nâng lên ít nhất 10 ngày làm việc, hoặc cho phép "
                    "người dân chủ động xin gia hạn một lần ngay trên Cổng Dịch vụ công.\n"
                    "Ngoài ra, thông báo yêu cầu bổ sung nên ghi rõ căn cứ pháp lý của từng giấy tờ, tránh "
                    "trường hợp mỗi cán bộ yêu cầu một kiểu."
                ),
                "replies": [
                    {
                        "author": "nguoidan3@example.com",
                        "body": (
                            "Đồng ý với anh Phúc về việc ghi rõ căn cứ pháp lý. Năm ngoái tôi làm thủ tục cấp đổi "
                            "giấy chứng nhận, bị yêu cầu bổ sung hai lần với hai nội dung khác nhau, trong khi khoản 2 "
                            "đã ghi là thông báo một lần. Nên có cách để người dân phản ánh ngay trên hệ thống khi bị "
                            "yêu cầu bổ sung lần thứ hai."
                        ),
                        "replies": [
                            {
                                "author": "nguoidan1@example.com",
                                "body": (
                                    "Cảm ơn anh Nam. Tôi nghĩ khi có yêu cầu bổ sung lần hai thì hệ thống nên tự động "
                                    "báo cho lãnh đạo đơn vị, như vậy sẽ hạn chế được tình trạng này."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                    {
                        "author": "nguoidan2@example.com",
                        "body": (
                            "Tôi xin phép có ý kiến hơi khác với anh Phúc. Nếu kéo dài lên 10 ngày làm việc thì thời "
                            "gian giải quyết chung của hồ sơ cũng bị kéo dài, hồ sơ có thể bị treo lâu trên hệ thống. "
                            "Theo tôi, 05 ngày làm việc là hợp lý, kèm theo quyền xin gia hạn một lần như anh đề xuất "
                            "cho những giấy tờ phải xin ở cơ quan khác. Như vậy vừa linh hoạt vừa không làm chậm việc "
                            "giải quyết hồ sơ."
                        ),
                        "replies": [
                            {
                                "author": "nguoidan1@example.com",
                                "body": (
                                    "Cảm ơn chị Hương đã góp ý. Tôi thấy phương án 05 ngày cộng với quyền gia hạn một "
                                    "lần là hợp lý, miễn là việc gia hạn làm được trực tuyến, không phải lên phường."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
                "votes": {
                    "up": ["nguoidan2@example.com", "nguoidan3@example.com", "nguoidan4@example.com",
                           "doanhnghiep.binhtan@example.com"],
                    "down": [],
                },
            },
            {
                "author": "doanhnghiep.binhtan@example.com",
                "section": "Điều 7",
                "body": (
                    "Công ty chúng tôi thường xuyên nộp hồ sơ trực tuyến và thanh toán phí qua Cổng Dịch vụ công "
                    "quốc gia. Có hai vấn đề đề nghị Ban soạn thảo quan tâm:\n"
                    "1. Khoản 3 quy định hoàn trả phí trong 05 ngày làm việc nhưng không nói hoàn trả bằng cách "
                    "nào. Thực tế đã có trường hợp doanh nghiệp phải làm văn bản đề nghị hoàn trả và chờ hơn một "
                    "tháng. Đề nghị quy định rõ việc hoàn trả tự động về tài khoản đã dùng để thanh toán.\n"
                    "2. Biên lai điện tử cần ghi đầy đủ tên, mã số thuế của doanh nghiệp để hạch toán chi phí, "
                    "tránh việc phải xin lại biên lai giấy."
                ),
                "replies": [
                    {
                        "author": "doanhnghiep.chinhanh@example.com",
                        "body": (
                            "Chúng tôi ủng hộ ý kiến này. Xin bổ sung: chi nhánh hạch toán phụ thuộc cũng cần biên lai "
                            "ghi đúng tên và mã số thuế của chi nhánh, hiện nay biên lai thường chỉ ghi tên công ty mẹ."
                        ),
                        "replies": [
                            {
                                "author": "doanhnghiep.binhtan@example.com",
                                "body": (
                                    "Đúng vậy. Đề nghị cho phép người nộp chọn đơn vị nhận biên lai ngay ở bước "
                                    "thanh toán."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan3@example.com", "doanhnghiep.chinhanh@example.com",
                           "doanhnghiep.longbien@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan4@example.com",
                "section": "Điều 9",
                "body": (
                    "Mẹ tôi năm nay 78 tuổi, không dùng được điện thoại thông minh. Lần trước làm thủ tục, phường "
                    "hướng dẫn nộp trực tuyến nhưng cả nhà phải thay nhau chở bà lên phường hai lần chỉ để kích "
                    "hoạt tài khoản định danh.\n"
                    "Tôi đề nghị Điều 9 bổ sung một khoản riêng về hỗ trợ người cao tuổi, người khuyết tật: được "
                    "ưu tiên hướng dẫn tại Bộ phận Một cửa, nếu đi lại khó khăn thì Tổ công nghệ số cộng đồng hỗ "
                    "trợ tại nhà. Người thân cũng nên được nộp hồ sơ thay bằng tài khoản của mình khi có giấy ủy "
                    "quyền, không bắt người già phải tự đăng nhập."
                ),
                "replies": [
                    {
                        "author": "nguoidan2@example.com",
                        "body": (
                            "Ở khu phố tôi (phường Bình Trị Đông) Tổ công nghệ số cộng đồng hoạt động khá tốt, các bạn "
                            "đoàn viên thanh niên đến tận nhà hỗ trợ. Nếu được ghi thành trách nhiệm trong Quy định này "
                            "thì các phường khác cũng sẽ làm bài bản hơn."
                        ),
                        "replies": [
                            {
                                "author": "nguoidan4@example.com",
                                "body": "Cảm ơn chị, tôi sẽ hỏi tổ dân phố chỗ mình xem đã có tổ này chưa.",
                                "replies": [],
                            },
                        ],
                    },
                ],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan2@example.com", "nguoidan3@example.com",
                           "doanhnghiep.chinhanh@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan3@example.com",
                "section": None,
                "body": (
                    "toi de nghi bo sung quy dinh ve viec cong khai thoi gian xu ly tung buoc cua ho so tren cong "
                    "dich vu cong. Hien nay nhieu khi chi thay trang thai \"dang xu ly\" ma khong biet ho so dang "
                    "nam o phong nao, bao gio xong. Neu hien thi duoc tung buoc (tiep nhan, tham dinh, trinh ky, "
                    "tra ket qua) thi nguoi dan do phai goi dien hoi nhieu."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan2@example.com", "nguoidan4@example.com",
                           "doanhnghiep.binhtan@example.com", "doanhnghiep.longbien@example.com"],
                    "down": [],
                },
            },
            {
                "author": "doanhnghiep.chinhanh@example.com",
                "section": "Điều 6",
                "body": (
                    "Khoản 3 Điều 6 cho phép người được ủy quyền thực hiện theo văn bản ủy quyền điện tử. Đề nghị "
                    "hướng dẫn cụ thể văn bản ủy quyền điện tử được lập ở đâu, ký bằng chữ ký số của ai. Đối với "
                    "chi nhánh như đơn vị chúng tôi, nhân viên đi nộp hồ sơ thay đổi thường xuyên, nếu mỗi lần phải "
                    "làm lại ủy quyền thì rất mất thời gian. Đề nghị cho phép doanh nghiệp tự quản lý danh sách "
                    "người được ủy quyền trên tài khoản định danh điện tử của tổ chức."
                ),
                "replies": [
                    {
                        "author": "doanhnghiep.longbien@example.com",
                        "body": (
                            "Công ty chúng tôi có công trình tại TP.HCM và cũng gặp vướng mắc tương tự. Nếu Thành phố "
                            "làm được chức năng quản lý danh sách người được ủy quyền thì rất thuận tiện cho cả doanh "
                            "nghiệp có trụ sở ở tỉnh, thành phố khác."
                        ),
                        "replies": [],
                    },
                ],
                "votes": {
                    "up": ["doanhnghiep.binhtan@example.com", "doanhnghiep.longbien@example.com",
                           "nguoidan3@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan2@example.com",
                "section": "Điều 8",
                "body": (
                    "Điểm a khoản 1 quy định bản điện tử có giá trị pháp lý như bản giấy, tôi rất ủng hộ. Tuy nhiên "
                    "khi mang kết quả điện tử đi làm việc với ngân hàng, văn phòng công chứng thì thường bị yêu cầu "
                    "bản giấy có đóng dấu. Đề nghị Quy định giao trách nhiệm cho các cơ quan, đơn vị của Thành phố "
                    "phải chấp nhận kết quả điện tử, đồng thời có cách để bên thứ ba kiểm tra tính xác thực, ví dụ "
                    "mã QR tra cứu."
                ),
                "replies": [
                    {
                        "author": "nguoidan1@example.com",
                        "body": (
                            "Mã QR tra cứu là ý hay. Nên ghi rõ luôn thời hạn lưu bản điện tử trong Kho quản lý dữ liệu "
                            "để người dân yên tâm, không cần in ra giấy."
                        ),
                        "replies": [],
                    },
                ],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan3@example.com", "nguoidan4@example.com"],
                    "down": [],
                },
            },
            {
                "author": "doanhnghiep.longbien@example.com",
                "section": "Điều 4",
                "body": (
                    "Khoản 3 Điều 4 có cụm từ \"trừ trường hợp pháp luật có quy định khác\" là quá rộng, dễ bị vận "
                    "dụng để yêu cầu nộp thêm bản giấy. Đề nghị Văn phòng UBND Thành phố công bố danh mục cụ thể "
                    "các thủ tục còn phải nộp bản giấy kèm căn cứ pháp lý tương ứng, cập nhật định kỳ."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan2@example.com", "doanhnghiep.chinhanh@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan4@example.com",
                "section": "Điều 11",
                "body": (
                    "Đề nghị bổ sung quy định chuyển tiếp: hồ sơ đã nộp trước ngày Quy định có hiệu lực thì tiếp tục "
                    "giải quyết theo quy định cũ hay quy định mới? Nên nói rõ để người dân không bị yêu cầu làm lại."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan3@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan1@example.com",
                "section": "Điều 10",
                "body": (
                    "Khoản 1 Điều 10 nên nêu rõ kết quả đánh giá hằng quý được công bố đến từng phường, xã, kèm tỷ "
                    "lệ hồ sơ trễ hạn và số văn bản xin lỗi đã gửi. Công khai như vậy thì các đơn vị sẽ có động lực "
                    "cải thiện."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan2@example.com", "nguoidan3@example.com", "nguoidan4@example.com",
                           "doanhnghiep.binhtan@example.com"],
                    "down": [],
                },
            },
            {
                "author": "doanhnghiep.binhtan@example.com",
                "section": None,
                "body": (
                    "Doanh nghiệp chúng tôi ủng hộ dự thảo. Đề nghị Thành phố xem xét lộ trình bắt buộc doanh nghiệp "
                    "nộp hồ sơ trực tuyến đối với các thủ tục đã có dịch vụ công trực tuyến toàn trình, vì doanh "
                    "nghiệp đều đã có chữ ký số. Việc duy trì song song hai kênh khiến Bộ phận Một cửa vẫn quá tải, "
                    "trong khi hồ sơ nộp trực tuyến lại phải chờ lâu hơn."
                ),
                "replies": [
                    {
                        "author": "nguoidan4@example.com",
                        "body": (
                            "Với doanh nghiệp thì có thể cân nhắc, nhưng xin đề nghị không áp dụng với hộ kinh doanh. "
                            "Nhiều hộ kinh doanh ở chợ chỉ có một, hai người, không có chữ ký số và không rành máy tính."
                        ),
                        "replies": [
                            {
                                "author": "doanhnghiep.binhtan@example.com",
                                "body": (
                                    "Cảm ơn chị đã góp ý. Chúng tôi đồng ý chỉ nên áp dụng với doanh nghiệp, không áp "
                                    "dụng với hộ kinh doanh."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
                "votes": {
                    "up": ["doanhnghiep.chinhanh@example.com", "doanhnghiep.longbien@example.com"],
                    "down": ["nguoidan2@example.com", "nguoidan4@example.com"],
                },
            },
            {
                "author": "nguoidan3@example.com",
                "section": "Điều 3",
                "body": (
                    "Khoản 3 Điều 3 về Kho quản lý dữ liệu điện tử: đề nghị làm rõ dữ liệu được lưu bao lâu, ai được "
                    "truy cập, và người dân có quyền yêu cầu xóa giấy tờ đã số hóa hay không, cho phù hợp với quy "
                    "định về bảo vệ dữ liệu cá nhân."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan4@example.com"],
                    "down": [],
                },
            },
        ],
        "agree": [
            "nguoidan1@example.com", "nguoidan2@example.com", "nguoidan4@example.com",
            "doanhnghiep.binhtan@example.com", "doanhnghiep.chinhanh@example.com",
        ],
        "disagree": ["doanhnghiep.longbien@example.com"],
    },
    # ------------------------------------------------------------------------------------
    {
        "key": "mot-cua-lien-thong-binh-tan-2027",
        "agency_slug": "ubnd-quan-binh-tan",
        "kind": "plan",
        "title": "Kế hoạch cải cách thủ tục hành chính theo mô hình một cửa, một cửa liên thông năm 2027",
        "topics": ["Cải cách hành chính", "Đất đai", "Tư pháp và hộ tịch"],
        "summary": (
            "Kế hoạch xác định mục đích, nhiệm vụ và giải pháp nâng cao chất lượng giải quyết thủ tục hành "
            "chính tại Bộ phận Một cửa quận và 10 phường trong năm 2027. Trọng tâm là mở rộng liên thông giữa "
            "quận, phường với các cơ quan đất đai, thuế, công an, rút ngắn thời gian giải quyết hồ sơ đất đai, "
            "hộ tịch. Ủy ban nhân dân quận Bình Tân đề nghị người dân, doanh nghiệp góp ý về các chỉ tiêu và "
            "giải pháp cụ thể."
        ),
        "opens_days_ago": 3,
        "open_days": 25,
        "body": _MOT_CUA_BODY,
        "revision": None,
        "comments": [
            {
                "author": "doanhnghiep.binhtan@example.com",
                "section": "Phần II",
                "body": (
                    "Công ty chúng tôi đề nghị mở rộng điểm b mục 2 Phần II sang nhóm thủ tục cho hộ kinh doanh: "
                    "đăng ký hộ kinh doanh, đăng ký thuế, cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm. "
                    "Hiện nay một hộ mở quán ăn ở Bình Tân phải đi ít nhất ba nơi, mỗi nơi một bộ hồ sơ với nhiều "
                    "thông tin trùng lặp. Nếu liên thông được nhóm này thì rất có ý nghĩa với một quận có nhiều hộ "
                    "kinh doanh như Bình Tân."
                ),
                "replies": [
                    {
                        "author": "doanhnghiep.chinhanh@example.com",
                        "body": (
                            "Đồng ý. Đề nghị bổ sung thêm thủ tục cấp phép sử dụng tạm thời một phần lòng đường để bốc "
                            "xếp hàng hóa; doanh nghiệp vận tải ở khu vực Tân Tạo hiện phải chờ khá lâu."
                        ),
                        "replies": [],
                    },
                ],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan3@example.com", "doanhnghiep.chinhanh@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan2@example.com",
                "section": "Phần II",
                "body": (
                    "Tôi rất ủng hộ việc đặt lịch hẹn trực tuyến và xếp hàng tự động. Công nhân như chúng tôi chỉ "
                    "có thể đi làm giấy tờ vào cuối tuần. Đề nghị Kế hoạch bổ sung việc Bộ phận Một cửa quận và các "
                    "phường làm việc sáng thứ Bảy, ít nhất đối với các thủ tục hộ tịch, chứng thực."
                ),
                "replies": [
                    {
                        "author": "nguoidan4@example.com",
                        "body": (
                            "Tôi ủng hộ ý kiến của chị. Khu công nghiệp Tân Tạo có rất nhiều công nhân, nghỉ làm một "
                            "buổi là bị trừ tiền chuyên cần."
                        ),
                        "replies": [
                            {
                                "author": "nguoidan3@example.com",
                                "body": (
                                    "Theo tôi biết, một số phường trong quận đã tiếp nhận hồ sơ sáng thứ Bảy nhưng "
                                    "chưa thông báo rộng rãi. Nên ghi vào Kế hoạch để áp dụng thống nhất và niêm yết "
                                    "công khai."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan3@example.com", "nguoidan4@example.com",
                           "doanhnghiep.binhtan@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan3@example.com",
                "section": "Phần I",
                "body": (
                    "Chỉ tiêu mức độ hài lòng trên 95% được đo bằng cách nào? Nếu chỉ bấm nút đánh giá tại quầy ngay "
                    "trước mặt cán bộ thì kết quả khó khách quan. Đề nghị kết hợp khảo sát độc lập, chẳng hạn gọi "
                    "điện ngẫu nhiên hoặc gửi tin nhắn cho người đã nhận kết quả."
                ),
                "replies": [
                    {
                        "author": "nguoidan1@example.com",
                        "body": (
                            "Tôi nghĩ đánh giá tại quầy vẫn nên giữ vì nhanh và có nhiều người tham gia. Chỉ nên bổ "
                            "sung khảo sát qua tin nhắn để đối chiếu, chứ không thay thế hoàn toàn."
                        ),
                        "replies": [],
                    },
                ],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan2@example.com", "doanhnghiep.binhtan@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan1@example.com",
                "section": "Phần III",
                "body": (
                    "Đề nghị kết quả thực hiện từng chỉ tiêu của Kế hoạch được công bố theo từng phường, cập nhật "
                    "hằng tháng trên Trang thông tin điện tử của quận để người dân theo dõi và góp ý."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan2@example.com", "nguoidan3@example.com", "nguoidan4@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan4@example.com",
                "section": None,
                "body": (
                    "Bộ phận Một cửa phường Bình Hưng Hòa A thường rất đông vào sáng thứ Hai, có hôm tôi chờ gần hai "
                    "tiếng. Kế hoạch nên có giải pháp điều phối nhân sự giữa các phường hoặc mở thêm quầy vào những "
                    "ngày cao điểm. Chỗ ngồi chờ và chỗ để xe cũng cần được cải thiện."
                ),
                "replies": [
                    {
                        "author": "nguoidan2@example.com",
                        "body": (
                            "Ở phường tôi cũng tương tự. Nếu đặt lịch hẹn trực tuyến được triển khai đúng như Kế hoạch "
                            "thì hy vọng sẽ giảm được cảnh chờ đợi."
                        ),
                        "replies": [],
                    },
                ],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan2@example.com", "doanhnghiep.chinhanh@example.com"],
                    "down": [],
                },
            },
            {
                "author": "doanhnghiep.chinhanh@example.com",
                "section": "Phần II",
                "body": (
                    "Điểm b mục 5 Phần II quy định trả lời phản ánh, kiến nghị trong 05 ngày làm việc là tích cực. "
                    "Đề nghị công khai nội dung trả lời (đã ẩn thông tin cá nhân) để những người có cùng vướng mắc "
                    "có thể tham khảo, giảm số phản ánh trùng lặp."
                ),
                "replies": [],
                "votes": {
                    "up": ["doanhnghiep.binhtan@example.com", "nguoidan3@example.com"],
                    "down": [],
                },
            },
        ],
        "agree": [
            "nguoidan1@example.com", "nguoidan2@example.com", "nguoidan4@example.com",
            "doanhnghiep.binhtan@example.com", "doanhnghiep.chinhanh@example.com",
        ],
        "disagree": [],
    },
    # ------------------------------------------------------------------------------------
    {
        "key": "quy-che-doi-thoai-dinh-ky",
        "agency_slug": "so-noi-vu-tp-hcm",
        "kind": "policy",
        "title": "Dự thảo Quy chế đối thoại định kỳ giữa chính quyền với người dân và doanh nghiệp",
        "topics": ["Cải cách hành chính", "Đầu tư và kinh doanh"],
        "summary": (
            "Dự thảo quy định nguyên tắc, hình thức, tần suất và trình tự tổ chức đối thoại định kỳ giữa người "
            "đứng đầu chính quyền các cấp, các sở, ngành với người dân và doanh nghiệp trên địa bàn Thành phố. "
            "Dự thảo cũng quy định thời hạn trả lời kiến nghị sau đối thoại và việc công khai, theo dõi kết quả "
            "giải quyết."
        ),
        "opens_days_ago": 45,
        "open_days": 30,
        "body": _DOI_THOAI_BODY,
        "revision": None,
        "comments": [
            {
                "author": "doanhnghiep.chinhanh@example.com",
                "section": "Điều 4",
                "body": (
                    "Đề nghị khoản 3 Điều 4 quy định Chủ tịch Ủy ban nhân dân quận, huyện đối thoại riêng với doanh "
                    "nghiệp ít nhất 01 lần mỗi năm, tách khỏi đối thoại với người dân. Vướng mắc của doanh nghiệp tại "
                    "địa phương thường liên quan đến hạ tầng giao thông, trật tự xây dựng, phòng cháy chữa cháy, là "
                    "những việc quận có thể giải quyết ngay, không cần chờ đến buổi đối thoại của Thành phố."
                ),
                "replies": [
                    {
                        "author": "doanhnghiep.binhtan@example.com",
                        "body": (
                            "Chúng tôi thống nhất. Ở Bình Tân nhiều doanh nghiệp vừa và nhỏ nằm xen trong khu dân cư, "
                            "rất cần một kênh đối thoại riêng ở cấp quận."
                        ),
                        "replies": [],
                    },
                ],
                "votes": {
                    "up": ["doanhnghiep.binhtan@example.com", "nguoidan1@example.com", "nguoidan3@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan1@example.com",
                "section": "Điều 7",
                "body": (
                    "Khoản 2 Điều 7 giới hạn mỗi ý kiến không quá 05 phút là hợp lý. Tuy nhiên, đề nghị quy định thứ "
                    "tự phát biểu được công khai, ưu tiên người đã gửi câu hỏi trước, và dành ít nhất một phần ba thời "
                    "gian cho câu hỏi gửi trực tuyến, để buổi đối thoại không chỉ dành cho những người được mời sẵn."
                ),
                "replies": [
                    {
                        "author": "nguoidan3@example.com",
                        "body": (
                            "Tôi đồng ý về thứ tự phát biểu công khai, nhưng xin có ý kiến khác về tỷ lệ một phần ba. "
                            "Nếu ấn định cứng tỷ lệ thì có buổi ít câu hỏi trực tuyến sẽ lãng phí thời gian. Nên để "
                            "người chủ trì điều hành linh hoạt, miễn là mọi câu hỏi trực tuyến đều được trả lời bằng "
                            "văn bản sau đó."
                        ),
                        "replies": [
                            {
                                "author": "nguoidan1@example.com",
                                "body": (
                                    "Cảm ơn anh Nam, ý kiến của anh thuyết phục. Quan trọng nhất là câu hỏi nào cũng "
                                    "được trả lời, tại chỗ hoặc bằng văn bản."
                                ),
                                "replies": [],
                            },
                        ],
                    },
                ],
                "votes": {
                    "up": ["nguoidan2@example.com", "nguoidan3@example.com", "nguoidan4@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan4@example.com",
                "section": "Điều 5",
                "body": (
                    "Ngoài Cổng thông tin điện tử và loa truyền thanh, đề nghị thông báo lịch đối thoại qua tài khoản "
                    "Zalo chính thức của phường và ứng dụng di động của Thành phố. Nhiều người trẻ không theo dõi "
                    "trang web của cơ quan nhà nước."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan2@example.com", "nguoidan3@example.com",
                           "doanhnghiep.chinhanh@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan2@example.com",
                "section": "Điều 8",
                "body": (
                    "Thời hạn trả lời 30 ngày đối với vấn đề phức tạp là dài, nhưng có thể chấp nhận nếu người hỏi "
                    "theo dõi được tiến độ. Đề nghị khoản 3 Điều 8 quy định rõ danh mục kiến nghị phải được đăng tải "
                    "kèm trạng thái xử lý (đang xử lý, đã trả lời, quá hạn) và tên cơ quan chịu trách nhiệm."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan4@example.com", "doanhnghiep.binhtan@example.com"],
                    "down": [],
                },
            },
            {
                "author": "nguoidan3@example.com",
                "section": None,
                "body": (
                    "Dự thảo là cần thiết. Đề nghị sau mỗi buổi đối thoại có phiếu khảo sát ngắn để người tham dự "
                    "đánh giá chất lượng trả lời; kết quả khảo sát nên được tính vào đánh giá người chủ trì."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan4@example.com"],
                    "down": [],
                },
            },
            {
                "author": "doanhnghiep.binhtan@example.com",
                "section": "Điều 3",
                "body": (
                    "Về đối thoại chuyên đề tại khoản 3 Điều 3: đề nghị tổ chức vào buổi tối hoặc cuối tuần đối với "
                    "nhóm hộ kinh doanh, vì chủ hộ kinh doanh thường không thể đóng cửa hàng trong giờ hành chính "
                    "để tham dự."
                ),
                "replies": [],
                "votes": {
                    "up": ["nguoidan2@example.com", "nguoidan4@example.com", "doanhnghiep.chinhanh@example.com"],
                    "down": ["nguoidan3@example.com"],
                },
            },
            {
                "author": "nguoidan2@example.com",
                "section": None,
                "body": (
                    "Dự thảo có nhiều điểm tích cực nhưng chưa có chế tài khi cơ quan không tổ chức đối thoại đúng "
                    "định kỳ hoặc không trả lời kiến nghị đúng hạn. Nếu không gắn với trách nhiệm người đứng đầu thì "
                    "Quy chế dễ mang tính hình thức. Tôi đề nghị bổ sung một điều về xử lý trách nhiệm."
                ),
                "replies": [
                    {
                        "author": "doanhnghiep.chinhanh@example.com",
                        "body": (
                            "Đồng tình. Có thể quy định việc không tổ chức đủ số buổi đối thoại là căn cứ để không xếp "
                            "loại hoàn thành xuất sắc nhiệm vụ đối với người đứng đầu."
                        ),
                        "replies": [],
                    },
                ],
                "votes": {
                    "up": ["nguoidan1@example.com", "nguoidan3@example.com", "nguoidan4@example.com",
                           "doanhnghiep.chinhanh@example.com"],
                    "down": [],
                },
            },
        ],
        "agree": [
            "nguoidan1@example.com", "nguoidan3@example.com", "nguoidan4@example.com",
            "doanhnghiep.binhtan@example.com", "doanhnghiep.chinhanh@example.com",
        ],
        "disagree": ["nguoidan2@example.com"],
    },
    # ------------------------------------------------------------------------------------
    {
        "key": "tiep-nhan-ho-so-phi-dia-gioi-long-bien",
        "agency_slug": "ubnd-quan-long-bien",
        "kind": "reform",
        "title": "Đề án thí điểm tiếp nhận hồ sơ hành chính không phụ thuộc địa giới hành chính tại quận Long Biên",
        "topics": ["Cải cách hành chính", "Tư pháp và hộ tịch", "Chuyển đổi số"],
        "summary": (
            "Đề án thí điểm cho phép người dân, tổ chức nộp hồ sơ và nhận kết quả một số thủ tục chứng thực, "
            "hộ tịch, đăng ký hộ kinh doanh tại Bộ phận Một cửa của bất kỳ phường nào trong quận Long Biên, "
            "không phụ thuộc nơi cư trú. Hồ sơ được số hóa và chuyển điện tử đến cơ quan có thẩm quyền ngay "
            "trong ngày; thời gian thí điểm dự kiến là 12 tháng."
        ),
        "opens_days_ago": -5,
        "open_days": 30,
        "body": _PHI_DIA_GIOI_BODY,
        "revision": None,
        "comments": [],
        "agree": [],
        "disagree": [],
    },
]
