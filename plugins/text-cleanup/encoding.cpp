// encoding.cpp: the input bytes as UTF-8 (BOMs, UTF-16/32, uchardet, iconv),
// the single-byte code pages of the mojibake repair, and XML's forbidden
// characters.
#include "encoding.hpp"

#include <uchardet.h>

#include <iconv.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

namespace textclean {

namespace {

// Charset names (the option's and uchardet's) are ASCII by definition (IANA's
// registry): byte-wise lower-casing is all they need.
std::string lower(std::string_view s) {
  std::string out(s);
  for (auto &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The `encoding` option's names and what iconv calls them.
const std::vector<std::pair<std::string, std::string>> &iconv_names() {
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"utf-8", "UTF-8"},           {"utf-16le", "UTF-16LE"},       {"utf-16be", "UTF-16BE"},
      {"utf-32le", "UTF-32LE"},     {"utf-32be", "UTF-32BE"},       {"windows-1250", "CP1250"},
      {"windows-1251", "CP1251"},   {"windows-1252", "CP1252"},     {"windows-1253", "CP1253"},
      {"windows-1254", "CP1254"},   {"windows-1257", "CP1257"},     {"latin-1", "ISO-8859-1"},
      {"iso-8859-2", "ISO-8859-2"}, {"iso-8859-5", "ISO-8859-5"},   {"iso-8859-7", "ISO-8859-7"},
      {"iso-8859-15", "ISO-8859-15"}, {"koi8-r", "KOI8-R"},         {"koi8-u", "KOI8-U"},
      {"macroman", "MACINTOSH"},    {"cp437", "IBM437"},            {"cp866", "IBM866"},
      {"shift_jis", "SHIFT_JIS"},   {"euc-jp", "EUC-JP"},           {"gb18030", "GB18030"},
      {"big5", "BIG5"},             {"euc-kr", "EUC-KR"},
  };
  return names;
}

// What uchardet calls a charset -> our name for it, or "" if we do not read
// it (the detector also names rarer ones: those fall back to windows-1252).
std::string from_detector(const std::string &detected) {
  const std::string d = lower(detected);
  static const std::map<std::string, std::string> alias = {
      {"windows-1250", "windows-1250"}, {"windows-1251", "windows-1251"}, {"windows-1252", "windows-1252"},
      {"windows-1253", "windows-1253"}, {"windows-1254", "windows-1254"}, {"windows-1257", "windows-1257"},
      {"iso-8859-1", "latin-1"},        {"iso-8859-2", "iso-8859-2"},     {"iso-8859-5", "iso-8859-5"},
      {"iso-8859-7", "iso-8859-7"},     {"iso-8859-15", "iso-8859-15"},   {"koi8-r", "koi8-r"},
      {"koi8-u", "koi8-u"},             {"mac-cyrillic", ""},              {"ibm866", "cp866"},
      {"ibm855", ""},                   {"shift_jis", "shift_jis"},       {"euc-jp", "euc-jp"},
      {"gb18030", "gb18030"},           {"big5", "big5"},                 {"euc-kr", "euc-kr"},
      {"uhc", "euc-kr"},                {"utf-16", ""},                    {"utf-8", ""},
      {"ascii", ""},
  };
  auto it = alias.find(d);
  return it == alias.end() ? "" : it->second;
}

// Converts with iconv; a sequence that the encoding does not define becomes
// U+FFFD and the conversion goes on after its first byte.
std::string iconv_to_utf8(std::string_view bytes, const char *from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  char buf[4096];
  char *in = const_cast<char *>(bytes.data());
  size_t left = bytes.size();
  while (left > 0) {
    char *o = buf;
    size_t room = sizeof buf;
    const size_t r = iconv(cd, &in, &left, &o, &room);
    out.append(buf, static_cast<size_t>(o - buf));
    if (r == static_cast<size_t>(-1)) {
      if (errno == E2BIG) continue;
      out += "\xEF\xBF\xBD";  // EILSEQ, or EINVAL: a sequence cut off at the end
      ++in;
      --left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  char *o = buf;
  size_t room = sizeof buf;
  iconv(cd, nullptr, nullptr, &o, &room);
  out.append(buf, static_cast<size_t>(o - buf));
  iconv_close(cd);
  return out;
}

std::string iconv_name(const std::string &ours) {
  for (const auto &[name, ic] : iconv_names())
    if (name == ours) return ic;
  return {};
}

// What uchardet says the bytes are, or "".
std::string detect(std::string_view bytes) {
  uchardet_t ud = uchardet_new();
  if (!ud) return {};
  uchardet_handle_data(ud, bytes.data(), bytes.size());
  uchardet_data_end(ud);
  std::string name = uchardet_get_charset(ud) ? uchardet_get_charset(ud) : "";
  uchardet_delete(ud);
  return name;
}

// Invalid UTF-8 read as the text of a browser would show it: every valid
// multi-byte UTF-8 sequence kept (correct UTF-8 is never read twice), every
// other byte read as windows-1252, the five bytes it leaves undefined as the
// C1 controls of the same number.
std::string mixed_windows_1252(std::string_view b, bool *had_utf8) {
  const CodePage &cp = code_page("windows-1252");
  std::string out;
  out.reserve(b.size() + b.size() / 4);
  *had_utf8 = false;
  for (size_t i = 0; i < b.size();) {
    const size_t n = utf8_len(b, i);
    if (n > 1) {
      out.append(b.substr(i, n));
      *had_utf8 = true;
      i += n;
    } else if (n == 1) {
      out += b[i++];
    } else {
      append_utf8(out, cp.high[static_cast<unsigned char>(b[i++]) - 0x80]);
    }
  }
  return out;
}

}  // namespace

// ---- UTF-8 helpers --------------------------------------------------------

// ICU's U8_NEXT decides what is well-formed (no overlong forms, surrogates
// or code points above U+10FFFF) and U8_APPEND_UNSAFE encodes; both are
// macros.  U8_NEXT sees at most 4 bytes, so its int32_t offsets never
// overflow.
size_t utf8_len(std::string_view s, size_t i, char32_t *cp) {
  const auto *p = reinterpret_cast<const uint8_t *>(s.data() + i);
  const int32_t length = static_cast<int32_t>(std::min<size_t>(s.size() - i, 4));
  int32_t n = 0;
  UChar32 c;
  U8_NEXT(p, n, length, c);
  if (c < 0) return 0;
  if (cp) *cp = static_cast<char32_t>(c);
  return static_cast<size_t>(n);
}

void append_utf8(std::string &out, char32_t cp) {
  uint8_t bytes[U8_MAX_LENGTH];
  int32_t n = 0;
  U8_APPEND_UNSAFE(bytes, n, static_cast<UChar32>(cp));
  out.append(reinterpret_cast<const char *>(bytes), static_cast<size_t>(n));
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t n = utf8_len(s, i);
    if (!n) return false;
    i += n;
  }
  return true;
}

// ---- code pages -------------------------------------------------------------

int CodePage::encode(char32_t c) const {
  if (c < 0x80) return static_cast<int>(c);
  auto it = back.find(c);
  if (it != back.end()) return it->second;
  if (sloppy && c == 0xFFFD) return 0x1A;
  return -1;
}

const CodePage &code_page(const std::string &name) {
  // Our name, iconv's name, sloppy.  Built from iconv's tables (glibc), so
  // that no code page is typed in by hand.
  static const struct {
    const char *name, *iconv;
    bool sloppy;
  } pages[] = {
      {"latin-1", "ISO-8859-1", false},   {"windows-1252", "CP1252", true}, {"windows-1251", "CP1251", true},
      {"windows-1250", "CP1250", true},   {"windows-1253", "CP1253", true}, {"windows-1254", "CP1254", true},
      {"windows-1257", "CP1257", true},   {"iso-8859-2", "ISO-8859-2", false}, {"macroman", "MACINTOSH", false},
      {"cp437", "IBM437", false},         {"koi8-r", "KOI8-R", false},
  };
  static std::map<std::string, std::unique_ptr<CodePage>> built;
  static std::once_flag once;
  std::call_once(once, [] {
    for (const auto &p : pages) {
      auto cp = std::make_unique<CodePage>();
      cp->name = p.name;
      cp->sloppy = p.sloppy;
      iconv_t cd = iconv_open("UTF-32LE", p.iconv);
      for (int b = 0x80; b <= 0xFF; ++b) {
        char in[1] = {static_cast<char>(b)};
        unsigned char out[8] = {};
        char *ip = in, *op = reinterpret_cast<char *>(out);
        size_t il = 1, ol = sizeof out;
        char32_t c = static_cast<char32_t>(b);  // undefined: the C1 control or Latin-1 letter of that number
        if (cd != reinterpret_cast<iconv_t>(-1) && iconv(cd, &ip, &il, &op, &ol) != static_cast<size_t>(-1) && ol == 4)
          c = static_cast<char32_t>(out[0] | out[1] << 8 | out[2] << 16 | out[3] << 24);
        // Apple's own table has the Apple logo at 0xF0 where glibc has a
        // private-use character of its own.
        if (std::strcmp(p.name, "macroman") == 0 && b == 0xF0) c = 0xF8FF;
        cp->high[b - 0x80] = c;
        if (cd != reinterpret_cast<iconv_t>(-1)) iconv(cd, nullptr, nullptr, nullptr, nullptr);
      }
      if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
      for (int b = 0x80; b <= 0xFF; ++b) cp->back.emplace(cp->high[b - 0x80], static_cast<uint8_t>(b));
      built[p.name] = std::move(cp);
    }
  });
  auto it = built.find(name);
  return it == built.end() ? *built.at("windows-1252") : *it->second;
}

// ---- the input bytes --------------------------------------------------------

std::string binary_signature(std::string_view b) {
  struct Sig {
    const char *magic;
    size_t len;
    const char *name;
  };
  static const Sig sigs[] = {
      {"\x89PNG\r\n\x1A\n", 8, "a PNG image"}, {"\xFF\xD8\xFF", 3, "a JPEG image"}, {"GIF87a", 6, "a GIF image"},
      {"GIF89a", 6, "a GIF image"},           {"%PDF-", 5, "a PDF document"},   {"PK\x03\x04", 4, "a ZIP archive (or EPUB, DOCX)"},
      {"PK\x05\x06", 4, "an empty ZIP archive"}, {"\x1F\x8B", 2, "a gzip archive"}, {"\x7F" "ELF", 4, "an executable (ELF)"},
      {"BZh", 3, "a bzip2 archive"},          {"\xFD" "7zXZ", 5, "an xz archive"},  {"7z\xBC\xAF\x27\x1C", 6, "a 7-zip archive"},
      {"RIFF", 4, "a RIFF file (WebP, WAV, AVI)"}, {"\x00\x00\x01\x00", 4, "an icon"}, {"ID3", 3, "an MP3 file"},
      {"OggS", 4, "an Ogg file"},             {"\xD0\xCF\x11\xE0", 4, "an Office document"}, {"II*\x00", 4, "a TIFF image"},
      {"MM\x00*", 4, "a TIFF image"},         {"SQLite format 3", 15, "an SQLite database"}, {"wOFF", 4, "a web font"},
  };
  for (const auto &s : sigs)
    if (b.size() >= s.len && std::memcmp(b.data(), s.magic, s.len) == 0) return s.name;
  return {};
}

const std::vector<std::string> &encoding_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto &[name, ic] : iconv_names()) v.push_back(name);
    return v;
  }();
  return names;
}

Decoded decode(std::string_view b, const std::string &forced) {
  const auto starts = [&](const char *m, size_t n) { return b.size() >= n && std::memcmp(b.data(), m, n) == 0; };
  const auto with = [&](std::string_view bytes, const std::string &name, const std::string &how) {
    return Decoded{iconv_to_utf8(bytes, iconv_name(name).c_str()), name, how, ""};
  };

  if (forced != "auto") {
    const std::string f = lower(forced);
    if (iconv_name(f).empty()) return {"", "", "", "unknown encoding '" + forced + "'"};
    size_t bom = 0;
    if (f == "utf-8" && starts("\xEF\xBB\xBF", 3)) bom = 3;
    if ((f == "utf-16le" && starts("\xFF\xFE", 2)) || (f == "utf-16be" && starts("\xFE\xFF", 2))) bom = 2;
    if ((f == "utf-32le" && starts("\xFF\xFE\x00\x00", 4)) || (f == "utf-32be" && starts("\x00\x00\xFE\xFF", 4))) bom = 4;
    return with(b.substr(bom), f, "forced");
  }
  if (starts("\xEF\xBB\xBF", 3)) {
    b.remove_prefix(3);
    if (valid_utf8(b)) return {std::string(b), "UTF-8", "BOM", ""};
    return with(b, "utf-8", "BOM");
  }
  if (starts("\xFF\xFE\x00\x00", 4)) return with(b.substr(4), "utf-32le", "BOM");
  if (starts("\x00\x00\xFE\xFF", 4)) return with(b.substr(4), "utf-32be", "BOM");
  if (starts("\xFF\xFE", 2)) return with(b.substr(2), "utf-16le", "BOM");
  if (starts("\xFE\xFF", 2)) return with(b.substr(2), "utf-16be", "BOM");

  // No BOM: NUL bytes in a fixed pattern give UTF-16 or UTF-32 away.
  const size_t probe = std::min<size_t>(b.size(), 4096) & ~size_t{3};
  size_t zeros[4] = {0, 0, 0, 0}, nuls = 0;
  for (size_t i = 0; i < probe; ++i)
    if (b[i] == 0) ++zeros[i % 4], ++nuls;
  const size_t quarter = probe / 4;
  if (quarter >= 2) {
    if (zeros[1] + zeros[2] + zeros[3] >= quarter * 27 / 10 && zeros[0] < quarter / 2) return with(b, "utf-32le", "detected");
    if (zeros[0] + zeros[1] + zeros[2] >= quarter * 27 / 10 && zeros[3] < quarter / 2) return with(b, "utf-32be", "detected");
    if (zeros[1] + zeros[3] >= quarter * 16 / 10 && zeros[0] + zeros[2] < quarter / 2) return with(b, "utf-16le", "detected");
    if (zeros[0] + zeros[2] >= quarter * 16 / 10 && zeros[1] + zeros[3] < quarter / 2) return with(b, "utf-16be", "detected");
    if (nuls > probe / 10) return {"", "", "", "mostly NUL bytes: binary data, not text"};
  }
  if (valid_utf8(b)) return {std::string(b), "UTF-8", "", ""};

  // Not UTF-8: the detector names the charset.  A few high bytes are too
  // little for it to tell code pages apart; those stay windows-1252, the
  // code page most such text is in.
  size_t high = 0;
  for (unsigned char c : b) high += c >= 0x80;
  const std::string detected = high >= 8 ? from_detector(detect(b)) : "";
  if (!detected.empty() && detected != "windows-1252" && detected != "latin-1" && detected != "iso-8859-15")
    return with(b, detected, "detected");
  bool had_utf8 = false;
  Decoded d{mixed_windows_1252(b, &had_utf8), "windows-1252", "detected", ""};
  if (had_utf8) d.encoding = "UTF-8 mixed with windows-1252";
  return d;
}

// ---- XML's forbidden characters ------------------------------------------------

int scrub_controls(std::string &s, bool drop) {
  const auto bad_at = [&](size_t i, size_t *n) {
    char32_t cp;
    *n = utf8_len(s, i, &cp);
    if (!*n) *n = 1, cp = 0xFFFD;
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF ||
           (*n == 1 && static_cast<unsigned char>(s[i]) >= 0x80);
  };
  // Most lines are clean: look before copying.
  bool any = false;
  for (size_t i = 0, n = 0; i < s.size() && !any; i += n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) n = 1;
    else any = bad_at(i, &n);
  }
  if (!any) return 0;
  int count = 0;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n;
    const bool bad = bad_at(i, &n);
    if (bad) {
      ++count;
      if (!drop) out += "\xEF\xBF\xBD";
    } else {
      out.append(s, i, n);
    }
    i += n;
  }
  if (count) s.swap(out);
  return count;
}

}  // namespace textclean
