from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "postdoc_base.api"
    label = "api"
