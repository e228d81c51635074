"""Records compare by value and show their fields, as dataclasses' own methods would."""

import dataclasses
from datetime import UTC, datetime

import pytest

from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.model import Grant, Question, User, replace

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_records_with_the_same_fields_are_equal():
    marco = User("marco", T0, certifications=frozenset({"phones"}), grants=(Grant("phones", T0),))
    assert marco == replace(marco)
    assert marco != replace(marco, grants=(Grant("phones", T0.replace(hour=10)),))
    assert [marco] == [User("marco", T0, certifications=frozenset({"phones"}), grants=(Grant("phones", T0),))]


def test_records_of_other_kinds_are_never_equal():
    assert Grant("phones", T0) != ("phones", T0)
    assert Grant("phones", T0) != Question(1, "phones", "text", "anna", T0)


def test_a_record_shows_its_fields_in_order():
    assert repr(Grant("phones", T0)) == f"Grant(category='phones', at={T0!r})"


def test_records_are_not_dictionary_keys():
    with pytest.raises(TypeError):
        hash(Grant("phones", T0))


def test_every_record_has_a_docstring():
    # Without one, @dataclass builds a docstring from the signature at every start: ~0.3 ms a class.
    records = [value for value in vars(model).values() if dataclasses.is_dataclass(value)]
    assert len(records) >= 15
    assert [cls.__name__ for cls in records if cls.__doc__.startswith(f"{cls.__name__}(")] == []


def test_replace_makes_a_changed_copy_as_dataclasses_replace_does():
    question = Question(1, "phones", "text", "anna", T0, history=(model.Event(T0, "asked", "anna"),))
    claimed = replace(question, status=model.CLAIMED, claimed_by="marco")
    assert claimed == dataclasses.replace(question, status=model.CLAIMED, claimed_by="marco")
    assert type(claimed) is Question and claimed is not question
    assert question.status == model.OPEN and question.claimed_by is None  # the original as it was
    with pytest.raises(TypeError, match="Question has no field claimd_by"):
        replace(question, claimd_by="marco")
