#!/usr/bin/env python3
"""@IDENT@.py [--label WORDS]: the pubpipe `exec` filter @NAME@, in Python.

Reads one DocBook 5 article on standard input, counts its words, records
the count in the article's info as <bibliomisc role="@NAME@">N words</bibliomisc>
and writes the article to standard output.  What it writes to standard
error is shown as a note; a non-zero exit fails the document.  Made by
`pubpipe new-plugin`."""
import argparse
import sys
import xml.etree.ElementTree as ET

DB = 'http://docbook.org/ns/docbook'
ET.register_namespace('', DB)
ET.register_namespace('xlink', 'http://www.w3.org/1999/xlink')

parser = argparse.ArgumentParser(description='Counts each article\'s words into its info.')
parser.add_argument('--label', default='words', help='what follows the number')
args = parser.parse_args()

root = ET.fromstring(sys.stdin.buffer.read())
info = root.find('{%s}info' % DB)
if info is None:
    sys.exit('@IDENT@.py: the article has no info element')
words = len(''.join(root.itertext()).split())
misc = ET.SubElement(info, '{%s}bibliomisc' % DB, {'role': '@NAME@'})
misc.text = '%d %s' % (words, args.label)
sys.stdout.buffer.write(ET.tostring(root, encoding='utf-8', xml_declaration=True))
print('@IDENT@.py: %s' % misc.text, file=sys.stderr)
