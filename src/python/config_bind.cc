// Runtime configuration, statistics and synchronisation.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <string>

#include "python/convert.h"
#include "runtime/allocator.h"
#include "runtime/gpu.h"
#include "tessera/array/errors.h"
#include "tessera/runtime/runtime.h"

namespace tessera::python {

namespace {

using runtime::EagerMode;
using runtime::MapperConfig;
using runtime::Processor;
using runtime::Runtime;

const char* eager_name(EagerMode e) {
  return e == EagerMode::Always ? "always" : e == EagerMode::Never ? "never" : "auto";
}

nb::dict config_dict() {
  const MapperConfig& c = Runtime::get().mapper().config();
  nb::dict d;
  d["threads"] = c.threads;
  d["tiles"] = c.tiles;
  d["eager"] = eager_name(c.eager);
  d["eager_threshold"] = c.eager_threshold;
  d["min_tile"] = c.min_tile_elements;
  d["max_tile"] = c.max_tile_elements;
  d["processor"] = c.processor == Processor::OpenMP ? "omp" : "cpu";
  d["fake_device"] = c.fake_device;
  d["omp_threads"] = c.omp_threads;
  d["gpus"] = c.gpus;
  d["gpu_threshold"] = c.gpu_threshold;
  return d;
}

void set_config(nb::kwargs kw) {
  MapperConfig c = Runtime::get().mapper().config();
  for (auto [key, value] : kw) {
    std::string k = nb::cast<std::string>(key);
    if (k == "threads") {
      c.threads = nb::cast<int>(value);
      if (c.threads < 1) throw ValueError("threads must be at least 1");
    } else if (k == "tiles") {
      c.tiles = value.is_none() ? 0 : nb::cast<int>(value);
    } else if (k == "eager") {
      std::string v = value.is_none() ? "auto" : nb::cast<std::string>(value);
      if (v == "auto") {
        c.eager = EagerMode::Auto;
      } else if (v == "always") {
        c.eager = EagerMode::Always;
      } else if (v == "never") {
        c.eager = EagerMode::Never;
      } else {
        throw ValueError("eager must be 'auto', 'always' or 'never', not '" + v + "'");
      }
    } else if (k == "eager_threshold") {
      c.eager_threshold = nb::cast<int64_t>(value);
    } else if (k == "min_tile") {
      c.min_tile_elements = std::max<int64_t>(1, nb::cast<int64_t>(value));
    } else if (k == "max_tile") {
      c.max_tile_elements = nb::cast<int64_t>(value);
      if (c.max_tile_elements < 1) throw ValueError("max_tile must be at least 1");
    } else if (k == "processor") {
      std::string v = nb::cast<std::string>(value);
      if (v != "cpu" && v != "omp") throw ValueError("processor must be 'cpu' or 'omp'");
      c.processor = v == "omp" ? Processor::OpenMP : Processor::Cpu;
    } else if (k == "fake_device") {
      c.fake_device = nb::cast<bool>(value);
    } else if (k == "gpus") {
      c.gpus = value.is_none() ? -1 : nb::cast<int>(value);
    } else if (k == "gpu_threshold") {
      c.gpu_threshold = nb::cast<int64_t>(value);
      if (c.gpu_threshold < 0) throw ValueError("gpu_threshold must not be negative");
    } else if (k == "omp_threads") {
      c.omp_threads = nb::cast<int>(value);
    } else {
      throw TypeError("unknown tessera knob '" + k + "'");
    }
  }
  nb::gil_scoped_release release;
  Runtime::get().configure(c);
}

}  // namespace

void bind_config(nb::module_& m) {
  m.def("sync", [] {
    nb::gil_scoped_release release;
    Runtime::get().sync();
  });
  m.def("config", &config_dict);
  m.def("set_config", &set_config);
  m.def("stats", [] {
    auto s = Runtime::get().stats();
    nb::dict d;
    d["eager_launches"] = s.eager_launches;
    d["deferred_launches"] = s.deferred_launches;
    d["points"] = s.points;
    d["copies_in"] = s.copies_in;
    d["copies_out"] = s.copies_out;
    d["gpu_points"] = s.gpu_points;
    d["tasks_in_flight"] = Runtime::get().tasks_in_flight();
    d["workers"] = Runtime::get().num_workers();
    d["host_cache_bytes"] = runtime::host_cache_bytes();
    d["gpu_bytes_in_use"] = runtime::gpu::bytes_in_use();
    d["gpu_bytes_reserved"] = runtime::gpu::bytes_reserved();
    d["gpu_bytes_peak"] = runtime::gpu::bytes_peak();
    return d;
  });
  m.def("gpu_devices", [] {
    nb::list out;
    for (int g = 0; g < runtime::gpu::device_count(); ++g) {
      runtime::gpu::DeviceInfo info = runtime::gpu::device_info(g);
      nb::dict d;
      d["name"] = info.name;
      d["multiprocessors"] = info.multiprocessors;
      d["compute_capability"] = std::to_string(info.major) + "." + std::to_string(info.minor);
      d["memory"] = info.total_memory;
      out.append(d);
    }
    return out;
  });
  m.def("gpu_reset_peak", [] { runtime::gpu::reset_peak(); });
  m.def("gpu_trim", [] {
    nb::gil_scoped_release release;
    runtime::gpu::trim();
  });
  m.def("build_info", [] {
    nb::dict d;
#if defined(TESSERA_HAVE_OPENMP)
    d["openmp"] = true;
#else
    d["openmp"] = false;
#endif
    d["cuda"] = runtime::gpu::built();
    d["mpi"] = false;
#if defined(TESSERA_NATIVE_BUILD)
    d["native"] = true;
#else
    d["native"] = false;
#endif
    d["compiler"] = std::string(__VERSION__);
    return d;
  });
}

}  // namespace tessera::python
