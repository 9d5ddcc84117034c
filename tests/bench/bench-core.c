/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "core/pl-demo.h"
#include "core/pl-export.h"
#include "core/pl-kpi.h"

/* Figures for the notes of each issue: how long the demo takes to make,
 * how long every KPI takes to compute over it (the Overview does this on
 * every change), and how long the Excel export takes. Each figure is the
 * best of a few runs; "ratio" compares the KPI computation with one plain
 * pass over the rows the KPIs read, measured in the same run. */

static const char * const baseline_sql[] = {
  "SELECT count (*), sum (a.value_num) FROM answers a JOIN responses r ON r.id = a.response_id",
  "SELECT count (*), sum (numerator), sum (denominator) FROM metric_values",
  "SELECT count (*), sum (score) FROM observations",
  "SELECT count (*), sum (julianday (resolved_on)) FROM complaints",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlWorkspace) ws = NULL;
  g_autoptr(GListModel) kpis = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plumbline-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bench.plumbline", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "bench.xlsx", NULL);
  double t0, demo_ms, count_ms = G_MAXDOUBLE, compute_ms = G_MAXDOUBLE, export_ms = G_MAXDOUBLE;
  gint64 rows = 0;

  g_assert_no_error (error);

  t0 = now_ms ();
  ws = pl_demo_create (path, PL_DEMO_DEFAULT_SEED, NULL, &error);
  g_assert_no_error (error);
  demo_ms = now_ms () - t0;

  kpis = pl_kpi_list (ws, FALSE, &error);
  g_assert_no_error (error);

  for (guint run = 0; run < 5; run++)
    {
      double c0 = now_ms (), c1;

      /* The baseline: one plain pass over every row the KPIs read. */
      rows = 0;
      for (guint q = 0; q < G_N_ELEMENTS (baseline_sql); q++)
        {
          g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (ws, baseline_sql[q], &error);

          g_assert_no_error (error);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          rows += sqlite3_column_int64 (stmt, 0);
        }
      c1 = now_ms ();
      count_ms = MIN (count_ms, c1 - c0);

      for (guint i = 0; i < g_list_model_get_n_items (kpis); i++)
        {
          g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);
          g_autoptr(GArray) points = pl_kpi_compute (kpi, ws, &error);

          g_assert_no_error (error);
        }
      compute_ms = MIN (compute_ms, now_ms () - c1);
    }

  for (guint run = 0; run < 3; run++)
    {
      double e0 = now_ms ();

      g_assert_true (pl_export_xlsx (ws, xlsx, NULL, &error));
      g_assert_no_error (error);
      export_ms = MIN (export_ms, now_ms () - e0);
    }

  printf ("demo workspace created:        %8.1f ms\n", demo_ms);
  printf ("one pass over the rows (base):  %8.1f ms  (%" G_GINT64_FORMAT " rows)\n", count_ms, rows);
  printf ("all %u KPIs computed:           %8.1f ms  (ratio to baseline %.1f)\n",
          g_list_model_get_n_items (kpis), compute_ms, compute_ms / MAX (count_ms, 0.001));
  printf ("Excel export:                  %8.1f ms\n", export_ms);

  pl_workspace_close (ws);
  g_unlink (xlsx);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *f = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i], NULL);
      g_unlink (f);
    }
  g_rmdir (dir);

  return 0;
}
