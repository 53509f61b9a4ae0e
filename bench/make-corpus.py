#!/usr/bin/env python3
"""make-corpus.py DIR N: writes N unique articles made from samples/articles.

Each article is a sample with its title numbered and its paragraphs
shuffled and lightly varied by a seeded generator, so the corpus is the same
on every run and no two articles are equal."""
import os, random, sys

src = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'samples', 'articles')
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
samples = [open(os.path.join(src, f), encoding='utf-8').read() for f in sorted(os.listdir(src)) if f.endswith('.txt')]
words = 'trade security alliance market policy region partner growth treaty summit'.split()
rng = random.Random(1)
total = 0
for i in range(n):
    text = samples[i % len(samples)]
    first, rest = text.split('\n', 1)
    paras = rest.split('\n')
    body = [p + (' The %s of case %d matters.' % (rng.choice(words), i) if len(p) > 200 else '') for p in paras]
    data = '%s %d\n%s' % (first, i + 1, '\n'.join(body))
    with open(os.path.join(out, 'article-%05d.txt' % (i + 1)), 'w', encoding='utf-8') as f:
        f.write(data)
    total += len(data.encode('utf-8'))
print('%d articles, %.1f MB in %s' % (n, total / 1e6, out))
