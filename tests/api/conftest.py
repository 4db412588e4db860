import json

import pytest
from django.test import Client

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.workflow import application_workflow
from tests.factories import (
    ApplicationFactory,
    RoundFactory,
    UnitFactory,
    bureau,
    ready_application,
    user_with_role,
)
from tests.factories.exits import make_exit_world
from tests.factories.shared import fresh_copy, once_per_module

# The tenure world of tests.factories.exits, built once per module; each test gets a fresh copy.
shared_world = once_per_module(make_exit_world)


@pytest.fixture
def world(shared_world, db):
    return fresh_copy(shared_world)


class ApiClient:
    """A JSON client for /api/v1 signed in with a session (CSRF not enforced unless asked)."""

    def __init__(self, user=None, enforce_csrf=False):
        self.client = Client(enforce_csrf_checks=enforce_csrf)
        if user is not None:
            self.client.force_login(user)

    def _do(self, method, path, data=None, **extra):
        kwargs = {"content_type": "application/json", "data": json.dumps(data)} if data is not None else {}
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs, **extra)

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path, data=None, **extra):
        return self._do("post", path, data, **extra)

    def patch(self, path, data=None, **extra):
        return self._do("patch", path, data, **extra)

    def put(self, path, data=None, **extra):
        return self._do("put", path, data, **extra)


@pytest.fixture
def api():
    return ApiClient


def submitted_application(bureau_name: str, round_=None):
    """A complete local application of a unit in ``bureau_name``, submitted to its bureau."""
    unit = UnitFactory(bureau=bureau(bureau_name))
    app = ready_application(unit=unit, **({"round": round_} if round_ else {}))
    applicant = user_with_role(Role.UNIT_ADMIN, unit)
    return application_workflow.apply(app, "submit", actor=applicant), applicant


@pytest.fixture
def two_bureaus(db):
    """One submitted application in 呼和浩特市 and one in 包头市, in the same round, and their officers."""
    round_ = RoundFactory()
    hohhot_app, hohhot_applicant = submitted_application("呼和浩特市", round_)
    baotou_app, baotou_applicant = submitted_application("包头市", round_)
    return {
        "round": round_,
        "hohhot_app": hohhot_app,
        "baotou_app": baotou_app,
        "hohhot_applicant": hohhot_applicant,
        "hohhot_officer": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "baotou_officer": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "region": user_with_role(Role.REGION_ADMIN),
    }


__all__ = ["ApplicationFactory", "submitted_application"]
