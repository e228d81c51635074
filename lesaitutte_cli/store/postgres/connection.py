"""Opening a connection, and saying in one line why one could not be opened.

libpq's own error is several lines about sockets and TCP/IP; a person at the shell needs
to know what was tried (where, which database, as whom: never the password) and what to
do about it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.language import N_, Phrase

if TYPE_CHECKING:
    from collections.abc import Mapping

CONNECT_TIMEOUT = 5  # seconds: a command should not hang on a server that does not answer
APPLICATION_NAME = "lesaitutte"  # how our sessions show in pg_stat_activity

_PASSWORD_IN_URL = re.compile(r"^([a-z]+://[^:@/]*:)([^@/]*)@")
_PASSWORD_KEYWORD = re.compile(r"(?:^|\s)password=(?:'[^']*'|\S*)|(?<=[?&])password=[^&]*&?")


def connect(url: str, session: Mapping[str, str] | None = None) -> psycopg.Connection:
    """A connection to the database at `url`, outside any transaction, autocommit off.

    `session`: settings (name to value) the server applies as the session starts, sent with
    the connection request rather than as statements after it, which would each cost a round
    trip. They win over any the URL gives in `options`.
    Raises StoreUnusable if the URL cannot be read or the database cannot be reached.
    """
    try:
        given = conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        reason = _first_line(str(error)).replace(_password_in(url) or "\0", "***")
        raise StoreUnusable(
            N_(
                "--db is not a PostgreSQL URL that can be read ({reason}). "
                "Write it as postgresql://USER@HOST/DBNAME or postgresql://USER@/DBNAME?host=/socket/folder"
            ),
            reason=reason,
        ) from None
    # What the URL says wins: someone may need a longer timeout, or their own name in the server's views.
    defaults = {"connect_timeout": CONNECT_TIMEOUT, "application_name": APPLICATION_NAME}
    settings: dict[str, Any] = {**defaults, **given}  # libpq's keywords, checked by libpq
    if session:
        ours = " ".join(f"-c {name}={_escaped(value)}" for name, value in session.items())
        settings["options"] = f"{given.get('options') or ''} {ours}".strip()  # the last of a name wins
    try:
        return psycopg.connect(url, autocommit=False, **settings)
    except psycopg.OperationalError as error:
        raise StoreUnusable(refusal_message(error, given)) from None


def _escaped(value: str) -> str:
    """A value as libpq's `options` takes it: spaces and backslashes escaped with a backslash."""
    return value.replace("\\", "\\\\").replace(" ", "\\ ")


def without_password(url: str) -> str:
    """The URL (or libpq keyword string) as it may be shown: any password in it left out."""
    url = _PASSWORD_IN_URL.sub(lambda found: found.group(1).removesuffix(":") + "@", url)
    return _PASSWORD_KEYWORD.sub("", url).strip()


def refusal_message(error: psycopg.OperationalError, given: Mapping[str, str | int | None]) -> Phrase:
    """One line: what could not be reached, why, and what to do."""
    target = _target(error, given)
    reason = _reason(str(error))
    lowered = reason.lower()
    user, dbname = target["user"], target["dbname"]
    if "password authentication failed" in lowered:
        advice = N_("The password for {user} was refused: check the one in --db, PGPASSWORD or PGPASSFILE (~/.pgpass).")
    elif "no password supplied" in lowered:
        advice = N_("The server wants a password for {user}: give it in PGPASSWORD or PGPASSFILE (~/.pgpass).")
    elif "database" in lowered and "does not exist" in lowered:
        advice = N_("Create the database with: createdb {dbname}")
    elif "role" in lowered and "does not exist" in lowered:
        advice = N_("The server has no role {user}: create it with: createuser {user}")
    elif "no pg_hba.conf entry" in lowered:
        advice = N_("The server does not let {user} in from here: its administrator can allow it in pg_hba.conf.")
    elif "no such file or directory" in lowered or "connection refused" in lowered:
        advice = N_("No server is listening there: start PostgreSQL, or check the host and port in --db.")
    elif "timeout expired" in lowered:
        advice = N_("The server did not answer in time: check that the host is right and the server is running.")
    else:
        advice = N_("Check --db and that the server is running.")
    return Phrase(
        N_("Could not connect to PostgreSQL database {dbname} as {user} {where}: {reason}. {advice}"),
        dbname=dbname,
        user=user,
        where=target["where"],
        reason=reason,
        advice=Phrase(advice, user=user, dbname=dbname),
    )


def _target(error: psycopg.OperationalError, given: Mapping[str, str | int | None]) -> dict[str, Any]:
    """Where libpq tried, as it resolved it (defaults and PG* variables included) when it says."""
    pgconn = getattr(error, "pgconn", None)

    def value(attribute: str, key: str, fallback: str) -> str:
        raw = getattr(pgconn, attribute, None) if pgconn is not None else None
        text = raw.decode(errors="replace") if isinstance(raw, bytes) else None
        in_url = given.get(key)
        return text or (str(in_url) if in_url else "") or fallback

    host, port = value("host", "host", "localhost"), value("port", "port", "5432")
    if host.startswith("/"):
        where = Phrase(N_("on the socket in {host}, port {port}"), host=host, port=port)
    else:
        where = Phrase(N_("at {host}, port {port}"), host=host, port=port)
    return {"user": value("user", "user", "?"), "dbname": value("db", "dbname", "?"), "where": where}


def _reason(message: str) -> str:
    """libpq's own reason, without its preamble and the hints that follow it."""
    for line in message.splitlines():
        found = re.search(r".*failed: (.+)$", line)
        if found:
            return found.group(1).removeprefix("FATAL:").strip().rstrip(".")
    return _first_line(re.sub(r"^connection (is bad|failed): ", "", message)).rstrip(".")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "no reason given"


def _password_in(url: str) -> str | None:
    found = _PASSWORD_IN_URL.match(url)
    return found.group(2) if found and found.group(2) else None
