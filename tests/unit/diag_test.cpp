// Source positions and diagnostic rendering (checker/diag).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "diag/diagnostics.hpp"
#include "diag/source.hpp"

using dpu::diag::Diagnostics;
using dpu::diag::SourceFile;

TEST_CASE("locate turns byte offsets into 1-based line and column") {
  SourceFile f("m.dpu", "const N = 3\nmodule x\n\nend");
  CHECK(f.locate(0).line == 1);
  CHECK(f.locate(0).column == 1);
  CHECK(f.locate(6).column == 7);
  CHECK(f.locate(12).line == 2);
  CHECK(f.locate(12).column == 1);
  CHECK(f.locate(21).line == 3);
  CHECK(f.locate(22).line == 4);
  // Offsets past the end clamp to the end instead of reading outside the buffer.
  CHECK(f.locate(1000).line == 4);
  CHECK(f.locate(1000).column == 4);
}

TEST_CASE("columns count code points, not bytes") {
  SourceFile f("m.dpu", "// caf\xc3\xa9 x\n");
  CHECK(f.locate(9).column == 9);  // 'x' after "é " : é is two bytes, one column
}

TEST_CASE("line_text strips the terminator, CR included") {
  SourceFile f("m.dpu", "a\r\nbb\nccc");
  CHECK(f.line_text(1) == "a");
  CHECK(f.line_text(2) == "bb");
  CHECK(f.line_text(3) == "ccc");
  CHECK(f.line_text(4).empty());
  CHECK(f.line_text(0).empty());
}

TEST_CASE("an empty file has one empty line") {
  SourceFile f("e.dpu", "");
  CHECK(f.locate(0).line == 1);
  CHECK(f.locate(0).column == 1);
  CHECK(f.line_text(1).empty());
}

TEST_CASE("render prints file:line:col, the line and a caret") {
  SourceFile f("m.dpu", "const N = 3\nmodule x : (y, {})\n");
  Diagnostics ds;
  ds.error(19, "unknown service 'y'");
  CHECK(ds.has_errors());
  CHECK(dpu::diag::render(f, ds.all().front()) ==
        "m.dpu:2:8: error: unknown service 'y'\n  module x : (y, {})\n         ^");
}

TEST_CASE("render_all sorts by position and counts errors") {
  SourceFile f("m.dpu", "aaa\nbbb\n");
  Diagnostics ds;
  ds.error(5, "second");
  ds.error(1, "first");
  std::string out = dpu::diag::render_all(f, ds);
  CHECK(out.find("m.dpu:1:2: error: first") < out.find("m.dpu:2:2: error: second"));
  CHECK(out.find("2 errors in m.dpu") != std::string::npos);
}

TEST_CASE("control bytes in a shown line are replaced, not sent to the terminal") {
  SourceFile f("m.dpu", std::string("ab\0\x1b[2Jc", 8));
  Diagnostics ds;
  ds.error(2, "unexpected NUL byte");
  std::string out = dpu::diag::render(f, ds.all().front());
  CHECK(out.find('\0') == std::string::npos);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find("m.dpu:1:3: error:") == 0);
}

TEST_CASE("errors stop at the cap with one note") {
  Diagnostics ds;
  for (int i = 0; i < 1000; ++i) ds.error(static_cast<std::uint32_t>(i), "e");
  CHECK(ds.error_count() == Diagnostics::kMaxErrors);
  CHECK(ds.all().size() == Diagnostics::kMaxErrors + 1);
}

TEST_CASE("the notes of errors past the cap are dropped with their errors") {
  Diagnostics ds;
  for (int i = 0; i < 1000; ++i) {
    ds.error(static_cast<std::uint32_t>(i), "'A' is already declared");
    ds.note(0, "'A' is first declared here");
  }
  CHECK(ds.error_count() == Diagnostics::kMaxErrors);
  // Each kept error with its note, plus the one "too many errors" note.
  CHECK(ds.all().size() == 2 * Diagnostics::kMaxErrors + 1);
  SourceFile f("m.dpu", "const A = 1\n");
  std::string out = dpu::diag::render_all(f, ds);
  CHECK(out.find("50 errors in m.dpu") != std::string::npos);
  CHECK(out.size() < 20000);
}

TEST_CASE("warnings stop at their own cap, and after the error cap") {
  Diagnostics ds;
  for (int i = 0; i < 1000; ++i) {
    ds.warning(static_cast<std::uint32_t>(i), "w");
    ds.note(0, "n");
  }
  CHECK(ds.all().size() == 2 * Diagnostics::kMaxWarnings + 1);
  Diagnostics full;
  for (std::size_t i = 0; i < Diagnostics::kMaxErrors; ++i) full.error(0, "e");
  std::size_t before = full.all().size();
  full.warning(0, "w");
  full.note(0, "n");
  CHECK(full.all().size() == before);
}

TEST_CASE("read_input_file says what a file is and stops at the first NUL") {
  using dpu::diag::read_input_file;
  auto message = [](const std::string& path, std::size_t max = dpu::diag::kMaxInputBytes) {
    try {
      read_input_file(path, "the trace", max);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("/") == "the trace '/' is a directory");
  CHECK(message("/no/such/file") == "cannot open the trace '/no/such/file': No such file or directory");
  CHECK(read_input_file("/dev/zero", "") == std::string(1, '\0'));
  CHECK(message("/dev/urandom", 0).find("is not a regular file and gives more than 0 bytes") !=
        std::string::npos);
}
