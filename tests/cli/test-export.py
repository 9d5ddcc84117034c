#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""plumbline-cli export, end to end: make the demo workspace, add a KPI whose
name looks like a formula, export the workbook and read it back the way
Excel would (openpyxl for cells and conditional formats, the zip for the
chart parts).

Run as: test-export.py PATH/TO/plumbline-cli  (or PLUMBLINE_CLI=... test-export.py)
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import zipfile

import openpyxl

CLI = None

FORMULA_NAME = '=HYPERLINK("http://x","y")'
FORMULA_DEFINITION = '=1+1'
FORMULA_CODE = 'formula-looking'

SHEETS = ['KPI scorecard', 'KPI charts', 'KPI data']
HEADERS = ['KPI', 'Definition', 'Unit', 'Latest period', 'Value', 'Target', 'Red threshold',
           'Direction', 'Status', 'Change from previous period']
COL = {name: index for index, name in enumerate(HEADERS)}
STATUS_LETTER = 'ABCDEFGHIJ'[COL['Status']]
STATUS_LABELS = {
    'green': 'On target',
    'amber': 'At risk',
    'red': 'Off target',
    'none': 'No data',
}


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)


def add_formula_kpi(path):
    """A copy of the first KPI, renamed to text that Excel would run, with a
    target out of reach so that one status is known to be red."""
    db = sqlite3.connect(path)
    try:
        db.row_factory = sqlite3.Row
        row = db.execute('SELECT * FROM kpis ORDER BY position, id LIMIT 1').fetchone()
        fields = dict(row)
        del fields['id']
        fields['code'] = FORMULA_CODE
        fields['name'] = FORMULA_NAME
        fields['definition'] = FORMULA_DEFINITION
        fields['direction'] = 'higher'
        fields['target'] = 1e9
        fields['red_threshold'] = 1e8
        fields['position'] = db.execute('SELECT MAX(position) + 1 FROM kpis').fetchone()[0]
        columns = ', '.join(fields)
        marks = ', '.join('?' for _ in fields)
        db.execute(f'INSERT INTO kpis ({columns}) VALUES ({marks})', list(fields.values()))
        db.commit()
    finally:
        db.close()


def as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='plumbline-export-')
        cls.workspace = os.path.join(cls.tmp, 'demo.plumbline')

        result = run('demo', '--out', cls.workspace)
        if result.returncode != 0:
            raise AssertionError(f'demo failed ({result.returncode}): {result.stderr}')
        add_formula_kpi(cls.workspace)

        result = run('info', cls.workspace, '--json')
        if result.returncode != 0:
            raise AssertionError(f'info failed ({result.returncode}): {result.stderr}')
        cls.info = json.loads(result.stdout)

        cls.xlsx = os.path.join(cls.tmp, 'report.xlsx')
        result = run('export', cls.workspace, '--format', 'xlsx', '--out', cls.xlsx)
        if result.returncode != 0:
            raise AssertionError(f'export failed ({result.returncode}): {result.stderr}')

        cls.book = openpyxl.load_workbook(cls.xlsx)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def scorecard_rows(self):
        """The table under the header row, as {KPI name: row of cells}."""
        sheet = self.book['KPI scorecard']
        header = None
        for row in sheet.iter_rows():
            if row[0].value == 'KPI':
                header = row[0].row
                break
        self.assertIsNotNone(header, 'no header row on the scorecard')
        self.assertEqual([c.value for c in sheet[header][:len(HEADERS)]], HEADERS)

        rows = {}
        for row in sheet.iter_rows(min_row=header + 1):
            if row[0].value is None:
                break
            rows[row[0].value] = row
        return header, rows

    def test_sheets(self):
        self.assertEqual(self.book.sheetnames, SHEETS)
        self.assertEqual(self.book.properties.creator, 'Plumbline')
        self.assertTrue(self.book.properties.title)

    def test_title(self):
        sheet = self.book['KPI scorecard']
        latest = max(k['latest_period'] for k in self.info['kpis'] if k.get('latest_period'))
        latest = datetime.date.fromisoformat(latest)
        self.assertTrue(sheet['A1'].value)
        self.assertEqual(sheet['A1'].data_type, 's')
        subtitle = sheet['A2'].value
        self.assertTrue(subtitle.startswith('KPI scorecard, week of '), subtitle)
        self.assertIn(str(latest.year), subtitle)
        self.assertIsInstance(sheet['B3'].value, datetime.datetime)
        self.assertTrue(sheet['B3'].is_date)

    def test_one_row_per_kpi_with_the_cli_values(self):
        header, rows = self.scorecard_rows()
        kpis = self.info['kpis']
        self.assertEqual(len(kpis), 9)
        self.assertEqual(len(rows), len(kpis))
        self.assertEqual(list(rows), [k['name'] for k in kpis])

        for kpi in kpis:
            with self.subTest(kpi=kpi['code']):
                cells = rows[kpi['name']]
                period, value, target, status = (cells[COL['Latest period']], cells[COL['Value']],
                                                  cells[COL['Target']], cells[COL['Status']])

                self.assertEqual(target.data_type, 'n')
                self.assertAlmostEqual(target.value, kpi['target'], places=9)
                self.assertEqual(status.value, STATUS_LABELS.get(kpi['status'], kpi['status']))
                self.assertIn(cells[COL['Direction']].value, ('Higher is better', 'Lower is better'))

                if kpi.get('value') is None:
                    self.assertIsNone(value.value)
                    self.assertEqual(status.value, 'No data')
                    continue

                self.assertEqual(value.data_type, 'n')
                self.assertAlmostEqual(value.value, kpi['value'], places=9)
                self.assertTrue(period.is_date)
                self.assertEqual(as_date(period.value),
                                 datetime.date.fromisoformat(kpi['latest_period']))

        self.assertEqual(rows[FORMULA_NAME][COL['Status']].value, 'Off target')

    def test_number_formats_follow_the_unit(self):
        _, rows = self.scorecard_rows()
        percent = [r for r in rows.values() if r[COL['Unit']].value == '%']
        self.assertTrue(percent, 'the demo has percentage KPIs')
        for cells in percent:
            with self.subTest(kpi=cells[0].value):
                value, target = cells[COL['Value']], cells[COL['Target']]
                self.assertEqual(value.data_type, 'n')
                self.assertTrue(value.number_format.endswith('"%"'), value.number_format)
                self.assertTrue(target.number_format.endswith('"%"'), target.number_format)

    def test_formula_looking_text_stays_text(self):
        _, rows = self.scorecard_rows()
        self.assertIn(FORMULA_NAME, rows)
        cells = rows[FORMULA_NAME]
        self.assertEqual(cells[0].data_type, 's')
        self.assertEqual(cells[0].value, FORMULA_NAME)
        self.assertEqual(cells[1].data_type, 's')
        self.assertEqual(cells[1].value, FORMULA_DEFINITION)

        data = self.book['KPI data']
        headers = {c.value: c for c in data[1]}
        self.assertIn(FORMULA_NAME, headers)
        self.assertEqual(headers[FORMULA_NAME].data_type, 's')

        # No cell anywhere in the workbook is a formula.
        with zipfile.ZipFile(self.xlsx) as archive:
            for name in archive.namelist():
                if name.startswith('xl/worksheets/sheet'):
                    self.assertNotIn(b'<f>', archive.read(name), name)
                    self.assertNotIn(b'<f ', archive.read(name), name)

    def test_status_colours_are_conditional_formats(self):
        header, rows = self.scorecard_rows()
        sheet = self.book['KPI scorecard']
        first, last = header + 1, header + len(rows)
        status_range = f'{STATUS_LETTER}{first}:{STATUS_LETTER}{last}'

        rules = {}
        for formatting in sheet.conditional_formatting:
            for rule in formatting.rules:
                self.assertEqual(rule.type, 'cellIs')
                self.assertEqual(rule.operator, 'equal')
                rules[rule.formula[0]] = (str(formatting.sqref), rule)

        expected = {
            '"On target"': 'FFC6EFCE',
            '"At risk"': 'FFFFEB9C',
            '"Off target"': 'FFFFC7CE',
        }
        for text, fill in expected.items():
            with self.subTest(status=text):
                self.assertIn(text, rules)
                sqref, rule = rules[text]
                self.assertEqual(sqref, status_range)
                self.assertEqual(rule.dxf.fill.bgColor.rgb, fill)

        # The colour comes from the rules, not from the cells themselves.
        for cells in rows.values():
            self.assertIsNone(cells[COL['Status']].fill.fill_type)

        self.assertEqual(sheet.freeze_panes, f'B{first}')
        self.assertEqual(sheet.auto_filter.ref, f'A{header}:J{last}')

    def test_data_sheet(self):
        data = self.book['KPI data']
        _, rows = self.scorecard_rows()
        kpis = self.info['kpis']

        self.assertEqual(data['A1'].value, 'Week starting')
        dates = [as_date(c.value) for c in data['A'][1:] if c.value is not None]
        self.assertGreaterEqual(len(dates), 26)
        self.assertEqual(dates, sorted(set(dates)))
        self.assertTrue(all(c.is_date for c in data['A'][1:len(dates) + 1]))

        headers = [c.value for c in data[1]]
        self.assertEqual(len(headers), 1 + 2 * len(kpis))
        for i, kpi in enumerate(kpis):
            with self.subTest(kpi=kpi['code']):
                col = 2 + 2 * i
                self.assertEqual(headers[col - 1], kpi['name'])
                self.assertEqual(headers[col], f"{kpi['name']} (target)")
                values = {dates[r - 2]: data.cell(row=r, column=col).value
                          for r in range(2, len(dates) + 2)}
                targets = [data.cell(row=r, column=col + 1).value
                           for r in range(2, len(dates) + 2)]
                self.assertTrue(all(t == kpi['target'] for t in targets))
                if kpi.get('value') is not None:
                    latest = datetime.date.fromisoformat(kpi['latest_period'])
                    self.assertAlmostEqual(values[latest], kpi['value'], places=9)
                    # Nothing after the latest period: blanks, not zeros.
                    self.assertTrue(all(v is None for d, v in values.items() if d > latest))

    def test_a_native_line_chart_per_kpi(self):
        n = len(self.info['kpis'])
        with zipfile.ZipFile(self.xlsx) as archive:
            charts = sorted(name for name in archive.namelist()
                            if name.startswith('xl/charts/chart') and name.endswith('.xml'))
            self.assertIn('xl/charts/chart1.xml', charts)
            self.assertEqual(len(charts), n)
            for name in charts:
                with self.subTest(chart=name):
                    xml = archive.read(name).decode('utf-8')
                    self.assertIn('<c:lineChart>', xml)
                    self.assertIn("'KPI data'!$A$2:$A$", xml)
                    self.assertEqual(xml.count('<c:ser>'), 2)
                    self.assertIn('<a:prstDash val="dash"/>', xml)
                    self.assertIn("<c:f>'KPI scorecard'!$A$", xml)

            drawings = [name for name in archive.namelist()
                        if name.startswith('xl/drawings/drawing') and name.endswith('.xml')]
            self.assertEqual(len(drawings), 1)
            self.assertEqual(archive.read(drawings[0]).decode('utf-8').count('<c:chart '), n)

    def test_missing_folder_fails_and_writes_nothing(self):
        folder = os.path.join(self.tmp, 'no-such-folder')
        out = os.path.join(folder, 'report.xlsx')
        result = run('export', self.workspace, '--format', 'xlsx', '--out', out)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn('no-such-folder', result.stderr)
        self.assertFalse(os.path.exists(folder))

    def test_replaces_an_existing_file(self):
        folder = os.path.join(self.tmp, 'replace')
        os.mkdir(folder)
        out = os.path.join(folder, 'report.xlsx')
        with open(out, 'w') as f:
            f.write('an older report')

        result = run('export', self.workspace, '--format', 'xlsx', '--out', out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(zipfile.is_zipfile(out))
        self.assertEqual(openpyxl.load_workbook(out).sheetnames, SHEETS)
        self.assertEqual(os.listdir(folder), ['report.xlsx'])

    def test_a_failed_write_leaves_no_temporary_file(self):
        folder = os.path.join(self.tmp, 'occupied')
        os.mkdir(folder)
        # A folder where the workbook should go: the final rename must fail.
        out = os.path.join(folder, 'report.xlsx')
        os.mkdir(out)

        result = run('export', self.workspace, '--format', 'xlsx', '--out', out)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertTrue(result.stderr.strip())
        self.assertTrue(os.path.isdir(out))
        self.assertEqual(os.listdir(folder), ['report.xlsx'])

    def test_json(self):
        out = os.path.join(self.tmp, 'json.xlsx')
        result = run('export', self.workspace, '--format', 'xlsx', '--out', out, '--json')
        self.assertEqual(result.returncode, 0, result.stderr)
        reply = json.loads(result.stdout)
        self.assertEqual(reply['kpis'], len(self.info['kpis']))
        self.assertEqual(reply['format'], 'xlsx')
        self.assertTrue(zipfile.is_zipfile(out))


if __name__ == '__main__':
    if len(sys.argv) > 1 and not sys.argv[1].startswith('-'):
        CLI = os.path.abspath(sys.argv.pop(1))
    else:
        CLI = os.environ.get('PLUMBLINE_CLI')
    if not CLI or not os.access(CLI, os.X_OK):
        sys.exit(f'usage: {sys.argv[0]} PATH/TO/plumbline-cli (or set PLUMBLINE_CLI)')
    unittest.main(verbosity=2)
