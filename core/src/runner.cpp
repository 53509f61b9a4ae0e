// runner.cpp: the phases of a run, the document job, and the book's view of
// the stored articles.
#include "runner.hpp"

#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SHA1Engine.h>
#include <Poco/UUIDGenerator.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_set>

#include "atomic_file.hpp"
#include "book_order.hpp"
#include "cache.hpp"
#include "crash_report.hpp"
#include "store.hpp"
#include "tree_check.hpp"
#include "xml_io.hpp"

namespace pubpipe {

namespace {

// An article taken from the cache: already in the store; its diagnostics
// are reported in their turn.
struct Hit {
  size_t index;
  std::vector<Diagnostic> diags;
};

struct Step {
  uint32_t entry;  // index into Runner::entries_
  const Entry *e;
  const pp_stage_desc *stage;
  bool modifies;  // writers' stages render; they must not change the tree
};

// Plugin instances of one worker, created on first use.
class Instances : public WorkerState {
 public:
  Instances(const Pipeline &p, const RunSettings &s, const std::vector<const Entry *> &entries)
      : pipeline_(p), settings_(s), entries_(entries), made_(entries.size(), false), state_(entries.size(), nullptr),
        errors_(entries.size()) {}
  ~Instances() override {
    for (size_t i = 0; i < entries_.size(); ++i)
      if (made_[i] && state_[i] && entries_[i]->plugin->desc.destroy) entries_[i]->plugin->desc.destroy(state_[i]);
  }
  // The instance of entry i, or false with the reason.
  bool get(uint32_t i, void **out, std::string *error, std::vector<Diagnostic> *diags) {
    if (!made_[i]) {
      made_[i] = true;
      const pp_plugin_desc &d = entries_[i]->plugin->desc;
      if (d.create) {
        pp_ctx ctx;
        ctx.pipeline = &pipeline_;
        ctx.settings = &settings_;
        ctx.entry = entries_[i];
        ctx.entry_index = i;
        ctx.diags = diags;
        state_[i] = d.create(host_table(), &ctx);
        if (ctx.failed) errors_[i] = "could not be set up: " + ctx.failure;
      }
    }
    *out = state_[i];
    *error = errors_[i];
    return errors_[i].empty();
  }

 private:
  const Pipeline &pipeline_;
  const RunSettings &settings_;
  const std::vector<const Entry *> &entries_;
  std::vector<bool> made_;
  std::vector<void *> state_;
  std::vector<std::string> errors_;
};

// The stored articles as book stages see them, one live tree at a time.
class StoreBook : public BookAccess {
 public:
  StoreBook(ArticleStore &store, std::shared_ptr<const BookOrder> order, const Pipeline &p, std::set<size_t> *changed)
      : store_(store), order_(std::move(order)), pipeline_(p), changed_(changed) {}
  ~StoreBook() override { release(); }

  size_t size() const override { return order_->size(); }

  xmlDoc *visit(size_t i, std::string *error) override {
    release();
    // The parts (what the writers rendered) are not copied for a visit;
    // commit reads them when it stores the article again.
    if (!store_.get((*order_)[i], &current_, false, true)) {
      *error = "the stored article is damaged";
      return nullptr;
    }
    tree_ = parse_tree(current_.xml, &current_.lines, error);
    if (tree_) visiting_ = i;
    return tree_;
  }

  bool commit(std::string *error) override {
    if (!changed_) {
      *error = "a writer's book stage cannot change the articles";
      return false;
    }
    if (!tree_) {
      *error = "no article is being visited";
      return false;
    }
    std::set<std::string> ids;
    const auto problems = check_article(tree_, false, &ids);
    if (!problems.empty()) {
      *error = problems.front().message;
      return false;
    }
    current_.xml = serialize_tree(tree_, &current_.lines);
    current_.xml_sha1 = xml_digest(current_.xml);
    current_.ids.assign(ids.begin(), ids.end());
    current_.linkends.clear();
    for (const auto &[line, id] : linkends_of(tree_)) current_.linkends.emplace_back(line, id);
    current_.diags.clear();
    ArticleRecord stored;
    if (!store_.get((*order_)[visiting_], &stored)) {
      *error = "the stored article is damaged";
      return false;
    }
    current_.parts = std::move(stored.parts);
    store_.put((*order_)[visiting_], current_);
    changed_->insert((*order_)[visiting_]);
    return true;
  }

  const std::string *part(size_t i, uint32_t entry, const std::string &name) override {
    return store_.part((*order_)[i], entry, name, &part_bytes_) ? &part_bytes_ : nullptr;
  }

  std::string current_source() const override { return tree_ ? current_.source : pipeline_.file; }

 private:
  void release() {
    if (tree_) xmlFreeDoc(tree_);
    tree_ = nullptr;
  }
  ArticleStore &store_;
  // The book's articles in the store: one list for the writers that run at
  // once, which drop no article.
  std::shared_ptr<const BookOrder> order_;
  const Pipeline &pipeline_;
  ArticleRecord current_;
  xmlDoc *tree_ = nullptr;
  size_t visiting_ = 0;
  std::string part_bytes_;  // the last part read, borrowed until the next
  std::set<size_t> *changed_;
};

// Gives the heap's free pages back to the system (glibc's malloc_trim): a
// phase's freed memory would otherwise stay resident, and the writers'
// threads, which allocate from arenas of their own, could not reuse it.
void release_free_memory() { malloc_trim(0); }

std::string stem_of(const std::string &path) { return Poco::Path(path).getBaseName(); }

// libxml2 refuses a text node longer than 10,000,000 bytes (and xmllint
// does without --huge); a paragraph is one line of text and becomes text
// nodes no longer than itself, so no line passes this when the tree is built.
constexpr size_t kMaxLineBytes = 1u << 20;

bool provides(const pp_stage_desc &s, const char *feature) {
  std::istringstream words(s.provides_features ? s.provides_features : "");
  for (std::string w; words >> w;)
    if (w == feature) return true;
  return false;
}

// Splits every line longer than kMaxLineBytes into paragraphs (blank-line
// separated), at a sentence end, else a space, else a character boundary,
// each split reported with its source line.
void split_long_lines(Document &doc) {
  const std::string &t = doc.text;
  bool any = false;
  for (size_t start = 0, end; start <= t.size() && !any; start = end + 1) {
    end = t.find('\n', start);
    if (end == std::string::npos) end = t.size();
    any = end - start > kMaxLineBytes;
  }
  if (!any) return;
  std::string out;
  std::vector<uint32_t> map;
  uint32_t line = 0;
  for (size_t start = 0, end; start <= t.size(); start = end + 1) {
    end = t.find('\n', start);
    if (end == std::string::npos) end = t.size();
    const uint32_t source = doc.source_line(++line);
    size_t pos = start, pieces = 1;
    while (end - pos > kMaxLineBytes) {
      const size_t limit = pos + kMaxLineBytes;
      size_t cut = std::string::npos;
      const std::string_view window(t.data() + pos + kMaxLineBytes / 2, kMaxLineBytes / 2);
      if (size_t k = window.rfind(". "); k != std::string::npos) cut = pos + kMaxLineBytes / 2 + k + 2;
      else if (size_t k2 = window.rfind(' '); k2 != std::string::npos) cut = pos + kMaxLineBytes / 2 + k2 + 1;
      else for (cut = limit; (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80; --cut) {}
      size_t piece_end = cut;
      while (piece_end > pos && t[piece_end - 1] == ' ') --piece_end;
      out.append(t, pos, piece_end - pos);
      out += "\n\n";
      map.push_back(source);
      map.push_back(source);
      pos = cut;
      ++pieces;
    }
    out.append(t, pos, end - pos);
    if (end < t.size()) out += '\n';
    map.push_back(source);
    if (pieces > 1) {
      Diagnostic d;
      d.severity = Severity::warning;
      d.file = doc.source;
      d.line = source;
      d.message = "the line is " + std::to_string(end - start) + " bytes long; it was split into " + std::to_string(pieces) +
                  " paragraphs of at most " + std::to_string(kMaxLineBytes) +
                  " bytes, so that no XML text node passes libxml2's limit";
      doc.diags.push_back(d);
    }
  }
  doc.text = std::move(out);
  doc.line_map = std::move(map);
}

class Runner {
 public:
  Runner(const Pipeline &p, const RunOptions &o, DiagnosticLog &log)
      : p_(p), o_(o), settings_(o.settings), log_(log), store_(p.inputs.size()), cached_(p.inputs.size(), false) {
    for (const auto &e : p.stages) entries_.push_back(&e);
    for (const auto &e : p.outputs) entries_.push_back(&e);
    for (uint32_t i = 0; i < entries_.size(); ++i)
      for (const auto &s : entries_[i]->plugin->stages) {
        Step step{i, entries_[i], &s, !entries_[i]->output};
        if (s.kind == PP_STAGE_DOCUMENT) (entries_[i]->output ? writer_docs_ : docs_).push_back(step);
        else (entries_[i]->output ? writer_books_ : books_).push_back(step);
      }
  }

  int run() {
    install_crash_reporter(o_.isolation == Isolation::process ? "process" : o_.isolation == Isolation::thread ? "thread" : "none");
    if (o_.shard.on()) return run_shard();
    for (const auto &e : p_.outputs) {
      if (e.create_folder) create_output_folders(e);
      sweep_stale_temporaries(e.path);
      for (const auto &[name, v] : e.options)
        if (v.type == PP_OPT_OUTPUT && v.set) sweep_stale_temporaries(v.s);
    }
    release_free_memory();  // what loading the pipeline held: every input's path, several times over
    document_phase();
    if (skip_book_) {
      // docs/cache.md, "A rebuild with nothing changed".
      log_.report({Severity::note, p_.file, 0, 0, "", "",
                   "nothing changed since the last build (every article's key, the book stages, their options and "
                   "resources are the same, and the outputs are the files it wrote): the book phase is skipped"});
      for (const auto &path : recorded_outputs()) std::printf("pubpipe: %s is up to date\n", display_path(path).c_str());
      std::fflush(stdout);
      return 0;
    }

    for (const auto &step : books_) report(run_book_stage(step, book_list(), false));
    check_book();
    if (!writer_docs_.empty() && !changed_.empty()) {
      std::vector<Job> again;
      for (size_t i : ok_indexes())
        if (changed_.count(i)) again.push_back(Job{i, to_render_again(i)});
      run_phase(writer_docs_, std::move(again), "rendering");
    }
    if (ok_indexes().empty()) {
      log_.report({Severity::error, p_.file, 0, 0, "", "", "no article came through the stages; the outputs were left as they were"});
      return 1;
    }
    settings_.default_identifier = content_identifier();
    if (o_.hooks.book) {
      std::vector<ArticleRecord> articles;
      for (size_t i : ok_indexes())
        if (ArticleRecord r; store_.get(i, &r, true)) articles.push_back(std::move(r));
      o_.hooks.book(articles);
    }
    release_free_memory();  // what the book stages and the id check held
    run_writers();
    report_crashes();
    if (!failed_ && !book_state_.empty())
      if (std::string why = cache_->record_build(book_state_, written_); !why.empty())
        log_.report({Severity::warning, p_.file, 0, 0, "", "", why + "; the next run builds the book again"});
    return failed_ ? 1 : 0;
  }

  // pubpipe stage (stage_cmd.cpp): the one input through the document
  // stages, then the book stages over a book of that one article, all in
  // this process (isolation none) and with no cache, trace or writer.
  int run_fixture(const std::string &start, FixtureResult *result) {
    install_crash_reporter("none");
    text_out_ = &result->text;
    std::vector<Job> jobs{Job{0, start}};
    run_phase(docs_, std::move(jobs), "documents");
    text_out_ = nullptr;
    if (!ok_[0]) return failed_ ? 1 : 0;  // failed, or left out on purpose (a warning)
    ArticleRecord r;
    if (!store_.get(0, &r)) return 1;
    if (r.xml.empty()) {  // no stage built a tree: the result is the text
      result->has_tree = false;
      if (books_.empty()) return 0;
      log_.report({Severity::error, p_.file, 0, 0, books_.front().e->plugin->name, books_.front().stage->name,
                   "a book stage needs the article's tree, and no stage built one from this text fixture"});
      return 1;
    }
    for (const auto &step : books_) report(run_book_stage(step, book_list(), false));
    check_book();
    if (failed_ || !ok_[0] || !store_.get(0, &r)) return 1;  // a failed stage leaves no result
    result->has_tree = true;
    result->xml = std::move(r.xml);
    return 0;
  }

 private:
  // Every document stage in the order a document meets them: those of
  // `stages:`, then the writers'.
  std::vector<Step> document_steps() const {
    std::vector<Step> all = docs_;
    all.insert(all.end(), writer_docs_.begin(), writer_docs_.end());
    return all;
  }

  // The document stages of every article (of the shard's, under --shard)
  // that the cache does not hold.  The writers' document stages run in the
  // same job as the others: one pass, no re-parse.  Only the articles that
  // a book stage changed are rendered again afterwards.  Returns how many
  // came from the cache and how many ran.
  //
  // A stage that is not cacheable (ABI 1.3: PP_PLUGIN_NOT_CACHEABLE, or
  // `cacheable: false`) splits the stages in two: the cache keeps what the
  // stages before it made, and it and every stage after it run for every
  // article, from that record, on every run (not under --shard: a shard only
  // fills the cache).
  std::pair<size_t, size_t> document_phase() {
    const std::vector<Step> all = document_steps();
    const size_t split = cache_split(all);
    const std::vector<Step> first(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(split)),
        rest(all.begin() + static_cast<std::ptrdiff_t>(split), all.end());
    std::vector<Job> jobs;
    // The book phase may be skipped only when nothing else runs for every
    // article and nobody watches the run (serve, watch).
    may_skip_ = rest.empty() && !o_.shard.on() && !o_.hooks.book && !o_.hooks.writer;
    std::vector<Hit> ready = from_cache(first, &jobs);
    const std::pair<size_t, size_t> counts{ready.size(), jobs.size()};
    caching_ = cache_ && cache_->on();
    run_phase(first, std::move(jobs), "documents", std::move(ready));
    caching_ = false;
    if (rest.empty() || o_.shard.on()) return counts;
    log_.report({Severity::note, p_.file, rest.front().e->line, rest.front().e->column, rest.front().e->plugin->name,
                 rest.front().stage->name,
                 "not cacheable: this stage and the " + std::to_string(rest.size() - 1) +
                     " document stages after it run for every article"});
    std::vector<Job> again;
    for (size_t i : ok_indexes()) again.push_back(Job{i, store_.get_bytes(i)});
    run_phase(rest, std::move(again), "documents");
    return counts;
  }

  // Whether the cache is wanted: not with --no-cache, cache: false or
  // --trace (every article runs, so that every stage's trace is written).
  bool cache_wanted() const { return !o_.no_cache && !p_.cache_off && settings_.trace_dir.empty(); }

  // How many of the document stages `all` the cache covers: those before
  // the first stage that is not cacheable.  The cache holds trees, so when
  // no stage before that one builds the tree, it covers none: the cache is
  // then not used (cache_unusable_ says why).  all.size() without a cache.
  size_t cache_split(const std::vector<Step> &all) {
    if (!cache_wanted()) return all.size();
    size_t k = 0;
    bool tree = false;
    for (; k < all.size() && all[k].e->cacheable; ++k) tree = tree || provides(*all[k].stage, "tree");
    if (k < all.size() && !tree)
      cache_unusable_ = "stage '" + std::string(all[k].stage->name) + "' of plugin '" + all[k].e->plugin->name +
                        "' is not cacheable and runs before any stage builds the tree, so no stage's result can be cached";
    return cache_unusable_.empty() ? k : all.size();
  }

  // --shard K/N: the document stages (the writers' too, as a run does them)
  // for the inputs of the shard that the cache does not hold, into the
  // cache; no output folder, book stage or writer is touched.
  int run_shard() {
    if (cache_split(document_steps()); !cache_unusable_.empty()) {
      log_.report({Severity::error, p_.file, 0, 0, "", "", "--shard fills the article cache, but " + cache_unusable_ + "; nothing was run"});
      return 2;
    }
    const auto [from_cache, computed] = document_phase();
    size_t stored = 0;
    for (size_t i = 0; i < ok_.size(); ++i) stored += ok_[i] && !cached_[i];
    log_.report({Severity::note, p_.file, 0, 0, "", "",
                 "shard " + std::to_string(o_.shard.k) + "/" + std::to_string(o_.shard.n) + ": " + std::to_string(stored) + " of " +
                     std::to_string(computed) + " articles run were stored in the cache, " + std::to_string(from_cache) +
                     " were there already; no book is written (a run without --shard assembles it)"});
    return failed_ ? 1 : 0;
  }

  // What an article a book stage changed needs to be rendered again: its
  // tree and the parts of the stages before the writers, not the writers'
  // own, which they make again.
  std::string to_render_again(size_t i) const {
    ArticleRecord r;
    if (!store_.get(i, &r)) return store_.get_bytes(i);  // the worker reports it damaged
    const auto a_writers = [&](const Part &p) { return p.entry < entries_.size() && entries_[p.entry]->output; };
    r.parts.erase(std::remove_if(r.parts.begin(), r.parts.end(), a_writers), r.parts.end());
    return encode_record(r);
  }

  // The book's articles as a book stage reads them.
  std::shared_ptr<const BookOrder> book_list() const { return std::make_shared<const BookOrder>(ok_); }

  std::vector<uint32_t> ok_indexes() const {
    std::vector<uint32_t> v;
    v.reserve(static_cast<size_t>(std::count(ok_.begin(), ok_.end(), true)));  // not the room push_back's doubling leaves
    for (size_t i = 0; i < ok_.size(); ++i)
      if (ok_[i]) v.push_back(static_cast<uint32_t>(i));
    return v;
  }

  // The articles the cache holds, and the jobs of the others.  A hit's
  // record goes from the entry's bytes straight into the store, neither
  // decoded nor encoded, one entry in memory at a time; what is returned
  // of it is its index and its diagnostics (to be reported in order).
  // Under --trace every article runs, so that every stage's trace is
  // written.
  std::vector<Hit> from_cache(const std::vector<Step> &steps, std::vector<Job> *jobs) {
    std::vector<Hit> ready;
    const bool on = cache_wanted() && cache_unusable_.empty();
    // Without a cache no key is held (key() gives ""): 32 bytes an article.
    keys_.clear();
    if (on) keys_.assign(p_.inputs.size(), std::string());
    if (cache_wanted() && !on) log_.report({Severity::note, p_.file, 0, 0, "", "", cache_unusable_ + "; the cache is not used"});
    if (on) {
      cache_ = std::make_unique<ArticleCache>(o_.cache_dir.empty() ? default_cache_dir(p_) : o_.cache_dir, p_, settings_);
      std::vector<std::pair<uint32_t, const Entry *>> stages;
      std::vector<std::string> names;
      for (const auto &s : steps) stages.emplace_back(s.entry, s.e), names.push_back(s.stage->name);
      cache_->set_stages(stages, names);
    }
    size_t considered = 0;
    if (on)
      for (size_t i = 0; i < p_.inputs.size(); ++i)
        if (o_.shard.holds(p_.inputs[i])) keys_[i] = cache_->key(i);
    if (on && may_skip_) {
      book_state_ = cache_->book_state(book_stages().first, book_stages().second, keys_, output_settings());
      std::string why;
      skip_book_ = cache_->up_to_date(book_state_, &why);
      if (!skip_book_) log_.report({Severity::note, p_.file, 0, 0, "", "", "the book phase runs: " + why});
    }
    // After the book's state, which hashes the book stages' plugins and resources too.
    if (on) cache_->save_file_digests();
    std::string buffer;  // one entry at a time
    for (size_t i = 0; i < p_.inputs.size(); ++i) {
      if (!o_.shard.holds(p_.inputs[i])) continue;
      ++considered;
      std::string_view record;
      RecordLayout layout;
      std::string warning;
      if (!key(i).empty() && cache_->get(key(i), &buffer, &record, &layout, &warning) && layout.ok) {
        // A shard writes no book: its store stays empty; so does a run
        // whose book phase is skipped (every entry is still read and checked).
        if (!o_.shard.on() && !skip_book_) store_.put_encoded(i, record, layout);
        ready.push_back({i, std::move(layout.diags)});
        continue;
      }
      if (!warning.empty()) log_.report({Severity::warning, p_.inputs[i], 0, 0, "", "", warning});
      jobs->push_back(Job{i, {}});
    }
    if (skip_book_ && !jobs->empty()) {
      // An entry missing or damaged: the book is built after all, so the
      // hits go into the store now.
      skip_book_ = false;
      log_.report({Severity::note, p_.file, 0, 0, "", "", "the book phase runs: an article is not in the cache (it is recomputed)"});
      for (const auto &h : ready) {
        std::string_view record;
        RecordLayout layout;
        std::string warning;
        if (!cache_->get(keys_[h.index], &buffer, &record, &layout, &warning))
          throw std::runtime_error("the cache entry of " + p_.inputs[h.index] + " went away during the run; run again");
        store_.put_encoded(h.index, record, layout);
      }
    }
    if (on)
      log_.report({Severity::note, p_.file, 0, 0, "", "",
                   std::to_string(ready.size()) + " of " + std::to_string(considered) + " articles came from the cache " +
                       display_path(cache_->dir())});
    return ready;
  }

  // ready: the articles already in the store (from the cache).
  void run_phase(const std::vector<Step> &steps, std::vector<Job> jobs, const char *what, std::vector<Hit> ready = {}) {
    ok_.resize(p_.inputs.size(), false);
    next_to_print_ = 0;
    pending_diags_.clear();
    printable_.assign(p_.inputs.size(), false);
    for (size_t i = 0; i < printable_.size(); ++i) printable_[i] = true;
    for (const auto &j : jobs) printable_[j.index] = false;
    for (const auto &h : ready) printable_[h.index] = false;
    total_ = jobs.size() + ready.size();
    finished_ = 0;
    SchedulerHooks hooks;
    hooks.make_state = [&] { return std::make_unique<Instances>(p_, settings_, entries_); };
    hooks.work = [&](WorkerState &ws, const Job &job, const std::function<void(int)> &started) {
      return process(static_cast<Instances &>(ws), steps, job, started);
    };
    hooks.died = [&](const Job &job, int step, const std::string &what_happened) {
      ArticleRecord r;
      r.source = p_.inputs[job.index];
      Diagnostic d;
      d.file = r.source;
      if (step >= 0 && static_cast<size_t>(step) < steps.size()) {
        d.plugin = steps[static_cast<size_t>(step)].e->plugin->name;
        d.stage = steps[static_cast<size_t>(step)].stage->name;
        ++crashes_[d.plugin];
      }
      d.message = "the worker " + what_happened + (d.plugin.empty() ? "" : " while running this stage") + "; the document is skipped";
      r.diags.push_back(d);
      return r;
    };
    // An article is finished: its diagnostics are printed in input order.
    const auto finish = [&](size_t index, bool ok, std::vector<Diagnostic> &&diags) {
      ok_[index] = ok;
      pending_diags_[index] = std::move(diags);
      printable_[index] = true;
      while (next_to_print_ < printable_.size() && printable_[next_to_print_]) {
        auto it = pending_diags_.find(next_to_print_);
        if (it != pending_diags_.end()) {
          clear_progress();
          log_.report_all(it->second);
          pending_diags_.erase(it);
        }
        ++next_to_print_;
      }
      ++finished_;
      show_progress(what);
    };
    // A worker's result goes to the store and the cache as it came from the
    // worker: only its index (ids, linkends, diagnostics) is decoded.
    hooks.done = [&](size_t index, std::string_view record, RecordLayout &layout) {
      bool ok = layout.ok;
      if (ok) {
        store_.put_encoded(index, record, layout);
      } else if (!layout.skipped) {
        failed_ = true;
      }
      if (ok && caching_ && !key(index).empty() && !cached_[index]) {
        if (std::string why = cache_->put(key(index), record); !why.empty() && o_.shard.on()) {
          // Storing is all a shard is for: an article not stored failed.
          ok = false;
          failed_ = true;
          log_.report({Severity::error, p_.inputs[index], 0, 0, "", "", why + "; the shard could not store this article"});
        } else if (!why.empty() && !cache_warned_) {
          cache_warned_ = true;
          log_.report({Severity::warning, p_.file, 0, 0, "", "", why + "; the run goes on without storing its articles"});
        }
      }
      finish(index, ok, std::move(layout.diags));
    };
    for (auto &h : ready) {
      cached_[h.index] = true;
      finish(h.index, true, std::move(h.diags));
    }
    run_jobs(o_.isolation, o_.jobs, settings_.timeout_seconds, std::move(jobs), hooks);
    clear_progress();
  }

  void show_progress(const char *what) {
    if (!o_.progress) return;
    std::fprintf(stderr, "\r%s: %zu of %zu", what, finished_, total_);
    std::fflush(stderr);
    progress_shown_ = true;
  }
  void clear_progress() {
    if (!progress_shown_) return;
    std::fprintf(stderr, "\r\033[K");
    progress_shown_ = false;
  }

  // The document job: runs steps on one document, in a worker.
  ArticleRecord process(Instances &instances, const std::vector<Step> &steps, const Job &job,
                        const std::function<void(int)> &started) const {
    Document doc;
    doc.index = job.index;
    doc.source = p_.inputs[job.index];
    ArticleRecord out;
    out.source = doc.source;
    auto fail = [&](const Step *s, uint32_t line, const std::string &message) {
      Diagnostic d;
      d.file = doc.source;
      d.line = line;
      if (s) d.plugin = s->e->plugin->name, d.stage = s->stage->name;
      d.message = message;
      doc.diags.push_back(d);
      out.diags = std::move(doc.diags);
      out.ok = false;
      return out;
    };
    if (job.record.empty()) {
      std::string why;
      if (!read_input(doc.source, &doc.text, &why)) return fail(nullptr, 0, why);
    } else {
      ArticleRecord prior;
      std::string why;
      if (!decode_record(job.record, &prior)) return fail(nullptr, 0, "the stored article is damaged");
      doc.tree = parse_tree(prior.xml, &prior.lines, &why);
      if (!doc.tree) return fail(nullptr, 0, "the stored article cannot be read back: " + why);
      doc.parts = std::move(prior.parts);
    }
    if (std::string why = trace(doc, "00-input"); !why.empty()) return fail(nullptr, 0, why);
    for (size_t k = 0; k < steps.size(); ++k) {
      const Step &s = steps[k];
      started(static_cast<int>(k));
      void *instance = nullptr;
      std::string why;
      if (!instances.get(s.entry, &instance, &why, &doc.diags)) return fail(&s, 0, why);
      if (!s.stage->run) continue;
      if (!doc.tree && provides(*s.stage, "tree")) split_long_lines(doc);
      pp_ctx ctx;
      ctx.pipeline = &p_;
      ctx.settings = &settings_;
      ctx.entry = s.e;
      ctx.entry_index = s.entry;
      ctx.stage = s.stage;
      ctx.doc = &doc;
      ctx.diags = &doc.diags;
      const size_t diags_before = doc.diags.size();
      const int rc = [&] {
        CrashScope who(s.e->plugin->name.c_str(), s.stage->name, doc.source.c_str());
        return s.stage->run(instance, host_table(), &ctx);
      }();
      if (ctx.skipped && !ctx.failed) {
        Diagnostic d;
        d.severity = Severity::warning;
        d.file = doc.source;
        d.plugin = s.e->plugin->name, d.stage = s.stage->name;
        d.message = ctx.failure + "; the document is left out";
        doc.diags.push_back(d);
        out.diags = std::move(doc.diags);
        out.skipped = true;
        return out;
      }
      if (rc != PP_OK || ctx.failed)
        return fail(&s, 0, ctx.failed ? ctx.failure : "the stage returned failure without a message");
      if (doc.tree && s.modifies) {
        auto problems = check_article(doc.tree, true);
        if (problems.empty() && settings_.strict) problems = validate_docbook(doc.tree, kDocBookSchema);
        if (!problems.empty()) {
          std::string m = "the stage left the document tree broken: " + problems.front().message;
          if (problems.size() > 1) m += " (and " + std::to_string(problems.size() - 1) + " more)";
          for (const auto &pr : problems)
            if (pr.structural) doc.tree = nullptr;  // freeing it would free a node twice: leak it
          return fail(&s, problems.front().line, m);
        }
      }
      char name[64];
      std::snprintf(name, sizeof name, "%02zu-", k + 1);
      if (std::string why = trace(doc, name + s.e->plugin->name + "-" + s.stage->name, diags_before); !why.empty()) return fail(&s, 0, why);
    }
    if (!doc.tree && text_out_) {  // pubpipe stage on a text stage: the text is the result
      *text_out_ = doc.text;
      out.diags = std::move(doc.diags);
      out.ok = true;
      return out;
    }
    if (!doc.tree) return fail(nullptr, 0, "no stage built a document tree from this text");
    std::set<std::string> ids;
    std::vector<std::pair<unsigned, std::string>> linkends;
    index_article(doc.tree, &ids, &linkends);
    out.ids.assign(ids.begin(), ids.end());
    for (auto &[line, id] : linkends) out.linkends.emplace_back(line, std::move(id));
    out.xml = serialize_tree(doc.tree, &out.lines);
    out.xml_sha1 = xml_digest(out.xml);  // here, in the worker, where the bytes are made
    out.parts = std::move(doc.parts);
    out.diags = std::move(doc.diags);
    out.ok = true;
    return out;
  }

  bool read_input(const std::string &path, std::string *text, std::string *why) const {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return *why = "cannot read the input: it does not exist", false;
    const int fd = sandbox_open_input(settings_.sandbox, path, why);
    if (fd < 0) {
      if (why->rfind("--sandbox", 0) != 0) *why = "cannot read the input (permissions?)";
      return false;
    }
    // The opened file is the one measured and read.
    bool ok = fstat(fd, &st) == 0;
    if (ok && S_ISDIR(st.st_mode)) *why = "the input is a folder", ok = false;
    if (ok && static_cast<size_t>(st.st_size) > settings_.max_input_bytes)
      *why = "the input is " + std::to_string(st.st_size >> 20) + " MiB, over the limit of " +
             std::to_string(settings_.max_input_bytes >> 20) + " MiB (--max-input-mb)",
      ok = false;
    char buf[65536];
    text->clear();
    for (ssize_t n; ok && (n = read(fd, buf, sizeof buf)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) *why = "cannot read the input (permissions?)", ok = false;
      else if (text->size() + static_cast<size_t>(n) > settings_.max_input_bytes)
        *why = "the input is over the limit of " + std::to_string(settings_.max_input_bytes >> 20) + " MiB (--max-input-mb)", ok = false;
      else text->append(buf, static_cast<size_t>(n));
    }
    close(fd);
    return ok;
  }

  // Writes what a stage made of the document and, from diags_from on, the
  // diagnostics it gave (what it changed or removed, with the line); under
  // --sandbox every folder of the paths is opened without following a
  // symlink, and so are the files.
  std::string trace(const Document &doc, const std::string &name, size_t diags_from = SIZE_MAX) const {
    if (settings_.trace_dir.empty()) return {};
    char folder[32];
    std::snprintf(folder, sizeof folder, "%04zu-", doc.index + 1);
    const std::string file = settings_.trace_dir + "/" + folder + stem_of(doc.source) + "/" + name + (doc.tree ? ".xml" : ".txt");
    if (!settings_.sandbox.on) {
      try {
        Poco::File(Poco::Path(file).parent()).createDirectories();
      } catch (const Poco::Exception &) {
        return {};
      }
    }
    // One trace file: its bytes written to a file opened as the sandbox allows.
    const auto write_trace = [&](const std::string &path, const std::string &bytes) -> std::string {
      std::string why;
      const int fd = sandbox_create_file(settings_.sandbox, path, &why);
      if (fd < 0) return settings_.sandbox.on ? "cannot write the trace: " + why : std::string();
      for (size_t done = 0; done < bytes.size();) {
        const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<size_t>(n);
      }
      close(fd);
      return {};
    };
    if (std::string why = write_trace(file, doc.tree ? serialize_tree(doc.tree, nullptr) + "\n" : doc.text); !why.empty()) return why;
    if (diags_from >= doc.diags.size()) return {};
    std::string notes;
    for (size_t k = diags_from; k < doc.diags.size(); ++k) notes += format_diagnostic(doc.diags[k]) + '\n';
    return write_trace(file.substr(0, file.rfind('.')) + ".notes", notes);
  }

  // Runs one book stage; its diagnostics are returned, not printed, so that
  // the writers can run at once and still report in order.
  struct BookResult {
    bool ok = true;
    std::vector<Diagnostic> diags;
    std::vector<std::string> written;  // the outputs it wrote
  };

  // create_folder: true (the pipeline file checked that one level is
  // missing at most, inside a folder that exists).
  void create_output_folders(const Entry &e) const {
    std::vector<std::string> paths{e.path};
    for (const auto &[name, v] : e.options)
      if (v.type == PP_OPT_OUTPUT && v.set) paths.push_back(v.s);
    for (const auto &path : paths) {
      const std::string folder = Poco::Path(path).parent().toString();
      if (mkdir(folder.c_str(), 0777) == 0)
        log_.report({Severity::note, p_.file, e.line, e.column, "", "", "created the output folder " + display_path(folder) + " (create_folder: true)"});
      else if (errno != EEXIST)
        log_.report({Severity::error, p_.file, e.line, e.column, "", "", "cannot create the output folder " + display_path(folder) + ": " + std::strerror(errno)});
    }
  }
  // A book stage over the articles `order` (a writer's, when `writer`: it
  // may change no article).
  BookResult run_book_stage(const Step &step, std::shared_ptr<const BookOrder> order, bool writer) {
    std::vector<Diagnostic> diags;
    StoreBook book(store_, std::move(order), p_, writer ? nullptr : &changed_);
    Instances instances(p_, settings_, entries_);
    void *instance = nullptr;
    std::string why;
    pp_ctx ctx;
    ctx.pipeline = &p_;
    ctx.settings = &settings_;
    ctx.entry = step.e;
    ctx.entry_index = step.entry;
    ctx.stage = step.stage;
    ctx.book = &book;
    ctx.diags = &diags;
    bool ok = instances.get(step.entry, &instance, &why, &diags);
    if (!ok) ctx.failure = why;
    if (ok && step.stage->run) {
      CrashScope who(step.e->plugin->name.c_str(), step.stage->name, nullptr);
      ok = step.stage->run(instance, host_table(), &ctx) == PP_OK && !ctx.failed;
    }
    for (const auto &[path, temp] : ctx.outputs_open) discard_atomic_file(temp);
    if (!ok) {
      Diagnostic d = stage_diagnostic(ctx, Severity::error, 0,
                                      (ctx.failure.empty() ? "the stage failed without a message" : ctx.failure) +
                                          (step.e->output ? "; its output was left as it was" : ""));
      d.file = p_.file;
      d.line = step.e->line;
      diags.push_back(d);
    }
    return {ok, std::move(diags), std::move(ctx.outputs_written)};
  }

  // The book stages (the writers' too), for the book's state.
  std::pair<std::vector<std::pair<uint32_t, const Entry *>>, std::vector<std::string>> book_stages() const {
    std::pair<std::vector<std::pair<uint32_t, const Entry *>>, std::vector<std::string>> out;
    for (const auto *steps : {&books_, &writer_books_})
      for (const auto &s : *steps) out.first.emplace_back(s.entry, s.e), out.second.push_back(s.stage->name);
    return out;
  }

  // The run's settings that reach the outputs: --strict, and the build's
  // time when SOURCE_DATE_EPOCH fixes it (without it, a rebuild with
  // nothing changed keeps the outputs of the time they were written, as
  // make does).
  std::string output_settings() const {
    return std::string("strict ") + (settings_.strict ? "1" : "0") + " time " +
           (std::getenv("SOURCE_DATE_EPOCH") ? std::to_string(settings_.build_time) : "");
  }

  // What the pipeline says its writers write.
  std::vector<std::string> recorded_outputs() const {
    std::vector<std::string> paths;
    for (const auto &e : p_.outputs) {
      paths.push_back(e.path);
      for (const auto &[name, v] : e.options)
        if (v.type == PP_OPT_OUTPUT && v.set) paths.push_back(v.s);
    }
    return paths;
  }

  // Diagnostics to stderr; on stdout, where each output went.
  void report(BookResult &&r) {
    log_.report_all(r.diags);
    failed_ = failed_ || !r.ok;
    written_.insert(written_.end(), r.written.begin(), r.written.end());
    for (const auto &path : r.written)
      if (o_.hooks.wrote) o_.hooks.wrote(display_path(path));
      else std::printf("pubpipe: wrote %s\n", display_path(path).c_str());
    std::fflush(stdout);
  }

  // The writers' book stages are independent (each reads the stored book and
  // writes its own outputs), so up to -j of them run at once.  They run in
  // waves:
  // - a writer that reads what another writes (the EPUB writer's page_map,
  //   from the xsl-fo writer) runs in a second round, after the first, and
  //   not at all when that writer failed;
  // - a plugin with PP_PLUGIN_BOOK_ALONE (ABI 1.3) runs its book stage by
  //   itself: the writers before it finish first, those after it start when
  //   it has returned.
  // Only the order of the work changes, never the outputs.
  void run_writers() {
    std::vector<BookResult> results(writer_books_.size());
    const std::shared_ptr<const BookOrder> book = book_list();
    const auto reads_an_output = [&](const Step &s) {
      for (const auto &[name, v] : s.e->options)
        if (v.type == PP_OPT_RESOURCE && v.set && p_.made_by_run(v.s)) return true;
      return false;
    };
    std::set<std::string> failed;  // the outputs of the writers that failed in the first round
    for (const bool second : {false, true}) {
      std::vector<size_t> wave;
      for (size_t k = 0; k < writer_books_.size(); ++k) {
        if (reads_an_output(writer_books_[k]) != second) continue;
        std::string missing;
        for (const auto &[name, v] : writer_books_[k].e->options)
          if (v.type == PP_OPT_RESOURCE && v.set && failed.count(v.s)) missing = v.s;
        if (missing.empty()) {
          wave.push_back(k);
          continue;
        }
        Diagnostic d{Severity::error, p_.file, writer_books_[k].e->line, writer_books_[k].e->column, writer_books_[k].e->plugin->name, "",
                     "not written: it reads " + display_path(missing) + ", which another output failed to write; its output was left as it was"};
        results[k] = {false, {d}, {}};
        if (o_.hooks.writer) o_.hooks.writer(*writer_books_[k].e, false, results[k].diags);
      }
      for (size_t from = 0; from < wave.size();) {
        size_t to = from + 1;
        if (!runs_alone(writer_books_[wave[from]]))
          while (to < wave.size() && !runs_alone(writer_books_[wave[to]])) ++to;
        run_book_stages_at_once({wave.begin() + static_cast<std::ptrdiff_t>(from), wave.begin() + static_cast<std::ptrdiff_t>(to)}, book, &results);
        from = to;
      }
      for (size_t k : wave)
        if (!results[k].ok) {
          const Entry &e = *writer_books_[k].e;
          failed.insert(e.path);
          for (const auto &[name, v] : e.options)
            if (v.type == PP_OPT_OUTPUT && v.set) failed.insert(v.s);
        }
    }
    for (auto &r : results) report(std::move(r));
  }

  static bool runs_alone(const Step &step) { return (step.e->plugin->desc.flags & PP_PLUGIN_BOOK_ALONE) != 0; }

  // The writers' book stages `which` over the articles `book`, up to -j at
  // once, each in a thread; hooks.writer hears of each as it ends.
  void run_book_stages_at_once(const std::vector<size_t> &which, const std::shared_ptr<const BookOrder> &book,
                               std::vector<BookResult> *results) {
    std::atomic<size_t> next{0};
    const auto work = [&] {
      for (size_t w; (w = next++) < which.size();) {
        const size_t k = which[w];
        (*results)[k] = run_book_stage(writer_books_[k], book, true);
        if (o_.hooks.writer) o_.hooks.writer(*writer_books_[k].e, (*results)[k].ok, (*results)[k].diags);
      }
    };
    std::vector<std::thread> threads;
    const size_t n = std::min<size_t>(std::max(o_.jobs, 1), which.size());
    for (size_t t = 1; t < n; ++t) threads.emplace_back(work);
    work();
    for (auto &t : threads) t.join();
  }

  // Across the book: ids unique, linkends resolve.  An article that breaks
  // either is dropped, so that no writer produces a broken book.  The
  // book's ids are held as 32-bit hashes (4 bytes an id, not the ids
  // themselves): only the ids whose hash occurs twice (an id used again, or
  // two ids of one hash) are compared as strings.  A linkend is looked up
  // in its own article's ids; those it does not find there (a link to
  // another article) are held as strings and looked for in the others'.
  void check_book() {
    const auto hash = [](const std::string &id) { return static_cast<uint32_t>(XXH3_64bits(id.data(), id.size())); };
    const std::vector<uint32_t> book = ok_indexes();
    std::deque<uint32_t> ids;  // grows without a vector's copy of itself
    std::set<std::string> elsewhere, found;  // linkends to other articles; those an article of the book has
    const auto own = [](const ArticleRecord &r, const std::string &id) { return std::find(r.ids.begin(), r.ids.end(), id) != r.ids.end(); };
    ArticleRecord r;
    for (size_t i : book)
      if (store_.get_index(i, &r)) {
        for (const auto &id : r.ids) ids.push_back(hash(id));
        for (const auto &[line, id] : r.linkends)
          if (!own(r, id)) elsewhere.insert(id);
      }
    std::sort(ids.begin(), ids.end());
    std::unordered_set<uint32_t> twice;
    for (size_t k = 1; k < ids.size(); ++k)
      if (ids[k] == ids[k - 1]) twice.insert(ids[k]);
    ids = {};
    std::map<std::string, size_t> owner;  // the ids of those hashes: their first article
    for (size_t i : book) {
      if (twice.empty() && elsewhere.empty()) break;
      if (!store_.get_index(i, &r)) continue;
      for (const auto &id : r.ids) {
        if (elsewhere.count(id)) found.insert(id);
        if (!twice.count(hash(id))) continue;
        auto [it, fresh] = owner.emplace(id, i);
        if (!fresh) drop(i, p_.inputs[i], "xml:id '" + id + "' is also used by " + p_.inputs[it->second] + "; ids must be unique across the book");
      }
    }
    for (size_t i : ok_indexes()) {
      if (!store_.get_index(i, &r)) continue;
      for (const auto &[line, id] : r.linkends)
        if (!own(r, id) && !found.count(id)) {
          drop(i, p_.inputs[i], "linkend '" + id + "' points to no xml:id in the book", line);
          break;
        }
    }
  }

  // A name-based (SHA-1) UUID of the book's articles, stable across runs:
  // its name is the SHA-1 over each article's XML SHA-1 in order, which the
  // worker computed where it serialized the XML (and a book stage where it
  // changed it) and the store keeps in memory, so no article is read again.
  std::string content_identifier() const {
    Poco::SHA1Engine sha;
    std::string xml;
    for (size_t i : ok_indexes()) {
      std::string digest = store_.xml_sha1(i);
      if (digest.empty() && store_.xml(i, &xml)) digest = xml_digest(xml);  // a record made without it
      sha.update(digest);
    }
    const std::string name = Poco::DigestEngine::digestToHex(sha.digest());
    Poco::SHA1Engine engine;
    return "urn:uuid:" + Poco::UUIDGenerator::defaultGenerator().createFromName(Poco::UUID::uri(), name, engine, Poco::UUID::UUID_NAME_BASED_SHA1).toString();
  }

  void drop(size_t i, const std::string &source, const std::string &message, uint32_t line = 0) {
    if (!ok_[i]) return;
    ok_[i] = false;
    failed_ = true;
    log_.report({Severity::error, source, line, 0, "", "", message + "; the document is skipped"});
  }

  void report_crashes() {
    for (const auto &[plugin, count] : crashes_)
      if (count > 1)
        log_.report({Severity::error, p_.file, 0, 0, plugin, "", "the plugin made the worker fail on " + std::to_string(count) + " documents"});
  }

  const Pipeline &p_;
  const RunOptions &o_;
  RunSettings settings_;
  DiagnosticLog &log_;
  ArticleStore store_;
  std::vector<const Entry *> entries_;
  std::vector<Step> docs_, books_, writer_docs_, writer_books_;
  std::vector<bool> ok_;
  bool failed_ = false;
  std::set<size_t> changed_;  // articles that a book stage committed
  std::map<std::string, size_t> crashes_;
  std::map<size_t, std::vector<Diagnostic>> pending_diags_;
  std::vector<bool> printable_;
  size_t next_to_print_ = 0, total_ = 0, finished_ = 0;
  bool progress_shown_ = false;
  std::unique_ptr<ArticleCache> cache_;
  std::vector<std::string> keys_;  // each input's cache key; "" when it has none; empty without a cache
  const std::string &key(size_t i) const {
    static const std::string none;
    return i < keys_.size() ? keys_[i] : none;
  }
  std::vector<bool> cached_;       // the articles that came from the cache
  bool caching_ = false, cache_warned_ = false;
  std::string *text_out_ = nullptr;  // run_fixture: where a text result goes (the run is in this process)
  std::string cache_unusable_;  // why no stage can be cached, or ""
  // A rebuild with nothing changed: the book's state (ArticleCache::book_state;
  // "" when it is not recorded), whether the book phase is skipped, and
  // what the writers wrote.
  bool may_skip_ = false, skip_book_ = false;
  std::string book_state_;
  std::vector<std::string> written_;
};

}  // namespace

int run_fixture(const Pipeline &pipeline, const RunOptions &options, DiagnosticLog &log, const std::string &start,
                FixtureResult *result) {
  RunOptions in_process = options;
  in_process.isolation = Isolation::none;
  in_process.jobs = 1;
  in_process.no_cache = true;
  in_process.settings.trace_dir.clear();
  try {
    return Runner(pipeline, in_process, log).run_fixture(start, result);
  } catch (const std::exception &e) {
    log.report({Severity::error, pipeline.file, 0, 0, "", "", e.what()});
    return 1;
  }
}

int run_pipeline(const Pipeline &pipeline, const RunOptions &options, DiagnosticLog &log) {
  if (options.shard.on()) {
    // A shard only fills the cache: without one it would do nothing.
    const char *off = options.no_cache           ? "--no-cache is given"
                      : pipeline.cache_off        ? "the pipeline file says cache: false"
                      : !options.settings.trace_dir.empty() ? "--trace turns the cache off"
                                                             : nullptr;
    if (off) {
      log.report({Severity::error, pipeline.file, 0, 0, "", "",
                  std::string("--shard fills the article cache, but ") + off + "; nothing was run"});
      return 2;
    }
  }
  try {
    return Runner(pipeline, options, log).run();
  } catch (const std::exception &e) {
    log.report({Severity::error, pipeline.file, 0, 0, "", "", e.what()});
    return 1;
  }
}

}  // namespace pubpipe
