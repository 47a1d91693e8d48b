// Resource limits of a check run: --memory and --time-limit values, the default memory
// budget, and SIGINT/SIGTERM turned into a flag the engine polls.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

namespace dpu::cli {

/// "4G", "512M", "64K", "1000" (bytes); nullopt if malformed or zero.
std::optional<std::uint64_t> parse_size(const std::string& text);
/// "90s", "10m", "2h", "1.5" (seconds); nullopt if malformed or not positive.
std::optional<double> parse_duration(const std::string& text);

/// A safe share (75%) of the smallest of physical memory, the cgroup memory limit (v2
/// memory.max, v1 memory.limit_in_bytes) and RLIMIT_AS / RLIMIT_DATA: what the search may
/// hold before it stops as incomplete instead of failing an allocation.
std::uint64_t default_memory_limit();

/// The cores this process may run on (its CPU affinity), at least 1: the default --workers.
unsigned available_cores();

/// Installs SIGINT and SIGTERM handlers that set the returned flag; a second signal ends
/// the process at once (default action).
const std::atomic<bool>& install_interrupt_handlers();
/// The name of the signal that set the flag ("SIGINT", "SIGTERM").
const char* interrupt_signal_name();

}  // namespace dpu::cli
