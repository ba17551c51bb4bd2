// The dsmark command line: converts arguments and files to core calls and prints reports. No detection logic here.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "dsmark/build_info.h"
#include "dsmark/dsmark.h"
#include "dsmark/watermark.h"

namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage =
    "usage: dsmark verify [--json] [--metadata-only] [--progress|--no-progress] PATH...\n"
    "       dsmark watermark embed IN OUT [--payload HEX]\n"
    "       dsmark --version\n"
    "\n"
    "verify  reads files and folders (recursively) and reports every AI-generation mark found:\n"
    "        GB 45438 labels, and more as dsmark grows. With --json, one report per line (JSON Lines,\n"
    "        schema dsmark.report.v1); without it, a readable summary. --metadata-only skips the signal\n"
    "        detectors (watermarks, visible and audible labels: they decode pixels, sound and text) and reads\n"
    "        the metadata marks only, for fast batch checks of implicit labels.\n"
    "watermark embed  adds dsmark's own watermark to an image, audio clip or text file; OUT's extension\n"
    "        (.png .jpg .webp, .wav .opus, .txt .md) chooses the output format. `dsmark verify OUT` finds it.\n"
    "exit status: 0 every file was read, 1 some file could not be read, 2 bad usage\n";

struct VerifyArgs {
  bool json = false;
  bool metadata_only = false;
  int progress = -1;  // -1: when stderr is a terminal and several files are given
  std::vector<std::string> paths;
};

// Expands folders into their regular files, sorted, so runs are repeatable. Unreadable entries become reports.
void expand(const std::string& path, std::vector<std::string>& files) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    files.push_back(path);
    return;
  }
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code ec2;
    if (it->is_regular_file(ec2)) found.push_back(it->path().string());
  }
  if (ec) files.push_back(path);  // reported as unreadable below
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
}

// Reads a whole file, refusing more than `max_bytes`. On failure returns why, as a report error (code + words).
std::optional<dsmark::ReportError> read_file(const std::string& path, uint64_t max_bytes,
                                             std::vector<uint8_t>& bytes) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return dsmark::ReportError{"io", "the file could not be opened: " + ec.message()};
  if (size > max_bytes) {
    return dsmark::ReportError{"limit", "the file is larger than the limit of " + std::to_string(max_bytes) + " bytes"};
  }
  std::ifstream in(path, std::ios::binary);
  bytes.resize(static_cast<size_t>(size));
  if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    return dsmark::ReportError{"io", "the file could not be read"};
  }
  return std::nullopt;
}

dsmark::Report verify_path(const std::string& path, const dsmark::VerifyOptions& options) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return dsmark::error_report(path, "io", "the folder could not be read");
  std::vector<uint8_t> bytes;
  if (auto error = read_file(path, options.limits.max_input_bytes, bytes)) {
    return dsmark::error_report(path, error->code, error->message);
  }
  return dsmark::verify(bytes, path, options);
}

std::string verdict_words(dsmark::Verdict v) {
  switch (v) {
    case dsmark::Verdict::kAi: return "AI-generated";
    case dsmark::Verdict::kPossiblyAi: return "possibly AI-generated";
    case dsmark::Verdict::kSuspectedAi: return "suspected AI-generated";
    case dsmark::Verdict::kNone: return "no AI mark found";
    case dsmark::Verdict::kError: return "could not be read";
  }
  return "";
}

// A field value in plain words: decoded codes ({"provider": "Doubao", …}) as "provider: Doubao · …".
std::string field_text(const dsmark::Value& v) {
  using T = dsmark::Value::Type;
  switch (v.type()) {
    case T::kString: return v.as_string();
    case T::kBool: return v.as_bool() ? "true" : "false";
    case T::kInt: return std::to_string(v.as_int());
    case T::kDouble: {
      char buf[32];  // a detector's evidence (p_value 3e-12, z 41.7): significant digits, not fixed decimals
      std::snprintf(buf, sizeof buf, "%.6g", v.as_double());
      return buf;
    }
    case T::kArray: {
      std::string out;
      for (const dsmark::Value& x : v.as_array()) out += (out.empty() ? "" : ", ") + field_text(x);
      return out;
    }
    case T::kObject: {
      std::string out;
      for (const auto& [k, x] : v.as_object()) out += (out.empty() ? "" : " · ") + k + ": " + field_text(x);
      return out;
    }
    case T::kNull: return "";
  }
  return "";
}

void print_summary(const dsmark::Report& r) {
  std::cout << r.file << ": " << verdict_words(r.verdict);
  if (r.verdict != dsmark::Verdict::kError) std::cout << " (" << dsmark::format_name(r.format) << ")";
  std::cout << "\n";
  if (r.error) std::cout << "  " << r.error->message << "\n";
  for (const dsmark::Mark& m : r.marks) {
    std::cout << "  - " << m.scheme << " says " << dsmark::claim_name(m.claim) << ", in " << m.carrier << "\n";
    for (const auto& [key, value] : m.fields.as_object()) {
      const std::string text = field_text(value);
      if (!text.empty()) std::cout << "      " << key << ": " << text << "\n";
    }
    for (const std::string& p : m.problems) std::cout << "      problem: " << p << "\n";
  }
  for (const std::string& w : r.warnings) std::cout << "  warning: " << w << "\n";
}

int run_verify(const VerifyArgs& args) {
  std::vector<std::string> files;
  for (const std::string& p : args.paths) expand(p, files);
  const bool progress = args.progress == 1 || (args.progress == -1 && files.size() > 1 && isatty(STDERR_FILENO));
  const bool tty = isatty(STDERR_FILENO);
  dsmark::VerifyOptions options;
  options.detectors = !args.metadata_only;
  size_t counts[5] = {};
  for (size_t i = 0; i < files.size(); ++i) {
    if (progress) {
      std::fprintf(stderr, tty ? "\r\033[K[%zu/%zu] %s" : "[%zu/%zu] %s\n", i + 1, files.size(), files[i].c_str());
      std::fflush(stderr);
    }
    const dsmark::Report r = verify_path(files[i], options);
    ++counts[static_cast<int>(r.verdict)];
    if (args.json) {
      std::cout << dsmark::report_to_json(r) << "\n";
    } else {
      print_summary(r);
    }
    std::cout.flush();
  }
  if (progress && tty) std::fprintf(stderr, "\r\033[K");
  if (!args.json && files.size() > 1) {
    std::cout << files.size() << " files: " << counts[0] << " AI-generated, " << counts[1] << " possibly AI, "
              << counts[2] << " suspected AI, " << counts[3] << " without a mark, " << counts[4]
              << " could not be read\n";
  }
  return counts[static_cast<int>(dsmark::Verdict::kError)] > 0 ? 1 : 0;
}

// dsmark watermark embed IN OUT [--payload HEX]
int run_embed(const std::vector<std::string>& args) {
  std::vector<std::string> paths;
  std::string payload_hex;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--payload" && i + 1 < args.size()) {
      payload_hex = args[++i];
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      std::fprintf(stderr, "dsmark watermark embed: unknown option %s\n%s", args[i].c_str(), kUsage);
      return 2;
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.size() != 2) {
    std::fprintf(stderr, "dsmark watermark embed: give IN and OUT\n%s", kUsage);
    return 2;
  }
  dsmark::EmbedOptions options;
  options.output_format = dsmark::output_format_for_name(paths[1]);
  if (options.output_format.empty()) {
    std::fprintf(stderr, "dsmark watermark embed: %s: the extension names no output format dsmark writes\n",
                 paths[1].c_str());
    return 2;
  }
  if (!payload_hex.empty()) {
    auto payload = dsmark::payload_from_hex(payload_hex);
    if (!payload) {
      std::fprintf(stderr, "dsmark watermark embed: --payload: %s\n", payload.status().message().c_str());
      return 2;
    }
    options.payload = std::move(*payload);
  }
  std::vector<uint8_t> input;
  if (auto error = read_file(paths[0], options.limits.max_input_bytes, input)) {
    std::fprintf(stderr, "dsmark watermark embed: %s: %s\n", paths[0].c_str(), error->message.c_str());
    return 1;
  }
  auto marked = dsmark::embed_watermark(input, options);
  if (!marked) {
    std::fprintf(stderr, "dsmark watermark embed: %s: %s\n", paths[0].c_str(), marked.status().message().c_str());
    return 1;
  }
  std::ofstream out(paths[1], std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(marked->data()), static_cast<std::streamsize>(marked->size()));
  if (!out.flush()) {
    std::fprintf(stderr, "dsmark watermark embed: %s: could not be written\n", paths[1].c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "dsmark " << dsmark::version() << "\n";
    if (dsmark::build_licence() != "Apache-2.0") {
      // A build that links libfaad (AAC) is distributed under the GPL (README "Licence").
      std::cout << "licence of this binary: " << dsmark::build_licence()
                << " (AAC decoded with libfaad: code from FAAD2 is copyright (c) Nero AG, www.nero.com)\n";
    }
    return 0;
  }
  if (args[0] == "verify") {
    VerifyArgs v;
    bool options_done = false;
    for (size_t i = 1; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (!options_done && a == "--") options_done = true;
      else if (!options_done && a == "--json") v.json = true;
      else if (!options_done && a == "--metadata-only") v.metadata_only = true;
      else if (!options_done && a == "--progress") v.progress = 1;
      else if (!options_done && a == "--no-progress") v.progress = 0;
      else if (!options_done && a.size() > 1 && a[0] == '-') {
        std::fprintf(stderr, "dsmark verify: unknown option %s\n%s", a.c_str(), kUsage);
        return 2;
      } else v.paths.push_back(a);
    }
    if (v.paths.empty()) {
      std::fprintf(stderr, "dsmark verify: no files given\n%s", kUsage);
      return 2;
    }
    return run_verify(v);
  }
  if (args[0] == "watermark") {
    if (args.size() >= 2 && args[1] == "embed") return run_embed({args.begin() + 2, args.end()});
    std::fprintf(stderr, "dsmark watermark: the only subcommand is embed\n%s", kUsage);
    return 2;
  }
  std::fprintf(stderr, "dsmark: unknown command %s\n%s", args[0].c_str(), kUsage);
  return 2;
}
