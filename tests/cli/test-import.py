#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end tests of `plumbline-cli import`: the two real exports in
tests/data, duplicate detection, --force, --undo, --rejects, bad files and
usage errors.

Usage: test-import.py PATH-TO-plumbline-cli   (or set PLUMBLINE_CLI)

Expected figures are computed here, independently of Plumbline, with
Python's csv module over the same files.
"""

import collections
import csv
import hashlib
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
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data')
NPS_FILE = os.path.join(DATA, 'nps-store-survey-fr-latin1.csv')
CFPB_FILE = os.path.join(DATA, 'cfpb-complaints-sample.csv')

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def run(*args, timeout=300):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_only(path):
    return sqlite3.connect('file:%s?mode=ro' % path, uri=True)


def nps_rows():
    with open(NPS_FILE, encoding='latin-1', newline='') as f:
        return list(csv.reader(f))[1:]


def cfpb_rows():
    with open(CFPB_FILE, encoding='utf-8', newline='') as f:
        return list(csv.reader(f))[1:]


class ImportTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix='plumbline-cli-import-')
        cls.base = os.path.join(cls.dir, 'base.plumbline')
        result = run('demo', '--out', cls.base, '--json')
        if result.returncode != 0:
            raise RuntimeError('demo failed: %s' % result.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def setUp(self):
        self.workspace = os.path.join(self.dir, '%s.plumbline' % self.id().split('.')[-1])
        shutil.copyfile(self.base, self.workspace)

    def tearDown(self):
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(self.workspace + suffix):
                os.remove(self.workspace + suffix)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data):
        path = self.path(name)
        with open(path, 'wb') as f:
            f.write(data.encode('utf-8') if isinstance(data, str) else data)
        return path

    def assertExit(self, result, code):
        self.assertEqual(result.returncode, code,
                         'exit %d, expected %d\nstdout: %s\nstderr: %s'
                         % (result.returncode, code, result.stdout, result.stderr))

    def counts(self):
        result = run('info', self.workspace, '--json')
        self.assertExit(result, EXIT_OK)
        counts = json.loads(result.stdout)['counts']
        # Answers live inside responses; the answers view gives one per row.
        counts['answers'] = self.query('SELECT count(*) FROM answers')[0][0]
        return counts

    def query(self, sql, *args):
        with read_only(self.workspace) as db:
            return db.execute(sql, args).fetchall()

    def import_json(self, *args):
        result = run('import', *args, '--into', self.workspace, '--json')
        self.assertExit(result, EXIT_OK)
        self.assertEqual(result.stderr, '')
        return json.loads(result.stdout)

    def import_nps(self, *extra):
        return self.import_json(NPS_FILE, '--kind', 'survey', '--survey', 'NPS magasin',
                                '--map', 'id=response_id', '--map', 'nps=new-question:nps',
                                '--map', 'satisfaction=new-question:likert',
                                '--map', 'explication=comment', '--date', '2024-01-15', *extra)


class RealFileTests(ImportTestCase):
    def test_nps_survey(self):
        rows = nps_rows()
        started = time.monotonic()
        data = self.import_nps()
        seconds = time.monotonic() - started
        print('NPS survey via the CLI: %d rows in %.2f s (%.0f rows/s, %d ms inside the import)'
              % (data['rows_read'], seconds, data['rows_read'] / seconds, data['milliseconds']),
              file=sys.stderr)

        self.assertEqual(data['rows_read'], len(rows))
        self.assertEqual(data['rows_read'], 13954)
        self.assertEqual(data['rows_imported'], 13954)
        self.assertEqual(data['rows_rejected'], 0)
        self.assertEqual(data['problems'], [])
        self.assertEqual(data['sha256'], sha256(NPS_FILE))
        self.assertIn(data['encoding'], ('ISO-8859-1', 'WINDOWS-1252'))
        self.assertEqual(data['delimiter'], ',')
        self.assertEqual(data['header_rows'], 1)
        self.assertIsInstance(data['batch_id'], int)

        batch = data['batch_id']
        self.assertEqual(self.query('SELECT count(*) FROM responses WHERE batch_id = ?'
                                    ' AND responded_on = ?', batch, '2024-01-15'), [(13954,)])

        # The NPS of the stored answers equals the file's, computed here.
        scores = [int(r[2]) for r in rows if r[2] != 'NA']
        promoters = sum(1 for s in scores if s >= 9)
        detractors = sum(1 for s in scores if s <= 6)
        expected = 100.0 * (promoters - detractors) / len(scores)
        (n, nps), = self.query(
            "SELECT count(*), 100.0 * (sum(a.value_num >= 9) - sum(a.value_num <= 6)) / count(*)"
            "  FROM answers a JOIN questions q ON q.id = a.question_id"
            "  JOIN responses r ON r.id = a.response_id"
            " WHERE q.kind = 'nps' AND r.batch_id = ?", batch)
        self.assertEqual(n, len(scores))
        self.assertAlmostEqual(nps, expected, places=9)

        # Comments arrive as written, accents and quotes included.
        comments = {r[1]: r[5] for r in rows if r[5] != 'NA'}
        stored = dict(self.query('SELECT external_ref, comment FROM responses'
                                 ' WHERE batch_id = ? AND comment IS NOT NULL', batch))
        self.assertEqual(len(stored), len(comments))
        self.assertEqual(stored['12153'], comments['12153'])
        self.assertIn('très', stored['12153'])
        differing = [ref for ref, text in comments.items()
                     if stored[ref] != text and not any(0x80 <= ord(c) <= 0x9f for c in text)]
        self.assertEqual(differing, [])

    def test_cfpb_complaints(self):
        rows = cfpb_rows()
        started = time.monotonic()
        data = self.import_json(CFPB_FILE, '--kind', 'complaint',
                                '--map', 'Date received=received',
                                '--map', 'Product=category',
                                '--map', 'Submitted via=channel',
                                '--map', 'Consumer complaint narrative=description',
                                '--map', 'Complaint ID=reference',
                                '--map', 'Date sent to company=-')
        seconds = time.monotonic() - started
        print('CFPB complaints via the CLI: %d rows in %.2f s (%.0f rows/s, %d ms inside the import)'
              % (data['rows_read'], seconds, data['rows_read'] / seconds, data['milliseconds']),
              file=sys.stderr)

        self.assertEqual(data['rows_read'], len(rows))
        self.assertEqual(data['rows_read'], 6623)
        self.assertEqual(data['rows_imported'], 6623)
        self.assertEqual(data['rows_rejected'], 0)
        self.assertEqual(data['encoding'], 'UTF-8')
        self.assertEqual(data['sha256'], sha256(CFPB_FILE))
        batch = data['batch_id']

        # Dates like 2020/3/18.
        by_ref = dict(self.query('SELECT reference, received_on FROM complaints WHERE batch_id = ?', batch))
        for r in rows[:50]:
            y, m, d = r[0].split('/')
            self.assertEqual(by_ref[r[17]], '%04d-%02d-%02d' % (int(y), int(m), int(d)))

        # Every narrative intact.
        narratives = {r[17]: r[5] for r in rows if r[5] != ''}
        stored = dict(self.query('SELECT reference, description FROM complaints'
                                 ' WHERE batch_id = ? AND description IS NOT NULL', batch))
        self.assertEqual(stored, narratives)

        # Complaints per channel and per category equal the file's.
        expected = collections.Counter(r[12] for r in rows)
        per_channel = dict(self.query('SELECT ch.name, count(*) FROM complaints c'
                                      ' JOIN channels ch ON ch.id = c.channel_id'
                                      ' WHERE c.batch_id = ? GROUP BY ch.name', batch))
        # The demo workspace already has an "Email" channel; the others are made.
        self.assertEqual(collections.Counter(per_channel), expected)
        expected = collections.Counter(r[1] for r in rows)
        per_category = dict(self.query('SELECT category, count(*) FROM complaints'
                                       ' WHERE batch_id = ? GROUP BY category', batch))
        self.assertEqual(collections.Counter(per_category), expected)
        self.assertEqual(self.query("SELECT kind FROM channels WHERE name = 'Postal mail'"), [('written',)])


class BatchTests(ImportTestCase):
    def test_duplicate_force_and_undo(self):
        before = self.counts()
        first = self.import_nps()
        after_first = self.counts()
        self.assertEqual(after_first['responses'], before['responses'] + 13954)

        # The same file again is refused and changes nothing.
        result = run('import', NPS_FILE, '--into', self.workspace, '--kind', 'survey', '--json')
        self.assertExit(result, EXIT_FAILED)
        self.assertEqual(result.stdout, '')
        self.assertIn('already imported', result.stderr)
        self.assertIn('--force', result.stderr)
        self.assertIn('--undo %d' % first['batch_id'], result.stderr)
        self.assertEqual(self.counts(), after_first)

        # Under another name it is still the same file.
        copy = self.path('renamed.csv')
        shutil.copyfile(NPS_FILE, copy)
        result = run('import', copy, '--into', self.workspace, '--kind', 'survey')
        self.assertExit(result, EXIT_FAILED)

        # --force imports it again.
        second = self.import_nps('--force')
        self.assertNotEqual(second['batch_id'], first['batch_id'])
        self.assertEqual(self.counts()['responses'], before['responses'] + 2 * 13954)

        # --undo removes one import, and says when there is nothing to undo.
        result = run('import', '--undo', str(second['batch_id']), '--into', self.workspace, '--json')
        self.assertExit(result, EXIT_OK)
        self.assertEqual(json.loads(result.stdout), {'undone': second['batch_id']})
        self.assertEqual(self.counts()['responses'], before['responses'] + 13954)
        result = run('import', '--undo', str(second['batch_id']), '--into', self.workspace)
        self.assertExit(result, EXIT_FAILED)
        self.assertIn('already undone', result.stderr)
        result = run('import', '--undo', '999', '--into', self.workspace)
        self.assertExit(result, EXIT_FAILED)

        result = run('import', '--undo', str(first['batch_id']), '--into', self.workspace)
        self.assertExit(result, EXIT_OK)
        after = self.counts()
        self.assertEqual(after['responses'], before['responses'])
        self.assertEqual(after['answers'], before['answers'])
        self.assertEqual(after['questions'], before['questions'])
        self.assertEqual(after['surveys'], before['surveys'])
        self.assertEqual(self.query('SELECT count(*) FROM import_batches WHERE undone_at IS NOT NULL'), [(2,)])

        # Once undone, the file may be imported again without --force.
        self.import_nps()

    def test_rejects(self):
        path = self.write('scores.csv',
                          'Ref,Date,Score,Comment\n'
                          'A1,2026-03-02,9,"Fine, thanks"\n'
                          'A2,2026-03-02,13,"Too ""high""\nreally"\n'
                          'A3,2026-03-03,7,\n'
                          'A4,someday,8,\n')
        rejects = self.path('rejects.csv')
        data = self.import_json(path, '--kind', 'survey', '--survey', 'Scores',
                                '--map', 'Ref=response_id', '--map', 'Date=date',
                                '--map', 'Score=new-question:nps', '--map', 'Comment=comment',
                                '--rejects', rejects)
        self.assertEqual((data['rows_read'], data['rows_imported'], data['rows_rejected']), (4, 2, 2))
        problems = {(p['line'], p['column']): p for p in data['problems']}
        # A2 spans lines 3 and 4, so A4 starts on line 6.
        self.assertEqual(set(problems), {(3, 'Score'), (6, 'Date')})
        self.assertEqual(problems[(3, 'Score')]['value'], '13')
        self.assertIn('0 to 10', problems[(3, 'Score')]['reason'])

        with open(rejects, newline='', encoding='utf-8') as f:
            saved = list(csv.reader(f))
        self.assertEqual(saved[0], ['line', 'column', 'value', 'reason'])
        self.assertEqual([row[:3] for row in saved[1:]], [['3', 'Score', '13'], ['6', 'Date', 'someday']])

        # Without --json the rejected rows are listed for people.
        result = run('import', path, '--into', self.workspace, '--kind', 'survey', '--force',
                     '--survey', 'Scores', '--map', 'Score=new-question:nps', '--map', 'Date=date')
        self.assertExit(result, EXIT_OK)
        self.assertIn('Imported 2 of 4 rows', result.stdout)
        self.assertIn('line 3, column “Score”', result.stdout)

    def test_ambiguous_dates(self):
        path = self.write('ambiguous.csv', 'Date,Score\n03/04/2026,5\n05/06/2026,4\n')
        before = self.counts()
        result = run('import', path, '--into', self.workspace, '--kind', 'survey',
                     '--survey', 'Ambiguous', '--map', 'Score=new-question:csat', '--map', 'Date=date')
        self.assertExit(result, EXIT_FAILED)
        self.assertIn('“Date”', result.stderr)
        self.assertIn('--date-order dmy', result.stderr)
        self.assertIn('--date-order mdy', result.stderr)
        self.assertEqual(self.counts(), before)

        data = self.import_json(path, '--kind', 'survey', '--survey', 'Ambiguous',
                                '--map', 'Score=new-question:csat', '--map', 'Date=date',
                                '--date-order', 'dmy')
        self.assertEqual(data['rows_imported'], 2)
        self.assertEqual(self.query('SELECT responded_on FROM responses WHERE batch_id = ?'
                                    ' ORDER BY id', data['batch_id']),
                         [('2026-04-03',), ('2026-06-05',)])

    def test_overrides(self):
        # Told rather than detected: the encoding, the delimiter, the header rows.
        path = self.write('pipes.csv', 'Exported 2026-03-31\nDate|Score|Comment\n'
                          '2026-03-02|4|Très bien\n2026-03-03|2|Trop d’attente\n'.encode('cp1252'))
        data = self.import_json(path, '--kind', 'survey', '--survey', 'Pipes',
                                '--encoding', 'windows-1252', '--delimiter', 'pipe',
                                '--header-rows', '2', '--map', 'Score=new-question:csat',
                                '--map', 'Comment=comment')
        self.assertEqual((data['encoding'], data['delimiter'], data['header_rows']),
                         ('WINDOWS-1252', '|', 2))
        self.assertEqual(data['rows_imported'], 2)
        self.assertEqual(self.query('SELECT comment FROM responses WHERE batch_id = ? ORDER BY id',
                                    data['batch_id']), [('Très bien',), ('Trop d’attente',)])

    def test_semicolon_decimal_comma(self):
        # A French spreadsheet export: semicolons, decimal commas, a BOM.
        path = self.write('fr.csv', '\ufeffDate;Score;Durée\r\n2026-03-02;4;12,5\r\n2026-03-03;5;7,25\r\n')
        data = self.import_json(path, '--kind', 'survey', '--survey', 'FR',
                                '--map', 'Date=date', '--map', 'Score=new-question:csat',
                                '--map', 'Durée=duration')
        self.assertEqual(data['delimiter'], ';')
        self.assertEqual(data['rows_imported'], 2)
        self.assertEqual(self.query('SELECT duration_s FROM responses WHERE batch_id = ? ORDER BY id',
                                    data['batch_id']), [(12.5,), (7.25,)])


class BadInputTests(ImportTestCase):
    def assertFailsCleanly(self, path, *words):
        before = self.counts()
        result = run('import', path, '--into', self.workspace, '--kind', 'survey', '--json')
        self.assertExit(result, EXIT_FAILED)
        self.assertEqual(result.stdout, '')
        for word in words:
            self.assertIn(word, result.stderr)
        self.assertEqual(self.counts(), before)

    def test_empty_file(self):
        self.assertFailsCleanly(self.write('empty.csv', b''), 'empty')

    def test_binary_junk(self):
        junk = bytes((i * 7919 + 13) % 256 for i in range(4096))
        self.assertFailsCleanly(self.write('junk.csv', junk), 'not a text file')

    def test_header_only(self):
        self.assertFailsCleanly(self.write('header.csv', 'Date,Score,Comment\n'), 'no rows')

    def test_missing_file(self):
        self.assertFailsCleanly(self.path('no-such-file.csv'), 'no-such-file.csv')

    def test_not_a_workspace(self):
        path = self.write('scores.csv', 'Date,Score\n2026-03-02,4\n')
        result = run('import', path, '--into', path, '--kind', 'survey')
        self.assertExit(result, EXIT_FAILED)

    def test_usage_errors(self):
        path = self.write('scores.csv', 'Date,Score\n2026-03-02,4\n')
        before = self.counts()
        cases = [
            ('import', path, '--kind', 'survey'),                                   # no --into
            ('import', path, '--into', self.workspace),                            # no --kind
            ('import', '--into', self.workspace, '--kind', 'survey'),              # no file
            ('import', path, path, '--into', self.workspace, '--kind', 'survey'),  # two files
            ('import', path, '--into', self.workspace, '--kind', 'everything'),
            ('import', path, '--into', self.workspace, '--kind', 'survey', '--delimiter', ':'),
            ('import', path, '--into', self.workspace, '--kind', 'survey', '--header-rows', '9'),
            ('import', path, '--into', self.workspace, '--kind', 'survey', '--date-order', 'ymd'),
            ('import', path, '--into', self.workspace, '--kind', 'survey', '--date', '18/03/2026'),
            ('import', path, '--into', self.workspace, '--kind', 'survey', '--encoding', 'KLINGON-8'),
            ('import', path, '--into', self.workspace, '--kind', 'survey', '--map', 'Score'),
            ('import', path, '--into', self.workspace, '--kind', 'survey', '--map', 'Nope=comment'),
            ('import', path, '--into', self.workspace, '--kind', 'complaint', '--survey', 'X'),
            ('import', path, '--into', self.workspace, '--kind', 'survey', '--bogus'),
            ('import', '--undo', 'last', '--into', self.workspace),
            ('import', path, '--undo', '1', '--into', self.workspace),
        ]
        for args in cases:
            with self.subTest(args=args):
                result = run(*args)
                self.assertExit(result, EXIT_USAGE)
                self.assertEqual(result.stdout, '')
                self.assertIn('plumbline-cli import', result.stderr)
        self.assertEqual(self.counts(), before)

        result = run('import', '--map', 'Score=x')
        self.assertExit(result, EXIT_USAGE)
        result = run('import', '--help')
        self.assertExit(result, EXIT_OK)
        self.assertIn('--into', result.stdout)
        self.assertIn('--undo', result.stdout)


if __name__ == '__main__':
    CLI = os.environ.get('PLUMBLINE_CLI')
    if len(sys.argv) > 1 and not sys.argv[1].startswith('-'):
        CLI = sys.argv.pop(1)
    if CLI is None:
        sys.exit('usage: test-import.py PATH-TO-plumbline-cli')
    CLI = os.path.abspath(CLI)
    unittest.main(verbosity=2)
