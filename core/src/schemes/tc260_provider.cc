#include "schemes/tc260_provider.h"

#include <array>
#include <string>

namespace dsmark {
namespace {

// Every credit code below was seen in labels of real files or in published material; none is inferred.
// Their GB 32100 check characters are valid (a unit test checks every row).
constexpr std::array kProviders = {
    // REFERENCE.md §2 and ../shared/fixtures/vendors/doubao_black.png: "001191110102MACQD9K64010000".
    KnownProvider{"91110102MACQD9K640", "Doubao", "豆包", "ByteDance"},
    // REFERENCE.md §2: Jimeng producer "…X210001" and propagator "…X220001".
    KnownProvider{"9144030008867405X2", "Jimeng", "即梦", "ByteDance"},
    // REFERENCE.md §2: "001191440300708461136T1XGW3"; also Markdown front matter written by Tencent's tools.
    KnownProvider{"91440300708461136T", "Tencent", "腾讯", "Tencent"},
    // Published provider tables of open-source label checkers (Tencent Hunyuan).
    KnownProvider{"9144030071526726XG", "Tencent", "腾讯", "Tencent"},
    // Qwen PNG labels ("tEXt AIGC", REFERENCE.md §2); code from published provider tables.
    KnownProvider{"91440101MA9Y9T4H7A", "Qwen", "通义千问", "Alibaba"},
    // MP4 labels of Wan / Tongyi video exports ("001191330106MA2CFLDG4R10001").
    KnownProvider{"91330106MA2CFLDG4R", "Tongyi Wanxiang", "通义万相", "Alibaba"},
    // Kling MP4 exports ("001191110108335469089C10100", ProduceID "KLingMuse_…").
    KnownProvider{"91110108335469089C", "Kling", "可灵", "Kuaishou"},
    KnownProvider{"91110000802100433B", "Baidu", "百度", "Baidu"},
    // Markdown written by Z.ai agents ("001191110108MA01KP2T5U00000").
    KnownProvider{"91110108MA01KP2T5U", "Zhipu", "智谱", "Zhipu AI"},
    KnownProvider{"91110108MACC4D63XF", "Vidu", "生数科技", "ShengShu"},
    KnownProvider{"91110105MACJ6K1C8A", "LiblibAI", "哩布哩布", "LiblibAI"},
    KnownProvider{"91340100MAEB4N8H76", "RunningHub", "RunningHub", "RunningHub"},
    KnownProvider{"91440300MA5G49LC9K", "Honor", "荣耀", "Honor"},
    // iFLYTEK's speech synthesis documentation shows "001191340000711771143J00000" in its MP3 labels.
    KnownProvider{"91340000711771143J", "iFLYTEK", "科大讯飞", "iFLYTEK"},
};

// Providers seen only as bare names in labels (no code published).
constexpr std::array kNamedOnly = {
    KnownProvider{"", "MiniMax", "MiniMax", "MiniMax"},
    KnownProvider{"", "DeepSeek", "深度求索", "DeepSeek"},
    KnownProvider{"", "Kimi", "Kimi", "Moonshot AI"},
};

struct Alias {
  std::string_view text;  // lower case
  bool whole;             // must be the whole value (short or common words); else contained in it
  std::string_view provider;
};
constexpr std::array kAliases = {
    Alias{"doubao", false, "Doubao"},     Alias{"豆包", false, "Doubao"},      Alias{"jimeng", false, "Jimeng"},
    Alias{"即梦", false, "Jimeng"},       Alias{"kling", false, "Kling"},      Alias{"可灵", false, "Kling"},
    Alias{"minimax", false, "MiniMax"},   Alias{"hailuo", false, "MiniMax"},   Alias{"海螺", false, "MiniMax"},
    Alias{"qwen", false, "Qwen"},         Alias{"通义千问", false, "Qwen"},    Alias{"tongyi", false, "Tongyi Wanxiang"},
    Alias{"通义万相", false, "Tongyi Wanxiang"}, Alias{"wan", true, "Tongyi Wanxiang"},
    Alias{"yuanbao", false, "Tencent"},   Alias{"元宝", false, "Tencent"},     Alias{"hunyuan", false, "Tencent"},
    Alias{"混元", false, "Tencent"},      Alias{"tencent", false, "Tencent"},  Alias{"腾讯", false, "Tencent"},
    Alias{"baidu", false, "Baidu"},       Alias{"百度", false, "Baidu"},       Alias{"文心", false, "Baidu"},
    Alias{"ernie", true, "Baidu"},        Alias{"zhipu", false, "Zhipu"},      Alias{"智谱", false, "Zhipu"},
    Alias{"chatglm", false, "Zhipu"},     Alias{"vidu", false, "Vidu"},        Alias{"shengshu", false, "Vidu"},
    Alias{"liblib", false, "LiblibAI"},   Alias{"runninghub", false, "RunningHub"}, Alias{"iflytek", false, "iFLYTEK"},
    Alias{"讯飞", false, "iFLYTEK"},      Alias{"deepseek", false, "DeepSeek"}, Alias{"kimi", true, "Kimi"},
    Alias{"moonshot", false, "Kimi"},
};

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kCreditWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool alnum_upper(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

const KnownProvider* by_display_name(std::string_view name) {
  for (const KnownProvider& p : kProviders) {
    if (p.name == name) return &p;
  }
  for (const KnownProvider& p : kNamedOnly) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

void put_provider(Value& out, const KnownProvider& p, std::string_view matched_by) {
  out.set("provider", std::string(p.name));
  out.set("provider_zh", std::string(p.name_zh));
  out.set("organization", std::string(p.organization));
  out.set("matched_by", std::string(matched_by));
}

}  // namespace

bool valid_credit_code(std::string_view code) {
  if (code.size() != 18) return false;
  int sum = 0;
  for (size_t i = 0; i < 18; ++i) {
    const size_t v = kCreditAlphabet.find(code[i]);
    if (v == std::string_view::npos) return false;
    if (i < 17) sum += static_cast<int>(v) * kCreditWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kCreditAlphabet[static_cast<size_t>(check)] == code[17];
}

const KnownProvider* provider_by_credit_code(std::string_view credit_code) {
  for (const KnownProvider& p : kProviders) {
    if (p.credit_code == credit_code) return &p;
  }
  return nullptr;
}

const KnownProvider* provider_by_name(std::string_view name) {
  const std::string low = lower_ascii(trim(name));
  if (low.empty()) return nullptr;
  for (const Alias& a : kAliases) {
    if (a.whole ? low == a.text : low.find(a.text) != std::string::npos) return by_display_name(a.provider);
  }
  return nullptr;
}

Value describe_provider(std::string_view raw, std::string_view field, std::vector<std::string>& problems) {
  const std::string_view v = trim(raw);
  if (v.empty()) return Value();
  Value out = Value::object();
  const std::string f(field);
  // A code: long, upper-case letters and digits, starting with "00". Anything else is a name.
  const bool code_like = v.size() >= 20 && v.size() <= 40 && alnum_upper(v) && v.substr(0, 2) == "00";
  if (!code_like) {
    out.set("name", std::string(v));
    if (const KnownProvider* p = provider_by_name(v)) put_provider(out, *p, "name");
    return out;
  }
  out.set("code", std::string(v));
  if (v.size() != 27) {
    problems.push_back(f + " \"" + std::string(v) + "\" looks like a TC260 provider code but has " +
                       std::to_string(v.size()) + " characters instead of 27");
    return out;
  }
  const std::string_view type = v.substr(2, 2), credit = v.substr(4, 18), product = v.substr(23, 4);
  const char service = v[22];
  if (type != "11") {
    problems.push_back(f + " starts with \"" + std::string(v.substr(0, 4)) +
                       "\"; a provider code identified by its unified social credit code starts with \"0011\"");
  }
  out.set("credit_code", std::string(credit));
  const bool credit_ok = valid_credit_code(credit);
  out.set("credit_code_valid", credit_ok);
  if (!credit_ok) {
    problems.push_back(f + " holds \"" + std::string(credit) +
                       "\", which is not a valid unified social credit code (GB 32100-2015 check character)");
  }
  out.set("service", service == '1' ? "generation" : service == '2' ? "propagation" : "unknown");
  if (service != '1' && service != '2') {
    problems.push_back(f + " has service type \"" + std::string(1, service) +
                       "\" at character 23; the TC260 coding rule uses 1 (generation) or 2 (propagation)");
  }
  out.set("product_code", std::string(product));
  if (const KnownProvider* p = provider_by_credit_code(credit)) put_provider(out, *p, "credit-code");
  return out;
}

}  // namespace dsmark
