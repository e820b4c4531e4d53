"""Signals that end a user's sign-ins: password changed or reset, user deactivated, user signed out.

A password change or reset sets ``User._password`` (Django's ``set_password``) before the save; a
hasher upgrade during sign-in clears it first, so that one does not count. The page that changed the
password keeps its own session (Django's ``update_session_auth_hash`` re-creates it after the save).
Bulk ``QuerySet.update(is_active=False)`` sends no signal: deactivate users through the model (the
admin does).
"""

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save, pre_save

from common.signin.sessions import end_all_sign_ins


def remember_what_changed(sender, instance, **kwargs):
    instance._signin_password_changed = instance.pk is not None and getattr(instance, "_password", None) is not None
    instance._signin_deactivated = (
        instance.pk is not None
        and not instance.is_active
        and sender.objects.filter(pk=instance.pk, is_active=True).exists()
    )


def end_sign_ins_after_save(sender, instance, created, **kwargs):
    if created:
        return
    if getattr(instance, "_signin_password_changed", False) or getattr(instance, "_signin_deactivated", False):
        end_all_sign_ins(instance)


def end_sign_ins_on_logout(sender, request, user, **kwargs):
    if user is not None:
        end_all_sign_ins(user)


def connect(user_model):
    pre_save.connect(remember_what_changed, sender=user_model, dispatch_uid="signin.remember_what_changed")
    post_save.connect(end_sign_ins_after_save, sender=user_model, dispatch_uid="signin.end_after_save")
    user_logged_out.connect(end_sign_ins_on_logout, dispatch_uid="signin.end_on_logout")
