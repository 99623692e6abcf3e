#pragma once
// The typed halves of a reduction, one table entry per (kind, dtype), compiled once
// (reduce_typed.cc for the accumulating kinds, arg_reduce.cc for argmax/argmin). Pointers are
// untyped so that the Reducer and the executor templates need no dtype switch of their own.
#include <cstdint>

#include "kernels/reduce/reduce.h"

namespace tessera::kernels {

/// An accumulating kind over one accumulation dtype T, computing in C (T, or float for
/// float16). `x` arguments are contiguous T; `acc` arguments are C.
struct TypedReduce {
  int value_size;                                                  // sizeof(C)
  void (*neutral)(void* acc, int64_t n);                           // acc[0..n) = neutral
  void (*accumulate)(void* acc, const void* x, int64_t n);         // *acc = *acc op x[0..n)
  void (*accumulate_rows)(void* acc, const void* x, int64_t n);    // acc[j] = acc[j] op x[j]
  void (*combine)(void* a, const void* b);                         // *a = *a op *b
  void (*widen)(void* acc, const void* x, int64_t n);              // acc[j] = C(x[j])
  void (*narrow)(void* x, const void* acc, int64_t n);             // x[j] = T(acc[j])
};

/// The table entry, or nullptr when the kind has no typed loop for this dtype.
const TypedReduce* typed_reduce(ReduceKind kind, DType acc);

/// count_nonzero's kernels: nonzero bytes among n bools, and acc[j] += (x[j] != 0).
int64_t count_true(const void* x, int64_t n);
void count_true_rows(int64_t* acc, const void* x, int64_t n);

/// argmax/argmin over one dtype T: `best` arguments are T; a NaN is better than any number and
/// the earlier of two equal values wins, as in NumPy.
struct TypedArg {
  /// Folds x[0..n) (indices index0, index0+1, …) into v (v.has may be false).
  void (*scan)(ReduceValue& v, const void* x, int64_t n, int64_t index0);
  /// best[j], index[j] = x[j], r where x[j] beats best[j].
  void (*rows)(void* best, int64_t* index, const void* x, int64_t n, int64_t r);
  /// Whether a (later in the sequence) beats b.
  bool (*beats)(const void* a, const void* b);
  /// For each of `rows` contiguous rows of n >= 1 elements (row r at x + r*row_stride bytes),
  /// the index of its best element, written as int64 at out + r*out_stride.
  void (*short_rows)(const void* x, int64_t rows, int64_t row_stride, int64_t n, char* out,
                     int64_t out_stride);
};

const TypedArg* typed_arg(ReduceKind kind, DType d);

}  // namespace tessera::kernels
