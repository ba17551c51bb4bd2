// The parts of a text that are not prose a reader sees as sentences: in Markdown the front matter, code
// (fenced, indented, inline), HTML tags and comments, link destinations and reference definitions; in any
// text, URLs and e-mail addresses. The explicit-label detector skips them, and the text watermark never puts
// a hidden character into them (a hidden character inside code or a URL would break it).
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace dsmark {

struct ByteRange {
  size_t begin;
  size_t end;
};

// Sorted, non-overlapping byte ranges of `text` (UTF-8, LF line breaks).
std::vector<ByteRange> non_prose_ranges(std::string_view text, bool markdown);

// Walks sorted ranges alongside increasing offsets: contains(i) for i never smaller than the previous call.
class RangeCursor {
 public:
  explicit RangeCursor(const std::vector<ByteRange>& ranges) : r_(ranges) {}
  bool contains(size_t i) {
    while (k_ < r_.size() && r_[k_].end <= i) ++k_;
    return k_ < r_.size() && r_[k_].begin <= i;
  }
  // The end of the range holding i (call after contains(i) returned true).
  size_t end_of_current() const { return r_[k_].end; }

 private:
  const std::vector<ByteRange>& r_;
  size_t k_ = 0;
};

}  // namespace dsmark
