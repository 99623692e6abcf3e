#pragma once
// The iota task: out[i] = start + i*step (arange, linspace), computed in int64, float64 or
// complex128 and converted to the output dtype.
#include "tessera/array/dtype.h"
#include "tessera/runtime/task.h"

namespace tessera::kernels {

struct IotaArgs {
  DType work;  // Int64, Float64 or Complex128
  DType out;
  alignas(16) unsigned char start[16];
  alignas(16) unsigned char step[16];
};

extern const runtime::TaskVariants iota_task;

/// Writes n values starting at index `first` into out (stride in bytes).
void run_iota(const IotaArgs& a, int64_t first, int64_t n, char* out, int64_t stride);

}  // namespace tessera::kernels
