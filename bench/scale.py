#!/usr/bin/env python3
"""scale.py BUILD [--small N] [--large N] [--skip-large]: issue 17's figures.

The pipeline is run.py's "full" one (text-cleanup, section-detect,
link-normalize with the sample glossary; EPUB + DocBook + XSL-FO) at -j 2,
on corpora from make-corpus.py.  It prints:

  incremental (N = --small, default 10,000 articles)
    clean build with an empty cache (of a corpus made two and a half
    seconds before, so that its inputs' digests are recorded: docs/cache.md),
    a rebuild after one article changed,
    a rebuild with nothing changed: seconds and % of the clean build (wall
    time, and CPU time, which other users of the machine disturb less), each
    rebuild's three outputs compared (cmp) with a --no-cache build of the
    same inputs, and whether the run skipped its book phase (nothing changed).
  scale (1,000, --small and --large, default 100,000 articles; --no-cache)
    the full pipeline's seconds (wall and CPU) and the peak resident memory of the largest
    pubpipe process (ru_maxrss of the run's process tree, from wait4), the
    large run against 110x the 1,000-article time and 1.5x the small run's
    peak, and the book's memory per article: (peak at large - peak at
    small) / (large - small).

Everything is written under one folder in /tmp, removed at the end (the
100,000-article corpus is about 1 GB)."""
import filecmp, os, shutil, subprocess, sys, tempfile, time

skipped = False  # whether the last measure()d run skipped its book phase


def arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


known = {'--small', '--large', '--skip-large'}
unknown = [a for a in sys.argv[1:] if a.startswith('-') and a not in known]
if unknown:
    asked = unknown[0] in ('-h', '--help')
    print(__doc__ if asked else 'scale.py: unknown option %s' % unknown[0], file=sys.stdout if asked else sys.stderr)
    sys.exit(0 if asked else 2)


build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith('-') else 'build')
small, large = arg('--small', 10000), arg('--large', 100000)
here = os.path.dirname(os.path.abspath(__file__))
pubpipe = os.path.join(build, 'pubpipe')
glossary = os.path.join(here, '..', 'samples', 'glossary.yaml')
env = dict(os.environ, SOURCE_DATE_EPOCH='1735689600')
work = tempfile.mkdtemp(prefix='pubpipe-scale-', dir='/tmp')
STAGES = ('[{plugin: text-cleanup}, {plugin: section-detect}, '
          '{plugin: link-normalize, with: {glossary: %s}}]' % glossary)
EXTS = ('epub', 'xml', 'fo')


def corpus(n):
    path = os.path.join(work, 'corpus-%d' % n)
    subprocess.run([sys.executable, os.path.join(here, 'make-corpus.py'), path, str(n)],
                   check=True, stdout=subprocess.DEVNULL)
    return path


def pipeline(name, inputs):
    """A pipeline file NAME.yaml writing NAME.epub, NAME.xml and NAME.fo."""
    path = os.path.join(work, name + '.yaml')
    outs = ', '.join('{plugin: %s, path: %s}' % (p, os.path.join(work, '%s.%s' % (name, e)))
                     for p, e in zip(('epub', 'docbook', 'xsl-fo'), EXTS))
    with open(path, 'w') as f:
        f.write('pubpipe: 1\nbook: {title: Bench, language: en}\ninputs: [%s/*.txt]\n'
                'stages: %s\noutputs: [%s]\n' % (inputs, STAGES, outs))
    return path


def measure(*args):
    """Runs pubpipe ARGS; returns (wall seconds, peak MiB of the largest
    process, CPU seconds: user + system of the whole process tree)."""
    t = time.perf_counter()
    global skipped
    p = subprocess.Popen([pubpipe, *args], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()  # stdout is a few lines: it fits in the pipe meanwhile
    out = p.stdout.read()
    # A rebuild with nothing changed skips the book phase (docs/cache.md).
    skipped = ' is up to date' in out
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.stdout.close()
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit('pubpipe %s failed (exit %d): %s' % (' '.join(args), p.returncode, err[-1000:]))
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def same(a, b):
    return all(filecmp.cmp(os.path.join(work, '%s.%s' % (a, e)), os.path.join(work, '%s.%s' % (b, e)),
                           shallow=False) for e in EXTS)


def load():
    return '%.1f %.1f %.1f' % os.getloadavg()


print('pubpipe scale bench: %d cores, load average %s' % (os.cpu_count(), load()))

# Incremental builds at SMALL articles.
src = corpus(small)
# A file changed in the last two seconds before a run has its digest
# computed again by the next run (docs/cache.md: the "racy" rule), so a
# clean build started right after the corpus is made leaves every input to
# be hashed by the first rebuild.  An anthology being edited was written
# before its clean build: the corpus is given those two seconds.
time.sleep(2.5)
book, clean = pipeline('book', src), pipeline('clean', src)
cache = os.path.join(work, 'cache')
print('\nincremental builds, %d articles, -j 2 (cache %s)' % (small, cache))
print('%-30s %8s %8s %8s %8s %9s  %s' % ('run', 'seconds', '% clean', 'CPU s', '% clean', 'peak MiB', 'outputs'))
t_clean, peak, c_clean = measure('run', book, '-j', '2', '--cache', cache)
print('%-30s %8.2f %8s %8.2f %8s %9.1f' % ('clean build (cache empty)', t_clean, '100.0', c_clean, '100.0', peak))
victim = os.path.join(src, 'article-%05d.txt' % (small // 2))
with open(victim, 'a', encoding='utf-8') as f:
    f.write('\nA paragraph added to one article, so that its key changes.\n')
results = {}
for label in ('rebuild, one article changed', 'rebuild, nothing changed'):
    t, peak, c = measure('run', book, '-j', '2', '--cache', cache)
    was_skipped = skipped
    if label.startswith('rebuild, one'):
        measure('run', clean, '-j', '2', '--no-cache')
    ok = same('book', 'clean')
    results[label] = (t, ok, c)
    print('%-30s %8.2f %8.1f %8.2f %8.1f %9.1f  %s%s' % (label, t, 100 * t / t_clean, c, 100 * c / c_clean, peak,
                                                        'identical to --no-cache' if ok else 'DIFFER from --no-cache',
                                                        ', book phase skipped' if was_skipped else ''))
entries = sum(len(fs) for d, _, fs in os.walk(cache) if os.path.basename(d) not in ('last-build', 'file-digests'))
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(cache) for f in fs)
print('cache: %d entries, %.1f MB' % (entries, size / 1e6))
shutil.rmtree(cache)
shutil.rmtree(src)
for name in ('book', 'clean'):
    for e in EXTS:
        os.remove(os.path.join(work, '%s.%s' % (name, e)))

# Scale: 1,000, SMALL, LARGE articles, --no-cache.
print('\nfull pipeline, -j 2, --no-cache (load average %s)' % load())
print('%-30s %8s %10s %8s %9s' % ('articles', 'seconds', 'articles/s', 'CPU s', 'peak MiB'))
sizes = [1000, small] + ([] if '--skip-large' in sys.argv else [large])
figures = {}
for n in sizes:
    src = corpus(n)
    wall, peak, cpu = measure('run', pipeline('scale-%d' % n, src), '-j', '2', '--no-cache')
    figures[n] = (wall, peak, cpu)
    print('%-30d %8.2f %10.0f %8.2f %9.1f' % (n, wall, n / wall, cpu, peak))
    shutil.rmtree(src)
    for e in EXTS:
        os.remove(os.path.join(work, 'scale-%d.%s' % (n, e)))

print('\nagainst the goals (issue 17)')
for label, goal in (('rebuild, one article changed', 5), ('rebuild, nothing changed', 3)):
    t, same_bytes, c = results[label]
    print('%s: %.1f %% of the clean build\'s time, %.1f %% of its CPU (goal <= %d %%), %s'
          % (label, 100 * t / t_clean, 100 * c / c_clean, goal, 'byte-identical' if same_bytes else 'NOT byte-identical'))
if large in figures:
    (w1, _, c1), (ws, ps, _), (wl, pl, cl) = figures[1000], figures[small], figures[large]
    print('%d articles: %.1f s = %.1fx the 1,000-article time; CPU %.1f s = %.1fx (goal <= 110x)'
          % (large, wl, wl / w1, cl, cl / c1))
    print('%d articles: peak %.1f MiB = %.2fx the %d-article peak %.1f MiB (goal <= 1.5x)'
          % (large, pl, pl / ps, small, ps))
    print('book memory per article: (%.1f - %.1f MiB) / %d articles = %.0f bytes'
          % (pl, ps, large - small, (pl - ps) * 1024 * 1024 / (large - small)))
print('load average at the end: %s' % load())
shutil.rmtree(work)
