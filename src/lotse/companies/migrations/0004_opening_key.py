import secrets

from django.db import migrations, models


def give_keys(apps, schema_editor):
    Opening = apps.get_model("companies", "Opening")
    for opening in Opening.objects.filter(key=""):
        opening.key = secrets.token_hex(5)
        opening.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("companies", "0003_company_key")]

    operations = [
        migrations.AddField(
            model_name="opening",
            name="key",
            field=models.CharField(default="", editable=False, max_length=40, verbose_name="key"),
            preserve_default=False,
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="opening",
            constraint=models.UniqueConstraint(
                fields=("company", "key"), name="opening_key_per_company"
            ),
        ),
    ]
