// Coherence between host memory and the fake device memory (MapperConfig::fake_device): copies in
// before device reads, copies out before host reads, and partial writes that keep untouched bytes.
#include "runtime_helpers.h"

namespace tessera::rttest {
namespace {

class RuntimeCoherence : public RuntimeTest {
 protected:
  void SetUp() override {
    RuntimeTest::SetUp();
    use([](rt::MapperConfig& c) {
      c.eager = rt::EagerMode::Never;
      c.tiles = 4;
      c.fake_device = true;
    });
  }
};

std::vector<int64_t> seq(int64_t n, int64_t mul, int64_t add) {
  std::vector<int64_t> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = i * mul + add;
  return v;
}

TEST_F(RuntimeCoherence, HostWriteDeviceReadWriteHostRead) {
  auto& rt = Runtime::get();
  Store x = i64({8, 2}), y = i64({8, 2});
  ASSERT_EQ(x.root->num_tiles(), 4);
  write_all(x, seq(16, 1, 0));  // x valid on host only
  auto s0 = rt.stats();
  Params p;
  p.mode = Mode::Affine;
  p.a = 3;
  p.b = 1;
  rt.launch(affine_launch(p, &x, y));  // y = 3x + 1 in the device
  rt.sync();
  auto s1 = rt.stats();
  EXPECT_EQ(s1.copies_in - s0.copies_in, 4) << "each tile of x is copied in once";
  EXPECT_EQ(s1.copies_out - s0.copies_out, 0);
  EXPECT_TRUE(y.root->has_instance(rt::Memory::FakeDevice));

  EXPECT_EQ(read_all(y), seq(16, 3, 1));  // copies y out
  auto s2 = rt.stats();
  // The 4 tiles of y come back once, as one copy: adjacent tiles from one memory are one run.
  EXPECT_EQ(s2.copies_out - s1.copies_out, 1) << "y is copied out once";
  EXPECT_EQ(read_all(y), seq(16, 3, 1));  // already valid on host: no more copies
  EXPECT_EQ(rt.stats().copies_out, s2.copies_out);

  // Reading x again in the device needs no copy: it is still valid there.
  Store z = i64({8, 2});
  rt.launch(affine_launch(p, &x, z));
  rt.sync();
  EXPECT_EQ(rt.stats().copies_in, s2.copies_in);
  EXPECT_EQ(read_all(z), seq(16, 3, 1));
}

TEST_F(RuntimeCoherence, HostWriteInvalidatesDeviceCopy) {
  auto& rt = Runtime::get();
  Store x = i64({8}), y = i64({8});
  write_all(x, seq(8, 1, 0));
  Params copy;
  copy.mode = Mode::Affine;
  rt.launch(affine_launch(copy, &x, y));
  EXPECT_EQ(read_all(y), seq(8, 1, 0));
  write_all(x, seq(8, 10, 5));  // the device copy of x is stale now
  auto s0 = rt.stats();
  rt.launch(affine_launch(copy, &x, y));
  EXPECT_EQ(read_all(y), seq(8, 10, 5));
  EXPECT_EQ(rt.stats().copies_in - s0.copies_in, 4);
}

TEST_F(RuntimeCoherence, PartialDeviceWriteKeepsUntouchedBytes) {
  auto& rt = Runtime::get();
  Store x = i64({8, 4}), src = i64({8, 2});
  std::vector<int64_t> hx = seq(32, 1, 100);
  write_all(x, hx);           // x valid on host only
  write_all(src, seq(16, -1, 0));
  auto s0 = rt.stats();
  Params copy;
  copy.mode = Mode::Affine;
  Store even_cols = slice(x, 1, 0, 2, 2);  // x[:, ::2]: every tile is written only in part
  rt.launch(affine_launch(copy, &src, even_cols));
  rt.sync();
  auto s1 = rt.stats();
  // Each of the 4 tiles of x is copied in before its partial write (src: 4 more tiles).
  EXPECT_EQ(s1.copies_in - s0.copies_in, 8);
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 4; c += 2) hx[r * 4 + c] = -(r * 2 + c / 2);
  EXPECT_EQ(read_all(x), hx);  // odd columns kept their host values
  EXPECT_EQ(rt.stats().copies_out - s1.copies_out, 1);  // the 4 tiles as one run

  // A partial write of some rows (a strided view across tiles), then a full host read.
  Store rows = slice(x, 0, 1, 4, 2);  // x[1::2]
  Params fill;
  fill.mode = Mode::Fill;
  fill.b = 7;
  write_all(x, hx);  // host only again
  rt.launch(affine_launch(fill, nullptr, rows));
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) hx[(2 * r + 1) * 4 + c] = 1000 * r + c + 7;
  EXPECT_EQ(read_all(x), hx);
}

TEST_F(RuntimeCoherence, DenseDeviceWriteSkipsCopyIn) {
  auto& rt = Runtime::get();
  Store x = i64({8}), y = i64({8});
  write_all(y, seq(8, 1, 0));  // valid on host only
  auto s0 = rt.stats();
  Params fill;
  fill.mode = Mode::Fill;
  rt.launch(affine_launch(fill, nullptr, y));  // overwrites every tile completely
  rt.sync();
  EXPECT_EQ(rt.stats().copies_in - s0.copies_in, 0);
  EXPECT_EQ(read_all(y), seq(8, 1000, 0));
  (void)x;
}

TEST_F(RuntimeCoherence, ReductionInDeviceThenHostRead) {
  auto& rt = Runtime::get();
  Store x = i64({64}), s = i64({});
  write_all(x, seq(64, 2, 0));
  rt.launch(sum_launch(x, s));
  EXPECT_EQ(read_all(s), std::vector<int64_t>{63 * 64});
  Store y = i64({64});
  rt.launch(add_scalar_launch(x, s, y));
  EXPECT_EQ(read_all(y), seq(64, 2, 63 * 64));
}

TEST_F(RuntimeCoherence, DeviceWritesOfOverlappingViewsThenHostRead) {
  auto& rt = Runtime::get();
  Model m;
  Store x = m.add_root({8, 4}, 1), z = m.add_root({8, 4}, 2);
  m.launch([] { Params p; p.mode = Mode::Affine; p.b = 1; return p; }(), &z, reversed(x));
  Store x1 = slice(x, 0, 1, 7), z0 = slice(z, 0, 0, 7);
  m.launch([] { Params p; p.mode = Mode::Accum; p.a = 2; return p; }(), &z0, x1);
  EXPECT_TRUE(m.check_root(x, "x"));
  // Host changes x, the device reads the change.
  unsigned char* hx = reinterpret_cast<unsigned char*>(rt.host_write(x));
  *elem(hx, x, 5, 3) = -5;
  *elem(m.mirror(x).data(), x, 5, 3) = -5;
  m.launch([] { Params p; p.mode = Mode::Affine; p.a = 1; return p; }(), &x, z);
  EXPECT_EQ(m.check("device/host round trips"), 0);
}

}  // namespace
}  // namespace tessera::rttest
