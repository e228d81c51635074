"""How the community runs, and what it talks about."""

from datetime import datetime

from lesaitutte_cli.domain.model import TRUST
from lesaitutte_cli.domain.model.record import record


@record
class Settings:
    """How a store's community runs, changed by its admins."""

    identity: str = TRUST  # TRUST: --user names anyone; LOGIN: people act as their login name
    pair_points_per_day: int = 3  # points one asker's up ratings may give one expert in 24 hours
    certification_months: int = 0  # how long a certification lasts; 0: for ever
    certification_months_since: datetime | None = None  # when certifications began to expire


@record
class Category:
    id: str
    title: str


DEFAULT_CATEGORIES = (
    Category("tariffs", "Tariffs and plans"),
    Category("services", "Services and account"),
    Category("phones", "Phones and devices"),
    Category("internet", "Internet and set-up"),
)
