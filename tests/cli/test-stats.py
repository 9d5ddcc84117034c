#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""plumbline-cli stats wilson | nps | trend | control, end to end: every
figure checked against the method computed here independently with the
math and statistics modules only (the t distribution through the regularized
incomplete beta function), the exit-status promises, and --help.

Run as: test-stats.py PATH/TO/plumbline-cli  (or PLUMBLINE_CLI=... test-stats.py)
"""

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from statistics import NormalDist, mean, median, stdev

CLI = None

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))


def csv(values):
    return ','.join(repr(v) for v in values)


# Reference implementations

def z_for(confidence):
    return NormalDist().inv_cdf((1 + confidence) / 2)


def wilson(k, n, confidence=0.95):
    z = z_for(confidence)
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return p, max(0.0, centre - half), min(1.0, centre + half)


def nps(promoters, passives, detractors, confidence=0.95):
    n = promoters + passives + detractors
    pp, pd = promoters / n, detractors / n
    variance = (pp + pd - (pp - pd) ** 2) / n
    score = 100 * (pp - pd)
    margin = 100 * z_for(confidence) * math.sqrt(variance)
    return score, margin, max(-100.0, score - margin), min(100.0, score + margin)


def betacf(a, b, x):
    """Continued fraction for the incomplete beta (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for numerator in (m * (b - m) * x / ((a + m2 - 1) * (a + m2)),
                          -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return h


def incomplete_beta(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * betacf(a, b, x) / a
    return 1 - front * betacf(b, a, 1 - x) / b


def t_two_sided_p(t, df):
    return incomplete_beta(df / 2, 0.5, df / (df + t * t))


def sign(v):
    return (v > 0) - (v < 0)


def trend(y):
    n = len(y)
    x = list(range(n))
    mx, my = mean(x), mean(y)
    sxx = sum((a - mx) ** 2 for a in x)
    slope = sum((a - mx) * (b - my) for a, b in zip(x, y)) / sxx
    intercept = my - slope * mx
    sse = sum((b - intercept - slope * a) ** 2 for a, b in zip(x, y))
    syy = sum((b - my) ** 2 for b in y)
    se = math.sqrt(sse / (n - 2) / sxx)
    p = t_two_sided_p(slope / se, n - 2) if se > 0 else (1.0 if syy == 0 else 0.0)
    r2 = 1 - sse / syy if syy > 0 else 0.0

    s = sum(sign(y[j] - y[i]) for i in range(n) for j in range(i + 1, n))
    groups = {}
    for v in y:
        groups[v] = groups.get(v, 0) + 1
    ties = [t for t in groups.values() if t > 1]
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties)) / 18
    z = 0.0 if s == 0 else (s - sign(s)) / math.sqrt(var)
    mk_p = 2 * (1 - NormalDist().cdf(abs(z)))
    pairs = n * (n - 1) / 2
    tied_pairs = sum(t * (t - 1) / 2 for t in ties)
    tau = s / math.sqrt((pairs - tied_pairs) * pairs)
    sen = median((y[j] - y[i]) / (j - i) for i in range(n) for j in range(i + 1, n))
    return dict(slope=slope, intercept=intercept, slope_se=se, slope_p=p, r2=r2,
                mann_kendall_s=s, mann_kendall_z=z, mann_kendall_p=mk_p,
                kendall_tau=tau, sen_slope=sen)


def western_electric(values, sigmas, centre):
    """Signals (rule, point) from the handbook's wording, each at the point
    that completes the pattern, which must itself be in the zone."""
    z = [(v - centre) / s if s > 0 else 0.0 for v, s in zip(values, sigmas)]
    side = [sign(v - centre) if s > 0 else 0 for v, s in zip(values, sigmas)]
    found = []
    for i, sd in enumerate(side):
        if sd == 0:
            continue
        if abs(z[i]) > 3:
            found.append((1, i))
        for rule, window, needed, zone in ((2, 3, 2, 2), (3, 5, 4, 1)):
            if i + 1 >= window and sd * z[i] > zone and \
                    sum(1 for k in range(i + 1 - window, i + 1) if sd * z[k] > zone) >= needed:
                found.append((rule, i))
        if i >= 7 and all(side[k] == sd for k in range(i - 7, i + 1)):
            found.append((4, i))
    return found


MORTGAGE = [310, 288, 297, 298, 307, 303, 294, 297, 308, 306,
            294, 299, 297, 299, 314, 295, 293, 306, 301, 304]
ORANGE_JUICE = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
                8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]
PEACHES = [47, 42, 55, 51, 46, 61, 39, 44, 41, 51, 88, 101, 101, 40, 48,
           47, 50, 48, 57, 45, 43, 105, 98, 100, 96]
PEACH_SIZES = [250] * 10 + [500] * 3 + [250] * 8 + [500] * 4
LITTLE = [12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7]


class StatsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix='plumbline-stats-')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, 'w', encoding='utf-8', newline='') as f:
            f.write(text)
        return path

    def json_of(self, *args):
        result = run('stats', *args, '--json')
        self.assertEqual(result.returncode, EXIT_OK, result.stderr)
        self.assertEqual(result.stderr, '')
        return json.loads(result.stdout)

    def assertUsage(self, *args, words=None):
        result = run('stats', *args)
        self.assertEqual(result.returncode, EXIT_USAGE, (args, result.stderr))
        self.assertEqual(result.stdout, '', args)
        self.assertIn('plumbline-cli stats', result.stderr, args)
        if words:
            self.assertIn(words, result.stderr, args)
        return result

    def assertNumber(self, value, expected, places=10):
        self.assertIsInstance(value, (int, float))
        self.assertNotIsInstance(value, bool)
        self.assertAlmostEqual(value, expected, places=places)

    # stats

    def test_stats_names_its_calculations(self):
        for args in ([], ['median'], ['--wilson']):
            result = self.assertUsage(*args)
            for name in ('wilson', 'nps', 'trend', 'control'):
                self.assertIn(name, result.stderr, args)

        result = run('stats', '--help')
        self.assertEqual(result.returncode, EXIT_OK)
        for name in ('wilson', 'nps', 'trend', 'control'):
            self.assertIn('plumbline-cli stats ' + name, result.stdout)

        options = {'wilson': ('--successes', '--trials', '--confidence', '--json', 'Wilson'),
                   'nps': ('--scores', '--counts', '--confidence', '--json', 'one per line'),
                   'trend': ('--values', '--json', 'Mann–Kendall', 'Sen'),
                   'control': ('--chart', '--values', '--sizes', '--subgroup-size', '--json',
                               'Western Electric')}
        for name, words in options.items():
            result = run('stats', name, '--help')
            self.assertEqual(result.returncode, EXIT_OK, name)
            for word in words:
                self.assertIn(word, result.stdout, (name, word))

    # wilson

    def test_wilson(self):
        # Newcombe (1998) Stat Med 17:857, Table II, score method, to 4 decimals.
        for k, n, lower, upper in ((81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605),
                                   (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)):
            out = self.json_of('wilson', '--successes', str(k), '--trials', str(n))
            p, lo, hi = wilson(k, n)
            self.assertNumber(out['proportion'], p, 12)
            self.assertNumber(out['lower'], lo, 12)
            self.assertNumber(out['upper'], hi, 12)
            self.assertAlmostEqual(out['lower'], lower, delta=0.00005)
            self.assertAlmostEqual(out['upper'], upper, delta=0.00005)

        out = self.json_of('wilson', '--successes', '7', '--trials', '40', '--confidence', '0.9')
        p, lo, hi = wilson(7, 40, 0.9)
        self.assertNumber(out['lower'], lo, 12)
        self.assertNumber(out['upper'], hi, 12)

        text = run('stats', 'wilson', '--successes', '81', '--trials', '263')
        self.assertEqual(text.returncode, EXIT_OK, text.stderr)
        self.assertIn('Proportion: 30.8% (81 of 263)', text.stdout)
        self.assertIn('Wilson 95% interval: 25.5% to 36.6%', text.stdout)
        text = run('stats', 'wilson', '--successes', '81', '--trials', '263', '--confidence', '0.975')
        self.assertIn('Wilson 97.5% interval:', text.stdout)

    def test_wilson_usage(self):
        self.assertUsage('wilson', words='--successes')
        self.assertUsage('wilson', '--successes', '3', words='--trials')
        self.assertUsage('wilson', '--successes', 'three', '--trials', '10')
        self.assertUsage('wilson', '--successes', '-1', '--trials', '10')
        self.assertUsage('wilson', '--successes', '11', '--trials', '10',
                         words='between 0 and the number of cases')
        self.assertUsage('wilson', '--successes', '0', '--trials', '0', words='at least one case')
        self.assertUsage('wilson', '--successes', '1', '--trials', '10', '--confidence', '95',
                         words='less than 100%')
        self.assertUsage('wilson', '--successes', '1', '--trials', '10', '--confidence', 'high')
        self.assertUsage('wilson', '--successes', '1', '--trials', '10', 'extra')
        self.assertUsage('wilson', '--bogus')

    # nps

    def test_nps_counts(self):
        for counts, confidence in (((120, 45, 35), 0.95), ((19, 0, 1), 0.95),
                                   ((3, 10, 40), 0.9), ((7, 7, 7), 0.99)):
            out = self.json_of('nps', '--counts', csv(counts), '--confidence', str(confidence))
            score, margin, lower, upper = nps(*counts, confidence)
            self.assertNumber(out['nps'], score)
            self.assertNumber(out['margin'], margin)
            self.assertNumber(out['lower'], lower)
            self.assertNumber(out['upper'], upper)
            self.assertEqual((out['promoters'], out['passives'], out['detractors']), counts)
            self.assertEqual(out['n'], sum(counts))
            self.assertIsInstance(out['n'], int)
        # Clamped at +100.
        self.assertEqual(self.json_of('nps', '--counts', '19,0,1')['upper'], 100)

        text = run('stats', 'nps', '--counts', '120,45,35')
        self.assertEqual(text.returncode, EXIT_OK, text.stderr)
        self.assertIn('Net Promoter Score: +42.5 from 200 responses', text.stdout)
        self.assertIn('95% interval from the variance of promoters minus detractors: '
                      '+31.8 to +53.2 (±10.7 points)', text.stdout)

    def test_nps_scores(self):
        scores = [10, 9, 0, 6, 7, 8, 9, 10, 3, 10, 9, 8, 5]
        promoters = sum(1 for s in scores if s >= 9)
        detractors = sum(1 for s in scores if s <= 6)
        expected = nps(promoters, len(scores) - promoters - detractors, detractors)

        plain = self.write('plain.txt', '\n'.join(map(str, scores)) + '\n\n')
        sheet = self.write('sheet.csv', '\ufeff"Likelihood to recommend"\r\n' +
                           '\r\n'.join('"%d"' % s for s in scores[:5]) + '\r\n\r\n' +
                           '\r\n'.join(map(str, scores[5:])) + '\r\n')
        for path in (plain, sheet):
            out = self.json_of('nps', '--scores', path)
            self.assertEqual((out['promoters'], out['detractors'], out['n']),
                             (promoters, detractors, len(scores)), path)
            self.assertNumber(out['nps'], expected[0])
            self.assertNumber(out['margin'], expected[1])

    def test_nps_bad_files(self):
        bad = self.write('bad.txt', '9\n10\n\n11\n')
        result = run('stats', 'nps', '--scores', bad)
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertIn('line 4', result.stderr)
        self.assertIn('“11”', result.stderr)
        self.assertEqual(result.stdout, '')

        for name, text, words in (('half.txt', 'score\n9\n7.5\n', 'line 3'),
                                  ('word.txt', '9\nten\n', 'line 2'),
                                  ('wide.csv', 'score,channel\n9,phone\n', 'line 1'),
                                  ('empty.txt', '\n\n', 'no scores'),
                                  ('heading.txt', 'score\n', 'no scores')):
            result = run('stats', 'nps', '--scores', self.write(name, text), '--json')
            self.assertEqual(result.returncode, EXIT_FAILED, name)
            self.assertIn(words, result.stderr, name)
            self.assertEqual(result.stdout, '', name)

        missing = run('stats', 'nps', '--scores', os.path.join(self.dir, 'none.txt'))
        self.assertEqual(missing.returncode, EXIT_FAILED)
        self.assertTrue(missing.stderr.strip())

    def test_nps_usage(self):
        path = self.write('ok.txt', '9\n')
        self.assertUsage('nps', words='--scores FILE')
        self.assertUsage('nps', '--scores', path, '--counts', '1,2,3')
        self.assertUsage('nps', '--counts', '1,2')
        self.assertUsage('nps', '--counts', '1,2,x')
        self.assertUsage('nps', '--counts', '1,-2,3')
        self.assertUsage('nps', '--counts', '0,0,0', words='at least one response')
        self.assertUsage('nps', '--counts', '1,2,3', '--confidence', '0')
        self.assertUsage('nps', '--scores', path, '--confidence', '2')

    # trend

    def check_trend(self, values):
        out = self.json_of('trend', '--values', csv(values))
        expected = trend(values)
        for key, value in expected.items():
            if key == 'mann_kendall_s':
                self.assertEqual(out[key], value)
                self.assertIsInstance(out[key], int)
            elif key == 'slope_p':
                self.assertAlmostEqual(out[key], value, delta=1e-9 + 1e-7 * value)
            else:
                self.assertNumber(out[key], value, 9)
        self.assertEqual(out['n'], len(values))
        self.assertEqual(out['kendall_tau_kind'], 'b')
        return out

    def test_trend(self):
        # J. Little's worked example (Holy Cross): S = 54, Z = 2.9058.
        out = self.check_trend(LITTLE)
        self.assertEqual(out['mann_kendall_s'], 54)
        self.assertAlmostEqual(out['mann_kendall_z'], 2.9058, places=4)
        self.assertEqual(out['summary'], 'rising, significant (p = 0.004)')
        self.assertEqual(out['direction'], 'rising')

        falling = self.check_trend([71, 70, 72, 66, 65, 67, 61, 60, 58, 59, 55, 54])
        self.assertEqual(falling['direction'], 'falling')
        self.assertEqual(falling['method'], 'least-squares')
        self.assertTrue(falling['summary'].startswith('falling, significant (p '))

        flat = self.check_trend([3.1, 2.9, 3.3, 3.0, 2.8, 3.2, 3.1, 2.9, 3.0, 3.2, 2.9, 3.1])
        self.assertEqual(flat['direction'], 'none')
        self.assertTrue(flat['summary'].startswith('no clear trend (p = 0.'))

        short = self.check_trend([4, 4, 5, 5, 6])   # ties, n < 10
        self.assertEqual(short['method'], 'mann-kendall')

        text = run('stats', 'trend', '--values', csv(LITTLE))
        self.assertEqual(text.returncode, EXIT_OK, text.stderr)
        self.assertIn('Trend over 14 values: rising, significant (p = 0.004)', text.stdout)
        self.assertIn('Judged by the Mann–Kendall test', text.stdout)
        self.assertIn('Least-squares slope:', text.stdout)
        self.assertIn('Mann–Kendall test: S = 54, Z = 2.91, p = 0.004', text.stdout)
        self.assertIn('Sen’s slope:', text.stdout)

    def test_trend_usage(self):
        self.assertUsage('trend', words='--values')
        self.assertUsage('trend', '--values', '1,2', words='at least 3 values')
        self.assertUsage('trend', '--values', '1,two,3')
        self.assertUsage('trend', '--values', '1,,3')
        self.assertUsage('trend', '--values', '1,nan,3')
        self.assertUsage('trend', '--values', ','.join(['1'] * 2001), words='at most 2000')

    # control

    def test_control_xmr(self):
        out = self.json_of('control', '--chart', 'xmr', '--values', csv(MORTGAGE))
        centre = mean(MORTGAGE)
        mr = mean(abs(b - a) for a, b in zip(MORTGAGE, MORTGAGE[1:]))
        self.assertNumber(out['center'], centre)
        self.assertNumber(out['ucl'], centre + 2.66 * mr)
        self.assertNumber(out['lcl'], centre - 2.66 * mr)
        self.assertAlmostEqual(out['ucl'], 321.22, places=2)   # Montgomery Example 6.5
        self.assertNumber(out['moving_range']['center'], mr)
        self.assertNumber(out['moving_range']['ucl'], 3.267 * mr)
        self.assertEqual(out['signals'], [])
        self.assertEqual(out['chart'], 'xmr')

        step = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 12, 13, 12, 13, 12, 13, 12, 13, 12, 13]
        out = self.json_of('control', '--chart', 'xmr', '--values', csv(step))
        mr = mean(abs(b - a) for a, b in zip(step, step[1:]))
        expected = western_electric(step, [2.66 * mr / 3] * len(step), mean(step))
        self.assertEqual([(s['rule'], s['point']) for s in out['signals']], expected)
        self.assertTrue(all(s['explanation'] for s in out['signals']))

        text = run('stats', 'control', '--chart', 'xmr', '--values', csv(MORTGAGE))
        self.assertEqual(text.returncode, EXIT_OK, text.stderr)
        self.assertIn('Centre line: 300.5', text.stdout)
        self.assertIn('Control limits: 279.78 to 321.22', text.stdout)
        self.assertIn('No special-cause signals', text.stdout)

    def test_control_p(self):
        sizes = [50] * len(ORANGE_JUICE)
        out = self.json_of('control', '--chart', 'p', '--values', csv(ORANGE_JUICE),
                           '--sizes', csv(sizes))
        p = sum(ORANGE_JUICE) / sum(sizes)
        sigma = math.sqrt(p * (1 - p) / 50)
        self.assertNumber(out['center'], p)
        self.assertNumber(out['ucl'], p + 3 * sigma)
        self.assertNumber(out['lcl'], p - 3 * sigma)
        expected = western_electric([k / 50 for k in ORANGE_JUICE], [sigma] * 30, p)
        self.assertEqual([(s['rule'], s['point']) for s in out['signals']], expected)
        # Montgomery Example 7.1: samples 15 and 23 beyond the upper limit.
        self.assertEqual([s['point'] + 1 for s in out['signals'] if s['rule'] == 1], [15, 23])

        out = self.json_of('control', '--chart', 'p', '--values', csv(PEACHES),
                           '--sizes', csv(PEACH_SIZES))
        p = sum(PEACHES) / sum(PEACH_SIZES)
        self.assertNumber(out['center'], 0.193)
        self.assertIsInstance(out['ucl'], list)
        self.assertEqual(len(out['lcl']), 25)
        for n, upper, lower in zip(PEACH_SIZES, out['ucl'], out['lcl']):
            sigma = math.sqrt(p * (1 - p) / n)
            self.assertNumber(upper, p + 3 * sigma)
            self.assertNumber(lower, max(0.0, p - 3 * sigma))

        text = run('stats', 'control', '--chart', 'p', '--values', csv(ORANGE_JUICE),
                   '--sizes', csv(sizes))
        self.assertIn('Rule 1: The value for point 15 is above the upper control limit', text.stdout)

    def test_control_xbar_r(self):
        groups = [[10.2, 9.8, 10.1, 10.0], [10.4, 10.0, 9.9, 10.3], [9.7, 10.1, 10.0, 9.9],
                  [10.0, 10.2, 10.5, 10.1], [9.9, 9.6, 10.0, 10.2], [10.1, 10.0, 10.3, 9.8]]
        values = [v for g in groups for v in g]
        out = self.json_of('control', '--chart', 'xbar-r', '--values', csv(values),
                           '--subgroup-size', '4')
        means = [mean(g) for g in groups]
        r_bar = mean(max(g) - min(g) for g in groups)
        # A2, D3, D4 for n = 4: 0.729, 0, 2.282 (Montgomery, Appendix VI).
        self.assertNumber(out['center'], mean(means))
        self.assertNumber(out['ucl'], mean(means) + 0.729 * r_bar)
        self.assertNumber(out['lcl'], mean(means) - 0.729 * r_bar)
        self.assertNumber(out['range']['center'], r_bar)
        self.assertNumber(out['range']['ucl'], 2.282 * r_bar)
        self.assertNumber(out['range']['lcl'], 0)
        for got, want in zip(out['values'], means):
            self.assertNumber(got, want)
        self.assertEqual(out['subgroup_size'], 4)
        self.assertEqual([(s['rule'], s['point']) for s in out['signals']],
                         western_electric(means, [0.729 * r_bar / 3] * 6, mean(means)))

    def test_control_usage(self):
        self.assertUsage('control', words='--chart')
        self.assertUsage('control', '--chart', 'c', '--values', '1,2,3', words='xmr, p or xbar-r')
        self.assertUsage('control', '--chart', 'xmr', words='--values')
        self.assertUsage('control', '--chart', 'xmr', '--values', '5', words='at least 2 values')
        self.assertUsage('control', '--chart', 'xmr', '--values', '1,a')
        self.assertUsage('control', '--chart', 'xmr', '--values', '1,2', '--sizes', '3,4')
        self.assertUsage('control', '--chart', 'xmr', '--values', '1,2', '--subgroup-size', '2')
        self.assertUsage('control', '--chart', 'p', '--values', '1,2', words='--sizes')
        self.assertUsage('control', '--chart', 'p', '--values', '1,2', '--sizes', '10')
        self.assertUsage('control', '--chart', 'p', '--values', '1.5,2', '--sizes', '10,10')
        self.assertUsage('control', '--chart', 'p', '--values', '11,2', '--sizes', '10,10',
                         words='sample 1')
        self.assertUsage('control', '--chart', 'xbar-r', '--values', '1,2,3,4',
                         words='--subgroup-size')
        self.assertUsage('control', '--chart', 'xbar-r', '--values', '1,2,3,4',
                         '--subgroup-size', '11')
        self.assertUsage('control', '--chart', 'xbar-r', '--values', '1,2,3,4,5',
                         '--subgroup-size', '2', words='do not divide')


if __name__ == '__main__':
    CLI = os.environ.get('PLUMBLINE_CLI')
    if len(sys.argv) > 1 and not sys.argv[1].startswith('-'):
        CLI = sys.argv.pop(1)
    if not CLI:
        sys.exit('Usage: test-stats.py PATH/TO/plumbline-cli')
    CLI = os.path.abspath(CLI)
    unittest.main(verbosity=2)
