#pragma once
// Shared helpers for the runtime tests (tests/cpp/test_runtime_*.cc): a fixture that restores the
// mapper configuration, view builders, tiny int64 task bodies, and a host model that applies the
// same launches sequentially so results can be compared byte for byte.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "runtime/root.h"
#include "tessera/runtime/mapper.h"
#include "tessera/runtime/runtime.h"
#include "tessera/runtime/store.h"
#include "tessera/runtime/task.h"

namespace tessera::rttest {

namespace rt = ::tessera::runtime;
using rt::LaunchArg;
using rt::Privilege;
using rt::Runtime;
using rt::Slicing;
using rt::Store;
using rt::TaskContext;

// ---- fixture ----------------------------------------------------------------------------------

/// Saves the mapper configuration before a test and restores it after (draining outstanding work
/// and any pending error first), so a test's knobs never leak into the next one.
class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    drain();
    saved_ = Runtime::get().mapper().config();
  }
  void TearDown() override {
    drain();
    Runtime::get().configure(saved_);
  }
  static void drain() {
    try {
      Runtime::get().sync();
    } catch (...) {
    }
  }
  /// Starts from the saved configuration (host memory, CPU processor), lets `f` change it, and
  /// applies it.
  template <class F>
  void use(F&& f) {
    rt::MapperConfig c = saved_;
    c.fake_device = false;
    c.processor = rt::Processor::Cpu;
    f(c);
    Runtime::get().configure(c);
  }
  /// Deferred launches split into `tiles` points (eager path off).
  void deferred(int tiles = 4) {
    use([&](rt::MapperConfig& c) {
      c.eager = rt::EagerMode::Never;
      c.tiles = tiles;
    });
  }
  rt::MapperConfig saved_;
};

// ---- views ------------------------------------------------------------------------------------

inline Store i64(std::initializer_list<int64_t> shape) {
  return rt::make_store(Dims(shape), DType::Int64);
}
/// s[start : start + count*step : step] along dimension d (step may be negative or zero).
inline Store slice(const Store& s, int d, int64_t start, int64_t count, int64_t step = 1) {
  Store v = s;
  v.offset += start * s.strides[d];
  v.strides[d] *= step;
  v.shape[d] = count;
  return v;
}
/// s reversed along dimension d (s[::-1] for d = 0).
inline Store reversed(const Store& s, int d = 0) { return slice(s, d, s.shape[d] - 1, s.shape[d], -1); }
/// s with dimensions 0 and 1 swapped.
inline Store transposed(const Store& s) {
  Store v = s;
  std::swap(v.shape[0], v.shape[1]);
  std::swap(v.strides[0], v.strides[1]);
  return v;
}
/// Row `r` of a 2-d store broadcast to `rows` rows (stride 0 along dim 0).
inline Store broadcast_row(const Store& s, int64_t r, int64_t rows) {
  Store v = s;
  v.offset += r * s.strides[0];
  v.strides[0] = 0;
  v.shape[0] = rows;
  return v;
}

/// Element (r, c) of a store inside a byte buffer that holds its root.
inline int64_t* elem(unsigned char* root_bytes, const Store& s, int64_t r, int64_t c) {
  int64_t off = s.offset;
  if (s.ndim() > 0) off += r * s.strides[0];
  if (s.ndim() > 1) off += c * s.strides[1];
  return reinterpret_cast<int64_t*>(root_bytes + off);
}
inline int64_t cols_of(const Dims& shape) { return shape.size() > 1 ? shape[1] : 1; }
inline int64_t rows_of(const Dims& shape) { return shape.size() > 0 ? shape[0] : 1; }

// ---- task bodies ------------------------------------------------------------------------------

/// Pointer to element (r, c) of argument i, r in the domain's row numbering.
inline int64_t* arg_at(const TaskContext& ctx, int i, int64_t r, int64_t c) {
  const Store& s = ctx.store(i);
  char* p = ctx.base[i];
  if (s.ndim() > 0) {
    bool aligned = ctx.launch->args[i].slicing == Slicing::Aligned;
    p += (aligned ? r - ctx.lo : r) * s.strides[0];
  }
  if (s.ndim() > 1) p += c * s.strides[1];
  return reinterpret_cast<int64_t*>(p);
}

inline void sleep_us(int64_t us) {
  if (us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
}

enum class Mode : int32_t {
  Fill,    // args {out}: out = 1000*r + c + b                 (out: Write)
  Affine,  // args {in, out}: out = in*a + b                   (out: Write)
  Accum,   // args {in, out}: out = out + in*a + b             (out: ReadWrite)
};

struct Params {
  Mode mode = Mode::Fill;
  int64_t a = 1, b = 0;
  int32_t sleep_us = 0;       // every point sleeps this long before touching memory
  int32_t odd_sleep_us = 0;   // extra sleep for odd points (so points finish out of order)
};

/// Counts the points of `kAffine` whose body actually ran.
inline std::atomic<int64_t> g_affine_bodies{0};

inline uint64_t fill_value(int64_t r, int64_t c) { return uint64_t(1000 * r + c); }

inline void affine_body(TaskContext& ctx) {
  const Params& p = ctx.scalars<Params>();
  g_affine_bodies.fetch_add(1);
  sleep_us(p.sleep_us + (ctx.point % 2 ? p.odd_sleep_us : 0));
  int out = p.mode == Mode::Fill ? 0 : 1;
  int64_t cols = cols_of(ctx.launch->domain);
  for (int64_t r = ctx.lo; r < ctx.hi; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      uint64_t in = p.mode == Mode::Fill ? fill_value(r, c) : uint64_t(*arg_at(ctx, 0, r, c));
      int64_t* o = arg_at(ctx, out, r, c);
      uint64_t v = in * uint64_t(p.a) + uint64_t(p.b);
      if (p.mode == Mode::Accum) v += uint64_t(*o);
      *o = int64_t(v);
    }
  }
}
inline const rt::TaskVariants kAffine{"test_affine", &affine_body, nullptr};

/// Builds a kAffine launch over `out`'s shape.
inline rt::Launch affine_launch(const Params& p, const Store* in, const Store& out) {
  rt::Launch l;
  l.task = &kAffine;
  l.domain = out.shape;
  if (p.mode != Mode::Fill) l.args.push_back(LaunchArg{*in, Privilege::Read, Slicing::Aligned});
  l.args.push_back(LaunchArg{
      out, p.mode == Mode::Accum ? Privilege::ReadWrite : Privilege::Write, Slicing::Aligned});
  l.scalars.set(p);
  return l;
}

/// Reduction: each point sums its rows of arg 0 (int64, 1-d or 2-d) into its partial; the fold
/// adds the partials (in point order) plus `b` into the 0-d arg 1.
struct SumParams {
  int64_t b = 0;
  int32_t sleep_us = 0;
};
inline void sum_body(TaskContext& ctx) {
  const SumParams& p = ctx.scalars<SumParams>();
  sleep_us(p.sleep_us);
  int64_t cols = cols_of(ctx.launch->domain), acc = 0;
  for (int64_t r = ctx.lo; r < ctx.hi; ++r)
    for (int64_t c = 0; c < cols; ++c) acc += *arg_at(ctx, 0, r, c);
  std::memcpy(ctx.partials, &acc, sizeof acc);
}
inline void sum_fold(TaskContext& ctx) {
  const SumParams& p = ctx.scalars<SumParams>();
  int64_t total = p.b;
  for (int i = 0; i < ctx.num_points; ++i) {
    int64_t v;
    std::memcpy(&v, ctx.partials + i * sizeof(int64_t), sizeof v);
    total += v;
  }
  *reinterpret_cast<int64_t*>(ctx.base[1]) = total;
}
inline const rt::TaskVariants kSum{"test_sum", &sum_body, nullptr};

inline rt::Launch sum_launch(const Store& in, const Store& scalar_out, SumParams p = {}) {
  rt::Launch l;
  l.task = &kSum;
  l.domain = in.shape;
  l.args.push_back(LaunchArg{in, Privilege::Read, Slicing::Aligned});
  l.args.push_back(LaunchArg{scalar_out, Privilege::Write, Slicing::Whole});
  l.partial_bytes = sizeof(int64_t);
  l.fold = &sum_fold;
  l.fold_target = 1;
  l.scalars.set(p);
  return l;
}

/// out = in + s, where s is a 0-d store read whole (a future used as a scalar argument); every
/// point first sleeps `sleep` microseconds.
inline void add_scalar_body(TaskContext& ctx) {
  sleep_us(ctx.scalars<int32_t>());
  int64_t s = *reinterpret_cast<const int64_t*>(ctx.base[1]);
  int64_t cols = cols_of(ctx.launch->domain);
  for (int64_t r = ctx.lo; r < ctx.hi; ++r)
    for (int64_t c = 0; c < cols; ++c) *arg_at(ctx, 2, r, c) = *arg_at(ctx, 0, r, c) + s;
}
inline const rt::TaskVariants kAddScalar{"test_add_scalar", &add_scalar_body, nullptr};

inline rt::Launch add_scalar_launch(const Store& in, const Store& s, const Store& out,
                                    int32_t sleep = 0) {
  rt::Launch l;
  l.task = &kAddScalar;
  l.domain = out.shape;
  l.args.push_back(LaunchArg{in, Privilege::Read, Slicing::Aligned});
  l.args.push_back(LaunchArg{s, Privilege::Read, Slicing::Whole});
  l.args.push_back(LaunchArg{out, Privilege::Write, Slicing::Aligned});
  l.scalars.set(sleep);
  return l;
}

// ---- host model -------------------------------------------------------------------------------

/// Mirrors a set of roots on the host and applies kAffine launches to both the runtime and the
/// mirror, so the runtime's final bytes can be checked against sequential execution.
class Model {
 public:
  /// A new root of `shape` (int64), host-written with distinct values in runtime and mirror.
  Store add_root(const Dims& shape, int64_t seed) {
    Store s = rt::make_store(shape, DType::Int64);
    auto& bytes = mirror_[s.root.get()];
    bytes.assign(s.root->nbytes(), 0);
    char* p = Runtime::get().host_write(s);
    for (int64_t i = 0; i < s.size(); ++i) {
      int64_t v = seed * 100000 + i;
      std::memcpy(p + i * 8, &v, 8);
      std::memcpy(bytes.data() + i * 8, &v, 8);
    }
    roots_.push_back(s);
    return s;
  }

  void launch(const Params& p, const Store* in, const Store& out) {
    apply(p, in, out);
    Runtime::get().launch(affine_launch(p, in, out));
  }

  /// Applies the launch to the mirror only (sequential semantics).
  void apply(const Params& p, const Store* in, const Store& out) {
    int64_t rows = rows_of(out.shape), cols = cols_of(out.shape);
    auto& ob = mirror_.at(out.root.get());
    // Inputs first (in and out never share a root in these tests, but be safe).
    std::vector<uint64_t> ins(rows * cols);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        ins[r * cols + c] = p.mode == Mode::Fill
                                ? fill_value(r, c)
                                : uint64_t(*elem(mirror_.at(in->root.get()).data(), *in, r, c));
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) {
        int64_t* o = elem(ob.data(), out, r, c);
        uint64_t v = ins[r * cols + c] * uint64_t(p.a) + uint64_t(p.b);
        if (p.mode == Mode::Accum) v += uint64_t(*o);
        *o = int64_t(v);
      }
  }

  /// host_read of every root compared with the mirror; returns the number of mismatching roots.
  int check(const char* what) {
    int bad = 0;
    for (const Store& s : roots_) bad += check_root(s, what) ? 0 : 1;
    return bad;
  }
  bool check_root(const Store& s, const char* what) {
    const char* p = Runtime::get().host_read(s);
    const auto& bytes = mirror_.at(s.root.get());
    for (int64_t i = 0; i < s.size(); ++i) {
      int64_t got, want;
      std::memcpy(&got, p + i * 8, 8);
      std::memcpy(&want, bytes.data() + i * 8, 8);
      if (got != want) {
        ADD_FAILURE() << what << ": element " << i << " of a root: got " << got << ", want "
                      << want;
        return false;
      }
    }
    return true;
  }
  std::vector<unsigned char>& mirror(const Store& s) { return mirror_.at(s.root.get()); }

 private:
  std::vector<Store> roots_;
  std::map<const rt::Root*, std::vector<unsigned char>> mirror_;
};

/// Reads a whole int64 store (any view) through host_read into a vector, in C order of the view.
inline std::vector<int64_t> read_all(const Store& s) {
  unsigned char* base = reinterpret_cast<unsigned char*>(Runtime::get().host_read(s)) - s.offset;
  std::vector<int64_t> out;
  int64_t rows = rows_of(s.shape), cols = cols_of(s.shape);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) out.push_back(*elem(base, s, r, c));
  return out;
}

/// Writes `v` (C order of the view) into an int64 store through host_write.
inline void write_all(const Store& s, const std::vector<int64_t>& v) {
  unsigned char* base = reinterpret_cast<unsigned char*>(Runtime::get().host_write(s)) - s.offset;
  int64_t rows = rows_of(s.shape), cols = cols_of(s.shape), k = 0;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) *elem(base, s, r, c) = v[k++];
}

}  // namespace tessera::rttest
