"""Signal receivers of the status app: a saved or deleted row of a rule a status depends on
(rulebook.RULE_MODELS) has every snapshot recomputed once the change is committed."""

from django.db.models.signals import post_delete, post_save

from . import rulebook, services


def rule_changed(sender, instance, **kwargs) -> None:
    if rulebook.is_status_rule_change(instance):
        services.recompute_all_later()


def connect() -> None:
    """Called once at start-up (apps.py), after the rule cache's own receivers, so that every
    process has been told to reload the rules before the recompute is sent."""
    for model in rulebook.RULE_MODELS:
        uid = f"status-recompute-{model._meta.label}"
        post_save.connect(rule_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(rule_changed, sender=model, dispatch_uid=f"{uid}-deleted")
