// The AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1): its object type, and configs built for the legacy Matroska
// AAC CodecIDs. Every build (the wasm build names AAC tracks without decoding them).
#include <array>
#include <cmath>

#include "audio/aac.h"

namespace dsmark {
namespace {

// ISO/IEC 14496-3 Table 1.16: samplingFrequencyIndex 0–12.
constexpr std::array<uint32_t, 13> kAacRates = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                                22050, 16000, 12000, 11025, 8000,  7350};

class BitWriter {
 public:
  void put(uint32_t value, int bits) {
    for (int i = bits - 1; i >= 0; --i) {
      if (used_ % 8 == 0) out_.push_back(0);
      if ((value >> i) & 1u) out_.back() |= static_cast<uint8_t>(0x80u >> (used_ % 8));
      ++used_;
    }
  }
  std::vector<uint8_t> take() { return std::move(out_); }

 private:
  std::vector<uint8_t> out_;
  uint64_t used_ = 0;
};

// samplingFrequencyIndex, or 15 followed by the 24-bit rate.
bool put_rate(BitWriter& w, double hz) {
  if (!(hz >= 1 && hz < (1 << 24)) || hz != std::floor(hz)) return false;
  const auto rate = static_cast<uint32_t>(hz);
  for (uint32_t i = 0; i < kAacRates.size(); ++i) {
    if (kAacRates[i] == rate) {
      w.put(i, 4);
      return true;
    }
  }
  w.put(15, 4);
  w.put(rate, 24);
  return true;
}

}  // namespace

uint32_t aac_object_type(std::span<const uint8_t> asc) {
  if (asc.empty()) return 0;
  const uint32_t aot = asc[0] >> 3;
  if (aot != 31) return aot;
  if (asc.size() < 2) return 0;
  return 32 + (((asc[0] & 0x07u) << 3) | (asc[1] >> 5));
}

std::string aac_object_type_name(uint32_t aot) {
  switch (aot) {
    case 1: return "AAC Main";
    case 2: return "AAC LC";
    case 3: return "AAC SSR";
    case 4: return "AAC LTP";
    case 5: return "HE-AAC (SBR)";
    case 6: return "AAC Scalable";
    case 17: return "ER AAC LC";
    case 19: return "ER AAC LTP";
    case 20: return "ER AAC Scalable";
    case 23: return "AAC LD";
    case 29: return "HE-AAC v2 (PS)";
    case 39: return "AAC ELD";
    case 42: return "xHE-AAC (USAC)";
    default: return "AAC (object type " + std::to_string(aot) + ")";
  }
}

std::vector<uint8_t> aac_config_for_matroska_id(std::string_view id, double sampling_frequency,
                                                double output_sampling_frequency, uint64_t channels) {
  // A_AAC/MPEG2/<profile>[/SBR] and A_AAC/MPEG4/<profile>[/SBR].
  constexpr std::string_view kMpeg2 = "A_AAC/MPEG2/", kMpeg4 = "A_AAC/MPEG4/";
  std::string_view rest;
  if (id.substr(0, kMpeg2.size()) == kMpeg2) rest = id.substr(kMpeg2.size());
  else if (id.substr(0, kMpeg4.size()) == kMpeg4) rest = id.substr(kMpeg4.size());
  else return {};
  bool sbr = false;
  if (rest.size() > 4 && rest.substr(rest.size() - 4) == "/SBR") {
    sbr = true;
    rest.remove_suffix(4);
  }
  uint32_t profile = 0;
  if (rest == "MAIN") profile = 1;
  else if (rest == "LC") profile = 2;
  else if (rest == "SSR") profile = 3;
  else if (rest == "LTP") profile = 4;
  else return {};
  // channelConfiguration 1–7 (7: eight channels, 7.1).
  uint32_t config = 0;
  if (channels >= 1 && channels <= 6) config = static_cast<uint32_t>(channels);
  else if (channels == 8) config = 7;
  else return {};
  BitWriter w;
  if (sbr) {  // explicit hierarchical signalling: SBR, the core's rate, channels, the output rate, then the core
    double out = output_sampling_frequency > 0 ? output_sampling_frequency : 2 * sampling_frequency;
    w.put(5, 5);
    if (!put_rate(w, sampling_frequency)) return {};
    w.put(config, 4);
    if (!put_rate(w, out)) return {};
    w.put(profile, 5);
  } else {
    w.put(profile, 5);
    if (!put_rate(w, sampling_frequency)) return {};
    w.put(config, 4);
  }
  w.put(0, 3);  // GASpecificConfig: 1024-sample frames, no core coder, no extension
  if (!sbr) {
    // "No SBR", said explicitly (syncExtensionType 0x2b7, SBR, sbrPresentFlag 0) as ffmpeg writes it: without it
    // libfaad assumes SBR may be present at rates up to 24 kHz and decodes at twice the rate.
    w.put(0x2b7, 11);
    w.put(5, 5);
    w.put(0, 1);
  }
  return w.take();
}

}  // namespace dsmark
