"""The per-prefix OBC id counter, kept by ``communities.services.ids`` (never written elsewhere)."""

from django.db import models


class ObcIdCounter(models.Model):
    """The highest number given so far to an OBC id with this prefix (e.g. ``OBC-IX-ZDN-``).

    Creating a community reads and bumps one row (locked with the province) instead of scanning the
    province's ids, so the cost of an id does not grow with the province."""

    prefix = models.CharField(max_length=32, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "OBC id counter"

    def __str__(self) -> str:
        return f"{self.prefix}{self.last_number:04d}"
