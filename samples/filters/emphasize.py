#!/usr/bin/env python3
"""emphasize.py WORD...: a pubpipe `exec` filter in Python.

Reads one DocBook 5 article on standard input, wraps each whole-word use of
the given words in the article's paragraphs in <emphasis>, and writes the
article to standard output.  Messages go to standard error; a non-zero exit
fails the document."""
import re
import sys
import xml.etree.ElementTree as ET

DB = 'http://docbook.org/ns/docbook'
ET.register_namespace('', DB)
ET.register_namespace('xlink', 'http://www.w3.org/1999/xlink')

words = sys.argv[1:]
if not words:
    sys.exit('emphasize.py: name at least one word to emphasize')
pattern = re.compile(r'\b(%s)\b' % '|'.join(re.escape(w) for w in words))
root = ET.fromstring(sys.stdin.buffer.read())
count = 0


def split(text, parent, index):
    """Emphasizes matches in text, which sits before child `index` of parent
    (index -1: the parent's own text).  Returns the new texts and elements."""
    global count
    parts = pattern.split(text or '')
    if len(parts) == 1:
        return text, []
    made = []
    for k in range(1, len(parts), 2):
        e = ET.Element('{%s}emphasis' % DB)
        e.text = parts[k]
        e.tail = parts[k + 1]
        made.append(e)
        count += 1
    return parts[0], made


for para in root.iter('{%s}para' % DB):
    head, made = split(para.text, para, -1)
    para.text = head
    for k, e in enumerate(made):
        para.insert(k, e)
    for child in list(para):
        if child in made:
            continue
        head, more = split(child.tail, para, 0)
        child.tail = head
        at = list(para).index(child) + 1
        for k, e in enumerate(more):
            para.insert(at + k, e)

sys.stdout.buffer.write(ET.tostring(root, encoding='utf-8', xml_declaration=True))
print('emphasize.py: %d words emphasized' % count, file=sys.stderr)
