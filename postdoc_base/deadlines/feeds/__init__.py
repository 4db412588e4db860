"""Each user's own reminders (issue 12, items 5 and 2): a secret calendar-feed URL of their open dated items
(``ics``, ``views.feed_ics``) that they can regenerate or stop, and the daily digest e-mail preference
(``services``, ``views.my_reminders``)."""
