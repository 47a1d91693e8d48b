// The viewer page: the template files of checker/report/viewer/ (embedded by cmake/embed.cmake)
// with the viewer's data inlined as JSON.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "report/viewer.hpp"

namespace dpu::report {

namespace assets {
// Generated from checker/report/viewer/ at build time.
extern const char kViewerHtml[];
extern const char kViewerCss[];
extern const char kViewerJs[];
}  // namespace assets

namespace {

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// JSON that can sit inside a <script> element: a '<' only ever appears inside a JSON string,
/// where \u003c means the same, so no "</script>" or "<!--" can end the element early.
std::string script_safe_json(const nlohmann::json& j) {
  std::string text = j.dump(), out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
  return out;
}

/// Replaces each {{NAME}} of the template in one pass, so a value containing "{{...}}" is
/// left as it is.
std::string fill(const std::string& tmpl, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    std::size_t open = tmpl.find("{{", at);
    if (open == std::string::npos) break;
    std::size_t close = tmpl.find("}}", open);
    auto it =
        close == std::string::npos ? values.end() : values.find(tmpl.substr(open + 2, close - open - 2));
    if (it == values.end()) {
      out += tmpl.substr(at, open + 2 - at);
      at = open + 2;
      continue;
    }
    out += tmpl.substr(at, open - at) + it->second;
    at = close + 2;
  }
  return out + tmpl.substr(at);
}

}  // namespace

std::string result_to_html(const model::Model& m, const nlohmann::json& result) {
  nlohmann::json view = trace_view(m, result);
  std::string title = "dpucheck: " + view.at("model").get<std::string>();
  for (const nlohmann::json& t : view.at("traces"))
    title += " \u2014 " + t.at("property").get<std::string>() + " " + t.at("status").get<std::string>();
  return fill(assets::kViewerHtml, {{"TITLE", escape_html(title)},
                                    {"STYLE", assets::kViewerCss},
                                    {"SCRIPT", assets::kViewerJs},
                                    {"DATA", script_safe_json(view)}});
}

}  // namespace dpu::report
