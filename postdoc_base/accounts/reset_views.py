"""The public password-reset pages beside the login page: ask for a link by username or e-mail (always the
same answer), then set a new password through the link. Writes go through ``accounts.services``; the link's
checks are Django's ``PasswordResetConfirmView`` (the token leaves the address bar for the session before the
form is shown) and again the service's, under the row lock.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import services
from .forms import PasswordResetRequestForm, ResetPasswordForm, apply_service_errors, style
from .signin import LoginRefused, address_of
from .tasks import validity_hours


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request):
    form = style(PasswordResetRequestForm(request.POST or None))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_request(
                identifier=form.cleaned_data["identifier"], address=address_of(request)
            )
        except LoginRefused as refused:
            form.add_error(None, refused.message)
            status = refused.status
        else:
            return redirect("password_reset_done")
    return render(request, "registration/password_reset_form.html", {"form": form}, status=status)


def password_reset_done(request):
    return render(request, "registration/password_reset_done.html", {"hours": validity_hours()})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("login")

    def get_form(self, form_class=None):
        return style(super().get_form(form_class))

    def form_valid(self, form):
        token = self.request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN, "")
        try:
            services.password_reset_complete(
                user=self.user, token=token, password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("密码已重设，请使用新密码登录。"))
        return redirect(self.success_url)
