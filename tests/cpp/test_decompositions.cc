// The decomp task through the C++ API: row-major inputs reach column-major LAPACK the right way
// round (a non-symmetric system), the stack is looped in the task, LAPACK's info becomes
// LinAlgError, and the launch orders after a deferred write of its input.
#include <cmath>
#include <vector>

#include "runtime_helpers.h"
#include "tessera/array/creation.h"
#include "tessera/array/decompositions.h"
#include "tessera/array/errors.h"
#include "tessera/array/views.h"

namespace tessera::rttest {
namespace {

Array matrix(const std::vector<double>& v, const Dims& shape) {
  return from_host(v.data(), shape, rt::contiguous_strides(shape, 8), DType::Float64);
}

std::vector<double> host(const Array& a) {
  std::vector<double> v(a.size());
  to_host(a, v.data());
  return v;
}

TEST(Decompositions, SolvesANonSymmetricStack) {
  // [[2, 1], [0, 4]] x = [3, 8] -> x = [0.5, 2]; [[1, 2], [3, 4]] x = [5, 11] -> x = [1, 2].
  Array a = matrix({2, 1, 0, 4, 1, 2, 3, 4}, Dims{2, 2, 2});
  Array b = matrix({3, 8, 5, 11}, Dims{2, 2, 1});
  std::vector<double> x = host(solve(a, b));
  std::vector<double> want = {0.5, 2, 1, 2};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(x[i], want[i], 1e-12) << i;
  // The transposed view of the first matrix: [[2, 0], [1, 4]] x = [4, 9] -> x = [2, 1.75].
  Array at = swapaxes(matrix({2, 1, 0, 4}, Dims{2, 2}), 0, 1);
  std::vector<double> xt = host(solve(at, matrix({4, 9}, Dims{2})));
  EXPECT_NEAR(xt[0], 2, 1e-12);
  EXPECT_NEAR(xt[1], 1.75, 1e-12);
}

TEST(Decompositions, SingularRaisesAndDetIsZero) {
  Array a = matrix({1, 2, 2, 4}, Dims{2, 2});
  EXPECT_THROW(inv(a), LinAlgError);
  EXPECT_EQ(host(det(a))[0], 0.0);
  auto [sign, logdet] = slogdet(a);
  EXPECT_EQ(host(sign)[0], 0.0);
  EXPECT_TRUE(std::isinf(host(logdet)[0]));
  EXPECT_THROW(cholesky(matrix({-1, 0, 0, -1}, Dims{2, 2})), LinAlgError);
  EXPECT_THROW(inv(matrix({1, 2, 3}, Dims{3})), LinAlgError);
}

class DecompRuntime : public RuntimeTest {};

TEST_F(DecompRuntime, OrdersAfterADeferredWrite) {
  use([](rt::MapperConfig& c) { c.eager = rt::EagerMode::Never; });
  Array a = matrix({1, 0, 0, 1}, Dims{2, 2});
  assign(a, matrix({4, 0, 0, 2}, Dims{2, 2}));  // deferred
  std::vector<double> x = host(inv(a));
  EXPECT_DOUBLE_EQ(x[0], 0.25);
  EXPECT_DOUBLE_EQ(x[3], 0.5);
}

}  // namespace
}  // namespace tessera::rttest
