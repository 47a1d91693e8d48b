#include "diag/source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace dpu::diag {

namespace {

std::string size_text(std::size_t bytes) {
  if (bytes > 0 && bytes % (std::size_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  return fmt::format("{} bytes", bytes);
}

[[noreturn]] void too_large(const std::string& name, bool regular, std::size_t max_bytes) {
  throw std::runtime_error(fmt::format(
      "{} {} {} (the limit for an input file)", name,
      regular ? "is larger than" : "is not a regular file and gives more than", size_text(max_bytes)));
}

/// Closes the descriptor on every path out of read_input_file.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_input_file(const std::string& path, const std::string& what, std::size_t max_bytes) {
  const std::string name = (what.empty() ? "" : what + " ") + "'" + path + "'";
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) throw std::runtime_error(fmt::format("cannot open {}: {}", name, std::strerror(errno)));
  struct stat st {};
  if (::fstat(f.fd, &st) != 0)
    throw std::runtime_error(fmt::format("cannot read {}: {}", name, std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) throw std::runtime_error(fmt::format("{} is a directory", name));
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes)
    too_large(name, true, max_bytes);
  std::string text;
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(fmt::format("cannot read {}: {}", name, std::strerror(errno)));
    if (n == 0) break;
    const char* nul = static_cast<const char*>(std::memchr(buf, '\0', static_cast<std::size_t>(n)));
    std::size_t keep = nul ? static_cast<std::size_t>(nul - buf) + 1 : static_cast<std::size_t>(n);
    // A file that grows while read, or a device: the bound holds for what is read.
    if (text.size() + keep > max_bytes) too_large(name, S_ISREG(st.st_mode), max_bytes);
    text.append(buf, keep);
    if (nul) break;
  }
  return text;
}

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

SourceFile SourceFile::load(const std::string& path) {
  // Offsets are 32-bit: the input bound keeps every one of them valid.
  static_assert(kMaxInputBytes <= 0x7fffffffu);
  return SourceFile(path, read_input_file(path, ""));
}

LineCol SourceFile::locate(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::uint32_t line = static_cast<std::uint32_t>(it - line_starts_.begin());
  std::uint32_t start = line_starts_[line - 1];
  // Columns count code points: continuation bytes (10xxxxxx) do not start a new column.
  std::uint32_t col = 1;
  for (std::uint32_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
  return {line, col};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end =
      line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<std::uint32_t>(text_.size());
  std::string_view v(text_.data() + start, end - start);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

}  // namespace dpu::diag
