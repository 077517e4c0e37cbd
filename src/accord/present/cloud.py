"""The package cloud is computed in `accord.analyses.cloud`; kept importable from here for existing code."""

from accord.analyses.cloud import PackageCloud, package_cloud

__all__ = ["PackageCloud", "package_cloud"]
