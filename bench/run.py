#!/usr/bin/env python3
"""run.py BUILD [--articles N] [--pandoc]: measures pubpipe and prints its figures.

For a generated corpus of N articles (default 1000) it runs, at -j 1 and -j 2:
  stages   text-cleanup + section-detect (MB/s of raw text)
  full     every stage, three outputs (EPUB, DocBook, XSL-FO)
and prints wall time, articles/s, MB/s and the peak resident memory of the
largest pubpipe process.  Every run is a clean build (--no-cache): with the
article cache on, a run after the first would take every article from the
cache (and, with nothing changed, skip the book phase), so -j 2 would measure
the cache, not the pipeline.  The floor is reading, parsing and zipping the same
bytes.  With --pandoc, Pandoc (installed with apt-get when missing) writes the
same articles as EPUB 3, for comparison."""
import os, resource, shutil, subprocess, sys, tempfile, time, zipfile

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith('-') else 'build')
n = int(sys.argv[sys.argv.index('--articles') + 1]) if '--articles' in sys.argv else 1000
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix='pubpipe-bench-')
corpus = os.path.join(work, 'corpus')
subprocess.run([sys.executable, os.path.join(here, 'make-corpus.py'), corpus, str(n)], check=True)
mb = sum(os.path.getsize(os.path.join(corpus, f)) for f in os.listdir(corpus)) / 1e6
env = dict(os.environ, SOURCE_DATE_EPOCH='1735689600')

def pipeline(name, stages, outputs):
    path = os.path.join(work, name + '.yaml')
    with open(path, 'w') as f:
        f.write('pubpipe: 1\nbook: {title: Bench, language: en}\ninputs: [%s/*.txt]\nstages: %s\noutputs: %s\n'
                % (corpus, stages, outputs))
    return path

def measure(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    if r.returncode != 0:
        print('  failed (exit %d): %s' % (r.returncode, r.stderr[-500:]))
    return wall, peak

def floor():
    t = time.perf_counter()
    import xml.dom.minidom
    z = zipfile.ZipFile(os.path.join(work, 'floor.zip'), 'w', zipfile.ZIP_DEFLATED)
    for f in sorted(os.listdir(corpus)):
        data = open(os.path.join(corpus, f), 'rb').read()
        xml.dom.minidom.parseString(b'<a>' + data.replace(b'&', b'&amp;').replace(b'<', b'&lt;') + b'</a>')
        z.writestr(f, data)
    z.close()
    return time.perf_counter() - t

pubpipe = os.path.join(build, 'pubpipe')
o = lambda name: os.path.join(work, name)
stages2 = '[{plugin: text-cleanup, with: {spelling: off}}, {plugin: section-detect}]'
stages3 = '[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: %s}}]' % os.path.join(here, '..', 'samples', 'glossary.yaml')
runs = [
    ('stages (cleanup+structure, no spelling)', pipeline('stages', stages2, '[{plugin: docbook, path: %s}]' % o('s.xml'))),
    ('stages (cleanup with spelling+structure)', pipeline('spell', '[{plugin: text-cleanup}, {plugin: section-detect}]', '[{plugin: docbook, path: %s}]' % o('t.xml'))),
    ('full (every stage, EPUB + DocBook + XSL-FO)', pipeline('full', stages3,
        '[{plugin: epub, path: %s}, {plugin: docbook, path: %s}, {plugin: xsl-fo, path: %s}]' % (o('b.epub'), o('b.xml'), o('b.fo')))),
]
print('pubpipe bench: %d articles, %.1f MB of raw text, %d cores' % (n, mb, os.cpu_count()))
fl = floor()
print('floor (read, parse, zip the same bytes in Python): %.2f s' % fl)
print('%-46s %4s %8s %10s %8s %9s' % ('run', '-j', 'seconds', 'articles/s', 'MB/s', 'peak MiB'))
full, stages = {}, {}
for label, path in runs:
    for j in (1, 2):
        wall, peak = measure([pubpipe, 'run', path, '-j', str(j), '--no-cache'])
        print('%-46s %4d %8.2f %10.0f %8.2f %9.0f' % (label, j, wall, n / wall, mb / wall, peak))
        if label.startswith('full'):
            full[j] = wall
        if label.startswith('stages (cleanup with'):
            stages[j] = wall
for j in (1, 2):
    print('%-46s %4d %8.2f' % ('writers (full minus cleanup+structure)', j, full[j] - stages[j]))
print('full pipeline: -j 2 is %.2fx -j 1; %.1fx the floor' % (full[1] / full[2], full[2] / fl))
if '--pandoc' in sys.argv:
    if not shutil.which('pandoc'):
        subprocess.run(['apt-get', 'install', '-y', '-q', 'pandoc'], check=True)
    files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))
    wall, peak = measure(['pandoc', '-f', 'markdown', '-t', 'epub3', '-o', o('pandoc.epub'), '--metadata', 'title=Bench'] + files)
    print('%-46s %4s %8.2f %10.0f %8.2f %9.0f' % ('pandoc -f markdown -t epub3', '-', wall, n / wall, mb / wall, peak))
    print('pubpipe full pipeline at -j 2: %.1fx Pandoc\'s articles/s' % (wall / full[2]))
shutil.rmtree(work)
