"""Never cut what people wrote: a browser silently cuts a pasted text at `maxlength`, so fields
of written text carry none (the server refuses an over-long text with a message instead).
Only short codes keep one: numbers, tax codes, slugs, dates, search boxes."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODES = re.compile(r'inputmode="numeric"|inputmode=.numeric.|tax_code|slug|type="search"|name="q"|id="f-q"|target')


def test_no_field_of_written_text_has_a_maxlength():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in re.finditer(r"maxlength", line):
                if not CODES.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert offenders == []
