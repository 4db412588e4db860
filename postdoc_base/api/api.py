"""The one NinjaAPI instance, served at /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from ninja import NinjaAPI

from . import errors
from .auth import api_auth
from .auth import router as auth_router


class PostdocBaseAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The handler's name (``appointment_list``): stable when code moves between modules, which the
        default (module path + name) is not; tests/api keep the names unique."""
        return operation.view_func.__name__


api = PostdocBaseAPI(
    title="博士后创新实践基地管理系统 API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    description="内蒙古自治区博士后创新实践基地管理系统的 JSON 接口。错误统一为 {code, message, findings, errors}（ErrorOut）。",
)
errors.install(api)

api.add_router("/auth", auth_router)


def _add_app_routers() -> None:
    # Late imports: each app contributes its own api.py router.
    from postdoc_base.deadlines.api import routers as deadline_routers
    from postdoc_base.directory.api import routers as directory_routers
    from postdoc_base.documents.api import routers as document_routers
    from postdoc_base.establishment.api import routers as establishment_routers
    from postdoc_base.establishment.notice_api import routers as notice_routers
    from postdoc_base.imports.api import routers as import_routers
    from postdoc_base.oversight.api import routers as oversight_routers
    from postdoc_base.oversight.duties.api import routers as duties_routers
    from postdoc_base.oversight.evaluations.api import routers as evaluation_routers
    from postdoc_base.oversight.funding.api import routers as funding_routers
    from postdoc_base.oversight.inspections.api import routers as inspection_routers
    from postdoc_base.oversight.positions.api import routers as position_routers
    from postdoc_base.oversight.revocations.api import routers as revocation_routers
    from postdoc_base.oversight.support.api import routers as support_routers
    from postdoc_base.oversight.upgrades.api import routers as upgrade_routers
    from postdoc_base.review.api import routers as review_routers
    from postdoc_base.stats.api import routers as stats_routers
    from postdoc_base.tenure.assessments.api import routers as assessment_routers
    from postdoc_base.tenure.dispatches.api import routers as dispatch_routers
    from postdoc_base.tenure.exits.api import routers as exit_routers
    from postdoc_base.tenure.outputs.api import routers as output_routers
    from postdoc_base.tenure.people.api import routers as people_routers
    from postdoc_base.tenure.recruitment.api import routers as recruitment_routers
    from postdoc_base.tenure.stay.api import routers as stay_routers
    from postdoc_base.tenure.withdrawals.api import routers as withdrawal_routers

    for prefix, router in (
        *directory_routers,
        *establishment_routers,
        *notice_routers,
        *oversight_routers,
        *inspection_routers,
        *position_routers,
        *duties_routers,
        *funding_routers,
        *support_routers,
        *revocation_routers,
        *upgrade_routers,
        *evaluation_routers,
        *review_routers,
        *recruitment_routers,
        *people_routers,
        *stay_routers,
        *withdrawal_routers,
        *dispatch_routers,
        *output_routers,
        *exit_routers,
        *assessment_routers,
        *deadline_routers,
        *document_routers,
        *import_routers,
        *stats_routers,
    ):
        api.add_router(prefix, router)


_add_app_routers()
errors.document_errors(api)
