/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/pl-error.h"
#include "core/pl-metric.h"
#include "core/pl-util.h"

#include "pl-metrics-page.h"

/* Collect → Operational Data: a series' values as a grid of periods
 * (rows) by channel or team (columns), typed cell by cell or pasted as a
 * block from a spreadsheet. */
struct _PlMetricsPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwPreferencesGroup *choose_group;
  AdwComboRow     *series_row;
  AdwComboRow     *period_row;
  AdwComboRow     *segment_row;
  AdwPreferencesGroup *grid_group;
  GtkGrid         *grid;
  GtkLabel        *error_label;
  AdwEntryRow     *name_row;
  AdwEntryRow     *code_row;
  AdwEntryRow     *unit_row;
  AdwEntryRow     *description_row;
  AdwComboRow     *aggregation_row;
  GtkLabel        *create_error_label;

  PlWorkspace     *workspace;
  GListModel      *series;          /* PlMetricSeries, by combo position */
  PlMetricGrid    *cells;
  GPtrArray       *entries;         /* GtkEntry, row by row */
  char            *last_day;        /* the last period shown */
  guint            focus_row;
  guint            focus_column;
  guint            refresh_id;
  gboolean         stale;
  gboolean         filling;         /* entries being set from the grid */
  gboolean         writing;         /* our own write: the grid is up to date */
};

G_DEFINE_FINAL_TYPE (PlMetricsPage, pl_metrics_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How many periods the grid shows, by period kind. */
static const guint n_periods[] = { 14, 13, 12 };

static void refresh (PlMetricsPage *self);

static void
show_toast (PlMetricsPage *self,
            const char    *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static PlMetricSeries *
current_series (PlMetricsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->series_row);

  if (self->series == NULL || selected >= g_list_model_get_n_items (self->series))
    return NULL;
  return g_list_model_get_item (self->series, selected);
}

static char *
period_label (PlMetricPeriod  period,
              const char     *start)
{
  GDate date;
  char buf[64] = "";

  if (!pl_date_parse_iso (start, &date))
    return g_strdup (start);

  switch (period)
    {
    case PL_METRIC_PERIOD_WEEK:
      {
        g_autofree char *day = pl_date_format_short (start);
        /* Translators: a week's row in the grid, "Week of 6 Apr 2026" */
        return g_strdup_printf (_("Week of %s"), day);
      }
    case PL_METRIC_PERIOD_MONTH:
      g_date_strftime (buf, sizeof buf, "%B %Y", &date);
      return g_strdup (buf);
    case PL_METRIC_PERIOD_DAY:
    default:
      /* Translators: a day's row in the grid, strftime format: "Mon 6 Apr 2026" */
      g_date_strftime (buf, sizeof buf, _("%a %-d %b %Y"), &date);
      return g_strdup (buf);
    }
}

static void
show_error (PlMetricsPage *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkWidget *
entry_at (PlMetricsPage *self,
          guint          row,
          guint          column)
{
  if (self->cells == NULL || row >= self->cells->n_rows || column >= self->cells->n_columns)
    return NULL;
  return g_ptr_array_index (self->entries, row * self->cells->n_columns + column);
}

static void
mark_cell (PlMetricsPage *self,
           guint          row,
           guint          column,
           const char    *message)
{
  GtkWidget *entry = entry_at (self, row, column);

  if (entry == NULL)
    return;

  if (message != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
  gtk_widget_set_tooltip_text (entry, message);
}

static void
clear_marks (PlMetricsPage *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      gtk_widget_remove_css_class (g_ptr_array_index (self->entries, i), "error");
      gtk_widget_set_tooltip_text (g_ptr_array_index (self->entries, i), NULL);
    }
  show_error (self, NULL);
}

static void
fill_entries (PlMetricsPage *self)
{
  g_autoptr(PlMetricSeries) series = current_series (self);
  const char *unit = series != NULL ? pl_metric_series_get_unit (series) : "";

  self->filling = TRUE;
  for (guint r = 0; r < self->cells->n_rows; r++)
    for (guint c = 0; c < self->cells->n_columns; c++)
      {
        g_autofree char *text = pl_metric_grid_format_cell (self->cells, r, c);
        PlMetricCell *cell = pl_metric_grid_get_cell (self->cells, r, c);
        GtkWidget *entry = entry_at (self, r, c);

        gtk_editable_set_text (GTK_EDITABLE (entry), text);
        /* A ratio is typed as numerator/denominator: the figure it makes
         * shows on hover. */
        if (self->cells->aggregation == PL_METRIC_AGGREGATION_RATIO && cell != NULL && cell->set && isfinite (cell->value))
          {
            g_autofree char *figure = g_strdup_printf ("%.1f%s", cell->value, unit);

            gtk_widget_set_tooltip_text (entry, figure);
          }
        else
          gtk_widget_set_tooltip_text (entry, NULL);
      }
  self->filling = FALSE;
}

/* Writes what was typed in a cell, if it differs from what is stored. */
static void
commit_entry (PlMetricsPage *self,
              GtkEntry      *entry)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *typed = NULL;
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "row"));
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  gboolean done;

  if (self->filling || self->cells == NULL || self->workspace == NULL)
    return;

  stored = pl_metric_grid_format_cell (self->cells, row, column);
  typed = pl_str_stripped (text);
  if (g_strcmp0 (typed, stored) == 0 && !gtk_widget_has_css_class (GTK_WIDGET (entry), "error"))
    return;

  self->writing = TRUE;
  done = pl_metric_grid_set_cell (self->cells, self->workspace, row, column, text, &error);
  self->writing = FALSE;
  if (!done)
    {
      g_autofree char *message = NULL;
      g_autofree char *period = period_label (self->cells->period, self->cells->period_starts[row]);

      mark_cell (self, row, column, error->message);
      /* Translators: "Mon 6 Apr 2026, Telephone: “n/a” is not a number." */
      message = g_strdup_printf (_("%s, %s: %s"), period, self->cells->segment_names[column], error->message);
      show_error (self, message);
      return;
    }

  mark_cell (self, row, column, NULL);
  show_error (self, NULL);
  {
    g_autofree char *now = pl_metric_grid_format_cell (self->cells, row, column);

    self->filling = TRUE;
    gtk_editable_set_text (GTK_EDITABLE (entry), now);
    self->filling = FALSE;
  }
}

static void
entry_activate_cb (GtkEntry      *entry,
                   PlMetricsPage *self)
{
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "row"));
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column"));
  GtkWidget *below;

  commit_entry (self, entry);
  /* Enter moves down, as in a spreadsheet. */
  below = entry_at (self, row + 1, column);
  if (below != NULL && !gtk_widget_has_css_class (GTK_WIDGET (entry), "error"))
    gtk_widget_grab_focus (below);
}

static void
entry_enter_cb (GtkEventControllerFocus *controller,
                PlMetricsPage           *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  self->focus_row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "row"));
  self->focus_column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "column"));
}

static void
entry_leave_cb (GtkEventControllerFocus *controller,
                PlMetricsPage           *self)
{
  commit_entry (self, GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
}

static void
build_grid (PlMetricsPage *self)
{
  GtkWidget *child;
  guint n_rows, n_columns;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_ptr_array_set_size (self->entries, 0);

  if (self->cells == NULL)
    return;

  n_rows = self->cells->n_rows;
  n_columns = self->cells->n_columns;
  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *label = gtk_label_new (self->cells->segment_names[c]);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);   /* over the figures, which align right */
      gtk_widget_set_tooltip_text (label, self->cells->segment_names[c]);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (self->grid, label, (int) c + 1, 0, 1, 1);
    }

  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *text = period_label (self->cells->period, self->cells->period_starts[r]);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (self->grid, label, 0, (int) r + 1, 1, 1);

      for (guint c = 0; c < n_columns; c++)
        {
          GtkWidget *entry = gtk_entry_new ();
          GtkEventController *focus = gtk_event_controller_focus_new ();
          g_autofree char *name = g_strdup_printf ("%s, %s", text, self->cells->segment_names[c]);

          gtk_editable_set_width_chars (GTK_EDITABLE (entry), 9);
          gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
          gtk_widget_set_hexpand (entry, TRUE);
          gtk_widget_add_css_class (entry, "numeric");
          gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_object_set_data (G_OBJECT (entry), "row", GUINT_TO_POINTER (r));
          g_object_set_data (G_OBJECT (entry), "column", GUINT_TO_POINTER (c));
          g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), self);
          g_signal_connect (focus, "enter", G_CALLBACK (entry_enter_cb), self);
          g_signal_connect (focus, "leave", G_CALLBACK (entry_leave_cb), self);
          gtk_widget_add_controller (entry, focus);
          gtk_grid_attach (self->grid, entry, (int) c + 1, (int) r + 1, 1, 1);
          g_ptr_array_add (self->entries, entry);
        }
    }

  fill_entries (self);
}

static void
load_grid (PlMetricsPage *self)
{
  g_autoptr(PlMetricSeries) series = current_series (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *unit = NULL;
  PlMetricPeriod period = adw_combo_row_get_selected (self->period_row);
  PlMetricSegment segment = adw_combo_row_get_selected (self->segment_row);

  g_clear_pointer (&self->cells, pl_metric_grid_free);
  show_error (self, NULL);

  if (series == NULL || self->workspace == NULL)
    {
      build_grid (self);
      return;
    }

  if (self->last_day == NULL)
    {
      self->last_day = pl_metric_latest_day (self->workspace, pl_metric_series_get_id (series), period, NULL);
      if (self->last_day == NULL)
        self->last_day = pl_today_iso ();
    }

  self->cells = pl_metric_grid_load (self->workspace, pl_metric_series_get_id (series), period, segment,
                                     self->last_day, n_periods[period], &error);
  if (self->cells == NULL)
    show_toast (self, error->message);

  /* What the series measures, and for a ratio how to type it. */
  {
    const char *description = pl_metric_series_get_description (series);
    g_autoptr(GString) text = g_string_new (description != NULL ? description : "");

    if (pl_metric_series_get_aggregation (series) == PL_METRIC_AGGREGATION_RATIO)
      {
        if (text->len > 0)
          g_string_append (text, text->str[text->len - 1] == '.' ? " " : ". ");
        g_string_append (text, _("A ratio: type numerator/denominator, for example 12/240."));
      }
    adw_preferences_group_set_description (self->grid_group, text->len > 0 ? text->str : NULL);
  }
  unit = pl_str_stripped (pl_metric_series_get_unit (series));
  if (*unit != '\0')
    /* Translators: the grid's title, "Abandonment rate (%)" */
    title = g_strdup_printf (_("%s (%s)"), pl_metric_series_get_name (series), unit);
  adw_preferences_group_set_title (self->grid_group, title != NULL ? title : pl_metric_series_get_name (series));

  self->focus_row = self->focus_column = 0;
  build_grid (self);
}

/* The period kind that has values, day first; today's when none has. */
static void
choose_period (PlMetricsPage *self)
{
  g_autoptr(PlMetricSeries) series = current_series (self);

  g_clear_pointer (&self->last_day, g_free);
  if (series == NULL)
    return;

  for (PlMetricPeriod p = PL_METRIC_PERIOD_DAY; p <= PL_METRIC_PERIOD_MONTH; p++)
    {
      g_autofree char *latest = pl_metric_latest_day (self->workspace, pl_metric_series_get_id (series), p, NULL);

      if (latest != NULL)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(sqlite3_stmt) stmt = NULL;
          PlMetricSegment segment = PL_METRIC_SEGMENT_NONE;

          /* ... and the segment its latest values have. */
          stmt = pl_workspace_prepare (self->workspace,
                                       "SELECT channel_id IS NOT NULL, team_id IS NOT NULL FROM metric_values"
                                       " WHERE series_id = ? AND period = ? ORDER BY period_start DESC LIMIT 1",
                                       &error);
          if (stmt != NULL)
            {
              sqlite3_bind_int64 (stmt, 1, pl_metric_series_get_id (series));
              sqlite3_bind_text (stmt, 2, pl_metric_period_to_string (p), -1, SQLITE_STATIC);
              if (sqlite3_step (stmt) == SQLITE_ROW)
                segment = sqlite3_column_int (stmt, 0) ? PL_METRIC_SEGMENT_CHANNEL
                        : sqlite3_column_int (stmt, 1) ? PL_METRIC_SEGMENT_TEAM
                        : PL_METRIC_SEGMENT_NONE;
            }

          self->filling = TRUE;
          adw_combo_row_set_selected (self->period_row, p);
          adw_combo_row_set_selected (self->segment_row, segment);
          self->filling = FALSE;
          self->last_day = g_steal_pointer (&latest);
          return;
        }
    }
}

static void
load_series (PlMetricsPage *self,
             gint64         select_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(PlMetricSeries) was = current_series (self);
  gint64 wanted = select_id != 0 ? select_id : was != NULL ? pl_metric_series_get_id (was) : 0;
  guint selected = 0;
  guint n;

  g_clear_object (&self->series);
  self->series = pl_metric_list_series (self->workspace, &error);
  if (self->series == NULL)
    {
      show_toast (self, error->message);
      self->series = G_LIST_MODEL (g_list_store_new (PL_TYPE_METRIC_SERIES));
    }

  n = g_list_model_get_n_items (self->series);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlMetricSeries) series = g_list_model_get_item (self->series, i);

      gtk_string_list_append (names, pl_metric_series_get_name (series));
      if (pl_metric_series_get_id (series) == wanted)
        selected = i;
    }

  self->filling = TRUE;
  adw_combo_row_set_model (self->series_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->series_row, n > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->series_row), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->period_row), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->segment_row), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->grid_group), n > 0);
  if (n == 0)
    adw_preferences_group_set_description (self->choose_group,
                                           _("No series yet. Add the first one below, such as “Calls offered”, "
                                             "then type or paste its figures here."));
  else
    adw_preferences_group_set_description (self->choose_group,
                                           _("Type a figure in a cell and press Enter, or copy cells in a "
                                             "spreadsheet and press Ctrl+V in the cell where the block starts. "
                                             "A first row of channel or team names and a first column of "
                                             "dates are recognised."));

  if (was == NULL || wanted != pl_metric_series_get_id (was))
    choose_period (self);
}

static void
refresh (PlMetricsPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  load_series (self, 0);
  load_grid (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlMetricsPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (PlMetricsPage *self)
{
  if (self->writing)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
series_changed_cb (PlMetricsPage *self)
{
  if (self->filling || self->workspace == NULL)
    return;

  choose_period (self);
  load_grid (self);
}

static void
view_changed_cb (PlMetricsPage *self)
{
  if (self->filling || self->workspace == NULL)
    return;

  g_clear_pointer (&self->last_day, g_free);
  load_grid (self);
}

/* -------------------------------------------------------------------- */
/* Actions                                                               */
/* -------------------------------------------------------------------- */

static void
set_cell_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlMetricsPage *self = PL_METRICS_PAGE (widget);
  GtkWidget *entry;
  const char *text;
  guint row, column;

  g_variant_get (parameter, "(uu&s)", &row, &column, &text);
  entry = entry_at (self, row, column);
  if (entry == NULL)
    return;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  self->filling = FALSE;
  commit_entry (self, GTK_ENTRY (entry));
}

static void
paste_text (PlMetricsPage *self,
            guint          row,
            guint          column,
            const char    *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cell_errors = NULL;
  g_autofree char *message = NULL;
  guint n_written = 0;
  gboolean done;

  if (self->cells == NULL || self->workspace == NULL ||
      row >= self->cells->n_rows || column >= self->cells->n_columns)
    return;

  clear_marks (self);
  self->writing = TRUE;
  done = pl_metric_grid_paste (self->cells, self->workspace, row, column, text, &cell_errors, &n_written, &error);
  self->writing = FALSE;
  if (!done)
    {
      g_autoptr(GString) all = g_string_new (error->message);

      for (guint i = 0; cell_errors != NULL && i < cell_errors->len; i++)
        {
          PlMetricPasteError *bad = g_ptr_array_index (cell_errors, i);

          if (bad->row >= 0 && bad->column >= 0)
            mark_cell (self, (guint) bad->row, (guint) bad->column, bad->message);
          if (cell_errors->len > 1 && i < 5)
            g_string_append_printf (all, "\n%s", bad->message);
        }
      if (cell_errors != NULL && cell_errors->len > 6)
        g_string_append (all, "\n…");
      show_error (self, all->str);
      return;
    }

  fill_entries (self);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cell pasted", "%u cells pasted", n_written),
                             n_written);
  show_toast (self, message);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlMetricsPage *self = PL_METRICS_PAGE (widget);
  const char *text;
  guint row, column;

  g_variant_get (parameter, "(uu&s)", &row, &column, &text);
  paste_text (self, row, column, text);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlMetricsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (text == NULL)
    {
      show_error (self, _("The clipboard holds no text: copy some cells in a spreadsheet first."));
      return;
    }
  paste_text (self, self->focus_row, self->focus_column, text);
}

static void
paste_clipboard_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlMetricsPage *self = PL_METRICS_PAGE (widget);

  if (self->cells == NULL)
    return;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb,
                                 g_object_ref (self));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlMetricsPage *self = PL_METRICS_PAGE (widget);
  gboolean later = g_str_equal (action_name, "metrics.later");
  PlMetricPeriod period;
  GDate date;

  if (self->cells == NULL || self->last_day == NULL || !pl_date_parse_iso (self->last_day, &date))
    return;

  period = self->cells->period;
  switch (period)
    {
    case PL_METRIC_PERIOD_WEEK:
      later ? g_date_add_days (&date, 7 * n_periods[period]) : g_date_subtract_days (&date, 7 * n_periods[period]);
      break;
    case PL_METRIC_PERIOD_MONTH:
      later ? g_date_add_months (&date, n_periods[period]) : g_date_subtract_months (&date, n_periods[period]);
      break;
    case PL_METRIC_PERIOD_DAY:
    default:
      later ? g_date_add_days (&date, n_periods[period]) : g_date_subtract_days (&date, n_periods[period]);
      break;
    }

  g_free (self->last_day);
  self->last_day = pl_date_to_iso (&date);
  load_grid (self);
}

static void
create_series_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlMetricsPage *self = PL_METRICS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlMetricSeries) series = NULL;
  PlMetricAggregation aggregation = adw_combo_row_get_selected (self->aggregation_row);
  g_autofree char *unit = pl_str_stripped (gtk_editable_get_text (GTK_EDITABLE (self->unit_row)));

  if (self->workspace == NULL)
    return;

  series = pl_metric_series_create (self->workspace,
                                    gtk_editable_get_text (GTK_EDITABLE (self->code_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                    unit, aggregation,
                                    aggregation == PL_METRIC_AGGREGATION_RATIO && g_strcmp0 (unit, "%") == 0
                                    ? 100 : 1,
                                    gtk_editable_get_text (GTK_EDITABLE (self->description_row)),
                                    &error);
  if (series == NULL)
    {
      gtk_label_set_text (self->create_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), TRUE);
      return;
    }

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->create_error_label), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->unit_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), "");
  load_series (self, pl_metric_series_get_id (series));
  load_grid (self);
  show_toast (self, _("Series added: type or paste its figures"));
}

/* -------------------------------------------------------------------- */
/* The class                                                             */
/* -------------------------------------------------------------------- */

static void
pl_metrics_page_map (GtkWidget *widget)
{
  PlMetricsPage *self = PL_METRICS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_metrics_page_parent_class)->map (widget);

  if (self->stale && self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
pl_metrics_page_dispose (GObject *object)
{
  PlMetricsPage *self = PL_METRICS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_METRICS_PAGE);

  g_clear_pointer (&self->cells, pl_metric_grid_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->last_day, g_free);
  g_clear_object (&self->series);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_metrics_page_parent_class)->dispose (object);
}

static void
pl_metrics_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlMetricsPage *self = PL_METRICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_metrics_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PlMetricsPage *self = PL_METRICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_metrics_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_metrics_page_class_init (PlMetricsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_metrics_page_dispose;
  object_class->get_property = pl_metrics_page_get_property;
  object_class->set_property = pl_metrics_page_set_property;

  widget_class->map = pl_metrics_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-metrics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, choose_group);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, series_row);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, segment_row);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, grid_group);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, grid);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, unit_row);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, description_row);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, aggregation_row);
  gtk_widget_class_bind_template_child (widget_class, PlMetricsPage, create_error_label);

  gtk_widget_class_install_action (widget_class, "metrics.set-cell", "(uus)", set_cell_action);
  gtk_widget_class_install_action (widget_class, "metrics.paste", "(uus)", paste_action);
  gtk_widget_class_install_action (widget_class, "metrics.paste-clipboard", NULL, paste_clipboard_action);
  gtk_widget_class_install_action (widget_class, "metrics.earlier", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "metrics.later", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "metrics.create-series", NULL, create_series_action);
}

static void
pl_metrics_page_init (PlMetricsPage *self)
{
  g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) segments = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) aggregations = gtk_string_list_new (NULL);
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->entries = g_ptr_array_new ();

  /* Positions are the enums' values. */
  gtk_string_list_append (periods, _("Day"));
  gtk_string_list_append (periods, _("Week"));
  gtk_string_list_append (periods, _("Month"));
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (periods));
  gtk_string_list_append (segments, _("One value per period"));
  gtk_string_list_append (segments, _("By channel"));
  gtk_string_list_append (segments, _("By team"));
  adw_combo_row_set_model (self->segment_row, G_LIST_MODEL (segments));
  gtk_string_list_append (aggregations, _("Average"));
  gtk_string_list_append (aggregations, _("Total"));
  gtk_string_list_append (aggregations, _("Ratio (numerator/denominator)"));
  adw_combo_row_set_model (self->aggregation_row, G_LIST_MODEL (aggregations));

  /* Ctrl+V in a cell pastes a block, before the entry pastes text. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_v, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("metrics.paste-clipboard")));
  gtk_widget_add_controller (GTK_WIDGET (self->grid), shortcuts);

  g_signal_connect_object (self->series_row, "notify::selected", G_CALLBACK (series_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->period_row, "notify::selected", G_CALLBACK (view_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->segment_row, "notify::selected", G_CALLBACK (view_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlMetricsPage *
pl_metrics_page_new (void)
{
  return g_object_new (PL_TYPE_METRICS_PAGE, NULL);
}

PlWorkspace *
pl_metrics_page_get_workspace (PlMetricsPage *self)
{
  g_return_val_if_fail (PL_IS_METRICS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_metrics_page_set_workspace (PlMetricsPage *self,
                               PlWorkspace   *workspace)
{
  static const char * const tables[] = { "metric_series", "metric_values", "channels", "teams" };

  g_return_if_fail (PL_IS_METRICS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);
  g_clear_object (&self->series);
  g_clear_pointer (&self->cells, pl_metric_grid_free);
  g_clear_pointer (&self->last_day, g_free);
  build_grid (self);

  if (workspace != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      {
        g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

        g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                 self, G_CONNECT_SWAPPED);
      }

  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
