"""The largest numbers a user may give, in options and in fixtures.

Far beyond any real community, and far inside 64 bits: a number stays exact in every JSON
codec however large the store grows, and sums of many of them do too.
"""

MAX_POINTS = 1_000_000  # a cost, a stock, one adjustment, a daily cap
MAX_COUNT = 1_000_000  # how many to list (--limit), exam questions drawn
MAX_ID = 999_999_999  # a question id
MAX_BOUNTY = 1_000  # the points one question may hold
MAX_WAIT_SECONDS = 7 * 24 * 3600  # claim --next --wait: a week; beyond that, wait without a limit
MAX_CERTIFICATION_MONTHS = 120  # how long a certificate may last, when certificates expire
