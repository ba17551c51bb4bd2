// Small queries on reports and test data shared by the core tests.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "dsmark/report.h"

namespace dsmark::test {

// The first mark of `scheme`, or nullptr.
inline const Mark* find_mark(const Report& r, std::string_view scheme) {
  for (const Mark& m : r.marks) {
    if (m.scheme == scheme) return &m;
  }
  return nullptr;
}

// Whether one of `lines` contains `words`.
inline bool any_contains(const std::vector<std::string>& lines, std::string_view words) {
  for (const std::string& line : lines) {
    if (line.find(words) != std::string::npos) return true;
  }
  return false;
}

inline bool has_warning(const Report& r, std::string_view words) { return any_contains(r.warnings, words); }

// A file under tests/data (DSMARK_TEST_DATA_DIR), e.g. "audio/label-aac.m4a"; empty when missing.
inline std::vector<uint8_t> test_data_file(const std::string& relative) {
  std::ifstream in(std::string(DSMARK_TEST_DATA_DIR) + "/" + relative, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace dsmark::test
