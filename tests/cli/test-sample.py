#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""plumbline-cli sample-size and sample draw, end to end: sizes checked
against Cochran's formula computed here independently, draws that repeat
with the same seed, stratified shares checked against a largest-remainder
allocation computed here from counts read with sqlite3, the recorded rows,
and the exit-status promises.

Run as: test-sample.py PATH/TO/plumbline-cli  (or PLUMBLINE_CLI=... test-sample.py)
"""

import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
from statistics import NormalDist

CLI = None

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def run(*args, timeout=120):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)


def cochran(population, confidence=0.95, margin=0.05, proportion=0.5):
    z = NormalDist().inv_cdf((1 + confidence) / 2)
    n0 = z * z * proportion * (1 - proportion) / (margin * margin)
    n = n0 / (1 + (n0 - 1) / population)
    return n0, min(population, max(1, math.floor(n + 0.5)))


def hamilton(populations, size):
    """Largest remainder; ties to the larger stratum, then the earlier."""
    total = sum(populations)
    shares = [size * p // total for p in populations]
    order = sorted(range(len(populations)),
                   key=lambda h: (-(size * populations[h] % total), -populations[h], h))
    for h in order[:size - sum(shares)]:
        shares[h] += 1
    return shares


class SampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix='plumbline-sample-')
        cls.demo = os.path.join(cls.dir, 'demo.plumbline')
        result = run('demo', '--out', cls.demo)
        if result.returncode != 0:
            raise RuntimeError('demo failed: ' + result.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def copy(self, name):
        path = os.path.join(self.dir, name)
        shutil.copyfile(self.demo, path)
        return path

    def query(self, path, sql, *params):
        db = sqlite3.connect('file:%s?mode=ro' % path, uri=True)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def size_json(self, *args):
        result = run('sample-size', '--json', *args)
        self.assertEqual(result.returncode, EXIT_OK, result.stderr)
        return json.loads(result.stdout)

    def draw_json(self, path, *args):
        result = run('sample', 'draw', path, '--json', *args)
        self.assertEqual(result.returncode, EXIT_OK, result.stderr)
        return json.loads(result.stdout)

    def test_sample_size(self):
        # Krejcie & Morgan (1970): 10,000 → 370 and 1,000,000 → 384.
        out = self.size_json('--population', '10000')
        self.assertEqual(out['sample_size'], 370)
        self.assertIsInstance(out['sample_size'], int)
        self.assertAlmostEqual(out['n0'], 384.14588206941, places=8)
        self.assertAlmostEqual(out['z'], 1.95996398454, places=9)
        self.assertEqual(out['population'], 10000)
        self.assertEqual(self.size_json('--population', '1000000')['sample_size'], 384)

        for population, confidence, margin, proportion in ((5000, 0.99, 0.03, 0.5),
                                                           (800, 0.90, 0.04, 0.3),
                                                           (12, 0.95, 0.05, 0.5),
                                                           (250000, 0.999, 0.01, 0.2)):
            out = self.size_json('--population', str(population), '--confidence', str(confidence),
                                 '--margin', str(margin), '--proportion', str(proportion))
            n0, size = cochran(population, confidence, margin, proportion)
            self.assertAlmostEqual(out['n0'], n0, places=6)
            self.assertEqual(out['sample_size'], size, (population, confidence, margin))
        self.assertEqual(cochran(5000, 0.99, 0.03)[1], 1347)

        text = run('sample-size', '--population', '10000')
        self.assertEqual(text.returncode, EXIT_OK, text.stderr)
        self.assertIn('Sample 370 of the 10000 records', text.stdout)
        self.assertIn('95% confident', text.stdout)

    def test_sample_size_usage(self):
        for args in ([], ['--population', 'many'], ['--population', '0'], ['--population', '-4'],
                     ['--population', '100', '--confidence', 'high'],
                     ['--population', '100', '--confidence', '1'],
                     ['--population', '100', '--confidence', '95'],
                     ['--population', '100', '--margin', '0.9'],
                     ['--population', '100', '--margin', '0'],
                     ['--population', '100', '--proportion', '1.5'],
                     ['--population', '100', 'extra'], ['--bogus']):
            result = run('sample-size', *args)
            self.assertEqual(result.returncode, EXIT_USAGE, args)
            self.assertIn('plumbline-cli sample-size', result.stderr, args)
            self.assertEqual(result.stdout, '', args)
        result = run('sample-size', '--population', '100', '--margin', '0.9')
        self.assertIn('margin of error must be between 0.1% and 50%', result.stderr)

    def test_draw_repeats_with_its_seed(self):
        path = self.copy('repeat.plumbline')
        first = self.draw_json(path, '--size', '40', '--seed', '12345')
        again = self.draw_json(path, '--size', '40', '--seed', '12345')
        other = self.draw_json(path, '--size', '40', '--seed', '12346')

        self.assertNotEqual(first['sample_id'], again['sample_id'])
        del first['sample_id'], again['sample_id']
        self.assertEqual(first, again)
        self.assertNotEqual([i['interaction_id'] for i in first['items']],
                            [i['interaction_id'] for i in other['items']])

        (population,), = self.query(path, 'SELECT count (*) FROM interactions')
        self.assertEqual(first['population'], population)
        self.assertEqual(first['size'], 40)
        self.assertEqual(first['seed'], 12345)
        self.assertEqual(first['method'], 'simple')
        self.assertEqual(first['strata'], [])
        self.assertEqual(first['allocation'], [])
        ids = [i['interaction_id'] for i in first['items']]
        self.assertEqual(len(set(ids)), 40)
        self.assertEqual([i['position'] for i in first['items']], list(range(1, 41)))

        # Recorded: three samples, their items as drawn, the seed kept.
        rows = self.query(path, 'SELECT id, seed, size, population, method FROM samples ORDER BY id')
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows[0][1:], (12345, 40, population, 'simple'))
        items = self.query(path, 'SELECT interaction_id, status FROM sample_items'
                                 ' WHERE sample_id = ? ORDER BY position', rows[0][0])
        self.assertEqual([r[0] for r in items], ids)
        self.assertTrue(all(r[1] == 'pending' for r in items))
        # Item details match the workspace.
        item = first['items'][0]
        (day, channel), = self.query(path, 'SELECT substr (i.occurred_at, 1, 10), c.code FROM interactions i'
                                           ' JOIN channels c ON c.id = i.channel_id WHERE i.id = ?',
                                     item['interaction_id'])
        self.assertEqual((item['date'], item['channel']), (day, channel))

        # Without --seed one is picked, and recorded.
        picked = self.draw_json(path, '--size', '5')
        (seed,), = self.query(path, 'SELECT seed FROM samples WHERE id = ?', picked['sample_id'])
        self.assertEqual(seed, picked['seed'])

    def test_draw_stratified(self):
        path = self.copy('strata.plumbline')
        out = self.draw_json(path, '--size', '500', '--strata', 'channel,team', '--seed', '9')
        again = self.draw_json(path, '--size', '500', '--strata', 'channel,team', '--seed', '9')
        del out['sample_id'], again['sample_id']
        self.assertEqual(out, again)

        self.assertEqual(out['method'], 'stratified')
        self.assertEqual(out['strata'], ['channel', 'team'])
        counts = self.query(path, 'SELECT i.channel_id, c.team_id, count (*) FROM interactions i'
                                  ' LEFT JOIN colleagues c ON c.id = i.colleague_id'
                                  ' GROUP BY 1, 2 ORDER BY 1, coalesce (2, 0)')
        populations = [n for _, _, n in counts]
        expected = hamilton(populations, 500)
        self.assertEqual([a['population'] for a in out['allocation']], populations)
        self.assertEqual([a['size'] for a in out['allocation']], expected)
        self.assertEqual(sum(a['size'] for a in out['allocation']), 500)
        total = sum(populations)
        for a in out['allocation']:
            self.assertLess(abs(a['size'] - 500 * a['population'] / total), 1)
        self.assertEqual(out['allocation'][1]['stratum'], 'Telephone · Customer Care')

        per_stratum = {}
        for item in out['items']:
            per_stratum[item['stratum']] = per_stratum.get(item['stratum'], 0) + 1
        self.assertEqual(per_stratum, {a['stratum']: a['size'] for a in out['allocation'] if a['size']})

        rows = self.query(path, 'SELECT strata, method, size FROM samples')
        self.assertEqual(rows[0], ('["channel","team"]', 'stratified', 500))

    def test_draw_frame_and_methods(self):
        path = self.copy('frame.plumbline')
        db = sqlite3.connect(path)
        try:
            db.execute("INSERT INTO sampling_frames (name, entity, filter, created_at) VALUES"
                       " ('August', 'interactions', '{\"period_start\":\"2026-08-01\",\"period_end\":\"2026-08-31\"}',"
                       "  '2026-09-01T00:00:00Z'),"
                       " ('Callers', 'population', NULL, '2026-09-01T00:00:00Z')")
            db.execute("UPDATE sampling_frames SET population = 5000 WHERE name = 'Callers'")
            db.commit()
        finally:
            db.close()

        out = self.draw_json(path, '--frame', 'August', '--size', '100', '--method', 'systematic',
                             '--seed', '3')
        self.assertEqual(out['population'], 8451)
        self.assertEqual(out['method'], 'systematic')
        self.assertEqual(len(out['items']), 100)
        self.assertTrue(all('2026-08-01' <= i['date'] <= '2026-08-31' for i in out['items']))

        weekly = self.draw_json(path, '--frame', 'August', '--size', '30', '--strata', 'week',
                                '--min-per-stratum', '2', '--seed', '3')
        self.assertEqual(len(weekly['allocation']), 6)
        self.assertTrue(all(a['size'] >= 2 for a in weekly['allocation']))

        missing = run('sample', 'draw', path, '--frame', 'July', '--size', '10')
        self.assertEqual(missing.returncode, EXIT_FAILED)
        self.assertIn('“July”', missing.stderr)
        self.assertIn('“August”', missing.stderr)
        self.assertIn('“Callers”', missing.stderr)

        population = run('sample', 'draw', path, '--frame', 'Callers', '--size', '10')
        self.assertEqual(population.returncode, EXIT_FAILED)
        self.assertIn('population size only', population.stderr)

        too_many = run('sample', 'draw', path, '--frame', 'August', '--size', '9000')
        self.assertEqual(too_many.returncode, EXIT_FAILED)
        (count,), = self.query(path, 'SELECT count (*) FROM samples')
        self.assertEqual(count, 2)

        text = run('sample', 'draw', path, '--frame', 'August', '--size', '3', '--seed', '1')
        self.assertEqual(text.returncode, EXIT_OK, text.stderr)
        self.assertIn('Drew 3 of 8451 records from “August”', text.stdout)
        self.assertIn('not told about monitoring', text.stdout)

    def test_draw_usage_and_failures(self):
        path = self.copy('usage.plumbline')
        for args in (['sample'], ['sample', 'pick', path], ['sample', 'draw'],
                     ['sample', 'draw', path], ['sample', 'draw', path, '--size', 'ten'],
                     ['sample', 'draw', path, '--size', '0'],
                     ['sample', 'draw', path, '--size', '5', '--seed', '-1'],
                     ['sample', 'draw', path, '--size', '5', '--strata', 'region'],
                     ['sample', 'draw', path, '--size', '5', '--strata', 'team,team'],
                     ['sample', 'draw', path, '--size', '5', '--method', 'cluster'],
                     ['sample', 'draw', path, '--size', '5', '--method', 'stratified'],
                     ['sample', 'draw', path, '--size', '5', '--strata', 'team', '--method', 'simple'],
                     ['sample', 'draw', path, '--size', '5', '--min-per-stratum', '1'],
                     ['sample', 'draw', path, path, '--size', '5']):
            result = run(*args)
            self.assertEqual(result.returncode, EXIT_USAGE, args)
            self.assertIn('plumbline-cli sample', result.stderr, args)
            self.assertEqual(result.stdout, '', args)
        (count,), = self.query(path, 'SELECT count (*) FROM samples')
        self.assertEqual(count, 0)

        missing = os.path.join(self.dir, 'no-such.plumbline')
        result = run('sample', 'draw', missing, '--size', '5', '--json')
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertTrue(result.stderr.strip())
        self.assertEqual(result.stdout, '')
        self.assertFalse(os.path.exists(missing))

        result = run('sample', 'draw', '--help')
        self.assertEqual(result.returncode, EXIT_OK)
        for option in ('--size', '--strata', '--seed', '--frame', '--method', '--json'):
            self.assertIn(option, result.stdout)


if __name__ == '__main__':
    CLI = os.environ.get('PLUMBLINE_CLI')
    if len(sys.argv) > 1 and not sys.argv[1].startswith('-'):
        CLI = sys.argv.pop(1)
    if not CLI:
        sys.exit('Usage: test-sample.py PATH/TO/plumbline-cli')
    CLI = os.path.abspath(CLI)
    unittest.main(verbosity=2)
