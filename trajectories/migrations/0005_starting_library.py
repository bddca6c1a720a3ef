"""Load the product's starting library of working methods and its templates per care context.

Later versions that change the library add a migration like this one; the sync is idempotent.
"""

from django.db import migrations


def load(apps, schema_editor):
    from trajectories.method_services import starting_library_sync
    from trajectories.tailoring_services import starting_templates_sync

    starting_library_sync(apps.get_model("trajectories", "Method"))
    starting_templates_sync(apps.get_model("trajectories", "TrajectoryTemplate"))


class Migration(migrations.Migration):
    dependencies = [("trajectories", "0004_toolkit")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
