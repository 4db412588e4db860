"""Self-inspections of a base and their rectified issues (自查与整改, Art. 25), and the archive check (档案完整性)."""
