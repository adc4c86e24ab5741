"""A reproducible Vietnamese corpus and query set for the search benchmark.

Text is drawn from syllable and adjacent-pair counts of Vietnamese administrative news
(`../shared/data/vi-syllables.tsv`, `vi-syllable-pairs.tsv`, beside the repository): mostly
two-syllable words chosen by pair frequency, chained now and then into longer runs
(`cải cách` → `hành chính`), single syllables by their own (Zipf-like) frequency, and some
domain vocabulary of our own (agencies, provinces, legal terms, document numbers, which also
give the long tail of rare terms a real index has). A share of comments is typed without
diacritics, as citizens often do. Same seed, same corpus:

    from bench.vi_corpus import generate, queries
    docs = list(generate(1000, seed=20260101))
    qs = queries(240, seed=20260101)
"""
from __future__ import annotations

import bisect
import dataclasses
import itertools
import random
import unicodedata
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from civic.core.text import fold, slugify
from civic.search.documents import SearchDocument

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SEED = 20260101
UNACCENTED_COMMENTS = 0.3   # citizens often type without Vietnamese input: exact-accent ranking matters

KINDS = ("consultation", "section", "comment", "answer")

AGENCIES = (
    "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Sở Kế hoạch và Đầu tư", "Sở Giao thông vận tải",
    "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông",
)
AGENCY_SLUGS = tuple(slugify(name) for name in AGENCIES)
OTHER_BODIES = (
    "Ủy ban nhân dân", "Hội đồng nhân dân", "Bộ Tư pháp", "Bộ Nội vụ", "Văn phòng Chính phủ",
    "Thanh tra tỉnh", "Ban Quản lý dự án", "Trung tâm Phục vụ hành chính công", "Công an tỉnh",
    "Mặt trận Tổ quốc", "Liên đoàn Lao động", "Hội Nông dân", "Đoàn Thanh niên",
)
PLACES = (
    "Hà Nội", "Đà Nẵng", "Long An", "Hải Phòng", "Cần Thơ", "Thành phố Hồ Chí Minh", "Huế",
    "Quảng Ninh", "Bình Dương", "Đồng Nai", "Nghệ An", "Thanh Hóa", "Khánh Hòa", "Lâm Đồng",
    "Bắc Ninh", "An Giang", "Kiên Giang", "Gia Lai", "Đắk Lắk", "Quảng Nam", "Tây Ninh",
    "Vĩnh Long", "Hà Tĩnh", "Lào Cai", "Điện Biên", "Cà Mau", "Phú Quốc", "Bà Rịa - Vũng Tàu",
)
LEGAL_TERMS = (
    "nghị định", "thông tư", "quyết định", "nghị quyết", "dự thảo", "văn bản quy phạm pháp luật",
    "thủ tục hành chính", "dịch vụ công trực tuyến", "lấy ý kiến", "góp ý", "hiệu lực thi hành",
    "thẩm định", "ban hành", "sửa đổi, bổ sung", "quy định chi tiết", "hướng dẫn thi hành",
    "căn cứ", "phạm vi điều chỉnh", "đối tượng áp dụng", "trách nhiệm giải trình",
    "xử phạt vi phạm hành chính", "giấy phép", "hồ sơ", "cơ sở dữ liệu quốc gia",
    "định danh điện tử", "chữ ký số", "một cửa liên thông", "công khai, minh bạch",
    "khiếu nại, tố cáo", "bồi thường, hỗ trợ, tái định cư", "quyền sử dụng đất", "lệ phí",
    "thời hạn giải quyết", "tiếp nhận hồ sơ", "trả kết quả", "cấp giấy chứng nhận",
)
TITLE_OPENINGS = (
    "Dự thảo Nghị định", "Dự thảo Thông tư", "Dự thảo Quyết định", "Dự thảo Nghị quyết",
    "Kế hoạch", "Báo cáo", "Tờ trình", "Lấy ý kiến về", "Đề án", "Chương trình", "Quy định về",
    "Góp ý", "Trả lời ý kiến về", "Hướng dẫn",
)
DECREE_SUFFIX = ("NĐ-CP", "QĐ-UBND", "TT-BTP", "TT-BNV", "TT-BTC", "NQ-HĐND", "QĐ-TTg", "CT-UBND")
ABBREVIATIONS = {
    s: s.upper() for s in ("tp", "cchc", "hcm", "ubnd", "tthc", "ttg", "ct", "who", "ctr", "par", "qh", "dn",
                           "ts", "pci", "vh", "tt", "dl", "sipas", "cntt", "xvii", "unesco", "tphcm", "papi")
}
ABBREVIATIONS.update({"covid": "Covid", "mpox": "Mpox"})


# --- the counts ----------------------------------------------------------------------------

def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


class _Choice:
    """Weighted choice with a precomputed cumulative table (much faster than random.choices)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


class _Tables:
    def __init__(self):
        syllables = [(s, int(c)) for s, c in _rows("vi-syllables.tsv")]
        syllables.sort(key=lambda row: (-row[1], row[0]))
        self.syllables = syllables
        self.syllable = _Choice([s for s, _ in syllables], [c for _, c in syllables])
        pair_rows = [(a, b, int(c)) for a, b, c in _rows("vi-syllable-pairs.tsv")]
        self.pair_list = [(a, b) for a, b, _ in pair_rows]
        self.pair = _Choice(self.pair_list, [c for _, _, c in pair_rows])
        following: dict[str, list[tuple[str, int]]] = {}
        for a, b, c in pair_rows:
            following.setdefault(a, []).append((b, c))
        self.next = {a: _Choice([b for b, _ in rows], [c for _, c in rows]) for a, rows in following.items()}
        self.pair_weight = {(a, b): c for a, b, c in pair_rows}


@lru_cache(maxsize=1)
def tables() -> _Tables:
    return _Tables()


# --- text ----------------------------------------------------------------------------------

def _extra(rng: random.Random) -> list[str]:
    """Domain vocabulary: agencies, places, legal terms and references (rare numbers)."""
    r = rng.random()
    if r < 0.22:
        return (rng.choice(AGENCIES) if rng.random() < 0.6 else rng.choice(OTHER_BODIES)).split()
    if r < 0.42:
        words = rng.choice(PLACES).split()
        return (["tỉnh"] + words) if rng.random() < 0.2 and len(words) == 2 else words
    if r < 0.75:
        return rng.choice(LEGAL_TERMS).split()
    if r < 0.9:
        number = int(rng.paretovariate(1.1)) if rng.random() < 0.5 else rng.randint(1, 350)
        return ["số", f"{number}/{rng.choice((2024, 2025, 2026))}/{rng.choice(DECREE_SUFFIX)}"]
    if r < 0.97:
        return [rng.choice(("Điều", "khoản", "điểm", "Chương", "Mục")), str(rng.randint(1, 60))]
    return ["ngày", str(rng.randint(1, 28)), "tháng", str(rng.randint(1, 12)), "năm", str(rng.choice((2025, 2026)))]


def _display(syllable: str) -> str:
    return ABBREVIATIONS.get(syllable, syllable)


def _words(rng: random.Random, count: int, last: str = "") -> list[str]:
    """`count` space-separated words (syllables), as a Markov walk over the counts."""
    t = tables()
    out: list[str] = []
    while len(out) < count:
        r = rng.random()
        nxt = t.next.get(last)
        if r < 0.30 and nxt is not None:
            emitted = [nxt(rng)]                      # continue a run: cải cách → hành
        elif r < 0.75:
            emitted = list(t.pair(rng))               # a two-syllable word
        elif r < 0.93:
            emitted = [t.syllable(rng)]               # a single syllable
        else:
            emitted = _extra(rng)
        if len(emitted) > count - len(out):
            emitted = [t.syllable(rng)]
        out.extend(_display(w) for w in emitted)
        last = emitted[-1].lower()
    return out


def _without_accents(text: str) -> str:
    """As typed on a keyboard without Vietnamese input: no diacritics, case kept."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def _sentences(rng: random.Random, count: int) -> str:
    parts: list[str] = []
    remaining = count
    paragraph = 0
    while remaining > 0:
        length = min(remaining, rng.randint(8, 22))
        if 0 < remaining - length < 4:
            length = remaining
        words = _words(rng, length)
        remaining -= length
        words[0] = _capitalise(words[0])
        if length >= 10 and rng.random() < 0.6:            # a comma, sometimes a colon or semicolon
            at = rng.randint(3, length - 4)
            words[at] += rng.choice((",", ",", ",", ";", ":"))
        sentence = " ".join(words).replace(",,", ",") + ("." if rng.random() < 0.95 else ";")
        paragraph += 1
        if parts and paragraph > 3 and rng.random() < 0.35:
            parts.append("\n\n")
            paragraph = 0
        elif parts:
            parts.append(" ")
        parts.append(sentence)
    return "".join(parts)


def _title(rng: random.Random) -> str:
    opening = rng.choice(TITLE_OPENINGS).split()
    length = rng.randint(6, 14)
    rest = max(0, length - len(opening))
    tail: list[str] = []
    if rest >= 4 and rng.random() < 0.35:
        where = ["tại", *rng.choice(PLACES).split()] if rng.random() < 0.6 else ["của", *rng.choice(AGENCIES).split()]
        if len(where) <= rest - 2:
            tail = where
    body = _words(rng, rest - len(tail), last=opening[-1].lower())
    return " ".join(opening + body + tail)


_FIELDS = {f.name for f in dataclasses.fields(SearchDocument)}


def _document(i: int, rng: random.Random, start: date) -> SearchDocument:
    kind = KINDS[i % len(KINDS)]
    title = _title(rng)
    body = _sentences(rng, rng.randint(80, 150))
    if kind == "comment" and rng.random() < UNACCENTED_COMMENTS:
        body = _without_accents(body)
    day = start + timedelta(days=rng.randrange(730))       # 2025-01-01 .. 2026-12-31
    values = dict(id=f"bench:{i}", kind=kind, title=title, body=body, url=f"/x/{i}",
                  agency=rng.choice(AGENCY_SLUGS), day=day)
    if kind == "consultation":
        values.update(opens=day, closes=day + timedelta(days=rng.choice((30, 45, 60))), concluded=rng.random() < 0.3)
    return SearchDocument(**{k: v for k, v in values.items() if k in _FIELDS})


def generate(n: int, seed: int = SEED) -> Iterator[SearchDocument]:
    """`n` documents, ids `bench:0` .. `bench:<n-1>`; the same seed gives the same corpus."""
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    for i in range(n):
        yield _document(i, rng, start)


# --- queries -------------------------------------------------------------------------------

def _query_words(rng: random.Random, t: _Tables) -> list[str]:
    size = rng.choices((1, 2, 3), weights=(35, 40, 25))[0]
    r = rng.random()
    if size == 1:
        if r < 0.45:   # common: among the 60 most frequent syllables
            return [rng.choice(t.syllables[:60])[0]]
        if r < 0.85:   # rare: seen once or twice in the source text
            return [rng.choice([s for s, c in t.syllables if c <= 2])]
        return [rng.choice(PLACES + AGENCIES).split()[-1]]
    if r < 0.10:       # a name of ours
        names = [w for w in PLACES + AGENCIES + OTHER_BODIES if len(w.split()) == size]
        return rng.choice(names).split()
    if r < 0.80:       # real adjacent words, half by frequency, half any pair
        a, b = t.pair(rng) if rng.random() < 0.5 else rng.choice(t.pair_list)
        words = [a, b]
        if size == 3:
            nxt = t.next.get(b)
            words.append(nxt(rng) if nxt is not None else t.syllable(rng))
        return words
    return [t.syllable(rng) for _ in range(size)]   # random syllables: often only the relaxed query finds them


def queries(n: int = 240, seed: int = SEED) -> list[str]:
    """`n` distinct queries of 1–3 words; every other one typed without diacritics."""
    rng = random.Random(seed + 1)
    t = tables()
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        words = _query_words(rng, t)
        text = " ".join(_display(w) if w in ABBREVIATIONS else w for w in words)
        if len(out) % 2:
            text = fold(text)
        key = fold(text)
        if key in seen:
            continue
        seen.add(key)
        out.append(text)
    return out


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for doc in generate(count):
        print(f"[{doc.id} {doc.kind} {doc.agency} {doc.day}]\n{doc.title}\n{doc.body}\n")
    print(queries(40))
