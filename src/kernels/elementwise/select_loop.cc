// Loop selection: NumPy 2's type resolution for ufuncs, with NEP 50 weak Python scalars.
//
// NumPy resolves a ufunc call with one of a few "type resolvers" (generate_umath.py names one
// per ufunc; ufunc_type_resolution.c implements them). We model the ones our ufuncs use:
//   - uniform: promote all inputs to one dtype (np.result_type, NEP 50) and use the loop of
//     exactly that dtype, or fail (add, maximum, ...; negative/subtract refuse bool);
//   - linear search: the first loop in `types` order to which every input casts safely
//     (ufuncs with no resolver of their own, e.g. arctan2, floor_divide, power);
//   - comparisons: uniform, plus the exact int64/uint64 loops for signed-vs-uint64 inputs;
//   - logical_and/or/xor: same-dtype inputs use their loop, anything else the bool loop;
//   - true divide: integer and bool inputs use the float64 loop.
// With dtype= (`signature`), the first loop whose outputs are that dtype and which every input
// reaches by same_kind casting wins (NumPy's type-tuple resolution).
#include <optional>

#include "kernels/elementwise/ufunc.h"

namespace tessera::kernels {
namespace {

enum class Resolver : uint8_t { Uniform, Linear, Comparison, Logical, TrueDivide };

Resolver resolver_of(Ufunc op) {
  switch (op) {
    case Ufunc::add:
    case Ufunc::subtract:
    case Ufunc::multiply:
    case Ufunc::maximum:
    case Ufunc::minimum:
    case Ufunc::fmax:
    case Ufunc::fmin:
    case Ufunc::negative:
    case Ufunc::positive:
    case Ufunc::sign:
    case Ufunc::gcd:
    case Ufunc::lcm: return Resolver::Uniform;
    case Ufunc::equal:
    case Ufunc::not_equal:
    case Ufunc::less:
    case Ufunc::less_equal:
    case Ufunc::greater:
    case Ufunc::greater_equal: return Resolver::Comparison;
    case Ufunc::logical_and:
    case Ufunc::logical_or:
    case Ufunc::logical_xor: return Resolver::Logical;
    case Ufunc::divide: return Resolver::TrueDivide;
    default: return Resolver::Linear;
  }
}

/// One input operand: an array dtype, or a weak Python scalar of some kind.
struct Operand {
  DType dtype;
  WeakKind weak;
};

/// The dtype NumPy gives a Python scalar standing alone (when every operand is one).
DType default_dtype(WeakKind kind) {
  switch (kind) {
    case WeakKind::Int: return DType::Int64;
    case WeakKind::Float: return DType::Float64;
    default: return DType::Complex128;
  }
}

/// NumPy's can_cast for an operand: weak scalars go to any loop of their kind or above
/// (a Python int to any integer or inexact type, a float to any inexact type).
bool operand_casts(const Operand& x, DType to, Casting casting) {
  switch (x.weak) {
    case WeakKind::None: return can_cast(x.dtype, to, casting);
    case WeakKind::Int: return is_integer(to) || is_inexact(to);
    case WeakKind::Float: return is_inexact(to);
    case WeakKind::Complex: return is_complex(to);
  }
  return false;
}

/// np.result_type of the inputs under NEP 50: the arrays promote, then each weak scalar folds
/// in. select_loop makes sure at least one operand is not weak.
DType common_dtype(std::span<const Operand> ops) {
  std::optional<DType> common;
  for (const Operand& x : ops) {
    if (x.weak == WeakKind::None) common = common ? promote_types(*common, x.dtype) : x.dtype;
  }
  for (const Operand& x : ops) common = promote_weak(*common, x.weak);
  return *common;
}

bool inputs_are(const Loop& loop, std::span<const DType> types) {
  for (size_t i = 0; i < types.size(); ++i) {
    if (loop.types[i] != types[i]) return false;
  }
  return true;
}

const Loop* find_exact(const UfuncInfo& info, std::span<const DType> types) {
  for (const Loop& loop : info.loops) {
    if (inputs_are(loop, types)) return &loop;
  }
  return nullptr;
}

const Loop* find_uniform(const UfuncInfo& info, DType d) {
  DType types[2] = {d, d};
  return find_exact(info, std::span(types, info.nin));
}

/// NumPy's linear search sees a Python scalar as "any int" / "any float" only while it leaves
/// the arrays' result type alone (float32 array and 2 -> 'fi' for ldexp); when it changes it
/// (bool array and 2 -> int64, int8 array and 2.0 -> float64) the scalar counts as an operand
/// of that new dtype. Found by comparing every ufunc x dtype pair with NumPy 2.4.
void harden_weak_scalars(std::span<Operand> ops) {
  std::optional<DType> arrays;
  for (const Operand& x : ops) {
    if (x.weak == WeakKind::None) arrays = arrays ? promote_types(*arrays, x.dtype) : x.dtype;
  }
  for (Operand& x : ops) {
    if (x.weak == WeakKind::None) continue;
    DType d = promote_weak(*arrays, x.weak);
    if (d != *arrays) x = {d, WeakKind::None};
  }
}

const Loop* linear_search(const UfuncInfo& info, std::span<Operand> ops) {
  harden_weak_scalars(ops);
  for (const Loop& loop : info.loops) {
    bool fits = true;
    for (int i = 0; i < info.nin && fits; ++i) {
      fits = operand_casts(ops[i], loop.types[i], Casting::Safe);
    }
    if (fits) return &loop;
  }
  return nullptr;
}

/// NumPy 2 compares signed integers with uint64 exactly, through the 'qQ'/'Qq' loops.
const Loop* select_comparison(const UfuncInfo& info, std::span<const Operand> ops) {
  bool arrays = ops[0].weak == WeakKind::None && ops[1].weak == WeakKind::None;
  if (arrays) {
    DType a = ops[0].dtype, b = ops[1].dtype;
    if (dtype_kind(a) == 'i' && b == DType::UInt64) a = DType::Int64;
    if (a == DType::UInt64 && dtype_kind(b) == 'i') b = DType::Int64;
    DType types[2] = {a, b};
    if (const Loop* exact = find_exact(info, types)) return exact;
  }
  return find_uniform(info, common_dtype(ops));
}

const Loop* select_logical(const UfuncInfo& info, std::span<const Operand> ops) {
  bool arrays = ops[0].weak == WeakKind::None && ops[1].weak == WeakKind::None;
  if (arrays && ops[0].dtype == ops[1].dtype) return find_uniform(info, ops[0].dtype);
  return find_uniform(info, DType::Bool);
}

const Loop* select_true_divide(const UfuncInfo& info, std::span<Operand> ops) {
  DType common = common_dtype(ops);
  if (!is_inexact(common)) return find_uniform(info, DType::Float64);
  return linear_search(info, ops);
}

bool outputs_are(const UfuncInfo& info, const Loop& loop, DType out) {
  for (int i = 0; i < info.nout; ++i) {
    if (loop.types[info.nin + i] != out) return false;
  }
  return true;
}

/// dtype= (NumPy's type_tuple_type_resolver): among the loops whose outputs are `out`, the
/// first whose inputs the operands reach safely; failing that, the loop that is `out`
/// throughout, usable if the operands reach it by same_kind casting (sqrt(float64,
/// dtype=float32) runs 'f->f'; absolute(complex128, dtype=float32) finds 'f->f' and fails).
const Loop* select_with_output(const UfuncInfo& info, std::span<const Operand> ops, DType out) {
  for (const Loop& loop : info.loops) {
    if (!outputs_are(info, loop, out)) continue;
    bool safe = true;
    for (int i = 0; i < info.nin && safe; ++i) {
      safe = operand_casts(ops[i], loop.types[i], Casting::Safe);
    }
    if (safe) return &loop;
  }
  const Loop* homogeneous = find_uniform(info, out);
  if (!homogeneous || !outputs_are(info, *homogeneous, out)) return nullptr;
  for (int i = 0; i < info.nin; ++i) {
    if (!operand_casts(ops[i], out, Casting::SameKind)) return nullptr;
  }
  return homogeneous;
}

const Loop* select_without_output(Ufunc op, const UfuncInfo& info, std::span<Operand> ops) {
  switch (resolver_of(op)) {
    case Resolver::Uniform: return find_uniform(info, common_dtype(ops));
    case Resolver::Comparison: return select_comparison(info, ops);
    case Resolver::Logical: return select_logical(info, ops);
    case Resolver::TrueDivide: return select_true_divide(info, ops);
    case Resolver::Linear: return linear_search(info, ops);
  }
  return nullptr;
}

}  // namespace

const Loop* select_loop(Ufunc op, const DType* in, const WeakKind* weak, const DType* signature) {
  const UfuncInfo& info = ufunc_info(op);
  Operand storage[2];
  bool all_weak = true;
  for (int i = 0; i < info.nin; ++i) {
    storage[i] = {in[i], weak ? weak[i] : WeakKind::None};
    all_weak = all_weak && storage[i].weak != WeakKind::None;
  }
  // Python scalars alone are not weak: they take their default dtypes (NumPy: ldexp(3.0, 2)),
  // except that the logical ufuncs then go straight to their bool loop.
  if (all_weak && resolver_of(op) == Resolver::Logical && !signature) {
    return find_uniform(info, DType::Bool);
  }
  if (all_weak) {
    for (int i = 0; i < info.nin; ++i) storage[i] = {default_dtype(storage[i].weak), WeakKind::None};
  }
  std::span<Operand> ops(storage, info.nin);
  if (!signature) return select_without_output(op, info, ops);
  // A dtype= that the ordinary resolution already meets changes nothing.
  Operand copy[2] = {storage[0], storage[1]};
  const Loop* plain = select_without_output(op, info, std::span(copy, info.nin));
  if (plain && outputs_are(info, *plain, *signature)) return plain;
  return select_with_output(info, ops, *signature);
}

}  // namespace tessera::kernels
