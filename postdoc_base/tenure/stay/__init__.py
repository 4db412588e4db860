"""The stay: appointments (tripartite agreement, entry, entry filing; Arts. 13-15) and term extensions
(Art. 14)."""
