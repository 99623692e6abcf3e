#pragma once
// Sorting, searching and set routines: sort, argsort, partition, argpartition, searchsorted,
// unique. Every sort is stable and puts NaNs last, in NumPy's order.
#include <cstdint>
#include <span>

#include "tessera/array/array.h"

namespace tessera {

/// NumPy's sort(a, axis) (axis may be negative; AxisError when out of range).
Array sort(const Array& a, int64_t axis);
/// NumPy's argsort(a, axis, kind='stable'): int64 positions along the axis.
Array argsort(const Array& a, int64_t axis);
/// ndarray.sort(axis): sorts `a` in place.
void sort_inplace(const Array& a, int64_t axis);
/// NumPy's partition(a, kth, axis): the elements at the kth positions are those of the sorted
/// array, with smaller-or-equal elements before and greater-or-equal after (ValueError for a kth
/// outside [-n, n)).
Array partition(const Array& a, std::span<const int64_t> kth, int64_t axis);
/// NumPy's argpartition(a, kth, axis): the positions that partition `a`.
Array argpartition(const Array& a, std::span<const int64_t> kth, int64_t axis);
/// NumPy's searchsorted(a, v, side, sorter): for each element of v, its insertion point in the
/// sorted 1-d `a` (through `sorter` when valid), as int64 of v's shape. Both are compared in
/// their common dtype.
Array searchsorted(const Array& a, const Operand& v, bool right, const Array* sorter = nullptr);

/// What unique returns; the optional parts are left invalid when not asked for.
struct UniqueResult {
  Array values, index, inverse, counts;
};
/// NumPy's unique(a) of the flattened array: sorted distinct values, the first positions of
/// each, the inverse (of a's shape, NumPy 2.x) and the counts.
UniqueResult unique(const Array& a, bool return_index, bool return_inverse, bool return_counts,
                    bool equal_nan);

}  // namespace tessera
