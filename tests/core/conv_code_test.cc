#include "util/conv_code.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "support/images.h"

namespace dsmark {
namespace {

using End = ConvCode::End;

std::vector<uint8_t> random_bits(test::Rng& rng, size_t n) {
  std::vector<uint8_t> bits(n);
  for (uint8_t& b : bits) b = rng.next() & 1;
  return bits;
}

std::vector<double> noisy(const std::vector<uint8_t>& coded, test::Rng& rng, double sigma) {
  std::vector<double> soft(coded.size());
  for (size_t i = 0; i < coded.size(); ++i) soft[i] = (coded[i] ? -1.0 : 1.0) + sigma * rng.normal();
  return soft;
}

TEST(ConvCode, ZeroTailRateThirdDecodesThroughErrorsAndNoise) {
  const ConvCode code(6, {0133, 0171, 0165}, End::kZeroTail);  // the image watermark's
  test::Rng rng(5);
  const std::vector<uint8_t> info = random_bits(rng, 96);
  const std::vector<uint8_t> coded = code.encode(info);
  ASSERT_EQ(coded.size(), 306u);
  ASSERT_EQ(code.coded_bits(96), 306u);
  std::vector<double> soft = noisy(coded, rng, 0.8);
  for (size_t i = 0; i < coded.size(); i += 17) soft[i] = -soft[i];  // and some hard errors
  EXPECT_EQ(code.decode(soft, 96), info);
}

TEST(ConvCode, ZeroTailEncodingIsTheKnownOne) {
  // A single 1 followed by zeros gives the generators' taps, newest input first: for 0133 = 1 011 011 the register
  // bit 6 (the new input), then bits 5..0 as the 1 moves down.
  const ConvCode code(6, {0133, 0171, 0165}, End::kZeroTail);
  const std::vector<uint8_t> coded = code.encode(std::vector<uint8_t>{1});
  ASSERT_EQ(coded.size(), 21u);
  const uint32_t g[3] = {0133, 0171, 0165};
  for (size_t t = 0; t < 7; ++t) {
    for (size_t k = 0; k < 3; ++k) EXPECT_EQ(coded[3 * t + k], (g[k] >> (6 - t)) & 1) << "step " << t << " output " << k;
  }
}

TEST(ConvCode, TailBitingIsACircle) {
  const ConvCode code(6, {0171, 0133}, End::kTailBiting);  // the audio watermark's
  test::Rng rng(7);
  const std::vector<uint8_t> info = random_bits(rng, 48);
  const std::vector<uint8_t> coded = code.encode(info);
  ASSERT_EQ(coded.size(), 96u);
  ASSERT_EQ(code.coded_bits(48), 96u);
  // Rotating the input by one bit rotates the code word by one section: no position is special.
  std::vector<uint8_t> rotated(info.begin() + 1, info.end());
  rotated.push_back(info[0]);
  const std::vector<uint8_t> coded_rotated = code.encode(rotated);
  for (size_t i = 0; i < coded.size(); ++i) EXPECT_EQ(coded_rotated[i], coded[(i + 2) % coded.size()]) << i;
  // Linear: the code word of a XOR b is the XOR of theirs.
  const std::vector<uint8_t> other = random_bits(rng, 48);
  std::vector<uint8_t> sum(48);
  for (size_t i = 0; i < 48; ++i) sum[i] = info[i] ^ other[i];
  const std::vector<uint8_t> coded_other = code.encode(other), coded_sum = code.encode(sum);
  for (size_t i = 0; i < coded.size(); ++i) EXPECT_EQ(coded_sum[i], coded[i] ^ coded_other[i]) << i;
}

TEST(ConvCode, TailBitingDecodesThroughErrorsAnywhere) {
  const ConvCode code(6, {0171, 0133}, End::kTailBiting);
  test::Rng rng(11);
  for (int trial = 0; trial < 20; ++trial) {
    const std::vector<uint8_t> info = random_bits(rng, 48);
    std::vector<double> soft = noisy(code.encode(info), rng, 0.4);
    // Four hard errors, spread round the circle and moving with the trial: at both ends of the word too, where a
    // zero-tail code's known start and end states would have helped.
    for (size_t i : {1u, 30u, 61u, 94u}) soft[(i + 7 * trial) % soft.size()] *= -1;
    soft[(50 + trial) % soft.size()] = 0;  // an erasure
    EXPECT_EQ(code.decode(soft, 48), info) << "trial " << trial;
  }
}

TEST(ConvCode, TailBitingDecodingIsMaximumLikelihood) {
  // On a short word every input can be tried: the decoder's answer correlates best with the soft values.
  const ConvCode code(6, {0171, 0133}, End::kTailBiting);
  test::Rng rng(3);
  for (int trial = 0; trial < 10; ++trial) {
    std::vector<double> soft(2 * 12);
    for (double& v : soft) v = rng.normal();  // pure noise: the hardest case for a shortcut
    double best = -1e300;
    std::vector<uint8_t> best_bits;
    for (uint32_t w = 0; w < (1u << 12); ++w) {
      std::vector<uint8_t> bits(12);
      for (size_t i = 0; i < 12; ++i) bits[i] = w >> (11 - i) & 1;
      const std::vector<uint8_t> c = code.encode(bits);
      double m = 0;
      for (size_t i = 0; i < c.size(); ++i) m += c[i] ? -soft[i] : soft[i];
      if (m > best) best = m, best_bits = bits;
    }
    EXPECT_EQ(code.decode(soft, 12), best_bits) << "trial " << trial;
  }
}

// Every input word of a short code with its metric, highest first (ties: the lower word first).
std::vector<std::pair<double, std::vector<uint8_t>>> all_words(const ConvCode& code, const std::vector<double>& soft,
                                                               size_t info_bits) {
  std::vector<std::pair<double, std::vector<uint8_t>>> words;
  for (uint32_t w = 0; w < (1u << info_bits); ++w) {
    std::vector<uint8_t> bits(info_bits);
    for (size_t i = 0; i < info_bits; ++i) bits[i] = w >> (info_bits - 1 - i) & 1;
    words.emplace_back(code.metric(soft, code.encode(bits)), bits);
  }
  std::stable_sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  return words;
}

TEST(ConvCode, ListDecodingGivesEveryWordInOrderOfMetric) {
  // Against all 4096 words of 12 bits (tail-biting: 12 sections; zero-tail: 9 bits + 6 tail sections), the list's
  // first 300 words are the 300 best, in order, each once, each with its own metric.
  struct Case {
    ConvCode code;
    size_t info_bits;
  };
  const Case cases[] = {{ConvCode(6, {0133, 0171, 0165}, End::kTailBiting), 12},
                        {ConvCode(6, {0171, 0133}, End::kTailBiting), 12},
                        {ConvCode(6, {0133, 0171, 0165}, End::kZeroTail), 9}};
  test::Rng rng(21);
  for (const Case& c : cases) {
    for (int trial = 0; trial < 4; ++trial) {
      std::vector<double> soft(c.code.coded_bits(c.info_bits));
      for (double& v : soft) v = rng.normal();
      if (trial == 3) soft[5] = soft[9] = 0;  // erasures give equal metrics: the order must still be exact
      const auto expected = all_words(c.code, soft, c.info_bits);
      std::vector<std::pair<double, std::vector<uint8_t>>> listed;
      const std::vector<uint8_t> none =
          c.code.decode_list(soft, c.info_bits, 300, -1e9, [&](std::span<const uint8_t> bits, double m) {
            listed.emplace_back(m, std::vector<uint8_t>(bits.begin(), bits.end()));
            return false;
          });
      EXPECT_TRUE(none.empty());
      ASSERT_EQ(listed.size(), 300u);
      EXPECT_EQ(listed[0].second, c.code.decode(soft, c.info_bits)) << "trial " << trial;
      std::set<std::vector<uint8_t>> seen;
      for (size_t i = 0; i < listed.size(); ++i) {
        EXPECT_NEAR(listed[i].first, expected[i].first, 1e-9) << "trial " << trial << " rank " << i;
        EXPECT_NEAR(listed[i].first, c.code.metric(soft, c.code.encode(listed[i].second)), 1e-9) << i;
        EXPECT_TRUE(seen.insert(listed[i].second).second) << "word listed twice at rank " << i;
      }
    }
  }
}

TEST(ConvCode, ListDecodingStopsAtAcceptanceFloorAndLimit) {
  const ConvCode code(6, {0133, 0171, 0165}, End::kTailBiting);
  test::Rng rng(9);
  std::vector<double> soft(3 * 12);
  for (double& v : soft) v = rng.normal();
  const auto expected = all_words(code, soft, 12);
  // The first word whose last bit is 1 (a stand-in for a CRC) is returned, after the words ranked above it.
  size_t first_odd = 0;
  while (expected[first_odd].second.back() == 0) ++first_odd;
  size_t calls = 0;
  const std::vector<uint8_t> got = code.decode_list(soft, 12, 4096, -1e9, [&](std::span<const uint8_t> bits, double) {
    ++calls;
    return bits.back() == 1;
  });
  EXPECT_EQ(got, expected[first_odd].second);
  EXPECT_EQ(calls, first_odd + 1);
  // No word below the floor: with the floor just under the 10th metric, exactly the 10 words above it.
  const double floor = expected[9].first - 1e-9;
  ASSERT_GT(expected[9].first - expected[10].first, 1e-6);
  calls = 0;
  EXPECT_TRUE(code.decode_list(soft, 12, 4096, floor, [&](auto, double m) {
                    EXPECT_GE(m, floor);
                    ++calls;
                    return false;
                  }).empty());
  EXPECT_EQ(calls, 10u);
  // At most max_words words.
  calls = 0;
  code.decode_list(soft, 12, 7, -1e9, [&](auto, double) { return ++calls, false; });
  EXPECT_EQ(calls, 7u);
  // Input decode() cannot take lists nothing.
  EXPECT_TRUE(code.decode_list(std::vector<double>(5, 1.0), 12, 10, -1e9, [](auto, double) { return true; }).empty());
}

TEST(ConvCode, ShortOrMalformedInputGivesZeros) {
  const ConvCode tail_biting(6, {0171, 0133}, End::kTailBiting);
  EXPECT_TRUE(tail_biting.encode(std::vector<uint8_t>{1, 0, 1}).empty());  // fewer bits than the memory
  EXPECT_EQ(tail_biting.decode(std::vector<double>(10, -1.0), 48), std::vector<uint8_t>(48, 0));  // too few values
  const ConvCode bad(6, {0400}, End::kZeroTail);  // a generator longer than the constraint length
  EXPECT_EQ(bad.coded_bits(10), 0u);
  EXPECT_TRUE(bad.encode(std::vector<uint8_t>{1, 0}).empty());
}

}  // namespace
}  // namespace dsmark
