"""What can end a command's database transaction other than the command itself.

A serialization failure or a deadlock means another transaction got in the way, not that
the work was wrong: PostgreSQL rolled ours back, and running it again from the start is
the documented remedy (the services do, see services/session.py `retried`). A connection
lost on the way (the server restarted, the network went) is an unusable store, told in one
line that says whether anything may have been saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psycopg import errors

from lesaitutte_cli.language import N_, Phrase

if TYPE_CHECKING:
    import psycopg

RETRYABLE = (errors.SerializationFailure, errors.DeadlockDetected)


def lost_connection(dbname: str, error: psycopg.OperationalError, committing: bool) -> Phrase:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if committing:
        # The server may have committed before the answer was lost: only looking can tell.
        outcome = N_("It may or may not have been saved: look before running it again.")
    else:
        outcome = N_("Nothing of it was saved: run it again once the server is back.")
    return Phrase(
        N_("The connection to the database {dbname} was lost during this command ({reason}). {outcome}"),
        dbname=dbname,
        reason=reason,
        outcome=Phrase(outcome),
    )
