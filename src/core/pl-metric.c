/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pl-error.h"
#include "pl-metric.h"
#include "pl-util.h"

static const char * const aggregation_names[] = { "mean", "sum", "ratio" };
static const char * const period_names[] = { "day", "week", "month" };

const char *
pl_metric_aggregation_to_string (PlMetricAggregation aggregation)
{
  g_return_val_if_fail (aggregation <= PL_METRIC_AGGREGATION_RATIO, NULL);
  return aggregation_names[aggregation];
}

const char *
pl_metric_period_to_string (PlMetricPeriod period)
{
  g_return_val_if_fail (period <= PL_METRIC_PERIOD_MONTH, NULL);
  return period_names[period];
}

char *
pl_metric_period_start (PlMetricPeriod  period,
                        const char     *day)
{
  switch (period)
    {
    case PL_METRIC_PERIOD_WEEK:
      return pl_date_week_start (day);
    case PL_METRIC_PERIOD_MONTH:
      return pl_date_month_start (day);
    case PL_METRIC_PERIOD_DAY:
    default:
      return pl_date_parse_day (day);
    }
}

/* -------------------------------------------------------------------- */
/* PlMetricSeries                                                        */
/* -------------------------------------------------------------------- */

struct _PlMetricSeries
{
  GObject parent_instance;

  gint64 id;
  char *code;
  char *name;
  char *unit;
  PlMetricAggregation aggregation;
  double scale;
  char *description;
};

G_DEFINE_FINAL_TYPE (PlMetricSeries, pl_metric_series, G_TYPE_OBJECT)

static void
pl_metric_series_finalize (GObject *object)
{
  PlMetricSeries *self = (PlMetricSeries *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (pl_metric_series_parent_class)->finalize (object);
}

static void
pl_metric_series_class_init (PlMetricSeriesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pl_metric_series_finalize;
}

static void
pl_metric_series_init (PlMetricSeries *self)
{
  self->scale = 1;
}

gint64
pl_metric_series_get_id (PlMetricSeries *self)
{
  g_return_val_if_fail (PL_IS_METRIC_SERIES (self), 0);
  return self->id;
}

const char *
pl_metric_series_get_code (PlMetricSeries *self)
{
  g_return_val_if_fail (PL_IS_METRIC_SERIES (self), NULL);
  return self->code;
}

const char *
pl_metric_series_get_name (PlMetricSeries *self)
{
  g_return_val_if_fail (PL_IS_METRIC_SERIES (self), NULL);
  return self->name;
}

const char *
pl_metric_series_get_unit (PlMetricSeries *self)
{
  g_return_val_if_fail (PL_IS_METRIC_SERIES (self), NULL);
  return self->unit;
}

PlMetricAggregation
pl_metric_series_get_aggregation (PlMetricSeries *self)
{
  g_return_val_if_fail (PL_IS_METRIC_SERIES (self), PL_METRIC_AGGREGATION_MEAN);
  return self->aggregation;
}

double
pl_metric_series_get_scale (PlMetricSeries *self)
{
  g_return_val_if_fail (PL_IS_METRIC_SERIES (self), 1);
  return self->scale;
}

const char *
pl_metric_series_get_description (PlMetricSeries *self)
{
  g_return_val_if_fail (PL_IS_METRIC_SERIES (self), NULL);
  return self->description;
}

static const char series_columns[] =
  "SELECT id, code, name, unit, aggregation, scale, description FROM metric_series";

static gpointer
series_from_row (sqlite3_stmt *stmt)
{
  PlMetricSeries *self = g_object_new (PL_TYPE_METRIC_SERIES, NULL);
  int aggregation = pl_names_index (aggregation_names, G_N_ELEMENTS (aggregation_names),
                                    pl_column_text (stmt, 4));

  self->id = sqlite3_column_int64 (stmt, 0);
  self->code = g_strdup (pl_column_text (stmt, 1));
  self->name = g_strdup (pl_column_text (stmt, 2));
  self->unit = g_strdup (pl_column_text (stmt, 3));
  self->aggregation = aggregation >= 0 ? (PlMetricAggregation) aggregation : PL_METRIC_AGGREGATION_MEAN;
  self->scale = sqlite3_column_double (stmt, 5);
  self->description = g_strdup (pl_column_text (stmt, 6));
  return self;
}

GListModel *
pl_metric_list_series (PlWorkspace  *workspace,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strconcat (series_columns, " ORDER BY name COLLATE NOCASE, id", NULL);

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);

  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return NULL;

  return pl_workspace_collect (workspace, stmt, PL_TYPE_METRIC_SERIES, series_from_row,
                               _("The operational data series could not be read"), error);
}

PlMetricSeries *
pl_metric_series_load (PlWorkspace  *workspace,
                       gint64        id,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strconcat (series_columns, " WHERE id = ?", NULL);

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);

  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return pl_workspace_fetch_one (workspace, stmt, series_from_row,
                                 _("This operational data series is no longer in the workspace."),
                                 _("The operational data series could not be read"), error);
}

PlMetricSeries *
pl_metric_series_create (PlWorkspace          *workspace,
                         const char           *code,
                         const char           *name,
                         const char           *unit,
                         PlMetricAggregation   aggregation,
                         double                scale,
                         const char           *description,
                         GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean_code = pl_str_stripped (code);
  g_autofree char *clean_name = pl_str_stripped (name);
  g_autofree char *clean_unit = g_strdup (unit != NULL ? unit : "");
  g_autofree char *clean_description = pl_str_stripped (description);
  gint64 id;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (aggregation <= PL_METRIC_AGGREGATION_RATIO, NULL);

  if (*clean_name == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID, _("Give the series a name."));
      return NULL;
    }

  if (*clean_code == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the series a short code, such as “asa”: imports and KPIs refer to it."));
      return NULL;
    }

  for (const char *p = clean_code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      {
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("The code “%s” may only have letters, digits and “_”."), clean_code);
        return NULL;
      }

  if (!(scale > 0) || !isfinite (scale))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The scale must be a positive number: 100 shows a ratio as a percentage."));
      return NULL;
    }

  stmt = pl_workspace_prepare (workspace, "SELECT name FROM metric_series WHERE code = ? COLLATE NOCASE", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, clean_code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The code “%s” is already used by “%s”: choose another."),
                   clean_code, pl_column_text (stmt, 0));
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!pl_workspace_begin (workspace, error))
    return NULL;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO metric_series (code, name, unit, aggregation, scale, description)"
                               " VALUES (?, ?, ?, ?, ?, nullif (?, ''))",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, clean_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, clean_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, clean_unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, aggregation_names[aggregation], -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 5, scale);
  sqlite3_bind_text (stmt, 6, clean_description, -1, SQLITE_TRANSIENT);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  if (!pl_workspace_audit (workspace, "create", "metric_series", id, clean_code, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "metric_series");
  return pl_metric_series_load (workspace, id, error);

failed:
  pl_workspace_rollback (workspace);
  return NULL;
}

/* -------------------------------------------------------------------- */
/* The grid                                                              */
/* -------------------------------------------------------------------- */

void
pl_metric_grid_free (PlMetricGrid *grid)
{
  if (grid == NULL)
    return;

  g_strfreev (grid->period_starts);
  g_strfreev (grid->segment_names);
  g_free (grid->segment_ids);
  g_free (grid->cells);
  g_free (grid);
}

PlMetricCell *
pl_metric_grid_get_cell (PlMetricGrid *grid,
                         guint         row,
                         guint         column)
{
  g_return_val_if_fail (grid != NULL, NULL);
  g_return_val_if_fail (row < grid->n_rows && column < grid->n_columns, NULL);

  return &grid->cells[row * grid->n_columns + column];
}

static void
step_period (PlMetricPeriod  period,
             GDate          *date,
             int             n)
{
  switch (period)
    {
    case PL_METRIC_PERIOD_WEEK:
      if (n >= 0)
        g_date_add_days (date, 7 * n);
      else
        g_date_subtract_days (date, 7 * -n);
      break;
    case PL_METRIC_PERIOD_MONTH:
      if (n >= 0)
        g_date_add_months (date, n);
      else
        g_date_subtract_months (date, -n);
      break;
    case PL_METRIC_PERIOD_DAY:
    default:
      if (n >= 0)
        g_date_add_days (date, n);
      else
        g_date_subtract_days (date, -n);
      break;
    }
}

static gboolean
load_segments (PlWorkspace   *workspace,
               PlMetricGrid  *grid,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  int rc;

  if (grid->segment == PL_METRIC_SEGMENT_NONE)
    {
      gint64 none = 0;

      g_array_append_val (ids, none);
      g_ptr_array_add (names, g_strdup (_("All")));
    }
  else
    {
      stmt = pl_workspace_prepare (workspace,
                                   grid->segment == PL_METRIC_SEGMENT_CHANNEL
                                   ? "SELECT id, name FROM channels ORDER BY id"
                                   : "SELECT id, name FROM teams ORDER BY name COLLATE NOCASE, id",
                                   error);
      if (stmt == NULL)
        return FALSE;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
          g_ptr_array_add (names, g_strdup (pl_column_text (stmt, 1)));
        }
      if (rc != SQLITE_DONE)
        {
          pl_workspace_set_db_error (workspace, error, _("The channels and teams could not be read"));
          for (guint i = 0; i < names->len; i++)
            g_free (names->pdata[i]);
          return FALSE;
        }
    }

  g_ptr_array_add (names, NULL);
  grid->n_columns = ids->len;
  grid->segment_ids = (gint64 *) g_array_free (g_steal_pointer (&ids), FALSE);
  grid->segment_names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  return TRUE;
}

static int
find_row (PlMetricGrid *grid,
          const char   *period_start)
{
  for (guint i = 0; i < grid->n_rows; i++)
    if (strcmp (grid->period_starts[i], period_start) == 0)
      return (int) i;
  return -1;
}

static int
find_column (PlMetricGrid *grid,
             gint64        segment_id)
{
  for (guint i = 0; i < grid->n_columns; i++)
    if (grid->segment_ids[i] == segment_id)
      return (int) i;
  return -1;
}

/* The WHERE clause that picks the rows of one cell: ?1 series, ?2 period,
 * ?3 period_start, ?4 channel, ?5 team. */
static const char cell_where[] =
  " WHERE series_id = ?1 AND period = ?2 AND period_start = ?3"
  " AND channel_id IS ?4 AND team_id IS ?5";

static void
bind_cell (PlMetricGrid *grid,
           sqlite3_stmt *stmt,
           const char   *period_start,
           gint64        segment_id)
{
  sqlite3_bind_int64 (stmt, 1, grid->series_id);
  sqlite3_bind_text (stmt, 2, period_names[grid->period], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, period_start, -1, SQLITE_TRANSIENT);
  if (grid->segment == PL_METRIC_SEGMENT_CHANNEL)
    sqlite3_bind_int64 (stmt, 4, segment_id);
  else
    sqlite3_bind_null (stmt, 4);
  if (grid->segment == PL_METRIC_SEGMENT_TEAM)
    sqlite3_bind_int64 (stmt, 5, segment_id);
  else
    sqlite3_bind_null (stmt, 5);
}

PlMetricGrid *
pl_metric_grid_load (PlWorkspace      *workspace,
                     gint64            series_id,
                     PlMetricPeriod    period,
                     PlMetricSegment   segment,
                     const char       *last_day,
                     guint             n_periods,
                     GError          **error)
{
  g_autoptr(PlMetricGrid) grid = g_new0 (PlMetricGrid, 1);
  g_autoptr(PlMetricSeries) series = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *last = NULL;
  GDate date;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (period <= PL_METRIC_PERIOD_MONTH, NULL);
  g_return_val_if_fail (segment <= PL_METRIC_SEGMENT_TEAM, NULL);
  g_return_val_if_fail (n_periods > 0, NULL);

  series = pl_metric_series_load (workspace, series_id, error);
  if (series == NULL)
    return NULL;

  last = pl_metric_period_start (period, last_day);
  if (last == NULL)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("“%s” is not a date: write it as YYYY-MM-DD."), last_day != NULL ? last_day : "");
      return NULL;
    }

  grid->series_id = series_id;
  grid->aggregation = series->aggregation;
  grid->scale = series->scale;
  grid->period = period;
  grid->segment = segment;
  grid->n_rows = n_periods;
  grid->period_starts = g_new0 (char *, n_periods + 1);

  pl_date_parse_iso (last, &date);
  step_period (period, &date, -(int) (n_periods - 1));
  for (guint i = 0; i < n_periods; i++)
    {
      grid->period_starts[i] = pl_date_to_iso (&date);
      step_period (period, &date, 1);
    }

  if (!load_segments (workspace, grid, error))
    return NULL;

  grid->cells = g_new0 (PlMetricCell, grid->n_rows * grid->n_columns);
  for (guint i = 0; i < grid->n_rows * grid->n_columns; i++)
    grid->cells[i].numerator = grid->cells[i].denominator = NAN;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT period_start, CASE ?4 WHEN 1 THEN channel_id WHEN 2 THEN team_id ELSE 0 END,"
                               " value, numerator, denominator FROM metric_values"
                               " WHERE series_id = ?1 AND period = ?2 AND period_start BETWEEN ?3 AND ?5"
                               "   AND CASE ?4 WHEN 1 THEN channel_id IS NOT NULL AND team_id IS NULL"
                               "               WHEN 2 THEN team_id IS NOT NULL AND channel_id IS NULL"
                               "               ELSE channel_id IS NULL AND team_id IS NULL END"
                               " ORDER BY id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, series_id);
  sqlite3_bind_text (stmt, 2, period_names[period], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, grid->period_starts[0], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, (int) segment);
  sqlite3_bind_text (stmt, 5, grid->period_starts[n_periods - 1], -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int row = find_row (grid, pl_column_text (stmt, 0));
      int column = find_column (grid, sqlite3_column_int64 (stmt, 1));
      PlMetricCell *cell;

      if (row < 0 || column < 0)
        continue;

      cell = pl_metric_grid_get_cell (grid, (guint) row, (guint) column);
      cell->set = TRUE;
      cell->value = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 2);
      cell->numerator = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 3);
      cell->denominator = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 4);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The operational data could not be read"));
      return NULL;
    }

  return g_steal_pointer (&grid);
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

char *
pl_metric_grid_format_cell (PlMetricGrid *grid,
                            guint         row,
                            guint         column)
{
  PlMetricCell *cell = pl_metric_grid_get_cell (grid, row, column);
  g_autofree char *numerator = NULL;
  g_autofree char *denominator = NULL;

  g_return_val_if_fail (cell != NULL, NULL);

  if (!cell->set)
    return g_strdup ("");

  if (grid->aggregation == PL_METRIC_AGGREGATION_RATIO &&
      !isnan (cell->numerator) && !isnan (cell->denominator))
    {
      numerator = format_number (cell->numerator);
      denominator = format_number (cell->denominator);
      return g_strdup_printf ("%s/%s", numerator, denominator);
    }

  return isnan (cell->value) ? g_strdup ("") : format_number (cell->value);
}

char *
pl_metric_latest_day (PlWorkspace     *workspace,
                      gint64           series_id,
                      PlMetricPeriod   period,
                      GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT max (period_start) FROM metric_values WHERE series_id = ? AND period = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, series_id);
  sqlite3_bind_text (stmt, 2, period_names[period], -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The operational data could not be read"));
      return NULL;
    }

  return sqlite3_column_type (stmt, 0) == SQLITE_NULL ? NULL : g_strdup (pl_column_text (stmt, 0));
}

/* -------------------------------------------------------------------- */
/* Reading a cell                                                        */
/* -------------------------------------------------------------------- */

/* A number as people type it: spaces (also the no-break and thin spaces
 * spreadsheets use for thousands) are dropped, a lone comma is a decimal
 * comma, and with both "." and "," the last one is the decimal mark. */
static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *last_dot, *last_comma;
  char *end = NULL;
  char decimal = '.';

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x00A0 && c != 0x202F && c != 0x2009)
        g_string_append_unichar (clean, c);
    }

  if (clean->len > 0 && clean->str[clean->len - 1] == '%')
    g_string_truncate (clean, clean->len - 1);

  if (clean->len == 0)
    return FALSE;

  last_dot = strrchr (clean->str, '.');
  last_comma = strrchr (clean->str, ',');
  if (last_comma != NULL && (last_dot == NULL || last_comma > last_dot))
    {
      /* "1,5" and "1.234,5"; but "1,234" alone stays ambiguous, read as 1.234 */
      decimal = ',';
      if (strchr (clean->str, ',') != last_comma)
        return FALSE;
    }
  else if (last_dot != NULL && strchr (clean->str, '.') != last_dot)
    return FALSE;

  for (gsize i = 0; i < clean->len; i++)
    {
      if (decimal == ',' && clean->str[i] == '.')
        {
          g_string_erase (clean, (gssize) i, 1);
          i--;
        }
      else if (decimal == '.' && clean->str[i] == ',')
        {
          g_string_erase (clean, (gssize) i, 1);
          i--;
        }
      else if (clean->str[i] == ',')
        clean->str[i] = '.';
    }

  *out = g_ascii_strtod (clean->str, &end);
  return end != NULL && *end == '\0' && end != clean->str && isfinite (*out);
}

gboolean
pl_metric_parse_cell (PlMetricAggregation   aggregation,
                      double                scale,
                      const char           *text,
                      PlMetricCell         *out,
                      GError              **error)
{
  g_autofree char *stripped = pl_str_stripped (text);

  g_return_val_if_fail (out != NULL, FALSE);

  out->set = TRUE;
  out->numerator = out->denominator = NAN;

  if (aggregation == PL_METRIC_AGGREGATION_RATIO)
    {
      g_auto(GStrv) parts = g_strsplit (stripped, "/", 3);

      if (g_strv_length (parts) != 2 ||
          !parse_number (parts[0], &out->numerator) ||
          !parse_number (parts[1], &out->denominator))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("“%s” is not a ratio: write numerator/denominator, for example 12/240."),
                       stripped);
          return FALSE;
        }

      if (!(out->denominator > 0))
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("In “%s” the denominator must be more than 0."), stripped);
          return FALSE;
        }

      if (out->numerator < 0)
        {
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("In “%s” the numerator cannot be negative."), stripped);
          return FALSE;
        }

      out->value = scale * out->numerator / out->denominator;
      return TRUE;
    }

  if (!parse_number (stripped, &out->value))
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID, _("“%s” is not a number."), stripped);
      return FALSE;
    }

  return TRUE;
}

/* -------------------------------------------------------------------- */
/* Writing                                                               */
/* -------------------------------------------------------------------- */

typedef struct {
  sqlite3_stmt *find;
  sqlite3_stmt *update;
  sqlite3_stmt *insert;
  sqlite3_stmt *remove_extra;
  sqlite3_stmt *remove;
} Writer;

static void
writer_clear (Writer *writer)
{
  g_clear_pointer (&writer->find, sqlite3_finalize);
  g_clear_pointer (&writer->update, sqlite3_finalize);
  g_clear_pointer (&writer->insert, sqlite3_finalize);
  g_clear_pointer (&writer->remove_extra, sqlite3_finalize);
  g_clear_pointer (&writer->remove, sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static gboolean
writer_prepare (Writer       *writer,
                PlWorkspace  *workspace,
                GError      **error)
{
  g_autofree char *find = g_strconcat ("SELECT min (id) FROM metric_values", cell_where, NULL);
  g_autofree char *remove_extra = g_strconcat ("DELETE FROM metric_values", cell_where, " AND id <> ?6", NULL);
  g_autofree char *remove = g_strconcat ("DELETE FROM metric_values", cell_where, NULL);

  writer->find = pl_workspace_prepare (workspace, find, error);
  if (writer->find == NULL)
    return FALSE;
  writer->update = pl_workspace_prepare (workspace,
                                         "UPDATE metric_values SET value = ?2, numerator = ?3,"
                                         " denominator = ?4 WHERE id = ?1",
                                         error);
  if (writer->update == NULL)
    return FALSE;
  writer->insert = pl_workspace_prepare (workspace,
                                         "INSERT INTO metric_values (series_id, period, period_start,"
                                         " channel_id, team_id, value, numerator, denominator)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                         error);
  if (writer->insert == NULL)
    return FALSE;
  writer->remove_extra = pl_workspace_prepare (workspace, remove_extra, error);
  if (writer->remove_extra == NULL)
    return FALSE;
  writer->remove = pl_workspace_prepare (workspace, remove, error);
  return writer->remove != NULL;
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           index,
                     double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

/* One cell's row: updated if there is one (extra rows for the same cell,
 * which imports may have left, go), inserted if not, deleted for an
 * unset @cell. */
static gboolean
write_cell (Writer              *writer,
            PlWorkspace         *workspace,
            PlMetricGrid        *grid,
            const char          *period_start,
            gint64               segment_id,
            const PlMetricCell  *cell,
            GError             **error)
{
  gint64 id = 0;

  if (!cell->set)
    {
      bind_cell (grid, writer->remove, period_start, segment_id);
      return pl_workspace_step_done (workspace, writer->remove, error);
    }

  bind_cell (grid, writer->find, period_start, segment_id);
  if (sqlite3_step (writer->find) == SQLITE_ROW)
    id = sqlite3_column_int64 (writer->find, 0);
  sqlite3_reset (writer->find);

  if (id != 0)
    {
      bind_cell (grid, writer->remove_extra, period_start, segment_id);
      sqlite3_bind_int64 (writer->remove_extra, 6, id);
      if (!pl_workspace_step_done (workspace, writer->remove_extra, error))
        return FALSE;

      sqlite3_bind_int64 (writer->update, 1, id);
      bind_double_or_null (writer->update, 2, cell->value);
      bind_double_or_null (writer->update, 3, cell->numerator);
      bind_double_or_null (writer->update, 4, cell->denominator);
      return pl_workspace_step_done (workspace, writer->update, error);
    }

  bind_cell (grid, writer->insert, period_start, segment_id);
  bind_double_or_null (writer->insert, 6, cell->value);
  bind_double_or_null (writer->insert, 7, cell->numerator);
  bind_double_or_null (writer->insert, 8, cell->denominator);
  return pl_workspace_step_done (workspace, writer->insert, error);
}

static gboolean
write_one (PlMetricGrid        *grid,
           PlWorkspace         *workspace,
           guint                row,
           guint                column,
           const PlMetricCell  *cell,
           GError             **error)
{
  g_auto(Writer) writer = { 0 };
  g_autofree char *detail = g_strdup_printf ("%s %s", grid->period_starts[row], grid->segment_names[column]);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!writer_prepare (&writer, workspace, error) ||
      !write_cell (&writer, workspace, grid, grid->period_starts[row], grid->segment_ids[column], cell, error) ||
      !pl_workspace_audit (workspace, cell->set ? "set" : "clear", "metric_values", grid->series_id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    {
      writer_clear (&writer);
      pl_workspace_rollback (workspace);
      return FALSE;
    }

  *pl_metric_grid_get_cell (grid, row, column) = *cell;
  pl_workspace_emit_changed (workspace, "metric_values");
  return TRUE;
}

gboolean
pl_metric_grid_set_cell (PlMetricGrid  *grid,
                         PlWorkspace   *workspace,
                         guint          row,
                         guint          column,
                         const char    *text,
                         GError       **error)
{
  g_autofree char *stripped = pl_str_stripped (text);
  PlMetricCell cell = { FALSE, NAN, NAN, NAN };

  g_return_val_if_fail (grid != NULL, FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (row < grid->n_rows && column < grid->n_columns, FALSE);

  if (*stripped != '\0' &&
      !pl_metric_parse_cell (grid->aggregation, grid->scale, stripped, &cell, error))
    return FALSE;

  return write_one (grid, workspace, row, column, &cell, error);
}

gboolean
pl_metric_grid_clear_cell (PlMetricGrid  *grid,
                           PlWorkspace   *workspace,
                           guint          row,
                           guint          column,
                           GError       **error)
{
  PlMetricCell cell = { FALSE, NAN, NAN, NAN };

  g_return_val_if_fail (grid != NULL, FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (row < grid->n_rows && column < grid->n_columns, FALSE);

  return write_one (grid, workspace, row, column, &cell, error);
}

/* -------------------------------------------------------------------- */
/* Pasting                                                               */
/* -------------------------------------------------------------------- */

void
pl_metric_paste_error_free (PlMetricPasteError *paste_error)
{
  if (paste_error == NULL)
    return;

  g_free (paste_error->message);
  g_free (paste_error);
}

/* Rows of cells; a trailing empty line (spreadsheets end with one) goes.
 * Spreadsheets copy cells separated by tabs; text may use semicolons.
 * Without either, each line is one cell: "12,5" is twelve and a half in
 * a decimal-comma locale, not two cells. */
static GPtrArray *
split_block (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = NULL;
  const char *separator = "\t";
  guint n;

  if (strchr (text, '\t') == NULL)
    separator = strchr (text, ';') != NULL ? ";" : NULL;

  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  while (n > 0 && *g_strstrip (lines[n - 1]) == '\0')
    n--;

  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (lines[i]);
      char **cells;

      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';

      if (separator != NULL)
        cells = g_strsplit (lines[i], separator, -1);
      else
        {
          cells = g_new0 (char *, 2);
          cells[0] = g_strdup (lines[i]);
        }
      for (guint j = 0; cells[j] != NULL; j++)
        {
          char *cell = g_strstrip (cells[j]);
          gsize cell_len = strlen (cell);

          /* "12,5" as a quoted CSV field */
          if (cell_len >= 2 && cell[0] == '"' && cell[cell_len - 1] == '"')
            {
              cell[cell_len - 1] = '\0';
              memmove (cell, cell + 1, cell_len - 1);
            }
        }
      g_ptr_array_add (rows, cells);
    }

  return rows;
}

static int
segment_by_name (PlMetricGrid *grid,
                 const char   *name)
{
  g_autofree char *wanted = g_utf8_casefold (name, -1);

  for (guint i = 0; i < grid->n_columns; i++)
    {
      g_autofree char *have = g_utf8_casefold (grid->segment_names[i], -1);

      if (g_utf8_collate (wanted, have) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
looks_like_value (PlMetricGrid *grid,
                  const char   *text)
{
  PlMetricCell cell;

  return *text == '\0' || pl_metric_parse_cell (grid->aggregation, grid->scale, text, &cell, NULL);
}

typedef struct {
  char   *period_start;
  gint64  segment_id;
  int     row;       /* in the grid, or -1 */
  int     column;
  PlMetricCell cell;
} PasteCell;

static void
paste_cell_clear (gpointer data)
{
  g_free (((PasteCell *) data)->period_start);
}

static void
add_paste_error (GPtrArray  *errors,
                 int         row,
                 int         column,
                 char       *message)
{
  PlMetricPasteError *paste_error = g_new0 (PlMetricPasteError, 1);

  paste_error->row = row;
  paste_error->column = column;
  paste_error->message = message;
  g_ptr_array_add (errors, paste_error);
}

gboolean
pl_metric_grid_paste (PlMetricGrid  *grid,
                      PlWorkspace   *workspace,
                      guint          row,
                      guint          column,
                      const char    *text,
                      GPtrArray    **cell_errors,
                      guint         *n_written,
                      GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_metric_paste_error_free);
  g_autoptr(GArray) cells = g_array_new (FALSE, TRUE, sizeof (PasteCell));
  g_autoptr(GHashTable) filled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree int *column_of = NULL;
  g_auto(Writer) writer = { 0 };
  g_autofree char *detail = NULL;
  gboolean header = FALSE;
  gboolean dates = TRUE;
  guint first_data_row, first_data_column = 0;
  guint width = 0;

  g_return_val_if_fail (grid != NULL, FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (row < grid->n_rows && column < grid->n_columns, FALSE);

  g_array_set_clear_func (cells, paste_cell_clear);
  if (cell_errors != NULL)
    *cell_errors = NULL;
  if (n_written != NULL)
    *n_written = 0;

  rows = split_block (text);
  if (rows->len == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("There is nothing to paste: copy some cells in a spreadsheet first."));
      return FALSE;
    }

  for (guint r = 0; r < rows->len; r++)
    width = MAX (width, g_strv_length (g_ptr_array_index (rows, r)));

  /* A header row: some cell that is neither empty nor a value. */
  {
    char **first = g_ptr_array_index (rows, 0);

    for (guint c = 0; first[c] != NULL && !header; c++)
      {
        g_autofree char *day = pl_date_parse_day (first[c]);

        if (day == NULL && !looks_like_value (grid, first[c]))
          header = TRUE;
      }
  }
  first_data_row = header ? 1 : 0;

  /* A date column: the first cell of every data row is a day. */
  if (first_data_row >= rows->len)
    dates = FALSE;
  for (guint r = first_data_row; r < rows->len && dates; r++)
    {
      char **cells_of_row = g_ptr_array_index (rows, r);
      g_autofree char *day = pl_date_parse_day (cells_of_row[0]);

      dates = day != NULL;
    }
  if (dates)
    first_data_column = 1;

  /* Where each pasted column goes. */
  column_of = g_new0 (int, width);
  for (guint c = first_data_column; c < width; c++)
    {
      char **names = g_ptr_array_index (rows, 0);
      const char *name = header && c < g_strv_length (names) ? names[c] : "";

      if (header && *name != '\0' && grid->segment != PL_METRIC_SEGMENT_NONE)
        {
          column_of[c] = segment_by_name (grid, name);
          if (column_of[c] < 0)
            add_paste_error (errors, -1, -1,
                             g_strdup_printf (grid->segment == PL_METRIC_SEGMENT_TEAM
                                              ? _("There is no team called “%s”.")
                                              : grid->segment == PL_METRIC_SEGMENT_CHANNEL
                                              ? _("There is no channel called “%s”.")
                                              : _("“%s” is not a column of this table: without segments it has one column."),
                                              name));
        }
      else
        {
          guint target = column + (c - first_data_column);

          column_of[c] = target < grid->n_columns ? (int) target : -1;
          if (column_of[c] < 0)
            add_paste_error (errors, -1, -1,
                             g_strdup_printf (_("Column %u of the pasted cells goes past the last column of the table."),
                                              c + 1));
        }
    }

  for (guint r = first_data_row; r < rows->len; r++)
    {
      char **row_cells = g_ptr_array_index (rows, r);
      g_autofree char *period_start = NULL;
      int grid_row;

      if (dates)
        {
          period_start = pl_metric_period_start (grid->period, row_cells[0]);
          grid_row = find_row (grid, period_start);
        }
      else
        {
          guint target = row + (r - first_data_row);

          if (target >= grid->n_rows)
            {
              add_paste_error (errors, -1, -1,
                               g_strdup_printf (_("Row %u of the pasted cells goes past the last period shown."),
                                                r + 1));
              continue;
            }
          grid_row = (int) target;
          period_start = g_strdup (grid->period_starts[target]);
        }

      for (guint c = first_data_column; row_cells[c] != NULL; c++)
        {
          g_autoptr(GError) cell_error = NULL;
          PasteCell paste = { NULL, 0, grid_row, column_of[c], { FALSE, NAN, NAN, NAN } };
          gpointer earlier;
          char *key;

          if (*row_cells[c] == '\0' || column_of[c] < 0)
            continue;
          if (period_start == NULL)
            {
              add_paste_error (errors, grid_row, column_of[c],
                               g_strdup_printf (_("Row %u: “%s” is not a day."), r + 1, row_cells[0]));
              continue;
            }

          /* Two dated rows in one week or month would overwrite each
           * other: say so rather than keep the last. */
          key = g_strdup_printf ("%s|%d", period_start, column_of[c]);
          if (g_hash_table_lookup_extended (filled, key, NULL, &earlier))
            {
              add_paste_error (errors, grid_row, column_of[c],
                               g_strdup_printf (_("Rows %u and %u both fall in the period starting %s."),
                                                GPOINTER_TO_UINT (earlier), r + 1, period_start));
              g_free (key);
              continue;
            }
          g_hash_table_insert (filled, key, GUINT_TO_POINTER (r + 1));

          if (!pl_metric_parse_cell (grid->aggregation, grid->scale, row_cells[c], &paste.cell, &cell_error))
            {
              add_paste_error (errors, grid_row, column_of[c],
                               g_strdup_printf (_("Row %u, column %u: %s"), r + 1, c + 1, cell_error->message));
              continue;
            }

          paste.period_start = g_strdup (period_start);
          paste.segment_id = grid->segment_ids[column_of[c]];
          g_array_append_val (cells, paste);
        }
    }

  if (errors->len > 0)
    {
      if (errors->len == 1)
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("Nothing was pasted: %s"),
                     ((PlMetricPasteError *) g_ptr_array_index (errors, 0))->message);
      else
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Nothing was pasted: %u cell could not be read.",
                                  "Nothing was pasted: %u cells could not be read.",
                                  errors->len),
                     errors->len);
      if (cell_errors != NULL)
        *cell_errors = g_steal_pointer (&errors);
      return FALSE;
    }

  if (cells->len == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The pasted cells are all empty: nothing was changed."));
      return FALSE;
    }

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!writer_prepare (&writer, workspace, error))
    goto failed;

  for (guint i = 0; i < cells->len; i++)
    {
      PasteCell *paste = &g_array_index (cells, PasteCell, i);

      if (!write_cell (&writer, workspace, grid, paste->period_start, paste->segment_id, &paste->cell, error))
        goto failed;
    }

  detail = g_strdup_printf ("%u", cells->len);
  if (!pl_workspace_audit (workspace, "paste", "metric_values", grid->series_id, detail, error))
    goto failed;

  writer_clear (&writer);
  if (!pl_workspace_commit (workspace, error))
    goto failed;

  for (guint i = 0; i < cells->len; i++)
    {
      PasteCell *paste = &g_array_index (cells, PasteCell, i);

      if (paste->row >= 0)
        *pl_metric_grid_get_cell (grid, (guint) paste->row, (guint) paste->column) = paste->cell;
    }

  if (n_written != NULL)
    *n_written = cells->len;
  pl_workspace_emit_changed (workspace, "metric_values");
  return TRUE;

failed:
  writer_clear (&writer);
  pl_workspace_rollback (workspace);
  return FALSE;
}
