"""The local dashboard (FastAPI). Presentation only: every number comes from `accord.whatif`."""

from accord.web.app import create_app

__all__ = ["create_app"]
