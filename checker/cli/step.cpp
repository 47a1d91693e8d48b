// `dpucheck step`: a read-eval-print loop over explicit_::Stepper for learning the semantics
// by firing the rules one at a time. It reads commands line by line from stdin, so it works
// in a terminal and from a script alike (end of input ends it cleanly); when stdin is not a
// terminal each command is echoed after its prompt, so a scripted session reads like a typed one.
#include "cli/step.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "cli/shared.hpp"
#include "diag/source.hpp"
#include "explicit/stepper.hpp"

namespace dpu::cli {

namespace {

const char* kHelp =
    "commands:\n"
    "  N             take enabled step N (its number in the list)\n"
    "  why N         the premises of enabled step N, without taking it\n"
    "  list          the enabled steps again\n"
    "  state         the whole current state\n"
    "  path          the steps taken so far\n"
    "  undo          go back one step\n"
    "  back N        go back N steps\n"
    "  load FILE     walk the counterexample in FILE (JSON, from --trace-out or --json);\n"
    "                'load FILE PROPERTY' picks a property's trace; it starts at its end\n"
    "  goto K        go to step K of the loaded trace (0: its initial state)\n"
    "  props         the properties on the path walked so far\n"
    "  help          this list\n"
    "  quit          end the session (so does the end of the input)\n";

std::string squeeze(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }), s.end());
  return s;
}

std::string kind_column(const explicit_::EnabledStep& e) {
  using K = result::ActionKind;
  // rules and handlers name themselves; Comm steps and faults say which half they are
  return e.action.kind == K::Rule || e.action.kind == K::Handler
             ? ""
             : std::string("  ") + to_string(e.action.kind);
}

class Session {
 public:
  Session(explicit_::Stepper& s, bool echo) : st_(s), echo_(echo) {}

  int run() {
    print_state_full("initial state");
    list();
    std::string line;
    for (;;) {
      std::printf("step %zu> ", st_.depth());
      std::fflush(stdout);
      if (!std::getline(std::cin, line)) {
        std::printf("\n");
        return kHolds;
      }
      if (echo_) std::printf("%s\n", line.c_str());
      if (!command(line)) return kHolds;
    }
  }

 private:
  explicit_::Stepper& st_;
  bool echo_;

  void list() {
    const auto& en = st_.enabled();
    if (!st_.error().empty()) {
      std::printf("no step can be generated here: runtime error %s\n(undo to go back)\n",
                  st_.error().c_str());
      return;
    }
    if (en.empty()) {
      std::printf("no step is enabled: the run ends here (props says what that means for the properties)\n");
      return;
    }
    std::printf("enabled:\n");
    for (std::size_t i = 0; i < en.size(); ++i)
      std::printf("  %2zu  %s%s  (%s)%s\n", i + 1, en[i].text.c_str(), kind_column(en[i]).c_str(),
                  en[i].rule.c_str(), en[i].fails_assertion ? "  fails an assertion" : "");
  }

  void print_state_full(const char* title) {
    std::printf("%s (step %zu):\n", title, st_.depth());
    for (const auto& a : st_.state()) std::printf("    %s = %s\n", a.component.c_str(), a.text.c_str());
  }

  void premises(const explicit_::EnabledStep& e) {
    std::printf("  enabled because:\n");
    for (const auto& p : e.premises) std::printf("  %s\n", p.c_str());
  }

  /// A step number of the list, 1-based, or nothing (with the message printed).
  std::optional<std::size_t> step_number(const std::string& word) {
    const auto& en = st_.enabled();
    std::optional<std::size_t> n = number(word);
    if (n && *n >= 1 && *n <= en.size()) return *n - 1;
    if (en.empty())
      std::printf("no step is enabled here: undo, back N or goto K\n");
    else
      std::printf("'%s' is not a step number: choose 1..%zu\n", word.c_str(), en.size());
    return std::nullopt;
  }

  static std::optional<std::size_t> number(const std::string& w) {
    if (w.empty() || w.size() > 9 || w.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    return static_cast<std::size_t>(std::stoul(w));
  }

  void take(std::size_t k) {
    explicit_::EnabledStep e = st_.enabled()[k];  // a copy: taking the step replaces the list
    std::string why;
    auto changes = st_.take(k, why);
    if (!changes) {
      std::printf("%s\n", why.c_str());
      return;
    }
    std::printf("step %zu: %s%s  (%s)\n", st_.depth(), e.text.c_str(), kind_column(e).c_str(),
                e.rule.c_str());
    premises(e);
    std::printf("  changes:\n");
    if (changes->empty()) std::printf("    (none)\n");
    for (const auto& c : *changes) std::printf("    %s = %s\n", c.component.c_str(), c.text.c_str());
    for (const auto& p : st_.properties())
      if (p.violated_at && *p.violated_at == st_.depth())
        std::printf("  violates %s: %s\n", p.property.c_str(), p.why.c_str());
    list();
  }

  void props() {
    for (const auto& p : st_.properties()) std::printf("  %-30s %s\n", p.property.c_str(), p.status.c_str());
  }

  void load(const std::string& file, const std::string& property) {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(diag::read_input_file(file, "the trace"));
    } catch (const nlohmann::json::exception& e) {
      std::printf("'%s' is not valid JSON: %s\n", file.c_str(), e.what());
      return;
    } catch (const std::runtime_error& e) {
      std::printf("%s\n", e.what());
      return;
    }
    const nlohmann::json* trace = nullptr;
    std::string which;
    if (j.is_object() && j.contains("properties") && j["properties"].is_array()) {
      for (const auto& p : j["properties"])
        if (p.is_object() && p.contains("trace") &&
            (property.empty() || squeeze(p.value("name", "")) == property)) {
          trace = &p["trace"], which = p.value("name", "");
          break;
        }
    } else if (j.is_object() && j.contains("steps")) {
      trace = &j;
    }
    if (!trace || !trace->is_object() || !trace->contains("steps") || !(*trace)["steps"].is_array()) {
      std::printf("'%s' holds no trace%s\n", file.c_str(),
                  property.empty() ? "" : (" of property '" + property + "'").c_str());
      return;
    }
    std::vector<std::uint32_t> ords;
    std::vector<std::string> names;
    for (const auto& s : (*trace)["steps"]) {
      if (!s.is_object() || !s.contains("ordinal") || !s["ordinal"].is_number_unsigned()) {
        std::printf("'%s': step %zu has no ordinal: not a trace of dpucheck\n", file.c_str(),
                    ords.size() + 1);
        return;
      }
      ords.push_back(s["ordinal"].get<std::uint32_t>());
      std::string rule = s.value("rule", "");
      names.push_back(rule == "runtime error" ? "" : s.value("action", ""));
    }
    std::string why;
    bool ok = st_.load(ords, names, why);
    std::printf("loaded %zu of the %zu steps of %s%s\n", st_.loaded_steps(), ords.size(),
                which.empty() ? "the trace" : ("the trace of " + which).c_str(),
                ok ? "" : (" (" + why + ")").c_str());
    std::printf("at its step %zu: goto K walks it, undo and back N leave it\n", st_.depth());
    list();
  }

  /// Runs one command line; false ends the session.
  bool command(const std::string& line) {
    std::istringstream in(line);
    std::string cmd, arg, extra;
    in >> cmd >> arg >> extra;
    if (cmd.empty()) return true;
    auto none = [&]() {
      if (arg.empty()) return true;
      std::printf("'%s' takes no argument\n", cmd.c_str());
      return false;
    };
    auto one = [&](const char* what) {
      if (!arg.empty() && extra.empty()) return true;
      std::printf("usage: %s %s\n", cmd.c_str(), what);
      return false;
    };
    if (number(cmd) || (!cmd.empty() && std::isdigit(static_cast<unsigned char>(cmd[0])))) {
      if (!arg.empty()) {
        std::printf("a step number stands alone: '%s'\n", line.c_str());
      } else if (auto k = step_number(cmd)) {
        take(*k);
      }
    } else if (cmd == "quit" || cmd == "exit" || cmd == "q") {
      if (none()) return false;
    } else if (cmd == "help" || cmd == "?") {
      if (none()) std::printf("%s", kHelp);
    } else if (cmd == "list" || cmd == "ls") {
      if (none()) list();
    } else if (cmd == "state") {
      if (none()) print_state_full("state");
    } else if (cmd == "path") {
      if (none()) {
        std::printf("  %4d  initial state\n", 0);
        for (std::size_t d = 1; d <= st_.depth(); ++d) std::printf("  %4zu  %s\n", d, st_.taken(d).c_str());
      }
    } else if (cmd == "why") {
      if (one("N (a step number of the list)"))
        if (auto k = step_number(arg)) {
          const auto& e = st_.enabled()[*k];
          std::printf("%zu  %s  (%s)\n", *k + 1, e.text.c_str(), e.rule.c_str());
          premises(e);
        }
    } else if (cmd == "undo") {
      if (none()) go_back(1);
    } else if (cmd == "back") {
      if (one("N (how many steps)")) {
        if (auto n = number(arg))
          go_back(*n);
        else
          std::printf("'%s' is not a number of steps\n", arg.c_str());
      }
    } else if (cmd == "load") {
      // the property's name may hold spaces ("freedom(ct, mr)"): the rest of the line, spaces aside
      std::string rest;
      std::getline(std::istringstream(line.substr(line.find(arg) + arg.size())) >> std::ws, rest);
      if (arg.empty())
        std::printf("usage: load FILE [PROPERTY]\n");
      else
        load(arg, squeeze(rest));
    } else if (cmd == "goto") {
      if (one("K (a step of the loaded trace)")) {
        std::string why;
        auto k = number(arg);
        if (st_.loaded_steps() == 0 && !k) {
          std::printf("'%s' is not a step number\n", arg.c_str());
        } else if (st_.loaded_steps() == 0) {
          std::printf("no trace is loaded: load FILE first\n");
        } else if (!k) {
          std::printf("'%s' is not a step number: choose 0..%zu\n", arg.c_str(), st_.loaded_steps());
        } else if (!st_.go_to(*k, why)) {
          std::printf("%s: choose 0..%zu\n", why.c_str(), st_.loaded_steps());
        } else {
          print_state_full("state");
          list();
        }
      }
    } else if (cmd == "props") {
      if (none()) props();
    } else {
      std::printf("unknown command '%s': type help for the commands\n", cmd.c_str());
    }
    return true;
  }

  void go_back(std::size_t n) {
    if (st_.depth() == 0) {
      std::printf("already at the initial state\n");
      return;
    }
    std::size_t done = st_.back(n);
    std::printf("back %zu step%s, at step %zu\n", done, done == 1 ? "" : "s", st_.depth());
    list();
  }
};

}  // namespace

int run_step(const CommonOptions& o) {
  std::optional<diag::SourceFile> source;
  std::optional<model::Model> m = load_model(o, &source);
  if (!m) return kInputError;
  std::unique_ptr<explicit_::Stepper> st;
  try {
    st = std::make_unique<explicit_::Stepper>(*m);
  } catch (const explicit_::InitialStateError& e) {
    std::fprintf(stderr, "dpucheck step: %s\n", e.what());
    return kViolated;
  } catch (const std::runtime_error& e) {  // a construct the engine cannot explore
    std::fprintf(stderr, "dpucheck step: unsupported: %s\n", e.what());
    return kIncomplete;
  }
  std::printf("dpucheck step %s: pick a step by its number; help lists the commands\n", o.file.c_str());
  return Session(*st, !isatty(STDIN_FILENO)).run();
}

}  // namespace dpu::cli
