#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""plumbline-cli stats kappa, end to end: the published worked examples
(Wikipedia's Cohen's and Fleiss' kappa examples, R irr's "diagnoses" data),
Cohen's standard error computed here independently, missing ratings, the
file errors and their exit statuses, and --help.

Run as: test-kappa.py PATH/TO/plumbline-cli
"""

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from collections import Counter

CLI = None

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# R irr's "diagnoses" data (Fleiss 1971): 30 patients, 6 psychiatrists,
# diagnoses 1 depression, 2 personality disorder, 3 schizophrenia,
# 4 neurosis, 5 other.
DIAGNOSES = [
    '444444', '222555', '233335', '555555', '222444', '113333', '333355',
    '113334', '114444', '555555', '144444', '124444', '222333', '144444',
    '224445', '333335', '111455', '111112', '224444', '133555', '555555',
    '244444', '224555', '114444', '144445', '222224', '111155', '224444',
    '133333', '555555',
]


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))


def cohen_reference(first, second):
    """Cohen's kappa and the Fleiss, Cohen & Everitt (1969) standard error."""
    n = len(first)
    categories = sorted(set(first) | set(second))
    p = Counter(zip(first, second))
    rows = Counter(first)
    cols = Counter(second)
    pr = {c: rows[c] / n for c in categories}
    pc = {c: cols[c] / n for c in categories}
    po = sum(p[(c, c)] for c in categories) / n
    pe = sum(pr[c] * pc[c] for c in categories)
    kappa = (po - pe) / (1 - pe)
    total = 0.0
    for i in categories:
        for j in categories:
            pij = p[(i, j)] / n
            if i == j:
                total += pij * (1 - (pr[i] + pc[i]) * (1 - kappa)) ** 2
            else:
                total += pij * (1 - kappa) ** 2 * (pc[i] + pr[j]) ** 2
    total -= (kappa - pe * (1 - kappa)) ** 2
    se = math.sqrt(total / (n * (1 - pe) ** 2))
    return po, pe, kappa, se


class KappaTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='plumbline-kappa-')

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text, encoding='utf-8'):
        path = os.path.join(self.dir, name)
        with open(path, 'w', encoding=encoding, newline='') as f:
            f.write(text)
        return path

    def kappa_json(self, path):
        result = run('stats', 'kappa', '--ratings', path, '--json')
        self.assertEqual(result.returncode, EXIT_OK, result.stderr)
        return json.loads(result.stdout)

    def assertFails(self, path, status, *fragments):
        result = run('stats', 'kappa', '--ratings', path)
        self.assertEqual(result.returncode, status, result.stdout + result.stderr)
        self.assertEqual(result.stdout, '')
        for fragment in fragments:
            self.assertIn(fragment, result.stderr)
        return result.stderr

    # Published examples

    def test_cohen_wikipedia(self):
        # Wikipedia, "Cohen's kappa": 50 proposals, 20 yes-yes, 5 yes-no,
        # 10 no-yes, 15 no-no: po = 0.7, pe = 0.5, kappa = 0.4.
        rows = ([('Yes', 'Yes')] * 20 + [('Yes', 'No')] * 5 +
                [('No', 'Yes')] * 10 + [('No', 'No')] * 15)
        text = 'Item,A,B\r\n' + ''.join(
            f'P{i + 1},{a},{b}\r\n' for i, (a, b) in enumerate(rows))
        data = self.kappa_json(self.write('proposals.csv', text))
        po, pe, kappa, se = cohen_reference([a for a, _ in rows], [b for _, b in rows])
        self.assertEqual(data['method'], 'cohen')
        self.assertEqual(data['n_items'], 50)
        self.assertEqual(data['n_raters'], 2)
        self.assertEqual(data['n_left_out'], 0)
        self.assertEqual(data['raters'], ['A', 'B'])
        self.assertEqual(data['categories'], ['No', 'Yes'])
        self.assertAlmostEqual(data['agreement'], 0.7, places=12)
        self.assertAlmostEqual(data['expected'], 0.5, places=12)
        self.assertAlmostEqual(data['kappa'], 0.4, places=12)
        self.assertAlmostEqual(kappa, 0.4, places=12)
        # By hand (see test-agreement.c): SE = sqrt(0.2016 / 12.5) = 0.126996.
        self.assertAlmostEqual(se, 0.126996, places=6)
        self.assertAlmostEqual(data['se'], se, places=9)
        self.assertAlmostEqual(data['lower'], 0.4 - 1.959964 * se, places=5)
        self.assertAlmostEqual(data['upper'], 0.4 + 1.959964 * se, places=5)
        self.assertEqual(data['interval'], [data['lower'], data['upper']])
        self.assertEqual(data['interpretation'], 'fair')

    def test_cohen_wikipedia_text(self):
        rows = ([('1', '1')] * 20 + [('1', '0')] * 5 +
                [('0', '1')] * 10 + [('0', '0')] * 15)
        text = 'Reader A;Reader B\n' + ''.join(f'{a};{b}\n' for a, b in rows)
        result = run('stats', 'kappa', '--ratings', self.write('semicolons.csv', text))
        self.assertEqual(result.returncode, EXIT_OK, result.stderr)
        self.assertIn('Cohen’s kappa for two raters (Reader A and Reader B) on 50 items',
                      result.stdout)
        self.assertIn('Agreement: 70.0% of items (50.0% expected by chance)', result.stdout)
        self.assertIn('κ = 0.40: fair agreement', result.stdout)
        self.assertIn('95% interval 0.15 to 0.65', result.stdout)
        self.assertIn('Categories: 0, 1', result.stdout)

    def test_fleiss_wikipedia(self):
        # Wikipedia, "Fleiss' kappa" (after Fleiss 1971): 10 subjects, 14
        # raters, 5 categories: P-bar 0.378, Pe-bar 0.213, kappa 0.210.
        counts = [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ]
        lines = [','.join(['subject'] + [f'R{r + 1}' for r in range(14)])]
        for s, row in enumerate(counts):
            ratings = [str(c + 1) for c, k in enumerate(row) for _ in range(k)]
            lines.append(','.join([f'S{s + 1}'] + ratings))
        data = self.kappa_json(self.write('fleiss.csv', '\n'.join(lines) + '\n'))
        self.assertEqual(data['method'], 'fleiss')
        self.assertEqual(data['n_items'], 10)
        self.assertEqual(data['n_raters'], 14)
        self.assertEqual(data['categories'], ['1', '2', '3', '4', '5'])
        self.assertAlmostEqual(data['agreement'], 0.378, delta=5e-4)
        self.assertAlmostEqual(data['expected'], 0.213, delta=5e-4)
        self.assertAlmostEqual(data['kappa'], 0.210, delta=5e-4)
        self.assertAlmostEqual(data['unanimous'], 0.1, places=12)
        self.assertEqual(data['interpretation'], 'fair')
        self.assertNotIn('se', data)

    def test_irr_diagnoses(self):
        # R irr: kappam.fleiss(diagnoses) gives Kappa = 0.43 (the manual's
        # example), kappa2(diagnoses[, 2:3]) gives Kappa = 0.631. The file is
        # as R's write.csv() writes it: quoted, a blank-headed row-name column.
        names = {'1': '1. Depression', '2': '2. Personality Disorder',
                 '3': '3. Schizophrenia', '4': '4. Neurosis', '5': '5. Other'}
        header = '"",' + ','.join(f'"rater{r}"' for r in range(1, 7))
        lines = [header] + [f'"{i + 1}",' + ','.join(f'"{names[c]}"' for c in row)
                            for i, row in enumerate(DIAGNOSES)]
        data = self.kappa_json(self.write('diagnoses.csv', '\n'.join(lines) + '\n'))
        self.assertEqual(data['method'], 'fleiss')
        self.assertEqual(data['n_raters'], 6)
        self.assertEqual(data['raters'][0], 'rater1')
        self.assertEqual(data['n_items'], 30)
        self.assertEqual(data['categories'][0], '1. Depression')
        self.assertAlmostEqual(data['kappa'], 0.430, delta=5e-4)
        self.assertAlmostEqual(data['agreement'], 0.555556, delta=1e-6)
        self.assertEqual(data['interpretation'], 'moderate')

        pair = ['rater2,rater3'] + [f'{row[1]},{row[2]}' for row in DIAGNOSES]
        data = self.kappa_json(self.write('pair.csv', '\n'.join(pair) + '\n'))
        po, pe, kappa, se = cohen_reference([r[1] for r in DIAGNOSES], [r[2] for r in DIAGNOSES])
        self.assertAlmostEqual(data['kappa'], 0.631, delta=5e-4)
        self.assertAlmostEqual(data['kappa'], kappa, places=12)
        self.assertAlmostEqual(data['se'], se, places=9)
        self.assertEqual(data['interpretation'], 'substantial')

    def test_missing_ratings_cohen(self):
        # Items 2 and 4 lack a rating and are left out: the four kept are
        # (yes, yes), (no, no), (yes, no), (no, no): po 0.75, pe 0.5, kappa 0.5.
        text = 'item,Ann,Ben\n1,yes,yes\n2,no,\n3,no,no\n4,,yes\n5,yes,no\n6,no,no\n'
        data = self.kappa_json(self.write('missing.csv', text))
        self.assertEqual(data['n_items'], 4)
        self.assertEqual(data['n_left_out'], 2)
        self.assertAlmostEqual(data['kappa'], 0.5, places=12)
        result = run('stats', 'kappa', '--ratings', os.path.join(self.dir, 'missing.csv'))
        self.assertIn('Left out: 2 items', result.stdout)

    # Errors

    def test_missing_rating_fleiss(self):
        text = 'Ann,Ben,Cleo\nyes,yes,no\nno,,no\n'
        self.assertFails(self.write('gap.csv', text), EXIT_FAILED,
                         'Item 2 has 2 of 3 ratings')

    def test_one_category(self):
        text = 'Ann,Ben\nyes,yes\nyes,yes\nyes,yes\n'
        self.assertFails(self.write('same.csv', text), EXIT_FAILED,
                         'kappa is undefined', '“yes”', '100.0%')

    def test_one_column(self):
        self.assertFails(self.write('one.csv', 'Ann\nyes\nno\n'), EXIT_FAILED,
                         'only one rater')
        # A names column does not count as a rater.
        self.assertFails(self.write('named.csv', 'item,Ann\n1,yes\n2,no\n'), EXIT_FAILED,
                         'only one rater')

    def test_ragged(self):
        text = 'Ann,Ben\nyes,yes\nno,no,yes\n'
        self.assertFails(self.write('ragged.csv', text), EXIT_FAILED,
                         'line 3, has 3 cells but the header row has 2')
        text = 'Ann,Ben,Cleo\nyes,yes,yes\nno,no\n'
        self.assertFails(self.write('short.csv', text), EXIT_FAILED,
                         'has 2 cells but the header row has 3')

    def test_empty_and_missing_files(self):
        self.assertFails(self.write('empty.csv', ''), EXIT_FAILED)
        self.assertFails(self.write('header.csv', 'Ann,Ben\n'), EXIT_FAILED)
        self.assertFails(os.path.join(self.dir, 'nowhere.csv'), EXIT_FAILED)

    def test_usage(self):
        result = run('stats', 'kappa')
        self.assertEqual(result.returncode, EXIT_USAGE)
        self.assertIn('--ratings FILE', result.stderr)
        result = run('stats', 'kappa', '--ratings', 'x.csv', 'extra')
        self.assertEqual(result.returncode, EXIT_USAGE)
        result = run('stats', 'kappa', '--bogus')
        self.assertEqual(result.returncode, EXIT_USAGE)

    def test_help(self):
        result = run('stats', 'kappa', '--help')
        self.assertEqual(result.returncode, EXIT_OK)
        for text in ('--ratings', 'header row', 'empty cell', 'Fleiss', 'Cohen',
                     'Landis & Koch', 'item,Ann,Ben'):
            self.assertIn(text, result.stdout)
        result = run('stats', '--help')
        self.assertIn('stats kappa --ratings FILE', result.stdout)


if __name__ == '__main__':
    CLI = sys.argv.pop(1) if len(sys.argv) > 1 else os.environ.get('PLUMBLINE_CLI')
    unittest.main()
