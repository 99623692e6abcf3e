#pragma once
/// Array creation and data exchange with host buffers (NumPy's "array creation routines").
#include "tessera/array/array.h"

namespace tessera {

/// Uninitialised array (memory is taken lazily, when first written).
Array empty(const Dims& shape, DType dtype);
Array full(const Dims& shape, DType dtype, const Scalar& value);
Array zeros(const Dims& shape, DType dtype);
Array ones(const Dims& shape, DType dtype);
/// n values start, start+step, … in dtype (NumPy computes them as start + i*step).
Array arange(int64_t n, const Scalar& start, const Scalar& step, DType dtype);
/// NumPy's linspace for num values (floating or complex dtype of start/stop; then cast).
Array linspace(const Scalar& start, const Scalar& stop, int64_t num, bool endpoint, DType dtype);
/// Ones on the k-th diagonal of an n×m array.
Array eye(int64_t n, int64_t m, int64_t k, DType dtype);
/// A C-contiguous copy.
Array copy(const Array& a);
/// A copy of a host buffer (e.g. a NumPy array's data) with byte strides.
Array from_host(const void* data, const Dims& shape, const Dims& strides, DType dtype);
/// Waits for `a` and copies it, C-contiguous, into dst (a.nbytes() bytes).
void to_host(const Array& a, void* dst);
/// The single element of a size-1 array (waits for it).
Scalar item(const Array& a);
/// dst[...] = src, broadcasting src to dst's shape; NumPy's setitem casting (unsafe).
void assign(const Array& dst, const Operand& src);
/// a.astype(dtype, casting=…): raises UFuncTypeError-like TypeError when casting forbids it.
Array astype(const Array& a, DType dtype, Casting casting, bool copy_always);
/// Fills every element with value.
void fill(const Array& a, const Scalar& value);

}  // namespace tessera
