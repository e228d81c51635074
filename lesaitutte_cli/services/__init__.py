"""One function per use case; each runs inside one store transaction."""

from lesaitutte_cli.services.membership import Profile, profile, register
from lesaitutte_cli.services.questions import (
    answer,
    ask,
    claim,
    claim_next,
    list_questions,
    rate,
    release,
    show,
    withdraw,
)
from lesaitutte_cli.services.seeding import seed
from lesaitutte_cli.services.session import Invocation

__all__ = [
    "Invocation",
    "Profile",
    "answer",
    "ask",
    "claim",
    "claim_next",
    "list_questions",
    "profile",
    "rate",
    "register",
    "release",
    "seed",
    "show",
    "withdraw",
]
