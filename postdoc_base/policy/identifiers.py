"""Check digits of the two national identifiers the system stores.

- Unified social credit code of a unit (统一社会信用代码), GB 32100-2015.
- Resident identity card number (公民身份号码), GB 11643-1999.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from .findings import Finding, lazy_format

USCC_ARTICLE = "GB 32100-2015"
RESIDENT_ID_ARTICLE = "GB 11643-1999"

# 31 characters: the digits and the capital letters except I, O, Z, S, V. A character's value is its index.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_LENGTH = 18

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARS = "10X98765432"
RESIDENT_ID_LENGTH = 18


def normalize_uscc(s: str) -> str:
    """Strip surrounding whitespace and upper-case a unified social credit code (GB 32100-2015)."""
    return s.strip().upper()


def uscc_check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a code (GB 32100-2015, 第4.2条 / clause 4.2).

    check value = 31 - (sum of value x weight mod 31), where 31 becomes 0.
    Raises ``ValueError`` if ``first17`` is not 17 characters from the code's character set.
    """
    if len(first17) != USCC_LENGTH - 1:
        raise ValueError(f"expected 17 characters, got {len(first17)}")
    total = 0
    for char, weight in zip(first17, USCC_WEIGHTS, strict=True):
        value = USCC_CHARSET.find(char)
        if value < 0:
            raise ValueError(f"character {char!r} is not allowed in a unified social credit code")
        total += value * weight
    check = 31 - total % 31
    return USCC_CHARSET[0 if check == 31 else check]


def uscc_is_valid(code: str) -> bool:
    """True for an 18-character code with a correct check character (GB 32100-2015).

    Strict: no whitespace stripping or case folding; call ``normalize_uscc`` first for user input.
    """
    if not isinstance(code, str) or len(code) != USCC_LENGTH:
        return False
    if any(char not in USCC_CHARSET for char in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def check_uscc(code: str) -> Finding:
    """Finding for a unit's unified social credit code (GB 32100-2015); the input is normalised first."""
    normalized = normalize_uscc(code) if isinstance(code, str) else ""
    if uscc_is_valid(normalized):
        return Finding(
            ok=True,
            code="uscc.ok",
            article=USCC_ARTICLE,
            message=lazy_format(_("统一社会信用代码 %(code)s 校验通过（GB 32100-2015）。"), code=normalized),
        )
    if len(normalized) != USCC_LENGTH:
        reason = lazy_format(_("应为18位，实际为%(length)d位"), length=len(normalized))
    elif bad := sorted({char for char in normalized if char not in USCC_CHARSET}):
        reason = lazy_format(_("含有不允许的字符 %(chars)s（不使用 I、O、Z、S、V）"), chars="、".join(bad))
    else:
        reason = lazy_format(
            _("校验码应为 %(expected)s，实际为 %(actual)s"),
            expected=uscc_check_char(normalized[:17]),
            actual=normalized[17],
        )
    return Finding(
        ok=False,
        code="uscc.invalid",
        article=USCC_ARTICLE,
        message=lazy_format(_("统一社会信用代码无效（GB 32100-2015）：%(reason)s。"), reason=reason),
    )


def _resident_id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK_CHARS[total % 11]


def _embedded_birth_date(s: str) -> date | None:
    try:
        return date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return None


def resident_id_is_valid(s: str) -> bool:
    """True for an 18-digit resident identity number (GB 11643-1999).

    Seventeen digits, then the check character (``X`` or ``x`` for 10) over weights
    7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 mod 11; positions 7-14 must be a real calendar date.
    """
    if not isinstance(s, str) or len(s) != RESIDENT_ID_LENGTH:
        return False
    first17, check = s[:17], s[17].upper()
    if not (first17.isascii() and first17.isdigit()):
        return False
    if check != _resident_id_check_char(first17):
        return False
    return _embedded_birth_date(s) is not None


def resident_id_birth_date(s: str) -> date | None:
    """The birth date embedded in a valid resident identity number (GB 11643-1999), else ``None``."""
    if not resident_id_is_valid(s):
        return None
    return _embedded_birth_date(s)


def complete_resident_id(first17: str) -> str:
    """The full 18-character resident identity number for its first seventeen digits (GB 11643-1999)."""
    return first17 + _resident_id_check_char(first17)
