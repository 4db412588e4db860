"""``{% documents_for obj %}``: the official documents issued for an item, with their DOCX and PDF downloads,
and the buttons to issue the kinds the user may issue for it now. The page showing ``obj`` has already
checked that the user may see it; a kind the user may not read (``selectors.kinds_visible_for``) is left out,
and with none left the card is not shown."""

from django import template

from ..selectors import documents_of, kinds_visible_for

register = template.Library()


@register.inclusion_tag("documents/_documents_for.html", takes_context=True)
def documents_for(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    specs = kinds_visible_for(user, obj) if user is not None else []
    issuable = [spec for spec in specs if spec.may_issue(user, obj)]
    return {
        "item": obj,
        # The kinds just found readable, not checked again.
        "documents": list(documents_of(obj).filter(kind__in=[s.kind for s in specs])) if specs else [],
        "issuable": issuable,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request is not None else "",
        "show": bool(specs),
    }
