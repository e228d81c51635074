"""User names are matched without regard to case: 'Zoe' and 'zoe' are one person, named as first registered."""


def test_acting_under_another_case_is_the_same_person(community):
    assert community.json("me", user="ANNA")["name"] == "anna"
    asked = community.json("ask", "How do I find my IMEI?", "--category", "phones", user="Anna")
    assert asked["asker"] == "anna"
    assert community.json("claim", "1", user="Marco")["claimed_by"] == "marco"


def test_a_second_registration_differing_only_in_case_is_refused(community):
    assert community.json("register", user="Zoe")["name"] == "Zoe"
    again = community("register", user="zoe")
    assert again.exit_code == 1 and "'Zoe' is already registered" in again.stderr
    added = community("user", "add", "ZOE", user="ada")
    assert added.exit_code == 1 and "'Zoe' is already registered" in added.stderr
    assert [user for user in ("Zoe", "zoe", "ZOE") if community.json("me", user=user)["name"] != "Zoe"] == []


def test_every_name_an_admin_or_trainer_types_is_looked_up_whatever_its_case(community):
    assert community.json("certify", "ANNA", "phones", user="tina")["name"] == "anna"
    assert community.json("user", "roles", "Carla", "--add", "trainer", user="ada")["name"] == "carla"
    assert community.json("points", "adjust", "MARCO", "2", "--reason", "outage", user="ada")["user"] == "marco"
    assert community.json("me", user="marco")["points"] == 2
    assert community.json("history", "Marco", user="tina")[0]["kind"] == "points adjusted"
    revoked = community.json("revoke", "Anna", "phones", "--reason", "test", user="tina")
    assert revoked["name"] == "anna" and revoked["certifications"] == []


def test_a_fixtures_names_differing_only_in_case_are_merged_into_the_first(run):
    run.seed(
        {
            "users": [
                {"name": "Zoe"},
                {"name": "zoe", "roles": ["trainer"]},
                {"name": "marco"},
                {"name": "ada", "roles": ["admin"]},  # so that an admin may seed again
            ],
            "questions": [{"asker": "ZOE", "category": "phones", "text": "Is VoLTE on?"}],
        }
    )
    run.seed({"users": [{"name": "MARCO", "certifications": ["phones"]}]})
    zoe = run.json("me", user="zoe")
    assert (zoe["name"], zoe["roles"]) == ("Zoe", ["member", "trainer"])
    assert run.json("me", user="Marco")["certifications"] == ["phones"]
    assert run.json("questions", user="zoe")[0]["asker"] == "Zoe"
