// The host table's exception boundary (issue 16 item 5): an exception in
// the host's own code, std::bad_alloc included, comes back to the plugin as
// a failure status with an error, never as an unwinding C++ exception.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>
#include <string>

#include "host.hpp"

namespace {
// Armed: the allocation after this many more throws std::bad_alloc (once).
thread_local long allocations_until_failure = -1;
}  // namespace

void *operator new(std::size_t size) {
  if (allocations_until_failure >= 0 && allocations_until_failure-- == 0) throw std::bad_alloc();
  if (void *p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void *operator new(std::size_t size, const std::nothrow_t &) noexcept {
  try {
    return operator new(size);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { std::free(p); }

TEST_CASE("a failing allocation in set_text is a PP_FAIL with an error, not an exception") {
  pubpipe::Document doc;
  doc.text = "before";
  std::vector<pubpipe::Diagnostic> diags;
  pp_ctx ctx;
  ctx.doc = &doc;
  ctx.diags = &diags;
  const char text[] = "one\ntwo\nthree";
  int rc = PP_OK;
  allocations_until_failure = 0;  // the line map set_text builds
  REQUIRE_NOTHROW(rc = pubpipe::host_table()->set_text(&ctx, text, sizeof text - 1, nullptr, 0));
  allocations_until_failure = -1;
  CHECK(rc == PP_FAIL);
  CHECK(ctx.failed);
  CHECK(doc.text == "before");
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].severity == pubpipe::Severity::error);
  CHECK(diags[0].message.find("bad_alloc") != std::string::npos);

  // Unarmed, the same call succeeds.
  diags.clear();
  CHECK(pubpipe::host_table()->set_text(&ctx, text, sizeof text - 1, nullptr, 0) == PP_OK);
  CHECK(doc.text == text);
  CHECK(diags.empty());
}

TEST_CASE("a failing allocation in attach is a PP_FAIL too, and nothing is attached") {
  pubpipe::Document doc;
  std::vector<pubpipe::Diagnostic> diags;
  pp_ctx ctx;
  ctx.doc = &doc;
  ctx.diags = &diags;
  const pp_host *host = pubpipe::host_table();
  // attach copies the bytes into a new part: that allocation fails.
  allocations_until_failure = 0;
  int rc = PP_OK;
  REQUIRE_NOTHROW(rc = host->attach(&ctx, "part", "bytes", 5));
  allocations_until_failure = -1;
  CHECK(rc == PP_FAIL);
  CHECK(doc.parts.empty());
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].message.find("could not complete") != std::string::npos);
}
