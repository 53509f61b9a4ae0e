#!/usr/bin/env python3
"""make.py: writes mojibake.json and clean.json, the mojibake repair's own suite.

mojibake.json: real text of the kinds that get mojibaked (web pages, e-mail,
subtitles), damaged here the way it happens in the wild: its UTF-8 bytes read
in a single-byte code page (once or twice), with the losses that come with it.
clean.json: text that is right as it is but looks like mojibake (accents,
symbols, math, non-Latin scripts, emoji); the repair must leave it byte for
byte.  Run it again after editing the lists; the JSON files are committed."""
import json, os

def sloppy(enc):
    def dec(b):
        out = []
        for x in b:
            try:
                out.append(bytes([x]).decode(enc))
            except UnicodeDecodeError:
                out.append(chr(x))
        return ''.join(out)
    return dec

def moji(text, enc='cp1252', times=1):
    for _ in range(times):
        text = sloppy(enc)(text.encode('utf-8'))
    return text

here = os.path.dirname(os.path.abspath(__file__))
M = []
def add(label, fixed, original):
    M.append({'label': label, 'original': original, 'fixed': fixed})

# Web pages: UTF-8 served as windows-1252.
for label, t in [
    ('web page: apostrophe and dashes', 'It’s not over — the council’s vote on the “bridge tax” is due in May – or June.'),
    ('web page: French article', 'Le président a déclaré qu’il était prêt à négocier, malgré la grève.'),
    ('web page: German news', 'Die Bürgerinnen und Bürger müssen sich gedulden, heißt es aus dem Ministerium.'),
    ('web page: Spanish', 'El niño pidió una canción más; ¿quién sabe por qué?'),
    ('web page: Portuguese', 'A população está preocupada com a situação económica.'),
    ('web page: price in euros', 'Tickets cost €25 (£21) at the door.'),
    ('web page: ellipsis and bullet', 'Read more… • Share • Comment'),
    ('web page: Turkish city', 'İstanbul’da hava güneşli.'),
    ('web page: Swedish', 'Å andra sidan är det för sent att ångra sig.'),
    ('web page: Icelandic', 'Þórður og Guðrún fóru til Reykjavíkur.'),
    ('web page: trademark and degree', 'Nestlé’s Nescafé™ is served at 80 °C.'),
    ('web page: emoji in a comment', 'Great match today 😍⚽ see you next week'),
    ('web page: Greek in a Latin page', 'The letter λ is used for wavelength.'),
    ('web page: Polish', 'Zażółć gęślą jaźń — to zdanie zawiera wszystkie polskie litery.'),
    ('web page: Czech', 'Příliš žluťoučký kůň úpěl ďábelské ódy.'),
    ('web page: Vietnamese', 'Tiếng Việt có dấu rất khó đọc khi bị lỗi mã hóa.'),
]:
    add(label, t, moji(t))

# E-mail: a quoted message read as Latin-1 (C1 controls where windows-1252 has punctuation).
for label, t in [
    ('e-mail: Latin-1 reading of a reply', 'Thanks – I’ll send the “final” version tomorrow.'),
    ('e-mail: German greeting', 'Viele Grüße aus Köln'),
    ('e-mail: Danish signature', 'Med venlig hilsen, Søren Ørsted'),
]:
    add(label, t, moji(t, 'latin-1'))

# Subtitles: read twice (a UTF-8 file converted "to UTF-8" from windows-1252).
for label, t in [
    ('subtitles: French dialogue, twice', '— Ça va ? — Très bien, merci.'),
    ('subtitles: Spanish, twice', '¡No me digas! ¿De verdad?'),
    ('subtitles: English quote, twice', '“Where’s the car?” she asked.'),
]:
    add(label, t, moji(t, 'cp1252', 2))

# Other code pages.
for label, enc, t in [
    ('web page: Russian read as windows-1251', 'cp1251', 'Москва — столица России'),
    ('web page: Polish read as windows-1250', 'cp1250', 'Gdańsk i Łódź to duże miasta.'),
    ('web page: Lithuanian read as windows-1257', 'cp1257', 'Lietuvos sostinė Vilnius – gražus miestas, ąžuolų ir šviesų kraštas.'),
    ('Mac text: French read as MacRoman', 'mac_roman', 'Le café est très chaud à midi.'),
    ('DOS text: German read as cp437', 'cp437', 'Überprüfung der Größe'),
]:
    add(label, t, moji(t, enc))

# A no-break space lost to a plain space in transit.
add('web page: à before a no-break space that became a space', 'Voilà le résultat', moji('Voilà le résultat').replace('\u00a0', ' '))
# A byte lost to U+FFFD.
add('web page: closing quote lost to U+FFFD', '“lost quote�', 'â€œlost quoteâ€\ufffd')
# A C1 control from windows-1252 punctuation read as Latin-1, in otherwise clean text.
add('e-mail: a C1 ellipsis in clean French', 'Je ne sais pas… peut-être', 'Je ne sais pas\u0085 peut-être')

C = []
for label, t in [
    ('accents: French', 'Élodie a reçu un cadeau de Noël ; où est-il ?'),
    ('accents: German capitals', 'GRÖSSE, ÜBER, ÄRGER — ß und ẞ'),
    ('accents: Portuguese', 'Não há razão para pânico: às vezes é assim.'),
    ('accents: Nordic', 'Håøya, Æbeltoft, Öresund'),
    ('accents: Romanian', 'NICIODATĂ în ţară, şi ăsta e ştiut'),
    ('accents: Hungarian', 'Őrült szőlő, hűvös fű'),
    ('accents: Vietnamese', 'Tiếng Việt: Hà Nội, Đà Nẵng'),
    ('symbols: multiplication and ellipsis', '4288×…'),
    ('symbols: apostrophe after a capital É', 'Join ZZAJÉ’s Official Fan List'),
    ('symbols: Brontë before an ellipsis and a quote', 'I’m not such a fan of Charlotte Brontë…”'),
    ('symbols: registered sign after a capital', 'NESTLÉ® and CAFÉ™'),
    ('symbols: copyright and no-break space', '[x]\u00a0© 2024 Société Générale'),
    ('symbols: currency', '5×£35, ¥1000, €12, ¢50'),
    ('symbols: degrees and primes', '45° 30′ 15″ N, 20 °C'),
    ('symbols: fractions and superscripts', '½ cup, ¾ mile, x² + y³'),
    ('symbols: section and pilcrow', '§ 3 ¶ 2 of the Act'),
    ('symbols: guillemets with no-break spaces', '« Bonjour\u202f! » dit-il'),
    ('symbols: angstrom and em dash', 'a radius of 10 Å—'),
    ('symbols: Spanish inverted marks', '¡Hola! ¿Qué tal?'),
    ('symbols: Greek diaereses as quotes', 'Η ¨ανατροφή¨ δυστυχώς'),
    ('math: square root of pi', '(-1/2)! = √π'),
    ('math: inequalities', 'x ≤ 3, y ≥ 4, z ≠ 5, a ≈ b, ∑ aᵢ, ∫ f dx, ∞'),
    ('math: Greek letters in formulas', 'Δx = v·Δt, α + β = γ, µ = 3 mm'),
    ('math: set notation', '∀x ∈ ℝ, ∃y: x ∩ y = ∅'),
    ('Greek', 'Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.'),
    ('Cyrillic: Russian', 'Съешь же ещё этих мягких французских булок.'),
    ('Cyrillic: Ukrainian capitals', 'ВІКІ is Ukrainian for WIKI'),
    ('Cyrillic: Serbian with Ђ', 'ПоздравЂаво'),
    ('CJK: Chinese', '简体中文和繁體中文都很常用。'),
    ('CJK: Japanese', '日本語のテキストです。'),
    ('CJK: Korean', '한국어 텍스트입니다.'),
    ('Arabic', 'اللغة العربية جميلة'),
    ('Hebrew', 'עברית היא שפה שמית'),
    ('Thai', 'ภาษาไทยเป็นภาษาที่สวยงาม'),
    ('Hindi', 'हिन्दी एक भाषा है'),
    ('emoji', 'Great job 👍🎉 ❤️ 🇫🇷'),
    ('box drawing', '├┤a┼┐a┼┐a'),
    ('kaomoji', '( o¬ô ) ¯\\_(ツ)_/¯'),
    ('Indonesian leetspeak', 'MÄ£ÄM ÌÑÌ Q £ÄGÌ'),
    ('Afrikaans digraph', 'ŉ Chloroplas is ŉ organel'),
    ('ligatures', 'The ﬁrst ﬂoor'),
    ('Portuguese capital Ã', 'C O N C L U S Ã O'),
    ('Finnish capitals before no-break spaces', 'SELKÄ\u00a0EDELLÄ\u00a0MAAHAN'),
    ('soft hyphen inside a word', 'Donau\u00addampf\u00adschiff'),
    ('mixed scripts', 'Tokyo (東京), Moskva (Москва), Athína (Αθήνα)'),
    ('typographic quotes in German', '„Handwerk“ und ‚Kunst‘'),
    ('ordinal indicators', '1º piso, 2ª planta'),
    ('Welsh', 'Mae’r ŵyl yn ŷd'),
    ('Maltese', 'Għawdex u Ħal Qormi'),
    ('Latvian', 'Rīga, Ķemeri, Ņenaševa'),
]:
    C.append({'label': label, 'original': t, 'fixed': t})

for name, data in [('mojibake.json', M), ('clean.json', C)]:
    with open(os.path.join(here, name), 'w', encoding='utf-8') as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write('\n')
print(len(M), 'mojibake cases,', len(C), 'clean texts')
