"""Reading fixture documents: every bad field reported with its path."""

import pytest

from lesaitutte_cli.domain.fixtures import FixtureProblems, read_fixture

KNOWN = {"tariffs", "services", "phones", "internet"}

BANK = {
    "category": "phones",
    "questions_per_attempt": 1,
    "pass_mark": 0.8,
    "questions": [{"id": "ph-1", "text": "Which code shows the IMEI?", "choices": ["*#06#", "*100#"], "answer": [0]}],
}


def problems(document) -> list[str]:
    with pytest.raises(FixtureProblems) as refusal:
        read_fixture(document, "f.json", KNOWN)
    return refusal.value.problems


def test_every_key_of_the_format_is_read():
    fixture = read_fixture(
        {
            "categories": [{"id": "roaming", "title": "Roaming abroad"}],
            "users": [{"name": "marco", "roles": ["trainer"], "certifications": ["phones", "roaming"]}],
            "exams": [BANK],
            "rewards": [{"id": "topup-5", "title": "5 EUR top-up", "cost": 50, "stock": 100}],
            "questions": [{"asker": "anna", "category": "roaming", "text": "Does my plan work in Spain?"}],
        },
        "f.json",
        KNOWN,
    )
    assert fixture.categories[0].id == "roaming"
    assert fixture.users[0].roles == {"member", "trainer"}
    assert fixture.users[0].certifications == {"phones", "roaming"}
    assert fixture.exams[0].questions[0].answer == (0,)
    assert fixture.rewards[0].stock == 100
    assert fixture.questions[0].category == "roaming"


def test_an_empty_document_is_an_empty_fixture():
    assert read_fixture({}, "f.json", KNOWN).users == ()


def test_a_wrong_type_is_reported_with_its_path():
    assert problems(
        {
            "questions": [
                {"asker": "anna", "category": "phones", "text": "ok"},
                {"asker": "anna", "category": "phones", "text": 5},
            ]
        }
    ) == ["f.json: questions[1].text: expected a string"]


def test_every_problem_is_reported_not_just_the_first():
    found = problems(
        {
            "colours": [],
            "users": [{"name": "x y", "roles": ["boss"]}],
            "questions": [{"asker": "anna", "category": "cars", "text": "hi", "extra": 1}],
        }
    )
    assert found == [
        "f.json: colours: unknown key (expected one of categories, users, settings, exams, rewards, questions, ledger, "
        "redemptions, attempts, certification_changes)",
        "f.json: users[0].name: 'x y' is not a user name: use 1 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit",
        "f.json: users[0].roles[0]: unknown role 'boss' (use member, trainer, admin)",
        "f.json: questions[0].extra: unknown key (expected one of asker, category, text, created_at, answered_by, "
        "answer, claimed_at, answered_at, rating, rated_at)",
        "f.json: questions[0].category: unknown category 'cars' (known: internet, phones, services, tariffs)",
    ]


def test_a_missing_key_is_reported_once():
    assert problems({"questions": [{"asker": "anna", "text": "hi"}]}) == ["f.json: questions[0].category: missing"]


def test_expert_is_earned_not_given():
    assert "is not given but earned" in problems({"users": [{"name": "marco", "roles": ["expert"]}]})[0]


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"pass_mark": 1.5}, "exams[0].pass_mark: must be between 0.01 and 1"),
        ({"questions_per_attempt": 3}, "exams[0].questions_per_attempt: 3 is more than the 1 questions in the bank"),
        ({"questions_per_attempt": True}, "exams[0].questions_per_attempt: expected a whole number"),
        ({"questions": [{**BANK["questions"][0], "answer": [2]}]}, "exams[0].questions[0].answer[0]: no choice 2"),
        (
            {"questions": [{**BANK["questions"][0], "answer": []}]},
            "exams[0].questions[0].answer: give the index of at least one",
        ),
        (
            {"questions": [{**BANK["questions"][0], "choices": ["only"]}]},
            "exams[0].questions[0].choices: give at least two",
        ),
        (
            {"questions": [BANK["questions"][0], BANK["questions"][0]]},
            "exams[0].questions: the id 'ph-1' is used more than once",
        ),
    ],
)
def test_bad_exam_banks_are_refused(change, expected):
    found = problems({"exams": [{**BANK, **change}]})
    assert any(expected in problem for problem in found), found


@pytest.mark.parametrize(
    "reward, expected",
    [
        ({"id": "t", "title": "T", "cost": 0}, "rewards[0].cost: must be from 1 to 1,000,000"),
        ({"id": "t", "title": "T", "cost": 5, "stock": -1}, "rewards[0].stock: must be from 0 to 1,000,000"),
        ({"id": "a b", "title": "T", "cost": 5}, "rewards[0].id: 'a b' is not an id"),
    ],
)
def test_bad_rewards_are_refused(reward, expected):
    assert any(expected in problem for problem in problems({"rewards": [reward]}))


def test_a_document_that_is_not_an_object_is_refused():
    assert problems([1, 2]) == ["f.json: the document: expected an object"]
