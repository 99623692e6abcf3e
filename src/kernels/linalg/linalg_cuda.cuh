#pragma once
// The linalg family's GPU library handles (CUDA builds only): one cuBLAS and one cuSOLVER
// handle per process, created on first use and never destroyed (arrays may be freed during
// interpreter exit). A `Lease` holds the handle's lock while a body issues its calls, with the
// handle bound to the point's stream, so that two host threads never share it at once.
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cusolverDn.h>

#include <mutex>
#include <string>

#include "tessera/runtime/runtime.h"

namespace tessera::kernels::linalg_cuda {

/// cuBLAS's handle bound to `stream`, in CUBLAS_DEFAULT_MATH (no TF32: float32 products
/// are float32 arithmetic), locked while the lease lives.
struct Blas {
  std::unique_lock<std::mutex> lock;
  cublasHandle_t h;
  Blas(cudaStream_t stream, const char* what);
};

/// cuSOLVER's dense handle bound to `stream`, locked while the lease lives.
struct Solver {
  std::unique_lock<std::mutex> lock;
  cusolverDnHandle_t h;
  Solver(cudaStream_t stream, const char* what);
};

/// Throws GpuError "<what>: CUBLAS_STATUS_..." unless s is CUBLAS_STATUS_SUCCESS.
void check(cublasStatus_t s, const char* what);
/// Throws GpuError "<what>: CUSOLVER_STATUS_..." unless s is CUSOLVER_STATUS_SUCCESS.
void check(cusolverStatus_t s, const char* what);
/// Throws GpuError "<what>: <CUDA's error>" unless e is cudaSuccess (a kernel launch's error
/// when e is cudaGetLastError()).
void check(cudaError_t e, const char* what);

}  // namespace tessera::kernels::linalg_cuda
