from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatrixConfig(AppConfig):
    """The participation matrix (filled by its own issue)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "matrix"
    verbose_name = _("Participation matrix")
