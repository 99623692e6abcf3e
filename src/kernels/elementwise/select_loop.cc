// Loop selection: NumPy 2's type resolution for ufuncs, with NEP 50 weak Python scalars.
//
// NumPy resolves a ufunc call with one of a few "type resolvers" (generate_umath.py names one
// per ufunc; ufunc_type_resolution.c and dispatching.cpp implement them). We model the ones
// our ufuncs use:
//   - uniform: promote all inputs to one dtype (np.result_type, NEP 50) and use the loop of
//     exactly that dtype, or fail (add, maximum, ...; so subtract/negative refuse bool);
//   - linear search: the first loop in `types` order to which every input casts safely
//     (ufuncs with no resolver of their own, e.g. arctan2, floor_divide, power);
//   - comparisons: uniform, plus the exact 'qQ'/'Qq' loops for signed-vs-uint64 inputs;
//   - logical_and/or/xor: same-dtype inputs use their loop, anything else the bool loop;
//   - true divide: integer and bool inputs use the float64 loop.
// dtype= (`signature`) is described at select_with_output. A dev-time check of every ufunc x
// dtype pair (weak scalars and dtype= included) against NumPy 2.4 pinned down the rules for
// weak scalars noted at harden_weak_scalars and select_loop.
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
    case Ufunc::lcm:
      return Resolver::Uniform;
    case Ufunc::equal:
    case Ufunc::not_equal:
    case Ufunc::less:
    case Ufunc::less_equal:
    case Ufunc::greater:
    case Ufunc::greater_equal:
      return Resolver::Comparison;
    case Ufunc::logical_and:
    case Ufunc::logical_or:
    case Ufunc::logical_xor:
      return Resolver::Logical;
    case Ufunc::divide:
      return Resolver::TrueDivide;
    default:
      return Resolver::Linear;
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
    case WeakKind::Int:
      return DType::Int64;
    case WeakKind::Float:
      return DType::Float64;
    default:
      return DType::Complex128;
  }
}

/// NumPy's can_cast for an operand: weak scalars go to any loop of their kind or above
/// (a Python int to any integer or inexact type, a float to any inexact type).
bool operand_casts(const Operand& x, DType to, Casting casting) {
  switch (x.weak) {
    case WeakKind::None:
      return can_cast(x.dtype, to, casting);
    case WeakKind::Int:
      return is_integer(to) || is_inexact(to);
    case WeakKind::Float:
      return is_inexact(to);
    case WeakKind::Complex:
      return is_complex(to);
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
  if (!arrays) return;
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

/// The loop that is `out` throughout, if the operands reach it by same_kind casting.
const Loop* homogeneous_loop(const UfuncInfo& info, std::span<const Operand> ops, DType out) {
  const Loop* loop = find_uniform(info, out);
  if (!loop || !outputs_are(info, *loop, out)) return nullptr;
  for (int i = 0; i < info.nin; ++i) {
    if (!operand_casts(ops[i], out, Casting::SameKind)) return nullptr;
  }
  return loop;
}

/// NumPy's type_tuple_type_resolver: among the loops whose outputs are `out`, the first whose
/// inputs the operands reach safely; failing that, the homogeneous loop.
const Loop* type_tuple_search(const UfuncInfo& info, std::span<const Operand> ops, DType out) {
  for (const Loop& loop : info.loops) {
    if (!outputs_are(info, loop, out)) continue;
    bool safe = true;
    for (int i = 0; i < info.nin && safe; ++i) {
      safe = operand_casts(ops[i], loop.types[i], Casting::Safe);
    }
    if (safe) return &loop;
  }
  return homogeneous_loop(info, ops, out);
}

const Loop* select_without_output(Ufunc op, const UfuncInfo& info, std::span<Operand> ops) {
  switch (resolver_of(op)) {
    case Resolver::Uniform:
      return find_uniform(info, common_dtype(ops));
    case Resolver::Comparison:
      return select_comparison(info, ops);
    case Resolver::Logical:
      return select_logical(info, ops);
    case Resolver::TrueDivide:
      return select_true_divide(info, ops);
    case Resolver::Linear:
      return linear_search(info, ops);
  }
  return nullptr;
}

/// dtype= in NumPy's order: the ordinary resolution if it already yields `out`; for binary
/// ufuncs the default promoter's homogeneous loop (add(int8, int8, dtype=float32) runs 'ff',
/// and add(float64, float64, dtype=int32) fails there rather than searching on); else the
/// type-tuple search (sqrt(float64, dtype=float32) runs 'f->f', absolute(complex128,
/// dtype=float32) fails, ldexp(bool, int64, dtype=float32) runs 'fq').
const Loop* select_with_output(Ufunc op, const UfuncInfo& info, const Loop* plain,
                               std::span<Operand> given, std::span<Operand> strong, DType out) {
  if (plain && outputs_are(info, *plain, out)) return plain;
  if (info.nin == 2 && resolver_of(op) != Resolver::Logical) {
    const Loop* loop = find_uniform(info, out);
    if (loop && outputs_are(info, *loop, out)) return homogeneous_loop(info, given, out);
  }
  harden_weak_scalars(strong);
  return type_tuple_search(info, strong, out);
}

}  // namespace

const Loop* select_loop(Ufunc op, const DType* in, const WeakKind* weak, const DType* signature) {
  const UfuncInfo& info = ufunc_info(op);
  Operand given[2]{}, strong[2]{};
  bool all_weak = true;
  for (int i = 0; i < info.nin; ++i) {
    given[i] = {in ? in[i] : DType::Bool, weak ? weak[i] : WeakKind::None};
    all_weak = all_weak && given[i].weak != WeakKind::None;
  }
  // Python scalars alone are not weak: they take their default dtypes (ldexp(3.0, 2) is
  // float64), except for a binary ufunc's dtype= (add(1, 2, dtype=uint8) is fine).
  for (int i = 0; i < info.nin; ++i) {
    strong[i] = all_weak ? Operand{default_dtype(given[i].weak), WeakKind::None} : given[i];
  }
  const Loop* plain = nullptr;
  if (all_weak && resolver_of(op) == Resolver::Logical) {
    plain = find_uniform(info, DType::Bool);  // the logical promoter wins even here
  } else {
    Operand copy[2] = {strong[0], strong[1]};
    plain = select_without_output(op, info, std::span(copy, info.nin));
  }
  if (!signature) return plain;
  return select_with_output(op, info, plain, std::span(given, info.nin),
                            std::span(strong, info.nin), *signature);
}

}  // namespace tessera::kernels
