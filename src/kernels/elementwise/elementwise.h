#pragma once
// The element-wise task: one ufunc loop (or a cast) over broadcast operands, with casting
// buffers and where= masks, like NumPy's buffered iterator.
#include "kernels/elementwise/ufunc.h"
#include "tessera/runtime/task.h"

namespace tessera::kernels {

/// Per-launch arguments of the element-wise task (ride in the launch's ScalarBlob).
struct ElementwiseArgs {
  LoopFn loop = nullptr;
  int8_t nin = 0, nout = 0;
  bool has_where = false;
  int8_t arg_of[5] = {-1, -1, -1, -1, -1};  // operand -> launch argument (-1: scalar input)
  DType operand_dtype[4] = {};             // dtypes of the operands (inputs, then outputs)
  DType loop_dtype[4] = {};                // dtypes the loop expects
  alignas(16) unsigned char scalar[3][16] = {};  // scalar inputs, already in loop dtype
};

extern const runtime::TaskVariants elementwise_task;

/// Copies a block of `shape` (possibly 0-d) between strided host buffers of one item size, on
/// the calling thread (host import/export, gathers and scatters).
void copy_block(const char* src, const Dims& src_strides, char* dst, const Dims& dst_strides,
                const Dims& shape, int itemsize);

/// Runs n elements of one run (called by both executors' bodies).
void run_elementwise(const ElementwiseArgs& a, int64_t n, char* const* ptrs,
                     const int64_t* strides);

}  // namespace tessera::kernels
