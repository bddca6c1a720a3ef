from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatrixConfig(AppConfig):
    """The participation matrix: which role clients play in each phase of a project."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "matrix"
    verbose_name = _("Participation matrix")

    def ready(self):
        # Django's place for what an app hooks into others once all apps are loaded.
        from matrix import extensions

        extensions.register()
