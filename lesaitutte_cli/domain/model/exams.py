"""Certification exams: the banks, the attempts, and certifications given and taken."""

from datetime import datetime

from lesaitutte_cli.domain.model import FAILED, INTERRUPTED, PASSED, UNFINISHED
from lesaitutte_cli.domain.model.record import record


@record
class ExamQuestion:
    id: str
    text: str
    choices: tuple[str, ...]
    answer: tuple[int, ...]  # indices of the right choices, 0-based


@record
class ExamBank:
    category: str
    questions_per_attempt: int
    pass_mark: float  # the fraction of right answers needed to pass
    retry_after_hours: float
    questions: tuple[ExamQuestion, ...]


@record
class ChosenAnswer:
    question: str  # an exam question's id
    choices: tuple[int, ...]


@record
class ExamAttempt:
    """One sitting of a certification exam, recorded from the moment the questions are drawn."""

    id: int
    user: str
    category: str
    started_at: datetime
    questions: tuple[str, ...]  # the drawn exam questions' ids, in the order asked
    pass_mark: float
    answers: tuple[ChosenAnswer, ...] = ()
    finished_at: datetime | None = None
    correct: int = 0
    passed: bool = False
    interrupted: bool = False

    @property
    def outcome(self) -> str:
        if self.finished_at is None:
            return UNFINISHED
        if self.interrupted:
            return INTERRUPTED
        return PASSED if self.passed else FAILED

    @property
    def score(self) -> float:
        return self.correct / len(self.questions)


@record
class CertificationChange:
    user: str
    category: str
    # CERTIFIED, RENEWED, REVOKED, LAPSED or EXAM_RESET (then `attempt` is the one whose wait was cleared)
    action: str
    by: str  # the trainer or candidate; empty for a lapse, which nobody made
    at: datetime
    reason: str = ""
    attempt: int | None = None
