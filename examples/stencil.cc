// The five-point stencil on views of one grid, from C++ without Python.
// Build: see examples/README.md.
#include <cstdio>
#include <vector>

#include "tessera/array/creation.h"
#include "tessera/array/math.h"
#include "tessera/array/reduction.h"
#include "tessera/array/views.h"

using namespace tessera;

namespace {

IndexItem range(int64_t start, int64_t stop) {
  IndexItem it;
  it.kind = IndexItem::Kind::Slice;
  it.start = start;
  it.stop = stop;
  return it;
}

Array window(const Array& grid, int64_t r0, int64_t r1, int64_t c0, int64_t c1) {
  IndexItem items[2] = {range(r0, r1), range(c0, c1)};
  return index(grid, items);
}

}  // namespace

int main() {
  const int64_t n = 1000;
  Array grid = zeros(Dims{n, n}, DType::Float64);
  assign(window(grid, 0, 1, 0, n), Scalar::of_double(1.0));  // a hot top edge
  Array center = window(grid, 1, n - 1, 1, n - 1);
  Array north = window(grid, 0, n - 2, 1, n - 1), south = window(grid, 2, n, 1, n - 1);
  Array west = window(grid, 1, n - 1, 0, n - 2), east = window(grid, 1, n - 1, 2, n);
  for (int it = 0; it < 100; ++it) {
    Array total = add(add(add(add(center, north), south), west), east);
    assign(center, multiply(total, Scalar::of_double(0.2)));
  }
  Array s = sum(grid, ReduceOptions{});
  std::printf("sum of the grid after 100 sweeps: %.6f\n", item(s).as_double());
  return 0;
}
