"""Policy tests need no database; rendering a lazy message needs settings, so configure minimal ones.

When the project's settings are in use (DJANGO_SETTINGS_MODULE, pytest-django) they are left alone.
"""

import os

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=False)


@pytest.fixture
def msgids():
    """Render lazy messages as their Chinese msgids, whatever language the settings choose."""
    if not apps.ready:  # project settings without pytest-django: translations need the app registry
        django.setup()
    with translation.override(None):
        yield
