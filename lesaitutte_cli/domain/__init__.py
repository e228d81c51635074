"""The community's rules as plain data and pure functions: no I/O, no clock reads."""
