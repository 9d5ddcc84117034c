#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end tests of plumbline-cli: demo, info, export, usage and errors.

Usage: test-cli.py PATH-TO-plumbline-cli   (or set PLUMBLINE_CLI)
"""

import fcntl
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

CLI = None

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# The schema version this build writes (src/core/pl-schema.c).
SCHEMA_VERSION = 9

KPI_CODES = ['csat', 'nps', 'ces', 'fcr', 'asa', 'abandonment', 'complaints', 'qa']


def run(*args, timeout=120):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_only(path):
    return sqlite3.connect('file:%s?mode=ro' % path, uri=True)


class CliTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix='plumbline-cli-')
        cls.demo = os.path.join(cls.dir, 'demo.plumbline')
        started = time.monotonic()
        cls.demo_result = run('demo', '--out', cls.demo, '--json')
        cls.demo_seconds = time.monotonic() - started
        if cls.demo_result.returncode == 0:
            print('demo: %.2f s, %d bytes' % (cls.demo_seconds, os.path.getsize(cls.demo)),
                  file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def assertExit(self, result, code):
        self.assertEqual(result.returncode, code,
                         'exit %d, expected %d\nstdout: %s\nstderr: %s'
                         % (result.returncode, code, result.stdout, result.stderr))


class DemoTests(CliTestCase):
    def test_demo_json(self):
        result = self.demo_result
        self.assertExit(result, EXIT_OK)
        self.assertTrue(os.path.isfile(self.demo))
        data = json.loads(result.stdout)
        self.assertEqual(data['path'], os.path.abspath(self.demo))
        self.assertEqual(data['seed'], 20260927)
        self.assertEqual(data['organisation'], 'Kestrel Home Energy')
        counts = data['counts']
        self.assertIsInstance(counts['interactions'], int)
        self.assertAlmostEqual(counts['interactions'], 50000, delta=2500)
        self.assertAlmostEqual(counts['responses'], 6000, delta=600)
        self.assertEqual(counts['observations'], 600)
        self.assertAlmostEqual(counts['complaints'], 250, delta=50)
        self.assertEqual(counts['kpis'], 8)
        # The counts are the file's.
        with read_only(self.demo) as db:
            self.assertEqual(db.execute('SELECT count(*) FROM interactions').fetchone()[0],
                             counts['interactions'])
            self.assertEqual(db.execute('PRAGMA application_id').fetchone()[0], 0x506C6D62)
        self.assertLess(self.demo_seconds, 10)

    def test_demo_for_people(self):
        out = self.path('people.plumbline')
        result = run('demo', '--out', out, '--seed', '5')
        self.assertExit(result, EXIT_OK)
        self.assertIn('Kestrel Home Energy', result.stdout)
        self.assertIn('Interactions:', result.stdout)
        self.assertIn('Net Promoter Score', result.stdout)
        with read_only(out) as db:
            self.assertEqual(db.execute("SELECT value FROM settings WHERE key = 'demo_seed'")
                             .fetchone()[0], '5')

    def test_demo_same_seed_same_numbers(self):
        out = self.path('again.plumbline')
        result = run('demo', '--out', out, '--json')
        self.assertExit(result, EXIT_OK)
        self.assertEqual(json.loads(result.stdout)['counts'],
                         json.loads(self.demo_result.stdout)['counts'])
        first = json.loads(run('info', self.demo, '--json').stdout)['kpis']
        second = json.loads(run('info', out, '--json').stdout)['kpis']
        self.assertEqual(first, second)

    def test_demo_refuses_existing_file(self):
        before = sha256(self.demo)
        result = run('demo', '--out', self.demo, '--json')
        self.assertExit(result, EXIT_FAILED)
        self.assertIn('already exists', result.stderr)
        self.assertEqual(result.stdout, '')
        self.assertEqual(sha256(self.demo), before)

        other = self.path('notes.txt')
        with open(other, 'w') as f:
            f.write('my notes')
        result = run('demo', '--out', other)
        self.assertExit(result, EXIT_FAILED)
        with open(other) as f:
            self.assertEqual(f.read(), 'my notes')

    def test_demo_usage_errors(self):
        result = run('demo')
        self.assertExit(result, EXIT_USAGE)
        self.assertIn('--out', result.stderr)

        out = self.path('bad-seed.plumbline')
        for seed in ('minus-one', '-1', '4294967296'):
            result = run('demo', '--out', out, '--seed', seed)
            self.assertExit(result, EXIT_USAGE)
            self.assertIn('seed', result.stderr)
        self.assertFalse(os.path.exists(out))

        result = run('demo', '--out', out, 'extra')
        self.assertExit(result, EXIT_USAGE)
        self.assertFalse(os.path.exists(out))

    def test_demo_unwritable_folder(self):
        result = run('demo', '--out', self.path('no-such-folder/demo.plumbline'))
        self.assertExit(result, EXIT_FAILED)
        self.assertNotEqual(result.stderr.strip(), '')


class UsageTests(CliTestCase):
    def test_no_command(self):
        result = run()
        self.assertExit(result, EXIT_USAGE)
        self.assertIn('demo', result.stderr)

    def test_unknown_command(self):
        result = run('frobnicate')
        self.assertExit(result, EXIT_USAGE)
        self.assertIn('frobnicate', result.stderr)
        self.assertEqual(result.stdout, '')

    def test_unknown_option(self):
        for args in (['--frobnicate'], ['info', '--frobnicate', self.demo],
                     ['demo', '--out', self.path('x.plumbline'), '--frobnicate'],
                     ['export', self.demo, '--format', 'xlsx', '--out', self.path('x.xlsx'),
                      '--frobnicate']):
            result = run(*args)
            self.assertExit(result, EXIT_USAGE)
            self.assertIn('frobnicate', result.stderr)
        self.assertFalse(os.path.exists(self.path('x.plumbline')))
        self.assertFalse(os.path.exists(self.path('x.xlsx')))

    def test_help(self):
        result = run('--help')
        self.assertExit(result, EXIT_OK)
        for command in ('demo', 'info', 'export'):
            self.assertIn(command, result.stdout)

        for command, option in (('demo', '--out'), ('demo', '--seed'), ('info', '--json'),
                                ('export', '--format')):
            result = run(command, '--help')
            self.assertExit(result, EXIT_OK)
            self.assertIn(option, result.stdout)
            self.assertIn(command, result.stdout)


class InfoTests(CliTestCase):
    def test_info_json(self):
        result = run('info', self.demo, '--json')
        self.assertExit(result, EXIT_OK)
        data = json.loads(result.stdout)
        self.assertEqual(data['schema_version'], SCHEMA_VERSION)
        self.assertEqual(data['path'], os.path.abspath(self.demo))
        self.assertEqual(data['organisation'], 'Kestrel Home Energy')
        self.assertEqual(data['first_date'], '2026-03-30')
        self.assertEqual(data['last_date'], '2026-09-27')

        # Every table of the schema, with its real row count.
        with read_only(self.demo) as db:
            tables = [r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%'")]
            self.assertEqual(sorted(data['counts']), sorted(tables))
            for table in tables:
                self.assertEqual(data['counts'][table],
                                 db.execute('SELECT count(*) FROM %s' % table).fetchone()[0],
                                 table)
        self.assertAlmostEqual(data['counts']['interactions'], 50000, delta=2500)
        self.assertEqual(data['counts']['observations'], 600)

        kpis = data['kpis']
        self.assertEqual([k['code'] for k in kpis], KPI_CODES)
        for kpi in kpis:
            self.assertIsInstance(kpi['value'], (int, float), kpi['code'])
            self.assertIsInstance(kpi['target'], (int, float), kpi['code'])
            self.assertIn(kpi['status'], ('green', 'amber', 'red'), kpi['code'])
            self.assertRegex(kpi['latest_period'], r'^2026-09-\d\d$')
        # Not all green: the demo has something to talk about.
        self.assertGreater(len({k['status'] for k in kpis}), 1)

    def test_info_values_match_the_data(self):
        data = json.loads(run('info', self.demo, '--json').stdout)
        kpis = {k['code']: k for k in data['kpis']}
        week = kpis['asa']['latest_period']
        with read_only(self.demo) as db:
            wait, answered = db.execute(
                "SELECT sum(wait_s), count(*) FROM interactions WHERE channel_id = 1"
                " AND NOT abandoned AND date(occurred_at) >= ? AND date(occurred_at) < date(?, '+7 days')",
                (week, week)).fetchone()
            self.assertAlmostEqual(kpis['asa']['value'], wait / answered, places=6)

            week = kpis['csat']['latest_period']
            top, n = db.execute(
                "SELECT sum(a.value_num >= 4), count(*) FROM answers a"
                " JOIN responses r ON r.id = a.response_id JOIN questions q ON q.id = a.question_id"
                " WHERE q.code = 'csat' AND r.responded_on >= ? AND r.responded_on < date(?, '+7 days')",
                (week, week)).fetchone()
            self.assertAlmostEqual(kpis['csat']['value'], 100.0 * top / n, places=6)
        self.assertEqual(kpis['csat']['target'], 85)
        self.assertEqual(kpis['asa']['target'], 20)

    def test_info_for_people(self):
        result = run('info', self.demo)
        self.assertExit(result, EXIT_OK)
        self.assertIn(f'Schema version: {SCHEMA_VERSION}', result.stdout)
        self.assertIn('interactions', result.stdout)
        self.assertIn('Average speed of answer', result.stdout)
        self.assertIn('2026-03-30', result.stdout)

    def test_info_random_bytes(self):
        path = self.path('random.plumbline')
        with open(path, 'wb') as f:
            f.write(os.urandom(8192))
        before = sha256(path)
        result = run('info', path, '--json')
        self.assertExit(result, EXIT_FAILED)
        self.assertIn('not a Plumbline workspace', result.stderr)
        self.assertEqual(result.stdout, '')
        self.assertEqual(sha256(path), before)
        self.assertEqual(sorted(f for f in os.listdir(self.dir) if f.startswith('random')),
                         ['random.plumbline'])

    def test_info_other_database(self):
        path = self.path('other.db')
        with sqlite3.connect(path) as db:
            db.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)')
            db.execute("INSERT INTO notes (text) VALUES ('hello')")
        db.close()
        before = sha256(path)
        result = run('info', path)
        self.assertExit(result, EXIT_FAILED)
        self.assertIn('another program', result.stderr)
        self.assertEqual(sha256(path), before)

    def test_info_missing_file(self):
        result = run('info', self.path('nowhere.plumbline'))
        self.assertExit(result, EXIT_FAILED)
        self.assertIn('nowhere.plumbline', result.stderr)

    def test_info_usage(self):
        self.assertExit(run('info'), EXIT_USAGE)
        self.assertExit(run('info', self.demo, self.demo), EXIT_USAGE)

    def test_info_locked(self):
        path = self.path('locked.plumbline')
        shutil.copyfile(self.demo, path)
        before = sha256(path)
        holder = subprocess.Popen(['flock', path, 'sleep', '30'], start_new_session=True)
        try:
            # Wait until flock holds the lock.
            deadline = time.monotonic() + 10
            with open(path, 'rb') as probe:
                while True:
                    try:
                        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        fcntl.flock(probe, fcntl.LOCK_UN)
                    except BlockingIOError:
                        break
                    self.assertLess(time.monotonic(), deadline, 'flock never took the lock')
                    time.sleep(0.05)

            result = run('info', path, '--json')
            self.assertExit(result, EXIT_FAILED)
            self.assertIn('open in another', result.stderr)
            self.assertEqual(result.stdout, '')
            result = run('export', path, '--format', 'xlsx', '--out', self.path('locked.xlsx'))
            self.assertExit(result, EXIT_FAILED)
            self.assertIn('open in another', result.stderr)
        finally:
            os.killpg(holder.pid, signal.SIGTERM)
            holder.wait(timeout=10)
        self.assertEqual(sha256(path), before)
        self.assertFalse(os.path.exists(self.path('locked.xlsx')))
        # Once the lock is gone, it opens.
        self.assertExit(run('info', path), EXIT_OK)


class ExportTests(CliTestCase):
    def test_export_pdf(self):
        out = self.path('report.pdf')
        result = run('export', self.demo, '--format', 'pdf', '--out', out)
        self.assertExit(result, EXIT_USAGE)
        self.assertIn('PDF export is not available in this version; use --format xlsx',
                      result.stderr)
        self.assertFalse(os.path.exists(out))

    def test_export_usage(self):
        out = self.path('usage.xlsx')
        self.assertExit(run('export', self.demo, '--format', 'xlsx'), EXIT_USAGE)
        self.assertExit(run('export', self.demo, '--format', 'docx', '--out', out), EXIT_USAGE)
        self.assertExit(run('export', '--format', 'xlsx', '--out', out), EXIT_USAGE)
        self.assertFalse(os.path.exists(out))

    def test_export_xlsx(self):
        out = self.path('report.xlsx')
        result = run('export', self.demo, '--format', 'xlsx', '--out', out, '--json')
        self.assertExit(result, EXIT_OK)
        data = json.loads(result.stdout)
        self.assertEqual(data['path'], os.path.abspath(out))
        self.assertEqual(data['format'], 'xlsx')
        self.assertEqual(data['kpis'], 8)
        self.assertTrue(zipfile.is_zipfile(out))
        with zipfile.ZipFile(out) as z:
            self.assertIn('xl/workbook.xml', z.namelist())

    def test_export_not_a_workspace(self):
        path = self.path('random-export.plumbline')
        with open(path, 'wb') as f:
            f.write(os.urandom(4096))
        out = self.path('random.xlsx')
        result = run('export', path, '--format', 'xlsx', '--out', out)
        self.assertExit(result, EXIT_FAILED)
        self.assertIn('not a Plumbline workspace', result.stderr)
        self.assertFalse(os.path.exists(out))


if __name__ == '__main__':
    if len(sys.argv) > 1 and not sys.argv[1].startswith('-'):
        CLI = os.path.abspath(sys.argv.pop(1))
    else:
        CLI = os.environ.get('PLUMBLINE_CLI')
    if not CLI or not os.access(CLI, os.X_OK):
        sys.exit('test-cli.py: give the path of plumbline-cli as the first argument')
    os.environ['PLUMBLINE_CLI'] = CLI
    unittest.main(verbosity=2)
