// The runtime: dependence analysis per key tile, the eager path, coherence, and waits.
#include "tessera/runtime/runtime.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

#include "runtime/allocator.h"
#include "runtime/gpu.h"
#include "runtime/root.h"
#include "runtime/scheduler.h"
#include "tessera/exec/executor.h"

namespace tessera::runtime {

struct Runtime::Impl {
  std::unique_ptr<Scheduler> scheduler;
  uint64_t next_launch = 1;
  std::mutex error_mu;
  std::atomic<bool> has_error{false};  // lets check_error skip the lock in the common case
  std::exception_ptr error;
  std::string error_task;
  std::atomic<int64_t> eager{0}, deferred{0}, points{0}, copies_in{0}, copies_out{0};
  std::atomic<int64_t> gpu_points{0};
};

namespace {

/// Byte range of the root that argument `a` touches for rows [lo, hi) of the domain.
void arg_footprint(const LaunchArg& a, int64_t lo, int64_t hi, int64_t& b0, int64_t& b1) {
  if (a.slicing == Slicing::Aligned && a.store.ndim() > 0) {
    a.store.footprint(lo, hi, b0, b1);
  } else {
    a.store.footprint(0, a.store.ndim() > 0 ? a.store.shape[0] : 1, b0, b1);
  }
}

/// Visits the tiles of root `r` that [b0, b1) overlaps.
template <class F>
void for_tiles(Root& r, int64_t b0, int64_t b1, F&& f) {
  if (b1 <= b0) return;
  int first, last;
  r.tiles_overlapping(b0, b1, first, last);
  for (int t = first; t < last; ++t) f(t, r.tiles()[t]);
}

void run_task(Runtime::Impl& impl, Task& task);

void prune(std::vector<TaskRef>& v) {
  if (v.size() < 8) return;
  std::erase_if(v, [](const TaskRef& t) {
    std::lock_guard lock(t->mu);
    return t->done;
  });
}

}  // namespace

Runtime& Runtime::get() {
  // Never destroyed: worker threads may still hold tasks while the interpreter exits.
  static Runtime* runtime = new Runtime;
  return *runtime;
}

Runtime::Runtime() : impl_(std::make_unique<Impl>()) {
  mapper_ = std::make_unique<Mapper>(MapperConfig::from_environment());
#if defined(TESSERA_HAVE_OPENMP)
  exec::OpenMP::set_threads(mapper_->config().omp_threads);
#endif
  impl_->scheduler = std::make_unique<Scheduler>(mapper_->config().threads,
                                                 [this](Task& t) { run_task(*impl_, t); });
}

Runtime::~Runtime() = default;

int Runtime::num_workers() const { return impl_->scheduler->num_workers() - 1; }
int64_t Runtime::tasks_in_flight() const { return impl_->scheduler->in_flight(); }

Runtime::Stats Runtime::stats() const {
  return {impl_->eager.load(),     impl_->deferred.load(),   impl_->points.load(),
          impl_->copies_in.load(), impl_->copies_out.load(), impl_->gpu_points.load()};
}

void Runtime::configure(const MapperConfig& requested) {
  impl_->scheduler->wait_all();
  MapperConfig config = requested.normalized();
  bool restart = config.threads != mapper_->config().threads;
  mapper_ = std::make_unique<Mapper>(config);
#if defined(TESSERA_HAVE_OPENMP)
  exec::OpenMP::set_threads(config.omp_threads);
#endif
  if (restart) {
    impl_->scheduler.reset();
    impl_->scheduler = std::make_unique<Scheduler>(config.threads,
                                                   [this](Task& t) { run_task(*impl_, t); });
  }
}

// ---- coherence -------------------------------------------------------------------------------

namespace {

/// Copies bytes [b, e) of root r from memory `from` to memory `to` (both instances exist).
/// A copy out of the GPU waits for the GPU's earlier work (the stream orders it).
void copy_bytes(Root& r, Memory from, Memory to, int64_t b, int64_t e) {
  char* src = r.instance(from) + b;
  char* dst = r.instance(to) + b;
  size_t n = static_cast<size_t>(e - b);
  if (to == Memory::Gpu) {
    gpu::copy_to_device(dst, src, n);
  } else if (from == Memory::Gpu) {
    gpu::copy_to_host(dst, src, n);
  } else {
    std::memcpy(dst, src, n);
  }
}

constexpr uint8_t bit_of(Memory m) { return uint8_t(1) << static_cast<int>(m); }

/// A memory holding a valid copy of a tile with valid bits v: the host when it does.
Memory source_of(uint8_t v) {
  if (v & bit_of(Memory::Host)) return Memory::Host;
  if (v & bit_of(Memory::Gpu)) return Memory::Gpu;
  return Memory::FakeDevice;
}

/// Makes the tiles of `a` that rows [lo, hi) touch valid in memory m (copying them in from the
/// memory that holds them; runs of adjacent tiles from one memory are one copy) and records a
/// write; returns the instance's base pointer.
char* prepare_arg(Runtime::Impl& impl, const LaunchArg& a, int64_t lo, int64_t hi, Memory m) {
  Root& r = *a.store.root;
  int64_t b0, b1;
  arg_footprint(a, lo, hi, b0, b1);
  std::lock_guard lock(r.mutex());
  char* base = r.instance(m);
  uint8_t bit = bit_of(m);
  bool dense = a.privilege == Privilege::Write && a.store.is_c_contiguous();
  // The pending copy: tiles [run_first, run_last) from memory run_from.
  int run_first = -1, run_last = -1;
  Memory run_from = Memory::Host;
  auto flush = [&] {
    if (run_first < 0) return;
    if (m != Memory::Host && run_from != Memory::Host && run_from != m) {
      // Between two non-host memories: through the host.
      copy_bytes(r, run_from, Memory::Host, r.tile_begin(run_first), r.tile_end(run_last - 1));
      for (int t = run_first; t < run_last; ++t) {
        r.set_valid(t, r.tiles()[t].valid | bit_of(Memory::Host));
      }
      run_from = Memory::Host;
    }
    copy_bytes(r, run_from, m, r.tile_begin(run_first), r.tile_end(run_last - 1));
    (m == Memory::Host ? impl.copies_out : impl.copies_in).fetch_add(1);
    for (int t = run_first; t < run_last; ++t) r.set_valid(t, r.tiles()[t].valid | bit);
    run_first = -1;
  };
  int first_tile = -1, last_tile = -1;
  for_tiles(r, b0, b1, [&](int t, TileState& tile) {
    if (first_tile < 0) first_tile = t;
    last_tile = t + 1;
    bool covered = dense && b0 <= r.tile_begin(t) && r.tile_end(t) <= b1;
    if ((tile.valid & bit) || covered) {
      flush();
      return;
    }
    Memory from = source_of(tile.valid);
    if (run_first >= 0 && (run_last != t || run_from != from)) flush();
    if (run_first < 0) {
      run_first = t;
      run_from = from;
    }
    run_last = t + 1;
  });
  flush();
  if (a.privilege != Privilege::Read) {
    for (int t = std::max(first_tile, 0); t < last_tile; ++t) r.set_valid(t, bit);
  }
  return base;
}

void record_error(Runtime::Impl& impl, std::string_view name) {
  std::lock_guard lock(impl.error_mu);
  if (!impl.error) {
    impl.error = std::current_exception();
    impl.error_task = std::string(name);
    impl.has_error.store(true, std::memory_order_release);
  }
}

// ---- running a point -------------------------------------------------------------------------

/// Runs point `point` of a launch (-1: its fold) in memory `mem`; false if it raised.
bool run_point(Runtime::Impl& impl, const Launch& l, const Partition& rows,
               unsigned char* partials, int point, Processor proc, Memory mem) {
  try {
    TaskContext ctx;
    ctx.launch = &l;
    ctx.num_points = rows.num_tiles();
    ctx.memory = mem;
    bool fold = point < 0;
    ctx.point = fold ? 0 : point;
    ctx.lo = fold ? 0 : rows.rows[point];
    ctx.hi = fold ? rows.rows.back() : rows.rows[point + 1];
    for (size_t i = 0; i < l.args.size(); ++i) {
      const LaunchArg& a = l.args[i];
      if ((static_cast<int>(i) == l.fold_target) != fold) continue;
      char* base = prepare_arg(impl, a, ctx.lo, ctx.hi, mem) + a.store.offset;
      if (a.slicing == Slicing::Aligned && a.store.ndim() > 0) base += ctx.lo * a.store.strides[0];
      ctx.base[i] = base;
    }
    ctx.partials = partials + (fold ? 0 : point * l.partial_bytes);
    TaskBody body = fold ? l.fold : (proc == Processor::OpenMP ? l.task->openmp : l.task->serial);
    if (proc == Processor::Gpu) {
      ctx.stream = gpu::stream();
      ctx.device_error = gpu::error_word();
      body = fold ? l.fold_cuda : l.task->cuda;
    }
    body(ctx);
    impl.points.fetch_add(1, std::memory_order_relaxed);
    if (proc == Processor::Gpu) impl.gpu_points.fetch_add(1, std::memory_order_relaxed);
    return true;
  } catch (...) {
    record_error(impl, l.name.empty() ? l.task->name : l.name);
    return false;
  }
}

void run_task(Runtime::Impl& impl, Task& task) {
  LaunchState& st = *task.state;
  if (task.poisoned) {
    // Its input is garbage: say so (the error is kept only if none is pending already).
    try {
      throw TaskError("skipped: an input was produced by an operation that failed");
    } catch (...) {
      record_error(impl, st.launch.name.empty() ? st.launch.task->name : st.launch.name);
    }
    return;
  }
  unsigned char* partials = st.gpu_partials ? st.gpu_partials : st.partials.data();
  if (!run_point(impl, st.launch, st.rows, partials, task.point, task.processor, task.memory)) {
    task.poisoned = true;
  }
}

/// Dependences of every point (and the fold) on earlier launches, then the records of this one.
void analyse(LaunchState& st, const std::vector<TaskRef>& tasks, const TaskRef& fold) {
  const Launch& l = st.launch;
  std::vector<std::pair<Task*, bool>> preds;  // predecessor, and whether we read its output
  auto depend = [&](const TaskRef& t, bool fold_part) {
    preds.clear();
    for (size_t i = 0; i < l.args.size(); ++i) {
      const LaunchArg& a = l.args[i];
      if ((static_cast<int>(i) == l.fold_target) != fold_part) continue;
      int64_t b0, b1;
      int64_t lo = fold_part ? 0 : st.rows.rows[t->point];
      int64_t hi = fold_part ? st.rows.rows.back() : st.rows.rows[t->point + 1];
      arg_footprint(a, lo, hi, b0, b1);
      bool reads = a.privilege != Privilege::Write;
      for_tiles(*a.store.root, b0, b1, [&](int, TileState& tile) {
        for (auto& w : tile.writers) preds.emplace_back(w.get(), reads);
        if (a.privilege != Privilege::Read) {
          for (auto& r : tile.readers) preds.emplace_back(r.get(), false);
        }
      });
    }
    // One edge per predecessor; it carries poison if any argument reads the predecessor's output.
    std::sort(preds.begin(), preds.end(), [](auto& x, auto& y) {
      return x.first != y.first ? x.first < y.first : x.second > y.second;
    });
    Task* last = nullptr;
    for (auto& [p, reads] : preds) {
      if (p == last) continue;
      last = p;
      Scheduler::add_edge(*p, t, reads);
    }
  };
  for (auto& t : tasks) depend(t, false);
  if (fold) {
    depend(fold, true);
    for (auto& t : tasks) Scheduler::add_edge(*t, fold, true);
  }
  // Record: writes first (they reset the tile's readers), then reads.
  auto record = [&](const TaskRef& t, bool fold_part, bool writes) {
    for (size_t i = 0; i < l.args.size(); ++i) {
      const LaunchArg& a = l.args[i];
      if ((static_cast<int>(i) == l.fold_target) != fold_part) continue;
      if ((a.privilege != Privilege::Read) != writes) continue;
      int64_t b0, b1;
      int64_t lo = fold_part ? 0 : st.rows.rows[t->point];
      int64_t hi = fold_part ? st.rows.rows.back() : st.rows.rows[t->point + 1];
      arg_footprint(a, lo, hi, b0, b1);
      for_tiles(*a.store.root, b0, b1, [&](int, TileState& tile) {
        if (!writes) {
          prune(tile.readers);
          tile.readers.push_back(t);
          return;
        }
        if (tile.writer_launch != st.id) {
          tile.writers.clear();
          tile.readers.clear();
          tile.writer_launch = st.id;
        }
        if (tile.writers.empty() || tile.writers.back() != t) tile.writers.push_back(t);
      });
    }
  };
  for (bool writes : {true, false}) {
    for (auto& t : tasks) record(t, false, writes);
    if (fold) record(fold, true, writes);
  }
}

}  // namespace

void Runtime::check_error() {
  if (!impl_->has_error.load(std::memory_order_acquire)) return;
  std::exception_ptr e;
  std::string name;
  {
    std::lock_guard lock(impl_->error_mu);
    impl_->has_error.store(false, std::memory_order_relaxed);
    e = std::exchange(impl_->error, nullptr);
    name = impl_->error_task;
  }
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const OutOfMemory& x) {
    throw OutOfMemory(std::string("in deferred operation '") + name + "': " + x.what());
  } catch (const std::bad_alloc&) {
    throw OutOfMemory(std::string("in deferred operation '") + name + "': out of memory");
  } catch (const std::invalid_argument& x) {
    throw std::invalid_argument(x.what());  // a bad value found by a kernel: NumPy's ValueError
  } catch (const std::out_of_range& x) {
    throw std::out_of_range(x.what());  // an index out of bounds found by a kernel: IndexError
  } catch (const std::exception& x) {
    throw TaskError(std::string("in deferred operation '") + name + "': " + x.what());
  }
}

// ---- launching -------------------------------------------------------------------------------

namespace {

/// The row split of a launch's domain: aligned with the key partition of its first written
/// whole-root argument, so same-shape element-wise chains touch one tile per point.
/// A GPU launch is one point: the GPU splits it among its own threads.
Partition launch_rows(const Launch& l, const Mapper& mapper, bool eager, Processor proc) {
  int64_t rows = l.domain.size() ? l.domain[0] : 1;
  if (eager || rows <= 1 || l.max_points == 1 || proc == Processor::Gpu) {
    return split_rows(rows, 1);
  }
  // A launch sized by its work (a matrix product) gets one point per thread, whatever the
  // key partitions of its arguments; others follow their first written root's key partition.
  int want = l.work > 0 ? mapper.point_count(l.work, rows)
                        : mapper.tile_count(l.domain.product(), rows);
  Partition p;
  bool keyed = false;
  for (const auto& a : l.args) {
    if (l.work > 0) break;
    if (a.privilege != Privilege::Read && a.slicing == Slicing::Aligned &&
        a.store.is_root_view() && a.store.ndim() > 0 && a.store.shape[0] == rows &&
        a.store.root->num_tiles() >= want) {
      p = a.store.root->partition();
      keyed = true;
      break;
    }
  }
  if (!keyed) p = split_rows(rows, want);
  if (l.max_points > 0 && p.num_tiles() > l.max_points) {
    p = split_rows(rows, static_cast<int>(l.max_points));
  }
  return p;
}

}  // namespace

void Runtime::launch(Launch&& launch) {
  if (launch.args.size() > std::size(TaskContext{}.base)) {
    throw std::invalid_argument("a launch takes at most 16 arguments");
  }
  if (launch.fold_target >= static_cast<int>(launch.args.size())) {
    throw std::invalid_argument("fold_target is not an argument of the launch");
  }
  Processor proc = mapper_->processor_for(launch);
  Memory mem = mapper_->memory_for(proc);
  // A GPU point only issues work on the stream, so it runs inline whenever nothing on the CPU
  // is outstanding: the stream, not the scheduler, orders it after earlier GPU work.
  bool gpu = proc == Processor::Gpu;
  bool eager = !gpu && mapper_->run_eagerly(launch.work > 0 ? launch.work : launch.domain.product());
  if ((eager || gpu) && impl_->scheduler->in_flight() == 0) {
    // The eager path: nothing is outstanding, so no analysis, no queue and no heap state.
    impl_->eager.fetch_add(1, std::memory_order_relaxed);
    int64_t rows = launch.domain.size() ? launch.domain[0] : 1;
    Partition one;
    one.rows = {0, rows};
    unsigned char small[64];
    std::vector<unsigned char> big;
    unsigned char* partials = small;
    GpuScratch gpu_partials;
    if (proc == Processor::Gpu && launch.partial_bytes > 0) {
      gpu_partials = GpuScratch(launch.partial_bytes);
      partials = gpu_partials.data;
    } else if (launch.partial_bytes > static_cast<int>(sizeof small)) {
      big.resize(launch.partial_bytes);
      partials = big.data();
    }
    if (run_point(*impl_, launch, one, partials, 0, proc, mem) && launch.fold) {
      run_point(*impl_, launch, one, partials, -1, proc, mem);
    }
    check_error();
    return;
  }
  auto st = std::make_shared<LaunchState>();
  st->launch = std::move(launch);
  st->id = impl_->next_launch++;
  const Launch& l = st->launch;
  st->rows = launch_rows(l, *mapper_, eager, proc);
  int n = st->rows.num_tiles();
  if (proc == Processor::Gpu && l.partial_bytes > 0) {
    st->gpu_partials_scratch = GpuScratch(static_cast<size_t>(n) * l.partial_bytes);
    st->gpu_partials = st->gpu_partials_scratch.data;
  } else {
    st->partials.assign(static_cast<size_t>(n) * l.partial_bytes, 0);
  }
  std::vector<TaskRef> tasks(n);
  for (int p = 0; p < n; ++p) {
    tasks[p] = std::make_shared<Task>();
    tasks[p]->state = st;
    tasks[p]->point = p;
    tasks[p]->processor = proc;
    tasks[p]->memory = mem;
  }
  TaskRef fold;
  if (l.fold) {
    fold = std::make_shared<Task>();
    fold->state = st;
    fold->point = -1;
    fold->processor = proc;
    fold->memory = mem;
  }
  analyse(*st, tasks, fold);
  (eager ? impl_->eager : impl_->deferred).fetch_add(1);
  for (auto& t : tasks) {
    impl_->scheduler->started();
    impl_->scheduler->release(t);
  }
  if (fold) {
    impl_->scheduler->started();
    impl_->scheduler->release(fold);
  }
  if (eager) {
    // Small launch behind outstanding work: wait for it here, helping run the queue.
    for (auto& t : tasks) impl_->scheduler->wait(t);
    if (fold) impl_->scheduler->wait(fold);
    check_error();
  }
}

namespace {

/// Tasks the calling thread must wait for before touching `store`'s bytes on the host: its
/// tiles' last writers, and for a write also the readers since.
std::vector<TaskRef> host_access_waits(const LaunchArg& whole) {
  int64_t b0, b1;
  arg_footprint(whole, 0, 0, b0, b1);
  std::vector<TaskRef> waits;
  for_tiles(*whole.store.root, b0, b1, [&](int, TileState& tile) {
    waits.insert(waits.end(), tile.writers.begin(), tile.writers.end());
    if (whole.privilege != Privilege::Read) {
      waits.insert(waits.end(), tile.readers.begin(), tile.readers.end());
    }
  });
  return waits;
}

}  // namespace

char* Runtime::host_access(const Store& store, Privilege privilege) {
  LaunchArg whole{store, privilege, Slicing::Whole};
  for (auto& t : host_access_waits(whole)) impl_->scheduler->wait(t);
  check_error();
  return prepare_arg(*impl_, whole, 0, 0, Memory::Host) + store.offset;
}

char* Runtime::host_read(const Store& store) { return host_access(store, Privilege::Read); }

char* Runtime::host_write(const Store& store) {
  return host_access(store, Privilege::ReadWrite);
}

void Runtime::sync() {
  impl_->scheduler->wait_all();
  check_error();
  gpu::synchronize();  // the GPU's queued work too, and errors its kernels reported
}

}  // namespace tessera::runtime
