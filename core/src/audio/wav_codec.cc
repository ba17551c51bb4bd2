#include "audio/wav_codec.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>

#include "container/riff_chunks.h"

namespace dsmark {
namespace {

constexpr uint16_t kTagPcm = 1, kTagFloat = 3, kTagAlaw = 6, kTagMulaw = 7, kTagExtensible = 0xFFFE;
// The GUID tail shared by the KSDATAFORMAT_SUBTYPE_* of PCM, float, A-law and µ-law.
constexpr std::array<uint8_t, 14> kGuidTail = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                               0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
constexpr uint32_t kMaxChannels = 64;

float alaw_to_float(uint8_t a) {
  a ^= 0x55;
  int t = (a & 0x0F) << 4;
  const int seg = (a & 0x70) >> 4;
  if (seg == 0) {
    t += 8;
  } else {
    t += 0x108;
    t <<= seg - 1;
  }
  return static_cast<float>((a & 0x80) ? t : -t) / 32768.0f;
}

float mulaw_to_float(uint8_t u) {
  u = static_cast<uint8_t>(~u);
  int t = ((u & 0x0F) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return static_cast<float>((u & 0x80) ? (0x84 - t) : (t - 0x84)) / 32768.0f;
}

std::string codec_name(const WavFormat& f) {
  switch (f.kind) {
    case WavSampleKind::kFloat: return "pcm_f" + std::to_string(f.container_bits) + "le";
    case WavSampleKind::kAlaw: return "pcm_alaw";
    case WavSampleKind::kMulaw: return "pcm_mulaw";
    case WavSampleKind::kInt: break;
  }
  return f.container_bits == 8 ? "pcm_u8" : "pcm_s" + std::to_string(f.container_bits) + "le";
}

struct FmtChunk {
  WavFormat format;
  uint32_t channels = 0, rate = 0, block_align = 0;
};

Status parse_fmt(Bytes data, FmtChunk& out) {
  ByteReader r(data);
  uint16_t tag = 0, channels = 0, block_align = 0, bits = 0;
  uint32_t rate = 0, byte_rate = 0;
  if (!r.u16le(tag) || !r.u16le(channels) || !r.u32le(rate) || !r.u32le(byte_rate) || !r.u16le(block_align)) {
    return Status::malformed("the WAV 'fmt ' chunk is shorter than 14 bytes");
  }
  if (!r.u16le(bits)) bits = 0;
  uint16_t valid = bits;
  if (tag == kTagExtensible) {
    uint16_t cb_size = 0, valid_bits = 0;
    uint32_t channel_mask = 0;
    Bytes guid;
    if (!r.u16le(cb_size) || cb_size < 22 || !r.u16le(valid_bits) || !r.u32le(channel_mask) || !r.bytes(16, guid)) {
      return Status::malformed("the WAV 'fmt ' chunk is extensible but too short for its sub-format");
    }
    if (!std::equal(kGuidTail.begin(), kGuidTail.end(), guid.begin() + 2)) {
      return Status::unsupported("the WAV file's sub-format is not PCM, float, A-law or µ-law");
    }
    tag = load_u16le(guid.data());
    if (valid_bits != 0) valid = valid_bits;
  }
  if (channels == 0) return Status::malformed("the WAV file declares no channels");
  if (channels > kMaxChannels) return Status::limit("the WAV file has more than 64 channels");
  if (rate == 0 || rate > 1'536'000) return Status::malformed("the WAV file declares an impossible sample rate");
  FmtChunk f;
  f.channels = channels;
  f.rate = rate;
  f.block_align = block_align;
  switch (tag) {
    case kTagPcm: f.format.kind = WavSampleKind::kInt; break;
    case kTagFloat: f.format.kind = WavSampleKind::kFloat; break;
    case kTagAlaw: f.format.kind = WavSampleKind::kAlaw; break;
    case kTagMulaw: f.format.kind = WavSampleKind::kMulaw; break;
    default:
      return Status::unsupported("the WAV file is encoded with codec 0x" + [tag] {
        static const char* kHex = "0123456789abcdef";
        std::string s;
        for (int sh = 12; sh >= 0; sh -= 4) s += kHex[(tag >> sh) & 15];
        return s;
      }() + ", which dsmark does not decode (it reads PCM, float, A-law and µ-law)");
  }
  // The container size comes from the block alignment; `bits` may be the significant bits only (e.g. 20 or 12).
  if (block_align == 0 || block_align % channels != 0) {
    return Status::malformed("the WAV file's block alignment does not fit its channel count");
  }
  const uint32_t container = block_align / channels * 8;
  const bool ok = f.format.kind == WavSampleKind::kInt     ? (container >= 8 && container <= 32)
                  : f.format.kind == WavSampleKind::kFloat ? (container == 32 || container == 64)
                                                           : container == 8;
  if (!ok) return Status::unsupported("the WAV file stores " + std::to_string(container) + "-bit samples of its kind");
  f.format.container_bits = static_cast<uint16_t>(container);
  f.format.valid_bits = (valid == 0 || valid > container) ? static_cast<uint16_t>(container) : valid;
  out = f;
  return Status::ok();
}

float sample_at(const uint8_t* p, const WavFormat& f) {
  switch (f.kind) {
    case WavSampleKind::kAlaw: return alaw_to_float(*p);
    case WavSampleKind::kMulaw: return mulaw_to_float(*p);
    case WavSampleKind::kFloat: {
      if (f.container_bits == 32) {
        const uint32_t u = load_u32le(p);
        float v;
        std::memcpy(&v, &u, 4);
        return std::isfinite(v) ? v : 0.0f;
      }
      const uint64_t u = load_u64le(p);
      double v;
      std::memcpy(&v, &u, 8);
      return std::isfinite(v) ? static_cast<float>(v) : 0.0f;
    }
    case WavSampleKind::kInt: break;
  }
  switch (f.container_bits) {
    case 8: return (static_cast<int>(*p) - 128) / 128.0f;
    case 16: return static_cast<int16_t>(load_u16le(p)) / 32768.0f;
    case 24: {
      const int32_t v = static_cast<int32_t>(uint32_t{p[0]} << 8 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 24);
      return static_cast<float>(v / 256) / 8388608.0f;
    }
    default: return static_cast<float>(static_cast<int32_t>(load_u32le(p)) / 2147483648.0);
  }
}

}  // namespace

Status decode_wav(Bytes file, const Limits& limits, PcmSink& sink, AudioStreamInfo& info, WavExtras* extras) {
  Bytes fmt_data, data;
  bool have_fmt = false, have_data = false;
  size_t data_declared = 0;
  std::vector<Bytes> others;
  const Status walked = walk_riff(file, "WAVE", limits, [&](const RiffChunk& c) {
    if (c.depth != 0) return true;
    if (c.id == "fmt " && !have_fmt) {
      fmt_data = c.data;
      have_fmt = true;
    } else if (c.id == "data" && !have_data) {
      data = c.data;
      have_data = true;
      if (c.offset + 8 <= file.size()) data_declared = load_u32le(file.data() + c.offset + 4);
      // Writers that stream (a pipe) leave the size 0 or 0xFFFFFFFF: the samples run to the end of the file.
      if (data_declared == 0 || data_declared == 0xFFFFFFFFu) {
        data = file.subspan(std::min(file.size(), c.offset + 8));
        return false;
      }
    } else if (c.id != "fact" && c.id != "fmt " && c.id != "data") {
      // The whole chunk: header, payload (a LIST's type included) and the pad byte when present.
      const size_t payload = c.data.size() + (c.list_type.empty() ? 0 : 4);
      size_t len = 8 + payload;
      if (payload % 2 == 1 && c.offset + len < file.size()) ++len;
      if (c.offset + len <= file.size()) others.push_back(file.subspan(c.offset, len));
    }
    return true;
  });
  if (!have_fmt || !have_data) {
    if (!walked.is_ok()) return walked;
    return Status::malformed(have_fmt ? "the WAV file has no 'data' chunk" : "the WAV file has no 'fmt ' chunk");
  }
  FmtChunk f;
  DSMARK_RETURN_IF_ERROR(parse_fmt(fmt_data, f));
  const bool streamed = data_declared == 0 || data_declared == 0xFFFFFFFFu;
  if (!streamed && data_declared > data.size()) {
    info.warnings.push_back("the WAV file's audio ends early; the samples present were checked");
  } else if (!walked.is_ok()) {
    info.warnings.push_back("the WAV file is damaged after its audio starts (" + walked.message() +
                            "); the samples present were checked");
  }
  info.codec = codec_name(f.format);
  info.carrier = "wav:data";
  info.sample_rate = f.rate;
  info.channels = f.channels;
  if (extras) {
    extras->format = f.format;
    extras->other_chunks = std::move(others);
  }
  uint64_t frames = data.size() / f.block_align;
  if (data.size() % f.block_align != 0 && walked.is_ok() && !streamed) {
    info.warnings.push_back("the WAV file's audio ends inside a sample frame");
  }
  if (frames > limits.max_audio_samples) {
    frames = limits.max_audio_samples;
    info.cut_at_limit = true;
  }
  DSMARK_RETURN_IF_ERROR(sink.begin(f.rate, f.channels));
  const size_t bytes_per_sample = f.format.container_bits / 8;
  constexpr size_t kBlock = 4096;
  std::vector<float> block;
  for (uint64_t start = 0; start < frames; start += kBlock) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kBlock, frames - start));
    block.resize(n * f.channels);
    const uint8_t* p = data.data() + start * f.block_align;
    for (size_t i = 0; i < n * f.channels; ++i) block[i] = sample_at(p + i * bytes_per_sample, f.format);
    DSMARK_RETURN_IF_ERROR(sink.write(block));
  }
  info.frames = frames;
  return Status::ok();
}

std::vector<uint8_t> encode_wav(const AudioBuffer& audio, const WavFormat& format,
                                std::span<const std::span<const uint8_t>> extra_chunks) {
  WavFormat f = format;
  if (f.kind == WavSampleKind::kAlaw || f.kind == WavSampleKind::kMulaw) f = {WavSampleKind::kInt, 16, 16};
  if (f.kind == WavSampleKind::kFloat && f.container_bits != 64) f.container_bits = 32;
  if (f.kind == WavSampleKind::kInt && f.container_bits != 8 && f.container_bits != 16 && f.container_bits != 24 &&
      f.container_bits != 32) {
    f.container_bits = 16;
  }
  if (f.valid_bits == 0 || f.valid_bits > f.container_bits) f.valid_bits = f.container_bits;
  const uint32_t channels = audio.channels;
  const uint32_t bytes_per_sample = f.container_bits / 8;
  const uint32_t block_align = channels * bytes_per_sample;
  const bool extensible = channels > 2 || (f.kind == WavSampleKind::kInt && f.container_bits > 16) ||
                          f.valid_bits != f.container_bits;
  const uint64_t data_bytes = static_cast<uint64_t>(audio.frames()) * block_align;

  std::vector<uint8_t> out;
  auto u16 = [&](uint32_t v) {
    out.push_back(static_cast<uint8_t>(v));
    out.push_back(static_cast<uint8_t>(v >> 8));
  };
  auto u32 = [&](uint32_t v) {
    u16(v & 0xFFFF);
    u16(v >> 16);
  };
  auto tag = [&](const char* t) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(t[i]));
  };
  size_t extras_bytes = 0;
  for (auto c : extra_chunks) extras_bytes += c.size() + (c.size() % 2);
  out.reserve(static_cast<size_t>(data_bytes) + 80 + extras_bytes);
  tag("RIFF");
  u32(0);  // patched below
  tag("WAVE");
  tag("fmt ");
  u32(extensible ? 40 : 16);
  const uint16_t base_tag = f.kind == WavSampleKind::kFloat ? kTagFloat : kTagPcm;
  u16(extensible ? kTagExtensible : base_tag);
  u16(channels);
  u32(audio.sample_rate);
  u32(audio.sample_rate * block_align);
  u16(block_align);
  u16(f.container_bits);
  if (extensible) {
    u16(22);
    u16(f.valid_bits);
    u32(channels == 1 ? 0x4 : channels == 2 ? 0x3 : 0);  // speaker mask: mono = centre, stereo = L+R
    u16(base_tag);
    out.insert(out.end(), kGuidTail.begin(), kGuidTail.end());
  }
  tag("data");
  u32(static_cast<uint32_t>(std::min<uint64_t>(data_bytes, 0xFFFFFFF0u)));
  // Integer output: TPDF dither of one LSB from a fixed-seed generator (the same file every time).
  uint32_t rng = 0x2545F491u;
  auto next = [&rng] {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return static_cast<double>(rng) / 4294967296.0;
  };
  const double full = f.kind == WavSampleKind::kInt ? std::ldexp(1.0, f.valid_bits - 1) : 1.0;
  const int shift = f.container_bits - f.valid_bits;
  for (float s : audio.samples) {
    if (f.kind == WavSampleKind::kFloat) {
      if (f.container_bits == 32) {
        uint32_t u;
        std::memcpy(&u, &s, 4);
        u32(u);
      } else {
        const double d = s;
        uint64_t u;
        std::memcpy(&u, &d, 8);
        u32(static_cast<uint32_t>(u));
        u32(static_cast<uint32_t>(u >> 32));
      }
      continue;
    }
    const double dither = f.valid_bits <= 24 ? (next() - next()) : 0.0;
    double v = std::floor(static_cast<double>(s) * full + dither + 0.5);
    v = std::clamp(v, -full, full - 1.0);
    const int64_t q = static_cast<int64_t>(v) * (int64_t{1} << shift);
    if (f.container_bits == 8) {
      out.push_back(static_cast<uint8_t>(q + 128));
    } else {
      for (uint32_t b = 0; b < bytes_per_sample; ++b) out.push_back(static_cast<uint8_t>(static_cast<uint64_t>(q) >> (8 * b)));
    }
  }
  if (data_bytes % 2) out.push_back(0);
  for (auto c : extra_chunks) {
    out.insert(out.end(), c.begin(), c.end());
    if (c.size() % 2) out.push_back(0);
  }
  const uint64_t riff = out.size() - 8;
  const uint32_t riff32 = static_cast<uint32_t>(std::min<uint64_t>(riff, 0xFFFFFFFFu));
  for (int b = 0; b < 4; ++b) out[4 + b] = static_cast<uint8_t>(riff32 >> (8 * b));
  return out;
}

}  // namespace dsmark
