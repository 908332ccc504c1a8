"""iasalaire: estimate what an AI engineer earns, with every factor explained and sourced."""

__version__ = "0.1.0"

from iasalaire.api import estimate, estimate_frame, estimate_many  # noqa: E402

__all__ = ["__version__", "estimate", "estimate_frame", "estimate_many"]
