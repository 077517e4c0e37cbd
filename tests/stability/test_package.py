"""`accord.stability` names its lazily imported API in a literal `__all__` (for linters and `from ... import *`)."""

from __future__ import annotations

import accord.stability as stability


def test_all_lists_exactly_the_lazy_names_and_each_resolves():
    assert sorted(stability.__all__) == sorted(stability._WHERE)
    for name in stability.__all__:
        assert getattr(stability, name) is not None
