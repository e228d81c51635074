"""`check` finds what is wrong with a store, and says nothing is when nothing is."""

import json

import pytest

from tests.cli.test_points import REWARDS, earn

pytestmark = pytest.mark.file_engine_only("edits the store file's JSON by hand to break rules")


@pytest.fixture
def busy(community):
    """A store with a bit of everything: questions in each state, points, a redemption."""
    community.seed(REWARDS)
    earn(community, "marco")
    earn(community, "paola", rating="down")
    community.json("ask", "Open?", "--category", "phones", user="anna")
    community.json("ask", "Claimed?", "--category", "phones", user="carla")
    community.json("claim", "4", user="marco")
    community.json("redeem", "tshirt", user="marco")
    return community


def test_a_sound_store_passes(busy):
    result = busy("check", user="ada")
    assert result.exit_code == 0
    assert result.stdout == (
        f"The store {busy.db} is sound: 7 users, 4 questions, 2 ledger entries, 3 rewards, 1 redemption, "
        "0 exam attempts.\n"
    )


def test_a_store_past_what_one_file_serves_well_is_told_to_move_to_postgresql(busy, monkeypatch):
    from lesaitutte_cli.store.file import transaction

    assert busy.json("check", user="ada")["advice"] is None  # 4 questions
    monkeypatch.setattr(transaction, "SERVES_WELL", 3)
    result = busy("check", user="ada")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == (
        "4 questions were asked here, more than the 3 a file store serves well: "
        "this community has outgrown one file: see README, moving to PostgreSQL."
    )
    assert "outgrown one file" in busy.json("check", user="ada")["advice"]
    assert "outgrown one file" in busy.json("--lang", "it", "check", user="ada")["advice"]  # JSON: never translated
    assert busy("--lang", "it", "check", user="ada").stdout.splitlines()[1] == (
        "Qui sono state fatte 4 domande, più delle 3 che un archivio su file gestisce bene: questa comunità è "
        "diventata troppo grande per un solo file. Vedi nel README come passare a PostgreSQL."
    )


def break_store(run, change) -> None:
    document = json.loads(run.raw())
    change(document)
    run.db.write_text(json.dumps(document))


def question(document, qid):
    return document["questions"][str(qid)]


CORRUPTIONS = {
    "two answers": (
        lambda d: question(d, 3).update(status="answered"),
        "question 3: is answered but its answer says otherwise",
    ),
    "two claims": (
        lambda d: question(d, 3).update(
            status="claimed",
            claimed_by="marco",
            claimed_at=question(d, 4)["claimed_at"],
            claim_deadline=question(d, 4)["claim_deadline"],
        ),
        "marco holds 2 claims at once",
    ),
    "uncertified claimer": (
        lambda d: question(d, 4).update(claimed_by="carla"),
        "carla holds it without the phones certification",
    ),
    "point without up": (
        lambda d: question(d, 1).update(rating="down"),
        "earned a point for question 1 that no up rating gave",
    ),
    "negative balance": (
        lambda d: d["ledger"].update(
            {
                "99": {
                    "user": "paola",
                    "amount": -1,
                    "kind": "adjusted",
                    "at": "2026-11-25T10:00:00Z",
                    "reason": "x",
                    "question": None,
                    "redemption": None,
                    "by": "ada",
                }
            }
        ),
        "paola's balance went below zero",
    ),
    "bounty out of nowhere": (
        lambda d: question(d, 3).update(bounty=5, bounty_since="2026-11-25T09:00:00Z"),
        "question 3 holds a bounty of 5 points; the ledger says 0",
    ),
    "negative stock": (lambda d: d["rewards"]["1"].update(stock=-1), "reward topup-5: its stock is -1"),
    "unreadable record": (lambda d: d["users"]["1"].pop("name"), "users record 1 cannot be read"),
    "unknown user": (lambda d: question(d, 3).update(asker="ghost"), "its asker 'ghost' is not a registered user"),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_each_broken_rule_is_found_and_the_store_left_as_found(busy, name):
    change, expected = CORRUPTIONS[name]
    break_store(busy, change)
    before = busy.raw()
    result = busy("check", user="ada")
    assert result.exit_code == 3
    assert expected in result.stderr
    assert "Restore it from a backup" in result.stderr
    assert busy.raw() == before


def test_check_is_for_admins(busy):
    result = busy("check", user="tina")
    assert result.exit_code == 1 and "needs the admin role" in result.stderr


def test_problems_are_said_in_italian_and_named_by_code_in_json(busy):
    change, english = CORRUPTIONS["uncertified claimer"]
    break_store(busy, change)
    italian = busy("--lang", "it", "check", user="ada")
    assert italian.exit_code == 3
    assert "- domanda 4: carla l'ha presa in carico senza la certificazione in phones\n" in italian.stderr
    assert "Ripristina" in italian.stderr and "Restore" not in italian.stderr
    for lang in ("en", "it"):
        result = busy("--lang", lang, "check", "--json", user="ada")
        error = json.loads(result.stderr)["error"]
        assert error["code"] == 3
        assert error["problems"] == [
            {"code": "own_question", "text": "question 4: carla claimed or answered their own question"},
            {"code": "uncertified_claim", "text": "question 4: carla holds it without the phones certification"},
        ]


def test_an_unreadable_record_is_named_in_italian_and_has_no_code_in_json(busy):
    change, english = CORRUPTIONS["unreadable record"]
    break_store(busy, change)
    assert (
        "- record 1 in «iscritti»: lettura impossibile (manca il campo name)"
        in busy("--lang", "it", "check", user="ada").stderr
    )
    problems = json.loads(busy("--lang", "it", "check", "--json", user="ada").stderr)["error"]["problems"]
    assert problems[0]["code"] is None and problems[0]["text"].startswith(english)
