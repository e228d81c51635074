"""Settled history moves to the archive after a week, and every command still sees it whole."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.services import archive as archive_service
from lesaitutte_cli.services import checking as checking_service
from lesaitutte_cli.services import membership as membership_service
from lesaitutte_cli.services import points as points_service
from lesaitutte_cli.services import questions as questions_service
from lesaitutte_cli.services import seeding as seeding_service
from lesaitutte_cli.services.session import Invocation
from lesaitutte_cli.store.file import file_store
from tests.memory import memory_store

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FIXTURE = {
    "users": [
        {"name": "anna"},
        {"name": "carla"},
        {"name": "marco", "certifications": ["phones", "tariffs"]},
        {"name": "ada", "roles": ["admin"]},
    ],
    "rewards": [{"id": "tshirt", "title": "T-shirt", "cost": 1}],
}


class Community:
    """The services over one store, with a clock the test moves."""

    def __init__(self, store):
        self.store = store
        self.now = T0
        seeding_service.seed(self.as_user("ada"), [("fixture", FIXTURE)])

    def as_user(self, name):
        return Invocation(store=self.store, actor=name, now=lambda: self.now)

    def answered(self, text, rating=None, asker="anna", category="phones"):
        question, _ = questions_service.ask(self.as_user(asker), text, category)
        questions_service.claim(self.as_user("marco"), question.id)
        questions_service.answer(self.as_user("marco"), question.id, f"The answer to: {text}")
        if rating:
            questions_service.rate(self.as_user(asker), question.id, rating)
        return question.id

    def live_ids(self):
        with self.store.transaction() as tx:
            return sorted(question.id for question in tx.live_questions())


@pytest.fixture(params=["memory", "file"])
def community(request, tmp_path):
    store = (
        memory_store(archive_batch=2) if request.param == "memory" else file_store(tmp_path / "s.json", archive_batch=2)
    )
    run = Community(store)
    run.up = run.answered("How do I find my IMEI on an old phone?", "up")
    run.unrated = run.answered("Does my plan include roaming in Spain?", category="tariffs")
    question, _ = questions_service.ask(run.as_user("carla"), "Can I pause my plan?", "tariffs")
    questions_service.withdraw(run.as_user("carla"), question.id)
    run.withdrawn = question.id
    run.open = questions_service.ask(run.as_user("carla"), "Why is my bill high?", "tariffs")[0].id
    return run


def a_week_later(run, days=8):
    run.now = T0 + timedelta(days=days)
    questions_service.ask(
        run.as_user("carla"), "A new question, a week later?", "phones"
    )  # any write moves the settled


def test_within_a_week_everything_stays_live(community):
    community.now = T0 + timedelta(days=6)
    questions_service.ask(community.as_user("carla"), "Six days later?", "phones")
    assert {community.up, community.unrated, community.withdrawn} <= set(community.live_ids())


def test_after_a_week_settled_questions_leave_the_live_document(community):
    a_week_later(community)
    live = community.live_ids()
    assert community.open in live
    assert not {community.up, community.unrated, community.withdrawn} & set(live)


def test_archived_questions_are_still_found_by_id_and_in_full_listings(community):
    a_week_later(community)
    shown = questions_service.show(community.as_user("carla"), community.up)
    assert (shown.status, shown.rating, shown.answered_by) == ("rated", "up", "marco")
    listed = questions_service.list_questions(community.as_user("carla"), statuses=("rated", "answered", "withdrawn"))
    assert [question.id for question in listed] == [community.up, community.unrated, community.withdrawn]


def test_listing_open_questions_reads_nothing_of_the_archive(tmp_path, monkeypatch):
    from lesaitutte_cli.store.file.archive import Archive

    run = Community(file_store(tmp_path / "s.json", archive_batch=2))
    run.answered("How do I find my IMEI on an old phone?", "up")
    run.answered("Does my plan include roaming in Spain?", "down", category="tariffs")
    a_week_later(run)

    def refused(self):
        raise AssertionError("the archive holds only settled questions: it has none open to list")

    monkeypatch.setattr(Archive, "questions", refused)
    listed = questions_service.list_questions(run.as_user("carla"))
    assert [question.text for question in listed] == ["A new question, a week later?"]


def test_points_and_the_leaderboard_count_the_archive(community):
    a_week_later(community)
    me = membership_service.profile(community.as_user("marco"), True)
    assert (me.points, me.earned) == (1, 1)
    assert [entry.kind for entry in me.ledger] == ["earned"]
    (row,) = points_service.leaderboard(community.as_user("anna"))
    assert (row.user, row.points, row.answers, row.rated, row.rated_up) == ("marco", 1, 2, 1, 1)
    assert points_service.redeem(community.as_user("marco"), "tshirt")[1] == 0


def test_an_archived_answer_can_still_be_rated_and_earns_its_point(community):
    a_week_later(community)
    assert [question.id for question in membership_service.profile(community.as_user("anna")).awaiting_rating] == [
        community.unrated
    ]
    questions_service.rate(community.as_user("anna"), community.unrated, "up")
    assert questions_service.show(community.as_user("anna"), community.unrated).rating == "up"
    assert membership_service.profile(community.as_user("anna")).awaiting_rating == []
    assert membership_service.profile(community.as_user("marco")).earned == 2
    (row,) = points_service.leaderboard(community.as_user("anna"))
    assert (row.points, row.rated, row.rated_up) == (2, 2, 2)
    checking_service.check_store(community.as_user("ada"))


def test_archived_answers_are_searched_and_offered_as_similar(community):
    a_week_later(community)
    hits: list = []
    archive_service.search(community.as_user("carla"), "IMEI phone", hits.extend)
    assert [hit.question.id for hit in hits] == [community.up]
    _, similar = questions_service.ask(community.as_user("carla"), "Roaming in Spain: included in my plan?", "tariffs")
    assert [hit.question.id for hit in similar] == [community.unrated]


def test_the_archive_passes_check_and_report_and_history_see_it(community):
    a_week_later(community)
    checking_service.check_store(community.as_user("ada"))
    report = archive_service.service_report(community.as_user("ada"))
    assert (report.overall.questions, report.overall.answered) == (5, 2)
    kinds = [happening.kind for happening in archive_service.history(community.as_user("marco"))]
    assert kinds.count("answered") == 2 and "points earned" in kinds


def test_a_file_store_keeps_the_archive_in_logs_beside_it(tmp_path):
    run = Community(file_store(tmp_path / "s.json", archive_batch=2))
    for number in range(3):
        run.answered(f"Question number {number} about roaming?", "up")
    a_week_later(run)
    assert (tmp_path / "s.json.questions.log").exists() and (tmp_path / "s.json.ledger.log").exists()
    document = json.loads((tmp_path / "s.json").read_text())
    assert sorted(document["questions"]) == ["4"]  # only the new question stays live
    reopened = Community.__new__(Community)
    reopened.store, reopened.now = file_store(tmp_path / "s.json"), run.now
    assert questions_service.show(reopened.as_user("carla"), 1).status == "rated"


def test_a_search_index_made_before_italian_is_read_as_english_then_made_anew(tmp_path, monkeypatch):
    from lesaitutte_cli.store.file import archive

    # An index as lesaitutte wrote it before it read Italian: no version, every answer in English.
    monkeypatch.setattr(archive, "_empty_index", lambda: {"docs": 0, "length": 0, "runs": 0})
    run = Community(file_store(tmp_path / "s.json", archive_batch=2))

    def answered_in_italian(text, answer):
        question, _ = questions_service.ask(run.as_user("anna"), text, "tariffs")
        questions_service.claim(run.as_user("marco"), question.id)
        questions_service.answer(run.as_user("marco"), question.id, answer)
        return question.id

    def found(query):
        hits: list = []
        archive_service.search(run.as_user("carla"), query, hits.extend)
        return [hit.question.id for hit in hits]

    offers = answered_in_italian("Quanto costano le offerte per il roaming?", "Le offerte partono da 5 euro.")
    run.answered("Does my plan include roaming in Spain?", "up", category="tariffs")
    a_week_later(run)
    monkeypatch.undo()
    assert "version" not in json.loads((tmp_path / "s.json").read_text())["_archive"]["1"]["index"]

    # Read as the English it holds: what it was made to find it finds, and nothing wrong.
    assert found("offerte") == [offers]
    assert found("offerta") == []
    checking_service.check_store(run.as_user("ada"))

    # The next move makes it anew, each answer read in its own language.
    more = answered_in_italian("Ci sono offerte per la Svizzera?", "Sì, l'offerta Estero.")
    run.answered("Is roaming in Spain free?", "up", category="tariffs")  # a batch is two
    a_week_later(run, days=16)
    assert json.loads((tmp_path / "s.json").read_text())["_archive"]["1"]["index"]["version"] == 2
    assert sorted(found("offerta")) == [offers, more]
    checking_service.check_store(run.as_user("ada"))
