"""Who may use the deadline desk's pages: each feature's predicates live in its sub-package's
``permissions.py``; this module loads them so that ``DeadlinesConfig.ready`` registers every rule."""

from .board import permissions as board_permissions  # noqa: F401
from .feeds import permissions as feed_permissions  # noqa: F401
from .reminders import permissions as reminder_permissions  # noqa: F401
from .stages import permissions as stage_permissions  # noqa: F401
