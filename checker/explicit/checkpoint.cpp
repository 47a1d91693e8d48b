#include "explicit/checkpoint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "explicit/hash.hpp"

namespace dpu::explicit_ {

namespace {

constexpr char kMagic[8] = {'D', 'P', 'U', 'C', 'K', 'P', 'T', '1'};
// 2: with --coverage, the payload carries the branch arm counts too
// 3: symmetry's representative is the least image under the renamings that sort the
//    signatures (a version-2 store holds other representatives of the same classes)
constexpr std::uint32_t kVersion = 3;

std::string file_of(const std::string& dir) { return dir + "/checkpoint.bin"; }

std::string errno_text() { return std::strerror(errno); }

void write_all(int fd, const std::uint8_t* p, std::size_t n, const std::string& path) {
  while (n) {
    ssize_t k = ::write(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) throw CheckpointError("cannot write the checkpoint '" + path + "': " + errno_text());
    p += k, n -= static_cast<std::size_t>(k);
  }
}

// The lines of an identity text ("model ...", "constants ...", "options ...").
std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= s.size()) {
    std::size_t nl = s.find('\n', at);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

}  // namespace

std::string prepare_checkpoint_dir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
    return "cannot create the checkpoint folder '" + dir + "': " + errno_text();
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return "the checkpoint folder '" + dir + "' is not a folder";
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return "cannot write in the checkpoint folder '" + dir + "'";
  return {};
}

void write_checkpoint(const std::string& dir, const std::string& identity,
                      const std::vector<std::uint8_t>& payload) {
  Writer h;
  h.out.insert(h.out.end(), kMagic, kMagic + 8);
  h.put(kVersion);
  h.put_str(identity);
  h.put<std::uint64_t>(payload.size());
  h.put<std::uint64_t>(hash_bytes(payload.data(), payload.size()));
  const std::string tmp = dir + "/checkpoint.tmp", path = file_of(dir);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw CheckpointError("cannot write the checkpoint '" + tmp + "': " + errno_text());
  try {
    write_all(fd, h.out.data(), h.out.size(), tmp);
    write_all(fd, payload.data(), payload.size(), tmp);
    if (::fsync(fd) != 0) throw CheckpointError("cannot write the checkpoint '" + tmp + "': " + errno_text());
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    throw CheckpointError("cannot rename the checkpoint to '" + path + "': " + errno_text());
  // the rename itself is durable once the folder is flushed
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) ::fsync(dfd), ::close(dfd);
}

std::vector<std::uint8_t> read_checkpoint(const std::string& dir, const std::string& identity) {
  const std::string path = file_of(dir);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw CheckpointError("cannot read the checkpoint '" + path + "': " + errno_text());
  std::vector<std::uint8_t> data;
  std::uint8_t buf[1 << 16];
  for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, f)) > 0;) data.insert(data.end(), buf, buf + k);
  const bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) throw CheckpointError("cannot read the checkpoint '" + path + "'");
  const std::string bad = "the checkpoint '" + path + "' ";
  if (data.size() < 12 || std::memcmp(data.data(), kMagic, 8) != 0)
    throw CheckpointError(bad + "is not a dpucheck checkpoint");
  Reader r(data.data() + 8, data.size() - 8);
  std::string theirs;
  std::uint64_t size = 0, sum = 0;
  try {
    if (auto v = r.get<std::uint32_t>(); v != kVersion)
      throw CheckpointError(bad + "has format version " + std::to_string(v) +
                            ", this dpucheck reads version " + std::to_string(kVersion));
    theirs = r.get_str();
    size = r.get<std::uint64_t>();
    sum = r.get<std::uint64_t>();
  } catch (const CheckpointError& e) {
    throw CheckpointError(std::string(e.what()).rfind("the checkpoint is", 0) == 0 ? bad + "is truncated"
                                                                                   : e.what());
  }
  if (theirs != identity) {
    auto a = lines(theirs), b = lines(identity);
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
      std::string x = i < a.size() ? a[i] : "", y = i < b.size() ? b[i] : "";
      if (x == y) continue;
      if (x.rfind("model ", 0) == 0 && y.rfind("model ", 0) == 0)
        throw CheckpointError(
            bad + "was taken on another model text (the model file changed, or is another model)");
      throw CheckpointError(bad + "does not match this run: it has '" + x + "', this run has '" + y + "'");
    }
  }
  const std::size_t header = data.size() - 8 - size;  // only meaningful when the size fits
  if (size > data.size() - 8 || header != 4 + 8 + theirs.size() + 16)
    throw CheckpointError(bad + "is truncated or has trailing bytes (its payload size does not match)");
  const std::uint8_t* payload = data.data() + data.size() - size;
  if (hash_bytes(payload, size) != sum)
    throw CheckpointError(bad + "is corrupt (its checksum does not match)");
  return std::vector<std::uint8_t>(payload, payload + size);
}

std::string checkpoint_text_id(const std::string& text) {
  const std::uint64_t h = hash_bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace dpu::explicit_
