#pragma once
// Building element-wise launches (shared by ufuncs, copies, casts and fills).
#include <span>
#include <string_view>

#include "kernels/elementwise/ufunc.h"
#include "tessera/array/array.h"

namespace tessera::ops {

/// Launches `fn` over outputs[0]'s shape. Array inputs must already have that shape (broadcast
/// views); scalar inputs ride by value, converted to their loop dtype. `where` (bool, same shape)
/// restricts which elements are written.
void launch_elementwise(kernels::LoopFn fn, std::span<const DType> loop_types,
                        std::span<const Operand> inputs, std::span<const Array> outputs,
                        const Array* where = nullptr, std::string_view name = {});

/// dst[...] = src (same shape), converting dtypes with NumPy's unsafe cast.
void launch_copy(const Array& src, const Array& dst);

/// Whether two views of one root may touch the same bytes (conservative, by byte ranges).
bool may_overlap(const Array& a, const Array& b);

}  // namespace tessera::ops
