// The EPUB's container: every entry but mimetype deflated by pack_deflated
// (libdeflate), in the workers or as the archive is written, and copied by
// minizip without a second deflate; an entry in pieces deflated by zlib as
// it is written.  The archives are read back with libzip.
#include <catch2/catch.hpp>
#include <zip.h>

#include <memory>
#include <string>

#include "epub/zip.hpp"

namespace {

std::string page(int n) {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html><body>\n";
  for (int k = 0; k < n; ++k) s += "<p id=\"p" + std::to_string(k) + "\">The trade of case " + std::to_string(k * 7919 % 1000) + " matters.</p>\n";
  return s + "</body></html>\n";
}

// Each entry's name, CRC, size, and deflated bytes as they lie in the archive.
std::vector<std::string> entries_of(const std::string &archive) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *src = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  zip_t *z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  REQUIRE(z);
  std::vector<std::string> out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    REQUIRE(zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) == 0);
    zip_file_t *f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), ZIP_FL_COMPRESSED);
    REQUIRE(f);
    std::string raw(st.comp_size, '\0');
    REQUIRE(zip_fread(f, raw.data(), raw.size()) == static_cast<zip_int64_t>(raw.size()));
    zip_fclose(f);
    // and what it inflates to, which libzip checks against the CRC
    f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    std::string plain(st.size, '\0');
    REQUIRE(zip_fread(f, plain.data(), plain.size()) == static_cast<zip_int64_t>(plain.size()));
    zip_fclose(f);
    out.push_back(std::string(st.name) + " " + std::to_string(st.crc) + " " + std::to_string(st.size) + " " + std::to_string(st.comp_method) + "\n" + raw +
                  "\n" + plain);
  }
  zip_close(z);
  return out;
}

}  // namespace

TEST_CASE("an entry deflated beforehand and one deflated as the archive is written give the same archive") {
  const std::vector<std::string> pages{page(1), page(40), page(3000), ""};
  std::vector<epub::Entry> plain{{"mimetype", "application/epub+zip", {}}}, packed = plain, bytes = plain;
  for (size_t k = 0; k < pages.size(); ++k) {
    const std::string name = "EPUB/ch-" + std::to_string(k) + ".xhtml";
    plain.push_back({name, "", [&, k] { return pages[k]; }});
    packed.push_back({name, "", [&, k] { return epub::pack_deflated(pages[k]); }, true});
    bytes.push_back({name, pages[k], {}});
  }
  const std::string a = epub::zip_entries(plain, 1735689600), b = epub::zip_entries(packed, 1735689600);
  // Every deflate is pack_deflated's, whoever calls it: the archives are
  // the same.
  CHECK(a == b);
  CHECK(epub::zip_entries(bytes, 1735689600) == a);
  const auto eb = entries_of(b);
  REQUIRE(eb.size() == pages.size() + 1);
  CHECK(eb[0] == "mimetype " + std::to_string(zip_uint32_t(0x2cab616f)) + " 20 0\napplication/epub+zip\napplication/epub+zip");
  // each page deflated, inflating (CRC checked by libzip) to its bytes
  for (size_t k = 0; k < pages.size(); ++k) {
    CHECK(eb[k + 1].find(" " + std::to_string(ZIP_CM_DEFLATE) + "\n") != std::string::npos);
    CHECK(eb[k + 1].substr(eb[k + 1].size() - pages[k].size()) == pages[k]);
  }
}

TEST_CASE("an entry is made once") {
  std::vector<int> made(3, 0);
  std::vector<epub::Entry> entries{{"mimetype", "application/epub+zip", {}}};
  for (size_t k = 0; k < made.size(); ++k)
    entries.push_back({"EPUB/p" + std::to_string(k) + ".xhtml", "", [&, k] {
                         ++made[k];
                         return page(static_cast<int>(10 * (k + 1)));
                       }});
  const auto e = entries_of(epub::zip_entries(entries, 1735689600));
  REQUIRE(e.size() == 4);
  CHECK(made == std::vector<int>{1, 1, 1});
  CHECK(e[3].substr(e[3].size() - page(30).size()) == page(30));
}

TEST_CASE("a packed part is told apart from XHTML, and a bad one fails the archive") {
  CHECK(epub::is_packed(epub::pack_deflated("<p/>")));
  CHECK_FALSE(epub::is_packed("<?xml version=\"1.0\"?>"));
  CHECK_FALSE(epub::is_packed(""));
  const std::vector<epub::Entry> bad{{"EPUB/a.xhtml", "", [] { return std::string("<p>not deflated</p>"); }, true}};
  CHECK_THROWS_WITH(epub::zip_entries(bad, 0), Catch::Contains("EPUB/a.xhtml") && Catch::Contains("not one"));
}

TEST_CASE("a run of entries gives the same archive as its entries one by one, each made once") {
  std::vector<int> made(4, 0);
  std::vector<epub::Entry> each{{"mimetype", "application/epub+zip", {}}}, run = each;
  const auto nth = [&](size_t k) {
    return epub::Entry{"EPUB/ch-" + std::to_string(k) + ".xhtml", "", [&, k] {
                         ++made[k];
                         return page(static_cast<int>(5 * k + 1));
                       }};
  };
  for (size_t k = 0; k < made.size(); ++k) each.push_back(nth(k));
  each.push_back({"EPUB/nav.xhtml", page(2), {}});
  epub::Entry pages;
  pages.count = made.size();
  pages.nth = nth;
  run.push_back(pages);
  run.push_back({"EPUB/nav.xhtml", page(2), {}});
  const std::string a = epub::zip_entries(each, 1735689600);
  std::fill(made.begin(), made.end(), 0);
  CHECK(epub::zip_entries(run, 1735689600) == a);
  CHECK(made == std::vector<int>{1, 1, 1, 1});
  CHECK(entries_of(a).size() == 6);
}

TEST_CASE("an entry of a run that fails is named in the error") {
  epub::Entry pages;
  pages.count = 3;
  pages.nth = [](size_t k) {
    return epub::Entry{"EPUB/ch-" + std::to_string(k) + ".xhtml", "", [k] { return k == 1 ? std::string("<p>not deflated</p>") : epub::pack_deflated("<p/>"); },
                       true};
  };
  CHECK_THROWS_WITH(epub::zip_entries({pages}, 0), Catch::Contains("EPUB/ch-1.xhtml") && Catch::Contains("not one"));
}

TEST_CASE("a large entry that does not deflate to a quarter of its size is still packed whole") {
  std::string noise;
  uint32_t x = 2463534242u;
  for (int k = 0; k < 300000; ++k) x ^= x << 13, x ^= x >> 17, x ^= x << 5, noise += static_cast<char>(x & 0xff);
  const std::vector<epub::Entry> entries{{"EPUB/noise.bin", noise, {}}, {"EPUB/page.xhtml", page(20000), {}}};
  const auto e = entries_of(epub::zip_entries(entries, 0));
  REQUIRE(e.size() == 2);
  CHECK(e[0].substr(e[0].size() - noise.size()) == noise);
  CHECK(e[1].substr(e[1].size() - page(20000).size()) == page(20000));
}

namespace {

// An entry in pieces that gives the given pieces, again on every pass.
epub::Entry in_pieces(const std::string &name, std::vector<std::string> pieces) {
  epub::Entry e{name, "", {}};
  e.pieces = [pieces] {
    return epub::NextPiece([pieces, k = size_t(0)](std::string *out) mutable {
      if (k == pieces.size()) return false;
      *out += pieces[k++];
      return true;
    });
  };
  return e;
}

}  // namespace

TEST_CASE("an entry in pieces, with an empty piece, and one of 0 bytes, unzip to their bytes with their CRC and sizes") {
  // Large enough that the deflated stream is written in several writes.
  const std::string big = page(20000);
  std::vector<std::string> pieces{"<?xml version=\"1.0\"?>\n", ""};
  for (size_t at = 0; at < big.size(); at += 777) pieces.push_back(big.substr(at, 777));
  pieces.push_back("");
  pieces.push_back("<!-- end -->\n");
  std::string whole;
  for (const auto &p : pieces) whole += p;
  const std::vector<epub::Entry> streamed{{"mimetype", "application/epub+zip", {}},
                                          in_pieces("EPUB/nav.xhtml", pieces),
                                          in_pieces("EPUB/empty.xhtml", {"", ""}),
                                          in_pieces("EPUB/none.xhtml", {}),
                                          {"EPUB/after.xhtml", page(3), {}}};
  const std::vector<epub::Entry> held{{"mimetype", "application/epub+zip", {}},
                                      {"EPUB/nav.xhtml", whole, {}},
                                      {"EPUB/empty.xhtml", "", {}},
                                      {"EPUB/none.xhtml", "", {}},
                                      {"EPUB/after.xhtml", page(3), {}}};
  const std::string a = epub::zip_entries(streamed, 1735689600);
  // Opened with ZIP_CHECKCONS: each local header agrees with the central
  // directory (the CRC and sizes written after the entry was read).
  const auto got = entries_of(a), want = entries_of(epub::zip_entries(held, 1735689600));
  REQUIRE(got.size() == want.size());
  for (size_t k = 0; k < got.size(); ++k) {
    // name, CRC, size and method the same; the deflated bytes may differ
    // (zlib, libdeflate), not what they inflate to
    CHECK(got[k].substr(0, got[k].find('\n')) == want[k].substr(0, want[k].find('\n')));
    CHECK(got[k].substr(got[k].rfind('\n')) == want[k].substr(want[k].rfind('\n')));
  }
  CHECK(got[1].substr(got[1].size() - whole.size()) == whole);
  CHECK(epub::zip_entries(streamed, 1735689600) == a);  // reproducible
}
