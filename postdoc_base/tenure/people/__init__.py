"""People: postdocs and co-supervisors, their accounts and the audited ID reveal (Arts. 13, 15)."""
