"""``{% documents_for obj %}``: the official documents issued for an item, with their DOCX and PDF downloads,
and the buttons to issue the kinds the user may issue for it now. The page showing ``obj`` has already
checked that the user may see it."""

from django import template

from ..selectors import documents_of, kinds_for

register = template.Library()


@register.inclusion_tag("documents/_documents_for.html", takes_context=True)
def documents_for(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    specs = kinds_for(obj)
    issuable = [spec for spec in specs if user is not None and spec.may_issue(user, obj)]
    return {
        "item": obj,
        "documents": list(documents_of(obj)) if specs else [],
        "issuable": issuable,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request is not None else "",
        "show": bool(specs),
    }
