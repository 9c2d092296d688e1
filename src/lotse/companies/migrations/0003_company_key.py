import secrets

from django.db import migrations, models


def give_keys(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    for company in Company.objects.filter(key=""):
        company.key = f"company-{company.pk}-{secrets.token_hex(4)}"
        company.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("companies", "0002_openings")]

    operations = [
        migrations.AddField(
            model_name="company",
            name="key",
            field=models.CharField(default="", editable=False, max_length=40, verbose_name="key"),
            preserve_default=False,
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="company",
            constraint=models.UniqueConstraint(
                fields=("organisation", "key"), name="company_key_per_organisation"
            ),
        ),
    ]
