/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "pl-error.h"
#include "pl-export.h"
#include "pl-kpi.h"
#include "pl-util.h"

/* Excel refuses longer text in one cell. */
#define MAX_CELL_CHARS 32767

/* Scorecard layout: three title rows, a gap, then the table. */
#define SCORE_TITLE_ROW    0
#define SCORE_SUBTITLE_ROW 1
#define SCORE_DATE_ROW     2
#define SCORE_HEADER_ROW   4
#define SCORE_FIRST_ROW    5

enum {
  COL_NAME,
  COL_DEFINITION,
  COL_UNIT,
  COL_PERIOD,
  COL_VALUE,
  COL_TARGET,
  COL_RED,
  COL_DIRECTION,
  COL_STATUS,
  COL_CHANGE,
  N_SCORE_COLUMNS
};

/* Charts: two to a row, each 600 x 324 pixels. */
#define CHARTS_PER_ROW      2
#define CHART_X_SCALE       1.25
#define CHART_Y_SCALE       1.125
#define CHART_COLS_APART    10
#define CHART_ROWS_APART    18
#define CHART_FIRST_ROW     2
#define CHART_ROWS_PER_PAGE 2

/* Excel's own "Good", "Neutral" and "Bad" cell styles. */
#define GREEN_FILL 0xC6EFCE
#define GREEN_TEXT 0x006100
#define AMBER_FILL 0xFFEB9C
#define AMBER_TEXT 0x9C5700
#define RED_FILL   0xFFC7CE
#define RED_TEXT   0x9C0006
#define GREY_TEXT  0x77767B

#define VALUE_LINE  0x1C71D8
#define TARGET_LINE 0x5E5C64
#define HEADER_FILL 0xDEDDDA

typedef struct
{
  PlKpi        *kpi;
  GArray       *points;
  PlKpiSummary  summary;
  char         *num_format;     /* 0.0"%", 0" s", +0 for NPS... */
  lxw_row_t     scorecard_row;
  lxw_col_t     data_col;       /* its values; the target is the next column */
} KpiRow;

typedef struct
{
  lxw_workbook  *workbook;
  lxw_error      first_error;
  GHashTable    *number_formats; /* num_format -> lxw_format *, borrowed */

  const char    *scorecard_name;
  const char    *data_name;
  const char    *charts_name;

  lxw_format    *title;
  lxw_format    *subtitle;
  lxw_format    *note;
  lxw_format    *note_date;
  lxw_format    *header;
  lxw_format    *text;
  lxw_format    *wrapped;
  lxw_format    *date;

  GPtrArray     *rows;           /* KpiRow */
  GPtrArray     *periods;        /* every period start, sorted, unique */
  GHashTable    *period_rows;    /* period start -> its row on the data sheet, never 0 (the header) */
  gboolean       mixed_periods;
} Export;

static void
kpi_row_free (gpointer data)
{
  KpiRow *row = data;

  g_clear_object (&row->kpi);
  g_clear_pointer (&row->points, g_array_unref);
  g_free (row->num_format);
  g_free (row);
}

static void
export_clear (Export *export)
{
  g_clear_pointer (&export->number_formats, g_hash_table_unref);
  g_clear_pointer (&export->rows, g_ptr_array_unref);
  g_clear_pointer (&export->periods, g_ptr_array_unref);
  g_clear_pointer (&export->period_rows, g_hash_table_unref);
  if (export->workbook != NULL)
    lxw_workbook_free (g_steal_pointer (&export->workbook));
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Export, export_clear)

/* Remembers the first thing libxlsxwriter refused, so that one check at the
 * end covers every cell. */
static void
check (Export    *export,
       lxw_error  result)
{
  if (result != LXW_NO_ERROR && export->first_error == LXW_NO_ERROR)
    export->first_error = result;
}

/* User text always goes in as a string cell, whatever it looks like, so
 * "=HYPERLINK(...)" stays text. */
static void
write_text (Export        *export,
            lxw_worksheet *sheet,
            lxw_row_t      row,
            lxw_col_t      col,
            const char    *text,
            lxw_format    *format)
{
  g_autofree char *clipped = NULL;

  if (text == NULL || *text == '\0')
    {
      check (export, worksheet_write_blank (sheet, row, col, format));
      return;
    }

  if (g_utf8_strlen (text, -1) > MAX_CELL_CHARS)
    text = clipped = g_utf8_substring (text, 0, MAX_CELL_CHARS);

  check (export, worksheet_write_string (sheet, row, col, text, format));
}

static gboolean
iso_to_lxw (const char   *iso_date,
            lxw_datetime *out)
{
  GDate date;

  if (!pl_date_parse_iso (iso_date, &date))
    return FALSE;

  *out = (lxw_datetime) {
    .year = g_date_get_year (&date),
    .month = g_date_get_month (&date),
    .day = g_date_get_day (&date),
  };
  return TRUE;
}

static void
write_date (Export        *export,
            lxw_worksheet *sheet,
            lxw_row_t      row,
            lxw_col_t      col,
            const char    *iso_date,
            lxw_format    *format)
{
  lxw_datetime datetime;

  if (iso_to_lxw (iso_date, &datetime))
    check (export, worksheet_write_datetime (sheet, row, col, &datetime, format));
  else
    write_text (export, sheet, row, col, iso_date, format);
}

static void
write_number (Export        *export,
              lxw_worksheet *sheet,
              lxw_row_t      row,
              lxw_col_t      col,
              double         value,
              lxw_format    *format)
{
  if (isfinite (value))
    check (export, worksheet_write_number (sheet, row, col, value, format));
  else
    check (export, worksheet_write_blank (sheet, row, col, format));
}

/* Text that goes into a number format as a literal: Excel has no escape
 * for a quote inside quotes, so such text is left out. */
static void
append_literal (GString    *format,
                const char *text)
{
  if (text == NULL || *text == '\0' || strchr (text, '"') != NULL || strlen (text) > 40)
    return;

  g_string_append_printf (format, "\"%s\"", text);
}

/* A number format that reads like the app's pl_kpi_format_value (): the
 * KPI's decimals and its unit, so 84.2 with 0.0"%" shows "84.2%" and is
 * still the number 84.2 to a formula. @show_sign gives "+3" and "-3". */
static char *
build_number_format (int         decimals,
                     const char *prefix,
                     const char *suffix,
                     gboolean    show_sign)
{
  g_autoptr(GString) number = g_string_new (NULL);
  GString *format = g_string_new (NULL);

  append_literal (number, prefix);
  g_string_append_c (number, '0');
  if (decimals > 0)
    {
      g_string_append_c (number, '.');
      for (int i = 0; i < decimals; i++)
        g_string_append_c (number, '0');
    }
  append_literal (number, suffix);

  if (show_sign)
    g_string_append_printf (format, "+%s;-%s;%s", number->str, number->str, number->str);
  else
    g_string_append (format, number->str);

  return g_string_free (format, FALSE);
}

/* Units carry their own spacing (" s", "%") for the number they follow;
 * standing alone in a cell or axis title they need none. */
static char *
trimmed_unit (PlKpi *kpi)
{
  const char *unit = pl_kpi_get_unit (kpi);

  return g_strstrip (g_strdup (unit != NULL ? unit : ""));
}

static char *
number_format_for (PlKpi *kpi)
{
  return build_number_format (CLAMP (pl_kpi_get_decimals (kpi), 0, 6),
                              NULL, pl_kpi_get_unit (kpi),
                              pl_kpi_get_calc (kpi) == PL_KPI_CALC_NPS);
}

static lxw_format *
number_format (Export     *export,
               const char *num_format)
{
  lxw_format *format = g_hash_table_lookup (export->number_formats, num_format);

  if (format == NULL)
    {
      format = workbook_add_format (export->workbook);
      format_set_num_format (format, num_format);
      format_set_align (format, LXW_ALIGN_VERTICAL_TOP);
      g_hash_table_insert (export->number_formats, g_strdup (num_format), format);
    }

  return format;
}

static void
add_formats (Export *export)
{
  lxw_workbook *workbook = export->workbook;

  export->title = workbook_add_format (workbook);
  format_set_bold (export->title);
  format_set_font_size (export->title, 16);

  export->subtitle = workbook_add_format (workbook);
  format_set_font_size (export->subtitle, 12);

  export->note = workbook_add_format (workbook);
  format_set_font_color (export->note, GREY_TEXT);

  export->note_date = workbook_add_format (workbook);
  format_set_font_color (export->note_date, GREY_TEXT);
  format_set_num_format (export->note_date, "d mmmm yyyy");
  format_set_align (export->note_date, LXW_ALIGN_LEFT);

  export->header = workbook_add_format (workbook);
  format_set_bold (export->header);
  format_set_text_wrap (export->header);
  format_set_align (export->header, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color (export->header, HEADER_FILL);
  format_set_bottom (export->header, LXW_BORDER_THIN);

  export->text = workbook_add_format (workbook);
  format_set_align (export->text, LXW_ALIGN_VERTICAL_TOP);

  export->wrapped = workbook_add_format (workbook);
  format_set_text_wrap (export->wrapped);
  format_set_align (export->wrapped, LXW_ALIGN_VERTICAL_TOP);

  export->date = workbook_add_format (workbook);
  format_set_num_format (export->date, "d mmm yyyy");
  format_set_align (export->date, LXW_ALIGN_LEFT);
  format_set_align (export->date, LXW_ALIGN_VERTICAL_TOP);
}

/* The change keeps the KPI's decimals and always shows its sign; a change
 * of a percentage is in percentage points, as pl_kpi_format_change () says. */
static lxw_format *
change_format (Export *export,
               KpiRow *row)
{
  int decimals = CLAMP (pl_kpi_get_decimals (row->kpi), 0, 6);
  const char *unit = pl_kpi_get_unit (row->kpi);
  g_autofree char *num_format = NULL;

  if (g_strcmp0 (unit, "%") == 0)
    {
      /* The same words as pl_kpi_format_change (), split around the number. */
      g_auto(GStrv) parts = g_strsplit (_("%s pts"), "%s", 2);

      if (g_strv_length (parts) == 2)
        num_format = build_number_format (decimals, parts[0], parts[1], TRUE);
    }

  if (num_format == NULL)
    num_format = build_number_format (decimals, NULL, unit, TRUE);

  return number_format (export, num_format);
}

/* libxlsxwriter cannot measure text: guess the lines a wrapped cell needs
 * so that definitions are not cut off in the default 15 pt row. A column's
 * width counts "0"s; prose averages a little narrower, with slack for
 * breaking at spaces. */
static int
wrapped_lines (const char *text,
               double      column_width)
{
  double column_chars = column_width * 1.05;
  g_auto(GStrv) paragraphs = NULL;
  int lines = 0;

  if (text == NULL || *text == '\0')
    return 1;

  paragraphs = g_strsplit (text, "\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      glong chars = g_utf8_strlen (paragraphs[i], -1);

      lines += MAX (1, (int) ceil (chars / column_chars));
    }

  return MAX (lines, 1);
}

/* A cell formula string for the conditional format: "On target" with any
 * quote doubled, as Excel wants it. */
static char *
quoted_formula_text (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "\"", -1);
  g_autofree char *escaped = g_strjoinv ("\"\"", parts);

  return g_strdup_printf ("\"%s\"", escaped);
}

static void
add_status_rule (Export        *export,
                 lxw_worksheet *sheet,
                 lxw_row_t      first_row,
                 lxw_row_t      last_row,
                 PlStatus       status,
                 lxw_color_t    fill,
                 lxw_color_t    text)
{
  g_autofree char *value = quoted_formula_text (pl_status_to_label (status));
  lxw_format *format = workbook_add_format (export->workbook);
  lxw_conditional_format rule = {
    .type = LXW_CONDITIONAL_TYPE_CELL,
    .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
    .value_string = value,
    .format = format,
  };

  if (fill != LXW_COLOR_UNSET)
    format_set_bg_color (format, fill);
  format_set_font_color (format, text);

  check (export, worksheet_conditional_format_range (sheet, first_row, COL_STATUS,
                                                     last_row, COL_STATUS, &rule));
}

static const char *
latest_period (Export *export)
{
  const char *latest = NULL;

  for (guint i = 0; i < export->rows->len; i++)
    {
      KpiRow *row = g_ptr_array_index (export->rows, i);

      if (row->summary.has_value &&
          (latest == NULL || strcmp (row->summary.latest.period_start, latest) > 0))
        latest = row->summary.latest.period_start;
    }

  return latest;
}

static gboolean
write_scorecard (Export        *export,
                 lxw_worksheet *sheet,
                 PlWorkspace   *workspace,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *organisation = pl_workspace_dup_title (workspace);
  g_autofree char *today = pl_today_iso ();
  g_autofree char *subtitle = NULL;
  const char *latest = latest_period (export);
  const char *headers[N_SCORE_COLUMNS] = {
    [COL_NAME] = _("KPI"),
    [COL_DEFINITION] = _("Definition"),
    [COL_PERIOD] = _("Latest period"),
    [COL_VALUE] = _("Value"),
    [COL_TARGET] = _("Target"),
    [COL_RED] = _("Red threshold"),
    [COL_DIRECTION] = _("Direction"),
    [COL_STATUS] = _("Status"),
    [COL_CHANGE] = _("Change from previous period"),
    [COL_UNIT] = _("Unit"),
  };
  const double widths[N_SCORE_COLUMNS] = {
    [COL_NAME] = 32,
    [COL_DEFINITION] = 52,
    [COL_PERIOD] = 13,
    [COL_VALUE] = 10,
    [COL_TARGET] = 10,
    [COL_RED] = 10,
    [COL_DIRECTION] = 16,
    [COL_STATUS] = 12,
    [COL_CHANGE] = 15,
    [COL_UNIT] = 9,
  };
  lxw_row_t last_row;

  write_text (export, sheet, SCORE_TITLE_ROW, 0, organisation, export->title);

  if (latest != NULL)
    {
      g_autofree char *week = pl_date_format_short (latest);

      /* Translators: %s is a date such as "21 Sep 2026" */
      subtitle = g_strdup_printf (_("KPI scorecard, week of %s"), week);
    }
  else
    subtitle = g_strdup (_("KPI scorecard, no data yet"));
  write_text (export, sheet, SCORE_SUBTITLE_ROW, 0, subtitle, export->subtitle);

  write_text (export, sheet, SCORE_DATE_ROW, 0, _("Exported"), export->note);
  write_date (export, sheet, SCORE_DATE_ROW, 1, today, export->note_date);

  for (int col = 0; col < N_SCORE_COLUMNS; col++)
    {
      check (export, worksheet_set_column (sheet, col, col, widths[col], NULL));
      write_text (export, sheet, SCORE_HEADER_ROW, col, headers[col], export->header);
    }
  check (export, worksheet_set_row (sheet, SCORE_HEADER_ROW, 30, NULL));

  for (guint i = 0; i < export->rows->len; i++)
    {
      KpiRow *row = g_ptr_array_index (export->rows, i);
      PlKpi *kpi = row->kpi;
      PlKpiSummary *summary = &row->summary;
      lxw_format *value_format = number_format (export, row->num_format);
      lxw_row_t r = row->scorecard_row;
      g_autofree char *unit = trimmed_unit (kpi);
      int lines;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      write_text (export, sheet, r, COL_NAME, pl_kpi_get_name (kpi), export->wrapped);
      write_text (export, sheet, r, COL_DEFINITION, pl_kpi_get_definition (kpi), export->wrapped);

      if (summary->has_value)
        {
          write_date (export, sheet, r, COL_PERIOD, summary->latest.period_start, export->date);
          write_number (export, sheet, r, COL_VALUE, summary->latest.value, value_format);
        }
      else
        {
          check (export, worksheet_write_blank (sheet, r, COL_PERIOD, export->date));
          check (export, worksheet_write_blank (sheet, r, COL_VALUE, value_format));
        }

      write_number (export, sheet, r, COL_TARGET, pl_kpi_get_target (kpi), value_format);
      write_number (export, sheet, r, COL_RED, pl_kpi_get_red_threshold (kpi), value_format);
      write_text (export, sheet, r, COL_DIRECTION,
                  pl_kpi_get_higher_is_better (kpi) ? _("Higher is better") : _("Lower is better"),
                  export->text);
      write_text (export, sheet, r, COL_STATUS,
                  pl_status_to_label (summary->has_value ? summary->status : PL_STATUS_NONE),
                  export->text);

      if (summary->has_value && summary->has_previous)
        write_number (export, sheet, r, COL_CHANGE, summary->change, change_format (export, row));
      else
        check (export, worksheet_write_blank (sheet, r, COL_CHANGE, export->text));

      write_text (export, sheet, r, COL_UNIT, unit, export->text);

      lines = MAX (wrapped_lines (pl_kpi_get_name (kpi), widths[COL_NAME]),
                   wrapped_lines (pl_kpi_get_definition (kpi), widths[COL_DEFINITION]));
      if (lines > 1)
        check (export, worksheet_set_row (sheet, r, MIN (15.0 * lines, 409.0), NULL));
    }

  last_row = SCORE_FIRST_ROW + MAX (export->rows->len, 1) - 1;

  /* Conditional, not static, fills: a status typed over by hand recolours. */
  add_status_rule (export, sheet, SCORE_FIRST_ROW, last_row,
                   PL_STATUS_GREEN, GREEN_FILL, GREEN_TEXT);
  add_status_rule (export, sheet, SCORE_FIRST_ROW, last_row,
                   PL_STATUS_AMBER, AMBER_FILL, AMBER_TEXT);
  add_status_rule (export, sheet, SCORE_FIRST_ROW, last_row,
                   PL_STATUS_RED, RED_FILL, RED_TEXT);
  add_status_rule (export, sheet, SCORE_FIRST_ROW, last_row,
                   PL_STATUS_NONE, LXW_COLOR_UNSET, GREY_TEXT);

  worksheet_freeze_panes (sheet, SCORE_FIRST_ROW, 1);
  check (export, worksheet_autofilter (sheet, SCORE_HEADER_ROW, 0,
                                       MAX (last_row, SCORE_HEADER_ROW), N_SCORE_COLUMNS - 1));
  worksheet_set_landscape (sheet);
  worksheet_fit_to_pages (sheet, 1, 0);
  check (export, worksheet_repeat_rows (sheet, SCORE_HEADER_ROW, SCORE_HEADER_ROW));

  return TRUE;
}

static gboolean
write_data (Export        *export,
            lxw_worksheet *sheet,
            GCancellable  *cancellable,
            GError       **error)
{
  write_text (export, sheet, 0, 0, _("Week starting"), export->header);
  check (export, worksheet_set_column (sheet, 0, 0, 14, NULL));

  for (guint p = 0; p < export->periods->len; p++)
    write_date (export, sheet, p + 1, 0, g_ptr_array_index (export->periods, p), export->date);

  for (guint i = 0; i < export->rows->len; i++)
    {
      KpiRow *row = g_ptr_array_index (export->rows, i);
      lxw_format *value_format = number_format (export, row->num_format);
      double target = pl_kpi_get_target (row->kpi);
      g_autofree char *target_header = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* Translators: the heading of a KPI's target column, %s is the KPI's name */
      target_header = g_strdup_printf (_("%s (target)"), pl_kpi_get_name (row->kpi));
      write_text (export, sheet, 0, row->data_col, pl_kpi_get_name (row->kpi), export->header);
      write_text (export, sheet, 0, row->data_col + 1, target_header, export->header);
      check (export, worksheet_set_column (sheet, row->data_col, row->data_col + 1, 16, NULL));

      /* Weeks without a value stay empty: the chart shows a gap, not a zero. */
      for (guint j = 0; j < row->points->len; j++)
        {
          PlKpiPoint *point = &g_array_index (row->points, PlKpiPoint, j);
          guint data_row = GPOINTER_TO_UINT (g_hash_table_lookup (export->period_rows,
                                                                  point->period_start));

          g_assert (data_row > 0);
          write_number (export, sheet, data_row, row->data_col, point->value, value_format);
        }

      for (guint p = 0; p < export->periods->len; p++)
        write_number (export, sheet, p + 1, row->data_col + 1, target, value_format);
    }

  check (export, worksheet_set_row (sheet, 0, 45, NULL));
  worksheet_freeze_panes (sheet, 1, 1);
  check (export, worksheet_repeat_rows (sheet, 0, 0));
  check (export, worksheet_repeat_columns (sheet, 0, 0));
  worksheet_set_landscape (sheet);

  return TRUE;
}

/* A share cannot pass 100%: when the line runs near the top, stop the
 * axis there rather than let it climb to 120%, and fix its floor too, since
 * a fixed top alone makes some spreadsheets start the axis at zero. */
static gboolean
percentage_axis (KpiRow *row,
                 double *min,
                 double *max)
{
  double low = pl_kpi_get_target (row->kpi);
  double high = low;

  if (g_strcmp0 (pl_kpi_get_unit (row->kpi), "%") != 0)
    return FALSE;

  for (guint i = 0; i < row->points->len; i++)
    {
      double value = g_array_index (row->points, PlKpiPoint, i).value;

      low = MIN (low, value);
      high = MAX (high, value);
    }

  if (high > 100 || high < 90 || low < 0)
    return FALSE;

  *max = 100;
  *min = MAX (0, floor ((low - 5) / 10) * 10);
  return TRUE;
}

static gboolean
write_charts (Export        *export,
              lxw_worksheet *sheet,
              GCancellable  *cancellable,
              GError       **error)
{
  lxw_row_t last_data_row = MAX (export->periods->len, 1);
  g_autofree lxw_row_t *breaks = NULL;
  guint n_grid_rows = (export->rows->len + CHARTS_PER_ROW - 1) / CHARTS_PER_ROW;
  guint n_breaks = 0;

  write_text (export, sheet, 0, 0, _("Each KPI, week by week, against its target"), export->subtitle);
  worksheet_gridlines (sheet, LXW_HIDE_ALL_GRIDLINES);
  worksheet_set_landscape (sheet);
  worksheet_fit_to_pages (sheet, 1, 0);

  /* Two rows of charts to a printed page, never a chart cut in half. */
  breaks = g_new0 (lxw_row_t, n_grid_rows / CHART_ROWS_PER_PAGE + 1);
  for (guint r = CHART_ROWS_PER_PAGE; r < n_grid_rows && n_breaks < LXW_BREAKS_MAX; r += CHART_ROWS_PER_PAGE)
    breaks[n_breaks++] = CHART_FIRST_ROW + r * CHART_ROWS_APART;
  if (n_breaks > 0)
    check (export, worksheet_set_h_pagebreaks (sheet, breaks));

  for (guint i = 0; i < export->rows->len; i++)
    {
      KpiRow *row = g_ptr_array_index (export->rows, i);
      lxw_chart *chart = workbook_add_chart (export->workbook, LXW_CHART_LINE);
      lxw_chart_series *values;
      lxw_chart_series *target;
      lxw_chart_line value_line = { .color = VALUE_LINE, .width = 2.25 };
      lxw_chart_fill marker_fill = { .color = VALUE_LINE };
      lxw_chart_line marker_line = { .color = VALUE_LINE };
      lxw_chart_line target_line = {
        .color = TARGET_LINE,
        .width = 1.5,
        .dash_type = LXW_CHART_LINE_DASH_DASH,
      };
      lxw_chart_font title_font = { .size = 12, .bold = LXW_TRUE };
      lxw_chart_options options = {
        .x_offset = 8,
        .y_offset = 8,
        .x_scale = CHART_X_SCALE,
        .y_scale = CHART_Y_SCALE,
      };
      g_autofree char *unit = trimmed_unit (row->kpi);
      double axis_min, axis_max;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (chart == NULL)
        {
          check (export, LXW_ERROR_MEMORY_MALLOC_FAILED);
          break;
        }

      values = chart_add_series (chart, NULL, NULL);
      chart_series_set_categories (values, export->data_name, 1, 0, last_data_row, 0);
      chart_series_set_values (values, export->data_name,
                               1, row->data_col, last_data_row, row->data_col);
      chart_series_set_name_range (values, export->data_name, 0, row->data_col);
      chart_series_set_line (values, &value_line);
      chart_series_set_marker_type (values, LXW_CHART_MARKER_CIRCLE);
      chart_series_set_marker_size (values, 5);
      chart_series_set_marker_fill (values, &marker_fill);
      chart_series_set_marker_line (values, &marker_line);

      target = chart_add_series (chart, NULL, NULL);
      chart_series_set_categories (target, export->data_name, 1, 0, last_data_row, 0);
      chart_series_set_values (target, export->data_name,
                               1, row->data_col + 1, last_data_row, row->data_col + 1);
      chart_series_set_name_range (target, export->data_name, 0, row->data_col + 1);
      chart_series_set_line (target, &target_line);
      chart_series_set_marker_type (target, LXW_CHART_MARKER_NONE);

      /* Names and units come from users: refer to their cells rather than
       * pass them as text, which libxlsxwriter reads as a formula when it
       * starts with "=". */
      chart_title_set_name_range (chart, export->scorecard_name, row->scorecard_row, COL_NAME);
      chart_title_set_name_font (chart, &title_font);
      if (*unit != '\0')
        chart_axis_set_name_range (chart->y_axis, export->scorecard_name,
                                   row->scorecard_row, COL_UNIT);
      chart_axis_set_num_format (chart->y_axis, row->num_format);
      if (percentage_axis (row, &axis_min, &axis_max))
        {
          chart_axis_set_min (chart->y_axis, axis_min);
          chart_axis_set_max (chart->y_axis, axis_max);
        }

      /* Dates as categories make Excel draw a date axis. */
      chart_axis_set_num_format (chart->x_axis, "d mmm");
      chart_legend_set_position (chart, LXW_CHART_LEGEND_BOTTOM);
      chart_show_blanks_as (chart, export->mixed_periods ? LXW_CHART_BLANKS_AS_CONNECTED
                                                         : LXW_CHART_BLANKS_AS_GAP);

      check (export, worksheet_insert_chart_opt (sheet,
                                                 CHART_FIRST_ROW + (i / CHARTS_PER_ROW) * CHART_ROWS_APART,
                                                 (i % CHARTS_PER_ROW) * CHART_COLS_APART,
                                                 chart, &options));
    }

  return TRUE;
}

static int
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
collect (Export        *export,
         PlWorkspace   *workspace,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_kpis;
  int first_period = -1;

  kpis = pl_kpi_list (workspace, FALSE, error);
  if (kpis == NULL)
    return FALSE;

  n_kpis = g_list_model_get_n_items (kpis);
  for (guint i = 0; i < n_kpis; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);
      KpiRow *row;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      row = g_new0 (KpiRow, 1);
      row->kpi = g_object_ref (kpi);
      row->num_format = number_format_for (kpi);
      row->scorecard_row = SCORE_FIRST_ROW + i;
      row->data_col = 1 + 2 * i;
      g_ptr_array_add (export->rows, row);

      row->points = pl_kpi_compute (kpi, workspace, error);
      if (row->points == NULL)
        return FALSE;
      pl_kpi_summarise (kpi, row->points, &row->summary);

      if (first_period < 0)
        first_period = pl_kpi_get_period (kpi);
      else if ((int) pl_kpi_get_period (kpi) != first_period)
        export->mixed_periods = TRUE;

      for (guint j = 0; j < row->points->len; j++)
        {
          PlKpiPoint *point = &g_array_index (row->points, PlKpiPoint, j);

          if (!g_hash_table_contains (seen, point->period_start))
            {
              char *period = g_strdup (point->period_start);

              g_hash_table_add (seen, period);
              g_ptr_array_add (export->periods, period);
            }
        }
    }

  /* ISO dates sort as text. */
  g_ptr_array_sort (export->periods, compare_periods);
  for (guint p = 0; p < export->periods->len; p++)
    g_hash_table_insert (export->period_rows,
                         g_ptr_array_index (export->periods, p),
                         GUINT_TO_POINTER (p + 1));

  return TRUE;
}

/* A sheet name a translation may have made invalid falls back to English. */
static const char *
sheet_name (lxw_workbook *workbook,
            const char   *translated,
            const char   *untranslated)
{
  if (workbook_validate_sheet_name (workbook, translated) == LXW_NO_ERROR)
    return translated;

  return untranslated;
}

static void
set_properties (Export      *export,
                PlWorkspace *workspace)
{
  g_autofree char *organisation = pl_workspace_dup_title (workspace);
  /* Translators: the workbook's title, %s is the organisation's name */
  g_autofree char *title = g_strdup_printf (_("%s: KPI scorecard"), organisation);
  /* Translators: %s is a version number */
  g_autofree char *comments = g_strdup_printf (_("Exported by Plumbline %s"), PACKAGE_VERSION);
  lxw_doc_properties properties = {
    .title = title,
    .subject = (char *) _("KPI scorecard"),
    .author = (char *) "Plumbline",
    .company = organisation,
    .comments = comments,
    .created = time (NULL),
  };

  check (export, workbook_set_properties (export->workbook, &properties));
}

static void
set_write_error (GError    **error,
                 const char *path,
                 const char *reason)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, PL_ERROR, PL_ERROR_IO,
               _("Could not write the workbook “%s”: %s"), display, reason);
}

/* Reserves a file beside @path to write into, so that the target is only
 * ever replaced by a finished workbook. */
static char *
make_temporary (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp_path = g_build_filename (dir, name, NULL);
  int fd;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display_dir = g_filename_display_name (dir);
      g_autofree char *reason = NULL;

      if (saved_errno == ENOENT)
        reason = g_strdup_printf (_("the folder “%s” does not exist"), display_dir);
      else if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
        reason = g_strdup_printf (_("you cannot save files in the folder “%s”"), display_dir);
      else
        reason = g_strdup (g_strerror (saved_errno));

      set_write_error (error, path, reason);
      return NULL;
    }

  close (fd);
  return g_steal_pointer (&tmp_path);
}

static const char *
describe_lxw_error (lxw_error result)
{
  switch (result)
    {
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
      return _("the computer ran out of memory");
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
      return _("the file could not be created; check that the folder can be written to and the disk is not full");
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
      return _("the workbook could not be packed; the disk may be full");
    default:
      return lxw_strerror (result);
    }
}

/**
 * pl_export_xlsx:
 * @workspace: the workspace to report on
 * @path: the .xlsx file to write; an existing file is replaced
 * @cancellable: (nullable): checked between KPIs
 * @error: return location for a #GError
 *
 * Writes the evaluation workbook. Nothing is left at @path unless the whole
 * workbook was written: on failure or cancellation an existing file there is
 * untouched.
 *
 * Returns: %TRUE on success
 */
gboolean
pl_export_xlsx (PlWorkspace   *workspace,
                const char    *path,
                GCancellable  *cancellable,
                GError       **error)
{
  g_auto(Export) export = { 0 };
  g_autofree char *tmp_path = NULL;
  lxw_workbook_options options = { .constant_memory = LXW_FALSE };
  lxw_worksheet *scorecard, *charts, *data;
  lxw_error result;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  export.rows = g_ptr_array_new_with_free_func (kpi_row_free);
  export.periods = g_ptr_array_new_with_free_func (g_free);
  export.period_rows = g_hash_table_new (g_str_hash, g_str_equal);
  export.number_formats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!collect (&export, workspace, cancellable, error))
    return FALSE;

  tmp_path = make_temporary (path, error);
  if (tmp_path == NULL)
    return FALSE;

  /* Charts and conditional formats need the normal, in-memory mode. */
  export.workbook = workbook_new_opt (tmp_path, &options);
  if (export.workbook == NULL)
    {
      g_unlink (tmp_path);
      set_write_error (error, path, describe_lxw_error (LXW_ERROR_MEMORY_MALLOC_FAILED));
      return FALSE;
    }

  export.scorecard_name = sheet_name (export.workbook, _("KPI scorecard"), "KPI scorecard");
  scorecard = workbook_add_worksheet (export.workbook, export.scorecard_name);
  export.charts_name = sheet_name (export.workbook, _("KPI charts"), "KPI charts");
  charts = workbook_add_worksheet (export.workbook, export.charts_name);
  export.data_name = sheet_name (export.workbook, _("KPI data"), "KPI data");
  data = workbook_add_worksheet (export.workbook, export.data_name);
  if (scorecard == NULL || charts == NULL || data == NULL)
    check (&export, LXW_ERROR_MEMORY_MALLOC_FAILED);

  add_formats (&export);
  set_properties (&export, workspace);

  if (export.first_error == LXW_NO_ERROR &&
      (!write_scorecard (&export, scorecard, workspace, cancellable, error) ||
       !write_data (&export, data, cancellable, error) ||
       !write_charts (&export, charts, cancellable, error)))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (export.first_error != LXW_NO_ERROR)
    {
      g_unlink (tmp_path);
      set_write_error (error, path, describe_lxw_error (export.first_error));
      return FALSE;
    }

  worksheet_activate (scorecard);

  /* workbook_close frees the workbook whatever it returns. */
  result = workbook_close (g_steal_pointer (&export.workbook));
  if (result != LXW_NO_ERROR)
    {
      g_unlink (tmp_path);
      set_write_error (error, path, describe_lxw_error (result));
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      if (saved_errno == EISDIR)
        set_write_error (error, path, _("a folder of that name is in the way"));
      else
        set_write_error (error, path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
