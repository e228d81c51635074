"""Certificates that expire, through the command line with frozen time."""

import pytest
from freezegun import freeze_time

from tests.cli.test_exams import ALL_RIGHT, BANK, answers_file
from tests.conftest import COMMUNITY

SWITCHED_ON = "2026-01-10 09:00:00"  # UTC; marco and paola's seeded certificates count from here
LAPSE = "2027-01-10 09:00:00"


@pytest.fixture
def expiring(run):
    with freeze_time("2026-01-01"):  # registered before expiry was switched on
        run.seed(dict(COMMUNITY, exams=[BANK]))
    with freeze_time(SWITCHED_ON):
        result = run("settings", "certification-months", "12", user="ada")
    assert result.exit_code == 0 and "last 12 months" in result.stdout
    return run


def test_only_admins_set_it_and_bad_months_exit_2(community):
    assert community("settings", "certification-months", "12", user="tina").exit_code == 1
    for months in ("500", "121", str(2**70)):  # bounded in the option, as every number (domain/limits.py)
        result = community("settings", "certification-months", months, user="ada")
        assert result.exit_code == 2 and "0<=x<=120" in result.stderr
    assert "certification-months: 0" in community("settings", user="ada").stdout


def test_me_json_gives_when_each_certificate_lapses(expiring):
    with freeze_time("2026-06-01"):
        assert expiring.json("me", user="marco")["certifications_expire"] == {
            "internet": "2027-01-10T09:00:00Z",
            "phones": "2027-01-10T09:00:00Z",
        }
        me = expiring("me", user="marco").stdout
        assert "phones certificate is valid until 2027-01-10 10:00:00 CET (in about 7 months)." in me
        expiring("settings", "certification-months", "0", user="ada")
        assert expiring.json("me", user="marco")["certifications_expire"] == {"internet": None, "phones": None}


def test_a_member_registered_after_expiry_was_switched_on_counts_from_registration(expiring):
    with freeze_time("2026-03-05 12:00:00"):
        expiring.seed({"users": [{"name": "newcomer", "certifications": ["phones"]}]})
        assert expiring.json("me", user="newcomer")["certifications_expire"] == {"phones": "2027-03-05T12:00:00Z"}


def test_me_warns_from_thirty_days_before(expiring):
    with freeze_time("2026-12-11 08:59:59"):  # 30 days and a second before
        assert "renew it now" not in expiring("me", user="marco").stdout
    with freeze_time("2026-12-11 09:00:00"):
        output = expiring("me", user="marco").stdout
    assert (
        "Your phones certificate lapses on 2027-01-10 10:00:00 CET (in 30 days): "
        "renew it now with: lesaitutte take-exam phones" in output
    )


def test_at_the_exact_second_the_certificate_lapses_and_claims_are_refused(expiring):
    with freeze_time("2026-12-20 09:00:00"):
        expiring.json("ask", "Why no signal?", "-c", "phones", user="anna")
    with freeze_time("2027-01-10 08:59:59"):
        assert expiring.json("me", user="marco")["certifications"] == ["internet", "phones"]
    with freeze_time(LAPSE):
        result = expiring("claim", "1", user="marco")
        assert result.exit_code == 1
        assert "needs the expert role" in result.stderr  # no certification left at all
        me = expiring("me", user="marco").stdout
        assert "Your phones certificate lapsed on 2027-01-10 10:00:00 CET (just now)" in me
        assert "renew it with: lesaitutte take-exam phones" in me
        history = expiring.json("history", "marco", user="tina")
        lapses = [(item["kind"], item["detail"]) for item in history if item["kind"] == "lapsed"]
        assert lapses == [("lapsed", "internet (certificate expired)"), ("lapsed", "phones (certificate expired)")]
        report = expiring.json("report", user="tina")["certifications"]
        assert report["phones"] == {"certified": 0, "renewed": 0, "lapsed": 2, "revoked": 0}  # marco and paola
        assert expiring("check", user="ada").exit_code == 0


def test_a_claim_held_when_the_certificate_lapses_runs_its_course(expiring):
    with freeze_time("2027-01-10 08:00:00"):
        expiring.json("ask", "Why no signal?", "-c", "phones", user="anna")
        expiring.json("claim", "1", user="marco")
    with freeze_time("2027-01-10 09:30:00"):
        assert expiring("check", user="ada").exit_code == 0
        answered = expiring.json("answer", "1", "Restart it.", user="marco")
    assert answered["status"] == "answered"


def test_passing_the_exam_again_renews_from_that_day(expiring, tmp_path):
    with freeze_time("2026-12-20 09:00:00"):
        result = expiring.json("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="marco")
        assert result["passed"] is True
        assert expiring.json("me", user="marco")["certifications_expire"]["phones"] == "2027-12-20T09:00:00Z"
    with freeze_time(LAPSE):
        me = expiring.json("me", user="marco")
        assert me["certifications"] == ["phones"]  # internet lapsed, phones renewed
        history = expiring.json("history", user="marco")
        assert [item["kind"] for item in history if item["kind"] in ("renewed", "lapsed")] == ["renewed", "lapsed"]


def test_a_trainer_certifies_a_lapsed_expert_afresh(expiring):
    with freeze_time("2027-02-01 09:00:00"):
        assert expiring.json("me", user="paola")["certifications"] == []
        assert expiring("certify", "paola", "phones", user="tina").exit_code == 0
        assert expiring.json("me", user="paola")["certifications_expire"] == {"phones": "2028-02-01T09:00:00Z"}
        assert "lapsed" not in expiring("me", user="paola").stdout


def test_history_shows_a_lapse_an_exam_reset_and_the_renewal_and_me_still_names_the_lapse(expiring, tmp_path):
    with freeze_time("2027-01-11 09:00:00"):
        failed = expiring.json("take-exam", "phones", "--answers", answers_file(tmp_path, {}), user="marco")
        assert failed["passed"] is False
        assert expiring("exam", "reset", "MARCO", "phones", "--reason", "wrong file", user="tina").exit_code == 0
        me = expiring("me", user="marco").stdout  # an exam reset is no certificate of its own
        assert "Your phones certificate lapsed on 2027-01-10 10:00:00 CET (1 day ago)" in me
    with freeze_time("2027-01-11 10:00:00"):
        passed = expiring.json("take-exam", "phones", "--answers", answers_file(tmp_path, ALL_RIGHT), user="marco")
        assert passed["passed"] is True
        history = expiring.json("history", "Marco", user="tina")
    kinds = [item["kind"] for item in history if item["kind"] in ("lapsed", "exam reset", "certified", "renewed")]
    assert kinds == ["lapsed", "lapsed", "exam reset", "certified"]
    reset = next(item for item in history if item["kind"] == "exam reset")
    assert reset["detail"] == "phones by tina (wrong file)"
    assert expiring.json("report", user="tina")["certifications"]["phones"] == {
        "certified": 1,
        "renewed": 0,
        "lapsed": 2,
        "revoked": 0,
    }
