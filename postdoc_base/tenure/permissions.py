"""Who-may checks shared by several features: the refusal they raise and the base's unit administrator
(agreements, topics, people, appointments, indicator systems); Art. 8 unless the caller names its article."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.findings import Finding

from .recruitment.enums import ART8


def _refuse(code: str, message, article: str = ART8) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, article, message)])


def base_admin_assignment(user, base):
    """The assignment under which ``user`` administers ``base``'s unit, or None: the one test of "the base"
    that pages (may I show this form) and services (``_base_admin``, which refuses) both ask."""
    return assignment_of(user, Role.UNIT_ADMIN, unit_id=base.unit_id)


def _base_admin(actor, base, article: str = ART8):
    assignment = base_admin_assignment(actor, base)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有基地所在单位的博士后管理员可以办理。"), article)
    return assignment
