"""The people of the community."""

from dataclasses import dataclass
from datetime import datetime

from lesaitutte_cli.domain.model import MEMBER


@dataclass
class User:
    name: str
    registered_at: datetime
    roles: frozenset[str] = frozenset({MEMBER})
    certifications: frozenset[str] = frozenset()
