#include "tessera/exec/executor.h"

namespace tessera::exec {

void StridedSpace::coalesce() {
  Dims new_shape;
  Dims new_strides[kMaxOperands];
  for (int d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    int last = new_shape.size() - 1;
    bool merge = last >= 0;
    for (int k = 0; merge && k < nops; ++k) {
      merge = new_strides[k][last] == strides[k][d] * shape[d];
    }
    if (merge) {
      new_shape[last] *= shape[d];
      for (int k = 0; k < nops; ++k) new_strides[k][last] = strides[k][d];
      continue;
    }
    new_shape.push_back(shape[d]);
    for (int k = 0; k < nops; ++k) new_strides[k].push_back(strides[k][d]);
  }
  if (new_shape.empty()) {
    bool empty = shape.product() == 0;
    new_shape.push_back(empty ? 0 : 1);
    for (int k = 0; k < nops; ++k) new_strides[k].push_back(0);
  }
  shape = new_shape;
  for (int k = 0; k < nops; ++k) strides[k] = new_strides[k];
}

int64_t StridedSpace::outer() const {
  int64_t n = 1;
  for (int d = 0; d + 1 < shape.size(); ++d) n *= shape[d];
  return n;
}

void StridedSpace::pointers(int64_t o, int64_t i, char** out) const {
  for (int k = 0; k < nops; ++k) out[k] = base[k];
  for (int d = shape.size() - 2; d >= 0; --d) {
    int64_t idx = o % shape[d];
    o /= shape[d];
    for (int k = 0; k < nops; ++k) out[k] += idx * strides[k][d];
  }
  int last = shape.size() - 1;
  for (int k = 0; k < nops; ++k) out[k] += i * strides[k][last];
}

void StridedSpace::inner_strides(int64_t* out) const {
  int last = shape.size() - 1;
  for (int k = 0; k < nops; ++k) out[k] = strides[k][last];
}

}  // namespace tessera::exec
