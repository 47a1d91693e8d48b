#include "result/result.hpp"

namespace dpu::result {

const char* to_string(Status s) {
  switch (s) {
    case Status::Holds:
      return "holds";
    case Status::HoldsUpToBound:
      return "holds up to bound";
    case Status::Violated:
      return "violated";
    case Status::Incomplete:
      return "incomplete";
    case Status::Unsupported:
      return "unsupported";
    case Status::Error:
      return "error";
  }
  return "?";
}

const char* status_id(Status s) {
  switch (s) {
    case Status::Holds:
      return "holds";
    case Status::HoldsUpToBound:
      return "holds_up_to_bound";
    case Status::Violated:
      return "violated";
    case Status::Incomplete:
      return "incomplete";
    case Status::Unsupported:
      return "unsupported";
    case Status::Error:
      return "error";
  }
  return "?";
}

const char* to_string(ComponentKind k) {
  switch (k) {
    case ComponentKind::Stack:
      return "stack";
    case ComponentKind::Copies:
      return "copies";
    case ComponentKind::Variable:
      return "variable";
    case ComponentKind::Channel:
      return "channel";
    case ComponentKind::Crashed:
      return "crashed";
    case ComponentKind::Monitor:
      return "monitor";
  }
  return "?";
}

}  // namespace dpu::result
