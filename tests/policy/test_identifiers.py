from datetime import date

import pytest

from postdoc_base.policy.identifiers import (
    check_uscc,
    normalize_uscc,
    resident_id_birth_date,
    resident_id_is_valid,
    uscc_check_char,
    uscc_is_valid,
)

# Character values: 0-9 -> 0-9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26
# U27 W28 X29 Y30. Weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28.
VALID_USCCS = [
    # all ones: the weights sum to 305; 305 mod 31 = 26; 31 - 26 = 5
    "111111111111111115",
    # all zeros: sum 0; 31 - 0 = 31, which becomes 0
    "000000000000000000",
    # 9*1 + 1*3 + 1*9 + 5*27 = 156; 156 mod 31 = 1; 31 - 1 = 30 -> Y (an Inner Mongolia enterprise prefix)
    "91150000000000000Y",
    # 9 + 3 + 27 + 135 + 26 + M(21)*20 + 1*8 + Y(30)*30 + 4*28 = 1640; 1640 mod 31 = 28; 31 - 28 = 3
    "91350100M000100Y43",
]


@pytest.mark.parametrize("code", VALID_USCCS)
def test_uscc_with_hand_computed_check_char_is_valid(code):
    assert uscc_check_char(code[:17]) == code[17]
    assert uscc_is_valid(code)
    finding = check_uscc(code)
    assert (finding.ok, finding.code, finding.article) == (True, "uscc.ok", "GB 32100-2015")


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # check char should be 3
        "111111111111111116",  # check char should be 5
        "91150000000000000X",  # check char should be Y
        "000000000000000001",  # sum 0 gives check 0, not 1
    ],
)
def test_uscc_with_wrong_check_char_is_invalid(code):
    assert not uscc_is_valid(code)
    assert check_uscc(code).code == "uscc.invalid"


@pytest.mark.parametrize("bad_char", ["I", "O", "Z", "S", "V"])
def test_uscc_with_excluded_letter_is_invalid(bad_char):
    code = "91350100M000100Y4" + bad_char
    assert not uscc_is_valid(code)
    finding = check_uscc(code)
    assert (finding.ok, finding.code) == (False, "uscc.invalid")


@pytest.mark.parametrize("bad_char", ["I", "O", "Z", "S", "V"])
def test_uscc_check_char_rejects_excluded_letter_in_prefix(bad_char):
    with pytest.raises(ValueError):
        uscc_check_char("9135010" + bad_char + "M000100Y4")


@pytest.mark.parametrize("code", ["", "91350100M000100Y4", "91350100M000100Y433", "9135"])
def test_uscc_of_wrong_length_is_invalid(code):
    assert not uscc_is_valid(code)
    assert check_uscc(code).code == "uscc.invalid"


def test_uscc_check_char_needs_seventeen_characters():
    with pytest.raises(ValueError):
        uscc_check_char("9135010")


def test_uscc_is_strict_but_check_uscc_normalises_user_input():
    raw = "  91350100m000100y43 "
    assert normalize_uscc(raw) == "91350100M000100Y43"
    assert not uscc_is_valid(raw)
    assert check_uscc(raw).ok


def test_uscc_rejects_non_string():
    assert not uscc_is_valid(None)


def test_uscc_failure_message_names_expected_check_char(msgids):
    message = str(check_uscc("91350100M000100Y44").message)
    assert "GB 32100-2015" in message
    assert "校验码应为 3" in message


# Weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2; check chars "10X98765432" indexed by sum mod 11.
VALID_RESIDENT_IDS = [
    # products 7,9,0,5,0,20,2,9,24,27,7,18,30,5,0,0,4 sum to 167; 167 mod 11 = 2 -> X
    ("11010519491231002X", date(1949, 12, 31)),
    ("11010519491231002x", date(1949, 12, 31)),
    # products 7,45,0,5,0,8,2,9,54,0,0,27,0,35,8,8,6 sum to 214; 214 mod 11 = 5 -> 7
    ("150102199003071237", date(1990, 3, 7)),
]


@pytest.mark.parametrize(("number", "born"), VALID_RESIDENT_IDS)
def test_resident_id_with_correct_check_char_is_valid(number, born):
    assert resident_id_is_valid(number)
    assert resident_id_birth_date(number) == born


def _with_check_char(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


@pytest.mark.parametrize(
    ("first17", "valid"),
    [
        ("15010220000229123", True),  # 2000 is a leap year
        ("15010219000229123", False),  # 1900 is not
        ("15010219900230123", False),  # 30 February
        ("15010219901301123", False),  # month 13
        ("15010219900100123", False),  # day 0
    ],
)
def test_resident_id_needs_a_real_birth_date(first17, valid):
    number = _with_check_char(first17)
    assert resident_id_is_valid(number) is valid
    assert (resident_id_birth_date(number) is not None) is valid


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # check char should be X
        "150102199003071238",  # check char should be 7
        "15010219900307123",  # 17 characters
        "1501021990030712377",  # 19 characters
        "15010219900307123A",  # letter other than X
        "1501021990030712X7",  # X before the last position
        "",
    ],
)
def test_resident_id_with_wrong_check_char_or_shape_is_invalid(number):
    assert not resident_id_is_valid(number)
    assert resident_id_birth_date(number) is None
