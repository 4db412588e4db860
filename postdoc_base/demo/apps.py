from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "postdoc_base.demo"
    label = "demo"
    verbose_name = "演示数据"
