"""The base file's section "所在盟市支持政策" (Arts. 6, 19): the support policies of the base's league/city. One
query (``selectors.bureau_support_policies``)."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART6, ART19

from ..basefile import Section, register_section
from .permissions import support_keeper
from .selectors import bureau_support_policies


def support_context(base, user) -> dict:
    bureau_id = base.unit.bureau_id
    return {
        "support_policies": bureau_support_policies(bureau_id),
        "support_bureau": base.unit.bureau if bureau_id else None,
        "may_record_support": bureau_id is not None and support_keeper(user, bureau_id) is not None,
    }


SUPPORT_SECTION = register_section(
    Section(
        key="support_policies",
        title=_("所在盟市支持政策"),
        article=f"{ART6}、{ART19}",
        template="oversight/support/_section.html",
        context=support_context,
        order=65,
    )
)
