#include "audio/mp4_audio.h"

#include <algorithm>
#include <string_view>

#include "audio/audio_decode.h"
#include "container/bmff_boxes.h"

namespace dsmark {
namespace {

// Default sample size and duration of a track in movie fragments (mvex/trex).
struct TrackExtends {
  uint32_t track_id = 0;
  uint32_t default_sample_size = 0;
};

class Mp4AudioReader {
 public:
  Mp4AudioReader(Bytes file, const Limits& limits, Mp4AudioTrack& track, std::vector<std::string>& warnings)
      : file_(file), limits_(limits), budget_(limits), track_(track), warnings_(warnings) {}

  Status run() {
    // One pass over the top level: the moov (wherever it is) and every moof, in file order.
    std::vector<BmffBox> moofs;
    BmffBox moov;
    bool have_moov = false;
    BmffIterator top(file_, 0, 0, budget_);
    Status walked = Status::ok();
    for (;;) {
      BmffBox box;
      bool done = false;
      walked = top.next(box, done);
      if (!walked.is_ok() || done) break;
      if (box.is("moov") && !have_moov) {
        moov = box;
        have_moov = true;
      } else if (box.is("moof")) {
        moofs.push_back(box);
      }
    }
    if (!have_moov) return walked.is_ok() ? Status::ok() : walked;
    DSMARK_RETURN_IF_ERROR(read_moov(moov));
    if (track_.sample_entry.empty()) return Status::ok();
    for (const BmffBox& moof : moofs) {
      if (track_.units_cut) break;
      const Status s = read_moof(moof);
      if (!s.is_ok()) {
        warnings_.push_back("a movie fragment of the sound track could not be read (" + s.message() +
                            "); the sound after it was not checked");
        break;
      }
    }
    if (!walked.is_ok()) {
      warnings_.push_back("the file's structure breaks off (" + walked.message() + "); the sound track may be incomplete");
    }
    return Status::ok();
  }

 private:

  template <typename Visit>
  Status children(const BmffBox& parent, uint32_t depth, Visit visit) {
    BmffIterator it(parent.payload, parent.payload_offset(), depth, budget_);
    for (;;) {
      BmffBox c;
      bool done = false;
      DSMARK_RETURN_IF_ERROR(it.next(c, done));
      if (done) return Status::ok();
      bool stop = false;
      DSMARK_RETURN_IF_ERROR(visit(c, stop));
      if (stop) return Status::ok();
    }
  }

  Status read_moov(const BmffBox& moov) {
    uint32_t trak_index = 0;
    uint32_t movie_timescale = 0;
    DSMARK_RETURN_IF_ERROR(children(moov, 1, [&](const BmffBox& c, bool& stop) -> Status {
      if (c.is("mvhd")) {
        (void)read_field_after_times(c, movie_timescale);
        return Status::ok();
      }
      if (c.is("mvex")) {
        return children(c, 2, [&](const BmffBox& t, bool&) -> Status {
          if (t.is("trex")) read_trex(t);
          return Status::ok();
        });
      }
      if (!c.is("trak")) return Status::ok();
      ++trak_index;
      if (!track_.sample_entry.empty()) return Status::ok();  // the first sound track is taken
      Mp4AudioTrack t;
      t.trak_index = trak_index;
      const Status s = read_trak(c, t);
      if (!s.is_ok()) {
        warnings_.push_back("track " + std::to_string(trak_index) + " could not be read (" + s.message() + ")");
        return Status::ok();
      }
      if (!t.sample_entry.empty()) track_ = std::move(t);
      (void)stop;
      return Status::ok();
    }));
    track_.movie_timescale = movie_timescale;
    return Status::ok();
  }

  // The 32-bit field after a header box's creation and modification times (versions 0 and 1): the timescale of
  // mvhd and mdhd, the track_ID of tkhd (ISO/IEC 14496-12 §8.2.2, §8.3.2, §8.4.2).
  static bool read_field_after_times(const BmffBox& header, uint32_t& field) {
    ByteReader r(header.payload);
    uint8_t version = 0;
    uint32_t flags = 0;
    return read_full_box_header(r, version, flags) && r.skip(version == 1 ? 16 : 8) && r.u32be(field);
  }

  // The edit list (edts/elst): versions 0 (32-bit duration and media_time) and 1 (64-bit).
  Status read_elst(const BmffBox& elst, Mp4AudioTrack& t) {
    ByteReader r(elst.payload);
    uint8_t version = 0;
    uint32_t flags = 0, count = 0;
    if (!read_full_box_header(r, version, flags) || !r.u32be(count)) {
      return Status::malformed("the edit list box (elst) is cut short");
    }
    if (version > 1) return Status::unsupported("an edit list of version " + std::to_string(version));
    const size_t entry = version == 1 ? 20 : 12;
    if (static_cast<uint64_t>(count) * entry > r.remaining()) {
      return Status::malformed("the edit list is shorter than its count");
    }
    t.edit_count = count;
    const uint32_t n = std::min(count, kMaxMp4Edits);
    t.edits.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      Mp4Edit e;
      uint32_t rate = 0;
      if (version == 1) {
        uint64_t media_time = 0;
        (void)r.u64be(e.duration);
        (void)r.u64be(media_time);
        e.media_time = static_cast<int64_t>(media_time);
      } else {
        uint32_t duration = 0, media_time = 0;
        (void)r.u32be(duration);
        (void)r.u32be(media_time);
        e.duration = duration;
        e.media_time = static_cast<int32_t>(media_time);
      }
      (void)r.u32be(rate);  // media_rate_integer (16 bits) and media_rate_fraction (16 bits)
      e.media_rate = static_cast<int32_t>(rate);
      t.edits.push_back(e);
    }
    return Status::ok();
  }

  void read_trex(const BmffBox& trex) {
    ByteReader r(trex.payload);
    uint8_t version = 0;
    uint32_t flags = 0, track_id = 0, sdi = 0, duration = 0, size = 0;
    if (!read_full_box_header(r, version, flags) || !r.u32be(track_id) || !r.u32be(sdi) || !r.u32be(duration) ||
        !r.u32be(size)) {
      return;
    }
    if (trex_.size() < 64) trex_.push_back({track_id, size});
  }

  Status read_trak(const BmffBox& trak, Mp4AudioTrack& t) {
    bool sound = false;
    std::string elst_problem;
    BmffBox stbl;
    bool have_stbl = false;
    DSMARK_RETURN_IF_ERROR(children(trak, 2, [&](const BmffBox& c, bool&) -> Status {
      if (c.is("tkhd")) {
        (void)read_field_after_times(c, t.track_id);
        return Status::ok();
      }
      if (c.is("edts")) {
        return children(c, 3, [&](const BmffBox& e, bool& stop) -> Status {
          if (!e.is("elst")) return Status::ok();
          stop = true;
          const Status s = read_elst(e, t);
          if (!s.is_ok()) {
            elst_problem = s.message();
            t.edits.clear();
            t.edit_count = 0;
          }
          return Status::ok();
        });
      }
      if (!c.is("mdia")) return Status::ok();
      return children(c, 3, [&](const BmffBox& m, bool&) -> Status {
        if (m.is("mdhd")) {
          (void)read_field_after_times(m, t.media_timescale);
          return Status::ok();
        }
        if (m.is("hdlr")) {
          ByteReader r(m.payload);
          uint8_t version = 0;
          uint32_t flags = 0;
          Bytes handler;
          if (read_full_box_header(r, version, flags) && r.skip(4) && r.bytes(4, handler)) {
            sound = as_chars(handler) == "soun";
          }
          return Status::ok();
        }
        if (!m.is("minf")) return Status::ok();
        return children(m, 4, [&](const BmffBox& s, bool&) -> Status {
          if (s.is("stbl") && !have_stbl) {
            stbl = s;
            have_stbl = true;
          }
          return Status::ok();
        });
      });
    }));
    if (!sound || !have_stbl) return Status::ok();
    if (!elst_problem.empty()) {
      warnings_.push_back("the sound track's edit list could not be read (" + elst_problem +
                          "); the track was checked as stored");
    }
    return read_stbl(stbl, t);
  }

  Status read_stbl(const BmffBox& stbl, Mp4AudioTrack& t) {
    std::vector<uint32_t> sizes;
    std::vector<uint64_t> chunks;
    struct StscEntry {
      uint32_t first_chunk, samples_per_chunk;
    };
    std::vector<StscEntry> stsc;
    uint32_t constant_size = 0, sample_count = 0;
    bool have_sizes = false;
    std::string entry;
    DSMARK_RETURN_IF_ERROR(children(stbl, 5, [&](const BmffBox& b, bool&) -> Status {
      ByteReader r(b.payload);
      uint8_t version = 0;
      uint32_t flags = 0;
      if (b.is("stsd")) {
        uint32_t count = 0;
        if (!read_full_box_header(r, version, flags) || !r.u32be(count)) {
          return Status::malformed("the sample description box (stsd) is cut short");
        }
        if (count == 0 || !entry.empty()) return Status::ok();
        BmffBox e;
        bool done = false;
        BmffIterator it(r.rest(), b.payload_offset() + r.offset(), 6, budget_);
        DSMARK_RETURN_IF_ERROR(it.next(e, done));
        if (done) return Status::ok();
        entry = std::string(e.type);
        read_sample_entry(e, t);
        return Status::ok();
      }
      if (b.is("stsz") || b.is("stz2")) {
        if (have_sizes) return Status::ok();
        have_sizes = true;
        uint32_t field_bits = 32;
        if (!read_full_box_header(r, version, flags)) return Status::malformed("the sample size box is cut short");
        if (b.is("stsz")) {
          if (!r.u32be(constant_size) || !r.u32be(sample_count)) return Status::malformed("the sample size box is cut short");
        } else {
          uint32_t reserved_and_bits = 0;
          if (!r.u32be(reserved_and_bits) || !r.u32be(sample_count)) {
            return Status::malformed("the compact sample size box is cut short");
          }
          field_bits = reserved_and_bits & 0xff;
          if (field_bits != 4 && field_bits != 8 && field_bits != 16) {
            return Status::malformed("the compact sample size box has a field size of " + std::to_string(field_bits));
          }
        }
        if (sample_count > limits_.max_media_samples) {
          sample_count = limits_.max_media_samples;
          t.units_cut = true;
        }
        if (b.is("stsz") && constant_size != 0) return Status::ok();
        const uint64_t need = (static_cast<uint64_t>(sample_count) * field_bits + 7) / 8;
        if (need > r.remaining()) return Status::malformed("the sample size table is shorter than its count");
        sizes.resize(sample_count);
        const Bytes table = r.rest();
        for (uint32_t i = 0; i < sample_count; ++i) {
          switch (field_bits) {
            case 32: sizes[i] = load_u32be(table.data() + 4 * static_cast<size_t>(i)); break;
            case 16: sizes[i] = load_u16be(table.data() + 2 * static_cast<size_t>(i)); break;
            case 8: sizes[i] = table[i]; break;
            default: sizes[i] = (i & 1) ? (table[i / 2] & 0x0f) : (table[i / 2] >> 4); break;
          }
        }
        return Status::ok();
      }
      if (b.is("stco") || b.is("co64")) {
        if (!chunks.empty()) return Status::ok();
        uint32_t count = 0;
        if (!read_full_box_header(r, version, flags) || !r.u32be(count)) {
          return Status::malformed("the chunk offset box is cut short");
        }
        const size_t width = b.is("co64") ? 8 : 4;
        count = std::min<uint32_t>(count, limits_.max_media_samples);
        if (static_cast<uint64_t>(count) * width > r.remaining()) {
          return Status::malformed("the chunk offset table is shorter than its count");
        }
        chunks.resize(count);
        const Bytes table = r.rest();
        for (uint32_t i = 0; i < count; ++i) {
          chunks[i] = width == 8 ? load_u64be(table.data() + 8 * static_cast<size_t>(i))
                                 : load_u32be(table.data() + 4 * static_cast<size_t>(i));
        }
        return Status::ok();
      }
      if (b.is("stsc")) {
        if (!stsc.empty()) return Status::ok();
        uint32_t count = 0;
        if (!read_full_box_header(r, version, flags) || !r.u32be(count)) {
          return Status::malformed("the sample-to-chunk box is cut short");
        }
        count = std::min<uint32_t>(count, limits_.max_media_samples);
        if (static_cast<uint64_t>(count) * 12 > r.remaining()) {
          return Status::malformed("the sample-to-chunk table is shorter than its count");
        }
        stsc.reserve(count);
        for (uint32_t i = 0; i < count; ++i) {
          uint32_t first = 0, per = 0, sdi = 0;
          (void)r.u32be(first);
          (void)r.u32be(per);
          (void)r.u32be(sdi);
          stsc.push_back({first, per});
        }
        return Status::ok();
      }
      return Status::ok();
    }));
    if (entry.empty()) return Status::ok();
    t.sample_entry = entry;
    // Units: chunk by chunk (stsc runs), samples consecutive inside a chunk.
    uint32_t sample = 0;
    for (size_t i = 0; i < stsc.size() && sample < sample_count; ++i) {
      const uint64_t first = stsc[i].first_chunk;
      const uint64_t end = i + 1 < stsc.size() ? stsc[i + 1].first_chunk : uint64_t{chunks.size()} + 1;
      if (first == 0 || end <= first) {
        warnings_.push_back("the sound track's sample-to-chunk table is out of order; the sound after that was not checked");
        break;
      }
      for (uint64_t c = first; c < end && c <= chunks.size() && sample < sample_count; ++c) {
        uint64_t at = chunks[c - 1];
        for (uint32_t k = 0; k < stsc[i].samples_per_chunk && sample < sample_count; ++k, ++sample) {
          const uint32_t size = constant_size ? constant_size : sizes[sample];
          t.units.push_back({at, size});
          if (!checked_add(at, size, at)) return Status::malformed("a sample of the sound track lies past any file");
        }
      }
    }
    return Status::ok();
  }

  // The audio sample entry (ISO/IEC 14496-12 §12.2.3; QuickTime SoundDescription versions 0, 1 and 2).
  void read_sample_entry(const BmffBox& e, Mp4AudioTrack& t) {
    ByteReader r(e.payload);
    uint16_t version = 0, channels = 0;
    uint32_t rate = 0;
    if (!r.skip(8) || !r.u16be(version) || !r.skip(6) || !r.u16be(channels) || !r.skip(6) || !r.u32be(rate)) return;
    t.channels = channels;
    t.sample_rate = rate >> 16;
    const size_t extra = version == 1 ? 16 : version == 2 ? 36 : 0;
    if (!r.skip(extra)) return;
    const size_t children_at = r.offset();
    BmffBox holder = e;
    holder.payload = e.payload.subspan(children_at);
    holder.header_size = static_cast<uint32_t>(holder.header_size + children_at);
    find_esds(holder, 7, t);
  }

  void find_esds(const BmffBox& parent, uint32_t depth, Mp4AudioTrack& t) {
    (void)children(parent, depth, [&](const BmffBox& c, bool& stop) -> Status {
      if (c.is("esds")) {
        read_esds(c.payload, t);
        stop = true;
      } else if (c.is("wave")) {  // QuickTime: the esds sits inside a 'wave' atom
        find_esds(c, depth + 1, t);
        stop = t.object_type != 0;
      }
      return Status::ok();
    });
  }

  // MPEG-4 descriptors (ISO/IEC 14496-1 §7.2.6): ES_Descriptor → DecoderConfigDescriptor → DecoderSpecificInfo.
  static bool descriptor(ByteReader& r, uint8_t& tag, Bytes& body) {
    if (!r.u8(tag)) return false;
    uint32_t size = 0;
    for (int i = 0; i < 4; ++i) {
      uint8_t b = 0;
      if (!r.u8(b)) return false;
      size = size << 7 | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    return r.bytes(std::min<size_t>(size, r.remaining()), body);
  }

  static void read_esds(Bytes payload, Mp4AudioTrack& t) {
    ByteReader r(payload);
    uint8_t version = 0, tag = 0;
    uint32_t flags = 0;
    Bytes es;
    if (!read_full_box_header(r, version, flags) || !descriptor(r, tag, es) || tag != 0x03) return;
    ByteReader e(es);
    uint8_t es_flags = 0, url_len = 0;
    if (!e.skip(2) || !e.u8(es_flags)) return;
    if ((es_flags & 0x80) && !e.skip(2)) return;
    if ((es_flags & 0x40) && (!e.u8(url_len) || !e.skip(url_len))) return;
    if ((es_flags & 0x20) && !e.skip(2)) return;
    while (!e.empty()) {
      Bytes body;
      if (!descriptor(e, tag, body)) return;
      if (tag != 0x04) continue;
      ByteReader d(body);
      if (!d.u8(t.object_type) || !d.skip(12)) return;
      while (!d.empty()) {
        Bytes info;
        if (!descriptor(d, tag, info)) return;
        if (tag == 0x05) {
          t.decoder_config.assign(info.begin(), info.end());
          return;
        }
      }
      return;
    }
  }

  Status read_moof(const BmffBox& moof) {
    return children(moof, 1, [&](const BmffBox& traf, bool&) -> Status {
      if (!traf.is("traf")) return Status::ok();
      // tfhd first (ISO/IEC 14496-12 §8.8.7), then the runs.
      uint64_t base = moof.offset;
      uint32_t default_size = 0;
      bool ours = false;
      for (const TrackExtends& x : trex_) {
        if (x.track_id == track_.track_id) default_size = x.default_sample_size;
      }
      uint64_t next_data = 0;
      bool first_run = true;
      return children(traf, 2, [&](const BmffBox& b, bool& stop) -> Status {
        ByteReader r(b.payload);
        uint8_t version = 0;
        uint32_t flags = 0;
        if (b.is("tfhd")) {
          uint32_t track_id = 0;
          if (!read_full_box_header(r, version, flags) || !r.u32be(track_id)) {
            return Status::malformed("a track fragment header (tfhd) is cut short");
          }
          ours = track_id == track_.track_id;
          if (!ours) {
            stop = true;
            return Status::ok();
          }
          uint32_t v32 = 0;
          if (flags & 0x01 && !r.u64be(base)) return Status::malformed("a track fragment header (tfhd) is cut short");
          if (flags & 0x02 && !r.u32be(v32)) return Status::malformed("a track fragment header (tfhd) is cut short");
          if (flags & 0x08 && !r.u32be(v32)) return Status::malformed("a track fragment header (tfhd) is cut short");
          if (flags & 0x10 && !r.u32be(default_size)) {
            return Status::malformed("a track fragment header (tfhd) is cut short");
          }
          return Status::ok();
        }
        if (!b.is("trun") || !ours) return Status::ok();
        track_.fragmented = true;
        uint32_t count = 0;
        if (!read_full_box_header(r, version, flags) || !r.u32be(count)) {
          return Status::malformed("a track run (trun) is cut short");
        }
        uint64_t at = first_run ? base : next_data;
        first_run = false;
        if (flags & 0x01) {
          uint32_t off = 0;
          if (!r.u32be(off)) return Status::malformed("a track run (trun) is cut short");
          const int64_t signed_off = static_cast<int32_t>(off);
          if (signed_off < 0) {
            const uint64_t back = static_cast<uint64_t>(-signed_off);
            if (back > base) return Status::malformed("a track run points before the start of the file");
            at = base - back;
          } else if (!checked_add(base, static_cast<uint64_t>(signed_off), at)) {
            return Status::malformed("a track run points past any file");
          }
        }
        if (flags & 0x04 && !r.skip(4)) return Status::malformed("a track run (trun) is cut short");
        const size_t per = 4 * (((flags & 0x100) != 0) + ((flags & 0x200) != 0) + ((flags & 0x400) != 0) +
                                ((flags & 0x800) != 0));
        if (static_cast<uint64_t>(count) * per > r.remaining()) {
          return Status::malformed("a track run (trun) lists more samples than it holds");
        }
        for (uint32_t i = 0; i < count; ++i) {
          if (track_.units.size() >= limits_.max_media_samples) {
            track_.units_cut = true;
            stop = true;
            return Status::ok();
          }
          uint32_t size = default_size, v = 0;
          if (flags & 0x100) (void)r.u32be(v);
          if (flags & 0x200) (void)r.u32be(size);
          if (flags & 0x400) (void)r.u32be(v);
          if (flags & 0x800) (void)r.u32be(v);
          track_.units.push_back({at, size});
          if (!checked_add(at, size, at)) return Status::malformed("a sample of the sound track lies past any file");
        }
        next_data = at;
        return Status::ok();
      });
    });
  }

  Bytes file_;
  const Limits& limits_;
  BmffBudget budget_;
  Mp4AudioTrack& track_;
  std::vector<std::string>& warnings_;
  std::vector<TrackExtends> trex_;
};

bool is_pcm_entry(std::string_view e) {
  return e == "sowt" || e == "twos" || e == "lpcm" || e == "in24" || e == "in32" || e == "fl32" || e == "fl64" ||
         e == "raw " || e == "ipcm" || e == "fpcm" || e == "NONE";
}

bool is_aac(const Mp4AudioTrack& t) {
  return t.sample_entry == "mp4a" && (t.object_type == 0x40 || t.object_type == 0x66 || t.object_type == 0x67 ||
                                      t.object_type == 0x68 || (t.object_type == 0 && !t.decoder_config.empty()));
}

bool is_mp3(const Mp4AudioTrack& t) {
  return t.sample_entry == ".mp3" || (t.sample_entry == "mp4a" && (t.object_type == 0x69 || t.object_type == 0x6B));
}

// Concatenated MP3 frames of an MP4 track: libmpg123 reads them as an MP3 stream.
[[maybe_unused]] Status decode_mp3_units(Bytes file, const Mp4AudioTrack& t, const Limits& limits, PcmSink& sink,
                                         AudioStreamInfo& info) {
  std::vector<uint8_t> stream;
  for (const Mp4AudioUnit& u : t.units) {
    if (u.offset > file.size() || u.size > file.size() - u.offset) break;
    if (stream.size() + u.size > limits.max_input_bytes) break;
    stream.insert(stream.end(), file.begin() + static_cast<ptrdiff_t>(u.offset),
                  file.begin() + static_cast<ptrdiff_t>(u.offset + u.size));
  }
#if DSMARK_HAVE_MPG123
  return decode_mp3(stream, limits, sink, info);
#else
  (void)sink;
  (void)info;
  return Status::unsupported("unreachable");
#endif
}

#if DSMARK_HAVE_FAAD
// AAC access units → PCM (audio/aac.h), in decoding order until the file, the limit or the edit list ends.
Status decode_aac_units(Bytes file, const Mp4AudioTrack& t, const Limits& limits, TrimSink& sink,
                        AudioStreamInfo& info) {
  auto made = AacDecoder::create(t.decoder_config);
  if (!made) return made.status();
  AacDecoder& decoder = **made;
  bool cut_file = false;
  for (const Mp4AudioUnit& u : t.units) {
    if (u.offset > file.size() || u.size > file.size() - u.offset) {
      cut_file = true;
      break;
    }
    bool stop = false;
    DSMARK_RETURN_IF_ERROR(decoder.decode(file.subspan(static_cast<size_t>(u.offset), u.size), sink, info,
                                          limits.max_audio_samples, stop));
    if (stop || sink.full()) break;
  }
  DSMARK_RETURN_IF_ERROR(decoder.finish(info));
  if (cut_file) info.warnings.push_back("the file ends inside the sound track; the sound after that was not checked");
  return Status::ok();
}
#endif

// After decoding through the edit list's TrimSink: the length is what plays, and what could not be applied is said.
[[maybe_unused]] void finish_trim(const TrimSink& trim, const Limits& limits, AudioStreamInfo& info) {
  info.frames = trim.frames_out();
  if (trim.lead_refused()) {
    info.warnings.push_back("the sound track starts later in the clip than the limit of " +
                            std::to_string(limits.max_audio_lead_seconds) +
                            " s (its edit list); times in this report count from the start of the sound");
  }
  if (trim.frames_in() > 0 && trim.frames_out() == trim.lead_frames()) {
    info.warnings.push_back("the sound track's edit list leaves none of its sound to play; it was not checked");
  }
}

}  // namespace

TrimPlan mp4_trim_plan(const Mp4AudioTrack& t, std::vector<std::string>& warnings) {
  if (t.edits.empty()) return TrimPlan{};
  const auto not_applied = [&](const std::string& why) {
    warnings.push_back("the sound track's edit list was not applied (" + why + "); the track was checked as stored");
    return TrimPlan{};
  };
  if (t.movie_timescale == 0 || t.media_timescale == 0) return not_applied("a timescale of 0");
  constexpr int32_t kRateOne = 1 << 16;
  // Leading empty edits: the sound starts that much later in the clip.
  size_t i = 0;
  uint64_t lead = 0;
  for (; i < t.edits.size() && t.edits[i].media_time == -1; ++i) {
    if (!checked_add(lead, t.edits[i].duration, lead)) return not_applied("its empty edits add up past any clip");
  }
  if (i == t.edits.size()) {
    if (t.edit_count > t.edits.size()) {
      return not_applied("more than " + std::to_string(kMaxMp4Edits) + " edits");
    }
    return not_applied("it holds only empty edits");
  }
  const Mp4Edit& first = t.edits[i];
  if (first.media_time < 0) return not_applied("an edit starts at a negative media time");
  if (first.media_rate != kRateOne) {
    return not_applied(first.media_rate == 0 ? "an edit that dwells on one instant" : "an edit that changes the speed");
  }
  TrimPlan plan;
  plan.lead = {lead, t.movie_timescale};
  plan.skip = {static_cast<uint64_t>(first.media_time), t.media_timescale};
  plan.keep = {first.duration, t.movie_timescale};
  plan.keep_all = first.duration == 0;  // 0: the rest of the media (fragmented files, ISO/IEC 14496-12 §8.6.6.1)
  // Edits that follow on from it (the next one starts in the media where this one ends) are one longer edit.
  const uint64_t slack = t.media_timescale / t.movie_timescale + 1;  // rounding of a movie-timescale duration
  uint64_t end = 0;
  const auto media_end = [&](const Mp4Edit& e) {
    uint64_t at = 0;
    const uint64_t length = media_time_to_frames({e.duration, t.movie_timescale}, t.media_timescale);
    return checked_add(static_cast<uint64_t>(e.media_time), length, at) ? at : UINT64_MAX;
  };
  end = media_end(first);
  bool understood = true;
  for (size_t j = i + 1; j < t.edits.size() && !plan.keep_all; ++j) {
    const Mp4Edit& e = t.edits[j];
    if (e.media_time == -1 && j + 1 == t.edits.size() && t.edit_count == t.edits.size()) break;  // trailing silence
    const uint64_t at = static_cast<uint64_t>(e.media_time);
    const bool follows = e.media_time >= 0 && e.media_rate == kRateOne && end != UINT64_MAX &&
                         (at > end ? at - end : end - at) <= slack;
    if (!follows) {
      understood = false;
      break;
    }
    if (e.duration == 0 || !checked_add(plan.keep.value, e.duration, plan.keep.value)) plan.keep_all = true;
    end = media_end(e);
  }
  if (!plan.keep_all && t.edit_count > t.edits.size()) understood = false;
  if (!understood) {
    warnings.push_back("the sound track's edit list has " + std::to_string(t.edit_count) +
                       " edits that jump within the track; only where the sound starts was applied, and the rest of "
                       "the track was checked as stored (a player may skip or repeat parts of it)");
    plan.keep_all = true;
  }
  return plan;
}

std::string mp4_audio_codec(const Mp4AudioTrack& t) {
  const std::string_view e = t.sample_entry;
  if (is_aac(t)) return "aac";
  if (is_mp3(t)) return "mp3";
  if (e == "mp4a") {
    switch (t.object_type) {
      case 0xA5: return "ac-3";
      case 0xA6: return "e-ac-3";
      case 0xA9: case 0xAA: case 0xAB: case 0xAC: return "dts";
      case 0xAD: return "opus";
      case 0xE1: return "qcelp";
      default: return "mp4a";
    }
  }
  if (e == "alac") return "alac";
  if (e == "ac-3") return "ac-3";
  if (e == "ec-3") return "e-ac-3";
  if (e == "ac-4") return "ac-4";
  if (e == "Opus") return "opus";
  if (e == "fLaC") return "flac";
  if (e == "samr") return "amr-nb";
  if (e == "sawb") return "amr-wb";
  if (e == "dtsc" || e == "dtsh" || e == "dtsl" || e == "dtse") return "dts";
  if (e == "mha1" || e == "mhm1") return "mpeg-h";
  if (e == "ulaw") return "mu-law";
  if (e == "alaw") return "a-law";
  if (is_pcm_entry(e)) return "pcm";
  return fourcc_name(e);
}

std::string mp4_audio_codec_words(const Mp4AudioTrack& t) {
  const std::string c = mp4_audio_codec(t);
  if (c == "aac") {
    const uint32_t aot = aac_object_type(t.decoder_config);
    return aot ? aac_object_type_name(aot) : "AAC";
  }
  if (c == "mp3") return "MP3";
  if (c == "alac") return "ALAC (Apple Lossless)";
  if (c == "ac-3") return "AC-3 (Dolby Digital)";
  if (c == "e-ac-3") return "E-AC-3 (Dolby Digital Plus)";
  if (c == "ac-4") return "AC-4 (Dolby)";
  if (c == "opus") return "Opus";
  if (c == "flac") return "FLAC";
  if (c == "amr-nb") return "AMR-NB";
  if (c == "amr-wb") return "AMR-WB";
  if (c == "dts") return "DTS";
  if (c == "mpeg-h") return "MPEG-H 3D Audio";
  if (c == "pcm" || c == "mu-law" || c == "a-law") return "uncompressed (" + fourcc_name(t.sample_entry) + ")";
  if (c == "mp4a") return "MPEG-4 (object type 0x" + [&] {
    static const char* hex = "0123456789abcdef";
    return std::string{hex[t.object_type >> 4], hex[t.object_type & 15]};
  }() + ")";
  return "'" + c + "'";
}

Status find_mp4_audio(Bytes file, const Limits& limits, Mp4AudioTrack& track, std::vector<std::string>& warnings) {
  track = Mp4AudioTrack{};
  Mp4AudioReader reader(file, limits, track, warnings);
  return reader.run();
}

Status decode_mp4_audio(Bytes file, Format format, const Limits& limits, PcmSink& sink, AudioStreamInfo& info) {
  Mp4AudioTrack t;
  const Status found = find_mp4_audio(file, limits, t, info.warnings);
  if (t.sample_entry.empty()) return found;  // no sound track (or a structure too broken to find one)
  const std::string fmt(format_name(format));
  info.codec = mp4_audio_codec(t);
  info.carrier = fmt + ":moov/trak[" + std::to_string(t.trak_index) + "]/" + info.codec;
  info.channels = t.channels;
  info.sample_rate = t.sample_rate;
  if (t.units_cut) {
    info.warnings.push_back("the sound track lists more access units than the limit of " +
                            std::to_string(limits.max_media_samples) + "; only those were checked");
  }
  const std::string what = "the " + mp4_audio_codec_words(t) + " sound of this " + fmt + " file";
  if (is_aac(t)) {
#if DSMARK_HAVE_FAAD
    if (t.units.empty()) return Status::ok();
    TrimSink trim(sink, mp4_trim_plan(t, info.warnings), limits.max_audio_lead_seconds);
    const Status s = decode_aac_units(file, t, limits, trim, info);
    finish_trim(trim, limits, info);
    return s;
#else
    return Status::unsupported(what + " could not be decoded in this build");
#endif
  }
  if (is_mp3(t)) {
#if DSMARK_HAVE_MPG123
    if (t.units.empty()) return Status::ok();
    const std::string carrier = info.carrier;
    TrimSink trim(sink, mp4_trim_plan(t, info.warnings), limits.max_audio_lead_seconds);
    const Status s = decode_mp3_units(file, t, limits, trim, info);
    finish_trim(trim, limits, info);
    info.codec = "mp3";
    info.carrier = carrier;
    return s;
#else
    return Status::unsupported(what + " could not be decoded in this build");
#endif
  }
  return Status::unsupported(what + " could not be decoded in this build");
}

}  // namespace dsmark
