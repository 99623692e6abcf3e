// The random task: Philox4x32-10 matches the published known-answer vectors, samples depend
// only on the element index (any split of the index range, Serial or OpenMP, any tiling).
#include <Random123/philox.h>

#include <vector>

#include "kernels/random/random.h"
#include "runtime_helpers.h"
#include "tessera/array/creation.h"
#include "tessera/array/random.h"

namespace tessera::rttest {
namespace {

TEST(Random, PhiloxKnownAnswers) {
  // Random123's kat_vectors for philox4x32, 10 rounds (Salmon et al., SC'11).
  using Philox = r123::Philox4x32_R<10>;
  Philox::ctr_type zero = {{0, 0, 0, 0}};
  Philox::key_type zero_key = {{0, 0}};
  Philox::ctr_type r = Philox()(zero, zero_key);
  EXPECT_EQ(r[0], 0x6627e8d5u);
  EXPECT_EQ(r[1], 0xe169c58du);
  EXPECT_EQ(r[2], 0xbc57ac4cu);
  EXPECT_EQ(r[3], 0x9b00dbd8u);
  Philox::ctr_type ones = {{~0u, ~0u, ~0u, ~0u}};
  Philox::key_type ones_key = {{~0u, ~0u}};
  r = Philox()(ones, ones_key);
  EXPECT_EQ(r[0], 0x408f276du);
  EXPECT_EQ(r[1], 0x41c83b0eu);
  EXPECT_EQ(r[2], 0xa20bc7c6u);
  EXPECT_EQ(r[3], 0x6d5451fdu);
}

TEST(Random, SamplesDependOnlyOnTheIndex) {
  kernels::RandomArgs a{};
  a.dist = kernels::RandomDist::Normal;
  a.work = a.out = DType::Float64;
  a.key = 42;
  a.call = 3;
  a.b = 1.0;
  std::vector<double> whole(1000), parts(1000);
  kernels::run_random(a, 0, 1000, reinterpret_cast<char*>(whole.data()), 8);
  kernels::run_random(a, 0, 333, reinterpret_cast<char*>(parts.data()), 8);
  kernels::run_random(a, 333, 667, reinterpret_cast<char*>(parts.data() + 333), 8);
  EXPECT_EQ(whole, parts);
}

class RandomRuntime : public RuntimeTest {
 protected:
  static std::vector<int64_t> draw() {
    Array a = random_integers(Dims{1000, 37}, DType::Int64, {7, 0, 5}, -100, 1000);
    std::vector<int64_t> v(a.size());
    to_host(a, v.data());
    return v;
  }
};

TEST_F(RandomRuntime, SameOnAnyTilingAndProcessor) {
  std::vector<int64_t> reference = draw();
  for (int64_t x : reference) {
    ASSERT_GE(x, -100);
    ASSERT_LT(x, 900);
  }
  deferred(7);
  EXPECT_EQ(draw(), reference);
#if defined(TESSERA_HAVE_OPENMP)
  use([](rt::MapperConfig& c) {
    c.eager = rt::EagerMode::Never;
    c.tiles = 3;
    c.processor = rt::Processor::OpenMP;
  });
  EXPECT_EQ(draw(), reference);
#endif
}

}  // namespace
}  // namespace tessera::rttest
