"""English is available for every string: the catalogue has no untranslated or fuzzy entry and keeps
every placeholder of its Chinese source."""

import re
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(([a-z_]+)\)")


def entries():
    return [e for e in polib.pofile(str(PO)) if not e.obsolete]


def test_every_string_has_an_english_translation():
    missing = [e.msgid for e in entries() if not e.translated()]
    assert missing == []


def test_translations_keep_every_placeholder():
    broken = [
        e.msgid
        for e in entries()
        if sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(e.msgstr))
    ]
    assert broken == []


SOURCE = Path(__file__).resolve().parents[1] / "postdoc_base"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
PY_CALL = re.compile(
    r"""\b(?:_|gettext|gettext_lazy|pgettext|pgettext_lazy)\(\s*(?:"[^"]*",\s*(?="))?"""
    r"""("(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*)"""
)
TEMPLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(?:"([^"]+)"|'([^']+)')""")


def source_strings() -> dict[str, str]:
    """Chinese strings marked for translation in code and templates (a close cousin of xgettext's view)."""
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*"):
        if "migrations" in path.parts or "static" in path.parts:
            continue
        if path.suffix == ".py":
            for match in PY_CALL.finditer(path.read_text()):
                text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
                text = text.encode().decode("unicode_escape").encode("latin-1").decode()
                found.setdefault(text, str(path.relative_to(SOURCE)))
        elif path.suffix == ".html":
            for match in TEMPLATE_TAG.finditer(path.read_text()):
                found.setdefault(match.group(1) or match.group(2), str(path.relative_to(SOURCE)))
    return {text: where for text, where in found.items() if CHINESE.search(text)}


def test_every_marked_string_in_the_code_is_in_the_catalogue():
    known = {e.msgid for e in entries()}
    missing = sorted(f"{where}: {text}" for text, where in source_strings().items() if text not in known)
    assert missing == []
