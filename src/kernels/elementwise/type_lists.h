#pragma once
/// Type lists in NumPy's `types` order, for the rows of the loop tables (loops_*.inl).
#define TESSERA_INTS int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, uint64_t
#define TESSERA_FLOATS float16, float, double
#define TESSERA_COMPLEX complex64, complex128
