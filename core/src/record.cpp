// record.cpp: the binary form of an ArticleRecord.
#include "record.hpp"

#include <algorithm>

namespace pubpipe {

std::string encode_record(const ArticleRecord &r, std::vector<PartSpan> *spans) {
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
    if (spans) spans->push_back({p.entry, p.name, w.bytes().size() + sizeof(uint64_t), p.bytes.size()});
    w.str(p.bytes);
  }
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

bool decode_record(std::string_view bytes, ArticleRecord *r, bool without_payload) {
  WireReader in(bytes);
  uint8_t ok;
  uint64_t n;
  if (!in.u8(&ok) || !in.str(&r->source) || !in.str(without_payload ? nullptr : &r->xml) || !in.u64(&n) || n > bytes.size())
    return false;
  r->ok = (ok & 1) != 0;
  r->skipped = (ok & 2) != 0;
  r->lines.resize(n);
  for (auto &l : r->lines)
    if (!in.u32(&l)) return false;
  if (!in.u64(&n) || n > bytes.size()) return false;
  r->parts.resize(without_payload ? 0 : n);
  for (uint64_t k = 0; k < n; ++k) {
    Part skipped;
    Part &p = without_payload ? skipped : r->parts[k];
    if (!in.u32(&p.entry) || !in.str(&p.name) || !in.str(without_payload ? nullptr : &p.bytes)) return false;
  }
  if (!in.u64(&n) || n > bytes.size()) return false;
  r->ids.resize(n);
  for (auto &id : r->ids)
    if (!in.str(&id)) return false;
  if (!in.u64(&n) || n > bytes.size()) return false;
  r->linkends.resize(n);
  for (auto &le : r->linkends)
    if (!in.u32(&le.first) || !in.str(&le.second)) return false;
  if (!in.u64(&n) || n > bytes.size()) return false;
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

}  // namespace pubpipe
