"""The people of the community."""

from dataclasses import dataclass
from datetime import datetime

from lesaitutte_cli.domain.model import MEMBER


@dataclass
class Grant:
    """When a certification was last granted (passed, certified or renewed)."""

    category: str
    at: datetime


@dataclass
class User:
    name: str
    registered_at: datetime
    roles: frozenset[str] = frozenset({MEMBER})
    certifications: frozenset[str] = frozenset()
    # Grant times of the certifications; one without (older stores, seeds) has an unknown grant time.
    grants: tuple[Grant, ...] = ()
