#pragma once
/// TESSERA_HD marks functions that kernels call on both processors (element functors, typed
/// accumulators): `__host__ __device__` when nvcc compiles the file, nothing otherwise, so the
/// CPU build never sees CUDA. TESSERA_DEVICE_CODE is true in nvcc's device pass only.
#if defined(__CUDACC__)
#define TESSERA_HD __host__ __device__
#else
#define TESSERA_HD
#endif

#if defined(__CUDA_ARCH__)
#define TESSERA_DEVICE_CODE 1
#else
#define TESSERA_DEVICE_CODE 0
#endif
