#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""plumbline-cli analyse, end to end: the JSON's shape, CSAT and NPS
figures and their intervals recomputed here from the workspace with
sqlite3 (Wilson's formula and the NPS variance written out below), segment
rows that add up to the whole, the p chart's centre, the callback change
seen by the control chart, and the exit-status promises.

Run as: test-analyse.py PATH/TO/plumbline-cli  (or PLUMBLINE_CLI=... test-analyse.py)
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
Z95 = NormalDist().inv_cdf(0.975)

RESULT_KEYS = {'period_start', 'period_label', 'segment', 'segment_name', 'n', 'value', 'lower',
               'upper', 'half_width', 'method', 'status', 'insufficient', 'small_sample'}
TREND_KEYS = {'n', 'slope', 'slope_se', 'slope_p', 'r2', 'mann_kendall_s', 'mann_kendall_z',
              'mann_kendall_p', 'kendall_tau', 'sen_slope', 'test', 'direction', 'summary'}


def run(*args, timeout=120):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)


def wilson(k, n, z=Z95):
    """Wilson (1927) score interval, as a percentage."""
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    lower = 0.0 if k == 0 else max(0.0, centre - half)
    upper = 1.0 if k == n else min(1.0, centre + half)
    return 100 * lower, 100 * upper


def nps_interval(promoters, passives, detractors, z=Z95):
    n = promoters + passives + detractors
    pp, pd = promoters / n, detractors / n
    margin = 100 * z * math.sqrt(max(0.0, (pp + pd - (pp - pd) ** 2) / n))
    nps = 100 * (pp - pd)
    return nps, max(-100.0, nps - margin), min(100.0, nps + margin), margin


class AnalyseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix='plumbline-analyse-')
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

    def query(self, sql, *params, path=None):
        db = sqlite3.connect('file:%s?mode=ro' % (path or self.demo), uri=True)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def analyse(self, *args, path=None):
        result = run('analyse', path or self.demo, '--json', *args)
        self.assertEqual(result.returncode, EXIT_OK, result.stderr)
        return json.loads(result.stdout)

    def kpi(self, out, code):
        found = [k for k in out['kpis'] if k['code'] == code]
        self.assertEqual(len(found), 1, code)
        return found[0]

    def test_structure(self):
        out = self.analyse()
        self.assertEqual(out['period'], 'week')
        self.assertIsNone(out['by'])
        self.assertEqual(out['confidence'], 0.95)
        codes = [k['code'] for k in out['kpis']]
        self.assertEqual(codes, [r[0] for r in self.query(
            'SELECT code FROM kpis WHERE archived = 0 ORDER BY position, id')])
        self.assertEqual(len(codes), 8)

        methods = {'csat': 'wilson', 'nps': 'nps', 'ces': 't', 'qa': 't',
                   'complaints': 'wilson', 'asa': 'none', 'fcr': 'none', 'abandonment': 'none'}
        for kpi in out['kpis']:
            self.assertEqual(kpi['method'], methods[kpi['code']], kpi['code'])
            self.assertEqual(kpi['period'], 'week')
            self.assertTrue(kpi['results'], kpi['code'])
            for row in kpi['results']:
                self.assertEqual(set(row), RESULT_KEYS, kpi['code'])
                self.assertIsNone(row['segment'])
                self.assertIsInstance(row['n'], int)
                self.assertIsInstance(row['value'], float)
                self.assertIn(row['status'], ('green', 'amber', 'red'))
                self.assertEqual(row['method'], kpi['method'])
                if kpi['method'] == 'none':
                    self.assertIsNone(row['lower'])
                    self.assertIsNone(row['upper'])
                    self.assertFalse(row['insufficient'])
                elif row['lower'] is not None:
                    self.assertLessEqual(row['lower'], row['value'] + 1e-9)
                    self.assertGreaterEqual(row['upper'], row['value'] - 1e-9)
                    self.assertEqual(row['insufficient'], row['half_width'] > kpi['margin'])
                self.assertEqual(row['small_sample'], row['n'] < kpi['min_sample'])
            starts = [r['period_start'] for r in kpi['results']]
            self.assertEqual(starts, sorted(starts))
            self.assertEqual(set(kpi['trend']), TREND_KEYS, kpi['code'])
            self.assertIn(kpi['trend']['direction'], ('rising', 'falling', 'none'))
            self.assertRegex(kpi['trend']['summary'], r'^(rising|falling|no clear trend)')
            control = kpi['control']
            self.assertEqual(control['chart'], 'p' if kpi['method'] == 'wilson' else 'xmr')
            self.assertEqual(len(control['values']), len(kpi['results']))
            for signal in control['signals']:
                self.assertEqual(set(signal), {'rule', 'period_start', 'side', 'explanation'})
                self.assertIn(signal['rule'], (1, 2, 3, 4))
                self.assertIn(signal['period_start'], starts)
        self.assertEqual(self.kpi(out, 'csat')['method_label'], 'Wilson 95% interval')
        self.assertEqual(self.kpi(out, 'asa')['method_label'], 'No interval')
        self.assertEqual(self.kpi(out, 'csat')['margin'], 5)
        self.assertEqual(self.kpi(out, 'nps')['margin'], 10)
        self.assertIsNone(self.kpi(out, 'asa')['margin'])

    def test_csat_weekly_recomputed(self):
        out = self.analyse('--kpi', 'csat')
        self.assertEqual(len(out['kpis']), 1)
        kpi = out['kpis'][0]
        rows = self.query(
            "SELECT date (r.responded_on, 'weekday 0', '-6 days') AS w, count (*),"
            "       sum (json_extract (r.answers, '$.\"1\"') >= 4)"
            "  FROM responses r"
            " WHERE json_type (r.answers, '$.\"1\"') IN ('integer', 'real')"
            "   AND r.excluded = 0 AND r.trashed_at IS NULL"
            " GROUP BY w ORDER BY w")
        self.assertEqual(len(rows), 26)
        self.assertEqual([r['period_start'] for r in kpi['results']], [r[0] for r in rows])
        total_k = total_n = 0
        for row, (week, n, k) in zip(kpi['results'], rows):
            lower, upper = wilson(k, n)
            self.assertEqual(row['n'], n)
            self.assertAlmostEqual(row['value'], 100 * k / n, places=9)
            self.assertAlmostEqual(row['lower'], lower, places=9)
            self.assertAlmostEqual(row['upper'], upper, places=9)
            status = 'green' if row['value'] >= 85 else 'amber' if row['value'] >= 80 else 'red'
            self.assertEqual(row['status'], status)
            total_k += k
            total_n += n
        # p chart: centre p̄ = Σk/Σn, limits p̄ ± 3√(p̄(1 − p̄)/n_i), in percent.
        p = total_k / total_n
        self.assertAlmostEqual(kpi['control']['center'], 100 * p, places=9)
        for ucl, (week, n, k) in zip(kpi['control']['ucl'], rows):
            self.assertAlmostEqual(ucl, 100 * min(1, p + 3 * math.sqrt(p * (1 - p) / n)), places=9)
        self.assertEqual(kpi['results'][14]['period_label'], 'the week of 6 Jul 2026')

    def test_nps_monthly_recomputed(self):
        kpi = self.analyse('--kpi', 'nps', '--period', 'month')['kpis'][0]
        self.assertEqual(kpi['period'], 'month')
        rows = self.query(
            "SELECT date (r.responded_on, 'start of month') AS m,"
            "       sum (v >= 9), sum (v BETWEEN 7 AND 8), sum (v <= 6)"
            "  FROM (SELECT responded_on, json_extract (answers, '$.\"2\"') AS v FROM responses"
            "         WHERE excluded = 0 AND trashed_at IS NULL) r"
            " WHERE v IS NOT NULL GROUP BY m ORDER BY m")
        self.assertEqual([r['period_start'] for r in kpi['results']], [r[0] for r in rows])
        for row, (month, promoters, passives, detractors) in zip(kpi['results'], rows):
            nps, lower, upper, margin = nps_interval(promoters, passives, detractors)
            self.assertEqual(row['n'], promoters + passives + detractors)
            self.assertAlmostEqual(row['value'], nps, places=9)
            self.assertAlmostEqual(row['lower'], lower, places=9)
            self.assertAlmostEqual(row['upper'], upper, places=9)
            self.assertEqual(row['insufficient'], margin > 10)
        september = kpi['results'][-1]
        self.assertEqual(september['period_label'], 'September 2026')
        self.assertEqual(september['status'], 'red')

    def test_by_channel(self):
        out = self.analyse('--kpi', 'csat', '--by', 'channel', '--period', 'month')
        self.assertEqual(out['by'], 'channel')
        results = self.kpi(out, 'csat')['results']
        whole = {r['period_start']: r for r in results if r['segment'] is None}
        email = [r for r in results if r['segment'] == 'email']
        self.assertEqual(len(email), 7)
        for row in email:
            self.assertEqual(row['segment_name'], 'Email')
            self.assertLess(row['upper'], 85)          # planted pattern (b)
            self.assertNotEqual(row['status'], 'green')
        for start, row in whole.items():
            parts = [r for r in results if r['segment'] is not None and r['period_start'] == start]
            self.assertEqual(sum(r['n'] for r in parts), row['n'])
        # One month's email figure by hand.
        (n, k), = self.query(
            "SELECT count (*), sum (json_extract (answers, '$.\"1\"') >= 4) FROM responses"
            " WHERE channel_id = (SELECT id FROM channels WHERE code = 'email')"
            "   AND responded_on BETWEEN '2026-08-01' AND '2026-08-31'"
            "   AND json_type (answers, '$.\"1\"') IN ('integer', 'real')")
        august = [r for r in email if r['period_start'] == '2026-08-01'][0]
        self.assertEqual(august['n'], n)
        self.assertAlmostEqual(august['upper'], wilson(k, n)[1], places=9)

        # A metric has no colleague: whole rows only, and it says so.
        asa = self.kpi(self.analyse('--kpi', 'asa', '--by', 'colleague'), 'asa')
        self.assertFalse(asa['segments_available'])
        self.assertTrue(all(r['segment'] is None for r in asa['results']))

    def test_by_weekday(self):
        out = self.analyse('--by', 'weekday', '--period', 'month')
        self.assertEqual(out['by'], 'weekday')
        names = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
        codes = [n.lower() for n in names]
        for kpi in out['kpis']:
            self.assertTrue(kpi['segments_available'], kpi['code'])
            results = kpi['results']
            segments = {r['segment'] for r in results if r['segment'] is not None}
            # Seven days, fewer when a day has no records (no calls on Sundays).
            self.assertLessEqual(segments, set(codes), kpi['code'])
            self.assertGreaterEqual(len(segments), 6, kpi['code'])
            for row in results:
                if row['segment'] is not None:
                    self.assertEqual(row['segment_name'], names[codes.index(row['segment'])])
            whole = [r for r in results if r['segment'] is None]
            for row in whole:
                parts = [r for r in results
                         if r['segment'] is not None and r['period_start'] == row['period_start']]
                self.assertEqual(sum(r['n'] for r in parts), row['n'], kpi['code'])
            self.assertEqual(sum(r['n'] for r in results if r['segment'] is not None),
                             sum(r['n'] for r in whole), kpi['code'])

        # Survey answers come on Sundays too: CSAT has all seven days.
        csat = self.kpi(out, 'csat')
        self.assertEqual({r['segment'] for r in csat['results'] if r['segment']}, set(codes))
        # No calls on Sundays: abandonment has six (pl-demo.c, open Monday to Saturday).
        abandonment = self.kpi(out, 'abandonment')
        self.assertEqual({r['segment'] for r in abandonment['results'] if r['segment']},
                         set(codes[:6]))

        # September's Monday abandonment by hand: strftime('%w') is 1 on Mondays.
        (k, n), = self.query(
            "SELECT sum (numerator), sum (denominator) FROM metric_values"
            " WHERE series_id = (SELECT metric_id FROM kpis WHERE code = 'abandonment')"
            "   AND period = 'day' AND period_start BETWEEN '2026-09-01' AND '2026-09-30'"
            "   AND strftime ('%w', period_start) = '1'")
        monday = [r for r in abandonment['results']
                  if r['segment'] == 'monday' and r['period_start'] == '2026-09-01'][0]
        self.assertEqual(monday['n'], n)
        self.assertAlmostEqual(monday['value'], 100 * k / n, places=9)
        others = [r for r in abandonment['results']
                  if r['segment'] not in (None, 'monday') and r['period_start'] == '2026-09-01']
        for row in others:
            self.assertLess(row['value'], monday['value'])   # planted pattern (c)

        text = run('analyse', self.demo, '--kpi', 'abandonment', '--by', 'weekday')
        self.assertEqual(text.returncode, EXIT_OK, text.stderr)
        self.assertIn('Monday', text.stdout)
        self.assertNotIn('not recorded per colleague', text.stdout)

    def test_quarter_and_callback_signal(self):
        quarters = self.kpi(self.analyse('--kpi', 'qa', '--period', 'quarter'), 'qa')
        self.assertEqual([r['period_start'] for r in quarters['results']],
                         ['2026-01-01', '2026-04-01', '2026-07-01'])
        self.assertEqual([r['period_label'] for r in quarters['results']],
                         ['Q1 2026', 'Q2 2026', 'Q3 2026'])
        self.assertEqual(sum(r['n'] for r in quarters['results']), 600)

        asa = self.kpi(self.analyse('--kpi', 'asa'), 'asa')
        below = [s for s in asa['control']['signals']
                 if s['side'] == 'below' and s['period_start'] >= '2026-07-27']
        self.assertTrue(below)
        self.assertIn('the week of', below[0]['explanation'])
        self.assertEqual(asa['trend']['direction'], 'falling')

    def test_text(self):
        result = run('analyse', self.demo, '--kpi', 'csat', '--period', 'month', '--by', 'channel')
        self.assertEqual(result.returncode, EXIT_OK, result.stderr)
        self.assertIn('Customer satisfaction (CSAT) (csat): Wilson 95% interval, target 85.0%',
                      result.stdout)
        self.assertIn('September 2026', result.stdout)
        self.assertIn('Email', result.stdout)
        self.assertIn('insufficient sample', result.stdout)
        self.assertIn('Trend: ', result.stdout)

    def test_settings(self):
        path = self.copy('settings.plumbline')
        db = sqlite3.connect(path)
        try:
            db.execute("INSERT INTO settings (key, value) VALUES ('analysis_margin', '50')")
            db.commit()
        finally:
            db.close()
        kpi = self.kpi(self.analyse('--kpi', 'csat', '--period', 'month', '--by', 'colleague',
                                    path=path), 'csat')
        self.assertEqual(kpi['margin'], 50)
        self.assertTrue(all(not r['insufficient'] for r in kpi['results']))

        db = sqlite3.connect(path)
        try:
            db.execute("UPDATE settings SET value = 'wide' WHERE key = 'analysis_margin'")
            db.commit()
        finally:
            db.close()
        result = run('analyse', path, '--json')
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertIn('“wide”', result.stderr)
        self.assertEqual(result.stdout, '')

    def test_exit_status(self):
        result = run('analyse', self.demo, '--kpi', 'nope', '--json')
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertIn('“nope”', result.stderr)
        self.assertIn('csat', result.stderr)
        self.assertEqual(result.stdout, '')

        for args in (['--period', 'year'], ['--period', 'weekly'], ['--by', 'region'],
                     ['--by', 'none'], ['--confidence', '2'], ['--confidence', 'high'],
                     ['--bogus'], [self.demo]):
            result = run('analyse', self.demo, *args)
            self.assertEqual(result.returncode, EXIT_USAGE, args)
            self.assertIn('plumbline-cli analyse', result.stderr, args)
            self.assertEqual(result.stdout, '', args)

        result = run('analyse')
        self.assertEqual(result.returncode, EXIT_USAGE)

        missing = os.path.join(self.dir, 'no-such.plumbline')
        result = run('analyse', missing, '--json')
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertTrue(result.stderr.strip())
        self.assertFalse(os.path.exists(missing))

        result = run('analyse', '--help')
        self.assertEqual(result.returncode, EXIT_OK)
        for option in ('--kpi', '--period', '--by', '--confidence', '--json'):
            self.assertIn(option, result.stdout)
        self.assertIn('weekday', result.stdout)


if __name__ == '__main__':
    CLI = os.environ.get('PLUMBLINE_CLI')
    if len(sys.argv) > 1 and not sys.argv[1].startswith('-'):
        CLI = sys.argv.pop(1)
    if not CLI:
        sys.exit('Usage: test-analyse.py PATH/TO/plumbline-cli')
    CLI = os.path.abspath(CLI)
    unittest.main(verbosity=2)
