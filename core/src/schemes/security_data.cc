#include "schemes/security_data.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

#include "crypto/sm2_verify.h"

namespace dsmark {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kSm3WithSm2 = "1.2.156.10197.1.501";

std::string_view algorithm_name(std::string_view oid) {
  if (oid == kSm3WithSm2) return "SM3withSM2";
  if (oid == "1.2.156.10197.1.301") return "SM2";
  if (oid == "1.2.840.10045.4.3.2") return "ECDSA-SHA256";
  if (oid == "1.2.840.10045.4.3.3") return "ECDSA-SHA384";
  if (oid == "1.2.840.113549.1.1.11") return "RSA-SHA256";
  return "unknown";
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::vector<uint8_t>> from_hex(std::string_view s) {
  if (s.size() % 2 != 0 || s.empty()) return std::nullopt;
  std::vector<uint8_t> out;
  out.reserve(s.size() / 2);
  for (size_t i = 0; i < s.size(); i += 2) {
    const int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<uint8_t>(hi * 16 + lo));
  }
  return out;
}

std::optional<std::vector<uint8_t>> from_base64(std::string_view s) {
  std::vector<uint8_t> out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else if (c == '=') break;
    else if (c == '\n' || c == '\r' || c == ' ') continue;
    else return std::nullopt;
    acc = acc << 6 | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// Hex when it is hex (the guide's examples), otherwise base64.
std::optional<std::vector<uint8_t>> binary(std::string_view s) {
  if (auto h = from_hex(s)) return h;
  return from_base64(s);
}

std::string text_of(const Value& label, std::string_view key) {
  const Value* v = label.find(key);
  return v && v->is_string() ? v->as_string() : std::string();
}

// "Key":"value",… for the named fields, as the guide's signed message is written.
std::string signed_message(const Value& label, std::initializer_list<std::string_view> keys) {
  std::string m;
  for (std::string_view k : keys) {
    if (!m.empty()) m += ',';
    m += '"';
    m += k;
    m += "\":";
    m += Json(text_of(label, k)).dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  return m;
}

// A string member of a JSON object, or "" (never throws: the core is built without exceptions).
std::string member(const Json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A DER ECDSA-Sig-Value: SEQUENCE { INTEGER r, INTEGER s } filling the whole buffer.
bool looks_like_der_signature(const std::vector<uint8_t>& b) {
  return b.size() >= 8 && b.size() <= 140 && b[0] == 0x30 && b[1] == b.size() - 2 && b[2] == 0x02;
}

Value describe_security_data(const Json& sd, std::string_view field, const Value& label,
                             std::vector<std::string>& problems) {
  Value out = Value::object();
  out.set("form", "SecurityData");
  const std::string f(field);
  if (const std::string type = member(sd, "Type"); !type.empty()) out.set("type", type);
  if (auto v = sd.find("Version"); v != sd.end()) {
    out.set("version", v->is_string() ? v->get<std::string>() : v->dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  std::string alg_id, signature, key;
  if (auto pubsd = sd.find("PubSD"); pubsd != sd.end() && pubsd->is_array()) {
    for (const Json& item : *pubsd) {
      const std::string type = member(item, "Type");
      if (type == "DS") {
        if (std::string a = member(item, "AlgID"); !a.empty()) alg_id = a;
        signature = member(item, "Signature");
      } else if (type == "PubKey") {
        key = member(item, "KeyValue");
        if (alg_id.empty()) alg_id = member(item, "AlgID");
      }
    }
  }
  if (!alg_id.empty()) {
    out.set("alg_id", alg_id);
    out.set("algorithm", std::string(algorithm_name(alg_id)));
  }
  if (signature.empty()) {
    out.set("signature", "absent");
    problems.push_back(f + " holds SecurityData without a signature (PubSD entry of Type DS)");
    return out;
  }
  if (key.empty()) {
    out.set("signature", "not-checked");
    out.set("reason", "no public key in the label");
    return out;
  }
  if (alg_id != kSm3WithSm2) {
    out.set("signature", "not-checked");
    out.set("reason", "dsmark verifies SM3withSM2 signatures only");
    return out;
  }
  const auto sig = binary(signature), pub = binary(key);
  if (!sig || !pub) {
    out.set("signature", "malformed");
    problems.push_back(f + ": the signature or the public key is neither hex nor base64");
    return out;
  }
  // The guide signs the producer's three fields; for the propagator's ReservedCode2 the propagator's fields are
  // tried first.
  struct Candidate {
    std::string_view names;
    std::string message;
  };
  std::vector<Candidate> candidates;
  if (field == "ReservedCode2") {
    candidates.push_back({"ContentPropagator,PropagateID", signed_message(label, {"ContentPropagator", "PropagateID"})});
  }
  candidates.push_back({"Label,ContentProducer,ProduceID", signed_message(label, {"Label", "ContentProducer", "ProduceID"})});
  bool bad_key = false, bad_sig = false;
  for (const Candidate& c : candidates) {
    const auto m = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(c.message.data()), c.message.size());
    const Sm2Result r = sm2_verify(*pub, *sig, m);
    if (r == Sm2Result::kValid) {
      out.set("signature", "valid");
      out.set("signed_fields", std::string(c.names));
      // The key travels with the label: a valid signature shows the fields were not changed after signing,
      // not who signed them.
      out.set("key", "embedded in the label");
      return out;
    }
    bad_key = bad_key || r == Sm2Result::kBadKey;
    bad_sig = bad_sig || r == Sm2Result::kBadSignature;
  }
  if (bad_key || bad_sig) {
    out.set("signature", "malformed");
    problems.push_back(f + ": the " + std::string(bad_key ? "public key is not an SM2 key" : "signature is not a DER SM2 signature"));
    return out;
  }
  out.set("signature", "invalid");
  problems.push_back(f + ": the SM2 signature does not verify over " + std::string(candidates.back().names) +
                     " with the public key the label carries (the label was changed after signing, or signed "
                     "over other bytes)");
  return out;
}

}  // namespace

Value describe_reserved_code(std::string_view value, std::string_view field, const Value& label,
                             std::vector<std::string>& problems) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\n')) value.remove_prefix(1);
  if (value.empty()) return Value();
  if (value.front() == '{') {
    Json j = Json::parse(value.begin(), value.end(), nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.find("SecurityData") != j.end()) {
      const Json& sd = *j.find("SecurityData");
      if (sd.is_object()) return describe_security_data(sd, field, label, problems);
      problems.push_back(std::string(field) + " holds SecurityData that is not a JSON object");
      return Value();
    }
    if (j.is_discarded() && value.find("SecurityData") != std::string_view::npos) {
      problems.push_back(std::string(field) + " holds SecurityData that is not valid JSON");
    }
    return Value();
  }
  // A bare signature in hex (MiniMax writes DER ECDSA-Sig-Values): nothing to check it with.
  if (auto bytes = from_hex(value); bytes && looks_like_der_signature(*bytes)) {
    Value out = Value::object();
    out.set("form", "signature");
    out.set("signature", "not-checked");
    out.set("reason", "no public key or algorithm in the label");
    return out;
  }
  return Value();
}

}  // namespace dsmark
