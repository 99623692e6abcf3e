// Partition math: split_rows, Mapper::tile_count, key partitions, tiles_overlapping, footprints;
// the knobs' normalisation.
#include <stdexcept>

#include "runtime_helpers.h"

namespace tessera::rttest {
namespace {

class RuntimePartition : public RuntimeTest {};

TEST(RuntimePartitionMath, SplitRowsCoversAllRowsInOrder) {
  for (int64_t rows : {0, 1, 2, 3, 7, 10, 64, 1000, 1001}) {
    for (int parts : {-3, 0, 1, 2, 3, 4, 7, 16, 5000}) {
      rt::Partition p = rt::split_rows(rows, parts);
      SCOPED_TRACE(testing::Message() << "rows=" << rows << " parts=" << parts);
      ASSERT_GE(p.num_tiles(), 1);
      EXPECT_EQ(p.rows.front(), 0);
      EXPECT_EQ(p.rows.back(), rows);
      // Never more tiles than rows (no empty tiles), never more than asked (at least one).
      EXPECT_LE(p.num_tiles(), std::max<int64_t>(rows, 1));
      EXPECT_LE(p.num_tiles(), std::max(parts, 1));
      int64_t sum = 0, smallest = INT64_MAX, largest = 0;
      for (int t = 0; t < p.num_tiles(); ++t) {
        int64_t n = p.rows[t + 1] - p.rows[t];
        if (rows > 0) {
          EXPECT_GT(n, 0) << "tile " << t << " is empty";
        }
        sum += n;
        smallest = std::min(smallest, n);
        largest = std::max(largest, n);
      }
      EXPECT_EQ(sum, rows);
      EXPECT_LE(largest - smallest, 1) << "tiles are not nearly equal";
    }
  }
  rt::Partition p = rt::split_rows(10, 3);
  EXPECT_EQ(p.rows, (std::vector<int64_t>{0, 3, 6, 10}));
  EXPECT_EQ(rt::split_rows(0, 4).rows, (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(rt::split_rows(3, 8).rows, (std::vector<int64_t>{0, 1, 2, 3}));
}

TEST(RuntimePartitionMath, GpuKnobFollowsTheBuild) {
  rt::MapperConfig c;
  c.gpus = -1;  // every GPU present
#if defined(TESSERA_HAVE_CUDA)
  EXPECT_GE(c.normalized().gpus, 0);
#else
  EXPECT_EQ(c.normalized().gpus, 0);  // no CUDA: none present
  c.gpus = 1;
  EXPECT_THROW(c.normalized(), std::invalid_argument);
#endif
  c.gpus = 0;
  EXPECT_EQ(c.normalized().gpus, 0);
  c.gpus = -2;
  EXPECT_THROW(c.normalized(), std::invalid_argument);
}

TEST(RuntimePartitionMath, TileCountFollowsKnobs) {
  rt::MapperConfig c;
  c.threads = 4;
  c.min_tile_elements = 100;
  {
    rt::Mapper m(c);
    EXPECT_EQ(m.tile_count(1000, 1000), 4);  // capped by threads
    EXPECT_EQ(m.tile_count(250, 250), 2);    // 250 / 100
    EXPECT_EQ(m.tile_count(99, 99), 1);      // below one tile
    EXPECT_EQ(m.tile_count(0, 0), 1);        // empty: still one tile
    EXPECT_EQ(m.tile_count(1000, 3), 3);     // never more tiles than rows
    EXPECT_EQ(m.tile_count(1000, 1), 1);
  }
  c.max_tile_elements = 1000;  // larger arrays: more tiles, in multiples of the threads
  {
    rt::Mapper m(c);
    EXPECT_EQ(m.tile_count(4000, 4000), 4);      // exactly threads * max_tile
    EXPECT_EQ(m.tile_count(4001, 4001), 8);      // one more: the next multiple of threads
    EXPECT_EQ(m.tile_count(20000, 20000), 20);   // 5 per thread
    EXPECT_EQ(m.tile_count(20000, 6), 6);        // never more tiles than rows
    EXPECT_EQ(m.tile_count(int64_t(1) << 50, int64_t(1) << 50), 4 * 256);  // capped per thread
    EXPECT_EQ(m.point_count(20000, 20000), 4);   // work-sized launches: one point per thread
  }
  c.max_tile_elements = int64_t(1) << 18;
  c.tiles = 5;  // forced count, still capped by rows
  {
    rt::Mapper m(c);
    EXPECT_EQ(m.tile_count(10, 10), 5);
    EXPECT_EQ(m.tile_count(1 << 30, 1 << 20), 5);
    EXPECT_EQ(m.tile_count(100, 2), 2);
    EXPECT_EQ(m.tile_count(0, 0), 1);
  }
}

TEST(RuntimePartitionMath, KeyPartitionSharedForEqualShapes) {
  rt::MapperConfig c;
  c.threads = 4;
  c.tiles = 3;
  rt::Mapper m(c);
  auto a = m.key_partition(Dims{30, 4});
  auto b = m.key_partition(Dims{30, 4});
  auto other = m.key_partition(Dims{30, 5});
  auto scalar = m.key_partition(Dims{});
  EXPECT_EQ(a.get(), b.get()) << "equal shapes must share one partition object";
  EXPECT_NE(a.get(), other.get());
  EXPECT_EQ(a->rows, (std::vector<int64_t>{0, 10, 20, 30}));
  EXPECT_EQ(scalar->num_tiles(), 1);
  EXPECT_EQ(scalar->rows, (std::vector<int64_t>{0, 1}));
  // After many other shapes the cached entry may be evicted; a fresh one must be equal.
  for (int i = 1; i <= 40; ++i) m.key_partition(Dims{i, 7});
  auto again = m.key_partition(Dims{30, 4});
  EXPECT_EQ(again->rows, a->rows);
}

TEST_F(RuntimePartition, MakeStoreSharesKeyPartitionOfEqualShapes) {
  use([](rt::MapperConfig& c) { c.tiles = 4; });
  Store a = i64({16, 3}), b = i64({16, 3}), c = i64({16, 2});
  EXPECT_EQ(&a.root->partition(), &b.root->partition());
  EXPECT_NE(&a.root->partition(), &c.root->partition());
  EXPECT_EQ(a.root->num_tiles(), 4);
  EXPECT_EQ(a.root->row_bytes(), 24);
  EXPECT_EQ(a.root->nbytes(), 16 * 3 * 8);
  EXPECT_TRUE(a.is_root_view());
  EXPECT_FALSE(reversed(a).is_root_view());
  EXPECT_FALSE(transposed(a).is_c_contiguous());
  EXPECT_TRUE(slice(a, 0, 2, 5).is_c_contiguous());
  EXPECT_FALSE(slice(a, 0, 2, 5).is_root_view());
}

TEST_F(RuntimePartition, EdgeShapesRunDeferred) {
  deferred(4);
  auto& rt = Runtime::get();
  Params f;
  f.mode = Mode::Fill;
  f.b = 5;
  Store empty = i64({0, 3}), scalar = i64({}), two = i64({2, 3}), one = i64({1});
  EXPECT_EQ(empty.root->num_tiles(), 1);
  EXPECT_EQ(scalar.root->num_tiles(), 1);
  EXPECT_EQ(two.root->num_tiles(), 2);  // never more tiles than rows
  for (const Store* s : {&empty, &scalar, &two, &one}) rt.launch(affine_launch(f, nullptr, *s));
  Store empty_view = slice(two, 0, 1, 0);  // two[1:1]
  rt.launch(affine_launch(f, nullptr, empty_view));
  rt.sync();
  EXPECT_TRUE(read_all(empty).empty());
  EXPECT_EQ(read_all(scalar), std::vector<int64_t>{5});
  EXPECT_EQ(read_all(two), (std::vector<int64_t>{5, 6, 7, 1005, 1006, 1007}));
  EXPECT_EQ(read_all(one), std::vector<int64_t>{5});
}

TEST(RuntimePartitionMath, TilesOverlappingOnBoundaries) {
  // 10 int64 rows of 2 elements (16 bytes per row) in tiles of rows {0,3,6,10}.
  auto part = std::make_shared<const rt::Partition>(rt::split_rows(10, 3));
  rt::Root r(Dims{10, 2}, DType::Int64, part);
  ASSERT_EQ(r.row_bytes(), 16);
  auto tiles = [&](int64_t lo, int64_t hi) {
    int first = -1, last = -1;
    r.tiles_overlapping(lo, hi, first, last);
    return std::pair<int, int>(first, last);
  };
  using P = std::pair<int, int>;
  EXPECT_EQ(r.tile_begin(1), 48);
  EXPECT_EQ(r.tile_end(1), 96);
  EXPECT_EQ(tiles(0, 160), P(0, 3));
  EXPECT_EQ(tiles(0, 48), P(0, 1));    // ends exactly at the boundary
  EXPECT_EQ(tiles(0, 49), P(0, 2));    // one byte into tile 1
  EXPECT_EQ(tiles(47, 48), P(0, 1));   // last byte of tile 0
  EXPECT_EQ(tiles(48, 49), P(1, 2));   // first byte of tile 1
  EXPECT_EQ(tiles(48, 96), P(1, 2));   // exactly tile 1
  EXPECT_EQ(tiles(95, 97), P(1, 3));   // straddles 1|2
  EXPECT_EQ(tiles(40, 104), P(0, 3));  // straddles both boundaries
  EXPECT_EQ(tiles(152, 160), P(2, 3)); // last element
  EXPECT_EQ(tiles(8, 16), P(0, 1));    // inside a row
  // An empty range is answered conservatively with every tile.
  EXPECT_EQ(tiles(50, 50), P(0, 3));
}

TEST(RuntimePartitionMath, FootprintOfStridedViews) {
  // A plain Store (no root needed for footprint).
  Store s;
  s.dtype = DType::Int64;
  s.shape = Dims{10};
  s.strides = Dims{8};
  int64_t lo, hi;
  s.footprint(0, 10, lo, hi);
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 80);
  s.footprint(3, 5, lo, hi);
  EXPECT_EQ(lo, 24);
  EXPECT_EQ(hi, 40);

  // Reversed: element i at 72 - 8 i.
  Store r = reversed(s);
  EXPECT_EQ(r.offset, 72);
  r.footprint(0, 10, lo, hi);
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 80);
  r.footprint(0, 1, lo, hi);
  EXPECT_EQ(lo, 72);
  EXPECT_EQ(hi, 80);
  r.footprint(2, 5, lo, hi);  // elements 7, 6, 5 of the root
  EXPECT_EQ(lo, 40);
  EXPECT_EQ(hi, 64);

  // 2-d, negative stride in dim 1, rows [1, 3) of a (4, 5) root reversed along columns.
  Store m;
  m.dtype = DType::Int64;
  m.shape = Dims{4, 5};
  m.strides = rt::contiguous_strides(m.shape, 8);
  EXPECT_EQ(m.strides, (Dims{40, 8}));
  Store mc = reversed(m, 1);
  mc.footprint(1, 3, lo, hi);
  EXPECT_EQ(lo, 40);
  EXPECT_EQ(hi, 120);
  // Transposed (5, 4): rows [1, 2) are root column 1: bytes 8 .. 3*40+8+8.
  Store mt = transposed(m);
  mt.footprint(1, 2, lo, hi);
  EXPECT_EQ(lo, 8);
  EXPECT_EQ(hi, 136);

  // Zero stride (broadcast) along dim 0: every row is root row 2.
  Store b = broadcast_row(m, 2, 100);
  b.footprint(0, 100, lo, hi);
  EXPECT_EQ(lo, 80);
  EXPECT_EQ(hi, 120);
  b.footprint(37, 38, lo, hi);
  EXPECT_EQ(lo, 80);
  EXPECT_EQ(hi, 120);
  // Zero stride along dim 1 (a column broadcast along rows).
  Store bc = m;
  bc.strides[1] = 0;
  bc.footprint(1, 3, lo, hi);
  EXPECT_EQ(lo, 40);
  EXPECT_EQ(hi, 88);

  // Empty views and empty row ranges touch nothing.
  Store e = slice(m, 0, 2, 0);
  e.footprint(0, 0, lo, hi);
  EXPECT_EQ(lo, hi);
  m.footprint(2, 2, lo, hi);
  EXPECT_EQ(lo, hi);
  // 0-d: one element at the offset.
  Store z;
  z.dtype = DType::Int32;
  z.offset = 12;
  z.footprint(0, 1, lo, hi);
  EXPECT_EQ(lo, 12);
  EXPECT_EQ(hi, 16);
}

}  // namespace
}  // namespace tessera::rttest
