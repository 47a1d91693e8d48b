// Checkpoint files of the explicit engine: a byte payload (what the search needs to continue,
// written by StateStore and the driver through `Writer`, read back through `Reader`) inside
// one file DIR/checkpoint.bin with a header that ties it to one model and one search:
//   magic "DPUCKPT1", format version, the identity text (a hash of the model source and the
//   effective constants, and the options that change the search, in words), payload size,
//   payload checksum, payload.
// A file is written to DIR/checkpoint.tmp, flushed to disk, then renamed, so a crash while
// writing leaves the previous checkpoint intact. spec/explorer.md ("Checkpoints").
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace dpu::explicit_ {

/// A checkpoint that cannot be used: corrupt, truncated, of another model or search.
struct CheckpointError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Writer {
 public:
  template <class T>
  void put(const T& x) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const std::uint8_t*>(&x);
    out.insert(out.end(), p, p + sizeof x);
  }
  template <class T>
  void put_vec(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put<std::uint64_t>(v.size());
    const auto* p = reinterpret_cast<const std::uint8_t*>(v.data());
    out.insert(out.end(), p, p + v.size() * sizeof(T));
  }
  void put_str(const std::string& s) {
    put<std::uint64_t>(s.size());
    out.insert(out.end(), s.begin(), s.end());
  }
  std::vector<std::uint8_t> out;
};

/// Reads what Writer wrote; running past the end throws CheckpointError.
class Reader {
 public:
  Reader(const std::uint8_t* p, std::size_t n) : p_(p), n_(n) {}
  template <class T>
  T get() {
    T x;
    need(sizeof x);
    std::memcpy(&x, p_ + at_, sizeof x);
    at_ += sizeof x;
    return x;
  }
  template <class T>
  void get_vec(std::vector<T>& v) {
    const auto n = get<std::uint64_t>();
    if (n > (n_ - at_) / sizeof(T)) throw CheckpointError("the checkpoint is truncated or corrupt");
    v.resize(n);
    if (n) std::memcpy(v.data(), p_ + at_, n * sizeof(T));
    at_ += n * sizeof(T);
  }
  std::string get_str() {
    const auto n = get<std::uint64_t>();
    need(n);
    std::string s(reinterpret_cast<const char*>(p_ + at_), n);
    at_ += n;
    return s;
  }
  bool done() const { return at_ == n_; }

 private:
  void need(std::uint64_t k) {
    if (k > n_ - at_) throw CheckpointError("the checkpoint is truncated or corrupt");
  }
  const std::uint8_t* p_;
  std::size_t n_, at_ = 0;
};

/// Writes `payload` under `identity` into DIR/checkpoint.bin atomically; throws
/// CheckpointError with the reason when it cannot.
void write_checkpoint(const std::string& dir, const std::string& identity,
                      const std::vector<std::uint8_t>& payload);
/// Reads DIR/checkpoint.bin and returns its payload; throws CheckpointError when the file is
/// missing, corrupt or truncated, or was written for another `identity` (the message says
/// which part differs).
std::vector<std::uint8_t> read_checkpoint(const std::string& dir, const std::string& identity);
/// The model text's name in a checkpoint's identity (a hash, in hex).
std::string checkpoint_text_id(const std::string& text);
/// Creates DIR if needed and checks that a file can be written in it; the reason if not.
std::string prepare_checkpoint_dir(const std::string& dir);

}  // namespace dpu::explicit_
