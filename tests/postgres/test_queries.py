"""Named queries: every section of queries.sql under its name, without its description."""

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
