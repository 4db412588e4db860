"""Who may open the statistics section and its ledgers (台账, Arts. 5, 6, 25), as django-rules predicates.

The section is for the region administrator, the league/city bureau officers and the unit (base)
administrators; what each of them reads is their own scope (``selectors.StatsScope``: the region every base, a
bureau officer its bureau's, a unit administrator its own base), and everyone else gets a 404. A base's ledger
is the base file's readers' (``oversight.permissions.may_read_base_file``); a bureau's ledger the region's and
that bureau's officers'; the region ledger the region's."""

import rules

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import holds_role, is_region_admin
from postdoc_base.oversight.permissions import may_read_base_file

# The one scope predicate of the section: who opens the statistics and sees the ledgers' links.
may_view_stats = is_region_admin | holds_role(Role.BUREAU_OFFICER, Role.UNIT_ADMIN)


@rules.predicate
def may_view_bureau_ledger(user, bureau) -> bool:
    """The region, or an officer of ``bureau`` (a Bureau)."""
    if is_region_admin(user):
        return True
    return (
        bureau is not None
        and getattr(user, "is_active", False)
        and bureau.pk in user.scope_ids(Role.BUREAU_OFFICER)
    )


may_view_base_ledger = may_view_stats & may_read_base_file

rules.add_perm("stats.view_stats", may_view_stats)
rules.add_perm("stats.view_region_ledger", is_region_admin)
rules.add_perm("stats.view_bureau_ledger", may_view_bureau_ledger)
rules.add_perm("stats.view_base_ledger", may_view_base_ledger)
