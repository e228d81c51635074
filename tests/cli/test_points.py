"""Points, the leaderboard, rewards and redeeming through the command line."""

import re

import pytest
from freezegun import freeze_time

REWARDS = {
    "rewards": [
        {"id": "topup-5", "title": "5 EUR top-up", "cost": 2, "stock": 10},
        {"id": "phone", "title": "A phone", "cost": 1, "stock": 1},
        {"id": "tshirt", "title": "T-shirt", "cost": 1},
    ]
}
VOUCHER = re.compile(r"LST-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")


@pytest.fixture
def shop(community):
    community.seed(REWARDS)
    return community


def earn(run, expert, rating="up", category="phones", asker="anna", at="2026-11-25 09:00:00"):
    """One answered and rated question; the expert earns a point for an up."""
    with freeze_time(at):
        question = run.json("ask", f"Question by {asker} at {at} for {expert}?", "--category", category, user=asker)
        run.json("claim", str(question["id"]), user=expert)
        run.json("answer", str(question["id"]), "An answer.", user=expert)
        run.json("rate", str(question["id"]), rating, user=asker)


def test_the_leaderboard_ranks_by_points_earned(shop):
    earn(shop, "marco")
    earn(shop, "marco")
    earn(shop, "paola")
    earn(shop, "paola", rating="down")
    board = shop.json("leaderboard", user="anna")
    assert board == [
        {"rank": 1, "user": "marco", "points": 2, "answers": 2, "up_share": 1.0},
        {"rank": 2, "user": "paola", "points": 1, "answers": 2, "up_share": 0.5},
    ]


def test_redeeming_does_not_move_anyone_down(shop):
    earn(shop, "marco")
    earn(shop, "marco")
    earn(shop, "paola")
    shop.json("redeem", "topup-5", user="marco")
    assert shop.json("me", user="marco")["points"] == 0
    assert [row["user"] for row in shop.json("leaderboard", user="anna")] == ["marco", "paola"]


def test_ties_share_a_rank_and_are_ordered_by_name(shop):
    earn(shop, "paola")
    earn(shop, "marco")
    earn(shop, "bruno", category="tariffs")
    ranks = [(row["rank"], row["user"]) for row in shop.json("leaderboard", user="anna")]
    assert ranks == [(1, "bruno"), (1, "marco"), (1, "paola")]


def test_the_leaderboard_by_category(shop):
    earn(shop, "marco", category="phones")
    earn(shop, "marco", category="internet")
    earn(shop, "marco", category="internet")
    (row,) = shop.json("leaderboard", "--category", "internet", user="anna")
    assert (row["points"], row["answers"]) == (2, 2)


def test_the_month_starts_at_local_midnight(shop):
    earn(shop, "paola", at="2026-11-30 22:59:59")  # 23:59:59 on 30 November in Rome
    earn(shop, "marco", at="2026-11-30 23:00:00")  # 00:00:00 on 1 December in Rome
    with freeze_time("2026-12-10 12:00:00"):
        this_month = shop.json("leaderboard", "--period", "month", user="anna")
        this_year = shop.json("leaderboard", "--period", "year", user="anna")
    assert [row["user"] for row in this_month] == ["marco"]
    assert [row["user"] for row in this_year] == ["marco", "paola"]


def test_the_week_starts_on_monday(shop):
    earn(shop, "paola", at="2026-11-29 12:00:00")  # Sunday
    earn(shop, "marco", at="2026-11-30 12:00:00")  # Monday
    with freeze_time("2026-12-02 12:00:00"):
        assert [row["user"] for row in shop.json("leaderboard", "--period", "week", user="anna")] == ["marco"]


def test_the_leaderboard_since_a_date_people_type(shop):
    earn(shop, "paola", at="2026-10-15 12:00:00")
    earn(shop, "marco", at="2026-11-15 12:00:00")
    assert [row["user"] for row in shop.json("leaderboard", "--since", "1 Nov 2026", user="anna")] == ["marco"]


def test_leaderboard_options_are_checked(shop):
    assert shop("leaderboard", "--period", "month", "--since", "2026-11-01", user="anna").exit_code == 2
    bad_format = shop("leaderboard", "--format", "fancy", user="anna")
    assert bad_format.exit_code == 2 and "github" in bad_format.stderr
    assert shop("leaderboard", "--limit", "0", user="anna").exit_code == 2


def test_the_leaderboard_limit_and_table_formats(shop):
    for expert in ("marco", "paola"):
        earn(shop, expert)
    assert len(shop.json("leaderboard", "--limit", "1", user="anna")) == 1
    github = shop("leaderboard", "--format", "github", user="anna").stdout
    assert github.splitlines()[0].startswith("|") and "| marco" in github


def test_the_leaderboard_shows_everyone_unless_limited(shop, tmp_path):
    shop.seed({"users": [{"name": f"expert{n:02d}", "certifications": ["phones"]} for n in range(12)]})
    for n in range(12):
        earn(shop, f"expert{n:02d}", at=f"2026-11-25 09:{n:02d}:00")
    assert len(shop.json("leaderboard", user="anna")) == 12
    assert len(shop("leaderboard", user="anna").stdout.splitlines()) == 2 + 12  # headers, a rule, every expert
    assert len(shop.json("leaderboard", "--limit", "10", user="anna")) == 10


def test_rewards_lists_the_catalogue_cheapest_first_and_marks_out_of_stock(shop):
    earn(shop, "marco")
    shop.json("redeem", "phone", user="marco")
    assert shop.json("rewards", user="anna") == [
        {"id": "phone", "title": "A phone", "cost": 1, "stock": 0},
        {"id": "tshirt", "title": "T-shirt", "cost": 1, "stock": None},
        {"id": "topup-5", "title": "5 EUR top-up", "cost": 2, "stock": 10},
    ]
    text = shop("rewards", user="anna").stdout
    assert "out of stock" in text and "unlimited" in text


def test_redeem_gives_a_voucher_and_the_new_balance(shop):
    earn(shop, "marco")
    earn(shop, "marco")
    earn(shop, "marco")
    result = shop.json("redeem", "topup-5", user="marco")
    assert set(result) == {"reward", "cost", "voucher", "balance"}
    assert (result["reward"], result["cost"], result["balance"]) == ("topup-5", 2, 1)
    assert VOUCHER.fullmatch(result["voucher"])
    assert shop.json("me", user="marco")["points"] == 1
    assert shop.json("me", user="marco")["earned"] == 3
    assert shop.json("rewards", user="anna")[-1]["stock"] == 9
    text = shop("redeem", "tshirt", user="marco").stdout
    assert "Voucher: LST-" in text and "Points left: 0." in text


def test_vouchers_differ(shop):
    shop("points", "adjust", "marco", "5", "--reason", "voucher test", user="ada")
    vouchers = {shop.json("redeem", "tshirt", user="marco")["voucher"] for _ in range(5)}
    assert len(vouchers) == 5


def test_redeem_refusals(shop):
    earn(shop, "marco")
    before = shop.raw()
    short = shop("redeem", "topup-5", user="marco")
    assert short.exit_code == 1 and "costs 2 points and you have 1: 1 more to go" in short.stderr
    assert "lesaitutte claim --next" in short.stderr  # marco is an expert
    member = shop("redeem", "topup-5", user="anna")
    assert "lesaitutte take-exam CATEGORY" in member.stderr and "claim --next" not in member.stderr
    unknown = shop("redeem", "yacht", user="marco")
    assert unknown.exit_code == 1
    assert "There is no reward 'yacht'. The catalogue has: phone, topup-5, tshirt." in unknown.stderr
    assert shop.raw() == before
    shop.json("redeem", "phone", user="marco")
    earn(shop, "paola")
    sold_out = shop("redeem", "phone", user="paola")
    assert sold_out.exit_code == 1 and "out of stock" in sold_out.stderr
    assert shop.json("me", user="paola")["points"] == 1


def test_redemptions_are_private_but_admins_see_all(shop):
    earn(shop, "marco")
    earn(shop, "paola")
    shop.json("redeem", "tshirt", user="marco")
    shop.json("redeem", "tshirt", user="paola")
    mine = shop.json("redemptions", user="marco")
    assert [item["user"] for item in mine] == ["marco"]
    assert VOUCHER.fullmatch(mine[0]["voucher"])
    refused = shop("redemptions", "--user", "paola", user="marco")
    assert refused.exit_code == 1 and "needs the admin role" in refused.stderr
    assert [item["user"] for item in shop.json("redemptions", "--all", user="ada")] == ["marco", "paola"]
    assert [item["user"] for item in shop.json("redemptions", "--user", "paola", user="ada")] == ["paola"]


def test_me_history_lists_every_ledger_entry(shop):
    earn(shop, "marco")
    earn(shop, "marco")
    with freeze_time("2026-11-25 10:00:00"):
        shop.json("redeem", "tshirt", user="marco")
    history = shop.json("me", "--history", user="marco")["history"]
    assert [(entry["amount"], entry["kind"]) for entry in history] == [(1, "earned"), (1, "earned"), (-1, "redeemed")]
    assert "redeemed T-shirt" in shop("me", "--history", user="marco").stdout


# Admins


ADMIN_COMMANDS = [
    ["reward", "add", "mug", "--title", "Mug", "--cost", "3"],
    ["reward", "update", "tshirt", "--cost", "2"],
    ["reward", "remove", "tshirt"],
    ["points", "adjust", "marco", "5", "--reason", "outage"],
    ["user", "add", "nuovo"],
    ["user", "roles", "marco", "--add", "trainer"],
]


@pytest.mark.parametrize("args", ADMIN_COMMANDS, ids=" ".join)
def test_admin_commands_refuse_others_naming_the_role(shop, args):
    before = shop.raw()
    for name in ("anna", "marco", "tina"):
        result = shop(*args, user=name)
        assert result.exit_code == 1
        assert f"needs the admin role, which '{name}' does not have" in result.stderr
    assert shop.raw() == before


def test_reward_add_update_and_remove(shop):
    assert shop("reward", "add", "mug", "--title", "Mug", "--cost", "3", "--stock", "5", user="ada").exit_code == 0
    assert shop("reward", "add", "mug", "--title", "Mug", "--cost", "3", user="ada").exit_code == 1
    assert shop("reward", "add", "a b", "--title", "Mug", "--cost", "3", user="ada").exit_code == 2
    assert shop("reward", "add", "cup", "--title", "Cup", "--cost", "0", user="ada").exit_code == 2
    shop("reward", "update", "mug", "--stock", "7", "--title", "Big mug", user="ada")
    assert {"id": "mug", "title": "Big mug", "cost": 3, "stock": 7} in shop.json("rewards", user="anna")
    shop("reward", "update", "mug", "--unlimited", user="ada")
    assert {"id": "mug", "title": "Big mug", "cost": 3, "stock": None} in shop.json("rewards", user="anna")
    assert shop("reward", "update", "mug", user="ada").exit_code == 2
    removed = shop("reward", "remove", "mug", user="ada")
    assert removed.stdout == "Removed mug.\n"
    assert "mug" not in [item["id"] for item in shop.json("rewards", user="anna")]


def test_a_redeemed_reward_is_retired_and_its_redemptions_stay_readable(shop):
    earn(shop, "marco")
    shop.json("redeem", "tshirt", user="marco")
    assert shop("reward", "remove", "tshirt", user="ada").stdout.startswith("Retired tshirt")
    assert "tshirt" not in [item["id"] for item in shop.json("rewards", user="anna")]
    assert shop("redeem", "tshirt", user="marco").exit_code == 1
    assert shop.json("redemptions", user="marco")[0]["title"] == "T-shirt"


def test_points_adjust_adds_and_takes_but_never_below_zero(shop):
    result = shop("points", "adjust", "marco", "5", "--reason", "lost in the outage", user="ada")
    assert result.exit_code == 0 and result.stdout == "Adjusted marco's points by +5; balance now 5.\n"
    assert shop("points", "adjust", "marco", "-3", "--reason", "duplicate", user="ada").exit_code == 0
    before = shop.raw()
    too_much = shop("points", "adjust", "marco", "-3", "--reason", "again", user="ada")
    assert too_much.exit_code == 1 and "take at most 2" in too_much.stderr
    assert shop("points", "adjust", "marco", "1", user="ada").exit_code == 2  # a reason is required
    assert shop("points", "adjust", "marco", "1", "--reason", "  ", user="ada").exit_code == 2
    assert shop("points", "adjust", "ghost", "1", "--reason", "x", user="ada").exit_code == 1
    assert shop.raw() == before
    me = shop.json("me", "--history", user="marco")
    assert (me["points"], me["earned"]) == (2, 0)
    assert [(entry["amount"], entry["kind"], entry["by"]) for entry in me["history"]] == [
        (5, "adjusted", "ada"),
        (-3, "adjusted", "ada"),
    ]


def test_adjusted_points_are_spendable_but_do_not_rank(shop):
    shop("points", "adjust", "carla", "3", "--reason", "welcome gift", user="ada")
    assert shop.json("redeem", "tshirt", user="carla")["balance"] == 2
    assert shop.json("leaderboard", user="anna") == []


def test_user_add_and_roles(shop):
    assert shop("user", "add", "tina2", "--role", "trainer", user="ada").exit_code == 0
    assert shop.json("me", user="tina2")["roles"] == ["member", "trainer"]
    assert shop("user", "add", "tina2", user="ada").exit_code == 1
    assert shop("user", "add", "bad name", user="ada").exit_code == 2
    assert shop("user", "add", "x", "--role", "boss", user="ada").exit_code == 2
    shop("user", "roles", "marco", "--add", "admin", user="ada")
    assert "admin" in shop.json("me", user="marco")["roles"]
    shop("user", "roles", "marco", "--remove", "admin", user="ada")
    assert "admin" not in shop.json("me", user="marco")["roles"]
    assert shop("user", "roles", "marco", user="ada").exit_code == 2
    assert shop("user", "roles", "marco", "--remove", "member", user="ada").exit_code == 1


def test_the_last_admin_cannot_be_removed(shop):
    result = shop("user", "roles", "ada", "--remove", "admin", user="ada")
    assert result.exit_code == 1 and "last admin" in result.stderr
    shop("user", "roles", "tina", "--add", "admin", user="ada")
    assert shop("user", "roles", "ada", "--remove", "admin", user="ada").exit_code == 0
