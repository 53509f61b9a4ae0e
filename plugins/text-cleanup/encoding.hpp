// encoding.hpp: reading the input bytes as text: binary signatures, BOMs,
// UTF-16/32 without a BOM, a charset detector (uchardet) for the rest, the
// single-byte code pages the mojibake repair re-encodes with, and the
// characters XML forbids.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace textclean {

// The kind of binary file the bytes start like ("a PNG image"), or "".
std::string binary_signature(std::string_view bytes);

struct Decoded {
  std::string text;      // UTF-8
  std::string encoding;  // what was read: "UTF-8", "UTF-16LE", "windows-1250", ...
  std::string how;       // "BOM", "detected", "forced", "" (plain UTF-8)
  std::string error;     // non-empty: the bytes cannot be text
};

// The encodings the `encoding` option accepts besides "auto", in the order
// of its enum.
const std::vector<std::string> &encoding_names();

// Decodes bytes to UTF-8.  forced: "auto", or one of encoding_names().
// auto: a BOM decides; then NUL patterns give UTF-16/32 away; then valid
// UTF-8 is kept as it is; then uchardet names the charset, and text it calls
// windows-1252 or Latin-1 keeps its valid UTF-8 sequences (a file pasted
// together from both) while every other byte is read as windows-1252.
// C1 controls (U+0080–U+009F) are kept: they are what the mojibake repair
// needs.
Decoded decode(std::string_view bytes, const std::string &forced);

// Replaces (or, if drop, removes) the characters XML 1.0 forbids: C0
// controls but tab and line ends, U+FFFE/U+FFFF, and bytes that are not
// UTF-8.  C1 controls are allowed characters in XML 1.0 and are kept (the
// mojibake repair has had its chance at them by then).  Returns the count.
int scrub_controls(std::string &s, bool drop);

// ---- helpers shared with the mojibake repair ---------------------------

// Length of the valid UTF-8 sequence at s[i] (1 for ASCII), 0 if invalid;
// *cp receives the code point.
size_t utf8_len(std::string_view s, size_t i, char32_t *cp = nullptr);
void append_utf8(std::string &out, char32_t cp);
bool valid_utf8(std::string_view s);

// A single-byte code page as the mojibake repair uses it: what each byte
// 0x80–0xFF decodes to and, back, which byte each of those characters was.
// "Sloppy" code pages (the windows-125x ones, as web browsers read them)
// pass the bytes the code page leaves undefined through as the C1 control
// of the same number, and write U+FFFD as byte 0x1A, so that a character
// lost to U+FFFD can stand for an unknown byte.
struct CodePage {
  std::string name;  // "windows-1252", "MacRoman", ...
  bool sloppy = false;
  char32_t high[128] = {};  // byte 0x80 + i -> code point
  std::unordered_map<char32_t, uint8_t> back;
  // The byte c would be written as, or -1 if c is not in the code page.
  int encode(char32_t c) const;
};

// The code pages by name: "latin-1", "windows-1250" … "windows-1257",
// "iso-8859-2", "macroman", "cp437" (built once from iconv's tables).
const CodePage &code_page(const std::string &name);

}  // namespace textclean
