"""Who may see how long items waited at each step (django-rules predicates).

The region administrator sees every workflow and every bureau (Art. 5); a bureau officer (盟市人社局) sees the
items of their own bureaus, in the workflows whose subjects belong to a bureau (Art. 6); nobody else sees the
report at all (the page and the API answer 404, as for anything outside one's scope).
"""

import rules

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_bureau_officer, is_region_admin

may_view_stage_times = is_region_admin | is_bureau_officer


def stage_bureaus(user) -> frozenset[int] | None:
    """The bureaus whose items ``user`` sees in the report: None for all (the region administrator), the ids
    of their bureaus for a bureau officer, an empty set for anyone else."""
    if is_region_admin(user):
        return None
    if is_bureau_officer(user):
        return frozenset(user.scope_ids(Role.BUREAU_OFFICER))
    return frozenset()


def sees_workflow(user, workflow) -> bool:
    """The region sees every workflow; a bureau officer only those whose subjects belong to a bureau."""
    scope = stage_bureaus(user)
    return scope is None or bool(scope and workflow.bureau_path)


rules.add_perm("deadlines.view_stage_times", may_view_stage_times)
