#include "cli/commands.hpp"

#include <malloc.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/distributed.hpp"
#include "cli/exit_codes.hpp"
#include "cli/limits.hpp"
#include "cli/output_file.hpp"
#include "cli/shared.hpp"
#include "diag/diagnostics.hpp"
#include "explicit/checkpoint.hpp"
#include "explicit/engine.hpp"
#include "explicit/select.hpp"
#include "frontend/frontend.hpp"
#include "model/describe.hpp"
#include "model/replaceable.hpp"
#include "replay/replay.hpp"
#include "report/report.hpp"
#include "result/stuck_messages.hpp"
#include "result/verdict.hpp"
#include "smt/engine.hpp"

namespace dpu::cli {

namespace {

void usage_error(const std::string& message) {
  std::fprintf(stderr, "dpucheck: error: %s\n", message.c_str());
}

/// Reads a duration option (`--time-limit 90s`) into seconds; an empty text leaves `seconds`
/// as it is. False after printing the usage error.
bool read_duration(const char* option, const std::string& text, double& seconds) {
  if (text.empty()) return true;
  auto parsed = parse_duration(text);
  if (!parsed) {
    usage_error(fmt::format("{} expects a duration such as 90s, 10m or 2h, got '{}'", option, text));
    return false;
  }
  seconds = *parsed;
  return true;
}

/// "N=4" -> (N, 4); integers in decimal, or true/false.
std::optional<resolve::Overrides> parse_defines(const std::vector<std::string>& defines) {
  resolve::Overrides out;
  for (const std::string& d : defines) {
    auto eq = d.find('=');
    std::string name = d.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : d.substr(eq + 1);
    bool name_ok = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
    for (char c : name) name_ok = name_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    model::Value v = 0;
    bool value_ok = true, is_bool = value == "true" || value == "false";
    if (is_bool)
      v = value == "true";
    else {
      std::size_t used = 0;
      try {
        v = std::stoll(value, &used, 10);
      } catch (const std::exception&) {
        value_ok = false;
      }
      value_ok = value_ok && used == value.size() && !value.empty();
    }
    if (eq == std::string::npos || !name_ok || !value_ok) {
      usage_error(fmt::format("-D expects NAME=INTEGER (e.g. -D N=4), got '{}'", d));
      return std::nullopt;
    }
    out[name] = resolve::Override(v, is_bool);
  }
  return out;
}

/// Loads a model through the whole front end, printing diagnostics on failure. `source`, if
/// given, receives the source file, for positioned messages about the model's run time.
std::optional<model::Model> load(const CommonOptions& o, std::optional<diag::SourceFile>* source = nullptr,
                                 const resolve::Overrides& more = {}) {
  std::optional<resolve::Overrides> overrides = parse_defines(o.defines);
  if (!overrides) return std::nullopt;
  overrides->insert(more.begin(), more.end());  // -D wins over `more`
  try {
    diag::SourceFile file = diag::SourceFile::load(o.file);
    if (source) source->emplace(file);
    diag::Diagnostics diags;
    std::optional<model::Model> m = frontend::load(file, *overrides, diags);
    if (!diags.all().empty()) std::fputs(diag::render_all(file, diags).c_str(), stderr);
    return m;
  } catch (const std::runtime_error& e) {
    usage_error(e.what());
    return std::nullopt;
  }
}

/// Progress lines on stderr, TLC-style, only for runs that last longer than a few seconds.
class StderrReporter final : public result::Reporter {
 public:
  explicit StderrReporter(bool quiet) : quiet_(quiet) {}
  void warning(const std::string& text) override {
    std::fprintf(stderr, "dpucheck: warning: %s\n", text.c_str());
  }
  static constexpr double kQuietBelowSeconds = 3.0;
  void progress(const result::Stats& s, std::uint64_t queue) override {
    // The engine also reports once at the end; a short run needs no progress line.
    if (quiet_ || s.seconds < kQuietBelowSeconds) return;
    double rate = s.seconds > 0 ? static_cast<double>(s.states) / s.seconds : 0;
    std::fprintf(stderr,
                 "progress: %llu states, %llu transitions, queue %llu, depth %llu, %.0f states/s, "
                 "%.1f s\n",
                 static_cast<unsigned long long>(s.states), static_cast<unsigned long long>(s.transitions),
                 static_cast<unsigned long long>(queue), static_cast<unsigned long long>(s.max_depth), rate,
                 s.seconds);
  }
  void liveness(const std::string& property, std::uint32_t k, std::uint32_t n, double seconds) override {
    if (quiet_ || seconds < kQuietBelowSeconds) return;
    std::fprintf(stderr, "progress: liveness %u of %u: %s, %.1f s\n", k, n, property.c_str(), seconds);
  }

 private:
  bool quiet_;
};

/// A runtime error or failed `assert` of the model, at its source position on stderr (stdout
/// keeps the verdicts and counterexamples, which must not change).
void print_failures(const diag::SourceFile& file, const result::Result& r) {
  for (const result::PropertyResult& p : r.properties) {
    if (!p.failure) continue;
    diag::Diagnostic d{p.failure->pos, diag::Severity::Error, p.failure->message};
    std::fprintf(stderr, "%s\n", diag::render(file, d).c_str());
  }
}

int run_static(const model::Model& m, const CheckOptions& o) {
  // The static check prints text only; a silent text where JSON or a file was asked for
  // would look like a result that was written.
  if (o.json || !o.trace_out.empty() || !o.trace_html.empty() || !o.dot.empty()) {
    usage_error(fmt::format("--static prints its verdicts as text: it cannot be combined with {}",
                            o.json                  ? "--json"
                            : !o.trace_out.empty()  ? "--trace-out"
                            : !o.trace_html.empty() ? "--trace-html"
                                                    : "--dot"));
    return kInputError;
  }
  std::vector<model::ReplaceableVerdict> verdicts = model::check_replaceable_properties(m);
  for (const std::string& p : o.properties) {
    bool known = false;
    for (const model::ReplaceableVerdict& v : verdicts) known = known || v.name == p;
    if (!known) {
      usage_error(fmt::format("no static property named '{}' (--static checks only replaceable(a, b))", p));
      return kInputError;
    }
  }
  if (verdicts.empty()) {
    std::printf("no static property: the model has no `check replaceable(a, b)` and no update\n");
    return kHolds;
  }
  bool all_hold = true;
  for (const model::ReplaceableVerdict& v : verdicts) {
    if (!o.properties.empty() &&
        std::find(o.properties.begin(), o.properties.end(), v.name) == o.properties.end())
      continue;
    std::fputs(model::format_verdict(m, v).c_str(), stdout);
    all_hold = all_hold && v.holds();
  }
  return all_hold ? kHolds : kViolated;
}

/// The summary's symmetry line: the reduced families, then why each other one was not.
std::string symmetry_text(const model::Model& m, const diag::SourceFile& source, const result::Symmetry& s) {
  if (s.families.empty()) return "symmetry: no family of two or more processes";
  if (!s.requested) return "symmetry: off (--symmetry off)";
  std::string reduced, not_reduced;
  for (const result::SymmetryFamily& f : s.families) {
    const std::string& name = m.families[f.family].name;
    if (f.reduced) {
      reduced += (reduced.empty() ? "" : ", ") + name;
      continue;
    }
    std::string why = f.reason.empty() ? s.not_used : f.reason;
    if (f.pos) {
      diag::LineCol lc = source.locate(*f.pos);
      why += fmt::format(" ({}:{}:{})", m.source_name, lc.line, lc.column);
    }
    not_reduced += fmt::format("{}{} not reduced: {}", not_reduced.empty() ? "" : "; ", name, why);
  }
  std::string out = "symmetry: ";
  if (!reduced.empty()) out += fmt::format("{} reduced ({} renamings per state)", reduced, s.renamings);
  if (!not_reduced.empty()) out += (reduced.empty() ? "" : "; ") + not_reduced;
  if (s.lifted) out += fmt::format("; liveness: {} concrete states behind the reduced cycles", *s.lifted);
  return out;
}

/// The result on stdout: --json, or the verdicts, the counterexamples and the statistics.
void print_result(const model::Model& m, const diag::SourceFile& source, const result::Result& result,
                  const CheckOptions& o) {
  if (o.json) {
    nlohmann::json j = report::result_to_json(m, result);
    if (result.coverage) j["coverage"] = report::coverage_to_json(m, *result.coverage, locator(source));
    std::cout << j.dump(2) << "\n";
    return;
  }
  for (const result::PropertyResult& p : result.properties) {
    std::printf("%-32s %s%s%s\n", p.property.c_str(), result::to_string(p.status),
                p.explanation.empty() ? "" : ": ", p.explanation.c_str());
    for (const std::string& note : p.notes) std::printf("    note: %s\n", note.c_str());
  }
  for (const result::PropertyResult& p : result.properties)
    if (p.trace) std::printf("\n%s", report::trace_to_text(m, *p.trace, p).c_str());
  const result::Stats& s = result.stats;
  if (o.engine == "smt") {
    std::printf("\nsmt: bounded model checking to depth %llu%s, %.2f s\n",
                static_cast<unsigned long long>(s.max_depth),
                o.prove ? " and proofs (k-induction, Spacer)" : "", s.seconds);
    return;
  }
  std::printf("\n%llu states, %llu transitions, depth %llu, %.2f s, %.1f MiB",
              static_cast<unsigned long long>(s.states), static_cast<unsigned long long>(s.transitions),
              static_cast<unsigned long long>(s.max_depth), s.seconds,
              static_cast<double>(s.memory_bytes) / (1024.0 * 1024.0));
  if (s.states)
    std::printf(" (%.1f bytes/state)", static_cast<double>(s.memory_bytes) / static_cast<double>(s.states));
  if (o.fingerprints) std::printf(", fingerprint collision probability %.3g", s.collision_probability);
  std::printf("\n");
  if (result.symmetry) std::printf("%s\n", symmetry_text(m, source, *result.symmetry).c_str());
  if (result.coverage) {
    std::printf("\n%s", report::coverage_to_text(m, *result.coverage, "transitions generated by the search",
                                                 false, locator(source))
                            .c_str());
    // a property that holds only because what it constrains never happened hides bugs too
    for (const result::PropertyResult& p : result.properties)
      for (const std::string& note : p.notes)
        if (note.rfind("vacuous: ", 0) == 0)
          std::printf("warning: property %s holds vacuously: %s\n", p.property.c_str(), note.c_str() + 9);
  }
}

/// The trace's top-level fields: an unknown `format` is refused; another `model` is a
/// warning; its `constants` are used unless -D sets them (the model is loaded again with
/// them), and said so on stdout. False when the trace cannot be replayed.
bool check_trace_header(const CommonOptions& o, const std::string& trace_file, const nlohmann::json& trace,
                        std::optional<model::Model>& m) {
  constexpr const char* kFormat = "dpucheck-result/2";
  if (!trace.is_object()) return true;  // the replayer says what is wrong with it
  if (trace.contains("format") && trace["format"] != kFormat) {
    usage_error(fmt::format("the trace '{}' has format {}: this dpucheck reads only \"{}\"", trace_file,
                            trace["format"].dump(), kFormat));
    return false;
  }
  if (trace.contains("model") && trace["model"].is_string()) {
    auto base = [](const std::string& p) {
      return p.substr(p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1);
    };
    std::string made_from = trace["model"].get<std::string>();
    if (base(made_from) != base(m->source_name))
      std::fprintf(stderr, "dpucheck: warning: the trace was made from the model '%s', not '%s'\n",
                   made_from.c_str(), m->source_name.c_str());
  }
  if (!trace.contains("constants")) return true;
  const nlohmann::json& cs = trace["constants"];
  if (!cs.is_object()) {
    usage_error(fmt::format("the trace '{}' has a \"constants\" field that is not an object", trace_file));
    return false;
  }
  std::set<std::string> given;
  for (const std::string& d : o.defines) given.insert(d.substr(0, d.find('=')));
  resolve::Overrides from_trace;
  std::string used, differ;
  for (const auto& [name, v] : cs.items()) {
    if (!v.is_number_integer() && !v.is_boolean()) {
      usage_error(fmt::format("the trace '{}' gives constant {} the value {}, not a number", trace_file, name,
                              v.dump()));
      return false;
    }
    model::Value value = v.is_boolean() ? v.get<bool>() : v.get<model::Value>();
    const model::Value* here = nullptr;
    for (const auto& [k, x] : m->constants)
      if (k == name) here = &x;
    if (!here) {
      std::fprintf(stderr, "dpucheck: warning: the trace's constant %s is not declared in the model\n",
                   name.c_str());
      continue;
    }
    if (*here == value) continue;
    if (given.count(name)) {
      differ += fmt::format(" {}={} (-D gives {})", name, value, *here);
    } else {
      resolve::Override ov(value, v.is_boolean());
      ov.any_kind = !v.is_boolean();
      from_trace[name] = ov;
      used += fmt::format(" {}={}", name, value);
    }
  }
  if (!differ.empty()) std::printf("the trace was made with other constants:%s\n", differ.c_str());
  if (from_trace.empty()) return true;
  std::printf("using the trace's constants%s\n", used.c_str());
  m = load(o, nullptr, from_trace);
  return m.has_value();
}

/// The output files opened before the search, written once it is over: --trace-out (the JSON
/// result) and --trace-html (the viewer page). A failed write is said in `error`.
struct Outputs {
  std::optional<OutputFile> json, html;
  void commit(const model::Model& m, const result::Result& r, std::string& error) {
    nlohmann::json j = report::result_to_json(m, r);
    std::string json_error, html_error;
    if (json) json->commit(j.dump(2) + "\n", json_error);
    if (html) html->commit(result_page(m, j), html_error);
    error = json_error + (json_error.empty() || html_error.empty() ? "" : "; ") + html_error;
  }
};

/// Progress of the SMT engine: one line per depth on stderr.
class SmtProgress final : public smt::Progress {
 public:
  void depth(const smt::DepthReport& r) override {
    std::fprintf(stderr, "smt %s: depth %llu, %.2f s in the solver, %llu assertions\n", r.phase.c_str(),
                 static_cast<unsigned long long>(r.depth), r.solver_seconds,
                 static_cast<unsigned long long>(r.assertions));
  }
};
class SmtQuiet final : public smt::Progress {
 public:
  void depth(const smt::DepthReport&) override {}
};

/// `check --engine smt`: the SMT engine decides; its counterexamples (actions only) are
/// followed through the explicit engine's successor generator to be printed as every trace
/// is, and a run that is not one of the model's is an internal error, never a verdict.
int run_smt(const model::Model& m, const diag::SourceFile& source, const CheckOptions& o, Outputs& out) {
  if (o.dfs || o.fingerprints || o.coverage || o.max_states || !o.memory.empty() || !o.checkpoint.empty() ||
      !o.resume.empty() || !o.checkpoint_every.empty()) {
    usage_error(
        "--engine smt takes --depth, --prove, --max-k, --show-invariant, --lemma, --channel-capacity, "
        "--time-limit, -p, --json, "
        "--trace-out and -q; "
        "--dfs, --fingerprints, --coverage, --max-states, --memory and the checkpoints are the explicit "
        "engine's");
    return kInputError;
  }
  if ((o.show_invariant || !o.lemmas.empty()) && !o.prove) {
    usage_error(o.show_invariant ? "--show-invariant needs --prove" : "--lemma needs --prove");
    return kInputError;
  }
  smt::Options so;
  so.depth = o.depth.value_or(10);
  so.prove = o.prove;
  so.max_k = o.max_k;
  so.channel_capacity = static_cast<std::uint32_t>(o.channel_capacity);
  so.show_invariant = o.show_invariant;
  // -p names as `check` compares them (spaces aside), in the model's spelling
  try {
    for (const std::string& n : o.properties)
      so.only_properties.push_back(explicit_::canonical_property_name(m, n));
    for (const std::string& n : o.lemmas) so.lemmas.push_back(explicit_::canonical_property_name(m, n));
  } catch (const std::invalid_argument& e) {
    usage_error(e.what());
    return kInputError;
  }
  if (!read_duration("--time-limit", o.time_limit, so.time_limit_seconds)) return kInputError;
  SmtProgress loud;
  SmtQuiet quiet;
  result::Result result;
  try {
    result =
        smt::check(m, so, o.quiet ? static_cast<smt::Progress&>(quiet) : static_cast<smt::Progress&>(loud));
  } catch (const std::invalid_argument& e) {
    usage_error(e.what());
    return kInputError;
  }
  for (result::PropertyResult& p : result.properties) {
    if (!p.trace) continue;
    std::vector<result::Action> steps;
    for (const auto& s : p.trace->steps) steps.push_back(s.detail);
    std::string why;
    std::optional<result::Trace> t = explicit_::follow(m, so.only_properties, steps, why);
    if (!t) {
      std::fprintf(
          stderr,
          "dpucheck: internal error: the SMT engine's counterexample for %s is not a run of the model: %s\n",
          p.property.c_str(), why.c_str());
      return kInternalError;
    }
    p.trace = std::move(*t);
    if (!p.trace->steps.empty() && p.trace->steps.back().failure) {
      p.failure = p.trace->steps.back().failure;
      if (p.status == result::Status::Error) p.explanation = p.failure->message;
    }
  }
  result::explain_stuck_messages(m, result);
  if (o.explain) explicit_::explain(m, result);
  print_failures(source, result);
  std::string write_error;
  out.commit(m, result, write_error);
  print_result(m, source, result, o);
  if (!write_error.empty())
    usage_error(write_error + " (the result is printed on stdout, the exit code is the verdict's)");
  return result::exit_code(result);
}

}  // namespace

// For the other subcommands' files (shared.hpp).
std::optional<model::Model> load_model(const CommonOptions& o, std::optional<diag::SourceFile>* source) {
  return load(o, source);
}
void report_failures(const diag::SourceFile& file, const result::Result& r) { print_failures(file, r); }
void report_usage_error(const std::string& message) { usage_error(message); }

int run_parse(const CommonOptions& o) {
  std::optional<model::Model> m = load(o);
  if (!m) return kInputError;
  std::fputs(model::describe(*m).c_str(), stdout);
  return kHolds;
}

int run_check(const CheckOptions& o) {
  if (o.distributed)
    if (int rc = start_distributed(o); rc != kHolds) return rc;
  std::optional<diag::SourceFile> source;
  std::optional<model::Model> m = load(o.common, &source);
  if (!m) return kInputError;
  if (o.static_only) return run_static(*m, o);

  // An unwritable --trace-out or --trace-html is found now, not after a search of hours.
  std::string open_error;
  Outputs out;
  auto open = [&](const std::string& path, std::optional<OutputFile>& file) {
    if (path.empty() || !open_error.empty()) return;
    if (std::optional<OutputFile> f = OutputFile::open(path, open_error)) file.emplace(std::move(*f));
  };
  open(o.trace_out, out.json);
  open(o.trace_html, out.html);
  if (!open_error.empty()) {
    usage_error(open_error);
    return kInputError;
  }

  // --dot: the state graph of a small model, written before the search
  if (o.dot_max_states && o.dot.empty()) {
    usage_error("--dot-max-states needs --dot FILE");
    return kInputError;
  }
  if (!o.dot.empty()) {
    constexpr std::uint64_t kDotMaxStates = 10000;  // beyond this, DOT layouts are unreadable
    if (int rc = write_state_graph(*m, o.dot, o.dot_max_states.value_or(kDotMaxStates)); rc != kHolds)
      return rc;
  }

  if (o.engine == "smt") return run_smt(*m, *source, o, out);
  if (o.prove || o.show_invariant || !o.lemmas.empty()) {
    usage_error(o.prove ? "--prove needs --engine smt"
                        : "--show-invariant and --lemma need --engine smt --prove");
    return kInputError;
  }
  if (o.channel_capacity) {
    usage_error("--channel-capacity needs --engine smt (the explicit engine holds 64 entries per channel)");
    return kInputError;
  }

  explicit_::Options opt;
  opt.search = o.dfs ? explicit_::Options::Search::Dfs : explicit_::Options::Search::Bfs;
  opt.max_depth = o.depth;
  opt.all = o.all;
  opt.fingerprints = o.fingerprints;
  if (o.fingerprint_bits) {
    if (o.fingerprint_bits != 64 && o.fingerprint_bits != 128) {
      usage_error(fmt::format("--fingerprint-bits expects 64 or 128, got {}", o.fingerprint_bits));
      return kInputError;
    }
    if (!o.fingerprints) {
      usage_error("--fingerprint-bits needs --fingerprints");
      return kInputError;
    }
    opt.fingerprint_bits = o.fingerprint_bits;
  }
  opt.max_states = o.max_states;
  opt.only_properties = o.properties;
  if (o.memory.empty()) {
    opt.memory_limit = default_memory_limit();
  } else if (auto bytes = parse_size(o.memory)) {
    opt.memory_limit = *bytes;
  } else {
    usage_error(fmt::format("--memory expects a size such as 4G, 512M or 64K, got '{}'", o.memory));
    return kInputError;
  }
  if (!read_duration("--time-limit", o.time_limit, opt.time_limit_seconds)) return kInputError;
  // Checkpoints: --resume DIR keeps checkpointing into DIR unless --checkpoint names another.
  opt.resume_dir = o.resume;
  opt.checkpoint_dir = o.checkpoint.empty() ? o.resume : o.checkpoint;
  if (!o.checkpoint_every.empty()) {
    auto seconds = parse_duration(o.checkpoint_every);
    if (!seconds || opt.checkpoint_dir.empty()) {
      usage_error(seconds
                      ? "--checkpoint-every needs --checkpoint DIR or --resume DIR"
                      : fmt::format("--checkpoint-every expects a duration such as 90s, 10m or 2h, got '{}'",
                                    o.checkpoint_every));
      return kInputError;
    }
    opt.checkpoint_seconds = *seconds;
  }
  if (!opt.checkpoint_dir.empty()) {
    if (std::string why = explicit_::prepare_checkpoint_dir(opt.checkpoint_dir); !why.empty()) {
      usage_error(why);
      return kInputError;
    }
  }
  opt.model_text_id = explicit_::checkpoint_text_id(source->text());
  // SIGINT / SIGTERM end the search with the verdicts so far (exit 3); a second one kills.
  opt.interrupt = &install_interrupt_handlers();
  opt.interrupt_reason = "the run was interrupted by a signal (SIGINT or SIGTERM)";
  opt.coverage = o.coverage;
  opt.workers = o.workers ? o.workers : available_cores();
  // the distributed search stores every state (spec/distributed.md)
  opt.symmetry = o.symmetry == "on" && !o.distributed;
  if (!o.dot.empty()) opt.symmetry_unused = "--dot draws every state: explored unreduced";
  // Worker threads allocate little after their first batch. One malloc arena keeps glibc from
  // reserving 64 MiB of address space per thread, which RLIMIT_AS (and so the default
  // --memory budget) would count but the budget cannot see.
  if (opt.workers > 1) mallopt(M_ARENA_MAX, 1);
  StderrReporter progress(o.quiet);
  result::Result result;
  try {
    result = o.distributed ? check_distributed(*m, opt, o, progress) : explicit_::check(*m, opt, progress);
  } catch (const std::invalid_argument& e) {
    usage_error(e.what());
    return kInputError;
  } catch (const explicit_::CheckpointError& e) {
    usage_error(std::string(e.what()) + "; it is not used");
    return kInputError;
  }
  result::explain_stuck_messages(*m, result);
  if (o.explain) explicit_::explain(*m, result);
  print_failures(*source, result);

  // A write that still fails (a full disk, /dev/full) loses no result: it is printed
  // anyway, the failure is said last, and the exit code stays the verdict's.
  std::string write_error;
  if (primary_process(o)) out.commit(*m, result, write_error);
  print_result(*m, *source, result, o);
  if (!write_error.empty())
    usage_error(write_error + " (the result is printed on stdout, the exit code is the verdict's)");
  return result::exit_code(result);
}

/// A saved trace as JSON; false (said on stderr) when it cannot be read or parsed.
bool read_trace(const std::string& trace_file, nlohmann::json& trace) {
  try {
    std::string text = diag::read_input_file(trace_file, "the trace");
    // The JSON parser would take a NUL byte for the end of its input and accept what came
    // before; reading stopped at the NUL, so it can only be the last byte.
    if (!text.empty() && text.back() == '\0') {
      usage_error(fmt::format("the trace '{}' holds a NUL byte at offset {}: it is not a JSON text",
                              trace_file, text.size() - 1));
      return false;
    }
    trace = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    usage_error(fmt::format("'{}' is not valid JSON: {}", trace_file, e.what()));
    return false;
  } catch (const std::runtime_error& e) {
    usage_error(e.what());
    return false;
  }
  return true;
}

bool load_trace(const CommonOptions& o, const std::string& trace_file, nlohmann::json& trace,
                std::optional<model::Model>& m) {
  return read_trace(trace_file, trace) && check_trace_header(o, trace_file, trace, m);
}

int run_replay(const CommonOptions& o, const std::string& trace_file) {
  std::optional<model::Model> m = load(o);
  if (!m) return kInputError;
  nlohmann::json trace;
  if (!read_trace(trace_file, trace)) return kInputError;
  if (!check_trace_header(o, trace_file, trace, m)) return kInputError;
  // Every trace in the file must reproduce its violation: one that does not means the trace
  // (or the engine that wrote it) disagrees with the semantics the replayer implements.
  bool all_reproduce = true;
  for (const replay::ReplayResult& r : replay::replay_all(*m, trace)) {
    if (!r.property.empty()) std::printf("replaying the trace of %s\n", r.property.c_str());
    for (const replay::StepOutcome& s : r.steps) {
      bool loops = r.loop_start && s.number == *r.loop_start + 1;
      std::printf("ok  %zu  %s %s%s\n", s.number, s.action.c_str(), s.kind.c_str(),
                  loops ? "  (loop starts)" : "");
    }
    if (r.failed_step) std::printf("NOT POSSIBLE  %zu\n", *r.failed_step);
    std::printf("replay: %s\n", r.message.c_str());
    all_reproduce = all_reproduce && r.ok;
  }
  return all_reproduce ? kViolated : kInputError;
}

}  // namespace dpu::cli
