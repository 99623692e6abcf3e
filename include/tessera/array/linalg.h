#pragma once
/// Matrix products and diagonals (NumPy's "linear algebra" section: matmul, dot, vdot, inner,
/// diagonal). Floating and complex dtypes go through BLAS; integer and bool through a loop.
#include "tessera/array/array.h"

namespace tessera {

/// NumPy's matmul (the `@` operator): broadcasting over batch dims, 1-D operands promoted and
/// their dim removed. With `out`, the result is cast into it (same_kind) and `out` is returned.
Array matmul(const Array& a, const Array& b, const Array* out = nullptr);
/// NumPy's dot (0-d: multiply; N-D: sum over a's last and b's second-to-last axis). `out` must
/// be C-contiguous with the result's exact dtype and shape, as NumPy requires.
Array dot(const Array& a, const Array& b, const Array* out = nullptr);
/// NumPy's vdot: dot of the flattened arrays, conjugating the first.
Array vdot(const Array& a, const Array& b);
/// NumPy's inner: sum over the last axes of both.
Array inner(const Array& a, const Array& b);
/// NumPy's diagonal: a read-only view of the root (offset + (s1 + s2) stride), the diagonal
/// last.
Array diagonal(const Array& a, int64_t offset, int64_t axis1, int64_t axis2);

}  // namespace tessera
