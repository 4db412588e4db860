"""Model forms for the registry. Labels come from the models' verbose names (Chinese, translatable).

Forms check input shape only; the rules (USCC check character, routing fields, who may change what) are
enforced by ``directory.services``, which views call with ``form.cleaned_data``.
"""

from django import forms

from .models import INDUSTRY_INVALID, CompetentDepartment, Expert, MobileStation, Unit
from .permissions import UNIT_SELF_SERVICE_FIELDS
from .services import DEPARTMENT_FIELDS, EXPERT_FIELDS, STATION_FIELDS, UNIT_FIELDS


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = list(UNIT_FIELDS)
        # A model field's messages do not reach its form field; the form says what the service would.
        error_messages = {"industry": {"invalid_choice": INDUSTRY_INVALID}}


class UnitContactForm(forms.ModelForm):
    """What a unit administrator may change on their own unit."""

    class Meta:
        model = Unit
        fields = [f for f in UNIT_FIELDS if f in UNIT_SELF_SERVICE_FIELDS]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = CompetentDepartment
        fields = list(DEPARTMENT_FIELDS)


class StationForm(forms.ModelForm):
    class Meta:
        model = MobileStation
        fields = list(STATION_FIELDS)


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = list(EXPERT_FIELDS)
        widgets = {"declared_conflicts": forms.Textarea(attrs={"rows": 4})}


def apply_service_errors(form: forms.Form, exc) -> None:
    """Attach a service's ``ValidationError`` to the form (field errors to fields, others to the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
