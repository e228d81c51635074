"""One function per use case; each runs inside one store transaction."""

from lesaitutte_cli.services.archive import history, search, service_report, similar_questions
from lesaitutte_cli.services.checking import CheckReport, check_store
from lesaitutte_cli.services.exams import (
    ExamOutcome,
    ExamPaper,
    certify_user,
    exam_bank,
    exam_results,
    finish_exam,
    import_exam_banks,
    revoke_certification,
    sit_exam_with_answers,
    start_exam,
)
from lesaitutte_cli.services.membership import Profile, add_user, change_roles, profile, register
from lesaitutte_cli.services.points import (
    add_reward,
    adjust_points,
    leaderboard,
    redeem,
    redemptions,
    remove_reward,
    rewards,
    update_reward,
)
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
from lesaitutte_cli.services.settings import change_settings, read_settings

__all__ = [
    "ExamOutcome",
    "ExamPaper",
    "certify_user",
    "exam_bank",
    "exam_results",
    "finish_exam",
    "import_exam_banks",
    "revoke_certification",
    "sit_exam_with_answers",
    "start_exam",
    "CheckReport",
    "Invocation",
    "history",
    "search",
    "service_report",
    "similar_questions",
    "check_store",
    "change_settings",
    "read_settings",
    "add_reward",
    "add_user",
    "adjust_points",
    "change_roles",
    "leaderboard",
    "redeem",
    "redemptions",
    "remove_reward",
    "rewards",
    "update_reward",
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
