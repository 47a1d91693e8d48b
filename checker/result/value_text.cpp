#include "result/value_text.hpp"

#include "model/print.hpp"

namespace dpu::result {

std::string process_text(const model::Model& m, const std::optional<ProcessRef>& p) {
  if (!p || p->family == model::kNone || p->family >= m.families.size()) return "environment";
  return model::print_value(m, m.families[p->family].type, p->index);
}

std::string value_text(const model::Model& m, const TypedValue& v) {
  const model::Type& t = m.types.at(v.type);
  std::string s;
  switch (t.kind) {
    case model::TypeKind::Record:
      s = "{";
      for (std::size_t i = 0; i < t.fields.size() && i < v.elems.size(); ++i)
        s += (i ? ", " : "") + t.fields[i].first + " = " + value_text(m, v.elems[i]);
      return s + "}";
    case model::TypeKind::Set:
      s = "{";
      for (std::size_t i = 0; i < v.elems.size(); ++i) s += (i ? ", " : "") + value_text(m, v.elems[i]);
      return s + "}";
    case model::TypeKind::Array:
    case model::TypeKind::Seq:
      s = "[";
      for (std::size_t i = 0; i < v.elems.size(); ++i) s += (i ? ", " : "") + value_text(m, v.elems[i]);
      return s + "]";
    default:
      return model::print_value(m, v.type, v.scalar);
  }
}

std::string control_text(const model::Model& m, const ControlMessage& c, bool total_order) {
  const model::MessageType& mt = m.messages.at(c.message);
  std::string s = mt.name;
  if (!mt.fields.empty()) {
    s += "(";
    for (std::size_t i = 0; i < c.fields.size(); ++i) s += (i ? ", " : "") + value_text(m, c.fields[i]);
    s += ")";
  }
  s += " from " + process_text(m, c.sender) + " to ";
  if (total_order) {
    std::string to;
    for (const ProcessRef& r : c.receivers) to += (to.empty() ? "" : ",") + process_text(m, r);
    return s + "{" + to + "}";
  }
  return s + (c.receivers.empty() ? std::string("environment") : process_text(m, c.receivers.front()));
}

}  // namespace dpu::result
