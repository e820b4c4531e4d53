"""Shared abstract models for domain records: timestamps with actors, soft delete, and a version
for optimistic concurrency (see ``common.appkit.concurrency``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        abstract = True


class SoftDeleteModel(models.Model):
    """Records that are hidden, not destroyed, when deleted; ``restore`` brings them back.

    Managers of subclasses should start from ``alive()``; services call ``soft_delete``/``restore``
    inside their own transaction so roll-ups stay consistent.
    """

    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self, *, user=None) -> None:
        self.deleted_at = timezone.now()
        self.deleted_by = user
        self.save(update_fields=["deleted_at", "deleted_by"])

    def restore(self) -> None:
        self.deleted_at = None
        self.deleted_by = None
        self.save(update_fields=["deleted_at", "deleted_by"])


class VersionedModel(models.Model):
    """An editable record with a revision number: "no lost updates". (Named ``revision`` because MANA
    already has instrument *versions*.)

    Services lock the row, compare the version the user read (hidden form field, ``If-Match``)
    with the stored one, raise ``StaleRecordError`` when they differ, and save the changed fields
    with the version incremented (``common.appkit.concurrency.save_changes``). Roll-ups and other
    system-computed fields are saved with ``update_fields`` and leave the version alone.
    """

    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Incremented by every edit; the ETag of the record."
    )

    class Meta:
        abstract = True

    @property
    def etag(self) -> str:
        return f'"{self.revision}"'
