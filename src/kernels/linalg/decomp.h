#pragma once
// The decomposition task: LAPACK (through OpenBLAS) over a stack of matrices, behind
// tessera.numpy.linalg's solve, inv, det/slogdet, cholesky, qr, eigh, svd and lstsq.
//
// A stack of matrices is split over points by its leading batch dim (every argument Aligned,
// the launch domain the batch shape); a single matrix (and lstsq) is ONE task over whole
// arguments. Within a point the task loops over its matrices and calls LAPACK once per matrix,
// single-threaded. Either way it goes through the runtime, so it orders with the deferred tasks
// that produce its inputs and consume its outputs.
//
// Arguments: inputs first (A, then B for Solve and Lstsq), then the outputs listed per op
// below, then `status` (int32, batch-shaped, one per matrix: LAPACK's info; the op reads it
// and raises).
// Inputs may have any strides (broadcast batch dims have stride 0); every array carries the same
// batch dims (DecompArgs::batch_ndim) in front of its core dims. LAPACK is column-major: the
// task copies each matrix into a column-major scratch buffer and copies results back.
#include <cstdint>

#include "tessera/array/dtype.h"
#include "tessera/runtime/task.h"

namespace tessera::kernels {

enum class DecompOp : uint8_t {
  Solve,     // A (n,n), B (n,k) -> X (n,k)                                    gesv
  Inv,       // A (n,n) -> X (n,n)                                             gesv with B = I
  Slogdet,   // A (n,n) -> sign (), logdet () (real)                           getrf
  Cholesky,  // A (n,n) -> L (n,n) (upper: U = L^H)                            potrf
  Qr,        // A (m,n) -> Q (m,qc), R (rr,n) | R only | raw: h (n,m), tau (k) geqrf, orgqr/ungqr
  Eigh,      // A (n,n) -> w (n) (real) [, v (n,n)]                            syevd/heevd
  Svd,       // A (m,n) -> s (k) (real) [, U (m,uc), Vh (vr,n)]    gesdd (hermitian: syevd)
  Lstsq,     // A (m,n), B (m,k) -> x (n,k), resid (k) (real), rank () int32, s     gelsd
  Eig,       // A (n,n) -> w (n) (complex) [, v (n,n) (complex)]                geev
};

/// QR's outputs (NumPy's modes).
enum class QrMode : uint8_t { Reduced, Complete, R, Raw };

struct DecompArgs {
  DecompOp op;
  DType dtype;  // the working dtype: Float32, Float64, Complex64 or Complex128
  int batch_ndim = 0;
  int64_t batch = 1;            // matrices in the whole stack (product of the batch dims)
  int64_t m = 0, n = 0, k = 0;  // A is m×n; k: right-hand sides (Solve, Lstsq)
  bool upper = false;           // Cholesky: return U; Eigh: read the upper triangle ('U')
  bool vectors = true;          // Eigh, Svd, Eig: compute eigen/singular vectors
  bool full = true;             // Svd: full_matrices
  bool hermitian = false;       // Svd: through syevd/heevd (square matrices only)
  QrMode qr_mode = QrMode::Reduced;
  double rcond = -1;  // Lstsq
};

extern const runtime::TaskVariants decomp_task;

}  // namespace tessera::kernels
