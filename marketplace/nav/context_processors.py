"""`role_nav` in every page's context, read only when a template uses it."""

from django.utils.functional import SimpleLazyObject

from .selectors import role_nav


def nav(request):
    user = getattr(request, "user", None)
    return {"role_nav": SimpleLazyObject(lambda: role_nav(user=user))}
