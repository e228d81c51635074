"""The store's settings, which admins change."""

from dataclasses import replace

from lesaitutte_cli.domain.model import ADMIN, Settings
from lesaitutte_cli.services.session import Invocation, acting


def read_settings(invocation: Invocation) -> Settings:
    with acting(invocation, ADMIN, "Reading the settings") as act:
        return act.tx.settings()


def change_settings(invocation: Invocation, **changes) -> Settings:
    with acting(invocation, ADMIN, "Changing the settings") as act:
        settings = replace(act.tx.settings(), **changes)
        act.tx.save_settings(settings)
        return settings
