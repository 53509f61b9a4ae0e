// yaml_tree.cpp: yaml-cpp event handler that builds a YNode tree safely.
#include <pubpipe/yaml.hpp>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <set>
#include <sstream>

#include "text_util.hpp"

namespace pubpipe {

const YNode *YNode::get(const std::string &key) const {
  for (const auto &e : entries)
    if (e.first.value == key) return &e.second;
  return nullptr;
}

YNode *YNode::get(const std::string &key) {
  for (auto &e : entries)
    if (e.first.value == key) return &e.second;
  return nullptr;
}

const char *YNode::kind_name() const {
  switch (kind) {
    case null: return "nothing";
    case scalar: return "a scalar";
    case sequence: return "a list";
    case map: return "a mapping";
  }
  return "?";
}

namespace {

class Builder : public YAML::EventHandler {
 public:
  Builder(YNode *root, std::vector<YamlError> *errors, YamlLimits limits)
      : root_(root), errors_(errors), limits_(limits) {}

  int documents = 0;

  void OnDocumentStart(const YAML::Mark &) override { ++documents; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark &m, YAML::anchor_t) override { add(make(YNode::null, m)); }
  void OnAlias(const YAML::Mark &m, YAML::anchor_t) override {
    error(m, "aliases (*name) are not allowed in pubpipe files; write the value out");
    add(make(YNode::null, m));
  }
  void OnScalar(const YAML::Mark &m, const std::string &tag, YAML::anchor_t, const std::string &value) override {
    YNode n = make(YNode::scalar, m);
    n.value = value;
    n.quoted = tag == "!";  // yaml-cpp tags quoted scalars with "!"
    add(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark &m, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(make(YNode::sequence, m));
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark &m, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(make(YNode::map, m));
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    YNode node;
    bool have_key = false;
    YNode key;
    std::set<std::string> keys;
  };

  YNode make(YNode::Kind k, const YAML::Mark &m) {
    if (++nodes_ > limits_.max_nodes && !budget_reported_) {
      budget_reported_ = true;
      error(m, "more than " + std::to_string(limits_.max_nodes) + " YAML nodes; pubpipe refuses a file this large");
    }
    YNode n;
    n.kind = k;
    n.line = static_cast<uint32_t>(m.line + 1);
    n.column = static_cast<uint32_t>(m.column + 1);
    return n;
  }

  void error(const YAML::Mark &m, std::string msg) {
    errors_->push_back({static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1), std::move(msg)});
  }

  void open(YNode n) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      if (!depth_reported_) {
        depth_reported_ = true;
        errors_->push_back({n.line, n.column, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels"});
      }
    }
    stack_.push_back(Frame{std::move(n), false, {}, {}});
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    add(std::move(f.node));
  }

  void add(YNode n) {
    if (nodes_ > limits_.max_nodes || static_cast<int>(stack_.size()) > limits_.max_depth) return;
    if (stack_.empty()) {
      *root_ = std::move(n);
      return;
    }
    Frame &f = stack_.back();
    if (f.node.kind == YNode::sequence) {
      f.node.items.push_back(std::move(n));
    } else if (!f.have_key) {
      if (n.kind != YNode::scalar) {
        errors_->push_back({n.line, n.column, "a mapping key must be a plain scalar"});
        n.value = "?";
      }
      if (!f.keys.insert(n.value).second)
        errors_->push_back({n.line, n.column, "duplicate key '" + n.value + "'"});
      f.key = std::move(n);
      f.have_key = true;
    } else {
      f.node.entries.emplace_back(std::move(f.key), std::move(n));
      f.have_key = false;
    }
  }

  YNode *root_;
  std::vector<YamlError> *errors_;
  YamlLimits limits_;
  std::vector<Frame> stack_;
  size_t nodes_ = 0;
  bool budget_reported_ = false;
  bool depth_reported_ = false;
};

}  // namespace

bool parse_yaml(const std::string &text, YNode *out, std::vector<YamlError> *errors, YamlLimits limits) {
  const size_t errors_before = errors->size();
  if (size_t bad = find_invalid_utf8(text); bad != std::string::npos) {
    // The column counts characters, as libyaml's marks do.
    const size_t newline = bad == 0 ? std::string::npos : text.rfind('\n', bad - 1);
    const size_t line_start = newline == std::string::npos ? 0 : newline + 1;
    uint32_t column = 1;
    for (size_t k = line_start; k < bad; ++k) column += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
    errors->push_back({static_cast<uint32_t>(line_of_offset(text, bad)), column,
                       "the file is not valid UTF-8 (byte 0x" + [&] {
                         static const char hex[] = "0123456789ABCDEF";
                         const unsigned char b = static_cast<unsigned char>(text[bad]);
                         return std::string{hex[b >> 4], hex[b & 15]};
                       }() + ")"});
    return false;
  }
  *out = YNode{};
  std::istringstream in(text);
  Builder builder(out, errors, limits);
  try {
    YAML::Parser parser(in);
    if (parser.HandleNextDocument(builder) && parser.HandleNextDocument(builder))
      errors->push_back({0, 0, "more than one YAML document; a pubpipe file holds one"});
  } catch (const YAML::DeepRecursion &) {
    errors->push_back({0, 0, "nesting too deep for the YAML parser; pubpipe files are a few levels deep"});
  } catch (const YAML::Exception &e) {
    errors->push_back({static_cast<uint32_t>(e.mark.line + 1), static_cast<uint32_t>(e.mark.column + 1), e.msg});
  }
  return errors->size() == errors_before;
}

}  // namespace pubpipe
