#pragma once
/// Decompositions, solvers and determinants (NumPy's numpy.linalg) through LAPACK.
///
/// Every function takes stacks of matrices (..., M, N) like NumPy and computes in NumPy's
/// linalg dtype: float32 and complex64 stay single precision, float64 and complex128 double,
/// integers and bool become float64, float16 is a TypeError. Each call is one decomp launch
/// (kernels/linalg/decomp.h: a stack splits its leading batch dim over points, one matrix is one
/// task); functions that can fail (singular, not positive definite, no convergence) wait for it
/// and throw LinAlgError, as NumPy raises at the call.
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "tessera/array/array.h"

namespace tessera {

/// x with a @ x = b; b is (M,) (broadcast over a's stack) or (..., M, K).
Array solve(const Array& a, const Array& b);
/// The inverse of each matrix.
Array inv(const Array& a);
/// (sign, log|det|) of each matrix; a singular one gives (0, -inf).
std::pair<Array, Array> slogdet(const Array& a);
/// The determinant of each matrix (sign * exp(logdet), as NumPy computes it).
Array det(const Array& a);
/// The Cholesky factor L (a = L L^H), or U (a = U^H U) when `upper`.
Array cholesky(const Array& a, bool upper = false);
/// QR in NumPy's `mode`: "reduced" and "complete" give (Q, R), "r" gives (R), "raw" (h, tau).
std::vector<Array> qr(const Array& a, std::string_view mode);
/// Eigenvalues (ascending, real) and eigenvectors (columns) of Hermitian matrices, read from
/// the lower ('L') or upper ('U') triangle; without `vectors` only the eigenvalues.
std::vector<Array> eigh(const Array& a, char uplo, bool vectors = true);
/// Eigenvalues and right eigenvectors (columns, unit norm) of general matrices: complex, or
/// real when the input is real and every eigenvalue is (NumPy's rule); without `vectors` only
/// the eigenvalues. LinAlgError for infs or NaNs.
std::vector<Array> eig(const Array& a, bool vectors = true);
/// (U, S, Vh) with S descending, or (S) without `compute_uv`. `hermitian`: square Hermitian
/// matrices (lower triangle read) through the eigendecomposition, as NumPy does.
std::vector<Array> svd(const Array& a, bool full_matrices, bool compute_uv, bool hermitian = false);

struct LstsqResult {
  Array x, residuals, rank, s;
};
/// NumPy's lstsq for a 2-D a and b (1-D or 2-D): the minimum-norm least-squares solution, the
/// residual sums (empty unless a has full column rank and more rows than columns), the rank
/// (int32, 0-d) and the singular values. rcond defaults to eps * max(M, N).
LstsqResult lstsq(const Array& a, const Array& b, std::optional<double> rcond);

}  // namespace tessera
