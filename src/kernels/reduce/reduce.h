#pragma once
// The reduction task: ufunc.reduce over some axes (axis reductions) or over everything (full
// reductions, which fold per-point partial results into a 0-d store), and argmax/argmin.
//
// Files: reduce_template.inl (the body, once for every executor), reduce.cc / reduce_omp.cc
// (its Serial and OpenMP variants, the fold), reducer.cc (Reducer), reduce_typed.cc and
// arg_reduce.cc (the typed loops), reduce_ops.h / arg_ops.h (the operators, shared with the GPU),
// reduce.cu (the CUDA variant and fold).
//
// Launch layout (built by src/ops/reduction.cc):
//   arg 0: the input, a view whose first `nkept` dims are kept and the rest reduced (for full
//          reductions all dims are reduced); Aligned, so points split kept dim 0 (or dim 0).
//   arg 1: the output, Whole. Axis reductions: a view of the kept dims, in the input's order.
//          Full reductions: a one-element store that the fold writes (fold_target = 1).
#include <cstdint>

#include "kernels/elementwise/ufunc.h"
#include "tessera/runtime/task.h"

namespace tessera::kernels {

/// What a reduction computes. Every kind but Generic and the arg kinds has a typed, vectorised
/// accumulation (reduce_typed.cc); Generic applies any binary ufunc loop one element at a time.
enum class ReduceKind : uint8_t {
  Add, Multiply, Max, Min, LogicalAnd, LogicalOr, BitAnd, BitOr, BitXor, Generic, ArgMax, ArgMin
};

/// Per-launch arguments (ride in the launch's ScalarBlob).
struct ReduceArgs {
  ReduceKind kind = ReduceKind::Add;
  DType in = DType::Float64;   // input element dtype
  DType acc = DType::Float64;  // accumulation dtype (the loop's); arg kinds: the input's
  DType out = DType::Float64;  // output element dtype (int64-like for the arg kinds)
  bool via_bool = false;       // count_nonzero: acc is Add over int64, counting x != 0
  bool full = false;           // full reduction: partials and a fold
  bool reorderable = true;     // elements may be combined in any grouping (else: in order)
  bool has_init = false;       // `init` starts every output (initial= or the identity)
  int8_t nkept = 0;            // axis reductions: the first nkept input dims are kept
  LoopFn loop = nullptr;       // Generic: the "TT->T" loop of the ufunc
  alignas(16) unsigned char init[16] = {};  // in the accumulation dtype
};

/// One running value: the accumulation (in the compute type: the accumulation dtype, with
/// float16 widened to float; for arg kinds the best element) and, for arg kinds, its index.
/// `has` is false until a first element arrived (Generic and arg kinds have no neutral element).
/// It is also the layout of a point's partial result.
struct ReduceValue {
  alignas(16) unsigned char bytes[16] = {};
  int64_t index = 0;
  bool has = false;
};

/// What a kernel body needs, without a dtype in sight (reducer.cc): input runs are cast in
/// buffers to the accumulation dtype and handed to typed tables compiled once per (kind, dtype)
/// (reduce_typed.cc, arg_reduce.cc) or to the ufunc's loop, so the executor templates stay thin.
class Reducer {
 public:
  explicit Reducer(const ReduceArgs& args);

  /// Elements of the input per casting buffer.
  static constexpr int64_t kBuffer = 1024;

  /// A value before any element: the neutral element (typed kinds) or "nothing yet".
  ReduceValue start() const;
  /// `start()`, or the initial value when the launch has one.
  ReduceValue start_with_init() const;
  /// v = v op x[0] op … op x[n-1]; x has the input dtype and a byte stride; `index0` is the
  /// index of x[0] (arg kinds).
  void add_run(ReduceValue& v, const char* x, int64_t n, int64_t stride, int64_t index0) const;
  /// Arg kinds over `rows` short rows of n contiguous input elements (row r at x + r*row_stride
  /// bytes): each row's index into out + r*out_stride. False (nothing done) when the rows need
  /// the general path: a cast, an initial value, an output that is not int64, or n == 0.
  bool arg_short_rows(const char* x, int64_t rows, int64_t row_stride, int64_t n,
                      int64_t stride, char* out, int64_t out_stride) const;
  /// a = a op b, b being the later part of the sequence.
  void combine(ReduceValue& a, const ReduceValue& b) const;
  /// values[0] op … op values[n-1], grouped pairwise (start() when n is 0).
  ReduceValue combine_all(const ReduceValue* values, int64_t n) const;
  /// Writes v, converted to the output dtype, at `out`.
  void store(const ReduceValue& v, char* out) const;

  /// Row-wise accumulation over n outputs at once (acc: n compute values, index: n int64 for
  /// arg kinds). `init_rows` starts them; `add_rows` folds in one input row x (n elements with
  /// a stride) whose position along the reduced dims is `r`; `store_rows` writes them.
  void init_rows(char* acc, int64_t* index, int64_t n) const;
  void add_rows(char* acc, int64_t* index, const char* x, int64_t n, int64_t stride,
                int64_t r) const;
  void store_rows(const char* acc, const int64_t* index, char* out, int64_t n,
                  int64_t out_stride) const;
  /// Bytes of one compute value in `acc` of the row functions.
  int value_size() const { return value_size_; }

  const ReduceArgs& args() const { return args_; }

 private:
  /// Converts n input elements (strided) to contiguous accumulation-dtype elements in `dst`.
  void to_acc(char* dst, const char* x, int64_t n, int64_t stride) const;
  /// Calls f(truth, i, m) for pieces of x as bools (x cast to bool unless it is contiguous
  /// bool), i being the piece's first element.
  template <class F>
  void for_truth(const char* x, int64_t n, int64_t stride, F&& f) const;
  /// add_rows on n contiguous accumulation-dtype elements p.
  void rows_op(char* acc, int64_t* index, const char* p, int64_t n, int64_t r) const;
  bool direct(int64_t stride) const;

  const ReduceArgs& args_;
  const struct TypedReduce* typed_ = nullptr;  // typed kinds
  const struct TypedArg* arg_ = nullptr;       // arg kinds
  int acc_size_ = 0;
  int value_size_ = 0;
};

extern const runtime::TaskVariants reduce_task;

/// The fold of a full reduction: combines the points' partials in order, applies the initial
/// value, and writes the result into argument 1.
void reduce_fold(runtime::TaskContext& ctx);
#if defined(TESSERA_HAVE_CUDA)
/// Its CUDA variant (reduce.cu): the partials and the target in GPU memory.
void reduce_fold_cuda(runtime::TaskContext& ctx);
#endif

}  // namespace tessera::kernels
