"""Every field of every record of the domain model has a place in the schema.

When a record gains a field, this fails until a migration gives it a column: the schema
cannot silently fall behind the model. The table also tells the engine's author where
each field lives.
"""

import dataclasses

import pytest

from lesaitutte_cli.domain import model
from lesaitutte_cli.store.postgres.connection import connect

# Per record: its table, and the fields stored under another name or in a table of their own.
PLACES = {
    "Settings": ("settings", {}),
    "Category": ("categories", {}),
    "User": ("users", {"certifications": "certifications.category", "grants": "certifications.granted_at"}),
    "Grant": ("certifications", {"at": "granted_at"}),
    "Question": (
        "questions",
        {"expired_claims": "expired_claims.question_id", "history": "question_events.question_id"},
    ),
    "Event": ("question_events", {}),
    "ExpiredClaim": ("expired_claims", {}),
    "LedgerEntry": (
        "ledger",
        {"user": "user_name", "question": "question_id", "redemption": "redemption_id", "by": "adjusted_by"},
    ),
    "Reward": ("rewards", {}),
    "Redemption": ("redemptions", {"user": "user_name"}),
    "ExamBank": ("exam_banks", {"questions": "exam_questions.category"}),
    "ExamQuestion": ("exam_questions", {}),
    "ExamAttempt": ("exam_attempts", {"user": "user_name", "answers": "exam_answers.attempt_id"}),
    "ChosenAnswer": ("exam_answers", {}),
    "CertificationChange": (
        "certification_changes",
        {"user": "user_name", "by": "changed_by", "attempt": "attempt_id"},
    ),
}


def test_every_record_of_the_model_has_a_place():
    records = {name for name, value in vars(model).items() if dataclasses.is_dataclass(value)}
    assert records == set(PLACES)


@pytest.fixture(scope="module")
def columns(postgres_cluster):
    with connect(postgres_cluster.url("lesaitutte_template")) as connection:
        rows = connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        ).fetchall()
    return {f"{table}.{column}" for table, column in rows}


@pytest.mark.parametrize("record", sorted(PLACES))
def test_every_field_of_the_record_has_a_column(record, columns):
    table, elsewhere = PLACES[record]
    missing = []
    for field in dataclasses.fields(getattr(model, record)):
        place = elsewhere.get(field.name, field.name)
        column = place if "." in place else f"{table}.{place}"
        if column not in columns:
            missing.append(f"{record}.{field.name} (looked for {column})")
    assert missing == []
