#pragma once
/// Applying ufuncs with NumPy semantics: promotion, broadcasting, out=, where=, dtype=, casting=.
#include <span>
#include <vector>

#include "kernels/elementwise/ufunc.h"
#include "tessera/array/array.h"

namespace tessera {

using kernels::Ufunc;

struct UfuncOptions {
  std::span<const Array> out;     // empty, or one per output (an invalid Array: allocate)
  const Array* where = nullptr;   // boolean mask, broadcast to the result
  const DType* dtype = nullptr;   // the dtype= / signature argument
  Casting casting = Casting::SameKind;
};

/// op(*inputs, **options); returns the outputs (the `out` arrays when given).
std::vector<Array> apply_ufunc(Ufunc op, std::span<const Operand> inputs,
                               const UfuncOptions& options = {});
/// Shorthands for one-output ufuncs without options.
Array unary(Ufunc op, const Operand& a);
Array binary(Ufunc op, const Operand& a, const Operand& b);
/// In-place a op= b (NumPy's `a += b`: out=a, casting same_kind).
void inplace(Ufunc op, const Array& a, const Operand& b);
/// where(cond, x, y) with NumPy's promotion of x and y.
Array where(const Operand& cond, const Operand& x, const Operand& y);
/// clip(a, lo, hi): minimum(maximum(a, lo), hi); either bound may be absent.
Array clip(const Operand& a, const Operand* lo, const Operand* hi);
/// NumPy's result_type for operands (NEP 50 for weak scalars).
DType result_type(std::span<const Operand> operands);

}  // namespace tessera
