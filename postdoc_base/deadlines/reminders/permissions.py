"""Who may set the reminder schedule: the region administrator only (the schedule is the region's practice)."""

import rules

from postdoc_base.accounts.permissions import is_region_admin

may_manage_reminders = is_region_admin

rules.add_perm("deadlines.manage_reminders", may_manage_reminders)
