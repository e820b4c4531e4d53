"""``FoldedSearchModel``: a record that keeps a folded copy of its searchable text (common/folding.py)."""

from django.db import models

from common.folding import fold_all


class FoldedSearchModel(models.Model):
    """Subclasses list their searchable values in ``search_source()``; ``save()`` keeps
    ``search_folded`` current (bulk writers call ``refresh_search_folded()`` before ``bulk_create``).
    Search with ``FoldedSearchFilter`` or ``folded_q``."""

    search_folded = models.TextField(
        "folded search text", blank=True, default="", editable=False, help_text="Kept by save(); see common/folding.py."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_folded()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_folded" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_folded"]
        super().save(*args, **kwargs)

    def search_source(self) -> tuple:
        raise NotImplementedError(f"{type(self).__name__} must say what its search covers")

    def refresh_search_folded(self) -> str:
        self.search_folded = fold_all(*self.search_source())
        return self.search_folded
