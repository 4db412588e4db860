"""The public directory of filed bases (Art. 11(3) 予以公布): readable without an account.

Authentication is optional (``api.auth.public_auth``): anonymous, the active bases; with a session or a valid
bearer token, what ``bases_visible_to`` gives the user (the region administrator: every base, revoked and
cancelled ones too); an invalid, expired or revoked bearer token: 401."""

from datetime import date

from ninja import Router, Schema

from postdoc_base.api.auth import PUBLIC_AUTH_DESCRIPTION, PUBLIC_SECURITY, public_auth
from postdoc_base.api.common import get_visible, page_of, paginate
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Id, Page, PageSize, Query

from .selectors import bases_visible_to, filter_bases


class BaseOut(Schema):
    id: int
    name: str
    filing_number: str
    filing_year: int
    unit_id: int
    unit_name: str
    bureau_id: int | None
    bureau_name: str | None
    filed_on: date
    state: str
    state_label: str

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_bureau_id(obj) -> int | None:
        return obj.unit.bureau_id

    @staticmethod
    def resolve_bureau_name(obj) -> str | None:
        return obj.unit.bureau.name if obj.unit.bureau_id else None

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


bases = Router(tags=["bases"])


@bases.get("", response=page_of(BaseOut), auth=public_auth, openapi_extra=PUBLIC_SECURITY,
           summary="List filed bases (active: public; signed in: the user's scope)",
           description=PUBLIC_AUTH_DESCRIPTION)  # fmt: skip
def base_list(
    request, q: Query = "", bureau: Id | None = None, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE
):
    return paginate(
        filter_bases(bases_visible_to(request.user), q=q or None, bureau_id=bureau), page, page_size
    )


@bases.get("/{int:pk}", response=BaseOut, auth=public_auth, openapi_extra=PUBLIC_SECURITY,
           summary="Filed base detail (active: public; signed in: the user's scope)",
           description=PUBLIC_AUTH_DESCRIPTION)  # fmt: skip
def base_detail(request, pk: Id):
    return get_visible(bases_visible_to(request.user), pk)


routers = [("/bases", bases)]

__all__ = ["routers"]
