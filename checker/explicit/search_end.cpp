#include "explicit/search_end.hpp"

namespace dpu::explicit_ {

void set_unviolated(result::PropertyResult& pr, const SearchEnd& end) {
  using result::Status;
  if (end.error) {
    pr.status = Status::Incomplete;
    pr.explanation = "not decided: the search stopped at a runtime error";
  } else if (end.incomplete) {
    pr.status = Status::Incomplete;
    pr.explanation = end.incomplete_why;
  } else if (end.stopped) {
    pr.status = Status::Incomplete;
    pr.explanation = "not decided: the search stopped at the first violation (use --all)";
  } else if (end.bounded) {
    pr.status = Status::HoldsUpToBound;
    pr.explanation = "no violation up to depth " + std::to_string(end.max_depth.value_or(0));
  } else {
    pr.status = Status::Holds;
  }
}

void add_unsupported(result::Result& r, const model::Model& m, const std::vector<bool>& active,
                     const std::string& why) {
  auto unsupported = [&](std::string name) {
    result::PropertyResult pr;
    pr.property = std::move(name);
    pr.status = result::Status::Unsupported;
    pr.explanation = why;
    r.properties.push_back(std::move(pr));
  };
  for (std::uint32_t p = 0; p < m.properties.size(); ++p)
    if (active[p]) unsupported(m.properties[p].name);
  if (r.properties.empty()) unsupported("model");
}

result::PropertyResult runtime_error_entry(const Found& error, const std::string& message) {
  result::PropertyResult pr;
  pr.property = "runtime error";
  pr.status = result::Status::Error;
  pr.explanation = message;
  if (error.pos) pr.failure = result::SourceFailure{*error.pos, message};
  return pr;
}

}  // namespace dpu::explicit_
