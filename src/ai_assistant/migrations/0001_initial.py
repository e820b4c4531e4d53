from django.db import migrations


class Migration(migrations.Migration):
    """The app's first migration: its models arrive in the migrations that follow."""

    initial = True
    dependencies = []
    operations = []
