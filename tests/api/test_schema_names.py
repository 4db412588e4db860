"""Every request and response schema of the API has its own name: django-ninja names an OpenAPI component after
the class, so two classes called ``IndicatorOut`` in two modules become one component and one route documents
the other's fields (the fuzzer found exactly that)."""

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "postdoc_base"


def test_no_two_schema_classes_share_a_name():
    where = defaultdict(list)
    for path in PACKAGE.rglob("api.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "") == "Schema" for b in node.bases):
                where[node.name].append(str(path.relative_to(PACKAGE)))
    assert {name: files for name, files in where.items() if len(files) > 1} == {}
