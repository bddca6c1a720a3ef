"""The application's health, for load balancers and monitoring."""

from django.http import HttpResponse


def health(request):
    """A bare answer without database or session ("the process answers"): for load balancers, and
    the live-session benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")
