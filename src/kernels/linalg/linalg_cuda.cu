// The linalg family's cuBLAS and cuSOLVER handles and status checks (linalg_cuda.cuh).
#include "kernels/linalg/linalg_cuda.cuh"

namespace tessera::kernels::linalg_cuda {

namespace {

const char* solver_status_name(cusolverStatus_t s) {
  switch (s) {
    case CUSOLVER_STATUS_SUCCESS:
      return "CUSOLVER_STATUS_SUCCESS";
    case CUSOLVER_STATUS_NOT_INITIALIZED:
      return "CUSOLVER_STATUS_NOT_INITIALIZED";
    case CUSOLVER_STATUS_ALLOC_FAILED:
      return "CUSOLVER_STATUS_ALLOC_FAILED";
    case CUSOLVER_STATUS_INVALID_VALUE:
      return "CUSOLVER_STATUS_INVALID_VALUE";
    case CUSOLVER_STATUS_ARCH_MISMATCH:
      return "CUSOLVER_STATUS_ARCH_MISMATCH";
    case CUSOLVER_STATUS_MAPPING_ERROR:
      return "CUSOLVER_STATUS_MAPPING_ERROR";
    case CUSOLVER_STATUS_EXECUTION_FAILED:
      return "CUSOLVER_STATUS_EXECUTION_FAILED";
    case CUSOLVER_STATUS_INTERNAL_ERROR:
      return "CUSOLVER_STATUS_INTERNAL_ERROR";
    case CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED:
      return "CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED";
    case CUSOLVER_STATUS_NOT_SUPPORTED:
      return "CUSOLVER_STATUS_NOT_SUPPORTED";
    case CUSOLVER_STATUS_ZERO_PIVOT:
      return "CUSOLVER_STATUS_ZERO_PIVOT";
    case CUSOLVER_STATUS_INVALID_LICENSE:
      return "CUSOLVER_STATUS_INVALID_LICENSE";
    case CUSOLVER_STATUS_INVALID_WORKSPACE:
      return "CUSOLVER_STATUS_INVALID_WORKSPACE";
    default:
      return "CUSOLVER_STATUS_UNKNOWN";
  }
}

std::mutex& blas_mutex() {
  static std::mutex* m = new std::mutex;
  return *m;
}

std::mutex& solver_mutex() {
  static std::mutex* m = new std::mutex;
  return *m;
}

}  // namespace

void check(cublasStatus_t s, const char* what) {
  if (s != CUBLAS_STATUS_SUCCESS) {
    throw runtime::GpuError(std::string(what) + ": " + cublasGetStatusName(s));
  }
}

void check(cusolverStatus_t s, const char* what) {
  if (s != CUSOLVER_STATUS_SUCCESS) {
    throw runtime::GpuError(std::string(what) + ": " + solver_status_name(s));
  }
}

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) {
    throw runtime::GpuError(std::string(what) + ": " + cudaGetErrorName(e) + ": " +
                            cudaGetErrorString(e));
  }
}

Blas::Blas(cudaStream_t stream, const char* what) : lock(blas_mutex()) {
  static cublasHandle_t handle = nullptr;  // guarded by the lock; never destroyed
  if (!handle) {
    cublasHandle_t made = nullptr;
    check(cublasCreate(&made), what);
    // Default math: no TF32 tensor cores, so float32 products round as float32 arithmetic.
    cublasStatus_t s = cublasSetMathMode(made, CUBLAS_DEFAULT_MATH);
    if (s != CUBLAS_STATUS_SUCCESS) {
      cublasDestroy(made);
      check(s, what);
    }
    handle = made;
  }
  h = handle;
  check(cublasSetStream(h, stream), what);
}

Solver::Solver(cudaStream_t stream, const char* what) : lock(solver_mutex()) {
  static cusolverDnHandle_t handle = nullptr;  // guarded by the lock; never destroyed
  if (!handle) check(cusolverDnCreate(&handle), what);
  h = handle;
  check(cusolverDnSetStream(h, stream), what);
}

}  // namespace tessera::kernels::linalg_cuda
