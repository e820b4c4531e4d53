from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from common import views as common_views

api_v1 = [
    path("auth/", include("common.api.auth_urls")),
    path("locations/", include("common.api.urls")),
    path("communities/", include("communities.api.urls")),
    path("mana/", include("mana.api.urls")),
    path("coordination/", include("coordination.api.urls")),
    path("policies/", include("policies.api.urls")),
    path("ai/drafts/", include("ai_assistant.api.drafting_urls")),
    path("ai/", include("ai_assistant.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Pages for people: an anonymous visitor is sent to the sign-in page (the schema itself answers 401).
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
    path("redoc/", login_required(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
]

urlpatterns = [
    path("", include("common.urls")),
    path("communities/", include("communities.urls")),
    path("accounts/", include("common.signin.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("mana/", include("mana.urls")),
    path("coordination/", include("coordination.urls")),
    path("calendar/", include("coordination.calendar_urls")),
    path("policies/", include("policies.urls")),
    path("assistant/drafts/", include("ai_assistant.drafting.urls")),
    path("assistant/usage/", include("ai_assistant.usage_urls")),
    path("assistant/", include("ai_assistant.urls")),
    path("api/v1/", include(api_v1)),
    path("communities/", include("communities.io_urls")),
]

handler403 = common_views.permission_denied
handler404 = common_views.page_not_found
handler500 = common_views.server_error
