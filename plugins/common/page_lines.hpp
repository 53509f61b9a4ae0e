// page_lines.hpp: shapes of a scraped page's lines that both text stages
// judge (text-cleanup when it looks for the headline, section-detect when it
// decides a heading), so that they judge them alike.
#pragma once

#include <string_view>

namespace pubpipe::text {

// A photo credit: "JIM WATSON/AFP/Getty Images", "Thomas Jackson/Digital
// Vision/Getty Images", "Photo by James Martin/CNET", "Credit: DESMOND
// KWANDE/ AFP": a slash between two words, the second capitalised (a space
// or a no-break space may follow the slash), a dozen words at most, no web
// address.
bool credit_line(std::string_view s);

}  // namespace pubpipe::text
