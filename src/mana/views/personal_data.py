"""The personal-data rule on MANA pages (``common.personal_data``): whether a page may show
participants' names for an assessment, and the log of a page that does."""

from common import personal_data
from mana.models import Participant


def people_shown(request, assessment, *, rows: int, description: str) -> bool:
    """True when the user may see participants' names for ``assessment``; a page that then shows
    ``rows`` names is logged."""
    allowed = personal_data.can_view(request.user, Participant, obj=assessment)
    if allowed and rows:
        personal_data.log_export(user=request.user, model=Participant, rows=rows, channel="page",
                                 file_format="html", description=description, target=assessment)  # fmt: skip
    return allowed
