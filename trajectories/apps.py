from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trajectories"
    verbose_name = _("Trajectories")


    def ready(self):
        from trajectories.people import signals  # noqa: F401  - connects the sign-in audit
