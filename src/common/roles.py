"""Roles are Django groups; this module is the one place that says what each role may do.

``sync_roles()`` creates the groups and sets their permissions to exactly what is declared here.
It is idempotent and runs after every ``migrate`` (so a new model's permissions reach the roles)
and from ``manage.py setup_roles``.

A grant is ``(app_label, model_name or "*", actions)``; actions are Django's
view/add/change/delete. Extra grants name a permission as ``"app_label.codename"``.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from common.access import (
    ADMINISTRATOR,
    EXECUTIVE,
    MANA_FACILITATOR,
    PARTNER_VIEWER,
    PERSONAL_DATA_PERMISSION,
    PROGRAM_OFFICER,
)

ALL = ("view", "add", "change", "delete")
VIEW = ("view",)
DOMAIN_APPS = ("common", "communities", "mana", "coordination", "policies", "ai_assistant")
GEOGRAPHY = ("region", "province", "municipality", "barangay")


#: Policy recommendations: internal view and the reviewers' steps of the workflow (policies.services.workflow).
POLICY_REVIEW = ("policies.view_internal", "policies.review_recommendation", "policies.decide_recommendation")


#: The assistant's chat: every role may keep its own conversations (Conversation.objects.for_user is the owner's).
CHAT = [("ai_assistant", "conversation", ALL), ("ai_assistant", "message", ("view", "add"))]


def _geography_view():
    return [("common", model, VIEW) for model in GEOGRAPHY]


ROLE_GRANTS: dict[str, list] = {
    ADMINISTRATOR: [
        *[(app, "*", ALL) for app in DOMAIN_APPS],
        ("auth", "group", VIEW),
        ("auditlog", "logentry", VIEW),
        PERSONAL_DATA_PERMISSION,
        "coordination.close_partnership",
        *POLICY_REVIEW,
    ],
    EXECUTIVE: [
        *[(app, "*", VIEW) for app in ("communities", "mana", "coordination", "policies")],
        ("policies", "*", ("add", "change")),  # executives draft and edit national-scope recommendations
        "coordination.close_partnership",  # executives close agreements (complete / terminate)
        *POLICY_REVIEW,  # executives review, endorse, submit to the Chief Minister and decide
        *_geography_view(),
        *CHAT,
    ],
    PROGRAM_OFFICER: [
        ("communities", "*", ALL),
        ("coordination", "*", ALL),
        "coordination.close_partnership",
        ("policies", "*", ("view", "add", "change")),
        "policies.view_internal",
        ("mana", "*", VIEW),
        ("mana", "needvote", ("add", "delete")),  # officers vote on needs
        *_geography_view(),
        *CHAT,
        PERSONAL_DATA_PERMISSION,
    ],
    MANA_FACILITATOR: [
        ("mana", "*", ALL),
        ("communities", "*", VIEW),
        ("coordination", "*", ALL),  # facilitators log engagements and action items in their areas
        ("policies", "*", VIEW),  # facilitators see the recommendations that answer their needs
        "policies.view_internal",
        *_geography_view(),
        *CHAT,
        PERSONAL_DATA_PERMISSION,
    ],
    # Partner viewers: the organizations and aggregate counts (3W), never minutes, feedback or contacts.
    PARTNER_VIEWER: [
        ("communities", "*", VIEW),
        ("coordination", "organization", VIEW),
        "coordination.view_aggregates",
        ("policies", "recommendation", VIEW),  # approved recommendations of their areas only (no view_internal)
        *_geography_view(),
        *CHAT,
    ],
}

#: Models whose rows hold personal data: roles without PERSONAL_DATA_PERMISSION never get them,
#: whatever a wildcard grant says. Apps add their model names here as "app_label.model_name".
PERSONAL_DATA_MODELS: set[str] = {"common.user"}


def _permissions_for(grant) -> list[Permission]:
    if isinstance(grant, str):
        app_label, codename = grant.split(".", 1)
        return list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    app_label, model, actions = grant
    qs = Permission.objects.filter(content_type__app_label=app_label)
    if model != "*":
        qs = qs.filter(content_type__model=model)
    wanted = []
    for perm in qs.select_related("content_type"):
        action = perm.codename.split("_", 1)[0]
        if action in actions and perm.codename == f"{action}_{perm.content_type.model}":
            wanted.append(perm)
    return wanted


def permissions_for_role(role: str) -> set[Permission]:
    grants = ROLE_GRANTS[role]
    perms: set[Permission] = set()
    for grant in grants:
        perms.update(_permissions_for(grant))
    if PERSONAL_DATA_PERMISSION not in grants:
        perms = {p for p in perms if f"{p.content_type.app_label}.{p.content_type.model}" not in PERSONAL_DATA_MODELS}
    return perms


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create every role group and set its permissions to the declaration. Returns counts."""
    counts = {}
    for role in ROLE_GRANTS:
        group, _ = Group.objects.get_or_create(name=role)
        perms = permissions_for_role(role)
        group.permissions.set(perms)
        counts[role] = len(perms)
    return counts
