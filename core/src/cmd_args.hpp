// cmd_args.hpp: reading a subcommand's own arguments (stage, new-plugin):
// "--name value" and "--name=value" alike.
#pragma once

#include <string>
#include <vector>

namespace pubpipe {

class ArgReader {
 public:
  explicit ArgReader(const std::vector<std::string> &args) : args_(args) {}
  // Moves to the next argument; false at the end.  arg() is its name (the
  // part before '=' of a --name=value), given() the argument as written.
  bool next() {
    if (i_ >= args_.size()) return false;
    given_ = arg_ = args_[i_++];
    value_.clear();
    const size_t eq = arg_.find('=');
    has_eq_ = arg_.rfind("--", 0) == 0 && eq != std::string::npos;
    if (has_eq_) value_ = arg_.substr(eq + 1), arg_.resize(eq);
    return true;
  }
  // The option's value: after its '=', else the next argument.  False when
  // there is none.
  bool take() {
    if (has_eq_) return true;
    if (i_ >= args_.size()) return false;
    value_ = args_[i_++];
    return true;
  }
  const std::string &arg() const { return arg_; }
  const std::string &value() const { return value_; }
  const std::string &given() const { return given_; }
  bool is_option() const { return arg_.size() > 1 && arg_[0] == '-'; }

 private:
  const std::vector<std::string> &args_;
  size_t i_ = 0;
  std::string arg_, value_, given_;
  bool has_eq_ = false;
};

}  // namespace pubpipe
