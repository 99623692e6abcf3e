#pragma once
// The matmul task: C[..., i, j] = Σ_k A[..., i, k] · B[..., k, j] for every batch index.
// Arguments: 0 = A (…, n, k), 1 = B (…, k, m), 2 = C (…, n, m), all with C's batch shape
// (broadcast batch dims have stride 0); the launch domain is C's shape, so points split C's
// dim 0: its rows for a 2-D product (B is then Whole), its leading batch dim otherwise.
#include "tessera/array/dtype.h"
#include "tessera/runtime/task.h"

namespace tessera::kernels {

/// One matrix of a product as BLAS sees it: transposed or not, and its leading dimension
/// (elements). Floating dtypes only; `ok` is false when no BLAS layout fits the strides.
struct BlasLayout {
  bool ok = false;
  bool trans = false;
  int64_t ld = 0;
};

/// The layout of an r×c matrix with element strides (sr, sc), or ok=false.
BlasLayout blas_layout(int64_t r, int64_t c, int64_t sr, int64_t sc);

struct MatmulArgs {
  DType dtype;  // of A, B and C alike
  int64_t n, k, m;
  bool blas;  // Float32/64, Complex64/128 through BLAS; otherwise the plain loop
};

extern const runtime::TaskVariants matmul_task;

/// C rows [0, rows) = A rows · B: pointers at the first row, strides in bytes.
void run_matmul(const MatmulArgs& a, int64_t rows, const char* A, const int64_t* sa,
                const char* B, const int64_t* sb, char* C, const int64_t* sc);

/// Makes OpenBLAS single-threaded (tessera's points already run in parallel); idempotent.
void blas_init();

}  // namespace tessera::kernels
