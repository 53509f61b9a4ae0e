// record.cpp: the binary form of an ArticleRecord.
#include "record.hpp"

#include <Poco/SHA1Engine.h>

#include <algorithm>

namespace pubpipe {

std::string xml_digest(std::string_view xml) {
  Poco::SHA1Engine sha;
  sha.update(xml.data(), xml.size());
  const Poco::DigestEngine::Digest &d = sha.digest();
  return std::string(d.begin(), d.end());
}

namespace {

// A part's length that means: the part's bytes are the record's XML.
constexpr uint64_t kSameAsXml = ~uint64_t{0};

}  // namespace

std::string encode_record(const ArticleRecord &r) {
  WireWriter w;
  w.u8(static_cast<uint8_t>((r.ok ? 1 : 0) | (r.skipped ? 2 : 0)));
  w.str(r.source);
  w.str(r.xml);
  w.u64(r.lines.size());
  for (uint32_t l : r.lines) w.u32(l);
  w.u64(r.parts.size());
  for (const auto &p : r.parts) {
    w.u32(p.entry);
    w.str(p.name);
    // A part that is the article's XML itself (the DocBook writer's) is not
    // written twice: its length says so.
    if (!p.bytes.empty() && p.bytes == r.xml) w.u64(kSameAsXml);
    else w.str(p.bytes);
  }
  w.str(r.xml_sha1);
  w.u64(r.ids.size());
  for (const auto &id : r.ids) w.str(id);
  w.u64(r.linkends.size());
  for (const auto &[line, id] : r.linkends) {
    w.u32(line);
    w.str(id);
  }
  w.u64(r.diags.size());
  for (const auto &d : r.diags) {
    w.u8(static_cast<uint8_t>(d.severity));
    w.str(d.file);
    w.u32(d.line);
    w.u32(d.column);
    w.str(d.plugin);
    w.str(d.stage);
    w.str(d.message);
  }
  return std::move(w.bytes());
}

namespace {

// The fields up to the index (flags, source, XML, lines, parts), into r
// unless r is null, and their places into layout unless it is null.
bool decode_head(WireReader &in, size_t size, ArticleRecord *r, bool without_payload, bool without_parts, RecordLayout *layout) {
  uint8_t ok;
  uint64_t n;
  if (!in.u8(&ok) || !in.str(r ? &r->source : nullptr)) return false;
  const size_t xml_offset = in.pos() + sizeof(uint64_t);
  if (!in.str(r && !without_payload ? &r->xml : nullptr) || !in.u64(&n) || n > size) return false;
  const size_t xml_length = in.pos() - sizeof(uint64_t) - xml_offset;
  if (layout) {
    layout->ok = (ok & 1) != 0;
    layout->skipped = (ok & 2) != 0;
    layout->xml_offset = xml_offset;
    layout->xml_length = xml_length;
  }
  if (r) {
    r->ok = (ok & 1) != 0;
    r->skipped = (ok & 2) != 0;
    r->lines.resize(n);
    for (auto &l : r->lines)
      if (!in.u32(&l)) return false;
  } else if (!in.skip(n * sizeof(uint32_t))) {
    return false;
  }
  if (!in.u64(&n) || n > size) return false;
  const bool parts = r && !without_payload && !without_parts;
  if (r) r->parts.resize(parts ? n : 0);
  if (layout) layout->parts.clear();
  for (uint64_t k = 0; k < n; ++k) {
    Part skipped;
    Part &p = parts ? r->parts[k] : skipped;
    uint64_t length;
    if (!in.u32(&p.entry) || !in.str(&p.name) || !in.u64(&length)) return false;
    size_t at = in.pos();
    if (length == kSameAsXml) {
      if (xml_length == 0) return false;
      if (parts) p.bytes = r->xml;
      at = xml_offset;
      length = xml_length;
    } else if (!in.take(length, parts ? &p.bytes : nullptr)) {
      return false;
    }
    if (layout) layout->parts.push_back({p.entry, std::move(p.name), at, static_cast<size_t>(length)});
  }
  if (layout) layout->index_offset = in.pos();
  return true;
}

bool decode_index(WireReader &in, size_t size, ArticleRecord *r) {
  uint64_t n;
  if (!in.str(&r->xml_sha1) || (!r->xml_sha1.empty() && r->xml_sha1.size() != 20)) return false;
  if (!in.u64(&n) || n > size) return false;
  r->ids.resize(n);
  for (auto &id : r->ids)
    if (!in.str(&id)) return false;
  if (!in.u64(&n) || n > size) return false;
  r->linkends.resize(n);
  for (auto &le : r->linkends)
    if (!in.u32(&le.first) || !in.str(&le.second)) return false;
  if (!in.u64(&n) || n > size) return false;
  r->diags.resize(n);
  for (auto &d : r->diags) {
    uint8_t s;
    if (!in.u8(&s) || !in.str(&d.file) || !in.u32(&d.line) || !in.u32(&d.column) || !in.str(&d.plugin) ||
        !in.str(&d.stage) || !in.str(&d.message))
      return false;
    d.severity = static_cast<Severity>(std::min<uint8_t>(s, 2));
  }
  return in.done();
}

}  // namespace

bool decode_record(std::string_view bytes, ArticleRecord *r, bool without_payload, bool without_parts) {
  WireReader in(bytes);
  return decode_head(in, bytes.size(), r, without_payload, without_parts, nullptr) && decode_index(in, bytes.size(), r);
}

bool scan_record(std::string_view bytes, RecordLayout *layout) {
  WireReader in(bytes);
  if (!decode_head(in, bytes.size(), nullptr, true, true, layout)) return false;
  // The index is small: it is checked by reading it.
  ArticleRecord index;
  if (!decode_index(in, bytes.size(), &index)) return false;
  if (layout) {
    layout->xml_sha1 = std::move(index.xml_sha1);
    layout->diags = std::move(index.diags);
  }
  return true;
}

bool decode_record_index(std::string_view bytes, ArticleRecord *r) {
  WireReader in(bytes);
  return decode_index(in, bytes.size(), r);
}

}  // namespace pubpipe
