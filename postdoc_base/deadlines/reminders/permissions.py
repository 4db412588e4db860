"""Who may use this part of the deadline desk (django-rules predicates)."""
