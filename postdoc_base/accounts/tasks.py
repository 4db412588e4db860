"""The password-reset mail, sent by the worker (``services.password_reset_request`` queues it after commit).

The one-time link is made here, when the mail is sent: the token is never stored, neither in the queue (which
holds only the user's id) nor in the e-mail outbox table. The link starts from ``settings.SITE_URL``, never
from the request's Host header.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task


def reset_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def validity_hours() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


def password_reset_mail(user) -> tuple[str, str]:
    """Subject and body of the mail, in the active language."""
    subject = _("%(product)s：重设密码") % {"product": settings.PRODUCT_NAME}
    body = _(
        "%(name)s：\n\n"
        "有人（希望是您本人）申请重设账户“%(username)s”的密码。请在%(hours)d小时内打开下面的链接设置新密码，"
        "链接只能使用一次：\n\n%(link)s\n\n"
        "如果不是您本人申请，请忽略本邮件，您的密码不会改变。\n\n%(product)s"
    ) % {
        "name": user.display_name or user.username,
        "username": user.username,
        "hours": validity_hours(),
        "link": reset_link(user),
        "product": settings.PRODUCT_NAME,
    }
    return subject, body


@db_task(retries=2, retry_delay=60)
def send_password_reset_mail(user_id: int, language: str) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    with translation.override(language):
        subject, body = password_reset_mail(user)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
