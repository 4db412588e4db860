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
