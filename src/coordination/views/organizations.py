"""Organization pages: list, detail, add, edit, delete, and their contacts (personal data)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from common.access import can_view_personal_data, permission_allows
from common.appkit.views import form_page, get_scoped_or_404, permission_required
from common.remote_select import choices_response
from coordination import selectors, services
from coordination.choices import organizations_for
from coordination.filters import OrganizationFilterSet
from coordination.forms import ContactForm, OrganizationForm
from coordination.models import Contact, Engagement, Organization, Partnership
from coordination.tables import OrganizationTable

from .base import ScopedListView, require_permission


class OrganizationListView(ScopedListView):
    model = Organization
    table_class = OrganizationTable
    filterset_class = OrganizationFilterSet
    title = "Organizations"
    export_kind = "organizations"
    add_url_name = "coordination:organization-add"
    deleted_url_name = "coordination:organization-deleted"
    import_kind = "coordination.organizations"

    def get_queryset(self):
        return Organization.objects.for_user(self.request.user)


def _visible(user, pk, action="view"):
    require_permission(user, Organization, action)
    return get_object_or_404(Organization.objects.for_user(user, action).select_related("parent"), pk=pk)


@permission_required(Organization, "view")
def organization_choices(request):
    """Organizations matching ``?q=`` for the remote select of every organization field (JSON)."""
    return choices_response(request, organizations_for(request.user))


@login_required
def organization_detail(request, pk):
    org = _visible(request.user, pk)
    user = request.user
    show_people = can_view_personal_data(user) and permission_allows(user, Contact, "view")
    context = {
        "org": org,
        "areas": org.areas.select_related("region", "province", "municipality", "barangay"),
        "sectors": [r.get_sector_display() for r in org.sector_rows.all()],
        "units": Organization.objects.for_user(user).filter(parent=org),
        "show_people": show_people,
        "contacts": Contact.objects.for_user(user).filter(organization=org) if show_people else [],
        "can_change": Organization.objects.for_user(user, "change").filter(pk=org.pk).exists(),
        "can_delete": Organization.objects.for_user(user, "delete").filter(pk=org.pk).exists(),
        "can_add_contact": show_people and permission_allows(user, Contact, "add"),
        "partnerships": Partnership.objects.for_user(user).filter(parties__organization=org)[:20],
        "engagements": Engagement.objects.for_user(user).filter(organizations=org).order_by("-starts_at")[:10],
        "history": selectors.change_history(org),
    }
    return render(request, "coordination/organization_detail.html", context)


def _org_data(form):
    data = form.service_data()
    data.update(areas=form.cleaned_data["areas"], sectors=form.cleaned_data["sectors"])
    data["lgu_unit"] = form.cleaned_data["lgu_unit"]
    return data


@login_required
def organization_create(request):
    require_permission(request.user, Organization, "add")
    form = OrganizationForm(request.POST or None, user=request.user)
    return form_page(
        request, form, lambda f: services.create_organization(user=request.user, **_org_data(f)),
        success="Saved {obj}.", template="coordination/organization_form.html",
        context={"title": "Add organization", "duplicates": _duplicates(request)},
    )  # fmt: skip


def _duplicates(request):
    if request.method != "POST":
        return []
    return list(
        services.find_duplicates(name=request.POST.get("name", ""), acronym=request.POST.get("acronym", ""))[:5]
    )


@login_required
def organization_edit(request, pk):
    org = _visible(request.user, pk, "change")
    form = OrganizationForm(request.POST or None, instance=org, user=request.user)

    def save(f):
        return services.update_organization(
            user=request.user, organization=org, expected_revision=f.expected_revision, **_org_data(f)
        )

    return form_page(
        request, form, save, success="Saved {obj}.", template="coordination/organization_form.html",
        context={"title": f"Edit {org.short_name}", "object": org},
    )  # fmt: skip


@login_required
def organization_delete(request, pk):
    org = _visible(request.user, pk, "delete")
    if request.method == "POST":
        try:
            services.delete_organization(user=request.user, organization=org)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(org)
        messages.success(request, f"Deleted {org}.")
        return redirect("coordination:organization-list")
    return render(request, "coordination/confirm.html", {"object": org, "kind": "organization", "verb": "Delete"})


# --- Contacts ------------------------------------------------------------------------------------


def _require_people(user, action):
    if not can_view_personal_data(user):
        raise PermissionDenied
    require_permission(user, Contact, action)


@login_required
def contact_create(request, pk):
    _require_people(request.user, "add")
    org = _visible(request.user, pk, "view")
    form = ContactForm(request.POST or None, user=request.user)

    def save(f):
        services.create_contact(user=request.user, organization=org, **f.service_data())
        return org

    return form_page(
        request, form, save, success="Contact added.", template="coordination/form.html",
        context={"title": f"Add a contact of {org.short_name}", "cancel": org.get_absolute_url()},
    )  # fmt: skip


@login_required
def contact_edit(request, pk):
    _require_people(request.user, "change")
    contact = get_scoped_or_404(Contact.objects.select_related("organization"), request, pk, "change")
    form = ContactForm(request.POST or None, instance=contact, user=request.user)

    def save(f):
        services.update_contact(
            user=request.user, contact=contact, expected_revision=f.expected_revision, **f.service_data()
        )
        return contact.organization

    return form_page(
        request, form, save, success="Contact saved.", template="coordination/form.html",
        context={"title": f"Edit {contact.name}", "cancel": contact.organization.get_absolute_url()},
    )  # fmt: skip


@login_required
def contact_delete(request, pk):
    _require_people(request.user, "delete")
    contact = get_scoped_or_404(Contact.objects.select_related("organization"), request, pk, "delete")
    if request.method == "POST":
        services.delete_contact(user=request.user, contact=contact)
        messages.success(request, "Contact removed.")
        return redirect(contact.organization)
    return render(request, "coordination/confirm.html", {"object": contact, "kind": "contact", "verb": "Delete"})
