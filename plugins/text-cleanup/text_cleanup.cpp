// text_cleanup.cpp: the text-cleanup stage: encoding, layout, scraping
// artifacts, spelling and typography, each a rule with its own option.
#include <pubpipe/plugin.hpp>

#include <hunspell/hunspell.hxx>

#include <memory>
#include <set>
#include <unordered_map>

#include "rules.hpp"
#include "unicode.hpp"

namespace {

using namespace textclean;

class TextCleanup {
 public:
  static constexpr pubpipe::PluginInfo info{
      "text-cleanup", "0.1.0", "MIT",
      "Repairs encodings and mojibake, normalizes whitespace and layout, removes scraping artifacts, checks spelling."};
  static constexpr pubpipe::StageInfo document_stage{"clean", "text", "clean-text"};
  static constexpr pubpipe::Option options[] = {
      {"encoding", PP_OPT_ENUM, "auto",
       "auto|utf-8|utf-16le|utf-16be|utf-32le|utf-32be|windows-1250|windows-1251|windows-1252|windows-1253|windows-1254|"
       "windows-1257|latin-1|iso-8859-2|iso-8859-5|iso-8859-7|iso-8859-15|koi8-r|koi8-u|macroman|cp437|cp866|shift_jis|"
       "euc-jp|gb18030|big5|euc-kr",
       "How to read the input bytes; auto: a BOM, then UTF-16/32 by their NUL bytes, then UTF-8, then the charset uchardet "
       "detects (windows-1252 when it cannot tell, keeping any valid UTF-8 sequences). The result is a note: 'read as "
       "windows-1250 (detected)'."},
      {"mojibake", PP_OPT_BOOL, "true", nullptr,
       "Repair UTF-8 that was read in a single-byte code page (windows-1252, Latin-1, windows-1250/1251/1253/1254/1257, "
       "ISO-8859-2, MacRoman, cp437, KOI8-R), once or more, as ftfy does: only where re-decoding removes evidence of "
       "mojibake (donâ€™t -> don’t); clean text is left byte for byte."},
      {"control_characters", PP_OPT_ENUM, "replace", "replace|drop",
       "What to do with NUL and the other characters XML 1.0 forbids: replace them with U+FFFD, or drop them. C1 controls "
       "(U+0080-U+009F) are allowed in XML 1.0 and kept; the mojibake repair reads most as windows-1252 first."},
      {"layout", PP_OPT_ENUM, "auto", "auto|line|blank|wrapped",
       "The paragraph layout: one per line, separated by blank lines, or hard-wrapped (lines joined back)."},
      {"dehyphenate", PP_OPT_BOOL, "true", nullptr,
       "When joining wrapped lines, rejoin a word hyphenated across the break if the text spells it unbroken elsewhere."},
      {"edit_links", PP_OPT_BOOL, "true", nullptr, "Remove wiki 'Edit' / '[edit]' links and permalink anchors (\u00b6, #) glued to headings, and write such a heading (not the "
       "title) as a Markdown heading, '## History', so that section-detect knows the page marked it."},
      {"chrome", PP_OPT_BOOL, "true", nullptr, "Remove lines of page chrome (Advertisement, Share this article, cookie prompts…), and in a web page the "
       "caption that a label such as 'Media caption' marks (its picture or video is not in the text); each is a note with its line."},
      {"chrome_lines", PP_OPT_STRING_LIST, "[]", nullptr,
       "More chrome lines to remove, matched whole and case-insensitively; end one with * to match its start."},
      {"boilerplate", PP_OPT_ENUM, "auto", "auto|on|off",
       "Find the article in a whole web page (menus, related links, footers): auto when the text reads like a page, on, or off. "
       "Each block left out is reported with its line."},
      {"function_words", PP_OPT_RESOURCE, nullptr, nullptr,
       "A file of the book language's function words, one a line, for finding the article in a page; default: the list built in for "
       "the book's language (en), none for other languages (then boilerplate: auto is off)."},
      {"page_bylines", PP_OPT_BOOL, "true", nullptr,
       "In a web page's header, take a name next to the headline's date, time, reading time or role (\"Ann Lee\" / \"4 min read\"), "
       "or \"Ann Lee, @handle\", for the byline and write it \"By Ann Lee\" (the handle left out); with no byline there, a writer credited "
       "right after the article (\"Ann Lee \u2014 2013-09-29\", \"Written on Feb 24 by\" / \"Ann Lee\") is written so in the header, "
       "and on a person's own site the name at the top of the page that its copyright line credits (\"\u00a9 Ann Lee 2016-2020\"); "
       "each is a note with its line."},
      {"page_tail", PP_OPT_BOOL, "true", nullptr,
       "In a web page, remove the kept blocks after the article's last paragraph, or after the last sentence, list item or code "
       "that follows it with at most two other blocks between (a share bar, tags, the writer's name again, sponsored links); each "
       "is a note with its line."},
      {"repeated_lines", PP_OPT_BOOL, "true", nullptr,
       "Remove a line repeated right after itself, a byline repeated near the top, and in a web page a line of five words or more "
       "that the page prints three times or more, each a block of its own (an advertisement's place); each is a note with its line. "
       "A short line repeated on the line right under it is a picture's alt text over its caption: both are kept, one block, "
       "which section-detect keeps once, as a paragraph."},
      {"repair_title", PP_OPT_BOOL, "true", nullptr,
       "Repair a title's words from the body's spelling (a lost dash between two words, a lower-cased proper noun)."},
      {"spelling", PP_OPT_ENUM, "report", "off|report|fix",
       "Check spelling with Hunspell: report misspellings (as notes, shown with -v), or also fix the unambiguous ones (a doubled letter, two letters swapped)."},
      {"dictionary", PP_OPT_STRING, "", nullptr,
       "Hunspell dictionary name (en_US) or path without extension; empty: from the book's language."},
      {"typography", PP_OPT_BOOL, "false", nullptr, "Curly quotes for the book's language, -- and --- to dashes, ... to an ellipsis."},
  };

  explicit TextCleanup(pubpipe::Context &setup) : spelling_(setup.option_string("spelling")) {
    o_.encoding = setup.option_string("encoding");
    o_.mojibake = setup.option_bool("mojibake");
    o_.drop_controls = setup.option_string("control_characters") == "drop";
    o_.layout = setup.option_string("layout");
    o_.dehyphenate = setup.option_bool("dehyphenate");
    o_.edit_links = setup.option_bool("edit_links");
    o_.chrome_enabled = setup.option_bool("chrome");
    o_.repeated = setup.option_bool("repeated_lines");
    o_.title = setup.option_bool("repair_title");
    o_.typography = setup.option_bool("typography");
    o_.language = setup.book_meta("language");
    o_.boilerplate = setup.option_string("boilerplate");
    o_.page_bylines = setup.option_bool("page_bylines");
    o_.page_tail = setup.option_bool("page_tail");
    o_.function_words = setup.has_string("function_words") ? FunctionWords::parse(setup.resource("function_words"))
                                                            : FunctionWords::builtin(o_.language.empty() ? "en" : o_.language);
    if (o_.function_words.empty() && o_.boilerplate != "off")
      setup.warn(0, "no function words for the book's language '" + o_.language +
                        "': pages are not searched for their article (give function_words: FILE)");
    for (const auto &p : setup.option_list("chrome_lines")) o_.chrome.add_user(p);
    if (spelling_ != "off") open_dictionary(setup, setup.option_string("dictionary"));
    if (hunspell_) o_.dictionary = [this](const std::string &w) { return known(w); };
  }

  void document(pubpipe::Context &doc) {
    const Report report = [&](uint32_t line, Level level, const std::string &m) {
      doc.diag(level == Level::error ? PP_ERROR : level == Level::warning ? PP_WARNING : PP_NOTE, line, m);
    };
    const auto spell = [&](std::vector<Block> &blocks, const std::string &body) { check_spelling(blocks, body, report); };
    const Cleaned c = clean_text(doc.text(), o_, report, hunspell_ ? spell : std::function<void(std::vector<Block> &, const std::string &)>());
    if (!c.error.empty()) throw pubpipe::Error(c.error);
    if (c.text.empty()) return doc.skip("the file has no text (empty or only white space)");
    doc.set_text(c.text, &c.line_map);
  }

 private:
  void open_dictionary(pubpipe::Context &setup, std::string name) {
    if (name.empty()) {
      std::string lang = o_.language.empty() ? "en" : o_.language;
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
                        o_.language.substr(0, 2) + ")");
    }
  }

  // The longest word spell-checked, in bytes: longer ones cost O(length^2)
  // dictionary work in correction() and are no dictionary's words.
  static constexpr size_t kMaxSpellWord = 64;

  // Reports lower-case words the dictionary does not know and the article
  // does not use twice; with spelling: fix, applies a single close suggestion.
  void check_spelling(std::vector<Block> &blocks, const std::string &body, const Report &report) {
    std::unordered_map<std::string, int> counts;
    for (auto &w : words_of(body)) ++counts[w];
    for (auto &b : blocks)
      for (auto &l : b.lines) {
        std::string &t = l.text;
        // A word: lower-case letters (of any script) after no letter, and
        // then no other letter, digit or apostrophe.
        char32_t before = 0;
        for (size_t i = 0, len; i < t.size();) {
          const char32_t c = pubpipe::text::char_at(t, i, &len);
          if (!pubpipe::text::is_lower(c) || pubpipe::text::is_alpha(before)) {
            before = c;
            i += len;
            continue;
          }
          size_t j = i;
          char32_t next = 0;
          for (size_t n; j < t.size(); j += n)
            if (!pubpipe::text::is_lower(next = pubpipe::text::char_at(t, j, &n))) break;
          if (j == t.size()) next = 0;
          before = 0;
          const bool plain = !(pubpipe::text::is_alpha(next) || pubpipe::text::is_digit(next) || next == '\'' || next == 0x2019);
          if (plain && j - i > kMaxSpellWord) {
            // correction() is quadratic in a word's length, and no dictionary
            // word is this long: such a word is reported, never looked up.
            report(l.source, Level::note, "a word of " + std::to_string(pubpipe::text::char_count(std::string_view(t).substr(i, j - i))) + " letters was not spell-checked (over " +
                                              std::to_string(kMaxSpellWord) + ")");
            i = j;
            continue;
          }
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
    std::vector<std::string> letters;  // the word's characters, each as its UTF-8 bytes
    for (size_t i = 0, n; i < word.size(); i += n) {
      pubpipe::text::char_at(word, i, &n);
      letters.push_back(word.substr(i, n));
    }
    std::set<std::string> found;
    for (size_t i = 0; i + 1 < letters.size(); ++i) {
      std::vector<std::string> c = letters;
      if (letters[i] == letters[i + 1]) {
        c.erase(c.begin() + static_cast<long>(i));
      } else {
        std::swap(c[i], c[i + 1]);
      }
      std::string candidate;
      for (const auto &x : c) candidate += x;
      if (known(candidate)) found.insert(candidate);
    }
    return found.size() == 1 ? *found.begin() : "";
  }

  CleanOptions o_;
  std::string spelling_;
  std::unique_ptr<Hunspell> hunspell_;
  std::unordered_map<std::string, bool> cache_;
};

}  // namespace

PUBPIPE_PLUGIN(TextCleanup)
