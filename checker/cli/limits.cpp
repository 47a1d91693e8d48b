#include "cli/limits.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <sched.h>

#include <sys/resource.h>
#include <unistd.h>

namespace dpu::cli {

namespace {

std::atomic<bool> g_interrupted{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
  if (g_interrupted.load()) {  // the second signal: no clean summary wanted any more
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_signal = sig;
  g_interrupted.store(true);
}

// A number followed by an optional unit; the unit's multiplier from `unit`.
template <class Unit>
std::optional<double> number_with_unit(const std::string& text, Unit&& unit) {
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'))
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (errno || end == text.c_str()) return std::nullopt;
  std::optional<double> mult = unit(std::string(end));
  if (!mult || !(v > 0)) return std::nullopt;
  return v * *mult;
}

std::uint64_t read_limit_file(const char* path) {
  std::ifstream in(path);
  std::string s;
  if (!(in >> s) || s == "max") return UINT64_MAX;
  char* end = nullptr;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  return end && *end == '\0' && v > 0 ? v : UINT64_MAX;
}

}  // namespace

std::optional<std::uint64_t> parse_size(const std::string& text) {
  auto v = number_with_unit(text, [](const std::string& u) -> std::optional<double> {
    if (u.empty() || u == "B") return 1.0;
    const std::string units = "KMGT";
    if (u.size() > 3 || units.find(u[0]) == std::string::npos) return std::nullopt;
    if (u.size() > 1 && u.substr(1) != "B" && u.substr(1) != "iB") return std::nullopt;
    return static_cast<double>(std::uint64_t{1} << (10 * (units.find(u[0]) + 1)));
  });
  if (!v || *v < 1 || *v > 1.8e19) return std::nullopt;
  return static_cast<std::uint64_t>(*v);
}

std::optional<double> parse_duration(const std::string& text) {
  return number_with_unit(text, [](const std::string& u) -> std::optional<double> {
    if (u.empty() || u == "s") return 1.0;
    if (u == "m") return 60.0;
    if (u == "h") return 3600.0;
    return std::nullopt;
  });
}

std::uint64_t default_memory_limit() {
  std::uint64_t lim = UINT64_MAX;
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) lim = static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
  lim = std::min(lim, read_limit_file("/sys/fs/cgroup/memory.max"));
  lim = std::min(lim, read_limit_file("/sys/fs/cgroup/memory/memory.limit_in_bytes"));
  for (int r : {RLIMIT_AS, RLIMIT_DATA}) {
    rlimit rl{};
    if (getrlimit(r, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
      lim = std::min<std::uint64_t>(lim, rl.rlim_cur);
  }
  if (lim == UINT64_MAX) return 0;  // nothing known: no budget
  return lim / 4 * 3;
}

unsigned available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

const std::atomic<bool>& install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return g_interrupted;
}

const char* interrupt_signal_name() { return g_signal == SIGTERM ? "SIGTERM" : "SIGINT"; }

}  // namespace dpu::cli
