#include "ops/launch.h"

#include "kernels/elementwise/elementwise.h"
#include "tessera/runtime/runtime.h"

namespace tessera::ops {

using runtime::LaunchArg;
using runtime::Privilege;
using runtime::Slicing;

void launch_elementwise(kernels::LoopFn fn, std::span<const DType> loop_types,
                        std::span<const Operand> inputs, std::span<const Array> outputs,
                        const Array* where, std::string_view name) {
  runtime::Launch l;
  l.task = &kernels::elementwise_task;
  l.name = name;
  l.domain = outputs[0].shape();
  l.args.reserve(inputs.size() + outputs.size() + 1);
  kernels::ElementwiseArgs args;
  args.loop = fn;
  args.nin = static_cast<int8_t>(inputs.size());
  args.nout = static_cast<int8_t>(outputs.size());
  args.has_where = where != nullptr;
  int k = 0;
  for (const Operand& op : inputs) {
    args.loop_dtype[k] = loop_types[k];
    if (const Array* a = std::get_if<Array>(&op)) {
      args.operand_dtype[k] = a->dtype();
      args.arg_of[k] = static_cast<int8_t>(l.args.size());
      l.args.push_back(LaunchArg{a->store(), Privilege::Read, Slicing::Aligned});
    } else {
      const Scalar& s = std::get<Scalar>(op);
      args.operand_dtype[k] = loop_types[k];
      s.convert(loop_types[k], args.scalar[k]);
    }
    ++k;
  }
  for (const Array& out : outputs) {
    args.loop_dtype[k] = loop_types[k];
    args.operand_dtype[k] = out.dtype();
    args.arg_of[k] = static_cast<int8_t>(l.args.size());
    Privilege p = where ? Privilege::ReadWrite : Privilege::Write;
    l.args.push_back(LaunchArg{out.store(), p, Slicing::Aligned});
    ++k;
  }
  if (where) {
    args.arg_of[k] = static_cast<int8_t>(l.args.size());
    l.args.push_back(LaunchArg{where->store(), Privilege::Read, Slicing::Aligned});
  }
  l.scalars.set(args);
  runtime::Runtime::get().launch(std::move(l));
}

void launch_copy(const Array& src, const Array& dst) {
  DType types[2] = {dst.dtype(), dst.dtype()};
  Operand in[1] = {src};
  launch_elementwise(kernels::cast_loop(dst.dtype(), dst.dtype()), types, in,
                     std::span<const Array>(&dst, 1), nullptr, "copy");
}

bool may_overlap(const Array& a, const Array& b) {
  if (!a.same_root(b) || a.size() == 0 || b.size() == 0) return false;
  int64_t a0, a1, b0, b1;
  const auto& sa = a.store();
  const auto& sb = b.store();
  sa.footprint(0, sa.ndim() ? sa.shape[0] : 1, a0, a1);
  sb.footprint(0, sb.ndim() ? sb.shape[0] : 1, b0, b1);
  return a0 < b1 && b0 < a1;
}

}  // namespace tessera::ops
