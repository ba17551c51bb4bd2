// Matroska / WebM (RFC 9559): Segment/Tags/Tag/SimpleTag (TagName + TagString, nested SimpleTags, Targets),
// Segment/Info (MuxingApp, WritingApp, Title). Clusters are skipped by their size; live recordings with unknown
// sizes are measured by their children. Carriers: "webm:Segment/Tags/Tag/SimpleTag:AIGC", with the target
// track when a Tag names one ("…/Tag[TrackUID=123]/…").
#include <string>
#include <vector>

#include "container/ebml_reader.h"
#include "container/walkers.h"
#include "format/sniff.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

using namespace matroska;  // the top-level element IDs

constexpr uint32_t kTag = 0x7373, kTargets = 0x63C0, kTagTrackUid = 0x63C5, kSimpleTag = 0x67C8,
                   kTagName = 0x45A3, kTagString = 0x4487;
constexpr uint32_t kMuxingApp = 0x4D80, kWritingApp = 0x5741, kTitle = 0x7BA9;

constexpr size_t kMaxTagValue = 1u << 20;

class MatroskaWalker {
 public:
  MatroskaWalker(Bytes file, Inventory& inv, std::string prefix)
      : file_(file), inv_(inv), prefix_(std::move(prefix)), budget_(inv.limits()) {}

  Status run() {
    EbmlReader top(file_, 0, 0, budget_);
    bool saw_header = false;
    while (true) {
      EbmlElement e;
      bool done = false;
      DSMARK_RETURN_IF_ERROR(top.next(e, done));
      if (done) break;
      if (!saw_header && e.id != kEbmlHeader) return Status::malformed("not a Matroska/WebM file (no EBML header)");
      if (e.id == kEbmlHeader) saw_header = true;
      if (e.id == kSegment) DSMARK_RETURN_IF_ERROR(segment(e));
      if (e.truncated) return Status::truncated("the file ends inside an element that starts at byte " +
                                                std::to_string(e.offset));
    }
    return Status::ok();
  }

 private:
  Status keep(Status st) {
    if (st.is_ok() || st.code() == StatusCode::kLimit) return st;
    inv_.warn(st.message());
    return Status::ok();
  }

  Status segment(const EbmlElement& seg) {
    EbmlReader r(seg.payload, seg.payload_offset(), 1, budget_);
    while (true) {
      EbmlElement e;
      bool done = false;
      DSMARK_RETURN_IF_ERROR(r.next(e, done));
      if (done) return Status::ok();
      if (e.unknown_size) DSMARK_RETURN_IF_ERROR(r.close_unknown(e, kSegmentLevel));
      if (e.id == kTags) DSMARK_RETURN_IF_ERROR(tags(e));
      else if (e.id == kInfo) DSMARK_RETURN_IF_ERROR(info(e));
      if (e.truncated) {
        return Status::truncated("the file ends inside the Segment element that starts at byte " +
                                 std::to_string(e.offset) + (e.id == kCluster ? " (media data)" : ""));
      }
    }
  }

  // Reads the children of `parent` at `depth`, calling visit(child).
  template <typename Visit>
  Status children(const EbmlElement& parent, uint32_t depth, Visit visit) {
    EbmlReader r(parent.payload, parent.payload_offset(), depth, budget_);
    while (true) {
      EbmlElement c;
      bool done = false;
      Status st = r.next(c, done);
      if (st.code() == StatusCode::kLimit) return st;
      if (!st.is_ok()) {
        inv_.warn("inside the element at byte " + std::to_string(parent.offset) + ": " + st.message());
        return Status::ok();
      }
      if (done) return Status::ok();
      if (c.unknown_size) {
        inv_.warn("an element of unknown size at byte " + std::to_string(c.offset) + " inside Segment/" +
                  std::to_string(parent.id) + " was not read");
        return Status::ok();
      }
      DSMARK_RETURN_IF_ERROR(visit(c));
    }
  }

  Status info(const EbmlElement& e) {
    return children(e, 2, [&](const EbmlElement& c) -> Status {
      const char* name = c.id == kMuxingApp ? "MuxingApp" : c.id == kWritingApp ? "WritingApp" : c.id == kTitle ? "Title" : nullptr;
      if (!name) return Status::ok();
      return keep(inv_.add_text(prefix_ + ":Segment/Info:" + name, name, utf8(c.payload)));
    });
  }

  Status tags(const EbmlElement& e) {
    return children(e, 2, [&](const EbmlElement& tag) -> Status {
      if (tag.id != kTag) return Status::ok();
      // Targets may follow the SimpleTags: collect first, then name the carriers.
      std::string target;
      std::vector<EbmlElement> simple;
      DSMARK_RETURN_IF_ERROR(children(tag, 3, [&](const EbmlElement& c) -> Status {
        if (c.id == kSimpleTag) {
          if (simple.size() < 4096) simple.push_back(c);
        } else if (c.id == kTargets) {
          return children(c, 4, [&](const EbmlElement& t) -> Status {
            uint64_t uid = 0;
            if (t.id == kTagTrackUid && ebml_uint(t.payload, uid) && uid != 0) {
              target = "[TrackUID=" + std::to_string(uid) + "]";
            }
            return Status::ok();
          });
        }
        return Status::ok();
      }));
      for (const EbmlElement& s : simple) {
        DSMARK_RETURN_IF_ERROR(simple_tag(s, prefix_ + ":Segment/Tags/Tag" + target + "/SimpleTag", 4));
      }
      return Status::ok();
    });
  }

  Status simple_tag(const EbmlElement& e, const std::string& path, uint32_t depth) {
    std::string name, value;
    bool has_value = false;
    std::vector<EbmlElement> nested;
    DSMARK_RETURN_IF_ERROR(children(e, depth, [&](const EbmlElement& c) -> Status {
      if (c.id == kTagName) {
        name = utf8(c.payload);
      } else if (c.id == kTagString && c.payload.size() <= kMaxTagValue) {
        value = utf8(c.payload);
        has_value = true;
      } else if (c.id == kSimpleTag && nested.size() < 256) {
        nested.push_back(c);
      }
      return Status::ok();
    }));
    if (!name.empty() && has_value) {
      DSMARK_RETURN_IF_ERROR(keep(inv_.add_text(path + ":" + name, name, std::move(value))));
    }
    for (const EbmlElement& n : nested) {
      DSMARK_RETURN_IF_ERROR(simple_tag(n, path + "/SimpleTag", depth + 1));
    }
    return Status::ok();
  }

  static std::string utf8(Bytes b) {
    std::string s = ebml_string(b);
    return is_valid_utf8(s) ? s : latin1_to_utf8(s);
  }

  Bytes file_;
  Inventory& inv_;
  std::string prefix_;
  EbmlBudget budget_;
};

}  // namespace

Status walk_matroska(std::span<const uint8_t> file, Inventory& inv) {
  return MatroskaWalker(file, inv, std::string(format_name(sniff_format(file)))).run();
}

}  // namespace dsmark
