"""Every visible string goes through Babel, and the English catalogue covers all of them."""
import re
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "civic/translations/en/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _extract(tmp_path) -> set[str]:
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-o", str(pot),
         str(ROOT / "civic"), str(ROOT / "templates")]
    )
    with pot.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_english_catalogue_translates_every_string_in_the_code(tmp_path):
    extracted = _extract(tmp_path)
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {m.id: m.string for m in catalogue if m.id}
    done = {k for k, v in translated.items() if (all(v) if isinstance(v, tuple) else v)}
    missing = sorted(extracted - done)
    assert missing == [], f"run `make messages` and translate: {missing[:10]}"
    for message in catalogue:
        if message.id:
            assert "fuzzy" not in message.flags, message.id
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                assert set(PLACEHOLDER.findall(ids[0])) == set(PLACEHOLDER.findall(string)), message.id


def test_templates_have_no_untranslated_vietnamese_text():
    """Vietnamese outside {{ _(...) }} in a template is a string that English users would see."""
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ]", re.IGNORECASE)
    allowed = {"Tiếng Việt"}  # the language's own name in the switch, always in Vietnamese
    problems = []
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", text, flags=re.S)
        for word in allowed:
            text = text.replace(word, "")
        for line in text.splitlines():
            if vietnamese.search(line):
                problems.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert problems == []
