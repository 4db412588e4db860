"""Exit materials and the exit (Art. 18, destination for Art. 21), and the Art. 22 title route."""
