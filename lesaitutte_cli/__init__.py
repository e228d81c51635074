"""lesaitutte-cli: a peer-support community for a mobile carrier's customers, run from a shell."""

__version__ = "0.1.0"
