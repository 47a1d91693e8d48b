// A file the command writes at the end of a long run (`check --trace-out`). It is opened
// before the run, so an unwritable path is an input error before any search, and written at
// the end atomically: a regular path gets a temporary file in the same folder, renamed over
// the target once complete, so a reader never sees half a file and a failed write leaves
// any previous file intact. A device or a pipe (/dev/stdout, a FIFO) is written in place.
#pragma once

#include <optional>
#include <string>

namespace dpu::cli {

class OutputFile {
 public:
  /// Opens `path` for writing (for a regular path: creates the temporary file beside it).
  /// On failure returns nullopt and sets `error` ("cannot write the trace to 'x': ...").
  static std::optional<OutputFile> open(const std::string& path, std::string& error);

  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  ~OutputFile();  // removes the temporary file unless commit() succeeded

  /// Writes `contents` and, for a regular path, renames the temporary file over the target.
  /// Returns false and sets `error` when any step fails (the target is then unchanged).
  bool commit(const std::string& contents, std::string& error);

  const std::string& path() const { return path_; }

 private:
  OutputFile(std::string path, std::string target, std::string temp, int fd)
      : path_(std::move(path)), target_(std::move(target)), temp_(std::move(temp)), fd_(fd) {}
  std::string path_;    // as given, for messages
  std::string target_;  // what is replaced: the path, or the file a symbolic link names
  std::string temp_;    // the temporary file renamed over target_ (empty: written in place)
  int fd_ = -1;
};

}  // namespace dpu::cli
