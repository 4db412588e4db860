"""Who may see what of a postdoc's identity (Art. 13; issue 9, personal data that cannot be rebuilt).

- The full ID number (``can_reveal_id``, the audited reveal): the region administrator and the unit
  administrators of the base that recorded the postdoc.
- The birth date (``can_see_birth_date``): those same people, who need it to keep the record, and the
  postdoc themself. Nobody else needs it, and beside the masked ID it narrows the number by eight digits.

Registered with django-rules when the app is ready (``TenureConfig.ready``); pages, the API and exports call
the predicates themselves (no query: they read the assignments loaded once per request).
"""

import rules

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin


def _scope_ids(user, role: str) -> set[int]:
    return user.scope_ids(role) if getattr(user, "is_active", False) else set()


@rules.predicate
def is_recording_base_admin(user, postdoc) -> bool:
    return postdoc.base.unit_id in _scope_ids(user, Role.UNIT_ADMIN)


@rules.predicate
def is_the_postdoc(user, postdoc) -> bool:
    return postdoc.pk in _scope_ids(user, Role.POSTDOC)


can_reveal_id = is_region_admin | is_recording_base_admin
can_see_birth_date = can_reveal_id | is_the_postdoc

rules.add_perm("tenure.reveal_postdoc_id", can_reveal_id)
rules.add_perm("tenure.view_postdoc_birth_date", can_see_birth_date)
