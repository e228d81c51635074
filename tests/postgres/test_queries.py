"""Named queries: every section of queries.sql under its name, without its description."""

import math

import pytest

from lesaitutte_cli.store.postgres.queries import parse_queries, query


def test_a_section_is_its_query_without_the_comment_lines_that_describe_it():
    text = (
        "-- A preamble.\n\n-- first --\n-- What it does,\n-- in two lines.\nSELECT 1;\n\n-- second --\nSELECT %(x)s;\n"
    )
    assert parse_queries(text) == {"first": "SELECT 1;", "second": "SELECT %(x)s;"}


def test_a_name_used_twice_is_a_mistake_caught_at_load():
    with pytest.raises(ValueError, match="names twice twice"):
        parse_queries("-- twice --\nSELECT 1;\n-- twice --\nSELECT 2;\n")


def test_the_shipped_queries_load_by_name():
    assert query("schema_version") == "SELECT coalesce(max(version), 0) FROM lesaitutte_migrations;"
    with pytest.raises(KeyError):
        query("no_such_query")


def test_similar_questions_are_looked_up_by_groups_of_terms_the_index_can_narrow_by():
    from lesaitutte_cli.store.postgres.engine import MOST_TERM_GROUPS, _holding

    assert _holding(["bill", "higher"], 1) == "'bill' | 'higher'"
    assert _holding(["bill", "higher"], 2) == "('bill' & 'higher')"
    assert _holding(["a", "b", "c"], 2) == "('a' & 'b') | ('a' & 'c') | ('b' & 'c')"
    many = [f"t{number}" for number in range(14)]  # 3,432 groups of 7: any term, counted after
    assert math.comb(14, 7) > MOST_TERM_GROUPS
    assert _holding(many, 7) == " | ".join(f"'{term}'" for term in many)
    assert _holding(["o'neil", "back\\slash"], 2) == "('o''neil' & 'back\\\\slash')"
