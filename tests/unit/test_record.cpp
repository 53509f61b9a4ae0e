// The record's XML digest (issue 16: the hash the book identifier needs is
// computed where the bytes are made) and the cache entry that carries it.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "book_order.hpp"
#include "cache.hpp"
#include "record.hpp"
#include "store.hpp"

using namespace pubpipe;

namespace {

ArticleRecord sample() {
  ArticleRecord r;
  r.ok = true;
  r.source = "a.txt";
  r.xml = "<article xmlns=\"http://docbook.org/ns/docbook\"><para>x</para></article>";
  r.xml_sha1 = xml_digest(r.xml);
  r.ids = {"a"};
  r.parts.push_back({3, "xhtml", "<p>x</p>"});
  return r;
}

}  // namespace

TEST_CASE("xml_digest is the SHA-1 of the bytes") {
  // sha1("abc") = a9993e36...
  const std::string d = xml_digest("abc");
  REQUIRE(d.size() == 20);
  CHECK(static_cast<unsigned char>(d[0]) == 0xa9);
  CHECK(static_cast<unsigned char>(d[19]) == 0x9d);
  CHECK(xml_digest("abd") != d);
}

TEST_CASE("a record's XML digest survives encoding, scanning and the store") {
  const ArticleRecord r = sample();
  const std::string bytes = encode_record(r);
  ArticleRecord back;
  REQUIRE(decode_record(bytes, &back));
  CHECK(back.xml_sha1 == r.xml_sha1);
  RecordLayout layout;
  REQUIRE(scan_record(bytes, &layout));
  CHECK(layout.xml_sha1 == r.xml_sha1);
  ArticleStore store(2);
  store.put(0, r);
  store.put_encoded(1, bytes, layout);
  CHECK(store.xml_sha1(0) == r.xml_sha1);
  CHECK(store.xml_sha1(1) == r.xml_sha1);
}

TEST_CASE("the store reads an article's pieces from its layout") {
  ArticleRecord r = sample();
  r.parts.push_back({4, "fo", "<fo:block>x</fo:block>"});
  ArticleStore store(2);
  store.put(0, r);
  std::string out;
  REQUIRE(store.part(0, 3, "xhtml", &out));
  CHECK(out == "<p>x</p>");
  REQUIRE(store.part(0, 4, "fo", &out));
  CHECK(out == "<fo:block>x</fo:block>");
  CHECK_FALSE(store.part(0, 4, "xhtml", &out));
  CHECK_FALSE(store.part(1, 3, "xhtml", &out));  // nothing stored there
  REQUIRE(store.xml(0, &out));
  CHECK(out == r.xml);
  ArticleRecord index;
  REQUIRE(store.get_index(0, &index));
  CHECK(index.ids == r.ids);
  // Stored again (a book stage's commit): its new layout is read, not the
  // one this thread read last.
  ArticleRecord again = r;
  again.xml = "<article xmlns=\"http://docbook.org/ns/docbook\"><para>y</para></article>";
  again.xml_sha1 = xml_digest(again.xml);
  again.parts = {{3, "xhtml", "<p>y, longer</p>"}};
  store.put(0, again);
  REQUIRE(store.part(0, 3, "xhtml", &out));
  CHECK(out == "<p>y, longer</p>");
  CHECK_FALSE(store.part(0, 4, "fo", &out));
  CHECK(store.xml_sha1(0) == again.xml_sha1);
  // A record without a digest has none in the store either.
  ArticleRecord bare = sample();
  bare.xml_sha1.clear();
  store.put(1, bare);
  CHECK(store.xml_sha1(1).empty());
  REQUIRE(store.part(1, 3, "xhtml", &out));
  CHECK(out == "<p>x</p>");
}

TEST_CASE("the store reads a layout of a hundred parts, between records") {
  ArticleRecord many = sample();
  for (int k = 0; k < 100; ++k) many.parts.push_back({5, "part-" + std::to_string(k), std::string(static_cast<size_t>(k), 'x')});
  ArticleStore store(3);
  store.put(0, sample());
  store.put(1, many);
  store.put(2, sample());
  std::string out;
  for (int k : {0, 42, 99}) {
    REQUIRE(store.part(1, 5, "part-" + std::to_string(k), &out));
    CHECK(out == std::string(static_cast<size_t>(k), 'x'));
  }
  CHECK(store.get_bytes(1) == encode_record(many));
  CHECK(store.get_bytes(2) == encode_record(sample()));
  ArticleRecord back;
  REQUIRE(store.get(1, &back));
  CHECK(back.parts.size() == many.parts.size());
  CHECK(store.has(1));
}

TEST_CASE("the store reads small pieces from their side files, in passes and out of order, as articles are stored again") {
  // Enough articles that a pass goes through several windows of each side
  // file; parts on both sides of the small-piece limit; an index that is not
  // small (many ids) in every seventh article.
  constexpr size_t n = 600;
  const auto article = [](size_t i, const std::string &tag) {
    ArticleRecord r = sample();
    r.source = "a" + std::to_string(i) + ".txt";
    r.ids = {"id-" + std::to_string(i) + tag};
    if (i % 7 == 0)
      for (int k = 0; k < 600; ++k) r.ids.push_back("many-" + std::to_string(i) + "-" + std::to_string(k));
    r.parts = {{3, "toc", "toc of " + std::to_string(i) + tag},
               {3, "page", std::string(100 + i * 13, static_cast<char>('a' + i % 26))},
               {4, "toc", std::to_string(i) + tag}};
    return r;
  };
  ArticleStore store(n);
  for (size_t i = 0; i < n; ++i) store.put(i, article(i, ""));
  std::string out;
  ArticleRecord index;
  const auto check = [&](size_t i, const std::string &tag) {
    const ArticleRecord want = article(i, tag);
    for (const auto &p : want.parts) {
      REQUIRE(store.part(i, p.entry, p.name, &out));
      CHECK(out == p.bytes);
    }
    REQUIRE(store.get_index(i, &index));
    CHECK(index.ids == want.ids);
    CHECK(store.get_bytes(i) == encode_record(want));
  };
  for (size_t i = 0; i < n; ++i) check(i, "");  // a pass
  for (size_t i = n; i-- > 0;) {                 // backwards
    REQUIRE(store.part(i, 4, "toc", &out));
    CHECK(out == std::to_string(i));
  }
  // Stored again, every third, between reads: what the windows hold of the
  // side files' old ends is still right, and the new pieces are read.
  for (size_t i = 0; i < n; i += 3) {
    store.put(i, article(i, "-again"));
    check(i, "-again");
    if (i + 1 < n) check(i + 1, "");
  }
  for (size_t i = 0; i < n; ++i) check(i, i % 3 == 0 ? "-again" : "");
}

TEST_CASE("the store's pieces read the same from several threads at once") {
  constexpr size_t n = 300;
  ArticleStore store(n);
  for (size_t i = 0; i < n; ++i) {
    ArticleRecord r = sample();
    r.parts = {{3, "toc", std::to_string(i)}};
    store.put(i, r);
  }
  std::atomic<size_t> wrong{0};
  const auto pass = [&] {
    std::string out;
    for (size_t i = 0; i < n; ++i)
      if (!store.part(i, 3, "toc", &out) || out != std::to_string(i)) ++wrong;
  };
  std::thread other(pass);
  pass();
  other.join();
  CHECK(wrong == 0);
}

TEST_CASE("the book's order names the stored articles that did not fail") {
  const std::vector<bool> ok = {false, true, true, false, false, true, true, false};
  const BookOrder order(ok);
  REQUIRE(order.size() == 4);
  CHECK(order[0] == 1);
  CHECK(order[1] == 2);
  CHECK(order[2] == 5);
  CHECK(order[3] == 6);
  const BookOrder all(std::vector<bool>(5, true));
  REQUIRE(all.size() == 5);
  CHECK(all[4] == 4);
  CHECK(BookOrder(std::vector<bool>(3, false)).size() == 0);
}

TEST_CASE("a record whose digest is not 20 bytes does not read") {
  ArticleRecord r = sample();
  r.xml_sha1 = "short";
  RecordLayout layout;
  CHECK_FALSE(scan_record(encode_record(r), &layout));
}

TEST_CASE("a cache entry of format 4 holds the digest; one of format 3 is refused") {
  const std::string key(64, 'b');
  const std::string record = encode_record(sample());
  std::string entry = encode_cache_entry(key, record), out, why;
  REQUIRE(decode_cache_entry(entry, key, &out, &why));
  CHECK(out == record);
  entry[std::string("pubpipe-cache-entry\n").size()] = 3;  // the format number, little-endian
  CHECK_FALSE(decode_cache_entry(entry, key, &out, &why));
  CHECK(why.find("another cache format (3)") != std::string::npos);
}

TEST_CASE("a part that is the article's XML is written once and read as the XML") {
  for (const size_t length : {size_t{100}, size_t{20000}}) {  // a side file's piece, and the record's
    ArticleRecord r = sample();
    r.xml = "<article xmlns=\"http://docbook.org/ns/docbook\"><para>" + std::string(length, 'x') + "</para></article>";
    r.xml_sha1 = xml_digest(r.xml);
    r.parts = {{4, "article.xml", r.xml}, {5, "fo", "<fo:block/>"}};
    const std::string bytes = encode_record(r);
    ArticleRecord copy = r;
    copy.parts[0].bytes += " ";  // not the XML: written out
    CHECK(encode_record(copy).size() > bytes.size() + length);
    ArticleRecord back;
    REQUIRE(decode_record(bytes, &back));
    REQUIRE(back.parts.size() == 2);
    CHECK(back.parts[0].bytes == r.xml);
    CHECK(back.parts[1].bytes == "<fo:block/>");
    CHECK(encode_record(back) == bytes);
    RecordLayout layout;
    REQUIRE(scan_record(bytes, &layout));
    REQUIRE(layout.parts.size() == 2);
    CHECK(layout.parts[0].offset == layout.xml_offset);
    CHECK(layout.parts[0].length == layout.xml_length);
    ArticleStore store(1);
    store.put_encoded(0, bytes, layout);
    std::string out;
    REQUIRE(store.part(0, 4, "article.xml", &out));
    CHECK(out == r.xml);
    REQUIRE(store.part(0, 5, "fo", &out));
    CHECK(out == "<fo:block/>");
  }
  // A record whose XML is empty has no part that is it.
  ArticleRecord empty = sample();
  empty.xml.clear();
  empty.xml_sha1.clear();
  empty.parts = {{4, "article.xml", ""}};
  ArticleRecord back;
  REQUIRE(decode_record(encode_record(empty), &back));
  CHECK(back.parts.at(0).bytes.empty());
}
