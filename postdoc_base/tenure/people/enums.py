"""Choices of a postdoc's personal record (Art. 13): gender, ID type and study mode."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")


class StudyMode(models.TextChoices):
    FULL_TIME = "full_time", _("全职")
    IN_SERVICE = "in_service", _("在职")
