"""Choosing one or more records out of thousands: a select that renders only the chosen options and
searches the rest on the server as the user types (Tom Select, vendored; ``static/common/js/remote-select.js``).

A plain ``<select>`` of every organization a national user may see is 2,000 options, rendered on every
page that holds the form (a need's page with its status form took 190 ms for them). Here the field
keeps its full ``for_user`` queryset for validation, the widget writes out only the chosen rows, and
the browser asks ``url?q=<text>`` for up to ``CHOICES_LIMIT`` matches, answered by ``choices_response``
from the same ``for_user`` queryset with the project's folded search (accents, case, "Sto./Sta.").

    field.widget = RemoteSelect(url=reverse_lazy("coordination:organization-choices"))  # before the queryset
    field.queryset = Organization.objects.for_user(user)

or ``use_remote_select(field, queryset, url)``, which does both in that order.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import JsonResponse

from common.filters import FoldedSearchFilter

#: Matches sent for one query: enough to choose from, small enough to render at once.
CHOICES_LIMIT = 20
#: Longest query read (the rest is ignored).
QUERY_MAX = 100


class _RemoteMixin:
    def __init__(self, *, url, attrs=None):
        super().__init__(attrs=attrs)
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-remote-select"] = str(self.url)
        context["widget"]["attrs"]["data-placeholder"] = "Type to search…"
        return context

    def optgroups(self, name, value, attrs=None):
        """Only the chosen rows (and the empty choice of a single select), not the whole queryset."""
        iterator = self.choices
        field = getattr(iterator, "field", None)
        if field is None:  # plain choices: behave like the base widget
            return super().optgroups(name, value, attrs)
        groups, index = [], 0
        if not self.allow_multiple_selected and field.empty_label is not None:
            chosen_none = not [v for v in value if v not in ("", None)]
            groups.append((None, [self.create_option(name, "", field.empty_label, chosen_none, 0, attrs=attrs)], 0))
            index = 1
        wanted = [str(v) for v in value if v not in ("", None)]
        if wanted:
            key = field.to_field_name or "pk"
            try:
                rows = list(iterator.queryset.filter(**{f"{key}__in": wanted}))
            except (ValidationError, ValueError, TypeError):
                rows = []
            for row in rows:
                option_value, label = iterator.choice(row)
                groups.append((None, [self.create_option(name, option_value, label, True, index, attrs=attrs)], index))
                index += 1
        return groups


class RemoteSelect(_RemoteMixin, forms.Select):
    """One record, searched on the server."""


class RemoteSelectMultiple(_RemoteMixin, forms.SelectMultiple):
    """Several records, searched on the server."""


def use_remote_select(field: forms.ModelChoiceField, queryset, url) -> None:
    """Give a model choice field the remote widget, then its queryset (the order matters: the
    queryset setter hands the choices to the widget)."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    attrs = dict(field.widget.attrs)
    field.widget = (RemoteSelectMultiple if multiple else RemoteSelect)(url=url, attrs=attrs)
    field.queryset = queryset


def choices_response(request, queryset, *, fields=("search_folded",), exact_fields=(), order=("name", "pk"), label=str):
    """``{"results": [{"value": pk, "text": label}, …]}``: up to ``CHOICES_LIMIT`` rows of ``queryset``
    (already ``for_user``) whose folded text holds every word of ``?q=`` (or, for ``exact_fields`` such
    as a code, whose value contains ``q``); the first ones by ``order`` when ``q`` is empty."""
    query = (request.GET.get("q") or "").strip()[:QUERY_MAX]
    rows = FoldedSearchFilter(fields=fields, exact_fields=exact_fields).filter(queryset, query)
    rows = rows.order_by(*order)[:CHOICES_LIMIT]
    return JsonResponse({"results": [{"value": row.pk, "text": label(row)} for row in rows]})
