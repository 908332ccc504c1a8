"""iasalaire: estimate what an AI engineer earns, with every factor explained and sourced."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iasalaire.api import estimate, estimate_frame, estimate_many

__version__ = "0.1.0"

__all__ = ["__version__", "estimate", "estimate_frame", "estimate_many"]


def __getattr__(name: str) -> Any:
    """iasalaire.estimate and the others, imported on first use: `iasalaire --version` and
    the command line's start-up do not pay for the API's imports."""
    if name in ("estimate", "estimate_frame", "estimate_many"):
        from iasalaire import api

        return getattr(api, name)
    raise AttributeError(f"module 'iasalaire' has no attribute {name!r}")
