// option_check.cpp: the option constraints a plugin declares (ABI 1.2):
// a range for numbers, a pattern or a list of allowed values for strings,
// and the plugin's validate hook over its whole option set.
#include <cstdlib>
#include <regex>
#include <sstream>

#include "host.hpp"
#include "pipeline.hpp"

namespace pubpipe {

namespace {

std::string number_text(double d) {
  std::ostringstream s;
  s << d;
  return s.str();
}

// "MIN..MAX", either end optional.  False when the range is unreadable.
bool parse_range(const std::string &r, bool *has_min, double *min, bool *has_max, double *max) {
  const size_t dots = r.find("..");
  if (dots == std::string::npos) return false;
  const std::string a = r.substr(0, dots), b = r.substr(dots + 2);
  char *end = nullptr;
  *has_min = !a.empty(), *has_max = !b.empty();
  if (*has_min && ((*min = std::strtod(a.c_str(), &end)), *end)) return false;
  if (*has_max && ((*max = std::strtod(b.c_str(), &end)), *end)) return false;
  return true;
}

std::string check_string(const pp_option_desc &o, const std::string &s) {
  if (o.allowed) {
    std::stringstream ss(o.allowed);
    std::string item;
    while (std::getline(ss, item, '|'))
      if (item == s) return {};
    std::string all = o.allowed;
    for (auto &c : all)
      if (c == '|') c = ',';
    return "'" + s + "' is not one of the allowed values (" + all + ")";
  }
  if (o.pattern) {
    try {
      if (!std::regex_match(s, std::regex(o.pattern, std::regex::ECMAScript))) return "'" + s + "' does not match the pattern " + o.pattern;
    } catch (const std::regex_error &) {
      return std::string("the plugin declares an unreadable pattern ") + o.pattern;
    }
  }
  return {};
}

}  // namespace

std::string option_constraint_error(const pp_option_desc &o, const OptionValue &v) {
  if (!v.set) return {};
  if (o.range && (o.type == PP_OPT_INT || o.type == PP_OPT_NUMBER)) {
    bool has_min = false, has_max = false;
    double min = 0, max = 0;
    if (!parse_range(o.range, &has_min, &min, &has_max, &max)) return std::string("the plugin declares an unreadable range ") + o.range;
    const double x = o.type == PP_OPT_INT ? static_cast<double>(v.i) : v.d;
    const std::string shown = o.type == PP_OPT_INT ? std::to_string(v.i) : number_text(v.d);
    if ((has_min && x < min) || (has_max && x > max)) {
      if (has_min && has_max) return shown + " is outside " + number_text(min) + " to " + number_text(max);
      if (has_min) return shown + " is less than " + number_text(min);
      return shown + " is more than " + number_text(max);
    }
  }
  if (o.type == PP_OPT_STRING) return check_string(o, v.s);
  if (o.type == PP_OPT_STRING_LIST)
    for (const auto &item : v.list)
      if (std::string why = check_string(o, item); !why.empty()) return why;
  return {};
}

void run_validate_hook(const Pipeline &p, const Entry &e, std::vector<Diagnostic> *problems) {
  if (!e.plugin || !e.plugin->desc.validate) return;
  static const RunSettings settings{};
  pp_ctx ctx;
  ctx.pipeline = &p;
  ctx.settings = &settings;
  ctx.entry = &e;
  ctx.diags = problems;
  const size_t before = problems->size();
  const int rc = e.plugin->desc.validate(host_table(), &ctx);
  if ((rc != PP_OK || ctx.failed) && problems->size() == before) {
    Diagnostic d;
    d.file = p.file, d.line = e.line, d.column = e.column;
    d.message = "plugin '" + e.plugin->name + "' finds its options invalid" + (ctx.failure.empty() ? std::string() : ": " + ctx.failure);
    problems->push_back(d);
  }
  // Misuse warnings from the option functions are about the plugin, not the
  // pipeline: they stay, as warnings.
}

}  // namespace pubpipe
