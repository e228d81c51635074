"""The people of the community."""

from datetime import datetime

from lesaitutte_cli.domain.model import MEMBER
from lesaitutte_cli.domain.model.record import record


@record
class Grant:
    """When a certification was last granted (passed, certified or renewed)."""

    category: str
    at: datetime


@record
class User:
    name: str
    registered_at: datetime
    roles: frozenset[str] = frozenset({MEMBER})
    certifications: frozenset[str] = frozenset()
    # Grant times of the certifications; one without (older stores, seeds) has an unknown grant time.
    grants: tuple[Grant, ...] = ()
