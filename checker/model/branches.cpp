#include "model/branches.hpp"

namespace dpu::model {

namespace {

Pos first_pos(const Block& b, Pos fallback) { return b.empty() ? fallback : b.front().pos; }

class Collector {
 public:
  explicit Collector(Branches& out) : out_(out) {}

  void body(const Block& b, const Frame& frame, bool in_handler, Id owner) {
    frame_ = &frame, in_handler_ = in_handler, owner_ = owner;
    block(b);
  }

 private:
  Branches& out_;
  const Frame* frame_ = nullptr;
  bool in_handler_ = false;
  Id owner_ = kNone;

  void block(const Block& b) {
    for (const Stmt& s : b) stmt(s);
  }

  void point(const Stmt& s, BranchKind kind, const std::vector<std::pair<std::string, Pos>>& arms) {
    BranchPoint p;
    p.kind = kind, p.stmt = &s, p.in_handler = in_handler_, p.owner = owner_;
    p.first_arm = static_cast<std::uint32_t>(out_.arms.size());
    p.arms = static_cast<std::uint32_t>(arms.size());
    const auto index = static_cast<std::uint32_t>(out_.points.size());
    out_.points.push_back(p);
    for (const auto& [label, pos] : arms) out_.arms.push_back(BranchArm{index, label, pos});
  }

  void stmt(const Stmt& s) {
    std::vector<std::pair<std::string, Pos>> arms;
    switch (s.kind) {
      case StmtKind::If:
        for (std::size_t i = 0; i < s.conds.size(); ++i)
          arms.emplace_back(i == 0 ? "if" : "elif", i == 0 ? s.pos : s.conds[i].pos);
        if (s.blocks.size() > s.conds.size())
          arms.emplace_back("else", first_pos(s.blocks.back(), s.pos));
        else
          arms.emplace_back("no condition held", s.pos);
        point(s, BranchKind::If, arms);
        break;
      case StmtKind::Either:
        for (std::size_t i = 0; i < s.blocks.size(); ++i)
          arms.emplace_back(i == 0 ? "either" : "or", i == 0 ? s.pos : first_pos(s.blocks[i], s.pos));
        point(s, BranchKind::Either, arms);
        break;
      case StmtKind::Choose:
        arms.emplace_back(s.slot < frame_->slots.size() ? "choose " + frame_->slots[s.slot].first : "choose",
                          s.pos);
        point(s, BranchKind::Choose, arms);
        break;
      default:
        break;
    }
    for (const Block& b : s.blocks) block(b);
  }
};

}  // namespace

Branches branch_points(const Model& m) {
  Branches out;
  Collector c(out);
  for (Id r = 0; r < m.rules.size(); ++r) c.body(m.rules[r].body, m.rules[r].frame, false, r);
  for (Id h = 0; h < m.handlers.size(); ++h) c.body(m.handlers[h].body, m.handlers[h].frame, true, h);
  return out;
}

}  // namespace dpu::model
