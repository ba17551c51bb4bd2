// PDF (ISO 32000-1 §7): the document information dictionary (trailer /Info: /AIGC and the other keys), the
// catalog's XMP metadata stream (/Root /Metadata), and an embedded C2PA manifest store (a file specification
// with /AFRelationship /C2PA_Manifest). Objects are located by scanning for "N G obj" (the way tolerant readers
// rebuild a broken cross-reference table), so incremental updates (later definitions win), damaged xref tables
// and object streams (/Type /ObjStm, FlateDecode) are all read. Encrypted files are reported, not decrypted.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "container/walkers.h"
#include "util/byte_reader.h"
#include "util/inflate.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr uint32_t kMaxPdfDepth = 32;

struct PdfValue {
  enum class Type { kNull, kBool, kNumber, kString, kName, kArray, kDict, kRef } type = Type::kNull;
  double number = 0;
  std::string text;  // string bytes (decoded escapes) or name (decoded #xx)
  uint32_t num = 0, gen = 0;
  std::vector<PdfValue> items;     // array
  std::vector<std::string> keys;   // dictionary keys, in order; values in `values`
  std::vector<PdfValue> values;

  const PdfValue* get(std::string_view key) const {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return &values[i];
    }
    return nullptr;
  }
  bool is_name(std::string_view n) const { return type == Type::kName && text == n; }
};

bool is_white(uint8_t c) { return c == 0 || c == 9 || c == 10 || c == 12 || c == 13 || c == 32; }
bool is_delim(uint8_t c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' ||
         c == '%';
}

class Lexer {
 public:
  Lexer(Bytes data, size_t pos) : d_(data), p_(pos) {}
  size_t pos() const { return p_; }

  void skip_white() {
    while (p_ < d_.size()) {
      if (is_white(d_[p_])) {
        ++p_;
      } else if (d_[p_] == '%') {
        while (p_ < d_.size() && d_[p_] != '\n' && d_[p_] != '\r') ++p_;
      } else {
        break;
      }
    }
  }
  bool keyword(std::string_view k) {
    skip_white();
    if (p_ + k.size() > d_.size() || as_chars(d_.subspan(p_, k.size())) != k) return false;
    if (p_ + k.size() < d_.size() && !is_white(d_[p_ + k.size()]) && !is_delim(d_[p_ + k.size()])) return false;
    p_ += k.size();
    return true;
  }

  bool value(PdfValue& v, uint32_t depth) {
    if (depth > kMaxPdfDepth) return false;
    skip_white();
    if (p_ >= d_.size()) return false;
    const uint8_t c = d_[p_];
    if (c == '<' && p_ + 1 < d_.size() && d_[p_ + 1] == '<') {
      p_ += 2;
      v.type = PdfValue::Type::kDict;
      while (true) {
        skip_white();
        if (p_ + 1 < d_.size() && d_[p_] == '>' && d_[p_ + 1] == '>') {
          p_ += 2;
          return true;
        }
        if (p_ >= d_.size() || d_[p_] != '/') return false;
        PdfValue key;
        if (!name(key)) return false;
        PdfValue item;
        if (!value(item, depth + 1)) return false;
        if (v.keys.size() < 4096) {
          v.keys.push_back(std::move(key.text));
          v.values.push_back(std::move(item));
        }
      }
    }
    if (c == '<') return hex_string(v);
    if (c == '(') return literal_string(v);
    if (c == '/') return name(v);
    if (c == '[') {
      ++p_;
      v.type = PdfValue::Type::kArray;
      while (true) {
        skip_white();
        if (p_ < d_.size() && d_[p_] == ']') {
          ++p_;
          return true;
        }
        PdfValue item;
        if (!value(item, depth + 1)) return false;
        if (v.items.size() < 65536) v.items.push_back(std::move(item));
      }
    }
    if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) return number_or_ref(v);
    if (keyword("true")) { v.type = PdfValue::Type::kBool; v.number = 1; return true; }
    if (keyword("false")) { v.type = PdfValue::Type::kBool; return true; }
    if (keyword("null")) return true;
    return false;
  }

 private:
  bool name(PdfValue& v) {
    ++p_;  // '/'
    v.type = PdfValue::Type::kName;
    while (p_ < d_.size() && !is_white(d_[p_]) && !is_delim(d_[p_])) {
      if (d_[p_] == '#' && p_ + 2 < d_.size()) {
        const int hi = hex(d_[p_ + 1]), lo = hex(d_[p_ + 2]);
        if (hi >= 0 && lo >= 0) {
          v.text += static_cast<char>(hi * 16 + lo);
          p_ += 3;
          continue;
        }
      }
      v.text += static_cast<char>(d_[p_++]);
    }
    return true;
  }
  static int hex(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex_string(PdfValue& v) {
    ++p_;
    v.type = PdfValue::Type::kString;
    int pending = -1;
    while (p_ < d_.size() && d_[p_] != '>') {
      const int h = hex(d_[p_++]);
      if (h < 0) continue;  // white space (and junk) is ignored
      if (pending < 0) {
        pending = h;
      } else {
        v.text += static_cast<char>(pending * 16 + h);
        pending = -1;
      }
    }
    if (p_ >= d_.size()) return false;
    ++p_;
    if (pending >= 0) v.text += static_cast<char>(pending * 16);  // an odd digit count: the last is followed by 0
    return true;
  }
  bool literal_string(PdfValue& v) {
    ++p_;
    v.type = PdfValue::Type::kString;
    int nesting = 1;
    while (p_ < d_.size()) {
      uint8_t c = d_[p_++];
      if (c == '\\') {
        if (p_ >= d_.size()) return false;
        const uint8_t e = d_[p_++];
        switch (e) {
          case 'n': v.text += '\n'; break;
          case 'r': v.text += '\r'; break;
          case 't': v.text += '\t'; break;
          case 'b': v.text += '\b'; break;
          case 'f': v.text += '\f'; break;
          case '\r': if (p_ < d_.size() && d_[p_] == '\n') ++p_; break;  // line continuation
          case '\n': break;
          default:
            if (e >= '0' && e <= '7') {
              int code = e - '0';
              for (int k = 0; k < 2 && p_ < d_.size() && d_[p_] >= '0' && d_[p_] <= '7'; ++k) code = code * 8 + (d_[p_++] - '0');
              v.text += static_cast<char>(code & 0xFF);
            } else {
              v.text += static_cast<char>(e);  // \( \) \\ and unknown escapes: the character itself
            }
        }
        continue;
      }
      if (c == '(') ++nesting;
      if (c == ')' && --nesting == 0) return true;
      if (c == '\r') {  // an end of line inside a string reads as \n
        if (p_ < d_.size() && d_[p_] == '\n') ++p_;
        c = '\n';
      }
      v.text += static_cast<char>(c);
    }
    return false;
  }
  bool integer_at(size_t& p, uint64_t& out) const {
    const size_t start = p;
    out = 0;
    while (p < d_.size() && d_[p] >= '0' && d_[p] <= '9' && p - start < 12) out = out * 10 + (d_[p++] - '0');
    return p > start && (p >= d_.size() || is_white(d_[p]) || is_delim(d_[p]));
  }
  bool number_or_ref(PdfValue& v) {
    // "N G R" is a reference; anything else a number.
    size_t p = p_;
    uint64_t num = 0, gen = 0;
    if (integer_at(p, num)) {
      size_t q = p;
      while (q < d_.size() && is_white(d_[q])) ++q;
      if (integer_at(q, gen)) {
        while (q < d_.size() && is_white(d_[q])) ++q;
        if (q < d_.size() && d_[q] == 'R' && (q + 1 >= d_.size() || is_white(d_[q + 1]) || is_delim(d_[q + 1]))) {
          v.type = PdfValue::Type::kRef;
          v.num = static_cast<uint32_t>(num);
          v.gen = static_cast<uint32_t>(gen);
          p_ = q + 1;
          return true;
        }
      }
    }
    const size_t start = p_;
    while (p_ < d_.size() && (d_[p_] == '+' || d_[p_] == '-' || d_[p_] == '.' || (d_[p_] >= '0' && d_[p_] <= '9'))) ++p_;
    v.type = PdfValue::Type::kNumber;
    v.number = std::strtod(std::string(as_chars(d_.subspan(start, p_ - start))).c_str(), nullptr);
    return true;
  }

  Bytes d_;
  size_t p_;
};

struct ObjectRef {
  size_t offset;   // of the value after "obj"
  bool in_stream;  // defined inside an object stream (offset is then into that stream's decoded bytes)
  uint32_t objstm = 0;
};

class PdfReader {
 public:
  PdfReader(Bytes file, Inventory& inv) : f_(file), inv_(inv) {}

  Status run() {
    DSMARK_RETURN_IF_ERROR(scan());
    // The newest trailer wins (incremental updates append a new one).
    std::optional<PdfValue> info_ref, root_ref;
    bool encrypted = false;
    std::sort(trailers_.begin(), trailers_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto it = trailers_.rbegin(); it != trailers_.rend(); ++it) {
      const PdfValue& t = it->second;
      if (!info_ref) if (const PdfValue* i = t.get("Info")) info_ref = *i;
      if (!root_ref) if (const PdfValue* r = t.get("Root")) root_ref = *r;
      if (t.get("Encrypt")) encrypted = true;
    }
    if (encrypted) {
      inv_.warn("the PDF is encrypted: its document information and metadata could not be read");
      return Status::ok();
    }
    if (info_ref) DSMARK_RETURN_IF_ERROR(read_info(*info_ref));
    bool have_xmp = false;
    if (root_ref) {
      PdfValue root = resolve(*root_ref);
      if (const PdfValue* meta = root.get("Metadata"); meta && meta->type == PdfValue::Type::kRef) {
        std::vector<uint8_t> xml;
        if (stream_bytes(meta->num, xml)) {
          have_xmp = true;
          Status st = inv_.add_xmp("pdf:Metadata", std::string(xml.begin(), xml.end()));
          if (st.code() == StatusCode::kLimit) return st;
        }
      }
    }
    if (!have_xmp) DSMARK_RETURN_IF_ERROR(scan_xmp_packets(f_, "pdf:xmp", inv_));
    return c2pa();
  }

 private:
  // Finds every "N G obj", skipping stream data, and every trailer dictionary (classic and XRef streams).
  Status scan() {
    const std::string_view all = as_chars(f_);
    size_t pos = 0;
    uint32_t count = 0;
    while ((pos = all.find("obj", pos)) != std::string_view::npos) {
      const size_t after = pos + 3;
      uint32_t num = 0;
      if (!object_header_before(pos, num) || (after < f_.size() && !is_white(f_[after]) && !is_delim(f_[after]))) {
        pos = after;
        continue;
      }
      if (++count > inv_.limits().max_boxes) return Status::limit("the PDF has more objects than the limit");
      Lexer lx(f_, after);
      PdfValue v;
      if (!lx.value(v, 0)) {
        // Continue where the value broke off (an unterminated string may have run to the end): every byte is
        // parsed at most once, so crafted files cannot make the scan quadratic.
        pos = std::max(lx.pos(), after);
        continue;
      }
      objects_[num] = ObjectRef{after, false};
      size_t end = lx.pos();
      if (v.type == PdfValue::Type::kDict) {
        if (v.get("Type") && v.get("Type")->is_name("XRef")) trailers_.emplace_back(pos, v);
        if (v.get("Type") && v.get("Type")->is_name("ObjStm")) objstms_.push_back(num);
        if (lx.keyword("stream")) {
          size_t data = lx.pos();
          if (data < f_.size() && f_[data] == '\r') ++data;
          if (data < f_.size() && f_[data] == '\n') ++data;
          const PdfValue* len = v.get("Length");
          const size_t es = all.find("endstream", data);
          size_t stop = es == std::string_view::npos ? f_.size() : es;
          if (len && len->type == PdfValue::Type::kNumber && len->number >= 0 && data + static_cast<size_t>(len->number) <= f_.size()) {
            const size_t by_length = data + static_cast<size_t>(len->number);
            // Trust /Length when "endstream" follows it; otherwise the keyword search.
            const size_t k = all.find("endstream", by_length);
            if (k != std::string_view::npos && k - by_length <= 4) stop = by_length;
          }
          streams_[num] = f_.subspan(data, stop - data);
          end = es == std::string_view::npos ? f_.size() : std::max(stop, es);
        }
      }
      pos = std::max(end, after);
    }
    pos = 0;
    while ((pos = all.find("trailer", pos)) != std::string_view::npos && trailers_.size() < 256) {
      Lexer lx(f_, pos + 7);
      PdfValue t;
      if (lx.value(t, 0) && t.type == PdfValue::Type::kDict) trailers_.emplace_back(pos, std::move(t));
      pos = std::max(lx.pos(), pos + 7);
    }
    return Status::ok();
  }

  // Is "obj" at `pos` preceded by "<num> <gen> "?
  bool object_header_before(size_t pos, uint32_t& num) const {
    size_t p = pos;
    auto digits_back = [&](uint64_t& value) {
      size_t end = p;
      while (p > 0 && f_[p - 1] >= '0' && f_[p - 1] <= '9' && end - p < 10) --p;
      if (p == end) return false;
      value = 0;
      for (size_t i = p; i < end; ++i) value = value * 10 + (f_[i] - '0');
      return true;
    };
    auto white_back = [&]() {
      const size_t end = p;
      while (p > 0 && is_white(f_[p - 1])) --p;
      return p < end;
    };
    uint64_t gen = 0, n = 0;
    if (!white_back() || !digits_back(gen) || !white_back() || !digits_back(n)) return false;
    if (p > 0 && !is_white(f_[p - 1]) && !is_delim(f_[p - 1])) return false;
    num = static_cast<uint32_t>(n);
    return true;
  }

  PdfValue resolve(const PdfValue& v, uint32_t hops = 0) {
    if (v.type != PdfValue::Type::kRef || hops > 8) return v;
    PdfValue out;
    auto it = objects_.find(v.num);
    if (it != objects_.end()) {
      Lexer lx(f_, it->second.offset);
      if (!lx.value(out, 0)) return PdfValue{};
    } else if (!from_object_streams(v.num, out)) {
      return PdfValue{};
    }
    return resolve(out, hops + 1);
  }

  // Looks `num` up in the object streams (decoded once each, capped).
  bool from_object_streams(uint32_t num, PdfValue& out) {
    for (uint32_t stm : objstms_) {
      auto& decoded = objstm_cache_[stm];
      if (!decoded) {
        decoded = std::make_unique<std::vector<uint8_t>>();
        // All object streams together stay within the metadata budget.
        if (objstm_bytes_ >= inv_.limits().max_metadata_bytes || !stream_bytes(stm, *decoded)) continue;
        objstm_bytes_ += decoded->size();
      }
      Lexer header_dict(f_, objects_[stm].offset);
      PdfValue d;
      if (!header_dict.value(d, 0)) continue;
      const PdfValue* n = d.get("N");
      const PdfValue* first = d.get("First");
      if (!n || !first || n->number < 0 || first->number < 0 || n->number > 100000) continue;
      Bytes data(*decoded);
      Lexer idx(data, 0);
      for (int i = 0; i < static_cast<int>(n->number); ++i) {
        PdfValue a, b;
        if (!idx.value(a, 0) || !idx.value(b, 0) || a.type != PdfValue::Type::kNumber) break;
        if (static_cast<uint32_t>(a.number) != num) continue;
        const size_t at = static_cast<size_t>(first->number + b.number);
        if (at >= data.size()) return false;
        Lexer obj(data, at);
        return obj.value(out, 0);
      }
    }
    return false;
  }

  // The decoded bytes of stream object `num` (no filter or FlateDecode), capped at max_inflated_bytes.
  bool stream_bytes(uint32_t num, std::vector<uint8_t>& out) {
    auto s = streams_.find(num);
    auto o = objects_.find(num);
    if (s == streams_.end() || o == objects_.end()) return false;
    Lexer lx(f_, o->second.offset);
    PdfValue dict;
    if (!lx.value(dict, 0)) return false;
    const PdfValue* filter = dict.get("Filter");
    std::vector<std::string> filters;
    if (filter && filter->type == PdfValue::Type::kName) filters.push_back(filter->text);
    if (filter && filter->type == PdfValue::Type::kArray) {
      for (const PdfValue& f : filter->items) filters.push_back(f.text);
    }
    if (filters.empty()) {
      if (s->second.size() > inv_.limits().max_inflated_bytes) return false;
      out.assign(s->second.begin(), s->second.end());
      return true;
    }
    if (filters.size() != 1 || filters[0] != "FlateDecode" || dict.get("DecodeParms")) {
      inv_.warn("a PDF stream (object " + std::to_string(num) + ") uses a filter dsmark does not decode");
      return false;
    }
    auto inflated = inflate_capped(s->second, inv_.limits().max_inflated_bytes);
    if (!inflated) {
      inv_.warn("a PDF stream (object " + std::to_string(num) + ") could not be inflated: " +
                inflated.status().message());
      return false;
    }
    out = std::move(*inflated);
    return true;
  }

  static std::string pdf_text(const std::string& s) {
    if (s.size() >= 2 && s.compare(0, 2, "\xFE\xFF") == 0) return utf16_to_utf8(s, true);
    if (s.size() >= 2 && s.compare(0, 2, "\xFF\xFE") == 0) return utf16_to_utf8(s, false);
    if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) return s.substr(3);
    return is_valid_utf8(s) ? s : latin1_to_utf8(s);  // PDFDocEncoding agrees with Latin-1 for text
  }

  Status read_info(const PdfValue& ref) {
    const PdfValue info = resolve(ref);
    if (info.type != PdfValue::Type::kDict) {
      inv_.warn("the PDF trailer names a document information dictionary that could not be read");
      return Status::ok();
    }
    for (size_t i = 0; i < info.keys.size(); ++i) {
      const std::string& key = info.keys[i];
      const PdfValue v = resolve(info.values[i]);
      if (v.type != PdfValue::Type::kString && v.type != PdfValue::Type::kName) continue;
      const std::string k = is_valid_utf8(key) ? key : latin1_to_utf8(key);
      Status st = inv_.add_text("pdf:Info:" + k, k, v.type == PdfValue::Type::kString ? pdf_text(v.text) : v.text);
      if (st.code() == StatusCode::kLimit) return st;
    }
    return Status::ok();
  }

  // A file specification with /AFRelationship /C2PA_Manifest: its /EF /F stream is the manifest store.
  Status c2pa() {
    const std::string_view all = as_chars(f_);
    size_t pos = 0;
    int found = 0, tries = 0;
    while ((pos = all.find("/C2PA_Manifest", pos)) != std::string_view::npos && found < 4 && ++tries <= 16) {
      // The object holding this name: the nearest object start before it.
      size_t best = 0;
      bool any = false;
      for (const auto& [num, ref] : objects_) {
        if (!ref.in_stream && ref.offset <= pos && ref.offset >= best) {
          best = ref.offset;
          any = true;
        }
      }
      pos += 14;
      if (!any) continue;
      Lexer lx(f_, best);
      PdfValue spec;
      if (!lx.value(spec, 0) || spec.type != PdfValue::Type::kDict) continue;
      const PdfValue* rel = spec.get("AFRelationship");
      if (!rel || !rel->is_name("C2PA_Manifest")) continue;
      const PdfValue ef = resolve(spec.get("EF") ? *spec.get("EF") : PdfValue{});
      const PdfValue* f = ef.get("F");
      if (!f || f->type != PdfValue::Type::kRef) continue;
      std::vector<uint8_t> store;
      if (!stream_bytes(f->num, store)) continue;
      ++found;
      Status st = inv_.add_blob(BlobKind::kC2pa, "pdf:EmbeddedFile:C2PA_Manifest", std::move(store));
      if (st.code() == StatusCode::kLimit) return st;
    }
    return Status::ok();
  }

  Bytes f_;
  Inventory& inv_;
  std::map<uint32_t, ObjectRef> objects_;
  std::map<uint32_t, Bytes> streams_;
  std::vector<std::pair<size_t, PdfValue>> trailers_;  // (position, dictionary)
  std::vector<uint32_t> objstms_;
  std::map<uint32_t, std::unique_ptr<std::vector<uint8_t>>> objstm_cache_;
  uint64_t objstm_bytes_ = 0;
};

}  // namespace

Status walk_pdf(std::span<const uint8_t> file, Inventory& inv) {
  return PdfReader(file, inv).run();
}

}  // namespace dsmark
