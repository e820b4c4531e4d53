"""``OwnRowsQuerySet``: records that belong to one user (a log row, a conversation).

``for_user(user, action)``: nothing without the role's permission; a user's own rows; every row for a national
role when ``national_sees_all`` (the personal-data export log, the AI usage log), never for private records (a
conversation stays its owner's, administrators included).
"""

from django.db import models

from common.access import has_national_scope, permission_allows


class OwnRowsQuerySet(models.QuerySet):
    owner_field = "user"
    national_sees_all = True

    def for_user(self, user, action: str = "view"):
        if not permission_allows(user, self.model, action):
            return self.none()
        if self.national_sees_all and has_national_scope(user):
            return self
        return self.filter(**{self.owner_field: user})
