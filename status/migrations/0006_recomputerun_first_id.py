from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('status', '0005_status_eval_function'),
    ]

    operations = [
        migrations.AddField(
            model_name='recomputerun',
            name='first_id',
            field=models.BigIntegerField(default=0, verbose_name='first person id'),
        ),
    ]
