#!/usr/bin/python3
"""
Makes the subset fonts of pipeline/report/fonts/ from the DejaVu Sans files of the
`dejavu-fonts-ttf` npm package: the same glyphs, kerning and layout rules for the characters
listed in UNICODES, and nothing else.

Why: resvg (the PNG renderer) parses a font's layout tables for every chart it draws; the full
DejaVu Sans (6,253 glyphs, 40 kB of GPOS) made that about three quarters of the time spent turning
a chart's text into outlines. With the subset the PNGs are the same bytes (tests/report/
font-subset.test.ts renders every covered character both ways), drawn about three times faster.
render.js uses the subset only for an SVG whose every character the subset covers, else the full
files.

Run from the project root with Debian's fontTools (apt-get install python3-fonttools):

    /usr/bin/python3 scripts/subset-fonts.py

It writes DejaVuSans.subset.ttf, DejaVuSans-Bold.subset.ttf, subset.json (where they came from,
the characters both cover, checksums) and LICENSE (DejaVu's, which the subset carries on).
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

SOURCE_DIR = 'node_modules/dejavu-fonts-ttf'
OUT_DIR = 'pipeline/report/fonts'
FACES = ['DejaVuSans', 'DejaVuSans-Bold']
# Latin (with Latin-1, Extended-A and -B, and Extended Additional), Greek, Cyrillic, general
# punctuation, super- and subscripts, currency, letterlike and number forms, arrows, mathematical
# operators, geometric shapes. Combining marks are left out (an SVG with one uses the full files).
UNICODES = ('U+0020-007E,U+00A0-024F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2010-205E,'
            'U+2070-209F,U+20A0-20BF,U+2100-218F,U+2190-21FF,U+2200-22FF,U+25A0-25FF')


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def ranges(codepoints):
    """Sorted code points as inclusive [first, last] runs."""
    runs = []
    for cp in sorted(codepoints):
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return runs


def main():
    parser = argparse.ArgumentParser(
        prog='/usr/bin/python3 scripts/subset-fonts.py',
        description='Makes the subset fonts of pipeline/report/fonts/ (DejaVu Sans cut to the characters '
                    'charts use) from the dejavu-fonts-ttf npm package, with Debian\'s fontTools '
                    '(apt-get install python3-fonttools). Run from the project root; takes no options.')
    # A usage error is one line, as for every script of the project.
    def usage_error(message):
        print("error: %s; see '/usr/bin/python3 scripts/subset-fonts.py --help'" % message, file=sys.stderr)
        sys.exit(2)
    parser.error = usage_error
    parser.parse_args()
    # fontTools is needed only to do the work: --help answers without it.
    import fontTools
    from fontTools import subset
    from fontTools.ttLib import TTFont
    with open(os.path.join(SOURCE_DIR, 'package.json'), encoding='utf-8') as f:
        version = json.load(f)['version']
    os.makedirs(OUT_DIR, exist_ok=True)
    covered = None
    fonts = {}
    for face in FACES:
        source = os.path.join(SOURCE_DIR, 'ttf', face + '.ttf')
        target = os.path.join(OUT_DIR, face + '.subset.ttf')
        options = subset.Options()
        options.layout_features = ['*']
        options.notdef_outline = True
        font = subset.load_font(source, options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, target, options)
        cmap = set(TTFont(target)['cmap'].getBestCmap().keys())
        covered = cmap if covered is None else covered & cmap
        fonts[face + '.subset.ttf'] = {
            'source': face + '.ttf',
            'source_sha256': sha256(source),
            'sha256': sha256(target),
            'glyphs': len(TTFont(target).getGlyphOrder()),
        }
    shutil.copyfile(os.path.join(SOURCE_DIR, 'LICENSE'), os.path.join(OUT_DIR, 'LICENSE'))
    doc = {
        'about': 'Subsets of DejaVu Sans for PNG text, made by scripts/subset-fonts.py; see its header.',
        'source': {'package': 'dejavu-fonts-ttf', 'version': version},
        'fonttools': fontTools.version,
        'unicodes': UNICODES,
        'fonts': fonts,
        'covered': ranges(covered),
    }
    with open(os.path.join(OUT_DIR, 'subset.json'), 'w', encoding='utf-8') as f:
        json.dump(doc, f, indent=2)
        f.write('\n')
    print('wrote %s: %d characters covered by both faces' % (OUT_DIR, len(covered)), file=sys.stderr)


if __name__ == '__main__':
    main()
