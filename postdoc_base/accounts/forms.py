"""Forms of the administration console. They check input shape only; ``accounts.services`` and
``kernel.services`` enforce the rules and the views put the services' refusals back on the form."""

import re
from datetime import date, timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.kernel import params
from postdoc_base.policy.findings import lazy_format
from postdoc_base.tenure.people.models import Postdoc, Supervisor
from postdoc_base.web.pages import int_param

from .enums import Role
from .signin import LoginRefused, sign_in


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


# --- sign-in and password reset -------------------------------------------------------------------------
class LoginForm(AuthenticationForm):
    """Sign-in through ``signin.sign_in``, as the API does: one answer for an unknown name, a wrong password
    and a locked or inactive account; the per-address refusal carries code ``rate_limited``."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = sign_in(self.request, username=username, password=password)
            except LoginRefused as refused:
                raise ValidationError(refused.message, code=refused.code) from None
        return self.cleaned_data


class PasswordResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("用户名或电子邮箱"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class ResetPasswordForm(SetPasswordForm):
    """The new password chosen through a reset link (Django's confirm view passes the link's user)."""

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


_FULLWIDTH_DIGITS = {ord("０") + d: ord("0") + d for d in range(10)}  # as a Chinese input method types them


def _scope_number_field(label, help_text):
    """A scope object typed in by its number (its id, the number in its page's address), as the unit is typed
    in by its credit code: there are far too many postdocs, supervisors, experts and stations for a menu, and
    a menu of postdocs would decrypt every ID number only to show the names."""
    return forms.CharField(
        label=label,
        max_length=20,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class AssignmentForm(forms.Form):
    """One role with its scope. The many kinds of scope are typed in, never chosen from a menu: the unit by its
    unified social credit code, a station, expert, postdoc or supervisor by its number (the region has
    thousands of each). The few bureaus and departments stay menus."""

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
    station = _scope_number_field(
        _("流动站（编号）"),
        _("流动站联系人须填写：流动站页面地址中的数字，如 /registry/stations/12/ 中的 12"),
    )
    expert = _scope_number_field(
        _("专家（编号）"), _("评审专家须填写：专家页面地址中的数字，如 /registry/experts/12/ 中的 12")
    )
    postdoc = _scope_number_field(
        _("博士后研究人员（编号）"),
        _("博士后研究人员须填写：其信息页面地址中的数字，如 /tenure/postdocs/12/ 中的 12"),
    )
    supervisor = _scope_number_field(
        _("合作导师（编号）"),
        _("合作导师须填写：其编辑页面地址中的数字，如 /tenure/supervisors/12/edit/ 中的 12"),
    )

    def clean_unit_uscc(self):
        code = self.cleaned_data["unit_uscc"].strip().upper()
        if not code:
            return None
        unit = Unit.objects.filter(uscc=code).first()
        if unit is None:
            raise forms.ValidationError(_("名录中没有该统一社会信用代码的单位。"))
        return unit

    def _by_number(self, field: str, queryset, missing):
        """The object of ``queryset`` whose id is the number typed into ``field`` (one query; fullwidth
        digits read as digits), None when the field is empty; otherwise the form error ``missing``."""
        text = self.cleaned_data[field].translate(_FULLWIDTH_DIGITS).strip()
        if not text:
            return None
        number = int_param(text)
        if number is None:
            raise forms.ValidationError(_("请填写编号（数字）。"))
        found = queryset.filter(pk=number).first()
        if found is None:
            raise forms.ValidationError(lazy_format(missing, number=number))
        return found

    def clean_station(self):
        return self._by_number(
            "station", MobileStation.objects.all(), _("名录中没有编号为 %(number)s 的流动站。")
        )

    def clean_expert(self):
        return self._by_number(
            "expert", Expert.objects.filter(active=True), _("专家库中没有编号为 %(number)s 的在库专家。")
        )

    def clean_postdoc(self):
        # The encrypted ID number is left unread: the assignment needs the row, not the number.
        return self._by_number(
            "postdoc", Postdoc.objects.defer("id_number"), _("没有编号为 %(number)s 的博士后研究人员。")
        )

    def clean_supervisor(self):
        return self._by_number(
            "supervisor", Supervisor.objects.filter(active=True), _("没有编号为 %(number)s 的有效合作导师。")
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "bureau": data["bureau"],
            "department": data["department"],
            "unit": data["unit_uscc"],
            "station": data["station"],
            "expert": data["expert"],
            "postdoc": data["postdoc"],
            "supervisor": data["supervisor"],
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


# --- working-day calendar ------------------------------------------------------------------------------
_CALENDAR_LINE = re.compile(r"^(\S+?)(?:\s*[~～]\s*(\S+))?(?:\s+(.*))?$")
MAX_RANGE_DAYS = 31


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def parse_calendar_lines(text: str, *, ranges: bool) -> tuple[list[tuple[date, str]], list]:
    """``(date, name)`` pairs from one entry a line ("2027-10-01 国庆节"; with ``ranges`` also
    "2027-10-01~2027-10-07 国庆节"), and one Chinese error per line that cannot be read."""
    days: list[tuple[date, str]] = []
    errors = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _CALENDAR_LINE.match(line)
        first, last, name = match.groups() if match else (line, None, "")
        start = _iso_date(first)
        end = _iso_date(last) if last else start
        if start is None or end is None:
            bad = first if start is None else last
            example = "2027-10-01~2027-10-07 国庆节" if ranges else "2027-10-09 国庆节"
            errors.append(
                lazy_format(
                    _("第%(line)d行：无法识别日期“%(text)s”，应写作“%(example)s”。"),
                    line=number,
                    text=bad,
                    example=example,
                )
            )
        elif last and not ranges:
            errors.append(lazy_format(_("第%(line)d行：调休上班日须逐日填写，不能写日期范围。"), line=number))
        elif end < start:
            errors.append(lazy_format(_("第%(line)d行：结束日期早于开始日期。"), line=number))
        elif (end - start).days >= MAX_RANGE_DAYS:
            errors.append(
                lazy_format(_("第%(line)d行：日期范围不能超过%(days)d天。"), line=number, days=MAX_RANGE_DAYS)
            )
        else:
            days += [(start + timedelta(days=i), (name or "").strip()) for i in range((end - start).days + 1)]
    return days, errors


def calendar_lines(days: list[tuple[date, str]]) -> str:
    """The stored exceptions as lines the form reads back; a holiday run broken only by a weekend is one
    range, since weekend holidays are not stored."""
    runs: list[list] = []
    for day, name in sorted(days):
        if runs:
            last_day, last_name = runs[-1][1], runs[-1][2]
            gap = [last_day + timedelta(days=i) for i in range(1, (day - last_day).days)]
            if name == last_name and all(d.weekday() >= 5 for d in gap):
                runs[-1][1] = day
                continue
        runs.append([day, day, name])
    lines = []
    for start, end, name in runs:
        when = start.isoformat() if start == end else f"{start.isoformat()}~{end.isoformat()}"
        lines.append(f"{when} {name}".rstrip())
    return "\n".join(lines)


class CalendarYearForm(forms.Form):
    """A year's schedule as text; the lines are read here, the rules are checked by the service."""

    holidays = forms.CharField(
        label=_("法定节假日"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "2027-10-01~2027-10-07 国庆节"}),
        help_text=_(
            "每行一个日期或日期范围，后接节日名称，例如“2027-10-01~2027-10-07 国庆节”。按国务院办公厅通知"
            "填写整个放假期间即可：落在星期六、星期日的放假日本来就是休息日，系统只保存工作日的放假日。"
        ),
    )
    workdays = forms.CharField(
        label=_("调休上班日"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2027-10-09 国庆节"}),
        help_text=_(
            "每行一个日期，后接所调休的节日名称，例如“2027-10-09 国庆节”。调休上班日只能是星期六或星期日。"
        ),
    )
    source = forms.CharField(
        label=_("来源"),
        max_length=120,
        required=False,
        help_text=_("例如国务院办公厅通知的文号；不填则记为“自治区人社厅录入”。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_holidays(self):
        days, errors = parse_calendar_lines(self.cleaned_data["holidays"], ranges=True)
        if errors:
            raise forms.ValidationError(errors)
        return days

    def clean_workdays(self):
        days, errors = parse_calendar_lines(self.cleaned_data["workdays"], ranges=False)
        if errors:
            raise forms.ValidationError(errors)
        return days


class CalendarTryForm(forms.Form):
    """试算: the last of N working days counted from a date, as a public notice's end is computed."""

    start = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label=_("工作日数"), min_value=1, max_value=60, initial=5)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "try")
        super().__init__(*args, **kwargs)
        style(self)
