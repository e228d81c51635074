"""The engine Protocol's contract (lesaitutte_cli/store/engine.py), method by method, on every engine.

These tests hold a Store and its Transactions and nothing else: no tables, files or rows.
Records are made by the domain's own rules, as the services make them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.domain import questions as rules
from lesaitutte_cli.domain.bounties import offer_bounty
from lesaitutte_cli.domain.model import (
    ADJUSTED,
    ADMIN,
    CERTIFIED,
    DEFAULT_CATEGORIES,
    EARNED,
    LOGIN,
    Category,
    CertificationChange,
    ChosenAnswer,
    ExamAttempt,
    ExamBank,
    ExamQuestion,
    LedgerEntry,
    Redemption,
    Reward,
    Settings,
    User,
)
from lesaitutte_cli.domain.totals import Totals

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
LATER = T0 + timedelta(days=30)  # long after everything here settled: an engine may have filed it away

ANNA = User("anna", T0)
CARLA = User("carla", T0)
MARCO = User("marco", T0, certifications=frozenset({"phones", "tariffs"}))
PAOLA = User("paola", T0, certifications=frozenset({"phones"}))
ADA = User("ada", T0, roles=frozenset({ADMIN}))


@pytest.fixture
def community(engine):
    with engine.transaction() as tx:
        for user in (ANNA, CARLA, MARCO, PAOLA, ADA):
            tx.save_user(user)
    return engine


def ask(tx, text="How do I see my IMEI?", asker=ANNA, category="phones", at=T0):
    question = rules.ask_question(tx.next_question_id(), asker, category, text, at)
    tx.save_question(question)
    return question


def claim(tx, question, expert=MARCO, at=T0):
    claimed = rules.claim_question(question, expert, None, at)
    tx.save_question(claimed)
    return claimed


def answered(tx, text, answer, rating=None, asker=ANNA, expert=MARCO, category="phones", at=T0):
    question = claim(tx, ask(tx, text, asker, category, at), expert, at + MINUTE)
    question = rules.answer_question(question, expert, answer, at + 2 * MINUTE)
    tx.save_question(question)
    if rating is not None:
        question, point, _ = rules.rate_answer(question, asker, rating, at + 3 * MINUTE)
        tx.save_question(question)
        if point is not None:
            tx.add_ledger_entry(point)
    return question


def file_away(engine, now=LATER):
    """Give the engine its chance to move settled history out of the way (the file engine's archive)."""
    with engine.transaction() as tx:
        tx.archive_settled(now, force=True)


# One transaction per command: all or nothing


def test_a_transaction_that_fails_leaves_nothing(community):
    with pytest.raises(RuntimeError), community.transaction() as tx:
        ask(tx)
        raise RuntimeError("refused half-way")
    with community.transaction() as tx:
        assert list(tx.questions()) == []


def test_what_is_kept_so_far_survives_a_later_failure(community):
    with pytest.raises(RuntimeError), community.transaction() as tx:
        ask(tx, "kept")
        tx.keep_so_far()
        ask(tx, "lost")
        raise RuntimeError("refused after the expiries")
    with community.transaction() as tx:
        assert [question.text for question in tx.questions()] == ["kept"]


def test_a_transaction_knows_whether_it_changed_anything(community):
    with community.transaction() as tx:
        tx.user("anna")
        assert not tx.has_changes()
        ask(tx)
        assert tx.has_changes()


def test_a_store_names_where_it_is(community):
    assert community.location


# Settings, users and categories


def test_a_new_store_has_the_default_settings_and_categories(engine):
    with engine.transaction() as tx:
        assert tx.settings() == Settings()
        assert tx.identity_policy() == Settings().identity
        assert tx.categories() == list(DEFAULT_CATEGORIES)
        assert tx.users() == []


def test_settings_are_saved_whole(engine):
    with engine.transaction() as tx:
        tx.save_settings(Settings(identity=LOGIN, pair_points_per_day=5))
    with engine.transaction() as tx:
        assert tx.settings() == Settings(identity=LOGIN, pair_points_per_day=5)
        assert tx.identity_policy() == LOGIN


def test_a_user_is_found_whatever_the_case_and_keeps_their_name(community):
    with community.transaction() as tx:
        assert tx.user("ANNA") == ANNA
        assert tx.user("nobody") is None


def test_users_come_in_the_order_they_joined_and_saving_replaces(community):
    with community.transaction() as tx:
        tx.save_user(replace(ANNA, roles=frozenset({ADMIN})))
        assert [user.name for user in tx.users()] == ["anna", "carla", "marco", "paola", "ada"]
        assert tx.user("anna").roles == frozenset({ADMIN})
        assert [user.name for user in tx.certified_users()] == ["marco", "paola"]


def test_a_user_saved_is_found_whatever_the_case_in_the_same_transaction(community):
    zoe = User("Zoe", T0)
    with community.transaction() as tx:
        assert tx.user("zoe") is None
        tx.save_user(zoe)
        assert tx.user("ZOE") == zoe
        tx.save_user(replace(zoe, roles=frozenset({ADMIN})))
    with community.transaction() as tx:
        assert [user.name for user in tx.users()] == ["anna", "carla", "marco", "paola", "ada", "Zoe"]
        assert tx.user("zoe").roles == frozenset({ADMIN})


def test_categories_are_found_by_id_and_added_in_order(engine):
    with engine.transaction() as tx:
        tx.save_category(Category("roaming", "Roaming abroad"))
        assert tx.category("roaming") == Category("roaming", "Roaming abroad")
        assert tx.category("nothing") is None
        assert [category.id for category in tx.categories()][-1] == "roaming"


# Questions


def test_question_ids_increase_and_a_seed_takes_consecutive_ones(community):
    with community.transaction() as tx:
        first = ask(tx).id
    with community.transaction() as tx:
        second = tx.next_question_id()
        seeded = tx.next_question_ids(3)
        after = tx.next_question_id()
    assert 0 < first < second < seeded[0]
    assert list(seeded) == [seeded[0], seeded[0] + 1, seeded[0] + 2]
    assert after > seeded[-1]
    with community.transaction() as tx:
        assert list(tx.next_question_ids(0)) == []  # a seed with nothing new


def test_an_absent_question_is_none(community):
    with community.transaction() as tx:
        assert tx.question(1) is None


def test_questions_come_in_id_order_and_match_every_filter_given(community):
    with community.transaction() as tx:
        phones = ask(tx, "Why is my phone slow?")
        tariffs = ask(tx, "Which plan has roaming?", asker=CARLA, category="tariffs")
        to_claim = ask(tx, "How do I set up 4G?")
        done = answered(tx, "Where is my IMEI?", "Dial *#06#.")
        claimed = claim(tx, to_claim)  # after answering the other: an expert holds one claim at a time
    with community.transaction() as tx:
        ids = lambda found: [question.id for question in found]  # noqa: E731
        assert ids(tx.questions()) == [phones.id, tariffs.id, claimed.id, done.id]
        assert ids(tx.questions(("open",))) == [phones.id, tariffs.id]
        assert ids(tx.questions(("open", "claimed"), {"phones"})) == [phones.id, claimed.id]
        assert ids(tx.questions(involving="marco")) == [claimed.id, done.id]
        assert ids(tx.questions(involving="carla")) == [tariffs.id]
        assert ids(tx.questions(("answered",), {"tariffs"})) == []
        assert tx.question(done.id) == done


def test_settled_questions_are_found_however_long_ago_they_settled(community):
    with community.transaction() as tx:
        done = answered(tx, "Where is my IMEI?", "Dial *#06#.", rating="up")
        waiting = answered(tx, "How do I roam?", "Turn on roaming.")
        still_open = ask(tx, "Is there 5G here?")
    file_away(community)
    with community.transaction() as tx:
        assert tx.question(done.id) == done
        assert [question.id for question in tx.questions()] == [done.id, waiting.id, still_open.id]
        assert [question.id for question in tx.questions(("rated",))] == [done.id]
        assert [question.id for question in tx.awaiting_rating("anna")] == [waiting.id]
        rated, point, _ = rules.rate_answer(waiting, ANNA, "up", LATER)
        tx.save_question(rated)
        tx.add_ledger_entry(point)
    with community.transaction() as tx:
        assert tx.question(waiting.id).rating == "up"
        assert tx.awaiting_rating("anna") == []
        assert tx.totals("marco") == Totals(balance=2, earned=2, answers=2, rated=2, rated_up=2)


def test_a_seed_adds_questions_and_entries_old_and_new(community):
    with community.transaction() as tx:
        old_id, new_id = tx.next_question_ids(2)
        old = rules.answer_question(
            rules.claim_question(rules.ask_question(old_id, ANNA, "phones", "Old?", T0), MARCO, None, T0),
            MARCO,
            "Yes.",
            T0,
        )
        old, point, _ = rules.rate_answer(old, ANNA, "up", T0)
        new = rules.ask_question(new_id, CARLA, "phones", "New?", LATER)
        tx.add_history([old, new], [point], LATER)
        # Seen at once, in the same transaction: the old one went straight to the archive, if the engine has one.
        assert [question.id for question in tx.questions()] == [old_id, new_id]
        assert [question.id for question in tx.questions(("rated",))] == [old_id]
        assert tx.question(old_id) == old
    with community.transaction() as tx:
        assert [question.id for question in tx.questions()] == [old_id, new_id]
        assert list(tx.ledger()) == [point]
        assert tx.totals("marco") == Totals(balance=1, earned=1, answers=1, rated=1, rated_up=1)


def test_unasked_are_the_seeded_questions_no_stored_one_matches(community):
    with community.transaction() as tx:
        ask(tx, "Old?")
        ask(tx, "Filed?", at=T0 - timedelta(days=60))
        tx.archive_settled(LATER, force=True)
        seeded = [
            ("ANNA", "phones", "Old?"),  # the asker in another case: the same question
            ("anna", "tariffs", "Old?"),
            ("carla", "phones", "Old?"),
            ("anna", "phones", "Filed?"),
            ("anna", "phones", "New?"),
        ]
        assert tx.unasked(seeded) == [1, 2, 4]
        assert tx.unasked(seeded[:2]) == [1]  # asked again in one transaction: a seed of several files
        assert tx.unasked([]) == []


# Claims


def test_overdue_claims_are_those_whose_deadline_has_come(community):
    with community.transaction() as tx:
        early = claim(tx, ask(tx, "First?"), MARCO, T0)
        late = claim(tx, ask(tx, "Second?"), PAOLA, T0 + timedelta(hours=1))
    with community.transaction() as tx:
        assert tx.overdue_claims(early.claim_deadline - MINUTE) == []
        assert tx.overdue_claims(early.claim_deadline) == [early]
        assert tx.overdue_claims(late.claim_deadline) == [early, late]


def test_the_claim_a_user_holds(community):
    with community.transaction() as tx:
        held = claim(tx, ask(tx))
        answered(tx, "Another?", "Answered.", expert=PAOLA)
    with community.transaction() as tx:
        assert tx.claim_held_by("marco") == held
        assert tx.claim_held_by("paola") is None


def test_the_next_claimable_question_is_the_highest_bounty_then_the_oldest(community):
    with community.transaction() as tx:
        tx.add_ledger_entry(LedgerEntry("carla", 10, ADJUSTED, T0, "gift", by="ada"))
        tx.add_ledger_entry(LedgerEntry("anna", 10, ADJUSTED, T0, "gift", by="ada"))
        oldest = ask(tx, "Oldest?", at=T0)
        ask(tx, "Newer?", at=T0 + MINUTE)
        small, entry = offer_bounty(ask(tx, "Small bounty?", CARLA, at=T0 + 2 * MINUTE), CARLA, 1, 10, T0)
        big, big_entry = offer_bounty(ask(tx, "Big bounty?", CARLA, at=T0 + 3 * MINUTE), CARLA, 5, 9, T0)
        for question, paid in ((small, entry), (big, big_entry)):
            tx.save_question(question)
            tx.add_ledger_entry(paid)
    with community.transaction() as tx:
        assert tx.next_claimable(PAOLA) == big
        tx.save_question(rules.claim_question(big, PAOLA, None, T0 + 4 * MINUTE))
        assert tx.next_claimable(MARCO) == small
        tx.save_question(rules.claim_question(small, MARCO, None, T0 + 4 * MINUTE))
    with community.transaction() as tx:
        assert tx.next_claimable(User("bruno", T0, certifications=frozenset({"phones"}))) == oldest


def test_the_next_claimable_question_is_one_the_expert_may_take(community):
    with community.transaction() as tx:
        own = ask(tx, "My own question?", MARCO)
        elsewhere = ask(tx, "Which tariff?", ANNA, "tariffs")
        expired = claim(tx, ask(tx, "Expired on me?"), PAOLA, T0)
        tx.save_question(rules.expire_overdue_claim(expired, expired.claim_deadline))
    with community.transaction() as tx:
        assert tx.next_claimable(PAOLA) == own  # not the one her claim expired on, nor tariffs
        assert tx.next_claimable(MARCO) == elsewhere  # not his own, older
        assert tx.next_claimable(User("zoe", T0, certifications=frozenset({"internet"}))) is None


def test_held_bounties_are_those_offered_before_the_moment(community):
    with community.transaction() as tx:
        tx.add_ledger_entry(LedgerEntry("anna", 10, ADJUSTED, T0, "gift", by="ada"))
        question, entry = offer_bounty(ask(tx), ANNA, 3, 10, T0)
        tx.save_question(question)
        tx.add_ledger_entry(entry)
    with community.transaction() as tx:
        assert tx.held_bounties(T0 - MINUTE) == []
        assert tx.held_bounties(T0 + MINUTE) == [question]


# Points


def test_the_ledger_comes_in_order_and_filtered(community):
    entries = [
        LedgerEntry("anna", 5, ADJUSTED, T0, "gift", by="ada"),
        LedgerEntry("carla", 2, ADJUSTED, T0 + MINUTE, "gift", by="ada"),
        LedgerEntry("anna", -1, ADJUSTED, T0 + 2 * MINUTE, "fix", by="ada"),
    ]
    with community.transaction() as tx:
        for entry in entries:
            tx.add_ledger_entry(entry)
    with community.transaction() as tx:
        assert list(tx.ledger()) == entries
        assert list(tx.ledger("anna")) == [entries[0], entries[2]]
        assert list(tx.ledger(since=T0 + MINUTE)) == entries[1:]
        assert list(tx.ledger("anna", T0 + MINUTE)) == [entries[2]]


def test_the_ledger_of_a_pair_is_the_experts_entries_for_the_askers_questions(community):
    hour = timedelta(hours=1)
    with community.transaction() as tx:
        first = answered(tx, "One?", "Yes.", rating="up")
        answered(tx, "Two?", "Yes.", rating="up", asker=CARLA)
        answered(tx, "Three?", "Yes.", rating="up", expert=PAOLA)
        later = answered(tx, "Four?", "Yes.", rating="up", at=T0 + hour)
        tx.add_ledger_entry(LedgerEntry("marco", 5, ADJUSTED, T0 + MINUTE, "gift", by="ada"))
    with community.transaction() as tx:
        assert [(entry.question, entry.kind) for entry in tx.pair_ledger("marco", "anna", T0)] == [
            (first.id, EARNED),
            (later.id, EARNED),
        ]
        assert [entry.question for entry in tx.pair_ledger("marco", "anna", T0 + hour)] == [later.id]
        assert tx.pair_ledger("marco", "carla", T0 + 2 * hour) == []
    file_away(community)
    with community.transaction() as tx:
        assert [entry.question for entry in tx.pair_ledger("marco", "anna", T0)] == [first.id, later.id]


def test_totals_count_the_balance_the_points_earned_and_the_answers(community):
    with community.transaction() as tx:
        answered(tx, "Up?", "Yes.", rating="up")
        answered(tx, "Down?", "No.", rating="down")
        answered(tx, "Unrated?", "Maybe.")
        tx.add_ledger_entry(LedgerEntry("marco", -1, ADJUSTED, T0 + MINUTE, "fix", by="ada"))
        assert tx.totals("marco") == Totals(balance=0, earned=1, answers=3, rated=2, rated_up=1)
    file_away(community)
    with community.transaction() as tx:
        assert tx.totals("marco") == Totals(balance=0, earned=1, answers=3, rated=2, rated_up=1)
        assert tx.totals("nobody") == Totals()


def test_standings_by_period_and_category(community):
    with community.transaction() as tx:
        answered(tx, "Old phone question?", "Yes.", rating="up", at=T0)
        answered(tx, "New tariff question?", "Yes.", rating="up", category="tariffs", at=T0 + timedelta(days=2))
        answered(tx, "New phone question?", "No.", rating="down", expert=PAOLA, at=T0 + timedelta(days=2))
    for moment in (None, LATER):
        if moment is not None:
            file_away(community, moment)
        with community.transaction() as tx:
            rows = lambda *args: sorted(  # noqa: E731
                (row.user, row.points, row.answers, row.rated, row.rated_up) for row in tx.standings(*args)
            )
            assert rows() == [("marco", 2, 2, 2, 2), ("paola", 0, 1, 1, 0)]
            assert rows("phones") == [("marco", 1, 1, 1, 1), ("paola", 0, 1, 1, 0)]
            assert rows(None, T0 + timedelta(days=1)) == [("marco", 1, 1, 1, 1), ("paola", 0, 1, 1, 0)]
            assert rows("tariffs", T0 + timedelta(days=1)) == [("marco", 1, 1, 1, 1)]


# Rewards, redemptions, exams and certifications


def test_rewards_are_kept_in_order_replaced_and_deleted(community):
    with community.transaction() as tx:
        tx.save_reward(Reward("tshirt", "T-shirt", 5, stock=2))
        tx.save_reward(Reward("topup", "Top-up", 10))
        tx.save_reward(Reward("tshirt", "T-shirt", 5, stock=1))
        assert tx.rewards() == [Reward("tshirt", "T-shirt", 5, stock=1), Reward("topup", "Top-up", 10)]
        tx.delete_reward("topup")
        assert tx.reward("topup") is None
        assert tx.reward("tshirt").stock == 1


def test_redemptions_come_in_id_order_per_user(community):
    with community.transaction() as tx:
        tx.save_reward(Reward("tshirt", "T-shirt", 1))
        made = []
        for number, user in enumerate(("anna", "carla", "anna")):
            redemption = Redemption(tx.next_redemption_id(), user, "tshirt", "T-shirt", 1, f"V-{number}", T0)
            tx.add_redemption(redemption)
            made.append(redemption)
    with community.transaction() as tx:
        assert tx.redemptions() == made
        assert tx.redemptions("anna") == [made[0], made[2]]
        assert len({redemption.id for redemption in made}) == 3


def test_exam_banks_attempts_and_certification_changes(community):
    bank = ExamBank("phones", 1, 1.0, 24, (ExamQuestion("ph-1", "IMEI?", ("*#06#", "*100#"), (0,)),))
    with community.transaction() as tx:
        tx.save_exam_bank(bank)
        tx.save_exam_bank(replace(bank, pass_mark=0.5))
        first = ExamAttempt(tx.next_attempt_id(), "carla", "phones", T0, ("ph-1",), 0.5)
        tx.save_attempt(first)
        other = ExamAttempt(tx.next_attempt_id(), "anna", "phones", T0, ("ph-1",), 0.5)
        tx.save_attempt(other)
        finished = replace(first, answers=(ChosenAnswer("ph-1", (0,)),), finished_at=T0, correct=1, passed=True)
        tx.save_attempt(finished)
        change = CertificationChange("carla", "phones", CERTIFIED, "carla", T0, attempt=first.id)
        tx.add_certification_change(change)
        tx.add_certification_change(CertificationChange("anna", "phones", CERTIFIED, "ada", T0))
    with community.transaction() as tx:
        assert tx.exam_bank("phones").pass_mark == 0.5
        assert tx.exam_bank("tariffs") is None
        assert [bank.category for bank in tx.exam_banks()] == ["phones"]
        assert tx.attempt(first.id) == finished
        assert tx.attempt(999) is None
        assert tx.attempts() == [finished, other]
        assert tx.attempts("carla") == [finished]
        assert tx.certification_changes("carla") == [change]
        assert len(tx.certification_changes()) == 2


# Whole-community questions


@pytest.fixture
def answers(community):
    with community.transaction() as tx:
        imei = answered(tx, "How do I find my phone's IMEI?", "Dial *#06# and the IMEI shows.", rating="up")
        roaming = answered(
            tx, "Is roaming in Spain included?", "Roaming in the EU is included.", category="tariffs", rating="down"
        )
        both = answered(tx, "My IMEI and roaming?", "Roaming does not change the IMEI.")
        ask(tx, "Is the IMEI secret?")  # open: not searchable
    return community, imei, roaming, both


@pytest.mark.parametrize("filed_away", [False, True])
def test_search_ranks_answered_questions_by_their_words(answers, filed_away):
    community, imei, roaming, both = answers
    if filed_away:
        file_away(community)
    with community.transaction() as tx:
        hits = list(tx.search("IMEI"))
        assert {hit.question.id for hit in hits} == {imei.id, both.id}
        assert all(hit.matched == frozenset({"imei"}) for hit in hits)
        assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
        assert [hit.question.id for hit in tx.search("roaming IMEI")][0] == both.id  # both words beat one
        assert [hit.question.id for hit in tx.search("roaming", category="tariffs")] == [roaming.id]
        assert len(list(tx.search("roaming IMEI", limit=1))) == 1
        assert list(tx.search("the and of")) == []
        assert list(tx.search("bananas")) == []


def test_at_equal_score_an_answer_rated_up_comes_first(community):
    with community.transaction() as tx:
        plain = answered(tx, "Voicemail number?", "Call voicemail.", asker=CARLA)
        liked = answered(tx, "Voicemail number?", "Call voicemail.", rating="up")
    with community.transaction() as tx:
        assert [hit.question.id for hit in tx.search("voicemail")] == [liked.id, plain.id]


def test_similar_questions_share_enough_of_the_words(answers):
    community, imei, roaming, both = answers
    with community.transaction() as tx:
        assert [hit.question.id for hit in tx.similar("Is roaming in Spain included in my plan?", 3)] == [roaming.id]
        assert tx.similar("Roaming?", 3) == []  # one word in common is not close enough
        assert len(tx.similar("IMEI roaming phone", 1)) <= 1


def test_a_users_history_is_in_time_order(answers):
    community, imei, *_ = answers
    with community.transaction() as tx:
        happenings = tx.history("marco")
    assert [happening.at for happening in happenings] == sorted(happening.at for happening in happenings)
    kinds = [happening.kind for happening in happenings]
    assert kinds.count("answered") == 3 and "points earned" in kinds
    assert (imei.id, "rating received") in {(happening.question, happening.kind) for happening in happenings}


def test_the_report_counts_the_period_and_category(answers):
    community, *_ = answers
    with community.transaction() as tx:
        everything = tx.report()
        tariffs = tx.report(category="tariffs")
        none = tx.report(since=LATER)
    assert (everything.overall.questions, everything.overall.answered) == (4, 3)
    assert tariffs.overall.questions == 1
    assert none.overall.questions == 0


def test_check_finds_a_sound_store_sound_and_counts_it(answers):
    community, *_ = answers
    with community.transaction() as tx:
        counts, problems = tx.check()
    assert problems == []
    assert (counts["users"], counts["questions"], counts["ledger"]) == (5, 4, 1)
    assert tx.outgrown() is None  # four questions: any engine serves them well


def test_check_reports_a_broken_rule_by_its_code_in_the_readers_words_and_changes_nothing(community):
    from lesaitutte_cli import language
    from lesaitutte_cli.errors import shown

    with community.transaction() as tx:
        # A bounty the ledger never moved into the question: no constraint of a row can refuse it.
        held = replace(claim(tx, ask(tx), MARCO, T0), bounty=3, bounty_since=T0)
        tx.save_question(held)
    with community.transaction() as tx:
        _, problems = tx.check()
        assert not tx.has_changes()
    problem = next(problem for problem in problems if getattr(problem, "code", None) == "bounty_differs")
    assert problem == f"question {held.id} holds a bounty of 3 points; the ledger says 0"
    language.choose("it")
    try:
        assert shown(problem, str) == (
            f"la domanda {held.id} ha una taglia di 3 punti, ma secondo il registro dei punti è di 0"
        )
    finally:
        language.choose(None)


def test_check_names_problems_in_one_order_on_every_engine_the_ledgers_by_entry(community):
    with community.transaction() as tx:
        first = answered(tx, "Why no signal?", "Restart it.", rating="up")
        second = answered(tx, "Why no data?", "Switch data on.", rating="up")
        unrated = answered(tx, "Why no calls?", "Check the SIM.")
        # Against the questions' order: repeated points are named in the order of each question's
        # second point, unearned ones in the order of their entries.
        for question in (second, first):
            tx.add_ledger_entry(LedgerEntry("marco", 1, EARNED, T0, "again", question=question.id))
        tx.add_ledger_entry(LedgerEntry("paola", 1, EARNED, T0, "not theirs", question=unrated.id))
        tx.add_ledger_entry(LedgerEntry("anna", 1, EARNED, T0, "not theirs either", question=first.id))
        tx.save_question(replace(claim(tx, ask(tx, "Held?")), bounty=3, bounty_since=T0))
        _, problems = tx.check()
    assert [(problem.code, str(problem)) for problem in problems] == [
        ("unearned_point", f"paola earned a point for question {unrated.id} that no up rating gave"),
        ("unearned_point", f"anna earned a point for question {first.id} that no up rating gave"),
        ("point_repeated", f"question {second.id} earned 2 points"),
        ("point_repeated", f"question {first.id} earned 3 points"),
        ("bounty_differs", f"question {unrated.id + 1} holds a bounty of 3 points; the ledger says 0"),
    ]


def test_an_earned_point_needs_an_up_rating(community):
    with community.transaction() as tx:
        unrated = ask(tx)
        tx.add_ledger_entry(LedgerEntry("marco", 1, EARNED, T0, "out of thin air", question=unrated.id))
        _, problems = tx.check()
    assert problems
