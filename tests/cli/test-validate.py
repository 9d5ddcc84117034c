#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""plumbline-cli validate, end to end: make the demo workspace, break a few
rows with plain SQL the way a bad import or a typing slip would, and check
that validate finds exactly those (plus the three same-day repeat
respondents the demo has by chance), keeps decisions across runs, reports
the usable figures, and keeps its exit-status promises.

Run as: test-validate.py PATH/TO/plumbline-cli  (or PLUMBLINE_CLI=... test-validate.py)
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

CLI = None

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

TODAY = '2026-09-27'   # the demo's last day (PL_DEMO_END_DATE)

RULES = ['duplicate-id', 'duplicate-respondent', 'out-of-range', 'incomplete',
         'straight-lining', 'speeder', 'impossible-date', 'scorecard-misfit']

# The demo's own findings: customers who answered two surveys on one day.
DEMO_REPEAT_RESPONDENTS = {3619, 5437, 6012}

# What the breakage below must produce, as (rule, entity, entity_id).
BROKEN = {
    ('duplicate-id', 'responses', 20),
    ('out-of-range', 'responses', 30),
    ('incomplete', 'responses', 40),
    ('speeder', 'responses', 50),
    ('impossible-date', 'responses', 60),
    ('impossible-date', 'complaints', 5),
    ('scorecard-misfit', 'observations', 7),
}
EXPECTED = BROKEN | {('duplicate-respondent', 'responses', i) for i in DEMO_REPEAT_RESPONDENTS}


def run(*args, timeout=120):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)


def break_rows(path):
    db = sqlite3.connect(path)
    try:
        db.executescript('''
            UPDATE responses SET external_ref = 'KX-0001' WHERE id IN (10, 20);
            UPDATE answers SET value_num = 9 WHERE response_id = 30 AND question_id = 1;
            DELETE FROM answers WHERE response_id = 40 AND question_id = 1;
            UPDATE responses SET duration_s = 5 WHERE id = 50;
            UPDATE responses SET duration_s = 240 WHERE id = 51;
            UPDATE responses SET responded_on = '2027-01-04' WHERE id = 60;
            UPDATE complaints SET resolved_on = date (received_on, '-3 days') WHERE id = 5;
            UPDATE observation_scores SET value = 3 WHERE observation_id = 7 AND criterion_id = 1;
        ''')
        db.commit()
    finally:
        db.close()


class ValidateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix='plumbline-validate-')
        cls.demo = os.path.join(cls.dir, 'demo.plumbline')
        result = run('demo', '--out', cls.demo)
        if result.returncode != 0:
            raise RuntimeError('demo failed: ' + result.stderr)
        break_rows(cls.demo)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def copy(self, name):
        path = os.path.join(self.dir, name)
        shutil.copyfile(self.demo, path)
        return path

    def validate_json(self, path, *options):
        started = time.monotonic()
        result = run('validate', path, '--json', '--today', TODAY, *options)
        seconds = time.monotonic() - started
        self.assertEqual(result.returncode, EXIT_OK, result.stderr)
        print('validate %s: %.3f s (in process %d ms)'
              % (' '.join(options) or '(defaults)', seconds, json.loads(result.stdout)['milliseconds']),
              file=sys.stderr)
        return json.loads(result.stdout)

    def test_finds_the_broken_rows(self):
        path = self.copy('found.plumbline')
        report = self.validate_json(path)

        self.assertEqual(report['run_id'], 1)
        self.assertEqual([r['id'] for r in report['rules']], RULES)
        found = {(i['rule'], i['entity'], i['entity_id']) for i in report['issues']}
        self.assertEqual(found, EXPECTED)
        self.assertEqual(report['issues_total'], len(EXPECTED))

        counts = {r['id']: r for r in report['rules']}
        for rule in RULES:
            want = sum(1 for e in EXPECTED if e[0] == rule)
            self.assertEqual(counts[rule]['flagged'], want, rule)
            self.assertEqual(counts[rule]['undecided'], want, rule)
            self.assertEqual(counts[rule]['excluded'], 0, rule)
            self.assertEqual(counts[rule]['kept'], 0, rule)
            self.assertIsInstance(counts[rule]['flagged'], int)
        self.assertEqual(counts['speeder']['name'], 'Completed too quickly')

        for issue in report['issues']:
            self.assertEqual(issue['status'], 'flagged')
            self.assertIsInstance(issue['id'], int)
            self.assertTrue(issue['detail'])

        details = {(i['rule'], i['entity_id']): i['detail'] for i in report['issues']}
        self.assertEqual(details[('duplicate-id', 20)],
                         'Same response id “KX-0001” as response 10 (entered 2026-03-30)')
        self.assertEqual(details[('out-of-range', 30)],
                         'Answer 9 to “csat” is not on its scale of 1 to 5')
        self.assertEqual(details[('incomplete', 40)],
                         'No answer to the required question “csat”')
        self.assertEqual(details[('speeder', 50)],
                         'Completed in 5 seconds, under the minimum of 30 seconds')
        self.assertEqual(details[('impossible-date', 60)],
                         'Dated 2027-01-04, after today (2026-09-27)')
        self.assertRegex(details[('impossible-date', 5)],
                         r'^Resolved on \d{4}-\d\d-\d\d, before it was received on \d{4}-\d\d-\d\d$')
        self.assertIn('scored 3 (allowed: 0 or 1)', details[('scorecard-misfit', 7)])

        usable = report['usable']
        self.assertEqual(usable['responses'], {'total': 6134, 'usable': 6134})
        self.assertEqual(usable['observations'], {'total': 600, 'usable': 600})
        self.assertEqual(usable['complaints']['total'], usable['complaints']['usable'])
        db = sqlite3.connect(path)
        try:
            self.assertEqual(db.execute('SELECT count (*) FROM complaints').fetchone()[0],
                             usable['complaints']['total'])
            # Validation decides nothing by itself.
            self.assertEqual(db.execute('SELECT count (*) FROM responses WHERE excluded').fetchone()[0], 0)
            self.assertEqual(db.execute('SELECT count (*) FROM validation_flags').fetchone()[0],
                             len(EXPECTED))
            settings = json.loads(db.execute('SELECT settings FROM validation_runs').fetchone()[0])
            self.assertEqual(settings['today'], TODAY)
        finally:
            db.close()

    def test_decisions_survive_a_new_run(self):
        path = self.copy('decided.plumbline')
        self.validate_json(path)

        # What the app's "Exclude" does to the speeder (one transaction there).
        db = sqlite3.connect(path)
        try:
            db.executescript('''
                UPDATE validation_flags SET status = 'excluded', decided_at = '2026-09-28T09:00:00Z'
                 WHERE rule = 'speeder';
                UPDATE responses SET excluded = 1, exclusion_reason = 'Completed too quickly'
                 WHERE id = 50;
                UPDATE answers SET value_num = 4 WHERE response_id = 30 AND question_id = 1;
            ''')
            db.commit()
        finally:
            db.close()

        report = self.validate_json(path)
        self.assertEqual(report['run_id'], 2)
        counts = {r['id']: r for r in report['rules']}
        self.assertEqual(counts['speeder']['excluded'], 1)
        self.assertEqual(counts['speeder']['undecided'], 0)
        # The corrected answer's undecided flag is gone.
        self.assertEqual(counts['out-of-range']['flagged'], 0)
        found = {(i['rule'], i['entity'], i['entity_id']) for i in report['issues']}
        self.assertEqual(found, EXPECTED - {('out-of-range', 'responses', 30)})
        self.assertEqual(report['usable']['responses'], {'total': 6134, 'usable': 6133})

        text = run('validate', path, '--today', TODAY)
        self.assertEqual(text.returncode, EXIT_OK, text.stderr)
        # 6,133 of 6,134 is 99.98%: never shown as 100% while one is out.
        self.assertIn('Usable survey responses: 6,133 of 6,134 (99.9%)', text.stdout)

    def test_text_output(self):
        path = self.copy('text.plumbline')
        result = run('validate', path, '--today', TODAY)
        self.assertEqual(result.returncode, EXIT_OK, result.stderr)
        out = result.stdout
        self.assertIn('Usable survey responses: 6,134 of 6,134 (100.0%)', out)
        self.assertIn('Usable observations: 600 of 600 (100.0%)', out)
        self.assertIn('Usable complaints:', out)
        lines = {line.split('  ')[0]: line.split() for line in out.splitlines()}
        self.assertEqual(lines['Same respondent, same day'][-4:], ['3', '0', '0', '3'])
        self.assertEqual(lines['Impossible dates'][-4:], ['2', '0', '0', '2'])
        self.assertEqual(lines['Completed too quickly'][-4:], ['1', '0', '0', '1'])
        self.assertIn('10 flagged records are waiting for a decision', out)

    def test_thresholds(self):
        path = self.copy('thresholds.plumbline')
        report = self.validate_json(path, '--straight-lining', '3', '--speeder-seconds', '4.5')
        counts = {r['id']: r['flagged'] for r in report['rules']}
        # 19 demo customers gave one score to CSAT, NPS and CES alike.
        self.assertEqual(counts['straight-lining'], 19)
        self.assertEqual(counts['speeder'], 0)
        lining = [i for i in report['issues'] if i['rule'] == 'straight-lining']
        self.assertEqual(len(lining), 19)
        self.assertTrue(all(i['detail'].endswith('to all 3 rating questions') for i in lining))

        # Back to the defaults: the undecided straight-lining flags go.
        report = self.validate_json(path, '--speeder-seconds', '300', '--earliest', '2026-04-01')
        counts = {r['id']: r['flagged'] for r in report['rules']}
        self.assertEqual(counts['straight-lining'], 0)
        db = sqlite3.connect(path)
        try:
            fast = db.execute('SELECT count (*) FROM responses WHERE duration_s < 300').fetchone()[0]
            early = db.execute("SELECT count (*) FROM responses WHERE responded_on < '2026-04-01'"
                               ).fetchone()[0]
        finally:
            db.close()
        self.assertEqual(counts['speeder'], fast)
        self.assertEqual(fast, 2)
        self.assertGreater(early, 0)
        self.assertGreaterEqual(counts['impossible-date'], early + 2)

    def test_bad_workspace(self):
        junk = os.path.join(self.dir, 'junk.plumbline')
        with open(junk, 'wb') as f:
            f.write(os.urandom(4096))
        with open(junk, 'rb') as f:
            before = f.read()
        result = run('validate', junk)
        self.assertEqual(result.returncode, EXIT_FAILED)
        self.assertTrue(result.stderr.strip())
        self.assertEqual(result.stdout, '')
        with open(junk, 'rb') as f:
            self.assertEqual(f.read(), before)

        missing = run('validate', os.path.join(self.dir, 'no-such.plumbline'), '--json')
        self.assertEqual(missing.returncode, EXIT_FAILED)
        self.assertTrue(missing.stderr.strip())
        self.assertFalse(os.path.exists(os.path.join(self.dir, 'no-such.plumbline')))

    def test_usage(self):
        path = self.copy('usage.plumbline')
        for args in ([], [path, path], [path, '--straight-lining', '1'],
                     [path, '--straight-lining', 'four'], [path, '--speeder-seconds', '-5'],
                     [path, '--speeder-seconds', 'fast'], [path, '--today', '2026-02-30'],
                     [path, '--today', '27/09/2026'], [path, '--earliest', 'yesterday'],
                     [path, '--no-such-option']):
            result = run('validate', *args)
            self.assertEqual(result.returncode, EXIT_USAGE, args)
            self.assertIn('plumbline-cli validate', result.stderr, args)
            self.assertEqual(result.stdout, '', args)

        db = sqlite3.connect(path)
        try:
            self.assertEqual(db.execute('SELECT count (*) FROM validation_runs').fetchone()[0], 0)
        finally:
            db.close()

        result = run('validate', '--help')
        self.assertEqual(result.returncode, EXIT_OK)
        for option in ('--json', '--straight-lining', '--speeder-seconds', '--today', 'WORKSPACE'):
            self.assertIn(option, result.stdout)


if __name__ == '__main__':
    CLI = os.environ.get('PLUMBLINE_CLI')
    if len(sys.argv) > 1 and not sys.argv[1].startswith('-'):
        CLI = sys.argv.pop(1)
    if not CLI:
        sys.exit('Usage: test-validate.py PATH/TO/plumbline-cli')
    CLI = os.path.abspath(CLI)
    unittest.main(verbosity=2)
