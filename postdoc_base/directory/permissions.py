"""Who may write the registry: scope predicates composed with django-rules.

- The region administrator manages every bureau's units, the competent departments, the mobile stations
  and the expert pool (Art. 5).
- A league/city officer registers and maintains the units of their own bureau (Art. 6).
- A unit administrator keeps their own unit's contact details and address current.
The visibility of lists lives in ``selectors``.
"""

import rules

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin, region_admin_assignment
from postdoc_base.accounts.selectors import assignment_of

# The fields a unit administrator may change on their own unit.
UNIT_SELF_SERVICE_FIELDS = frozenset({"contact_name", "contact_phone", "address"})


def bureau_assignment(user, bureau_id):
    """The bureau-officer assignment covering ``bureau_id``, or None (also None for a unit with no bureau)."""
    if bureau_id is None:
        return None
    return assignment_of(user, Role.BUREAU_OFFICER, bureau_id=bureau_id)


def unit_write_assignment(user, unit, changed: set[str] | frozenset[str] = frozenset()):
    """The assignment under which ``user`` may change ``changed`` fields of ``unit``, or None.

    Region administrator: anything. Bureau officer: units of their bureau. Unit administrator: only the
    contact and address fields of their own unit.
    """
    if a := region_admin_assignment(user):
        return a
    if a := bureau_assignment(user, unit.bureau_id):
        return a
    if set(changed) <= UNIT_SELF_SERVICE_FIELDS and (
        a := assignment_of(user, Role.UNIT_ADMIN, unit_id=unit.pk)
    ):
        return a
    return None


@rules.predicate
def is_bureau_officer(user) -> bool:
    return assignment_of(user, Role.BUREAU_OFFICER) is not None


@rules.predicate
def can_manage_unit(user, unit) -> bool:
    """Change any field of the unit (region, or the officer of the unit's bureau)."""
    return region_admin_assignment(user) is not None or bureau_assignment(user, unit.bureau_id) is not None


@rules.predicate
def can_edit_unit_contact(user, unit) -> bool:
    """Change the unit's contact details and address (adds the unit's own administrator)."""
    return unit_write_assignment(user, unit, UNIT_SELF_SERVICE_FIELDS) is not None


can_create_unit = is_region_admin | is_bureau_officer
can_manage_registry = is_region_admin

rules.add_perm("directory.add_unit", can_create_unit)
rules.add_perm("directory.change_unit", can_manage_unit)
rules.add_perm("directory.change_unit_contact", can_edit_unit_contact)
rules.add_perm("directory.manage_departments", can_manage_registry)
rules.add_perm("directory.manage_stations", can_manage_registry)
rules.add_perm("directory.manage_experts", can_manage_registry)
