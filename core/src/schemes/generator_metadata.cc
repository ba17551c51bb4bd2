#include "schemes/generator_metadata.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include "util/byte_reader.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxPromptChars = 500;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// Cuts long text at a UTF-8 character boundary.
std::string shorten(std::string_view s, size_t max = kMaxPromptChars) {
  s = trim(s);
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

Json parse_json(std::string_view s) {
  s = trim(s);
  if (s.empty() || (s.front() != '{' && s.front() != '[')) return Json(nullptr);
  Json j = Json::parse(s.begin(), s.end(), nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

std::string json_text(const Json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump(-1, ' ', false, Json::error_handler_t::replace);
}

Mark generator_mark(std::string_view tool, std::string carrier, Claim claim) {
  Mark m;
  m.scheme = "generator";
  m.kind = MarkKind::kImplicitMetadata;
  m.carrier = std::move(carrier);
  m.claim = claim;
  m.fields.set("tool", std::string(tool));
  return m;
}

void set_if(Mark& m, std::string_view key, const std::string& value) {
  if (!value.empty()) m.fields.set(key, value);
}

// AUTOMATIC1111 / Forge parameters: "<prompt>\nNegative prompt: <text>\nSteps: 20, Sampler: Euler a, Seed: 1, …".
bool a1111_parameters(std::string_view text, Mark& m) {
  const size_t steps = text.rfind("Steps: ");
  if (steps == std::string_view::npos || (steps > 0 && text[steps - 1] != '\n')) return false;
  const std::string_view params = text.substr(steps);
  if (params.find("Sampler: ") == std::string_view::npos && params.find("Seed: ") == std::string_view::npos) return false;
  const size_t neg = text.find("\nNegative prompt:");
  const std::string_view prompt = text.substr(0, std::min(neg, steps));
  // "Key: value" pairs separated by ", "; quoted values may hold commas.
  std::string version;
  size_t i = 0;
  while (i < params.size()) {
    const size_t colon = params.find(": ", i);
    if (colon == std::string_view::npos) break;
    const std::string key(trim(params.substr(i, colon - i)));
    size_t j = colon + 2;
    bool quoted = j < params.size() && params[j] == '"';
    size_t end = j + (quoted ? 1 : 0);
    while (end < params.size()) {
      if (quoted && params[end] == '"') {
        quoted = false;
      } else if (!quoted && (params[end] == ',' || params[end] == '\n')) {
        break;
      }
      ++end;
    }
    const std::string value(trim(params.substr(j, end - j)));
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kKeep = {{
        {"Model", "model"}, {"Model hash", "model_hash"}, {"Sampler", "sampler"}, {"Steps", "steps"},
        {"Seed", "seed"}, {"Size", "size"}, {"Version", "version"}}};
    for (const auto& [from, to] : kKeep) {
      if (key == from) set_if(m, to, value);
    }
    if (key == "Version") version = value;
    i = end + 1;
  }
  // Forge versions look like "f2.0.1v1.10.1-previous-…".
  if (version.size() > 1 && version[0] == 'f' && version[1] >= '0' && version[1] <= '9') m.fields.set("tool", "forge");
  set_if(m, "prompt", shorten(prompt));
  return true;
}

// ComfyUI: the API graph ("prompt": {"3": {"class_type": …, "inputs": …}}) or the UI graph ("workflow": {"nodes": […]}).
bool comfyui_graph(std::string_view text, Mark& m) {
  const Json j = parse_json(text);
  if (!j.is_object()) return false;
  if (auto nodes = j.find("nodes"); nodes != j.end() && nodes->is_array()) {
    m.fields.set("nodes", static_cast<int64_t>(nodes->size()));
    return true;
  }
  int64_t n = 0;
  Value checkpoints = Value::array();
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it->is_object() || it->find("class_type") == it->end()) continue;
    ++n;
    auto inputs = it->find("inputs");
    if (inputs != it->end()) {
      const std::string ckpt = json_text(*inputs, "ckpt_name");
      if (!ckpt.empty() && checkpoints.size() < 3) checkpoints.push(ckpt);
    }
  }
  if (n == 0) return false;
  m.fields.set("nodes", n);
  if (checkpoints.size() > 0) m.fields.set("checkpoints", checkpoints);
  return true;
}

// Names of AI products that, in a Software/CreatorTool/encoder-like field, are a weak hint (matched as words).
constexpr std::array<std::string_view, 44> kAiProducts = {
    "midjourney", "dall-e", "dall·e", "dalle", "stable diffusion", "stablediffusion", "sdxl", "novelai",
    "fooocus", "comfyui", "invokeai", "automatic1111", "firefly", "imagen", "gemini", "chatgpt", "openai",
    "gpt-image", "sora", "runway", "kling", "hailuo", "minimax", "pika", "luma ai", "ideogram", "leonardo.ai",
    "flux", "doubao", "豆包", "jimeng", "即梦", "通义", "tongyi", "wanxiang", "qwen", "文心", "suno", "udio",
    "elevenlabs", "vidu", "hunyuan", "seedream", "seedance"};

bool word_char(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80; }

std::string_view named_product(std::string_view text) {
  const std::string low = lower(text);
  for (std::string_view name : kAiProducts) {
    size_t p = 0;
    while ((p = low.find(name, p)) != std::string::npos) {
      const bool ascii = static_cast<unsigned char>(name[0]) < 0x80;
      const bool before = p == 0 || !ascii || !word_char(static_cast<unsigned char>(low[p - 1]));
      const size_t e = p + name.size();
      const bool after = e >= low.size() || !ascii || !word_char(static_cast<unsigned char>(low[e]));
      if (before && after) return name;
      p = e;
    }
  }
  return {};
}

bool hint_key(std::string_view key) {
  static constexpr std::array<std::string_view, 21> kKeys = {
      "Software", "CreatorTool", "Make", "Model", "Artist", "Producer", "Creator", "Application", "TSSE", "TENC",
      "TSS", "TEN", "\xC2\xA9too", "\xC2\xA9swr", "encoder", "ENCODER", "WritingApp", "MuxingApp", "vendor",
      "Originator", "ISFT"};
  return std::find(kKeys.begin(), kKeys.end(), key) != kKeys.end();
}

Mark weak_hint(std::string carrier, std::string_view product, const std::string& value) {
  Mark m = generator_mark(product, std::move(carrier), Claim::kUnknown);
  m.fields.set("evidence", "weak");
  m.fields.set("value", shorten(value, 200));
  m.problems.push_back("anyone can write this field: it names an AI product but does not say the content was generated");
  return m;
}

// Kling's H.264/HEVC SEI user_data_unregistered message, found in the first bytes of the media data.
constexpr std::array<uint8_t, 16> kKlingSeiUuid = {0x91, 0xCA, 0x60, 0x61, 0x4A, 0xEE, 0x38, 0x54,
                                                   0x86, 0x14, 0x2D, 0x5F, 0x73, 0xF4, 0xAE, 0x2E};

void scan_kling_sei(Analysis& a) {
  const Bytes scan = a.file.first(std::min<uint64_t>(a.file.size(), a.limits.max_scan_bytes));
  const std::string_view all = as_chars(scan);
  const std::string_view uuid(reinterpret_cast<const char*>(kKlingSeiUuid.data()), kKlingSeiUuid.size());
  size_t p = 0;
  while ((p = all.find(uuid, p)) != std::string_view::npos) {
    // Before the UUID: payloadType 5 and the payload size (0xFF bytes then the last byte), after the NAL header
    // (H.264 type 6, or HEVC prefix SEI 0x4E 0x01).
    size_t q = p;
    uint64_t size = 0;
    bool ok = q >= 3;
    if (ok) {
      size = static_cast<uint8_t>(all[--q]);
      while (q >= 1 && static_cast<uint8_t>(all[q - 1]) == 0xFF && q >= 3) {
        size += 255;
        --q;
      }
      ok = q >= 2 && static_cast<uint8_t>(all[q - 1]) == 0x05 &&
           ((static_cast<uint8_t>(all[q - 2]) & 0x1F) == 6 ||
            (q >= 3 && static_cast<uint8_t>(all[q - 3]) == 0x4E && static_cast<uint8_t>(all[q - 2]) == 0x01));
    }
    const size_t body = p + 16;
    const size_t len = static_cast<size_t>(std::min<uint64_t>(size >= 16 ? size - 16 : 0, all.size() - body));
    const std::string_view payload = all.substr(body, std::min<size_t>(len, 256));
    if (ok && payload.find("kling-ai") != std::string_view::npos) {
      std::string unit = "video";
      for (const LayoutUnit& u : a.inventory.layout) {
        if (p >= u.offset && p < u.offset + u.length) unit = u.name;
      }
      Mark m = generator_mark("kling", std::string(format_name(a.format)) + ":" + unit +
                                           "/sei:user_data_unregistered:91ca6061-4aee-3854-8614-2d5f73f4ae2e",
                              Claim::kAi);
      std::string printable;
      for (char c : payload) {
        if (c >= 0x20 && c < 0x7F) printable += c;
      }
      m.fields.set("payload", printable);
      a.marks.push_back(std::move(m));
      return;
    }
    p += 16;
  }
}

}  // namespace

void read_generator_metadata(Analysis& a) {
  const std::vector<TextEntry>& text = a.inventory.text;
  auto find = [&](std::string_view key) -> const TextEntry* {
    for (const TextEntry& e : text) {
      if (e.key == key) return &e;
    }
    return nullptr;
  };
  std::set<std::string> used;  // carriers read as strong marks are not also weak hints
  auto add = [&](Mark m, const TextEntry& e) {
    used.insert(e.carrier);
    a.marks.push_back(std::move(m));
  };

  // Fooocus first: it also writes "parameters", in its own JSON or in the A1111 text form.
  const TextEntry* fooocus_scheme = find("fooocus_scheme");
  const TextEntry* parameters = find("parameters");
  if (fooocus_scheme || (parameters && lower(parameters->value).find("fooocus") != std::string::npos &&
                         parse_json(parameters->value).is_object())) {
    const TextEntry& e = parameters ? *parameters : *fooocus_scheme;
    Mark m = generator_mark("fooocus", e.carrier, Claim::kAi);
    const Json j = parse_json(e.value);
    set_if(m, "version", json_text(j, "version"));
    set_if(m, "base_model", json_text(j, "base_model"));
    set_if(m, "prompt", shorten(json_text(j, "prompt")));
    if (!j.is_object()) (void)a1111_parameters(e.value, m);
    m.fields.set("tool", "fooocus");
    add(std::move(m), e);
    if (fooocus_scheme && parameters) used.insert(fooocus_scheme->carrier);
  }
  for (const TextEntry& e : text) {
    if (used.count(e.carrier)) continue;
    const std::string_view v = e.value;
    // AUTOMATIC1111 / Forge: PNG "parameters", EXIF UserComment with the same text.
    if (e.key == "parameters" || e.key == "UserComment") {
      Mark m = generator_mark("a1111", e.carrier, Claim::kAi);
      if (a1111_parameters(v, m)) {
        add(std::move(m), e);
        continue;
      }
    }
    // ComfyUI: PNG "prompt"/"workflow"; EXIF Model "prompt:{…}", Make "workflow:{…}".
    if (e.key == "prompt" || e.key == "workflow" || ((e.key == "Model" || e.key == "Make") &&
                                                     (v.rfind("prompt:", 0) == 0 || v.rfind("workflow:", 0) == 0))) {
      const std::string_view graph = e.key == "Model" || e.key == "Make" ? v.substr(v.find(':') + 1) : v;
      Mark m = generator_mark("comfyui", e.carrier, Claim::kAi);
      if (comfyui_graph(graph, m)) {
        add(std::move(m), e);
        continue;
      }
    }
    if (e.key == "invokeai_metadata" || e.key == "invokeai_graph" || e.key == "sd-metadata" || e.key == "Dream") {
      Mark m = generator_mark("invokeai", e.carrier, Claim::kAi);
      const Json j = parse_json(v);
      set_if(m, "app_version", json_text(j, "app_version"));
      if (j.is_object() && j.find("model") != j.end() && j["model"].is_object()) set_if(m, "model", json_text(j["model"], "name"));
      else set_if(m, "model", json_text(j, "model_weights"));
      add(std::move(m), e);
      continue;
    }
    if (e.key == "sui_image_params") {
      Mark m = generator_mark("swarmui", e.carrier, Claim::kAi);
      Json j = parse_json(v);
      if (j.is_object() && j.find("sui_image_params") != j.end()) j = j["sui_image_params"];
      set_if(m, "model", json_text(j, "model"));
      set_if(m, "swarm_version", json_text(j, "swarm_version"));
      set_if(m, "prompt", shorten(json_text(j, "prompt")));
      add(std::move(m), e);
      continue;
    }
    // Midjourney: "<prompt> --v 6 Job ID: 2b6e053b-9a65-4ca9-9e13-b6f4465164d4".
    if (e.key == "Description" || e.key == "ImageDescription") {
      const size_t job = v.find("Job ID: ");
      if (job != std::string_view::npos) {
        const std::string_view id = trim(v.substr(job + 8, 36));
        const bool uuid_like = id.size() == 36 && id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-';
        if (uuid_like) {
          Mark m = generator_mark("midjourney", e.carrier, Claim::kAi);
          m.fields.set("job_id", std::string(id));
          set_if(m, "prompt", shorten(v.substr(0, job)));
          add(std::move(m), e);
          continue;
        }
      }
    }
    // Suno: "made with suno; created=2024-…; id=…" in a comment; the WOAS (official audio source) URL.
    const std::string low = lower(v);
    if (low.find("made with suno") != std::string::npos) {
      Mark m = generator_mark("suno", e.carrier, Claim::kAi);
      for (std::string_view k : {"created=", "id="}) {
        const size_t at = low.find(k);
        if (at == std::string::npos || (at > 0 && low[at - 1] != ' ' && low[at - 1] != ';')) continue;
        const size_t end = v.find(';', at);
        set_if(m, k.substr(0, k.size() - 1), std::string(trim(v.substr(at + k.size(), end == std::string_view::npos ? std::string_view::npos : end - at - k.size()))));
      }
      add(std::move(m), e);
      continue;
    }
    if ((e.key == "WOAS" || e.key == "WAS") && low.find("suno.com") != std::string::npos) {
      Mark m = generator_mark("suno", e.carrier, Claim::kAi);
      m.fields.set("url", std::string(trim(v)));
      add(std::move(m), e);
      continue;
    }
  }
  // NovelAI: Software "NovelAI" with the JSON generation settings in Comment.
  if (const TextEntry* sw = find("Software"); sw && trim(sw->value) == "NovelAI") {
    const TextEntry* comment = find("Comment");
    const Json j = comment ? parse_json(comment->value) : Json(nullptr);
    if (j.is_object()) {
      Mark m = generator_mark("novelai", comment->carrier, Claim::kAi);
      if (const TextEntry* source = find("Source")) set_if(m, "source", source->value);
      set_if(m, "steps", json_text(j, "steps"));
      set_if(m, "sampler", json_text(j, "sampler"));
      set_if(m, "seed", json_text(j, "seed"));
      set_if(m, "prompt", shorten(json_text(j, "prompt")));
      used.insert(sw->carrier);
      add(std::move(m), *comment);
    }
  }
  // Weak hints: AI products named in tool fields (text entries and XMP CreatorTool/Software).
  for (const TextEntry& e : text) {
    if (used.count(e.carrier) || !hint_key(e.key)) continue;
    if (std::string_view p = named_product(e.value); !p.empty()) a.marks.push_back(weak_hint(e.carrier, p, e.value));
  }
  for (const ParsedXmp& packet : a.xmp) {
    for (const XmpProperty& p : packet.doc.properties) {
      if (p.name != "CreatorTool" && p.name != "Software") continue;
      if (std::string_view product = named_product(p.value); !product.empty()) {
        a.marks.push_back(weak_hint(packet.carrier + "/" + (p.prefix.empty() ? "" : p.prefix + ":") + p.name, product, p.value));
      }
    }
  }
  // File names some services give their downloads (the name is only echoed by the caller: weak by nature).
  std::string_view name = a.file_name;
  if (const size_t slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kNames = {{
      {"Gemini_Generated_Image_", "gemini"}, {"DALL\xC2\xB7" "E ", "dall-e"}, {"DALL-E ", "dall-e"}, {"ChatGPT Image ", "chatgpt"}}};
  for (const auto& [prefix, tool] : kNames) {
    if (name.rfind(prefix, 0) == 0) {
      Mark m = generator_mark(tool, "file-name", Claim::kUnknown);
      m.fields.set("evidence", "weak");
      m.fields.set("value", std::string(name));
      m.problems.push_back("only the file name suggests an AI service; anyone can rename a file");
      a.marks.push_back(std::move(m));
      break;
    }
  }
  if (media_of(a.format) == Media::kVideo) scan_kling_sei(a);
}

}  // namespace dsmark
