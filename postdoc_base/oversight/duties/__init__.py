"""Art. 7 duties of a base's unit: its management office, rules, administrators and academic committee."""
