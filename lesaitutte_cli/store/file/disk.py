"""The file store's few rules for touching the disk, in one place.

Every file beside the store is opened without following a symbolic link and must turn out
to be a regular file: a member who may write the folder could otherwise plant
`STORE.lock -> ~victim/file` and have the next command write over the victim, or a FIFO
that hangs every command. Every write is checked to have written everything: under a file
size limit (`ulimit -f`) or on a full disk, `pwrite` may write less than it was asked.
"""

from __future__ import annotations

import errno
import os
import stat

from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.language import N_, Word

KINDS = {
    stat.S_IFLNK: Word(N_("a symbolic link")),
    stat.S_IFIFO: Word(N_("a named pipe (FIFO)")),
    stat.S_IFDIR: Word(N_("a folder")),
    stat.S_IFCHR: Word(N_("a device")),
    stat.S_IFBLK: Word(N_("a device")),
    stat.S_IFSOCK: Word(N_("a socket")),
}


def not_regular(path: str, mode: int) -> StoreUnusable:
    return StoreUnusable(
        N_(
            "{path} is {kind}, not a regular file, so lesaitutte will not use it; it was left untouched. "
            "Remove it or point --db at a regular file in a folder only trusted users can write."
        ),
        path=path,
        kind=KINDS.get(stat.S_IFMT(mode), Word(N_("not a regular file"))),
    )


def require_regular_if_present(path: str) -> None:
    """Refuse `path` if something other than a regular file is there, without opening it."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(found.st_mode):
        raise not_regular(path, found.st_mode)


def open_regular(path: str, flags: int, mode: int = 0o600) -> int:
    """A descriptor on the regular file at `path`; StoreUnusable for anything else found there.

    O_NONBLOCK keeps a FIFO planted between the look and the open from hanging the command;
    the fstat afterwards is the check that counts, on the very file that was opened.
    """
    require_regular_if_present(path)
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, mode)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise not_regular(path, os.lstat(path).st_mode) from None
        raise
    found = os.fstat(fd)
    if not stat.S_ISREG(found.st_mode):
        os.close(fd)
        raise not_regular(path, found.st_mode)
    return fd


def write_all(fd: int, data: bytes, offset: int) -> None:
    """Write all of `data` at `offset`, or raise OSError: a short write is never taken as done."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        if written == 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view, offset = view[written:], offset + written
