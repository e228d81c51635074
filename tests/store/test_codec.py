"""The store's JSON never holds an integer that orjson would read back as a float."""

import pytest

from lesaitutte_cli.errors import InvalidInput
from lesaitutte_cli.store.file import codec

LARGEST = 2**63 - 1
SMALLEST = -(2**63)


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("number", [LARGEST + 1, SMALLEST - 1, 2**64, 99999999999999999999999999999])
def test_an_integer_past_64_bits_is_refused_not_written(number, large):
    with pytest.raises(InvalidInput, match=f"The number {number} is too large to store"):
        codec.dumps({"ledger": {"1": {"amount": 1, "nested": [{"amount": number}]}}}, large=large)


@pytest.mark.parametrize("large", [False, True])
def test_every_64_bit_integer_and_any_long_digits_in_text_round_trip(large):
    document = {"numbers": [LARGEST, SMALLEST, 0], "text": "call 123456789012345678901234567890"}
    assert codec.loads(codec.dumps(document, large=large)) == document


def test_a_large_document_reads_back_every_64_bit_integer_exactly():
    document = {"amount": LARGEST, "padding": "x" * codec.LARGE}
    assert codec.loads(codec.dumps(document)) == document
