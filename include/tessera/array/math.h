#pragma once
/// Named free functions for every ufunc (tessera::add, tessera::exp, …), generated from the one
/// op table, so C++ programs read like NumPy ones.
#include <vector>

#include "tessera/array/ufunc.h"

namespace tessera {

// clang-format off
#define TESSERA_UFUNC_FN_1_1(name) \
  inline Array name(const Operand& a) { return unary(Ufunc::name, a); }
#define TESSERA_UFUNC_FN_2_1(name) \
  inline Array name(const Operand& a, const Operand& b) { return binary(Ufunc::name, a, b); }
#define TESSERA_UFUNC_FN_1_2(name)                       \
  inline std::vector<Array> name(const Operand& a) {     \
    Operand in[1] = {a};                                 \
    return apply_ufunc(Ufunc::name, in);                 \
  }
#define TESSERA_UFUNC_FN_2_2(name)                                   \
  inline std::vector<Array> name(const Operand& a, const Operand& b) { \
    Operand in[2] = {a, b};                                          \
    return apply_ufunc(Ufunc::name, in);                             \
  }
#define TESSERA_UFUNC_FN(name, nin, nout) TESSERA_UFUNC_FN_##nin##_##nout(name)
TESSERA_UFUNCS(TESSERA_UFUNC_FN)
#undef TESSERA_UFUNC_FN
#undef TESSERA_UFUNC_FN_1_1
#undef TESSERA_UFUNC_FN_2_1
#undef TESSERA_UFUNC_FN_1_2
#undef TESSERA_UFUNC_FN_2_2
// clang-format on

}  // namespace tessera
