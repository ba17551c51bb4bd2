// Text benchmark (a benchmark, not a test: it prints figures and never fails on them).
//
//   build/native/bin/dsmark_bench_text [--quick] [--mb N] [--data DIR]
//
// 1. Precision and recall of explicit:text per language, over the labelled texts in DIR/text/labels
//    (cases.json: the "dev" and "holdout" sets the detector was tuned on, and the "blind" set written after
//    tuning and never tuned on). A labelled text counts as found when at least one explicit:text mark is
//    reported, and as exact when a mark has the expected text, position and form; an unlabelled text with a
//    mark is a false positive.
// 2. Throughput of verify_text() (every text detector on) over N MB of ordinary prose (the corpus lines that
//    mention no AI), of AI-dense text (the whole corpus), and of prose carrying invisible characters, against
//    GNU grep -P searching the same bytes for the label words, measured in the same run.
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dsmark/dsmark.h"
#include "text/explicit_label.h"

namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string field(const dsmark::Mark& m, const char* key) {
  const dsmark::Value* v = m.fields.find(key);
  return v && v->is_string() ? v->as_string() : std::string();
}

struct Counts {
  int labelled = 0, unlabelled = 0, found = 0, exact = 0, false_pos = 0;
};

void precision_recall(const fs::path& dir) {
  const fs::path manifest = dir / "cases.json";
  if (!fs::exists(manifest)) {
    std::printf("no labelled set at %s\n", manifest.c_str());
    return;
  }
  const auto cases = nlohmann::json::parse(read(manifest));
  std::map<std::string, std::map<std::string, Counts>> by_set;  // set → language → counts
  std::vector<std::string> misses;
  for (const auto& c : cases) {
    const std::string file = c["file"], set = c.value("set", "dev"), lang = c["language"];
    const std::string bytes = read(dir / file);
    const dsmark::Report r = dsmark::verify({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}, file);
    std::vector<const dsmark::Mark*> labels;
    for (const dsmark::Mark& m : r.marks) {
      if (m.scheme == "explicit:text") labels.push_back(&m);
    }
    for (const std::string& s : {set, std::string("all")}) {
      Counts& k = by_set[s][lang];
      Counts& all = by_set[s]["all"];
      for (Counts* x : {&k, &all}) {
        if (c["labelled"].get<bool>()) {
          ++x->labelled;
          if (!labels.empty()) ++x->found;
          for (const dsmark::Mark* m : labels) {
            if (field(*m, "text").find(c["label"].get<std::string>()) != std::string::npos &&
                field(*m, "position") == c["position"] && field(*m, "form") == c["form"]) {
              ++x->exact;
              break;
            }
          }
        } else {
          ++x->unlabelled;
          if (!labels.empty()) ++x->false_pos;
        }
      }
    }
    if (set == "blind") {
      if (c["labelled"].get<bool>() && labels.empty()) misses.push_back("missed: " + file);
      if (!c["labelled"].get<bool>() && !labels.empty()) misses.push_back("false label: " + file + " (" + field(*labels[0], "text") + ")");
    }
  }
  std::printf("explicit:text precision and recall (document level; 'exact' = expected text, position and form)\n");
  std::printf("%-8s %-8s %9s %11s %6s %6s %10s %8s %8s\n", "set", "language", "labelled", "unlabelled", "found",
              "exact", "false pos", "precision", "recall");
  for (const auto& [set, langs] : by_set) {
    for (const auto& [lang, k] : langs) {
      const int tp = k.found;
      const double precision = tp + k.false_pos ? 100.0 * tp / (tp + k.false_pos) : 100.0;
      const double recall = k.labelled ? 100.0 * tp / k.labelled : 100.0;
      std::printf("%-8s %-8s %9d %11d %6d %6d %10d %7.1f%% %7.1f%%\n", set.c_str(), lang.c_str(), k.labelled,
                  k.unlabelled, k.found, k.exact, k.false_pos, precision, recall);
    }
  }
  for (const std::string& m : misses) std::printf("  blind set %s\n", m.c_str());
}

// Lines of the corpus that name no AI element: ordinary prose in the eight languages.
std::string ordinary_prose(const fs::path& dir) {
  std::string out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || (e.path().extension() != ".txt" && e.path().extension() != ".md")) continue;
    const std::string text = read(e.path());
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string line = text.substr(start, end - start);
      if (!line.empty() && dsmark::find_ai_anchors(line, 1).empty()) out += line + "\n";
      start = end + 1;
    }
  }
  return out;
}

std::string all_texts(const fs::path& dir) {
  std::string out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && (e.path().extension() == ".txt" || e.path().extension() == ".md")) out += read(e.path()) + "\n";
  }
  return out;
}

std::string repeat_to(const std::string& unit, size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out += unit;
  return out;
}

// Zero-width spaces sprinkled every ~200 bytes, and a tag-character run every ~4 KB.
std::string with_invisible(const std::string& prose) {
  std::string out;
  out.reserve(prose.size() + prose.size() / 50);
  for (size_t i = 0; i < prose.size(); ++i) {
    out += prose[i];
    if (prose[i] == ' ' && i % 200 < 1) out += "\xE2\x80\x8B";
    if (prose[i] == '\n' && i % 4096 < 64) out += "\xF3\xA0\x81\x81\xF3\xA0\x81\x89";
  }
  return out;
}

// CPU seconds of this process (robust on a shared machine, where wall time depends on the neighbours).
double cpu_now() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double seconds_of(const std::string& text, int runs) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const double t0 = cpu_now();
    const dsmark::Report r = dsmark::verify_text(text, "bench");
    const double t1 = cpu_now();
    if (r.verdict == dsmark::Verdict::kError) std::printf("  (error: %s)\n", r.error->message.c_str());
    t.push_back(t1 - t0);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// GNU grep -c -P over a file, timed as a process; negative when grep is not there.
double grep_seconds(const std::string& text, int runs) {
  const fs::path tmp = fs::temp_directory_path() / ("dsmark-bench-" + std::to_string(getpid()) + ".txt");
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    std::fflush(nullptr);  // the child must not flush our buffered output a second time
    const pid_t pid = fork();
    if (pid == 0) {
      if (!freopen("/dev/null", "w", stdout)) _exit(127);
      execlp("grep", "grep", "-c", "-P", "(AI|人工智能|人工智慧)\\s*(生成|合成)|generated by AI|AI-generated", tmp.c_str(),
             static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
      fs::remove(tmp);
      return -1;
    }
    // grep's CPU time (user + system), like ours.
    t.push_back(static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6);
  }
  fs::remove(tmp);
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  size_t mb = 64;
  fs::path data = DSMARK_TEST_DATA_DIR;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") quick = true;
    else if (a == "--mb" && i + 1 < argc) mb = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--data" && i + 1 < argc) data = argv[++i];
    else {
      std::fprintf(stderr, "usage: dsmark_bench_text [--quick] [--mb N] [--data DIR]\n");
      return 2;
    }
  }
  if (quick) mb = 4;
  const fs::path labels = data / "text" / "labels";
  precision_recall(labels);

  const int runs = quick ? 1 : 3;
  const size_t bytes = mb << 20;
  const std::string prose = repeat_to(ordinary_prose(labels), bytes);
  const std::string dense = repeat_to(all_texts(labels), bytes);
  const std::string hidden = with_invisible(prose);
  std::printf("\nverify_text throughput, every text detector on (CPU time, median of %d runs)\n", runs);
  std::printf("%-44s %8s %10s %14s %8s\n", "input", "MB", "dsmark MB/s", "grep -P MB/s", "ratio");
  for (const auto& [name, text] : {std::pair<const char*, const std::string*>{"ordinary prose, 8 languages", &prose},
                                   {"AI-dense (the labelled corpus)", &dense},
                                   {"prose with zero-width and tag characters", &hidden}}) {
    const double mbytes = static_cast<double>(text->size()) / (1 << 20);
    const double ours = mbytes / seconds_of(*text, runs);
    const double g = grep_seconds(*text, runs);
    if (g > 0) {
      const double theirs = mbytes / g;
      std::printf("%-44s %8.1f %10.0f %14.0f %7.2fx\n", name, mbytes, ours, theirs, ours / theirs);
    } else {
      std::printf("%-44s %8.1f %10.0f %14s %8s\n", name, mbytes, ours, "n/a", "");
    }
  }
  std::printf("target: >= 200 MB/s on ordinary prose\n");
  return 0;
}
