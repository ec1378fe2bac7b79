import random
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic demo data (valid IINs, invented names, no real data). "
        "Deterministic for a given --seed; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=200, help="how many people (200)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (2026)")

    def handle(self, *, persons: int, seed: int, **options):
        # Each app with a demo module adds its part, in INSTALLED_APPS order, which follows the
        # apps' dependencies (persons before their payments, clinics and applications). Each
        # gets its own random stream, so one app's data does not shift when another's changes.
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if not module_has_submodule(app_config.module, "demo"):
                    continue
                demo = import_module(f"{app_config.name}.demo")
                demo.seed(
                    rng=random.Random(f"{seed}:{app_config.label}"),
                    persons=persons,
                    stdout=self.stdout,
                )
