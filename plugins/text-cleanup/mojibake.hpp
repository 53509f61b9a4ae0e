// mojibake.hpp: repairing UTF-8 that was read in a single-byte code page
// (once or more), in the way ftfy does it: by evidence of "badness" that a
// re-decoding removes, not by pattern matches of two characters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace textclean {

// How many unlikely character sequences the UTF-8 text holds: sequences
// that real text almost never contains and mojibake almost always does
// (a lower-case accented letter before a currency sign, a C1 control, …).
// 0 for text that does not look like mojibake at all.
int mojibake_badness(std::string_view utf8);

struct MojibakeRepair {
  int steps = 0;                  // 0: the text was left as it was
  std::vector<std::string> how;   // per step: "UTF-8 read as windows-1252", "C1 controls as windows-1252", …
  std::string summary() const;    // the steps, joined ("UTF-8 read as windows-1252, twice")
};

// Repairs the mojibake of one line of UTF-8 in place, as ftfy's
// fix_encoding does: re-encodes the text in the code page it was read in
// (latin-1, windows-1250 to 1257, ISO-8859-2, MacRoman, cp437) and decodes
// it as UTF-8 (or CESU-8), putting back no-break spaces that became spaces
// and bytes lost to U+FFFD; fixes runs of mojibake inside other text; reads
// leftover C1 controls as windows-1252.  It repeats while the text changes
// (double and triple mojibake) and keeps the result only if it is no worse
// than the input.  ASCII and text with no two suspicious characters side by
// side return at once.
MojibakeRepair repair_mojibake(std::string &utf8);

}  // namespace textclean
