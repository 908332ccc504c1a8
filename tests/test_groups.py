"""calibrate's per-group medians (reused across backfit rounds) equal numpy's, group by group."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from iasalaire.calibrate import FEW_GROUPS, Groups


@settings(max_examples=200, deadline=None)
@given(st.integers(1, FEW_GROUPS * 3), st.lists(st.tuples(st.integers(-1, FEW_GROUPS * 3),
                                                          st.floats(-20, 20)), max_size=400))
def test_group_medians_equal_numpy_median_per_group(groups: int,
                                                    rows: list[tuple[int, float]]) -> None:
    codes = np.array([min(c, groups - 1) for c, _ in rows], dtype=np.int64)
    resid = np.array([r for _, r in rows], dtype=float)
    found = Groups(codes, groups)
    medians = found.medians(resid)
    for g in range(groups):
        members = resid[codes == g]
        assert found.counts[g] == len(members)
        # One float sort orders values closer than ~1e-11 arbitrarily: equal within that.
        assert abs(medians[g] - (np.median(members) if len(members) else 0.0)) < 1e-9
    lookup = found.take(np.arange(groups, dtype=float) + 1)
    assert list(lookup) == [c + 1.0 if c >= 0 else 0.0 for c in codes]
