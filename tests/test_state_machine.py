"""Random sequences of commands by random users over advancing time: the rules always hold.

Hypothesis drives the services over an in-memory store with a clock it controls; after
every step the store must pass `check`, and no claim may outlive its deadline.
"""

from datetime import UTC, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from lesaitutte_cli.errors import Refused
from lesaitutte_cli.services import checking as checking_service
from lesaitutte_cli.services import exams as exams_service
from lesaitutte_cli.services import points as points_service
from lesaitutte_cli.services import questions as questions_service
from lesaitutte_cli.services import seeding as seeding_service
from lesaitutte_cli.services.session import Invocation
from lesaitutte_cli.store.file.archive import ARCHIVE_BATCH
from tests.memory import memory_store

USERS = ["anna", "carla", "marco", "paola", "bruno", "ada", "tina"]
FIXTURE = {
    "users": [
        {"name": "anna"},
        {"name": "carla"},
        {"name": "marco", "certifications": ["phones", "internet"]},
        {"name": "paola", "certifications": ["phones"]},
        {"name": "bruno", "certifications": ["tariffs", "phones"]},
        {"name": "ada", "roles": ["admin"]},
        {"name": "tina", "roles": ["trainer"]},
    ],
    "rewards": [
        {"id": "tshirt", "title": "T-shirt", "cost": 1, "stock": 2},
        {"id": "topup", "title": "Top-up", "cost": 2},
    ],
}
users = st.sampled_from(USERS)
question_ids = st.integers(min_value=1, max_value=8)


class Community(RuleBasedStateMachine):
    archive_batch = ARCHIVE_BATCH  # the store's own

    def __init__(self):
        super().__init__()
        self.store = memory_store(archive_batch=self.archive_batch)
        self.now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        self.last_command_at = self.now
        seeding_service.seed(self.as_user("ada"), [("fixture", FIXTURE)])

    def as_user(self, name: str) -> Invocation:
        return Invocation(store=self.store, actor=name, now=lambda: self.now)

    def attempt(self, use_case, name: str, *args) -> None:
        self.last_command_at = self.now
        try:
            use_case(self.as_user(name), *args)
        except Refused:
            pass  # a rule said no: allowed, and the store must still be sound

    @rule(seconds=st.integers(min_value=0, max_value=3 * 3600))
    def time_passes(self, seconds):
        self.now += timedelta(seconds=seconds)

    @rule(name=users, category=st.sampled_from(["phones", "internet", "tariffs"]))
    def ask(self, name, category):
        self.attempt(questions_service.ask, name, f"A question from {name}?", category)

    @rule(name=users, question=question_ids)
    def claim(self, name, question):
        self.attempt(questions_service.claim, name, question)

    @rule(name=users)
    def claim_next(self, name):
        self.attempt(questions_service.claim_next, name)

    @rule(name=users, question=question_ids)
    def release(self, name, question):
        self.attempt(questions_service.release, name, question)

    @rule(name=users, question=question_ids)
    def answer(self, name, question):
        self.attempt(questions_service.answer, name, question, "An answer.")

    @rule(name=users, question=question_ids, rating=st.sampled_from(["up", "down"]))
    def rate(self, name, question, rating):
        self.attempt(questions_service.rate, name, question, rating)

    # Random users rarely hold the claim or ask the question they pick: these rules pick the
    # user a question's state calls for, so answers, ratings and points happen often.

    def questions_in(self, status: str) -> list:
        with self.store.transaction() as tx:
            return [question for question in tx.questions() if question.status == status]

    @rule(expert=st.sampled_from(["marco", "paola", "bruno"]))
    def an_expert_claims_the_next(self, expert):
        self.attempt(questions_service.claim_next, expert)

    @rule(pick=st.integers(min_value=0, max_value=99), late=st.sampled_from([False, False, False, True]))
    def the_claimer_answers(self, pick, late):
        claimed = self.questions_in("claimed")
        if claimed:
            question = claimed[pick % len(claimed)]
            if late:
                self.now = question.claim_deadline + timedelta(seconds=pick % 3)
            self.attempt(questions_service.answer, question.claimed_by, question.id, "An answer.")

    @rule(pick=st.integers(min_value=0, max_value=99))
    def the_claimer_releases(self, pick):
        claimed = self.questions_in("claimed")
        if claimed:
            question = claimed[pick % len(claimed)]
            self.attempt(questions_service.release, question.claimed_by, question.id)

    @rule(pick=st.integers(min_value=0, max_value=99), rating=st.sampled_from(["up", "up", "down"]))
    def the_asker_rates(self, pick, rating):
        answered = self.questions_in("answered")
        if answered:
            question = answered[pick % len(answered)]
            self.attempt(questions_service.rate, question.asker, question.id, rating)

    @rule(other=users, amount=st.integers(min_value=-3, max_value=3).filter(bool))
    def an_admin_adjusts(self, other, amount):
        self.attempt(points_service.adjust_points, "ada", other, amount, "state machine")

    @rule(name=users, question=question_ids)
    def withdraw(self, name, question):
        self.attempt(questions_service.withdraw, name, question)

    @rule(name=users, reward=st.sampled_from(["tshirt", "topup"]))
    def redeem(self, name, reward):
        self.attempt(points_service.redeem, name, reward)

    @rule(name=users, other=users, amount=st.integers(min_value=-3, max_value=3).filter(bool))
    def adjust(self, name, other, amount):
        self.attempt(points_service.adjust_points, name, other, amount, "state machine")

    @rule(name=users, other=users, category=st.sampled_from(["phones", "internet"]))
    def revoke(self, name, other, category):
        self.attempt(exams_service.revoke_certification, name, other, category, "state machine")

    @rule(name=users, other=users, category=st.sampled_from(["phones", "internet"]))
    def certify(self, name, other, category):
        self.attempt(exams_service.certify_user, name, other, category)

    @invariant()
    def no_claim_outlives_its_deadline_after_a_command(self):
        with self.store.transaction() as tx:
            for question in tx.questions(("claimed",)):
                assert question.claim_deadline > self.last_command_at, f"question {question.id} kept an overdue claim"

    @invariant()
    def the_store_passes_check(self):
        self.last_command_at = self.now  # check is a command too: it expires what is overdue
        checking_service.check_store(self.as_user("ada"))


class CommunityOverWeeks(Community):
    """The same, with weeks going by and a tiny archive batch: settled history keeps moving to the archive."""

    archive_batch = 2

    @rule(days=st.integers(min_value=1, max_value=9))
    def days_pass(self, days):
        self.now += timedelta(days=days)

    @rule(asker=st.sampled_from(["anna", "carla"]), rating=st.sampled_from([None, "up", "down"]))
    def a_question_is_answered(self, asker, rating):
        """A whole question's life in one step, so that settled questions pile up for the archive."""
        self.attempt(questions_service.ask, asker, "Why is roaming charged in Switzerland?", "phones")
        self.attempt(questions_service.claim_next, "paola")
        with self.store.transaction() as tx:
            held = tx.claim_held_by("paola")
        if held is not None:
            self.attempt(questions_service.answer, "paola", held.id, "Switzerland is outside the EU zone.")
            if rating:
                self.attempt(questions_service.rate, held.asker, held.id, rating)


Community.TestCase.settings = settings(max_examples=200, stateful_step_count=50, deadline=None)
CommunityOverWeeks.TestCase.settings = settings(max_examples=100, stateful_step_count=50, deadline=None)
TestCommunity = Community.TestCase
TestCommunityOverWeeks = CommunityOverWeeks.TestCase
