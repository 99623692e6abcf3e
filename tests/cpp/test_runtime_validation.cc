// Bad knobs and bad launches must raise an exception, never crash the process (DESIGN.md §5).
// Each case runs in a child process (a death-test harness) so a crash fails only that test.
#include <cstdlib>

#include "runtime_helpers.h"

namespace tessera::rttest {
namespace {

class RuntimeValidation : public RuntimeTest {
 protected:
  void SetUp() override {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    RuntimeTest::SetUp();
  }
};

/// Runs `f` in a child; the child exits 0 when f returns or throws a std::exception.
template <class F>
void must_not_crash(F f) {
  EXPECT_EXIT(
      {
        try {
          f();
        } catch (const std::exception&) {
        }
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST_F(RuntimeValidation, ZeroMinTileElementsDoesNotCrash) {
  must_not_crash([&] {
    rt::MapperConfig c = saved_;
    c.tiles = 0;
    c.min_tile_elements = 0;  // TESSERA_MIN_TILE is clamped to >= 1; configure() must be too
    c.eager = rt::EagerMode::Never;
    Runtime::get().configure(c);
    Store x = i64({100});
    Params f;
    f.mode = Mode::Fill;
    Runtime::get().launch(affine_launch(f, nullptr, x));
    Runtime::get().sync();
  });
}

TEST_F(RuntimeValidation, TooManyArgumentsIsRejected) {
  // TaskContext::base holds 16 pointers; a launch with more arguments must be refused.
  must_not_crash([&] {
    rt::MapperConfig c = saved_;
    c.eager = rt::EagerMode::Never;
    Runtime::get().configure(c);
    Store x = i64({8});
    Params f;
    f.mode = Mode::Fill;
    rt::Launch l = affine_launch(f, nullptr, x);
    for (int i = 0; i < 40; ++i) l.args.push_back(LaunchArg{x, Privilege::Read, Slicing::Aligned});
    bool threw = false;
    try {
      Runtime::get().launch(std::move(l));
      Runtime::get().sync();
    } catch (const std::exception&) {
      threw = true;
    }
    if (!threw) std::_Exit(3);  // accepted silently: the extra pointers were written past base[16]
  });
}

}  // namespace
}  // namespace tessera::rttest
