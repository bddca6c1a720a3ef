from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trajectories"
    verbose_name = _("Trajectories")

    def ready(self):
        # The audit trail's page in the administration (kept apart from trajectories/admin.py,
        # which holds no trajectory content).
        from trajectories import audit_admin  # noqa: F401
