"""Who may import: the region administrator (Art. 5), who keeps the registry and the region's records."""

import rules

from postdoc_base.accounts.permissions import is_region_admin

can_import = is_region_admin

rules.add_perm("imports.import", can_import)
