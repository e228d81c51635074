"""One function per use case; each runs inside one store transaction.

The use cases are imported on first use, so a command loads only the code it needs:
`services.ask` imports services.questions, and nothing of exams or reports.
"""

from lesaitutte_cli.lazy import lazy_attributes

_MODULES = {
    "CheckReport": "checking",
    "ExamOutcome": "exams",
    "ExamPaper": "exams",
    "Invocation": "session",
    "Profile": "membership",
    "add_reward": "points",
    "add_user": "membership",
    "adjust_points": "points",
    "answer": "questions",
    "ask": "questions",
    "certify_user": "exams",
    "change_roles": "membership",
    "change_settings": "settings",
    "check_store": "checking",
    "claim": "questions",
    "claim_next": "questions",
    "claim_next_waiting": "waiting",
    "exam_bank": "exams",
    "exam_results": "exams",
    "finish_exam": "exams",
    "history": "archive",
    "import_exam_banks": "exams",
    "leaderboard": "points",
    "offer_bounty": "questions",
    "list_questions": "questions",
    "profile": "membership",
    "rate": "questions",
    "read_settings": "settings",
    "redeem": "points",
    "redemptions": "points",
    "register": "membership",
    "release": "questions",
    "remove_reward": "points",
    "reset_exam": "exams",
    "revoke_certification": "exams",
    "rewards": "points",
    "search": "archive",
    "seed": "seeding",
    "service_report": "archive",
    "set_certification_months": "settings",
    "show": "questions",
    "similar_questions": "archive",
    "sit_exam_with_answers": "exams",
    "start_exam": "exams",
    "update_reward": "points",
    "watch": "waiting",
    "withdraw": "questions",
}

__all__ = sorted(_MODULES)


__getattr__ = lazy_attributes(__name__, globals(), _MODULES)
