"""Bulk import (issue 13 item 3): downloadable templates, uploaded workbooks validated row by row by the same
rules as the forms, a report of every bad cell, all-or-nothing or valid rows only, idempotent re-imports."""
