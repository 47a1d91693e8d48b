#include "cli/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace dpu::cli {

namespace {

std::string cannot(const std::string& path, const std::string& why) {
  return fmt::format("cannot write the trace to '{}': {}", path, why);
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

/// The permissions a plain open(O_CREAT, 0666) would have given a new file.
mode_t new_file_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

std::optional<OutputFile> OutputFile::open(const std::string& path, std::string& error) {
  if (path.empty()) {
    error = "--trace-out needs a file name";
    return std::nullopt;
  }
  // Through a symbolic link the file it names is replaced, not the link.
  std::string target = path;
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    error = cannot(path, "it is a directory");
    return std::nullopt;
  }
  if (exists && !S_ISREG(st.st_mode)) {
    // A device or a pipe: written in place; O_NONBLOCK so a FIFO without a reader is an
    // error now rather than a hang.
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
      error = cannot(path, std::strerror(errno));
      return std::nullopt;
    }
    int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return OutputFile(path, path, "", fd);
  }
  if (exists) {
    char real[PATH_MAX];
    if (::realpath(path.c_str(), real) != nullptr) target = real;
  }
  if (exists && ::access(target.c_str(), W_OK) != 0) {
    error = cannot(path, std::strerror(errno));
    return std::nullopt;
  }
  std::string dir = dir_of(target);
  struct stat dst {};
  if (::stat(dir.c_str(), &dst) != 0) {
    error = cannot(path, fmt::format("the folder '{}' does not exist", dir));
    return std::nullopt;
  }
  if (!S_ISDIR(dst.st_mode)) {
    error = cannot(path, fmt::format("'{}' is not a folder", dir));
    return std::nullopt;
  }
  std::string temp = target + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    error = cannot(path, fmt::format("cannot create a file in '{}': {}", dir, std::strerror(errno)));
    return std::nullopt;
  }
  // mkstemp creates 0600; the file gets the mode of the one it replaces, or a new file's.
  ::fchmod(fd, exists ? (st.st_mode & 07777) : new_file_mode());
  return OutputFile(path, target, temp, fd);
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : path_(std::move(other.path_)),
      target_(std::move(other.target_)),
      temp_(std::move(other.temp_)),
      fd_(other.fd_) {
  other.fd_ = -1;
  other.temp_.clear();
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

bool OutputFile::commit(const std::string& contents, std::string& error) {
  if (fd_ < 0) {
    error = cannot(path_, "the file is already written");
    return false;
  }
  const char* p = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = cannot(path_, std::strerror(errno));
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  // A full disk may only show at fsync or close; only a complete file is renamed.
  if (!temp_.empty() && ::fsync(fd_) != 0) {
    error = cannot(path_, std::strerror(errno));
    return false;
  }
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    error = cannot(path_, std::strerror(errno));
    return false;
  }
  if (!temp_.empty()) {
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
      error = cannot(path_, std::strerror(errno));
      return false;
    }
    temp_.clear();
  }
  return true;
}

}  // namespace dpu::cli
