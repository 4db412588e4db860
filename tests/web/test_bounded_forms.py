"""Issue 9 item 3: every form keeps its input within what the database stores (web.forms.BoundedInputMixin):
text within the model field's max_length and without NUL, whole numbers within the column, dates within
1900-2100, so a page answers with a form error instead of a database error."""

from django import forms

from postdoc_base.establishment.notice_views import ObjectionForm
from postdoc_base.tenure.outputs.forms import PayForm
from postdoc_base.tenure.people.forms import SupervisorForm
from postdoc_base.tenure.people.models import Supervisor
from postdoc_base.web.forms import BootstrapMixin, bound_form_field


def bound(field, model_field):
    bound_form_field(field, model_field)
    return field


def errors(form) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


class Plain(BootstrapMixin, forms.Form):
    note = forms.CharField(required=False)
    count = forms.IntegerField(required=False)
    day = forms.DateField(required=False)


def test_a_plain_form_bounds_text_numbers_and_dates():
    form = Plain(data={"note": "x" * 10_001, "count": str(2**31), "day": "2101-01-01"})
    assert errors(form) == {
        "note": ["确保该变量包含不超过 10000 字符 (目前字符数 10001)。"],
        "count": ["确保该值小于或等于2147483647。"],
        "day": ["日期不能晚于2100年12月31日。"],
    }
    assert Plain(data={"note": "说明", "count": "-5", "day": "1900-01-01"}).is_valid()
    assert errors(Plain(data={"day": "1899-12-31"})) == {"day": ["日期不能早于1900年1月1日。"]}


def test_nul_is_refused_in_every_text_field():
    form = Plain(data={"note": "a\x00b"})
    assert errors(form) == {"note": ["不允许是用空字符串。"]}  # Django's own wording of its NUL check


def test_a_form_field_longer_than_its_column_is_cut_to_the_column():
    assert SupervisorForm.base_fields["name"].max_length == 60  # the form's own number; the column has 50
    limit = Supervisor._meta.get_field("name").max_length
    field = bound(forms.CharField(max_length=60), Supervisor._meta.get_field("name"))
    assert (field.max_length, field.widget.attrs["maxlength"], limit) == (50, "50", 50)
    assert field.clean("张" * 50) == "张" * 50
    assert Plain().fields["note"].widget.attrs["maxlength"] == "10000"


def test_model_ranges_bound_integer_fields_of_plain_forms():
    form = PayForm(data={"year": "2026", "annual_pay_yuan": str(2**31), "same_level_pay_yuan": "-1"})
    assert errors(form) == {"annual_pay_yuan": ["确保该值小于或等于2147483647。"],
                            "same_level_pay_yuan": ["确保该值大于或等于1。"]}  # fmt: skip
    form = PayForm(data={"year": "2026", "annual_pay_yuan": "150000", "same_level_pay_yuan": str(2**40)})
    assert errors(form) == {"same_level_pay_yuan": ["确保该值小于或等于2147483647。"]}


def test_objection_form_takes_its_limits_from_the_objection():
    form = ObjectionForm(
        data={"item": "1", "name": "张" * 51, "contact": "13812345678", "text": "x"}, items=()
    )
    assert errors(form)["name"] == ["确保该变量包含不超过 50 字符 (目前字符数 51)。"]
