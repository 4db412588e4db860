"""Excel exports of the lists: each export declared once (``registry.xlsx_export``: its rows for a user and
the list's filters, its columns), answered at once when small and run in the background with a progress
page and a download link when large, so no export depends on how long a request may take."""
