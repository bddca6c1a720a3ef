"""Where uploaded files live: outside the public static and media folders.

Photos that clients add are care data. They are stored under ``PRIVATE_MEDIA_ROOT`` and have no
public URL: a permission-checked view streams them (``views/photos.py``).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """File storage under ``settings.PRIVATE_MEDIA_ROOT``, read each time (tests point it elsewhere)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public address; use the permission-checked view.")


def private_storage() -> PrivateStorage:
    """The storage of private uploads (a callable, so migrations do not record a folder)."""
    return PrivateStorage()
