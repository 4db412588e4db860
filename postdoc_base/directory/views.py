"""Registry pages (/registry/): units, competent departments, mobile stations, experts and bureaus.

Every list, detail and export starts from the model's ``*_visible_to`` selector; buttons follow the
permission predicates; writes go through ``services`` and their refusals are shown in the form.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from postdoc_base.accounts.enums import Role
from postdoc_base.exports.registry import xlsx_export
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import int_param, text_param

from . import permissions, selectors, services
from .enums import Affiliation, Industry, UnitNature
from .forms import DepartmentForm, ExpertForm, StationForm, UnitContactForm, UnitForm, apply_service_errors
from .models import Bureau

PAGE_SIZE = 25


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if getattr(widget, "input_type", "") == "checkbox":
            widget.attrs.setdefault("class", "form-check-input")
        elif getattr(widget, "input_type", "") == "select" or widget.__class__.__name__ == "Select":
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
    return form


def _save_through_service(form, call):
    """Run the service with the form's data; on a refusal or a validation error, put it on the form."""
    try:
        return call(form.cleaned_data)
    except TransitionRefused as exc:
        for finding in exc.findings:
            form.add_error(None, str(finding.message))
    except ValidationError as exc:
        apply_service_errors(form, exc)
    return None


# --- units ---------------------------------------------------------------------------------------------
def _unit_filters(request):
    g = request.GET
    bureau = g.get("bureau", "")
    return {
        "q": text_param(g.get("q")),
        "bureau": int_param(bureau),
        "affiliation": g.get("affiliation", "") if g.get("affiliation") in Affiliation.values else "",
        "nature": g.get("nature", "") if g.get("nature") in UnitNature.values else "",
        "industry": g.get("industry", "") if g.get("industry") in Industry.values else "",
    }


def _filtered_units(request):
    f = _unit_filters(request)
    qs = selectors.filter_units(
        selectors.units_visible_to(request.user),
        bureau_id=f["bureau"],
        affiliation=f["affiliation"],
        nature=f["nature"],
        industry=f["industry"],
        q=f["q"],
    )
    return qs, f


@login_required
def unit_list(request):
    qs, filters = _filtered_units(request)
    return render(
        request,
        "directory/unit_list.html",
        {
            "page_obj": _page(request, qs),
            "filters": filters,
            "bureaus": list(selectors.bureaus_visible_to(request.user)),
            "affiliations": Affiliation.choices,
            "natures": UnitNature.choices,
            "industries": Industry.choices,
            "can_create": permissions.can_create_unit(request.user),
        },
    )


EXPORT_COLUMNS = (
    (gettext_lazy("单位名称"), lambda u: u.name),
    (gettext_lazy("统一社会信用代码"), lambda u: u.uscc),
    (gettext_lazy("注册地盟市"), lambda u: u.bureau.name if u.bureau else ""),
    (gettext_lazy("单位性质"), choice_label("nature")),
    (gettext_lazy("所属行业"), choice_label("industry")),
    (gettext_lazy("隶属关系"), choice_label("affiliation")),
    (gettext_lazy("主管部门"), lambda u: u.department.name if u.department else ""),
    (gettext_lazy("已设博士后科研流动站"), lambda u: _("是") if u.has_mobile_station else _("否")),
    (gettext_lazy("已设博士后科研工作站"), lambda u: _("是") if u.has_workstation else _("否")),
    (gettext_lazy("联系人"), lambda u: u.contact_name),
    (gettext_lazy("联系电话"), lambda u: u.contact_phone),
    (gettext_lazy("地址"), lambda u: u.address),
)


@xlsx_export("units", columns=EXPORT_COLUMNS, sheet=gettext_lazy("单位名录"), filename_prefix="units")
def unit_export(request):
    """The filtered unit list as .xlsx."""
    qs, _filters = _filtered_units(request)
    return qs


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(selectors.units_visible_to(request.user), pk=pk)
    return render(
        request,
        "directory/unit_detail.html",
        {
            "unit": unit,
            "can_edit": permissions.can_manage_unit(request.user, unit)
            or permissions.can_edit_unit_contact(request.user, unit),
        },
    )


def _limit_unit_choices(form, user):
    """Offer a bureau officer only their own bureaus; the service refuses anything else anyway."""
    if "bureau" in form.fields and not permissions.is_region_admin(user):
        form.fields["bureau"].queryset = Bureau.objects.filter(pk__in=user.scope_ids(Role.BUREAU_OFFICER))
    return form


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    if not permissions.can_create_unit(request.user):
        raise PermissionDenied
    form = _limit_unit_choices(_style(UnitForm(request.POST or None)), request.user)
    if request.method == "POST" and form.is_valid():
        unit = _save_through_service(form, lambda data: services.unit_create(actor=request.user, **data))
        if unit is not None:
            return redirect("directory:unit_detail", pk=unit.pk)
    return render(request, "directory/form.html", _form_context(form, _("登记单位"), "directory:unit_list"))


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = get_object_or_404(selectors.units_visible_to(request.user), pk=pk)
    if permissions.can_manage_unit(request.user, unit):
        form_class = UnitForm
    elif permissions.can_edit_unit_contact(request.user, unit):
        form_class = UnitContactForm
    else:
        raise PermissionDenied
    # The form validates a copy, so that a refused save leaves nothing half-changed in memory.
    instance = type(unit).objects.get(pk=unit.pk)
    form = _limit_unit_choices(_style(form_class(request.POST or None, instance=instance)), request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_through_service(
            form, lambda data: services.unit_update(actor=request.user, unit=unit, **data)
        )
        if saved is not None:
            return redirect("directory:unit_detail", pk=saved.pk)
    ctx = _form_context(form, _("修改单位信息"), "directory:unit_detail", pk=unit.pk)
    ctx["object"] = unit
    return render(request, "directory/form.html", ctx)


def _form_context(form, title, cancel_name, **kwargs):
    return {"form": form, "title": title, "cancel_url": reverse(cancel_name, kwargs=kwargs or None)}


# --- departments, stations, experts --------------------------------------------------------------------
class _Registry:
    """One simple registry kind: list with search, detail, create and edit through its services."""

    def __init__(self, *, key, selector, search, form_class, create, update, obj_kw, can_manage, titles):
        self.key = key
        self.selector = selector
        self.search = search
        self.form_class = form_class
        self.create = create
        self.update = update
        self.obj_kw = obj_kw
        self.can_manage = can_manage
        self.titles = titles  # (list title, create title, edit title)

    def list(self, request):
        qs = self.selector(request.user)
        q = text_param(request.GET.get("q"))
        if q:
            cond = Q()
            for field in self.search:
                cond |= Q(**{f"{field}__icontains": q})
            qs = qs.filter(cond)
        return render(
            request,
            f"directory/{self.key}_list.html",
            {"page_obj": _page(request, qs), "q": q, "can_create": self.can_manage(request.user)},
        )

    def detail(self, request, pk):
        obj = get_object_or_404(self.selector(request.user), pk=pk)
        return render(
            request,
            f"directory/{self.key}_detail.html",
            {"object": obj, "can_edit": self.can_manage(request.user)},
        )

    def create_view(self, request):
        if not self.can_manage(request.user):
            raise PermissionDenied
        form = _style(self.form_class(request.POST or None))
        if request.method == "POST" and form.is_valid():
            obj = _save_through_service(form, lambda data: self.create(actor=request.user, **data))
            if obj is not None:
                return redirect(f"directory:{self.key}_detail", pk=obj.pk)
        return render(
            request, "directory/form.html", _form_context(form, self.titles[1], f"directory:{self.key}_list")
        )

    def edit_view(self, request, pk):
        obj = get_object_or_404(self.selector(request.user), pk=pk)
        if not self.can_manage(request.user):
            raise PermissionDenied
        form = _style(self.form_class(request.POST or None, instance=type(obj).objects.get(pk=obj.pk)))
        if request.method == "POST" and form.is_valid():
            saved = _save_through_service(
                form, lambda data: self.update(actor=request.user, **{self.obj_kw: obj}, **data)
            )
            if saved is not None:
                return redirect(f"directory:{self.key}_detail", pk=saved.pk)
        ctx = _form_context(form, self.titles[2], f"directory:{self.key}_detail", pk=obj.pk)
        ctx["object"] = obj
        return render(request, "directory/form.html", ctx)

    def views(self):
        return (
            login_required(self.list),
            login_required(self.detail),
            login_required(require_http_methods(["GET", "POST"])(self.create_view)),
            login_required(require_http_methods(["GET", "POST"])(self.edit_view)),
        )


departments = _Registry(
    key="department",
    selector=selectors.departments_visible_to,
    search=("name", "code"),
    form_class=DepartmentForm,
    create=services.department_create,
    update=services.department_update,
    obj_kw="department",
    can_manage=permissions.can_manage_registry,
    titles=(gettext_lazy("主管部门"), gettext_lazy("新增主管部门"), gettext_lazy("修改主管部门")),
)
stations = _Registry(
    key="station",
    selector=selectors.stations_visible_to,
    search=("university", "discipline", "discipline_code"),
    form_class=StationForm,
    create=services.station_create,
    update=services.station_update,
    obj_kw="station",
    can_manage=permissions.can_manage_registry,
    titles=(gettext_lazy("博士后科研流动站"), gettext_lazy("新增流动站"), gettext_lazy("修改流动站")),
)
experts = _Registry(
    key="expert",
    selector=selectors.experts_visible_to,
    search=("name", "field", "employer"),
    form_class=ExpertForm,
    create=services.expert_create,
    update=services.expert_update,
    obj_kw="expert",
    can_manage=permissions.can_manage_registry,
    titles=(gettext_lazy("评审专家"), gettext_lazy("新增评审专家"), gettext_lazy("修改评审专家")),
)

department_list, department_detail, department_create, department_edit = departments.views()
station_list, station_detail, station_create, station_edit = stations.views()
expert_list, expert_detail, expert_create, expert_edit = experts.views()


@login_required
def bureau_list(request):
    qs = selectors.bureaus_visible_to(request.user).select_related("parent")
    return render(request, "directory/bureau_list.html", {"page_obj": _page(request, qs)})
