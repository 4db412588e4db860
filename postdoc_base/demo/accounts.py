"""Demo accounts: every one made with the same demo password (settings.DEMO_PASSWORD)."""

from django.conf import settings
from django.contrib.auth import get_user_model


def demo_user(username: str, display: str, email_domain: str = "example.org"):
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username=username, defaults={"display_name": display, "email": f"{username}@{email_domain}"}
    )
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    return user
