"""Identity, registration and the profile."""

import getpass
import json

import pytest

from tests.conftest import single_line


def test_the_first_to_register_in_a_store_without_an_admin_becomes_its_admin(run):
    result = run("register", user="ada")
    assert result.exit_code == 0
    assert "you are its admin now" in result.stdout
    assert run.json("me", user="ada")["roles"] == ["member", "admin"]


def test_register_makes_a_member(run):
    run("register", user="ada")
    result = run("register", user="anna")
    assert result.exit_code == 0
    assert "Welcome, anna!" in result.stdout
    me = run.json("me", user="anna")
    assert me == {
        "name": "anna",
        "roles": ["member"],
        "points": 0,
        "earned": 0,
        "certifications": [],
        "certifications_expire": {},
        "active_claim": None,
        "exams": [],
    }


def test_registering_twice_is_refused(run):
    run("register", user="anna")
    result = run("register", user="anna")
    assert result.exit_code == 1
    assert "already registered" in result.stderr


@pytest.mark.file_engine_only("checks that no store file was created")
@pytest.mark.parametrize("name", ["a b", "-x", "x" * 33, "anna;rm"])
def test_a_name_that_cannot_be_a_user_name_is_bad_input(run, name):
    result = run("register", user=name)
    assert result.exit_code == 2
    assert single_line(result.stderr)
    assert not run.db.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["me"],
        ["questions"],
        ["show", "1"],
        ["ask", "Hi?", "--category", "phones"],
        ["claim", "--next"],
        ["release", "1"],
        ["answer", "1", "x"],
        ["rate", "1", "up"],
        ["withdraw", "1"],
    ],
)
def test_every_command_but_register_and_seed_refuses_an_unregistered_name(community, args):
    before = community.raw()
    result = community(*args, user="stranger")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'stranger' is not registered in this community. Join with: lesaitutte --user stranger register\n"
    )
    assert community.raw() == before


def test_the_user_defaults_to_the_login_name(run, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "loginname")
    assert run("register").exit_code == 0
    assert run.json("me")["name"] == "loginname"


def test_the_environment_names_the_user_and_the_store(run, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from lesaitutte_cli.cli import cli

    store = tmp_path / "env-store.json"
    monkeypatch.setenv("LESAITUTTE_DB", str(store))
    monkeypatch.setenv("LESAITUTTE_USER", "envuser")
    assert CliRunner().invoke(cli, ["register"]).exit_code == 0
    assert json.loads(CliRunner().invoke(cli, ["me", "--json"]).stdout)["name"] == "envuser"
    assert store.exists()


def test_the_default_store_is_in_the_xdg_data_folder(tmp_path):
    from click.testing import CliRunner

    from lesaitutte_cli.cli import cli

    assert CliRunner().invoke(cli, ["--user", "anna", "register"]).exit_code == 0
    assert (tmp_path / "xdg-data" / "lesaitutte" / "store.json").exists()


def test_me_shows_roles_certifications_and_the_active_claim(community):
    community.json("ask", "IMEI?", "--category", "phones", user="anna")
    community.json("claim", "1", user="marco")
    me = community.json("me", user="marco")
    assert me["roles"] == ["member", "expert"]
    assert me["certifications"] == ["internet", "phones"]
    assert me["active_claim"] == 1
    text = community("me", user="marco").stdout
    assert "Certified in: internet, phones" in text
    assert "Holding question 1 until" in text


def test_me_lists_stored_roles(community):
    assert community.json("me", user="ada")["roles"] == ["member", "admin"]
    assert community.json("me", user="tina")["roles"] == ["member", "trainer"]
