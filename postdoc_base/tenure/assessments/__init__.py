"""Mid-term and exit assessments and the bases' indicator schemes (Arts. 7, 17, 18)."""
