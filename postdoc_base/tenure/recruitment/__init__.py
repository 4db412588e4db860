"""Recruitment: cooperation agreements with stations, research topics, topic interests and the public topics
board (Arts. 3, 8, 12)."""
