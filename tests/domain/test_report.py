"""The service report's arithmetic: the bands of answer times and the one-pass tally."""

from datetime import UTC, datetime, timedelta

from lesaitutte_cli.domain.report import answer_time_histogram, asked, report_of

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_an_answer_on_a_band_s_bound_falls_in_that_band():
    assert answer_time_histogram([0, 60, 61, 300, 301, 7200, 7201]) == [2, 2, 1, 0, 0, 1, 1]


def test_a_report_counts_each_question_once_overall_and_in_its_category_and_by_its_expert():
    questions = [
        asked("phones", "rated", "up", "marco", T0, T0 + timedelta(seconds=30), T0 + timedelta(seconds=90), 0),
        asked("phones", "rated", "down", "paola", T0, T0 + timedelta(seconds=10), T0 + timedelta(seconds=400), 1),
        asked("tariffs", "open", None, None, T0, None, None, 2),
        # The clock was set back before the answer: its time is unknown, not zero.
        asked("tariffs", "answered", None, "marco", T0, T0 - timedelta(seconds=5), T0 - timedelta(seconds=1), 0),
    ]
    report = report_of(iter(questions))
    assert (report.overall.questions, report.overall.answered, report.overall.rated_up) == (4, 3, 1)
    assert (report.overall.resolution_rate, report.overall.answered_within_5_min) == (0.5, 0.5)
    assert (report.overall.median_time_to_claim_s, report.overall.median_time_to_answer_s) == (20, 245)
    assert (report.overall.expired_claims, report.overall.open_now) == (3, 1)
    assert report.answer_time_counts == [0, 1, 1, 0, 0, 0, 0]
    assert [(name, figures.questions) for name, figures in report.by_category.items()] == [
        ("phones", 2),
        ("tariffs", 2),
    ]
    assert report.by_expert["marco"].answers == 2 and report.by_expert["marco"].up_rate == 1.0
    assert report.by_expert["paola"].median_time_to_answer_s == 400
