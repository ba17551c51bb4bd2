#include "container/riff_chunks.h"

#include <string>

namespace dsmark {
namespace {

struct Walk {
  const Limits& limits;
  const std::function<bool(const RiffChunk&)>& visit;
  const std::function<bool(const RiffChunk&)>* descend;  // nullptr: every LIST
  size_t base;  // offset of `data` in the file
  uint32_t count = 0;
  bool stopped = false;
};

// Walks a sequence of chunks in `data` (which starts at file offset `base`) iteratively per level.
Status walk_level(Walk& w, Bytes data, size_t base, uint32_t depth) {
  if (depth > w.limits.max_box_depth) return Status::limit("RIFF chunks are nested deeper than the limit");
  ByteReader r(data);
  while (r.remaining() >= 8 && !w.stopped) {
    if (++w.count > w.limits.max_boxes) return Status::limit("the file has more RIFF chunks than the limit");
    const size_t at = r.offset();
    Bytes id;
    uint32_t size = 0;
    if (!r.bytes(4, id) || !r.u32le(size)) return Status::truncated("the file ends inside a RIFF chunk header");
    Bytes payload;
    Status tail = Status::ok();
    if (!r.bytes(size, payload)) {
      // A chunk running past its parent: read what is there, then report the truncation.
      payload = r.rest();
      (void)r.skip(r.remaining());
      tail = Status::truncated("the RIFF chunk '" + std::string(as_chars(id)) + "' at byte " +
                               std::to_string(base + at) + " runs past the end of the file");
    } else if (size % 2 == 1 && r.remaining() > 0) {
      (void)r.skip(1);  // pad byte
    }
    RiffChunk c;
    c.id = as_chars(id);
    c.offset = base + at;
    c.depth = depth;
    c.data = payload;
    const bool is_list = c.id == "LIST" && payload.size() >= 4;
    if (is_list) {
      c.list_type = as_chars(payload.subspan(0, 4));
      c.data = payload.subspan(4);
    }
    if (!w.visit(c)) {
      w.stopped = true;
      return tail;
    }
    if (is_list && (!w.descend || (*w.descend)(c))) {
      DSMARK_RETURN_IF_ERROR(walk_level(w, c.data, base + at + 12, depth + 1));
    }
    DSMARK_RETURN_IF_ERROR(tail);
  }
  if (!w.stopped && r.remaining() > 0 && r.remaining() < 8) {
    return Status::truncated("the file ends inside a RIFF chunk header");
  }
  return Status::ok();
}

}  // namespace

Status walk_riff(Bytes file, std::string_view form, const Limits& limits,
                 const std::function<bool(const RiffChunk&)>& visit) {
  return walk_riff(file, form, limits, visit, nullptr);
}

Status walk_riff(Bytes file, std::string_view form, const Limits& limits,
                 const std::function<bool(const RiffChunk&)>& visit,
                 const std::function<bool(const RiffChunk&)>& descend) {
  ByteReader r(file);
  uint32_t size = 0;
  Bytes form_bytes;
  if (!r.expect("RIFF") || !r.u32le(size) || !r.bytes(4, form_bytes) || as_chars(form_bytes) != form) {
    return Status::malformed("not a RIFF " + std::string(form) + " file");
  }
  Walk w{limits, visit, descend ? &descend : nullptr, 12};
  Bytes body = r.rest();
  Status after = Status::ok();
  if (size < 4) return Status::malformed("the RIFF header declares an impossible size");
  if (uint64_t{size} - 4 < body.size()) {
    body = body.first(size - 4);  // trailing bytes after the RIFF form are ignored
  } else if (uint64_t{size} - 4 > body.size()) {
    after = Status::truncated("the file is shorter than its RIFF header says");
  }
  DSMARK_RETURN_IF_ERROR(walk_level(w, body, 12, 0));
  return after;
}

}  // namespace dsmark
