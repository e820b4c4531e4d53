"""Sign-in page that says how many attempts are left, and a rate-limited password reset."""

from django.conf import settings
from django.contrib.auth import views as auth_views

from common.signin.lockout import client_ip, failure_counts
from common.signin.reset_limits import register_reset_request


class SignInView(auth_views.LoginView):
    def form_invalid(self, form):
        context = self.get_context_data(form=form)
        username = self.request.POST.get("username", "").strip()
        if username and settings.AXES_ENABLED:
            counts = failure_counts(self.request, {"username": username})
            context["attempts_left"] = counts.username_attempts_left
            context["cool_off_minutes"] = settings.AXES_COOLOFF_MINUTES
        return self.render_to_response(context)


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        refusal = register_reset_request(client_ip(self.request), form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)
        return super().form_valid(form)
