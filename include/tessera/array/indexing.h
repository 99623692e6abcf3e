#pragma once
// Advanced indexing: gather, scatter and mask compaction along one axis.
#include "tessera/array/array.h"

namespace tessera {

/// NumPy's take(a, indices, axis) for a normalised axis: the index's shape replaces that axis.
/// Indices outside [-n, n) raise IndexError (when the task runs).
Array take(const Array& a, const Array& indices, int64_t axis);
/// a[..., indices, ...] = values along `axis` (values broadcast to the gathered shape, cast to
/// a's dtype); duplicate indices: the last one wins.
void put_along(const Array& a, const Array& indices, int64_t axis, const Array& values);
/// The flat C-order positions of the nonzero elements of `a` (int64, 1-d). Waits for the count.
Array flatnonzero(const Array& a);

}  // namespace tessera
