from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "postdoc_base.web"
    label = "web"
