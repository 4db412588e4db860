"""Forms of the administration console. They check input shape only; ``accounts.services`` and
``kernel.services`` enforce the rules and the views put the services' refusals back on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.kernel import params

from .enums import Role


def style(form):
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if getattr(widget, "input_type", "") == "checkbox":
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
    return form


def apply_service_errors(form: forms.Form, exc) -> None:
    """Attach a service's ``ValidationError`` to the form (field errors to fields, others to the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    phone = forms.CharField(label=_("手机号码"), max_length=30, required=False)
    password = forms.CharField(
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("至少8位，不能全为数字，不能过于常见或与用户名相近。"),
    )


class UserUpdateForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    phone = forms.CharField(label=_("手机号码"), max_length=30, required=False)


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少8位，不能全为数字，不能过于常见或与用户名相近。"),
    )
    password_again = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("两次输入的密码不一致。"))
        return data


class OwnPasswordForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少8位，不能全为数字，不能过于常见或与用户名相近。"),
    )
    new_password_again = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        new, again = data.get("new_password"), data.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("两次输入的密码不一致。"))
        return data


class AssignmentForm(forms.Form):
    """One role with its scope; the unit is found by its unified social credit code (there are many)."""

    role = forms.ChoiceField(label=_("角色"), choices=[("", "---------"), *Role.choices])
    bureau = forms.ModelChoiceField(label=_("盟市"), queryset=Bureau.objects.all(), required=False)
    department = forms.ModelChoiceField(
        label=_("主管部门"), queryset=CompetentDepartment.objects.all(), required=False
    )
    unit_uscc = forms.CharField(
        label=_("单位（统一社会信用代码）"),
        max_length=18,
        required=False,
        help_text=_("单位博士后管理员须填写"),
    )
    station = forms.ModelChoiceField(label=_("流动站"), queryset=MobileStation.objects.all(), required=False)
    expert = forms.ModelChoiceField(
        label=_("专家"), queryset=Expert.objects.filter(active=True), required=False
    )

    def clean_unit_uscc(self):
        code = self.cleaned_data["unit_uscc"].strip().upper()
        if not code:
            return None
        unit = Unit.objects.filter(uscc=code).first()
        if unit is None:
            raise forms.ValidationError(_("名录中没有该统一社会信用代码的单位。"))
        return unit

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "bureau": data["bureau"],
            "department": data["department"],
            "unit": data["unit_uscc"],
            "station": data["station"],
            "expert": data["expert"],
        }


class ParameterForm(forms.Form):
    """A new row for one parameter; the fields follow the parameter's value shape."""

    effective_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), max_length=200, help_text=_("例如所依据的文件及文号"))

    def __init__(self, *args, key: str, **kwargs):
        kwargs.setdefault("prefix", key)
        super().__init__(*args, **kwargs)
        self.key = key
        if key == params.SALARY_FLOOR:
            self.fields["amount_yuan"] = forms.IntegerField(label=_("金额（元）"))
            self.fields["period_years"] = forms.IntegerField(label=_("期限（年）"), initial=1)
        else:
            self.fields["value"] = forms.IntegerField(label=_("取值"))
        self.order_fields(["effective_from", "amount_yuan", "period_years", "value", "note"])
        style(self)

    def parameter_value(self):
        data = self.cleaned_data
        if self.key == params.SALARY_FLOOR:
            return {"amount_yuan": data["amount_yuan"], "period_years": data["period_years"]}
        return data["value"]
