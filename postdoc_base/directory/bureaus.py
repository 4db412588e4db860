"""The 14 preliminary-review bureaus (DOMAIN.md), keyed by administrative division code."""

BUREAUS = [
    # code, name, English name, kind, parent code
    ("150100", "呼和浩特市", "Hohhot", "league_city", None),
    ("150200", "包头市", "Baotou", "league_city", None),
    ("150300", "乌海市", "Wuhai", "league_city", None),
    ("150400", "赤峰市", "Chifeng", "league_city", None),
    ("150500", "通辽市", "Tongliao", "league_city", None),
    ("150600", "鄂尔多斯市", "Ordos", "league_city", None),
    ("150700", "呼伦贝尔市", "Hulunbuir", "league_city", None),
    ("150900", "乌兰察布市", "Ulanqab", "league_city", None),
    ("150800", "巴彦淖尔市", "Bayannur", "league_city", None),
    ("152200", "兴安盟", "Hinggan League", "league_city", None),
    ("152500", "锡林郭勒盟", "Xilingol League", "league_city", None),
    ("152900", "阿拉善盟", "Alxa League", "league_city", None),
    ("150781", "满洲里市", "Manzhouli", "separately_planned", "150700"),
    ("152501", "二连浩特市", "Erenhot", "separately_planned", "152500"),
]


def seed_bureaus(Bureau) -> None:
    """Idempotent: creates missing bureaus and fixes names, kinds and parents of existing ones."""
    by_code = {}
    for order, (code, name, name_en, kind, _parent) in enumerate(BUREAUS, start=1):
        bureau, _created = Bureau.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "order": order}
        )
        by_code[code] = bureau
    for code, *_rest, parent in BUREAUS:
        if parent:
            Bureau.objects.filter(code=code).update(parent=by_code[parent])
