"""Personal names as the base records them: Chinese names, middle dots and Mongolian-origin names."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext_lazy as _

from ..findings import Finding, lazy_format

# Names: the longest accepted, in characters after normalisation (a system limit, not from the measures).
PERSON_NAME_MAX_LENGTH = 50


MIDDLE_DOT = "·"  # U+00B7, the separator of transliterated names (巴特尔·朝鲁)
# Look-alikes typed for the middle dot: katakana middle dot, its half-width form, bullet, hyphenation
# point, bullet operator, dot operator, one dot leader, full-width full stop.
MIDDLE_DOT_VARIANTS = "・･•‧∙⋅․．"
# Format characters of the Mongolian script (free variation selectors, vowel separator, narrow no-break
# space), accepted inside names written in traditional Mongolian.
_MONGOLIAN_FORMAT = {"\u180b", "\u180c", "\u180d", "\u180e", "\u180f", "\u202f"}
_NAME_PUNCTUATION = {MIDDLE_DOT, " ", "-", "'"}


def normalize_person_name(name: str) -> str:
    """NFC, trimmed, inner whitespace collapsed, every middle-dot look-alike as U+00B7 with no spaces
    around it: " 巴特尔 ・ 朝鲁 " -> "巴特尔·朝鲁"."""
    text = unicodedata.normalize("NFC", name or "")
    for variant in MIDDLE_DOT_VARIANTS:
        text = text.replace(variant, MIDDLE_DOT)
    text = " ".join(text.split())
    return text.replace(f" {MIDDLE_DOT}", MIDDLE_DOT).replace(f"{MIDDLE_DOT} ", MIDDLE_DOT)


def check_person_name(name: str) -> Finding:
    """A postdoc's or supervisor's name, normalised first (``normalize_person_name``).

    Accepts Chinese names, transliterated names with middle dots (巴特尔·朝鲁), long Mongolian-origin
    names, names in traditional Mongolian script and Latin-script passport names. Codes ``name.ok``,
    ``name.empty``, ``name.too_long`` (over 50 characters), ``name.digits``, ``name.invalid_chars``, ``name.no_letters``,
    ``name.misplaced_dot`` (at either end or doubled). No article: a system rule.
    """
    text = normalize_person_name(name if isinstance(name, str) else "")
    if not text:
        return Finding(ok=False, code="name.empty", article="", message=_("请填写姓名。"))
    if len(text) > PERSON_NAME_MAX_LENGTH:
        return Finding(
            ok=False,
            code="name.too_long",
            article="",
            message=lazy_format(
                _("姓名不能超过%(max)d个字符，现为%(length)d个字符。"),
                max=PERSON_NAME_MAX_LENGTH,
                length=len(text),
            ),
        )
    if any(char.isdigit() for char in text):
        return Finding(ok=False, code="name.digits", article="", message=_("姓名不能包含数字。"))
    bad = sorted(
        {
            char
            for char in text
            if not (
                char.isalpha()
                or unicodedata.category(char) in ("Mn", "Mc")
                or char in _MONGOLIAN_FORMAT
                or char in _NAME_PUNCTUATION
            )
        }
    )
    if not bad and not any(char.isalpha() for char in text):
        return Finding(ok=False, code="name.no_letters", article="", message=_("姓名须包含文字。"))
    if bad:
        return Finding(
            ok=False,
            code="name.invalid_chars",
            article="",
            message=lazy_format(_("姓名含有不允许的字符：%(chars)s"), chars=" ".join(bad)),
        )
    if text.startswith(MIDDLE_DOT) or text.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in text:
        return Finding(
            ok=False,
            code="name.misplaced_dot",
            article="",
            message=_("姓名中的间隔号“·”只能用于两段姓名之间。"),
        )
    return Finding(ok=True, code="name.ok", article="", message=lazy_format(_("姓名：%(name)s"), name=text))
