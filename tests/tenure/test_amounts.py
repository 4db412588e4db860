"""Amounts in yuan as officials write them: thousands separators, in both languages."""

import pytest

from postdoc_base.tenure.templatetags.tenure_nav import yuan


@pytest.mark.parametrize("amount, text", [(120000, "120,000"), (0, "0"), (999, "999"), (1500000, "1,500,000"),
                                          (None, "—"), ("", "—")])  # fmt: skip
def test_yuan(amount, text):
    assert yuan(amount) == text


@pytest.mark.django_db
def test_output_page_and_pay_card_group_thousands():
    from django.test import Client

    from tests.factories.exits import appointment, make_exit_world
    from tests.factories.outputs import make_output, make_pay

    w = make_exit_world()
    a = appointment(w)
    output = make_output(a, kind="tech_transfer", amount_yuan=500000, postdoc_share_yuan=150000)
    make_pay(a, year=2026, annual_pay_yuan=120000, same_level_pay_yuan=180000)
    c = Client()
    c.force_login(w["base_same"])
    page = c.get(output.get_absolute_url()).content.decode()
    assert 'data-testid="amount">500,000' in page and 'data-testid="share">150,000' in page
    card = c.get(a.get_absolute_url()).content.decode()
    assert "<td>120,000</td><td>180,000</td>" in card
