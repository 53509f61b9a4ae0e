// text_cleanup.cpp: the text-cleanup stage: encoding, layout, scraping
// artifacts, spelling and typography, each a rule with its own option.
#include <pubpipe/plugin.hpp>

#include <hunspell/hunspell.hxx>

#include <memory>
#include <set>
#include <unordered_map>

#include "rules.hpp"

namespace {

using namespace textclean;

class TextCleanup {
 public:
  static constexpr pubpipe::PluginInfo info{
      "text-cleanup", "0.1.0", "MIT",
      "Repairs encodings and mojibake, normalizes whitespace and layout, removes scraping artifacts, checks spelling."};
  static constexpr pubpipe::StageInfo document_stage{"clean", "text", "clean-text"};
  static constexpr pubpipe::Option options[] = {
      {"encoding", PP_OPT_ENUM, "auto", "auto|utf-8|windows-1252|latin-1|utf-16le|utf-16be",
       "How to read the input bytes; auto detects BOMs, UTF-16/32 and falls back to windows-1252 byte by byte."},
      {"mojibake", PP_OPT_BOOL, "true", nullptr, "Repair UTF-8 that was decoded as windows-1252 (once or twice): donâ€™t -> don’t."},
      {"control_characters", PP_OPT_ENUM, "replace", "replace|drop",
       "What to do with NUL and other characters XML forbids: replace them with U+FFFD, or drop them."},
      {"layout", PP_OPT_ENUM, "auto", "auto|line|blank|wrapped",
       "The paragraph layout: one per line, separated by blank lines, or hard-wrapped (lines joined back)."},
      {"dehyphenate", PP_OPT_BOOL, "true", nullptr,
       "When joining wrapped lines, rejoin a word hyphenated across the break if the text spells it unbroken elsewhere."},
      {"edit_links", PP_OPT_BOOL, "true", nullptr, "Remove wiki 'Edit' / '[edit]' links glued to headings."},
      {"chrome", PP_OPT_BOOL, "true", nullptr, "Remove lines of page chrome (Advertisement, Share this article, cookie prompts…)."},
      {"chrome_lines", PP_OPT_STRING_LIST, "[]", nullptr,
       "More chrome lines to remove, matched whole and case-insensitively; end one with * to match its start."},
      {"repeated_lines", PP_OPT_BOOL, "true", nullptr, "Remove a line repeated right after itself, and a byline repeated near the top."},
      {"repair_title", PP_OPT_BOOL, "true", nullptr,
       "Repair a title's words from the body's spelling (a lost dash between two words, a lower-cased proper noun)."},
      {"spelling", PP_OPT_ENUM, "report", "off|report|fix",
       "Check spelling with Hunspell: report misspellings (as notes, shown with -v), or also fix the unambiguous ones (a doubled letter, two letters swapped)."},
      {"dictionary", PP_OPT_STRING, "", nullptr,
       "Hunspell dictionary name (en_US) or path without extension; empty: from the book's language."},
      {"typography", PP_OPT_BOOL, "false", nullptr, "Curly quotes for the book's language, -- and --- to dashes, ... to an ellipsis."},
  };

  explicit TextCleanup(pubpipe::Context &setup)
      : encoding_(setup.option_string("encoding")),
        mojibake_(setup.option_bool("mojibake")),
        drop_controls_(setup.option_string("control_characters") == "drop"),
        layout_(setup.option_string("layout")),
        dehyphenate_(setup.option_bool("dehyphenate")),
        edit_links_(setup.option_bool("edit_links")),
        chrome_enabled_(setup.option_bool("chrome")),
        repeated_(setup.option_bool("repeated_lines")),
        title_(setup.option_bool("repair_title")),
        spelling_(setup.option_string("spelling")),
        typography_(setup.option_bool("typography")),
        language_(setup.book_meta("language")) {
    chrome_ = Chrome::defaults();
    for (const auto &p : setup.option_list("chrome_lines")) chrome_.add_user(p);
    if (spelling_ != "off") open_dictionary(setup, setup.option_string("dictionary"));
  }

  void document(pubpipe::Context &doc) {
    const std::string_view raw = doc.text();
    const Report report = [&](uint32_t line, Level level, const std::string &m) {
      doc.diag(level == Level::error ? PP_ERROR : level == Level::warning ? PP_WARNING : PP_NOTE, line, m);
    };
    if (const std::string kind = binary_signature(raw); !kind.empty())
      throw pubpipe::Error("this file is " + kind + ", not text; remove it from the inputs");
    Decoded dec = decode(raw, encoding_);
    if (!dec.error.empty()) throw pubpipe::Error("this file cannot be read as text: " + dec.error);
    if (dec.encoding != "UTF-8") report(1, Level::note, "read as " + dec.encoding);

    std::vector<Line> lines = split_lines(dec.text);
    int whitespace_lines = 0;
    std::vector<Line> kept;
    for (auto &l : lines) {
      if (const int n = scrub_controls(l.text, drop_controls_))
        report(l.source, Level::warning, std::to_string(n) + " control character" + (n == 1 ? "" : "s") + " that XML forbids " +
                                             (drop_controls_ ? "dropped" : "replaced with U+FFFD"));
      if (mojibake_)
        if (const int n = repair_mojibake(l.text)) report(l.source, Level::note, "repaired " + std::to_string(n) + " mojibake sequence" + (n == 1 ? "" : "s"));
      whitespace_lines += normalize_spaces(l.text);
      if (edit_links_ && strip_edit_link(l.text)) report(l.source, Level::note, "removed a wiki 'Edit' link from '" + l.text + "'");
      if (chrome_enabled_ && chrome_.matches(l.text)) {
        report(l.source, Level::note, "removed a line of page chrome '" + l.text + "'");
        continue;
      }
      kept.push_back(std::move(l));
    }
    if (whitespace_lines) report(0, Level::note, "normalized whitespace on " + std::to_string(whitespace_lines) + " lines");

    size_t width = 0;
    Layout layout = detect_layout(kept, &width);
    if (layout_ == "line") layout = Layout::line;
    else if (layout_ == "blank") layout = Layout::blank;
    else if (layout_ == "wrapped") layout = Layout::wrapped, width = width ? width : 72;
    report(0, Level::note, std::string("layout: ") + layout_name(layout));
    std::vector<Block> blocks = build_blocks(kept, layout, width, dehyphenate_, report);
    if (repeated_) drop_repeated_blocks(blocks, report);
    if (blocks.empty()) {
      doc.skip("the file has no text (empty or only white space)");
      return;
    }

    std::string body;
    for (size_t i = 1; i < blocks.size(); ++i) body += blocks[i].joined() + "\n";
    if (title_ && blocks[0].lines.size() == 1) {
      std::string &title = blocks[0].lines[0].text;
      const std::string before = title;
      if (repair_title(title, body)) report(blocks[0].source(), Level::note, "repaired the title '" + before + "' as '" + title + "'");
    }
    if (hunspell_) check_spelling(blocks, body, report);
    if (typography_)
      for (auto &b : blocks)
        for (auto &l : b.lines) typography(l.text, language_);

    std::string out;
    std::vector<uint32_t> map;
    for (const auto &b : blocks) {
      if (!out.empty()) {
        out += "\n\n";
        map.push_back(b.source());
      }
      for (size_t i = 0; i < b.lines.size(); ++i) {
        if (i) out += '\n';
        out += b.lines[i].text;
        map.push_back(b.lines[i].source);
      }
    }
    doc.set_text(out, &map);
  }

 private:
  void open_dictionary(pubpipe::Context &setup, std::string name) {
    if (name.empty()) {
      std::string lang = language_.empty() ? "en" : language_;
      for (auto &c : lang)
        if (c == '-') c = '_';
      name = lang.size() == 2 ? lang + "_" + (lang == "en" ? "US" : std::string(1, static_cast<char>(std::toupper(lang[0]))) + static_cast<char>(std::toupper(lang[1]))) : lang;
    }
    const std::string base = name.find('/') == std::string::npos ? "/usr/share/hunspell/" + name : name;
    if (FILE *f = std::fopen((base + ".dic").c_str(), "r")) {
      std::fclose(f);
      hunspell_ = std::make_unique<Hunspell>((base + ".aff").c_str(), (base + ".dic").c_str());
    } else {
      setup.warn(0, "no Hunspell dictionary " + base + ".dic; spelling is not checked (apt-get install hunspell-" +
                        language_.substr(0, 2) + ")");
    }
  }

  // Reports lower-case words the dictionary does not know and the article
  // does not use twice; with spelling: fix, applies a single close suggestion.
  void check_spelling(std::vector<Block> &blocks, const std::string &body, const Report &report) {
    std::unordered_map<std::string, int> counts;
    for (auto &w : words_of(body)) ++counts[w];
    for (auto &b : blocks)
      for (auto &l : b.lines) {
        std::string &t = l.text;
        for (size_t i = 0; i < t.size();) {
          if (!std::islower(static_cast<unsigned char>(t[i])) || (i > 0 && std::isalpha(static_cast<unsigned char>(t[i - 1])))) {
            ++i;
            continue;
          }
          size_t j = i;
          while (j < t.size() && std::islower(static_cast<unsigned char>(t[j]))) ++j;
          const bool plain = (j == t.size() || !(std::isalnum(static_cast<unsigned char>(t[j])) || static_cast<unsigned char>(t[j]) >= 0x80 || t[j] == '\''));
          const std::string word = t.substr(i, j - i);
          if (plain && word.size() >= 3 && counts[word] < 2 && !known(word)) {
            const std::string fix = correction(word);
            if (spelling_ == "fix" && !fix.empty()) {
              report(l.source, Level::note, "corrected the spelling of '" + word + "' to '" + fix + "'");
              t.replace(i, word.size(), fix);
              j = i + fix.size();
            } else {
              report(l.source, Level::note, "possible misspelling '" + word + "'" + (fix.empty() ? "" : " (did you mean '" + fix + "'?)"));
            }
          }
          i = j;
        }
      }
  }

  bool known(const std::string &word) {
    auto it = cache_.find(word);
    if (it != cache_.end()) return it->second;
    return cache_[word] = hunspell_->spell(word);
  }

  // An unambiguous correction: the one dictionary word reached by removing a
  // doubled letter or swapping two neighbours ("mmissile", "teh"), else "".
  std::string correction(const std::string &word) {
    std::set<std::string> found;
    for (size_t i = 0; i + 1 < word.size(); ++i) {
      std::string c = word;
      if (word[i] == word[i + 1]) {
        c.erase(i, 1);
      } else {
        std::swap(c[i], c[i + 1]);
      }
      if (known(c)) found.insert(c);
    }
    return found.size() == 1 ? *found.begin() : "";
  }

  std::string encoding_;
  bool mojibake_, drop_controls_;
  std::string layout_;
  bool dehyphenate_, edit_links_, chrome_enabled_, repeated_, title_;
  std::string spelling_;
  bool typography_;
  std::string language_;
  Chrome chrome_;
  std::unique_ptr<Hunspell> hunspell_;
  std::unordered_map<std::string, bool> cache_;
};

}  // namespace

PUBPIPE_PLUGIN(TextCleanup)
