from django.conf import settings
from django.urls import NoReverseMatch, reverse

#: Modules in the main navigation: (label, URL namespace). A module whose ``<namespace>:index``
#: URL does not exist yet is shown as disabled ("not built yet"), never as a dead link.
MODULES = [
    ("Communities", "communities"),
    ("MANA", "mana"),
    ("Coordination", "coordination"),
    ("Policies", "policies"),
    ("AI assistant", "ai"),
]


def _nav_modules():
    items = []
    for label, namespace in MODULES:
        try:
            url = reverse(f"{namespace}:index")
        except NoReverseMatch:
            url = None
        items.append({"label": label, "namespace": namespace, "url": url})
    return items


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_DESCRIPTION": settings.SITE_DESCRIPTION,
        "NAV_MODULES": _nav_modules(),
    }
