"""Every example a form shows is input the site accepts. The test walks every hint, placeholder
and message that gives an example ("ví dụ", "example", "e.g."): in the templates, in the Python
sources (hints, error messages) and in both languages of the message catalogue. An example with
a recognisable shape (a tax code, a date, a date and time, an email address, a web address) is
fed to the validator its field is checked by; an example of free text is listed below with its
validator. A new example nobody listed fails the test, so it cannot slip by unchecked."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from civic.accounts.services import normalise_email, normalise_tax_code
from civic.core.services import ServiceError, parse_date, parse_local_datetime
from civic.core.text import fold

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "civic" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# Demo content is sample data, not a form; its addresses are not examples shown to anyone.
SKIPPED_SOURCES = ("demo", "translations")

_MARKER = re.compile(r"(?:ví dụ|for example|e\.g\.|example:)\s*:?\s*", re.IGNORECASE)
_DATETIME = re.compile(r"\b\d{1,2}:\d{2} \d{1,2}/\d{1,2}/\d{4}\b")
_DATE = re.compile(r"(?<![\d:] )(?<!\d)\b\d{1,2}/\d{1,2}/\d{4}\b")
_TAX_CODE = re.compile(r"(?<![\d/])\b\d{10}(?:-\d{3})?\b(?![\d/])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://[^\s)”\"'…]+(?<![.,;])")
_RECEIPT = re.compile(r"\bGY-\d{4}-\d{6}\b")


def _is_url(text: str) -> bool:
    return text.startswith(("https://", "http://")) and " " not in text and len(text) <= 500


def _officials(text: str) -> None:
    from civic.dialogues import services
    rows = services._officials(services.parse_officials(text))
    assert rows, text


def _changelog(text: str) -> None:
    assert text.strip() and len(text) <= 10_000


def _signer_title(text: str) -> None:
    assert text.strip() and len(text) <= 160  # the length answers.signer_title holds


def _folds_to(pair: str) -> None:
    typed, found = re.findall(r"“([^”]+)”", pair)[:2]
    assert fold(typed) == fold(found), pair


# Examples of free text (a name and a title, a changelog, a search): the message's example,
# the validator it is checked by. The key is the start of the example as written.
FREE_TEXT = {
    "Nguyễn Văn An, Phó Chủ tịch UBND quận": _officials,
    "Nguyễn Văn An, Vice-Chairman of the District People's Committee": _officials,
    "Phó Chánh Văn phòng Sở": _signer_title,
    "Deputy Chief of the Department Office": _signer_title,
    "Sửa đổi khoản 2 Điều 5 theo hướng": _changelog,
    "Amended clause 2 of Article 5 to": _changelog,
    "“cai cach hanh chinh” tìm được “Cải cách hành chính”": _folds_to,
}


_TRANSLATED = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext"}


def _texts() -> list[tuple[str, str]]:
    """(where, text) for every string a person may read: catalogue entries in both languages,
    the translated strings and field descriptions/placeholders of the Python sources (not
    their docstrings), and the templates."""
    out = []
    with CATALOGUE.open("rb") as handle:
        for message in read_po(handle):
            for text in (message.id, message.string):
                for one in (text if isinstance(text, (tuple, list)) else (text,)):
                    if one:
                        out.append((f"messages.po: {str(message.id)[:40]}", one))
    for path in sorted((ROOT / "civic").rglob("*.py")):
        if any(part in SKIPPED_SOURCES or part.startswith("demo") for part in path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            shown = list(node.args[:2]) if name in _TRANSLATED else []
            shown += [k.value for k in node.keywords if k.arg in ("description", "placeholder", "hint")]
            for value in shown:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    out.append((str(path.relative_to(ROOT)), value.value))
    for path in sorted((ROOT / "templates").rglob("*.html")):
        out.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return out


def _examples() -> list[tuple[str, str]]:
    """(where, example text) after every example marker, up to the end of its sentence."""
    found = []
    for where, text in _texts():
        for marker in _MARKER.finditer(text):
            rest = text[marker.end():marker.end() + 200]
            rest = re.split(r"\)|\"\)|\n|\.(?:\s|$)|\.\"|\s\}\}", rest)[0].strip()
            found.append((where, rest))
    for where, text in _texts():
        if where.endswith(".html"):
            for match in re.finditer(r"(?:placeholder|hint)=\"([^\"{]+)\"", text):
                found.append((where, match.group(1)))
    return found


def _check(where: str, example: str) -> list[str]:
    """What was checked (shape: value); raises when the site would refuse the example."""
    checked = []
    for value in _DATETIME.findall(example):
        parse_local_datetime(value, "when")
        checked.append(f"date-time: {value}")
    for value in _DATE.findall(_DATETIME.sub("", example)):
        parse_date(value, "day")
        checked.append(f"date: {value}")
    for value in _TAX_CODE.findall(example):
        normalise_tax_code(value)
        checked.append(f"tax code: {value}")
    for value in _EMAIL.findall(example):
        normalise_email(value)
        checked.append(f"email: {value}")
    for value in _URL.findall(example):
        assert _is_url(value), (where, value)
        checked.append(f"url: {value}")
    for value in _RECEIPT.findall(example):
        from civic.comments.receipts import normalise

        assert normalise(value) == value, (where, value)
        checked.append(f"receipt: {value}")
    if checked:
        return checked
    for start, validator in FREE_TEXT.items():
        if example.startswith(start):
            validator(example)
            return [f"free text: {start}"]
    return []


def test_every_example_on_a_form_is_accepted_by_its_validator(app):
    examples = _examples()
    checked, unlisted, refused = [], [], []
    with app.test_request_context():
        for where, example in examples:
            if not example or example.startswith("https://…") or example == "https://…":
                continue  # a pattern to follow, not a value to type
            try:
                done = _check(where, example)
            except (ServiceError, AssertionError, ValueError) as error:
                refused.append(f"{where}: {example!r} ({error})")
                continue
            if done:
                checked.extend(done)
            elif not example.startswith(("https://", "http://")) and _MARKER.search(example) is None:
                # a placeholder that is not an example (the search box's invitation) is fine
                if "placeholder" not in where:
                    unlisted.append(f"{where}: {example!r}")
    assert refused == [], "examples the site would refuse:\n" + "\n".join(refused)
    kinds = {entry.split(":")[0] for entry in checked}
    # the walk really found the examples it is there for
    assert {"tax code", "date", "date-time", "free text"} <= kinds, checked
    assert unlisted == [] or all("placeholder" in entry for entry in unlisted), (
        "examples without a validator (add them to FREE_TEXT):\n" + "\n".join(unlisted))


def test_the_tax_code_examples_are_valid_for_a_company_and_a_branch():
    hints = [example for _where, example in _examples() if _TAX_CODE.search(example)]
    codes = {code for hint in hints for code in _TAX_CODE.findall(hint)}
    assert any(len(code) == 10 for code in codes) and any("-" in code for code in codes), codes
    for code in codes:
        assert normalise_tax_code(code)
        assert normalise_tax_code(code.split("-")[0])  # the company's own code is valid too


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_registration_form_shows_a_valid_tax_code_example(client, language):
    client.set_cookie("lang", language)
    html = client.get("/register", headers={"Accept-Language": language}).get_data(as_text=True)
    hint = re.search(r'id="tax_code-hint">([^<]+)<', html)
    assert hint is not None
    codes = _TAX_CODE.findall(hint.group(1))
    assert codes, hint.group(1)
    for code in codes:
        assert normalise_tax_code(code)

