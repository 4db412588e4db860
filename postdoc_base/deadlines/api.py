"""The deadline desk's API routers, added to the one NinjaAPI by ``postdoc_base.api.api``."""

from .board.api import routers as board_routers
from .reminders.api import routers as reminder_routers
from .stages.api import routers as stage_routers

routers = [*board_routers, *reminder_routers, *stage_routers]
