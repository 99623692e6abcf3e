#pragma once
// Typed entry points to LAPACK for the decomp task. OpenBLAS exports the Fortran symbols but
// ships no lapacke.h here, so the prototypes are declared below; each routine gets one C++ name
// whose overloads (or `if constexpr` branches) pick the s/d/c/z routine from the element type.
#include <algorithm>
#include <complex>
#include <cstddef>
#include <type_traits>

// Fortran LAPACK: every argument by pointer, and one hidden length per character argument
// (gfortran's ABI; passing it keeps callers correct under its tail-call optimisations).
extern "C" {
#define TESSERA_LAPACK_COMMON(p, T)                                                  \
  void p##gesv_(const int*, const int*, T*, const int*, int*, T*, const int*, int*); \
  void p##getrf_(const int*, const int*, T*, const int*, int*, int*);                \
  void p##potrf_(const char*, const int*, T*, const int*, int*, size_t);             \
  void p##geqrf_(const int*, const int*, T*, const int*, T*, T*, const int*, int*);
TESSERA_LAPACK_COMMON(s, float)
TESSERA_LAPACK_COMMON(d, double)
TESSERA_LAPACK_COMMON(c, std::complex<float>)
TESSERA_LAPACK_COMMON(z, std::complex<double>)
#undef TESSERA_LAPACK_COMMON

#define TESSERA_LAPACK_REAL(p, T)                                                                  \
  void p##orgqr_(const int*, const int*, const int*, T*, const int*, const T*, T*, const int*,     \
                 int*);                                                                            \
  void p##syevd_(const char*, const char*, const int*, T*, const int*, T*, T*, const int*, int*,   \
                 const int*, int*, size_t, size_t);                                                \
  void p##gesdd_(const char*, const int*, const int*, T*, const int*, T*, T*, const int*, T*,      \
                 const int*, T*, const int*, int*, int*, size_t);                                  \
  void p##gelsd_(const int*, const int*, const int*, T*, const int*, T*, const int*, T*, const T*, \
                 int*, T*, const int*, int*, int*);
TESSERA_LAPACK_REAL(s, float)
TESSERA_LAPACK_REAL(d, double)
#undef TESSERA_LAPACK_REAL

#define TESSERA_LAPACK_COMPLEX(p, T, R)                                                            \
  void p##ungqr_(const int*, const int*, const int*, T*, const int*, const T*, T*, const int*,     \
                 int*);                                                                            \
  void p##heevd_(const char*, const char*, const int*, T*, const int*, R*, T*, const int*, R*,     \
                 const int*, int*, const int*, int*, size_t, size_t);                              \
  void p##gesdd_(const char*, const int*, const int*, T*, const int*, R*, T*, const int*, T*,      \
                 const int*, T*, const int*, R*, int*, int*, size_t);                              \
  void p##gelsd_(const int*, const int*, const int*, T*, const int*, T*, const int*, R*, const R*, \
                 int*, T*, const int*, R*, int*, int*);
TESSERA_LAPACK_COMPLEX(c, std::complex<float>, float)
TESSERA_LAPACK_COMPLEX(z, std::complex<double>, double)
#undef TESSERA_LAPACK_COMPLEX
void sgeev_(const char*, const char*, const int*, float*, const int*, float*, float*, float*,
            const int*, float*, const int*, float*, const int*, int*, size_t, size_t);
void dgeev_(const char*, const char*, const int*, double*, const int*, double*, double*, double*,
            const int*, double*, const int*, double*, const int*, int*, size_t, size_t);
void cgeev_(const char*, const char*, const int*, std::complex<float>*, const int*,
            std::complex<float>*, std::complex<float>*, const int*, std::complex<float>*,
            const int*, std::complex<float>*, const int*, float*, int*, size_t, size_t);
void zgeev_(const char*, const char*, const int*, std::complex<double>*, const int*,
            std::complex<double>*, std::complex<double>*, const int*, std::complex<double>*,
            const int*, std::complex<double>*, const int*, double*, int*, size_t, size_t);
}

namespace tessera::kernels::lapack {

template <class T>
struct RealOf {
  using type = T;
};
template <class R>
struct RealOf<std::complex<R>> {
  using type = R;
};
template <class T>
using Real = typename RealOf<T>::type;
template <class T>
constexpr bool kComplex = !std::is_same_v<T, Real<T>>;

// ---- typed entry points: one name per routine, the prefix chosen by overload ----------------

#define TESSERA_LAPACK_WRAP(p, T)                                                \
  inline void gesv(int n, int k, T* a, int* ipiv, T* b, int ldb, int* info) {    \
    int lda = std::max(1, n);                                                    \
    p##gesv_(&n, &k, a, &lda, ipiv, b, &ldb, info);                              \
  }                                                                              \
  inline void getrf(int n, T* a, int* ipiv, int* info) {                         \
    int lda = std::max(1, n);                                                    \
    p##getrf_(&n, &n, a, &lda, ipiv, info);                                      \
  }                                                                              \
  inline void potrf(char uplo, int n, T* a, int* info) {                         \
    int lda = std::max(1, n);                                                    \
    p##potrf_(&uplo, &n, a, &lda, info, 1);                                      \
  }                                                                              \
  inline void geqrf(int m, int n, T* a, T* tau, T* work, int lwork, int* info) { \
    int lda = std::max(1, m);                                                    \
    p##geqrf_(&m, &n, a, &lda, tau, work, &lwork, info);                         \
  }
TESSERA_LAPACK_WRAP(s, float)
TESSERA_LAPACK_WRAP(d, double)
TESSERA_LAPACK_WRAP(c, std::complex<float>)
TESSERA_LAPACK_WRAP(z, std::complex<double>)
#undef TESSERA_LAPACK_WRAP

/// Q's first `qc` columns from geqrf's reflectors (orgqr for real, ungqr for complex).
template <class T>
void orgqr(int m, int qc, int k, T* a, const T* tau, T* work, int lwork, int* info) {
  int lda = std::max(1, m);
  if constexpr (std::is_same_v<T, float>) sorgqr_(&m, &qc, &k, a, &lda, tau, work, &lwork, info);
  if constexpr (std::is_same_v<T, double>) dorgqr_(&m, &qc, &k, a, &lda, tau, work, &lwork, info);
  if constexpr (std::is_same_v<T, std::complex<float>>)
    cungqr_(&m, &qc, &k, a, &lda, tau, work, &lwork, info);
  if constexpr (std::is_same_v<T, std::complex<double>>)
    zungqr_(&m, &qc, &k, a, &lda, tau, work, &lwork, info);
}

/// Eigenvalues (and vectors, in a's columns) of a symmetric/Hermitian matrix, divide and conquer.
/// A workspace query when lwork == -1.
template <class T>
void syevd(char jobz, char uplo, int n, T* a, Real<T>* w, T* work, int lwork, Real<T>* rwork,
           int lrwork, int* iwork, int liwork, int* info) {
  int lda = std::max(1, n);
  if constexpr (std::is_same_v<T, float>) {
    ssyevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, info, 1, 1);
  } else if constexpr (std::is_same_v<T, double>) {
    dsyevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, info, 1, 1);
  } else if constexpr (std::is_same_v<T, std::complex<float>>) {
    cheevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, rwork, &lrwork, iwork, &liwork, info, 1, 1);
  } else {
    zheevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, rwork, &lrwork, iwork, &liwork, info, 1, 1);
  }
  (void)rwork;
  (void)lrwork;
}

/// Singular values (and vectors) by divide and conquer.
template <class T>
void gesdd(char jobz, int m, int n, T* a, Real<T>* s, T* u, int ldu, T* vt, int ldvt, T* work,
           int lwork, Real<T>* rwork, int* iwork, int* info) {
  int lda = std::max(1, m);
  if constexpr (std::is_same_v<T, float>) {
    sgesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, info, 1);
  } else if constexpr (std::is_same_v<T, double>) {
    dgesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, info, 1);
  } else if constexpr (std::is_same_v<T, std::complex<float>>) {
    cgesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, rwork, iwork, info, 1);
  } else {
    zgesdd_(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, rwork, iwork, info, 1);
  }
  (void)rwork;
}

/// Minimum-norm least squares through the SVD; a workspace query when lwork == -1.
template <class T>
void gelsd(int m, int n, int k, T* a, T* b, int ldb, Real<T>* s, Real<T> rcond, int* rank, T* work,
           int lwork, Real<T>* rwork, int* iwork, int* info) {
  int lda = std::max(1, m);
  if constexpr (std::is_same_v<T, float>) {
    sgelsd_(&m, &n, &k, a, &lda, b, &ldb, s, &rcond, rank, work, &lwork, iwork, info);
  } else if constexpr (std::is_same_v<T, double>) {
    dgelsd_(&m, &n, &k, a, &lda, b, &ldb, s, &rcond, rank, work, &lwork, iwork, info);
  } else if constexpr (std::is_same_v<T, std::complex<float>>) {
    cgelsd_(&m, &n, &k, a, &lda, b, &ldb, s, &rcond, rank, work, &lwork, rwork, iwork, info);
  } else {
    zgelsd_(&m, &n, &k, a, &lda, b, &ldb, s, &rcond, rank, work, &lwork, rwork, iwork, info);
  }
  (void)rwork;
}

/// The complex conjugate, staying in T (std::conj of a real number is complex).
template <class T>
T conj(T v) {
  if constexpr (kComplex<T>) {
    return std::conj(v);
  } else {
    return v;
  }
}

/// Eigenvalues w (complex) and right eigenvectors of a general matrix; a workspace query when
/// lwork == -1. Real matrices: LAPACK's (wr, wi) pairs are in `wr`/`wi`, vectors packed in vr.
template <class T>
void geev(char jobvr, int n, T* a, std::complex<Real<T>>* w, Real<T>* wr, Real<T>* wi, T* vr,
          T* work, int lwork, Real<T>* rwork, int* info) {
  const char jobvl = 'N';
  int lda = std::max(1, n), ldvl = 1, ldvr = std::max(1, n);
  T vl[1];
  if constexpr (std::is_same_v<T, float>) {
    sgeev_(&jobvl, &jobvr, &n, a, &lda, wr, wi, vl, &ldvl, vr, &ldvr, work, &lwork, info, 1, 1);
  } else if constexpr (std::is_same_v<T, double>) {
    dgeev_(&jobvl, &jobvr, &n, a, &lda, wr, wi, vl, &ldvl, vr, &ldvr, work, &lwork, info, 1, 1);
  } else if constexpr (std::is_same_v<T, std::complex<float>>) {
    cgeev_(&jobvl, &jobvr, &n, a, &lda, w, vl, &ldvl, vr, &ldvr, work, &lwork, rwork, info, 1, 1);
  } else {
    zgeev_(&jobvl, &jobvr, &n, a, &lda, w, vl, &ldvl, vr, &ldvr, work, &lwork, rwork, info, 1, 1);
  }
  (void)w;
  (void)wr;
  (void)wi;
  (void)rwork;
}

/// A workspace size LAPACK reported in a T (its real part holds the count).
template <class T>
int work_size(T w) {
  return std::max(1, static_cast<int>(std::real(w)));
}

}  // namespace tessera::kernels::lapack
