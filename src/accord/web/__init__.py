"""The local dashboard (FastAPI). Presentation only: every number comes from `accord.analyses.whatif`."""

from accord.web.app import create_app

__all__ = ["create_app"]
