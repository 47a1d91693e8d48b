// Symmetry detection (model/symmetry.hpp): a model that breaks the symmetry of its family by
// each construct, and the reason names that construct; a symmetric one is reduced; and the
// explicit engine's canonical form is exact (one representative per class of renamed states).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "explicit/engine.hpp"
#include "model/symmetry.hpp"
#include "model_text.hpp"

namespace {

using dpu::model::detect_symmetry;

// A family W of three processes with a rule whose guard and body are `rule`.
std::string with_rule(const std::string& decls, const std::string& rule) {
  return "process W[3] {\n  var x : W\n  var k : 0..3 = 0\n  var s : set of W = {}\n" + decls + "\n" + rule +
         "\n}\nallow deadlock\n";
}

// The reason W is not symmetric, or "" when it is.
std::string reason(const std::string& text) {
  auto m = load_model_text(text);
  auto r = detect_symmetry(m);
  REQUIRE(r.families.size() == 1);
  return r.families[0].symmetric ? std::string() : r.families[0].reason;
}

}  // namespace

TEST_CASE("symmetry: a symmetric family is reduced") {
  CHECK(reason(with_rule("",
                         "rule R at w when k < 1 { choose q in W where !(q in s) { x := q\n s := s + {q}\n k "
                         ":= k + 1 } }")) == "");
  CHECK(reason(with_rule("", "rule R at w when exists q in W : q != w && q.k == 0 { k := 1 }")) == "");
}

TEST_CASE("symmetry: each construct that names or orders a process breaks it") {
  CHECK(reason(with_rule("", "rule R at W[0] when k < 1 { k := 1 }")) ==
        "rule R runs at the one process W[0]");
  CHECK(reason(with_rule("", "rule R at w when x == W[2] { k := 1 }")) ==
        "the literal W[2] names a particular process");
  CHECK(reason(with_rule("", "rule R at w when x < w { k := 1 }")) ==
        "orders the process ids of W (<, <=, >, >=)");
  CHECK(reason(with_rule("", "rule R at w when k < 1 { for q in W { k := k + 1 } }")) ==
        "`for` visits the processes of W in index order");
  CHECK(reason(with_rule("var a : array[0..2] of bool", "rule R at w when !a[w] { a[w] := true }")) ==
        "indexing an array turns a process id of W into a number");
  CHECK(reason(with_rule("var n : 0..2 = 0", "rule R at w when k < 1 { n := w\n k := 1 }")) ==
        "an assignment turns a process id of W into a number");
  CHECK(reason(with_rule("", "rule R at w when k < 1 { k := 1 }") + "fault byzantine W at most 1\n") ==
        "`fault byzantine` makes the last 1 processes of W faulty");
  CHECK(reason(with_rule("", "rule R at w when k < 1 { k := 1 }") + "invariant I : W[1].k < 2\n") ==
        "the literal W[1] names a particular process");
}

TEST_CASE("symmetry: a property not checked does not break it") {
  auto m = load_model_text(with_rule("", "rule R at w when k < 1 { k := 1 }") + "invariant I : W[1].k < 2\n");
  CHECK(!detect_symmetry(m).families[0].symmetric);
  CHECK(detect_symmetry(m, {false}).families[0].symmetric);
}

TEST_CASE("symmetry: the reduced state count is the number of classes of renamed states") {
  // Each of three processes picks a partner once: unreduced, 4^3 = 64 states (each process
  // has not picked, or picked one of three).
  const std::string text =
      "process W[3] {\n  var x : set of W = {}\n  var k : 0..1 = 0\n"
      "  rule R at w when k < 1 { choose q in W { x := {q}\n k := 1 } }\n}\nallow deadlock\n";
  auto m = load_model_text(text);
  dpu::explicit_::Options opt;
  dpu::explicit_::NullReporter rep;
  auto off = dpu::explicit_::check(m, opt, rep);
  opt.symmetry = true;
  auto on = dpu::explicit_::check(m, opt, rep);
  REQUIRE(on.symmetry);
  CHECK(on.symmetry->families.at(0).reduced);
  CHECK(off.stats.states == 64);
  // Classes by Burnside's lemma, by the set S of processes that picked: |S| = 0: 1; |S| = 1:
  // itself or another, 2; |S| = 2: (9 + 3) / 2 = 6 under the swap of the two pickers;
  // |S| = 3: maps of three points up to conjugation, (27 + 3 * 3 + 2 * 3) / 6 = 7.
  CHECK(on.stats.states == 1 + 2 + 6 + 7);
}
