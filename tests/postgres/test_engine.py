"""The PostgreSQL engine, method by method, on a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.model import (
    CLAIM_WINDOW,
    Category,
    CertificationChange,
    ChosenAnswer,
    Event,
    ExamAttempt,
    ExamBank,
    ExamQuestion,
    ExpiredClaim,
    Grant,
    LedgerEntry,
    Question,
    Redemption,
    Reward,
    Settings,
    User,
)
from lesaitutte_cli.errors import Refused
from lesaitutte_cli.store.postgres.engine import PostgresStore

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture
def store(postgres_url):
    opened = PostgresStore(postgres_url)
    yield opened
    opened.close()


def people(tx, *names, certified=("phones",)):
    users = []
    for name in names:
        user = User(name, NOW, certifications=frozenset(certified))
        tx.save_user(user)
        users.append(user)
    return users


def asked(tx, asker="anna", category="phones", text="How do I see my IMEI?", at=NOW):
    question = Question(tx.next_question_id(), category, text, asker, at, history=(Event(at, "asked", asker),))
    tx.save_question(question)
    return question


def claimed(question, expert, at=NOW):
    return replace(
        question,
        status=model.CLAIMED,
        claimed_by=expert,
        claimed_at=at,
        claim_deadline=at + CLAIM_WINDOW,
        history=question.history + (Event(at, "claimed", expert),),
    )


def answered(question, expert, text="Dial *#06#", at=NOW + timedelta(minutes=3)):
    question = claimed(question, expert, at - timedelta(minutes=1))
    return replace(
        question,
        status=model.ANSWERED,
        claim_deadline=None,
        answered_by=expert,
        answer=text,
        answered_at=at,
        history=question.history + (Event(at, "answered", expert),),
    )


def test_the_location_leaves_the_password_out(postgres_cluster):
    store = PostgresStore(postgres_cluster.url("somewhere", "bob", "s3cret"))
    assert "s3cret" not in store.location and "bob@" in store.location


def test_a_new_database_has_the_defaults(store):
    with store.transaction() as tx:
        assert [category.id for category in tx.categories()] == ["tariffs", "services", "phones", "internet"]
        assert tx.settings() == Settings()
        assert tx.identity_policy() == model.TRUST
        assert tx.users() == [] and not tx.has_changes()


def test_settings_users_and_categories_round_trip(store):
    zoe = User("Zoe", NOW, frozenset({"member", "trainer"}), frozenset({"phones", "tariffs"}), (Grant("phones", NOW),))
    with store.transaction() as tx:
        tx.save_settings(Settings(model.LOGIN, 5, 12, NOW))
        tx.save_user(zoe)
        tx.save_user(User("anna", NOW))
        tx.save_category(Category("roaming", "Roaming abroad"))
        assert tx.has_changes()
    with store.transaction() as tx:
        assert tx.settings() == Settings(model.LOGIN, 5, 12, NOW)
        assert tx.user("zoe") == zoe and tx.user("ZOE") == zoe and tx.user("nobody") is None
        assert [user.name for user in tx.users()] == ["Zoe", "anna"]
        assert tx.certified_users() == [zoe]
        assert tx.category("roaming") == Category("roaming", "Roaming abroad")
        assert tx.categories()[-1].id == "roaming"
        tx.save_user(replace(zoe, certifications=frozenset({"tariffs"}), grants=(Grant("tariffs", NOW),)))
    with store.transaction() as tx:
        assert tx.user("Zoe").certifications == {"tariffs"} and tx.user("Zoe").grants == (Grant("tariffs", NOW),)


def test_questions_keep_their_history_and_expired_claims(store):
    with store.transaction() as tx:
        people(tx, "anna", "marco", "lia")
        first = asked(tx)
        second = asked(tx, category="tariffs", text="Roaming in Swiss?")
        gone = replace(
            claimed(first, "marco"),
            status=model.OPEN,
            claimed_by=None,
            claimed_at=None,
            claim_deadline=None,
            expired_claims=(ExpiredClaim("marco", NOW + CLAIM_WINDOW),),
        )
        gone = replace(gone, history=gone.history + (Event(NOW + CLAIM_WINDOW, "expired", "marco"),))
        tx.save_question(gone)
    with store.transaction() as tx:
        assert tx.question(first.id) == gone
        assert tx.question(999) is None
        assert [q.id for q in tx.questions()] == [first.id, second.id]
        assert [q.id for q in tx.questions(statuses=["open"], categories=["tariffs"])] == [second.id]
        assert [q.id for q in tx.questions(involving="marco")] == []
        assert tx.next_question_id() > second.id
        ids = tx.next_question_ids(5)
        assert len(ids) == 5 and ids.start > second.id


def test_claims_overdue_held_and_next(store):
    with store.transaction() as tx:
        anna, marco, lia = people(tx, "anna", "marco", "lia")
        first, second, third = asked(tx), asked(tx), asked(tx, asker="marco")
        tx.save_question(claimed(first, "lia"))
        assert tx.claim_held_by("lia").id == first.id and tx.claim_held_by("marco") is None
        assert tx.overdue_claims(NOW + CLAIM_WINDOW - timedelta(seconds=1)) == []
        assert [q.id for q in tx.overdue_claims(NOW + CLAIM_WINDOW)] == [first.id]
        # marco's own question is not offered to him; the oldest, highest bounty first
        assert tx.next_claimable(marco).id == second.id
        tx.save_question(replace(third, bounty=5, bounty_since=NOW))
        assert tx.next_claimable(lia).id == third.id
        assert tx.next_claimable(replace(lia, certifications=frozenset({"tariffs"}))) is None
        expired = replace(second, expired_claims=(ExpiredClaim("marco", NOW),))
        tx.save_question(expired)
        assert tx.next_claimable(marco) is None
        assert [q.id for q in tx.held_bounties(NOW + timedelta(seconds=1))] == [third.id]
        assert tx.held_bounties(NOW - timedelta(seconds=1)) == []  # at or before: NOW itself counts


def test_points_totals_and_standings(store):
    with store.transaction() as tx:
        people(tx, "anna", "marco", "ada")
        question = asked(tx)
        rated = replace(answered(question, "marco"), status=model.RATED, rating=model.UP, rated_at=NOW)
        tx.save_question(rated)
        tx.add_ledger_entry(LedgerEntry("marco", 1, model.EARNED, NOW, "up", question=question.id))
        tx.add_ledger_entry(LedgerEntry("anna", 4, model.ADJUSTED, NOW + timedelta(hours=1), "gift", by="ada"))
    with store.transaction() as tx:
        assert [entry.user for entry in tx.ledger()] == ["marco", "anna"]
        assert [entry.amount for entry in tx.ledger("anna")] == [4]
        assert list(tx.ledger(since=NOW + timedelta(minutes=1))) == [
            LedgerEntry("anna", 4, model.ADJUSTED, NOW + timedelta(hours=1), "gift", by="ada")
        ]
        totals = tx.totals("marco")
        assert (totals.balance, totals.earned, totals.answers, totals.rated, totals.rated_up) == (1, 1, 1, 1, 1)
        assert tx.totals("nobody").balance == 0
        standings = {standing.user: standing for standing in tx.standings()}
        assert set(standings) == {"marco"} and standings["marco"].points == 1
        assert tx.standings(category="tariffs") == []
        assert tx.standings(since=NOW + timedelta(days=1)) == []


def test_a_balance_below_zero_is_a_refusal(store):
    with store.transaction() as tx:
        people(tx, "anna", "ada")
    with pytest.raises(Refused), store.transaction() as tx:
        tx.add_ledger_entry(LedgerEntry("anna", -1, model.ADJUSTED, NOW, "oops", by="ada"))
    with store.transaction() as tx:
        assert list(tx.ledger()) == []


def test_rewards_redemptions_exams_and_certifications(store):
    bank = ExamBank("phones", 1, 0.5, 24.0, (ExamQuestion("ph-1", "IMEI?", ("*#06#", "*100#"), (0,)),))
    with store.transaction() as tx:
        people(tx, "anna", "tina")
        tx.save_reward(Reward("topup", "Top-up", 5, 2))
        tx.save_reward(Reward("phone", "Phone", 500))
        tx.add_ledger_entry(LedgerEntry("anna", 10, model.ADJUSTED, NOW, "gift", by="tina"))
        redemption = Redemption(tx.next_redemption_id(), "anna", "topup", "Top-up", 5, "LST-1", NOW)
        tx.add_redemption(redemption)
        tx.add_ledger_entry(LedgerEntry("anna", -5, model.REDEEMED, NOW, "x", redemption=redemption.id))
        tx.save_reward(Reward("topup", "Top-up", 5, 1))
        tx.save_exam_bank(bank)
        attempt = ExamAttempt(tx.next_attempt_id(), "anna", "phones", NOW, ("ph-1",), 0.5)
        tx.save_attempt(attempt)
        finished = replace(attempt, answers=(ChosenAnswer("ph-1", (0,)),), finished_at=NOW, correct=1, passed=True)
        tx.save_attempt(finished)
        change = CertificationChange("anna", "phones", model.CERTIFIED, "anna", NOW, attempt=attempt.id)
        tx.add_certification_change(change)
        tx.save_reward(Reward("spare", "Spare", 1))
        tx.delete_reward("spare")
    with store.transaction() as tx:
        assert tx.reward("topup") == Reward("topup", "Top-up", 5, 1)
        assert [reward.id for reward in tx.rewards()] == ["topup", "phone"]
        assert tx.redemptions() == [redemption] and tx.redemptions("tina") == []
        assert tx.exam_bank("phones") == bank and tx.exam_banks() == [bank] and tx.exam_bank("tariffs") is None
        assert tx.attempt(attempt.id) == finished and tx.attempts("anna") == [finished] and tx.attempts("x") == []
        assert tx.certification_changes() == [change] and tx.certification_changes("tina") == []
        assert tx.totals("anna").balance == 5


def test_keep_so_far_keeps_the_work_before_it_when_the_command_fails(store):
    with pytest.raises(Refused), store.transaction() as tx:
        people(tx, "anna")
        tx.keep_so_far()
        asked(tx)
        raise Refused("a rule said no")
    with store.transaction() as tx:
        assert [user.name for user in tx.users()] == ["anna"]
        assert list(tx.questions()) == []


def test_a_failed_command_leaves_nothing(store):
    with pytest.raises(RuntimeError), store.transaction() as tx:
        people(tx, "anna")
        raise RuntimeError("bug")
    with store.transaction() as tx:
        assert tx.users() == []


def community(tx):
    """Three answered questions (two rated), one open, one claim that expired, a certification change."""
    people(tx, "anna", "marco", "lia", "ada")
    imei = asked(tx, text="How do I find my phone's IMEI?")
    tx.save_question(
        replace(answered(imei, "marco", "Dial *#06# on the phone"), status=model.RATED, rating=model.UP, rated_at=NOW)
    )
    tx.add_ledger_entry(LedgerEntry("marco", 1, model.EARNED, NOW, "up", question=imei.id))
    roaming = asked(tx, category="tariffs", text="Roaming charges in Switzerland?", at=NOW + timedelta(minutes=1))
    tx.save_question(
        replace(
            answered(roaming, "lia", "Switzerland is outside the EU roaming zone", at=NOW + timedelta(minutes=20)),
            status=model.RATED,
            rating=model.DOWN,
            rated_at=NOW,
        )
    )
    phones = asked(tx, text="Which phones take two SIM cards?", at=NOW + timedelta(minutes=2))
    tx.save_question(answered(phones, "lia", "Most dual-SIM phones", at=NOW + timedelta(minutes=9)))
    waiting = asked(tx, category="internet", text="APN for internet?", at=NOW + timedelta(minutes=3))
    expired = replace(
        waiting,
        expired_claims=(ExpiredClaim("marco", NOW + CLAIM_WINDOW),),
        history=waiting.history + (Event(NOW, "claimed", "marco"), Event(NOW + CLAIM_WINDOW, "expired", "marco")),
    )
    tx.save_question(expired)
    tx.add_certification_change(CertificationChange("lia", "phones", model.CERTIFIED, "ada", NOW))
    tx.add_certification_change(CertificationChange("lia", "tariffs", model.LAPSED, "", NOW + timedelta(days=1)))


def test_search_ranks_answered_questions_and_says_what_matched(store):
    with store.transaction() as tx:
        community(tx)
        hits = list(tx.search("IMEI of my phones"))
        assert [hit.question.id for hit in hits][:1] == [1]
        assert hits[0].matched == {"imei", "phone"} and hits[0].score > 0
        assert {hit.question.id for hit in hits} == {1, 3}  # the open question is not searched
        assert [hit.question.id for hit in tx.search("phone", category="tariffs")] == []
        assert len(list(tx.search("phone", limit=1))) == 1
        assert list(tx.search("the and of")) == []


def test_italian_answers_go_through_the_italian_configuration(store):
    """Its Snowball stemmer sometimes joins derived words the domain's light stem keeps apart (on
    the file engine "attivazione" does not find "attivo"; README: search)."""
    with store.transaction() as tx:
        people(tx, "anna", "marco")
        question = asked(tx, text="Come attivo la segreteria?")
        tx.save_question(answered(question, "marco", "Chiama il 4133 dal tuo telefono."))
        assert [hit.question.id for hit in tx.search("attivazione")] == [question.id]
        assert list(tx.search("il della per")) == []


def test_similar_wants_enough_words_in_common(store):
    with store.transaction() as tx:
        community(tx)
        assert [hit.question.id for hit in tx.similar("Where is the IMEI of a phone?", 3)] == [1]
        assert tx.similar("phone", 3) == []  # one word in common is not enough


def test_the_report_is_the_domains_report(store):
    from lesaitutte_cli.domain.report import in_period, service_report

    with store.transaction() as tx:
        community(tx)
        questions, changes = list(tx.questions()), tx.certification_changes()
        whole = tx.report()
        assert whole == service_report(questions, changes)
        assert type(whole.overall.expired_claims) is int  # not a Decimal, which JSON cannot write
        until = NOW + timedelta(minutes=2)
        expected = service_report(
            in_period(questions, NOW, until, "tariffs"),
            [change for change in changes if change.category == "tariffs" and NOW <= change.at < until],
        )
        assert tx.report(NOW, until, "tariffs") == expected
        assert tx.report(since=NOW + timedelta(days=9)).overall.questions == 0


def test_history_is_the_domains_history(store):
    from lesaitutte_cli.domain.history import user_history

    with store.transaction() as tx:
        community(tx)
        for name in ("anna", "marco", "lia", "ada"):
            everything = (list(tx.questions()), tx.attempts(), list(tx.ledger()), tx.certification_changes())
            assert tx.history(name) == user_history(name, *everything)


def test_check_counts_and_finds_nothing_wrong_in_a_sound_store(store):
    with store.transaction() as tx:
        community(tx)
        counts, problems = tx.check()
    assert problems == []
    assert counts == {"users": 4, "questions": 4, "ledger": 1, "rewards": 0, "redemptions": 0, "attempts": 0}


def test_every_problem_the_sql_finds_is_worded_by_the_domain():
    import re

    from lesaitutte_cli.domain.invariants import PROBLEMS
    from lesaitutte_cli.store.postgres.queries import query

    codes = re.findall(r"(?:SELECT|THEN|ELSE) '(\w+)'", query("check_problems"))
    assert len(codes) == 12
    assert set(codes) <= set(PROBLEMS)


def test_check_finds_what_the_constraints_let_through(store):
    with store.transaction() as tx:
        community(tx)
        tx.save_question(replace(tx.question(4), bounty=3, bounty_since=NOW))  # held without a ledger entry
        tx.add_ledger_entry(LedgerEntry("lia", 1, model.EARNED, NOW, "x", question=3))  # never rated up
        _, problems = tx.check()
    assert problems == [
        "lia earned a point for question 3 that no up rating gave",
        "question 4 holds a bounty of 3 points; the ledger says 0",
    ]


def test_check_finds_a_balance_that_went_below_zero_on_the_way_whoever_else_never_lost_points(store):
    adjusted = [(5, "anna"), (-3, "marco"), (1, "marco"), (4, "marco"), (2, "anna")]
    with store.transaction() as tx:
        people(tx, "anna", "marco", "ada")
        # Copied together, the entries pass the balances' check only as a whole: marco ends on 2.
        tx.add_history(
            [],
            [
                LedgerEntry(name, amount, model.ADJUSTED, NOW + timedelta(minutes=number), "x", by="ada")
                for number, (amount, name) in enumerate(adjusted)
            ],
            NOW,
        )
        _, problems = tx.check()
    assert problems == [  # at -3, then at -2
        "marco's balance went below zero on 2026-11-26 10:01:00 UTC",
        "marco's balance went below zero on 2026-11-26 10:02:00 UTC",
    ]


def test_a_seed_is_copied_whole_and_new_ids_come_after_it(store):
    with store.transaction() as tx:
        people(tx, "anna", "marco", "ada")
        ids = tx.next_question_ids(3)
        seeded = [
            answered(
                Question(qid, "phones", f"question {qid}", "anna", NOW, history=(Event(NOW, "asked", "anna"),)), "marco"
            )
            for qid in ids
        ]
        seeded[0] = replace(seeded[0], status=model.RATED, rating=model.UP, rated_at=NOW)
        entries = [LedgerEntry("marco", 1, model.EARNED, NOW, "up", question=ids[0])]
        tx.add_history(seeded, entries, NOW)
    with store.transaction() as tx:
        assert list(tx.questions()) == seeded
        assert list(tx.ledger()) == entries and tx.totals("marco").balance == 1
        assert tx.next_question_id() > ids[-1]
        assert [hit.question.id for hit in tx.search("question")] != []
        assert tx.check()[1] == []


def test_the_login_name_is_the_role_the_connection_authenticated_as(store):
    assert store.login_name() == "postgres"


def test_two_claims_by_one_expert_racing_end_in_one_claim_and_a_refusal(postgres_url, store):
    import threading

    with store.transaction() as tx:
        people(tx, "anna", "marco")
        first, second = asked(tx), asked(tx)
    other = PostgresStore(postgres_url)
    outcome = {}
    with store.transaction() as tx:
        tx.save_question(claimed(tx.question(first.id), "marco"))

        def claim_the_other() -> None:
            try:
                with other.transaction() as racing:
                    racing.save_question(claimed(racing.question(second.id), "marco"))
            except Refused as refusal:
                outcome["refused"] = str(refusal)

        racer = threading.Thread(target=claim_the_other)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive()  # it waits for this transaction rather than failing or winning
    racer.join(timeout=10)
    other.close()
    assert "You already hold a claim" in outcome["refused"]
    with store.transaction() as tx:
        assert tx.claim_held_by("marco").id == first.id and tx.question(second.id).status == model.OPEN


def test_two_experts_claiming_one_question_take_turns(postgres_url, store):
    import threading

    with store.transaction() as tx:
        people(tx, "anna", "marco", "lia")
        question = asked(tx)
    other = PostgresStore(postgres_url)
    seen = {}
    with store.transaction() as tx:
        tx.save_question(claimed(tx.question(question.id), "marco"))

        def look() -> None:
            with other.transaction() as racing:
                seen["status"] = racing.question(question.id).status

        racer = threading.Thread(target=look)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive()
    racer.join(timeout=10)
    other.close()
    assert seen["status"] == model.CLAIMED  # what the domain refuses: "claimed first by marco"


def test_a_row_held_too_long_by_another_command_makes_the_store_unusable_for_now(postgres_url, store):
    from lesaitutte_cli.errors import StoreUnusable

    with store.transaction() as tx:
        people(tx, "anna")
        question = asked(tx)
    impatient = PostgresStore(postgres_url, lock_timeout=0.2)
    with store.transaction() as tx:
        tx.question(question.id)
        with pytest.raises(StoreUnusable, match="locked for more than 0.2 seconds"), impatient.transaction() as other:
            other.question(question.id)
    impatient.close()


def test_commands_reading_every_user_take_turns(postgres_url, store):
    import threading

    other = PostgresStore(postgres_url)
    seen = {}
    with store.transaction() as tx:
        assert tx.users() == []

        def register_too() -> None:
            with other.transaction() as racing:
                seen["users"] = [user.name for user in racing.users()]

        racer = threading.Thread(target=register_too)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive()
        people(tx, "anna")  # the first to register
    racer.join(timeout=10)
    other.close()
    assert seen["users"] == ["anna"]  # so the second knows it is not the first


def test_two_people_registering_one_name_do_not_both_find_it_free(postgres_url, store):
    import threading

    other = PostgresStore(postgres_url)
    seen = {}
    with store.transaction() as tx:
        assert tx.user("zoe") is None

        def register_too() -> None:
            with other.transaction() as racing:
                seen["zoe"] = racing.user("ZOE")

        racer = threading.Thread(target=register_too)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive()
        tx.save_user(User("zoe", NOW, frozenset({"member", "admin"})))
    racer.join(timeout=10)
    other.close()
    assert seen["zoe"].name == "zoe"  # so the second is told the name is taken


def test_a_connection_lost_during_a_command_is_an_unusable_store_saying_nothing_was_saved(postgres_url, store):
    import psycopg

    from lesaitutte_cli.errors import StoreUnusable

    with pytest.raises(StoreUnusable, match="Nothing of it was saved") as lost, store.transaction() as tx:
        people(tx, "anna")
        pid = tx._connection.info.backend_pid
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        tx.users()
    assert "Traceback" not in str(lost.value)
    with store.transaction() as tx:  # the next command connects again
        assert tx.users() == []


def test_answers_awaiting_a_rating_and_nothing_to_file_away(store):
    with store.transaction() as tx:
        community(tx)
        assert [question.id for question in tx.awaiting_rating("anna")] == [3]
        assert tx.awaiting_rating("carla") == []
        before = list(tx.questions())
        tx.archive_settled(NOW + timedelta(days=90), force=True)
        assert list(tx.questions()) == before


def test_a_command_runs_in_utc_with_the_lock_timeout_without_jit_and_knows_who_logged_in(postgres_url):
    store = PostgresStore(postgres_url, lock_timeout=2.5)
    with store.transaction() as tx:
        settings = tx._connection.execute(
            "SELECT current_setting('TimeZone'), current_setting('lock_timeout'), current_setting('jit')"
        )
        assert settings.fetchone() == ("UTC", "2500ms", "off")
    assert store.login_name() == "postgres"  # the role of the URL, reported by the server
    store.close()
