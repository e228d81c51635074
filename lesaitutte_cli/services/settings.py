"""The store's settings, which admins change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lesaitutte_cli.domain.model import ADMIN, replace
from lesaitutte_cli.language import N_
from lesaitutte_cli.services.session import acting, retried

if TYPE_CHECKING:
    from lesaitutte_cli.domain.model import Settings
    from lesaitutte_cli.services.session import Invocation


@retried
def read_settings(invocation: Invocation) -> Settings:
    with acting(invocation, ADMIN, N_("Reading the settings")) as act:
        return act.tx.settings()


@retried
def change_settings(invocation: Invocation, **changes: Any) -> Settings:
    with acting(invocation, ADMIN, N_("Changing the settings")) as act:
        settings = replace(act.tx.settings(), **changes)
        act.tx.save_settings(settings)
        if "language" in changes:
            # Always, even to the language it had: that is how a store indexed by an older
            # lesaitutte is read anew (README: search).
            act.tx.reindex_search()
        return settings


@retried
def set_certification_months(invocation: Invocation, months: int) -> Settings:
    from lesaitutte_cli.domain.certificates import with_certification_months

    with acting(invocation, ADMIN, N_("Changing the settings")) as act:
        settings = with_certification_months(act.tx.settings(), months, act.now)
        act.tx.save_settings(settings)
        return settings
