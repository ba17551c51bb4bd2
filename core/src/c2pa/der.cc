#include "c2pa/der.h"

#include <cstdio>

#include "util/text_encoding.h"

namespace dsmark::c2pa {

bool DerReader::next(DerItem& out) {
  const size_t start = r_.offset();
  uint8_t tag = 0, first = 0;
  if (!r_.u8(tag) || (tag & 0x1F) == 0x1F || !r_.u8(first)) return false;
  uint64_t len = first;
  if (first & 0x80) {
    const int n = first & 0x7F;
    if (n == 0 || n > 4) return false;  // indefinite lengths are not DER; 4 bytes is far beyond any limit here
    len = 0;
    for (int i = 0; i < n; ++i) {
      uint8_t b = 0;
      if (!r_.u8(b)) return false;
      len = len << 8 | b;
    }
  }
  if (len > r_.remaining()) return false;
  out.tag = tag;
  (void)r_.bytes(static_cast<size_t>(len), out.content);
  out.whole = r_.data().subspan(start, r_.offset() - start);
  return true;
}

std::string oid_text(Bytes c) {
  std::string out;
  uint64_t arc = 0;
  bool first = true;
  int bytes_in_arc = 0;
  for (uint8_t b : c) {
    if (++bytes_in_arc > 9) return {};
    arc = arc << 7 | (b & 0x7F);
    if (b & 0x80) continue;
    if (first) {
      const uint64_t a = arc < 40 ? 0 : arc < 80 ? 1 : 2;
      out = std::to_string(a) + "." + std::to_string(arc - a * 40);
      first = false;
    } else {
      out += "." + std::to_string(arc);
    }
    arc = 0;
    bytes_in_arc = 0;
  }
  if (bytes_in_arc != 0) return {};
  return out;
}

namespace {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

bool der_time(const DerItem& item, int64_t& t) {
  const std::string_view s = as_chars(item.content);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  size_t p = 0;
  if (item.tag == der_tag::kUtcTime) {
    if (!digits(s, 0, 2, y)) return false;
    y += y < 50 ? 2000 : 1900;
    p = 2;
  } else if (item.tag == der_tag::kGeneralizedTime) {
    if (!digits(s, 0, 4, y)) return false;
    p = 4;
  } else {
    return false;
  }
  if (!digits(s, p, 2, mo) || !digits(s, p + 2, 2, d) || !digits(s, p + 4, 2, h) || !digits(s, p + 6, 2, mi)) return false;
  p += 8;
  if (p < s.size() && s[p] >= '0' && s[p] <= '9') {
    if (!digits(s, p, 2, sec)) return false;
    p += 2;
  }
  if (p < s.size() && (s[p] == '.' || s[p] == ',')) {  // fractional seconds (RFC 3161 genTime)
    ++p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
  }
  if (p >= s.size() || s[p] != 'Z') return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return false;
  t = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec;
  return true;
}

std::string iso8601(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t rem = t - days * 86400;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return buf;
}

std::string der_string(const DerItem& item) {
  const std::string_view s = as_chars(item.content);
  switch (item.tag) {
    case der_tag::kUtf8:
    case der_tag::kPrintable:
    case der_tag::kIa5:
      return std::string(s);
    case der_tag::kTeletex:
      return latin1_to_utf8(s);
    case der_tag::kBmp:
    case der_tag::kUniversal: {
      const size_t unit = item.tag == der_tag::kBmp ? 2 : 4;
      std::string out;
      for (size_t i = 0; i + unit <= s.size(); i += unit) {
        uint32_t cp = 0;
        for (size_t k = 0; k < unit; ++k) cp = cp << 8 | static_cast<uint8_t>(s[i + k]);
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // BMPString has no surrogate pairs
        if (cp > 0x10FFFF) cp = 0xFFFD;
        if (cp < 0x80) {
          out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out.push_back(static_cast<char>(0xC0 | cp >> 6));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
          out.push_back(static_cast<char>(0xE0 | cp >> 12));
          out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xF0 | cp >> 18));
          out.push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
      }
      return out;
    }
    default:
      return {};
  }
}

Bytes der_unsigned(Bytes c) {
  while (c.size() > 1 && c[0] == 0) c = c.subspan(1);
  return c;
}

}  // namespace dsmark::c2pa
