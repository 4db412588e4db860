"""Who may import what: each kind names its predicate (``ImportSpec.permission``), following who the kind's
services let write its records:

- the region administrator (Art. 5): the region's records (units, experts, the region's funding records,
  historical filed bases);
- a base's unit administrator (its 博士后管理机构, Arts. 7, 13, 25): its own base's postdocs with their
  appointments (``people.services.postdoc_create`` and ``stay.services.appointment_create`` let exactly the
  base's unit administrator write them); only while the unit has an active filed base.

``imports.import`` (the imports page) is true for anyone who may import some kind; the page and the API list
only the kinds the user may import.
"""

import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import holds_role, is_unit_admin
from postdoc_base.tenure.scoping import bases_managed_by

from .registry import IMPORTS, ImportSpec

NO_BASE = gettext_lazy("本单位没有已备案的博士后创新实践基地，不能批量导入博士后研究人员。")


@rules.predicate
def administers_a_base(user) -> bool:
    """A unit administrator of a unit with an active filed base (Arts. 7, 13): it keeps the base's records."""
    return bool(is_unit_admin(user)) and bases_managed_by(user).exists()


def kinds_for(user) -> list[ImportSpec]:
    """The kinds ``user`` may import, in the order they were registered."""
    return [spec for spec in IMPORTS.values() if spec.may_import(user)]


@rules.predicate
def can_import(user) -> bool:
    return any(spec.may_import(user) for spec in IMPORTS.values())


# The menu's 批量导入 (no query, as every menu entry): those who may import some kind. A unit administrator of a
# unit without a filed base and a postdoc not in a stay see it too, and the page says why they may not import
# now (``refusal``).
sees_imports = holds_role(Role.REGION_ADMIN, Role.UNIT_ADMIN, Role.POSTDOC)
is_postdoc = holds_role(Role.POSTDOC)
NOT_IN_STAY = gettext_lazy("只有在基地期间的博士后研究人员可以批量导入本人的在站成果（第十七条）。")


def refusal(user) -> str:
    """Why ``user`` may not import (shown on the refused page and in the API's 403)."""
    if is_unit_admin(user):
        return str(NO_BASE)
    if is_postdoc(user):
        return str(NOT_IN_STAY)
    return _("您没有批量导入的权限。")


rules.add_perm("imports.import", can_import)
