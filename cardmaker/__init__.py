"""cardmaker: exercise data → printable PDF cards and booklets."""

__version__ = "0.1.0"
