"""Who may keep their own reminders (the calendar-feed key, the daily digest preference): any signed-in,
active user, for themselves only. No one manages another user's feed or preference; the region
administrator ends a user's feed by deactivating the account (the feed then answers 404)."""

import rules


@rules.predicate
def may_keep_own_reminders(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))
