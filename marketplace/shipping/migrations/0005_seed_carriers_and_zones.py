"""Seed the carriers, the zones and the carriers' rates in Morocco."""

from django.db import migrations

from marketplace.shipping.seed import shipping_seed


def seed(apps, schema_editor):
    shipping_seed(apps)


class Migration(migrations.Migration):
    dependencies = [("shipping", "0004_carriers_zones_rates")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
