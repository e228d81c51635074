"""Running one command's work as one database transaction, again when PostgreSQL asks.

A serialization failure or a deadlock means another transaction got in the way, not that
the work was wrong: PostgreSQL rolled ours back, and running it again from the start is
the documented remedy. The person at the shell never sees it unless it keeps happening.
A connection lost on the way (the server restarted, the network went) is an unusable store,
told in one line that says whether anything may have been saved.
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, TypeVar

import psycopg
from psycopg import errors

from lesaitutte_cli.errors import StoreUnusable

if TYPE_CHECKING:
    from collections.abc import Callable

    from psycopg import Connection

T = TypeVar("T")

ATTEMPTS = 10
RETRYABLE = (errors.SerializationFailure, errors.DeadlockDetected)


def in_transaction(connection: Connection, work: Callable[[Connection], T], attempts: int = ATTEMPTS) -> T:
    """What `work(connection)` returns, run inside a transaction that commits when it returns.

    `work` may run more than once, so it must do nothing outside the database that cannot
    be done twice. Anything it raises rolls the transaction back.
    """
    if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raise RuntimeError("in_transaction needs a connection outside any transaction")
    dbname = connection.info.dbname  # unreadable once the connection is lost
    for attempt in range(1, attempts + 1):
        committing = False
        try:
            with connection.transaction():
                result = work(connection)
                committing = True
            return result
        except RETRYABLE:
            if attempt == attempts:
                break
            # Random and growing, so that the transactions that collided do not collide again.
            time.sleep(random.uniform(0, 0.01 * 2**attempt))
        except psycopg.OperationalError as error:
            if not connection.broken:
                raise
            raise StoreUnusable(lost_connection(dbname, error, committing)) from None
    raise StoreUnusable(
        f"The database {dbname} stayed too busy to finish this command "
        f"({attempts} attempts collided with other commands). Nothing was changed; try again."
    )


def lost_connection(dbname: str, error: psycopg.OperationalError, committing: bool) -> str:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if committing:
        # The server may have committed before the answer was lost: only looking can tell.
        outcome = "It may or may not have been saved: look before running it again."
    else:
        outcome = "Nothing of it was saved: run it again once the server is back."
    return f"The connection to the database {dbname} was lost during this command ({reason}). {outcome}"
