/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-metric.h"
#include "core/pl-workspace.h"
#include "pl-test-db.h"

static const char fixture_sql[] =
  "INSERT INTO teams (id, name) VALUES (1, 'North'), (2, 'South');"
  "INSERT INTO channels (id, code, name, kind) VALUES"
  " (1, 'tel', 'Telephone', 'telephone'), (2, 'email', 'Email', 'written'),"
  " (3, 'chat', 'Web chat', 'online'), (4, 'social', 'Social media', 'social');"
  "INSERT INTO metric_series (id, code, name, unit, aggregation, scale) VALUES"
  " (1, 'offered', 'Calls offered', '', 'sum', 1),"
  " (2, 'abandonment', 'Abandonment rate', '%', 'ratio', 100),"
  " (3, 'aht', 'Average handling time', ' s', 'mean', 1);";

typedef struct {
  char *dir;
  char *path;
  PlWorkspace *ws;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("plumbline-metric-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.plumbline", NULL);
  f->ws = pl_workspace_create (f->path, "Test", &error);
  g_assert_no_error (error);
  pl_workspace_exec (f->ws, fixture_sql, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  pl_workspace_close (f->ws);
  g_clear_object (&f->ws);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return pl_test_query_int (f->ws, sql);
}

static double
value_of (Fixture    *f,
          const char *where)
{
  g_autofree char *sql = g_strconcat ("SELECT value FROM metric_values WHERE ", where, NULL);
  g_autofree char *text = pl_test_query_text (f->ws, sql);

  return g_ascii_strtod (text, NULL);
}

/* Seven days, 2 to 8 April 2026, by channel. */
static PlMetricGrid *
load_days (Fixture *f,
           gint64   series_id)
{
  g_autoptr(GError) error = NULL;
  PlMetricGrid *grid;

  grid = pl_metric_grid_load (f->ws, series_id, PL_METRIC_PERIOD_DAY, PL_METRIC_SEGMENT_CHANNEL,
                              "2026-04-08", 7, &error);
  g_assert_no_error (error);
  g_assert_nonnull (grid);
  return grid;
}

/* Three rows of four cells as LibreOffice Calc (German locale) puts them
 * on the clipboard as text/plain: tab between cells, a newline after
 * every row including the last, decimal commas, and a no-break space as
 * the thousands separator it shows. */
static const char libreoffice_block[] =
  "1204\t311,5\t87\t12\n"
  "1\u00a0180\t298\t91\t9\n"
  "1250\t305\t88,25\t14\n";

static void
test_paste_libreoffice (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlMetricGrid) grid = load_days (f, 1);
  g_autoptr(GPtrArray) cell_errors = NULL;
  g_autofree char *text = NULL;
  guint n_written = 0;

  g_assert_cmpuint (grid->n_rows, ==, 7);
  g_assert_cmpstr (grid->period_starts[0], ==, "2026-04-02");
  g_assert_cmpstr (grid->period_starts[4], ==, "2026-04-06");
  g_assert_cmpuint (grid->n_columns, ==, 4);
  g_assert_cmpstr (grid->segment_names[2], ==, "Web chat");

  /* At 6 April, Telephone. */
  g_assert_true (pl_metric_grid_paste (grid, f->ws, 4, 0, libreoffice_block, &cell_errors, &n_written, &error));
  g_assert_no_error (error);
  g_assert_null (cell_errors);
  g_assert_cmpuint (n_written, ==, 12);

  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values WHERE series_id = 1 AND period = 'day'"
                             " AND team_id IS NULL"), ==, 12);
  g_assert_cmpfloat (value_of (f, "period_start = '2026-04-06' AND channel_id = 1"), ==, 1204);
  g_assert_cmpfloat (value_of (f, "period_start = '2026-04-06' AND channel_id = 2"), ==, 311.5);
  g_assert_cmpfloat (value_of (f, "period_start = '2026-04-07' AND channel_id = 1"), ==, 1180);
  g_assert_cmpfloat (value_of (f, "period_start = '2026-04-08' AND channel_id = 3"), ==, 88.25);
  g_assert_cmpfloat (value_of (f, "period_start = '2026-04-08' AND channel_id = 4"), ==, 14);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'paste' AND detail = '12'"), ==, 1);

  /* The grid in memory follows. */
  g_assert_true (pl_metric_grid_get_cell (grid, 5, 0)->set);
  g_assert_cmpfloat (pl_metric_grid_get_cell (grid, 5, 0)->value, ==, 1180);
  text = pl_metric_grid_format_cell (grid, 6, 2);
  g_assert_cmpstr (text, ==, "88.25");
  g_assert_false (pl_metric_grid_get_cell (grid, 3, 0)->set);

  /* Pasting again over the same cells (Windows line ends this time)
   * updates them: no second row per cell. */
  g_assert_true (pl_metric_grid_paste (grid, f->ws, 4, 0, "1300\t1\t2\t3\r\n", NULL, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 4);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values"), ==, 12);
  g_assert_cmpfloat (value_of (f, "period_start = '2026-04-06' AND channel_id = 1"), ==, 1300);

  /* A reloaded grid reads the same. */
  {
    g_autoptr(PlMetricGrid) again = load_days (f, 1);
    g_autofree char *cell = pl_metric_grid_format_cell (again, 4, 1);

    g_assert_cmpstr (cell, ==, "1");
    g_assert_cmpfloat (pl_metric_grid_get_cell (again, 6, 3)->value, ==, 14);
  }
}

static void
test_paste_bad_cell (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlMetricGrid) grid = load_days (f, 1);
  g_autoptr(GPtrArray) cell_errors = NULL;
  PlMetricPasteError *bad;
  guint n_written = 99;

  g_assert_true (pl_metric_grid_set_cell (grid, f->ws, 5, 1, "42", &error));
  g_assert_no_error (error);

  /* Row 2, column 2 lands on 7 April, Email: the cell set above. */
  g_assert_false (pl_metric_grid_paste (grid, f->ws, 4, 0,
                                        "1204\t311,5\t87\t12\n"
                                        "1180\tn/a\t91\t9\n"
                                        "1250\t305\t88,25\t14\n",
                                        &cell_errors, &n_written, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Nothing was pasted"));
  g_assert_cmpuint (n_written, ==, 0);
  g_assert_nonnull (cell_errors);
  g_assert_cmpuint (cell_errors->len, ==, 1);
  bad = g_ptr_array_index (cell_errors, 0);
  g_assert_cmpint (bad->row, ==, 5);
  g_assert_cmpint (bad->column, ==, 1);
  g_assert_cmpstr (bad->message, ==, "Row 2, column 2: “n/a” is not a number.");

  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values"), ==, 1);
  g_assert_cmpfloat (value_of (f, "period_start = '2026-04-07' AND channel_id = 2"), ==, 42);
  g_assert_false (pl_metric_grid_get_cell (grid, 4, 0)->set);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE action = 'paste'"), ==, 0);
  g_clear_error (&error);
  g_clear_pointer (&cell_errors, g_ptr_array_unref);

  /* A block that runs past the table: nothing written either. */
  g_assert_false (pl_metric_grid_paste (grid, f->ws, 6, 2, "1\t2\t3\n4\t5\t6\n", &cell_errors, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpuint (cell_errors->len, ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values"), ==, 1);
  g_clear_error (&error);

  g_assert_false (pl_metric_grid_paste (grid, f->ws, 0, 0, "\n\n", NULL, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
}

static void
test_paste_header_dates (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlMetricGrid) grid = load_days (f, 3);
  g_autoptr(GPtrArray) cell_errors = NULL;
  guint n_written = 0;

  /* Columns by name in another order, rows by date; pasted "at" any cell. */
  g_assert_true (pl_metric_grid_paste (grid, f->ws, 0, 3,
                                       "Date\tweb chat\tTelephone\n"
                                       "2026-04-03\t301,5\t245\n"
                                       "2026-04-05\t\t251\n",
                                       &cell_errors, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 3);
  g_assert_cmpfloat (value_of (f, "series_id = 3 AND period_start = '2026-04-03' AND channel_id = 3"), ==, 301.5);
  g_assert_cmpfloat (value_of (f, "series_id = 3 AND period_start = '2026-04-03' AND channel_id = 1"), ==, 245);
  g_assert_cmpfloat (value_of (f, "series_id = 3 AND period_start = '2026-04-05' AND channel_id = 1"), ==, 251);
  g_assert_cmpfloat (pl_metric_grid_get_cell (grid, 1, 2)->value, ==, 301.5);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values"), ==, 3);

  /* A name that is no channel. */
  g_assert_false (pl_metric_grid_paste (grid, f->ws, 0, 0, "Date\tFax\n2026-04-04\t12\n",
                                        &cell_errors, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Nothing was pasted: There is no channel called “Fax”.");
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values"), ==, 3);
}

static void
test_ratio_cells (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlMetricGrid) grid = load_days (f, 2);
  g_autofree char *text = NULL;

  /* 12 abandoned of 240 offered: 100 × 12 / 240 = 5 %. */
  g_assert_true (pl_metric_grid_set_cell (grid, f->ws, 0, 0, " 12 / 240 ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values WHERE series_id = 2 AND numerator = 12"
                             " AND denominator = 240 AND abs (value - 5) < 1e-9 AND channel_id = 1"
                             " AND period_start = '2026-04-02'"), ==, 1);
  text = pl_metric_grid_format_cell (grid, 0, 0);
  g_assert_cmpstr (text, ==, "12/240");

  g_assert_false (pl_metric_grid_set_cell (grid, f->ws, 0, 0, "5", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "numerator/denominator"));
  g_clear_error (&error);
  g_assert_false (pl_metric_grid_set_cell (grid, f->ws, 0, 0, "5/0", &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values WHERE numerator = 12"), ==, 1);

  /* Empty text clears, like clear_cell. */
  g_assert_true (pl_metric_grid_set_cell (grid, f->ws, 0, 0, "", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values"), ==, 0);
  g_assert_false (pl_metric_grid_get_cell (grid, 0, 0)->set);
  g_assert_true (pl_metric_grid_set_cell (grid, f->ws, 1, 1, "3/60", &error));
  g_assert_true (pl_metric_grid_clear_cell (grid, f->ws, 1, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM audit_log WHERE entity = 'metric_values'"
                             " AND action IN ('set', 'clear')"), ==, 4);
}

static void
test_parse (void)
{
  static const struct { const char *text; double value; } good[] = {
    { "12", 12 }, { "12,5", 12.5 }, { "12.5", 12.5 }, { "1.234,5", 1234.5 }, { "1,234.5", 1234.5 },
    { " 1 204 ", 1204 }, { "4.5%", 4.5 }, { "-3", -3 }, { "1\u202f000,25", 1000.25 },
  };
  static const char * const bad[] = { "abc", "1,2,3", "1.2.3", "12 kg", "", "%" };
  PlMetricCell cell;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (pl_metric_parse_cell (PL_METRIC_AGGREGATION_MEAN, 1, good[i].text, &cell, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (cell.value, good[i].value, 1e-9);
      g_assert_true (isnan (cell.numerator));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (pl_metric_parse_cell (PL_METRIC_AGGREGATION_SUM, 1, bad[i], &cell, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
    }

  g_assert_true (pl_metric_parse_cell (PL_METRIC_AGGREGATION_RATIO, 100, "3/8", &cell, NULL));
  g_assert_cmpfloat_with_epsilon (cell.value, 37.5, 1e-9);
  g_assert_false (pl_metric_parse_cell (PL_METRIC_AGGREGATION_RATIO, 100, "-1/8", &cell, NULL));
}

static void
test_series (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlMetricSeries) series = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(PlMetricSeries) first = NULL;

  series = pl_metric_series_create (f->ws, " fcr ", "First-contact resolution", "%",
                                    PL_METRIC_AGGREGATION_RATIO, 100,
                                    "  Contacts resolved without a second call, by the customer survey. ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pl_metric_series_get_description (series), ==,
                   "Contacts resolved without a second call, by the customer survey.");
  g_assert_cmpstr (pl_metric_series_get_code (series), ==, "fcr");
  g_assert_cmpint (pl_metric_series_get_aggregation (series), ==, PL_METRIC_AGGREGATION_RATIO);
  g_assert_cmpfloat (pl_metric_series_get_scale (series), ==, 100);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_series WHERE code = 'fcr' AND aggregation = 'ratio'"), ==, 1);

  g_assert_null (pl_metric_series_create (f->ws, "FCR", "Again", "", PL_METRIC_AGGREGATION_MEAN, 1, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already used by “First-contact resolution”"));
  g_clear_error (&error);
  g_assert_null (pl_metric_series_create (f->ws, "x y", "Bad code", "", PL_METRIC_AGGREGATION_MEAN, 1, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (pl_metric_series_create (f->ws, "ok", "  ", "", PL_METRIC_AGGREGATION_MEAN, 1, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_series"), ==, 4);

  list = pl_metric_list_series (f->ws, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  first = g_list_model_get_item (list, 0);
  g_assert_cmpstr (pl_metric_series_get_name (first), ==, "Abandonment rate");
}

static void
test_weeks_teams (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlMetricGrid) grid = NULL;
  g_autofree char *latest = NULL;

  pl_test_exec (f->ws,
                "INSERT INTO metric_values (series_id, period_start, period, channel_id, team_id, value) VALUES"
                " (3, '2026-03-30', 'week', NULL, 2, 310),"
                " (3, '2026-04-06', 'week', NULL, 1, 290),"
                " (3, '2026-04-06', 'week', 1, NULL, 999),"     /* a channel row: not in a team grid */
                " (3, '2026-04-06', 'day', NULL, 1, 888);");    /* a day row: not in a week grid */

  /* 8 April is in the week of Monday 6 April. */
  grid = pl_metric_grid_load (f->ws, 3, PL_METRIC_PERIOD_WEEK, PL_METRIC_SEGMENT_TEAM, "2026-04-08", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (grid->period_starts[0], ==, "2026-03-23");
  g_assert_cmpstr (grid->period_starts[2], ==, "2026-04-06");
  g_assert_cmpuint (grid->n_columns, ==, 2);
  g_assert_cmpstr (grid->segment_names[0], ==, "North");
  g_assert_cmpfloat (pl_metric_grid_get_cell (grid, 2, 0)->value, ==, 290);
  g_assert_cmpfloat (pl_metric_grid_get_cell (grid, 1, 1)->value, ==, 310);
  g_assert_false (pl_metric_grid_get_cell (grid, 2, 1)->set);
  g_assert_false (pl_metric_grid_get_cell (grid, 0, 0)->set);

  g_assert_true (pl_metric_grid_set_cell (grid, f->ws, 0, 1, "305", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values WHERE period = 'week' AND team_id = 2"
                             " AND channel_id IS NULL AND period_start = '2026-03-23' AND value = 305"), ==, 1);
  g_clear_pointer (&grid, pl_metric_grid_free);

  grid = pl_metric_grid_load (f->ws, 3, PL_METRIC_PERIOD_MONTH, PL_METRIC_SEGMENT_NONE, "2026-03-31", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (grid->period_starts[0], ==, "2026-02-01");
  g_assert_cmpstr (grid->period_starts[1], ==, "2026-03-01");
  g_assert_cmpuint (grid->n_columns, ==, 1);
  g_assert_cmpint (grid->segment_ids[0], ==, 0);

  latest = pl_metric_latest_day (f->ws, 3, PL_METRIC_PERIOD_WEEK, &error);
  g_assert_cmpstr (latest, ==, "2026-04-06");
  g_clear_pointer (&latest, g_free);
  latest = pl_metric_latest_day (f->ws, 1, PL_METRIC_PERIOD_WEEK, &error);
  g_assert_null (latest);
  g_assert_no_error (error);

  g_assert_null (pl_metric_grid_load (f->ws, 77, PL_METRIC_PERIOD_DAY, PL_METRIC_SEGMENT_NONE, "2026-03-31", 2, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_NOT_FOUND);
}

/* Pasting that would lose or mangle figures is refused or read right:
 * one column with decimal commas is one column; two days of one week go
 * to the same cell; a header over a table without segments names its
 * one column, whatever it says. */
static void
test_paste_ambiguities (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlMetricGrid) days = load_days (f, 3);
  g_autoptr(PlMetricGrid) weeks = NULL;
  g_autoptr(PlMetricGrid) whole = NULL;
  g_autoptr(GPtrArray) cell_errors = NULL;
  guint n_written = 0;

  /* "12,5" is twelve and a half, in the first column only. */
  g_assert_true (pl_metric_grid_paste (days, f->ws, 0, 0, "12,5\n13,5\n", NULL, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 2);
  g_assert_cmpfloat (pl_metric_grid_get_cell (days, 0, 0)->value, ==, 12.5);
  g_assert_cmpfloat (pl_metric_grid_get_cell (days, 1, 0)->value, ==, 13.5);
  g_assert_false (pl_metric_grid_get_cell (days, 0, 1)->set);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values"), ==, 2);

  /* Two days of the week of 6 April into a week grid: refused, nothing written. */
  weeks = pl_metric_grid_load (f->ws, 3, PL_METRIC_PERIOD_WEEK, PL_METRIC_SEGMENT_CHANNEL, "2026-04-08", 3, &error);
  g_assert_no_error (error);
  g_assert_false (pl_metric_grid_paste (weeks, f->ws, 0, 0, "2026-04-06\t10\n2026-04-07\t30\n",
                                        &cell_errors, NULL, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Nothing was pasted: Rows 1 and 2 both fall in the period starting 2026-04-06.");
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values"), ==, 2);
  g_clear_error (&error);
  g_clear_pointer (&cell_errors, g_ptr_array_unref);

  /* Without segments, the header names the one column. */
  whole = pl_metric_grid_load (f->ws, 3, PL_METRIC_PERIOD_DAY, PL_METRIC_SEGMENT_NONE, "2026-04-08", 7, &error);
  g_assert_no_error (error);
  g_assert_true (pl_metric_grid_paste (whole, f->ws, 0, 0, "Date\tCalls\n2026-04-06\t10\n",
                                       &cell_errors, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM metric_values WHERE channel_id IS NULL AND team_id IS NULL"
                             " AND period_start = '2026-04-06' AND value = 10"), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/metric/parse", test_parse);
  g_test_add ("/core/metric/paste-libreoffice", Fixture, NULL, fixture_setup, test_paste_libreoffice, fixture_teardown);
  g_test_add ("/core/metric/paste-bad-cell", Fixture, NULL, fixture_setup, test_paste_bad_cell, fixture_teardown);
  g_test_add ("/core/metric/paste-header-dates", Fixture, NULL, fixture_setup, test_paste_header_dates, fixture_teardown);
  g_test_add ("/core/metric/ratio-cells", Fixture, NULL, fixture_setup, test_ratio_cells, fixture_teardown);
  g_test_add ("/core/metric/paste-ambiguities", Fixture, NULL, fixture_setup, test_paste_ambiguities,
              fixture_teardown);
  g_test_add ("/core/metric/series", Fixture, NULL, fixture_setup, test_series, fixture_teardown);
  g_test_add ("/core/metric/weeks-teams", Fixture, NULL, fixture_setup, test_weeks_teams, fixture_teardown);

  return g_test_run ();
}
