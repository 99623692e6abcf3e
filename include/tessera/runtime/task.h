#pragma once
/// Task launches: a body, a launch domain split into tiles along dim 0, and arguments with
/// privileges (DESIGN.md §2).
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "tessera/runtime/store.h"

namespace tessera::runtime {

enum class Privilege : uint8_t { Read, Write, ReadWrite, Reduce };

/// How an argument is split across the points of a launch.
enum class Slicing : uint8_t {
  Aligned,  // its dim 0 is split like the launch domain's dim 0 (shape equals the domain's)
  Whole,    // every point sees the whole store
};

/// Memory kinds. FakeDevice is a test-only second memory: host allocations of its own, so
/// copy-in, copy-out and invalidation are exercised without a GPU. Gpu is the memory of the
/// (first) CUDA device.
enum class Memory : uint8_t { Host = 0, FakeDevice = 1, Gpu = 2 };
inline constexpr int kNumMemories = 3;

/// Processor kinds a launch can be mapped to. A Gpu point's body issues its work on the GPU's
/// stream and returns; the stream orders it after earlier GPU work (DESIGN.md §2, Scheduler).
enum class Processor : uint8_t { Cpu, OpenMP, Gpu };

struct TaskContext;
using TaskBody = void (*)(TaskContext&);

/// The variants of one task; a variant that was not built is nullptr and is never chosen.
struct TaskVariants {
  std::string_view name;
  TaskBody serial = nullptr;
  TaskBody openmp = nullptr;
  TaskBody cuda = nullptr;  // set only in builds with TESSERA_CUDA (src/kernels/*/<op>.cu)
  /// Whether the CUDA variant handles this launch (dtypes it has loops for, say); nullptr: all.
  bool (*cuda_supports)(const struct Launch&) = nullptr;
};

struct LaunchArg {
  Store store;
  Privilege privilege = Privilege::Read;
  Slicing slicing = Slicing::Aligned;
};

/// Bytes passed by value to every point (op codes, scalar operands, loop pointers).
class ScalarBlob {
 public:
  template <class T>
  void set(const T& value) {
    static_assert(sizeof(T) <= sizeof(bytes_));
    std::memcpy(bytes_, &value, sizeof(T));
  }
  template <class T>
  const T& get() const {
    return *reinterpret_cast<const T*>(bytes_);
  }

 private:
  alignas(16) unsigned char bytes_[512];
};

/// One launch. `domain` is the iteration shape; Aligned arguments have exactly this shape.
struct Launch {
  const TaskVariants* task = nullptr;
  /// The operation named in error messages (e.g. "add"); the task's name when empty.
  std::string_view name;
  Dims domain;
  std::vector<LaunchArg> args;
  ScalarBlob scalars;
  /// For launches that fold a value (reductions): bytes of each point's partial result, and the
  /// body that folds all partials (in point order, so results are deterministic) into the
  /// argument `fold_target`, which it writes.
  int partial_bytes = 0;
  TaskBody fold = nullptr;
  int fold_target = -1;
  /// The fold's CUDA variant: reads the partials from GPU memory and writes the target there. A
  /// launch with a fold runs on the GPU only when it has one.
  TaskBody fold_cuda = nullptr;
  /// The most points the launch may have (1: a single point); 0 lets the mapper decide.
  int64_t max_points = 0;
  /// Elements of work the mapper sizes the launch by (eager or not, how many points);
  /// 0: the domain's size. A matrix product sets n·k·m.
  int64_t work = 0;
};

/// What a point task sees when it runs.
struct TaskContext {
  const Launch* launch;
  int point;
  int num_points;
  int64_t lo, hi;  // this point's rows of the domain's dim 0 (0, 1 for a 0-d domain)
  Memory memory;
  /// Per argument: the base pointer of this point's part (row `lo` for Aligned arguments).
  char* base[16];
  /// This point's partial-result slot (launch.partial_bytes bytes), or all partials in `fold`.
  /// In GPU memory for a Gpu point.
  unsigned char* partials;
  /// Gpu points: the cudaStream_t to issue work on, and a GPU word where kernels report errors
  /// (exec/cuda.cuh: device_error codes), checked when the host next waits for the GPU.
  void* stream = nullptr;
  int* device_error = nullptr;

  const Store& store(int i) const { return launch->args[i].store; }
  template <class T>
  const T& scalars() const {
    return launch->scalars.get<T>();
  }
  /// Rows in this point (extent of dim 0 of Aligned arguments here).
  int64_t rows() const { return hi - lo; }
};

}  // namespace tessera::runtime
