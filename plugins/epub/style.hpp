// style.hpp: the default stylesheet of the EPUB: readable body text on
// e-readers (the reader's own font and size are respected), clear headings,
// block quotes, lists, references and glossary notes.
#pragma once

namespace epub {

inline constexpr const char *kDefaultStylesheet = R"css(body { margin: 0 5%; line-height: 1.45; text-align: justify; hyphens: auto; -webkit-hyphens: auto; -epub-hyphens: auto; }
h1, h2, h3, h4, h5, h6 { font-family: sans-serif; text-align: left; hyphens: none; -webkit-hyphens: none; -epub-hyphens: none; line-height: 1.2; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.6em; margin: 1.5em 0 0.3em; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.5em; }
h3 { font-size: 1.1em; margin: 1.3em 0 0.4em; }
h4, h5, h6 { font-size: 1em; font-style: italic; margin: 1em 0 0.3em; }
p { margin: 0; text-indent: 1.2em; orphans: 2; widows: 2; }
h1 + p, h2 + p, h3 + p, h4 + p, header + p, blockquote + p, ul + p, ol + p { text-indent: 0; }
header { margin-bottom: 1.5em; }
header p { text-indent: 0; }
.subtitle { font-style: italic; font-size: 1.1em; margin-top: 0.2em; }
.byline { font-variant: small-caps; letter-spacing: 0.03em; margin-top: 0.6em; }
.date { font-size: 0.9em; color: #555; }
blockquote { margin: 1em 1.5em; font-style: italic; }
blockquote p { text-indent: 0; }
.attribution { text-align: right; font-style: normal; }
ul, ol { margin: 0.6em 0 0.6em 1.2em; padding-left: 1em; }
li { margin: 0.2em 0; }
a { color: inherit; text-decoration: underline; text-decoration-color: #999; }
/* Links inside a paragraph are told apart by more than their colour (WCAG 1.4.1;
   axe's link-in-text-block): glossary terms are underlined, dotted. */
a.citation, a.glossterm { color: #1f4e79; }
a.glossterm { text-decoration: underline dotted; text-decoration-color: currentColor; }
a.citation { text-decoration: none; }
a.noteref { font-size: 0.8em; vertical-align: super; line-height: 0; text-decoration: none; color: #1f4e79; }
.footnotes { margin-top: 1.5em; border-top: 1px solid #999; font-size: 0.9em; }
aside.footnote p { text-indent: 0; margin: 0.3em 0; }
a.note-label { text-decoration: none; }
a.citation { font-size: 0.8em; vertical-align: super; line-height: 0; }
section.see-also ul { list-style-type: square; }
ul.references { list-style: none; margin-left: 0; padding-left: 0; font-size: 0.9em; text-align: left; }
ul.references li { margin: 0.4em 0 0.4em 2em; text-indent: -2em; }
ul.references .label { font-weight: bold; }
a.backlink { text-decoration: none; }
aside.glossentry { margin: 0.4em 0; font-size: 0.95em; }
aside.glossentry p { text-indent: 0; }
dfn { font-style: normal; font-weight: bold; }
.about-author { margin-top: 2em; border-top: 1px solid #999; padding-top: 0.5em; font-size: 0.95em; }
.about-author h2 { font-size: 1em; text-transform: uppercase; letter-spacing: 0.05em; }
.about-author p { text-indent: 0; }
.titlepage { text-align: center; margin-top: 20%; }
.titlepage .title { font-size: 2em; }
.titlepage p { text-indent: 0; margin: 0.5em 0; }
.titlepage .author { font-variant: small-caps; font-size: 1.2em; margin-top: 2em; }
.cover { margin: 0; padding: 0; text-align: center; }
.cover img { max-width: 100%; max-height: 100%; }
nav ol { list-style: none; padding-left: 1em; }
a.external { overflow-wrap: anywhere; }
section[role="doc-index"] ul { list-style: none; padding-left: 0; margin: 0; }
section[role="doc-index"] ul ul { padding-left: 1.5em; }
section[role="doc-index"] li { text-indent: -1em; padding-left: 1em; }
section[role="doc-index"] h2 { font-size: 1.1em; margin: 1em 0 0.3em; }
)css";

}  // namespace epub
