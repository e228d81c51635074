"""Changing roles: everyone stays a member, and a community keeps at least one admin."""

from datetime import UTC, datetime

import pytest

from lesaitutte_cli.domain.model import User
from lesaitutte_cli.domain.roles import change_roles
from lesaitutte_cli.errors import Refused

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ADA = User("ada", T0, roles=frozenset({"member", "admin"}))
TINA = User("tina", T0, roles=frozenset({"member", "trainer"}))


def test_roles_are_added_and_removed():
    changed = change_roles(TINA, ["admin"], ["trainer"], [ADA, TINA])
    assert changed.roles == {"member", "admin"}


def test_nobody_stops_being_a_member():
    with pytest.raises(Refused, match="the member role cannot be removed"):
        change_roles(TINA, [], ["member"], [ADA, TINA])


def test_the_last_admin_cannot_step_down():
    with pytest.raises(Refused, match="ada is the last admin; make someone else an admin first."):
        change_roles(ADA, [], ["admin"], [ADA, TINA])


def test_an_admin_may_step_down_once_another_is_one():
    other_admin = User("bea", T0, roles=frozenset({"member", "admin"}))
    assert change_roles(ADA, [], ["admin"], [ADA, TINA, other_admin]).roles == {"member"}


def test_the_only_admin_may_still_take_on_other_roles():
    assert change_roles(ADA, ["trainer"], [], [ADA]).roles == {"member", "admin", "trainer"}
