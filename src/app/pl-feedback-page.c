/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "charts/pl-trend-chart.h"
#include "core/pl-error.h"
#include "core/pl-feedback.h"
#include "core/pl-item.h"
#include "core/pl-scorecard.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-chart-widget.h"
#include "pl-feedback-page.h"

/* Collect → Colleague Feedback: a colleague's observations, the feedback
 * given on them with its acknowledgement, the actions still open and
 * their weekly QA score against their team's; the feedback form; and
 * scoring an observation again when the colleague disagrees with it
 * (unit 312 AC 3.4). */
struct _PlFeedbackPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwComboRow     *colleague_row;
  GtkWidget       *trend_group;
  PlChartWidget   *trend_chart;
  GtkLabel        *trend_label;
  GtkWidget       *actions_empty_label;
  GtkListBox      *actions_list;
  GtkWidget       *history_empty_label;
  GtkListBox      *history_list;
  GtkWidget       *observations_empty_label;
  GtkListBox      *observations_list;
  AdwPreferencesGroup *form_group;
  GtkListBox      *form_observations_list;
  AdwEntryRow     *held_on_row;
  AdwEntryRow     *given_by_row;
  GtkTextView     *strengths_view;
  GtkTextView     *improvements_view;
  GtkListBox      *form_actions_list;
  GtkTextView     *comments_view;
  GtkSwitch       *disagrees_switch;
  AdwEntryRow     *acknowledged_row;
  GtkLabel        *form_error_label;
  AdwPreferencesGroup *rescore_group;
  GtkListBox      *rescore_list;
  AdwEntryRow     *rescore_reason_row;
  AdwActionRow    *rescore_score_row;
  GtkLabel        *rescore_error_label;

  PlWorkspace     *workspace;
  GArray          *colleague_ids;     /* gint64, by combo position */
  GListModel      *observations;      /* PlFeedbackObservation */
  GHashTable      *selected;          /* observation ids (gint64 *) */
  PlFeedback      *editing;           /* the form's session */
  GPtrArray       *action_rows;       /* the form's action rows */
  PlScorecard     *rescore_card;
  gint64           rescore_id;
  GPtrArray       *rescore_rows;      /* AdwComboRow, one per criterion */
  guint            refresh_id;
  gboolean         stale;
};

G_DEFINE_FINAL_TYPE (PlFeedbackPage, pl_feedback_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (PlFeedbackPage *self);

static void
show_toast (PlFeedbackPage *self,
            const char     *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
format_day (const char *day)
{
  char *text = day != NULL ? pl_date_format_short (day) : NULL;

  return text != NULL ? text : g_strdup (day != NULL ? day : "");
}

static char *
format_score (double score)
{
  return isnan (score) ? g_strdup (_("no score")) : g_strdup_printf ("%.1f", score);
}

static GtkWidget *
make_pill (const char *text,
           const char *status)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_add_css_class (pill, status);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

static char *
text_view_dup (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
text_view_set (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static gint64
current_colleague (PlFeedbackPage *self)
{
  guint selected = adw_combo_row_get_selected (self->colleague_row);

  if (self->colleague_ids == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= self->colleague_ids->len)
    return 0;
  return g_array_index (self->colleague_ids, gint64, selected);
}

static PlFeedbackObservation *
find_observation (PlFeedbackPage *self,
                  gint64          id)
{
  guint n = self->observations != NULL ? g_list_model_get_n_items (self->observations) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlFeedbackObservation) o = g_list_model_get_item (self->observations, i);

      if (pl_feedback_observation_get_id (o) == id)
        return o;
    }
  return NULL;
}

static void
clear_list (PlFeedbackPage *self,
            GtkListBox     *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_give (PlFeedbackPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feedback.give",
                                 g_hash_table_size (self->selected) > 0);
}

/* -------------------------------------------------------------------- */
/* The colleague's page                                                  */
/* -------------------------------------------------------------------- */

static void
observation_toggled_cb (GtkCheckButton *check,
                        PlFeedbackPage *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (check), "observation-id");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->selected, g_memdup2 (&id, sizeof id));
  else
    g_hash_table_remove (self->selected, &id);
  update_give (self);
}

static GtkWidget *
observation_row (PlFeedbackPage        *self,
                 PlFeedbackObservation *o,
                 gboolean               selectable)
{
  GtkWidget *row = adw_action_row_new ();
  gint64 id = pl_feedback_observation_get_id (o);
  g_autofree char *day = format_day (pl_feedback_observation_get_observed_on (o));
  g_autofree char *score = format_score (pl_feedback_observation_get_score (o));
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (pl_feedback_observation_get_scorecard_name (o));

  /* Translators: an observation: "12 Apr 2026 · 82.5" */
  title = g_strdup_printf (_("%s · %s"), day, score);
  if (pl_feedback_observation_get_channel_name (o) != NULL)
    g_string_append_printf (subtitle, " · %s", pl_feedback_observation_get_channel_name (o));
  if (pl_feedback_observation_get_evaluator (o) != NULL)
    {
      g_string_append (subtitle, " · ");
      /* Translators: who scored an observation */
      g_string_append_printf (subtitle, _("by %s"), pl_feedback_observation_get_evaluator (o));
    }
  if (pl_feedback_observation_get_rescore_reason (o) != NULL)
    {
      g_string_append (subtitle, "\n");
      /* Translators: why an observation was scored again */
      g_string_append_printf (subtitle, _("Re-scored: %s"), pl_feedback_observation_get_rescore_reason (o));
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  if (selectable)
    {
      GtkWidget *check = gtk_check_button_new ();

      g_object_set_data_full (G_OBJECT (check), "observation-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->selected, &id));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Give feedback on this observation"), -1);
      g_signal_connect (check, "toggled", G_CALLBACK (observation_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
    }

  if (pl_feedback_observation_get_superseded_by (o) != 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_pill (_("Re-scored"), "status-none"));
  else if (pl_feedback_observation_get_critical_failed (o))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_pill (_("Critical item failed"), "status-red"));
  if (selectable && pl_feedback_observation_get_n_feedback (o) > 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_pill (_("Discussed"), "status-green"));

  return row;
}

static void
load_observations (PlFeedbackPage *self,
                   gint64          colleague_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) still = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n;

  clear_list (self, self->observations_list);
  g_clear_object (&self->observations);
  self->observations = pl_feedback_list_observations (self->workspace, colleague_id, &error);
  if (self->observations == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (self->observations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlFeedbackObservation) o = g_list_model_get_item (self->observations, i);
      gint64 id = pl_feedback_observation_get_id (o);

      if (g_hash_table_contains (self->selected, &id))
        g_hash_table_add (still, g_memdup2 (&id, sizeof id));
      gtk_list_box_append (self->observations_list, observation_row (self, o, TRUE));
    }

  /* A selection only holds this colleague's observations. */
  g_hash_table_remove_all (self->selected);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, still);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_hash_table_add (self->selected, g_memdup2 (key, sizeof (gint64)));
  }

  gtk_widget_set_visible (GTK_WIDGET (self->observations_list), n > 0);
  gtk_widget_set_visible (self->observations_empty_label, n == 0);
  update_give (self);
}

static void
load_history (PlFeedbackPage *self,
              gint64          colleague_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) sessions = NULL;
  g_autofree char *today = pl_today_iso ();
  guint n;

  clear_list (self, self->history_list);
  sessions = pl_feedback_list (self->workspace, colleague_id, &error);
  if (sessions == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (sessions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlFeedback) feedback = g_list_model_get_item (sessions, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *suffix, *buttons, *button;
      g_autofree char *day = format_day (pl_feedback_get_held_on (feedback));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *n_obs = NULL;
      g_autofree char *n_actions = NULL;
      gint64 id = pl_feedback_get_id (feedback);
      guint n_ids = 0;

      pl_feedback_get_observation_ids (feedback, &n_ids);
      if (pl_feedback_get_given_by (feedback) != NULL)
        /* Translators: "Feedback on 10 Apr 2026 by Mira" */
        title = g_strdup_printf (_("Feedback on %s by %s"), day, pl_feedback_get_given_by (feedback));
      else
        /* Translators: "Feedback on 10 Apr 2026" */
        title = g_strdup_printf (_("Feedback on %s"), day);
      n_obs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u observation", "%u observations", n_ids), n_ids);
      n_actions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action", "%u actions",
                                                pl_feedback_get_actions (feedback)->len),
                                   pl_feedback_get_actions (feedback)->len);
      /* Translators: "2 observations · 3 actions" */
      subtitle = g_strdup_printf (_("%s · %s"), n_obs, n_actions);
      if (pl_feedback_get_disagrees (feedback))
        {
          char *more = g_strconcat (subtitle, " · ", _("disagrees with a score"), NULL);

          g_free (subtitle);
          subtitle = more;
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      /* The pill over the buttons, so a narrow window keeps room for the title. */
      suffix = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      gtk_widget_set_halign (buttons, GTK_ALIGN_END);
      if (pl_feedback_get_acknowledged_on (feedback) != NULL)
        {
          g_autofree char *ack = format_day (pl_feedback_get_acknowledged_on (feedback));
          /* Translators: %s is a date */
          g_autofree char *pill = g_strdup_printf (_("Acknowledged %s"), ack);

          gtk_box_append (GTK_BOX (suffix), make_pill (pill, "status-green"));
        }
      else
        {
          gtk_box_append (GTK_BOX (suffix), make_pill (_("Awaiting acknowledgement"), "status-amber"));
          button = gtk_button_new_from_icon_name ("object-select-symbolic");
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, _("The colleague acknowledged it today"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "feedback.acknowledge");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xs)", id, today);
          gtk_box_append (GTK_BOX (buttons), button);
        }

      button = gtk_button_new_from_icon_name ("document-edit-symbolic");
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Open the feedback"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "feedback.edit");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
      gtk_box_append (GTK_BOX (buttons), button);

      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Move to the trash"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "feedback.trash");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
      gtk_box_append (GTK_BOX (buttons), button);
      gtk_box_append (GTK_BOX (suffix), buttons);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);

      gtk_list_box_append (self->history_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->history_list), n > 0);
  gtk_widget_set_visible (self->history_empty_label, n == 0);
}

static void
load_actions (PlFeedbackPage *self,
              gint64          colleague_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) actions = NULL;
  g_autofree char *today = pl_today_iso ();
  guint n;

  clear_list (self, self->actions_list);
  actions = pl_feedback_list_open_actions (self->workspace, colleague_id, &error);
  if (actions == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (actions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlFeedbackAction) action = g_list_model_get_item (actions, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;
      g_autofree char *agreed = format_day (pl_feedback_action_get_held_on (action));
      g_autofree char *subtitle = NULL;

      if (pl_feedback_action_get_due_on (action) != NULL)
        {
          g_autofree char *due = format_day (pl_feedback_action_get_due_on (action));

          /* Translators: "Due 24 Apr 2026 · agreed 10 Apr 2026" */
          subtitle = g_strdup_printf (_("Due %s · agreed %s"), due, agreed);
        }
      else
        /* Translators: "No due date · agreed 10 Apr 2026" */
        subtitle = g_strdup_printf (_("No due date · agreed %s"), agreed);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_feedback_action_get_text (action));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (pl_feedback_action_is_overdue (action, today))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_pill (_("Overdue"), "status-red"));

      button = gtk_button_new_with_label (_("Done"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Mark the action done today"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "feedback.complete-action");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xs)",
                                        pl_feedback_action_get_id (action), today);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->actions_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->actions_list), n > 0);
  gtk_widget_set_visible (self->actions_empty_label, n == 0);
}

static void
load_trend (PlFeedbackPage *self,
            gint64          colleague_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;
  g_autofree double *days = NULL;
  g_autofree double *mine = NULL;
  g_autofree double *team = NULL;
  PlTrendChart chart;
  int latest = -1;

  points = pl_feedback_trend (self->workspace, colleague_id, &error);
  if (points == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  days = g_new0 (double, MAX (points->len, 1));
  mine = g_new0 (double, MAX (points->len, 1));
  team = g_new0 (double, MAX (points->len, 1));
  for (guint i = 0; i < points->len; i++)
    {
      PlFeedbackTrendPoint *p = &g_array_index (points, PlFeedbackTrendPoint, i);
      GDate date;

      pl_date_parse_iso (p->week_start, &date);
      days[i] = (double) pl_date_to_days (&date);
      mine[i] = p->colleague;
      team[i] = p->team;
      if (!isnan (p->colleague))
        latest = (int) i;
    }

  pl_trend_chart_init (&chart);
  chart.series_label = adw_combo_row_get_selected_item (self->colleague_row) != NULL
                       ? gtk_string_object_get_string (adw_combo_row_get_selected_item (self->colleague_row))
                       : NULL;
  chart.days = days;
  chart.values = mine;
  chart.n = points->len;
  chart.unit = "";
  chart.decimals = 1;
  chart.higher_is_better = TRUE;
  chart.highlight = -1;
  chart.compare = team;
  chart.compare_label = _("Team average");
  pl_chart_widget_set_chart (self->trend_chart, &chart);

  if (latest < 0)
    gtk_label_set_text (self->trend_label,
                        _("No scored observations yet: the weekly QA score appears here, "
                          "with the team’s beside it, once the colleague is observed."));
  else
    {
      PlFeedbackTrendPoint *p = &g_array_index (points, PlFeedbackTrendPoint, latest);
      g_autofree char *week = format_day (p->week_start);
      g_autofree char *text = NULL;

      g_autofree char *observed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u observation",
                                                                "%u observations", (gulong) p->colleague_n),
                                                   (guint) p->colleague_n);

      if (isnan (p->team))
        /* Translators: "Week of 6 Apr 2026: 85.0 from 2 observations." */
        text = g_strdup_printf (_("Week of %s: %.1f from %s."), week, p->colleague, observed);
      else
        /* Translators: "Week of 6 Apr 2026: 85.0 from 2 observations; the team 80.0." */
        text = g_strdup_printf (_("Week of %s: %.1f from %s; the team %.1f."), week,
                                p->colleague, observed, p->team);
      gtk_label_set_text (self->trend_label, text);
    }
}

static void
load_colleague (PlFeedbackPage *self)
{
  gint64 colleague_id = current_colleague (self);

  if (self->workspace == NULL || colleague_id == 0)
    return;

  load_observations (self, colleague_id);
  load_history (self, colleague_id);
  load_actions (self, colleague_id);
  load_trend (self, colleague_id);
}

static void
load_colleagues (PlFeedbackPage *self)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 chosen = current_colleague (self);
  guint selected = 0;
  guint n;

  g_clear_pointer (&self->colleague_ids, g_array_unref);
  self->colleague_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  items = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_COLLEAGUE, &error);
  if (items == NULL)
    show_toast (self, error->message);
  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      gint64 id = pl_item_get_id (item);

      g_array_append_val (self->colleague_ids, id);
      gtk_string_list_append (names, pl_item_get_name (item));
      if (id == chosen)
        selected = i;
    }

  g_signal_handlers_block_matched (self->colleague_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  adw_combo_row_set_model (self->colleague_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->colleague_row, n > 0 ? selected : GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_matched (self->colleague_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
refresh (PlFeedbackPage *self)
{
  const char *visible;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  load_colleagues (self);
  visible = gtk_stack_get_visible_child_name (self->stack);
  if (self->colleague_ids->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-colleagues");
      return;
    }

  load_colleague (self);
  /* The form and the re-score keep what is being typed. */
  if (g_strcmp0 (visible, "form") != 0 && g_strcmp0 (visible, "rescore") != 0)
    gtk_stack_set_visible_child_name (self->stack, "main");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlFeedbackPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (PlFeedbackPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
colleague_changed_cb (PlFeedbackPage *self)
{
  g_hash_table_remove_all (self->selected);
  load_colleague (self);
}

/* -------------------------------------------------------------------- */
/* The form                                                              */
/* -------------------------------------------------------------------- */

static void
show_form_error (PlFeedbackPage *self,
                 const char     *message)
{
  gtk_label_set_text (self->form_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), message != NULL);
}

/* An empty boxed list would show as a stray line. */
static void
update_actions_visible (PlFeedbackPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->form_actions_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->form_actions_list)) != NULL);
}

static void
add_action_row (PlFeedbackPage   *self,
                PlFeedbackAction *action)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_entry_new ();
  GtkWidget *due = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (text), pl_feedback_action_get_text (action));
  gtk_entry_set_placeholder_text (GTK_ENTRY (text), _("What the colleague will do"));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Action"), -1);
  gtk_editable_set_text (GTK_EDITABLE (due), pl_feedback_action_get_due_on (action) != NULL
                                             ? pl_feedback_action_get_due_on (action) : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (due), _("Due YYYY-MM-DD"));
  gtk_editable_set_width_chars (GTK_EDITABLE (due), 14);
  gtk_widget_set_hexpand (due, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (due), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Due date"), -1);
  gtk_widget_set_tooltip_text (remove, _("Remove the action"));
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "row", row);

  gtk_box_append (GTK_BOX (line), due);
  if (pl_feedback_action_get_done_on (action) != NULL)
    {
      g_autofree char *done = format_day (pl_feedback_action_get_done_on (action));
      /* Translators: %s is a date */
      g_autofree char *label = g_strdup_printf (_("Done %s"), done);

      gtk_box_append (GTK_BOX (line), make_pill (label, "status-green"));
    }
  gtk_box_append (GTK_BOX (line), remove);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), line);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "action", g_object_ref (action), g_object_unref);
  g_object_set_data (G_OBJECT (row), "text", text);
  g_object_set_data (G_OBJECT (row), "due", due);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "feedback.remove-action");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", self->action_rows->len);

  gtk_list_box_append (self->form_actions_list, row);
  g_ptr_array_add (self->action_rows, row);
  update_actions_visible (self);
}

static void
fill_form_observations (PlFeedbackPage *self)
{
  const gint64 *ids;
  guint n_ids;

  clear_list (self, self->form_observations_list);
  ids = pl_feedback_get_observation_ids (self->editing, &n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      PlFeedbackObservation *o = find_observation (self, ids[i]);
      GtkWidget *row;

      if (o == NULL)
        continue;

      row = observation_row (self, o, FALSE);
      if (pl_feedback_get_id (self->editing) != 0 && pl_feedback_get_disagrees (self->editing) &&
          pl_feedback_observation_get_superseded_by (o) == 0)
        {
          GtkWidget *button = gtk_button_new_with_label (_("Re-score…"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Score this observation again; the original is kept"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "feedback.rescore");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", ids[i]);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (self->form_observations_list, row);
    }
}

static void
open_form (PlFeedbackPage *self,
           PlFeedback     *feedback)
{
  g_autofree char *title = NULL;
  const char *name = adw_combo_row_get_selected_item (self->colleague_row) != NULL
                     ? gtk_string_object_get_string (adw_combo_row_get_selected_item (self->colleague_row))
                     : "";
  GPtrArray *actions = pl_feedback_get_actions (feedback);

  g_set_object (&self->editing, feedback);

  /* Translators: the form's title, "Feedback for Ana Patel" */
  title = g_strdup_printf (_("Feedback for %s"), name);
  adw_preferences_group_set_title (self->form_group, title);
  adw_preferences_group_set_description (self->form_group,
                                         _("The observations this feedback is about."));
  fill_form_observations (self);

  gtk_editable_set_text (GTK_EDITABLE (self->held_on_row), pl_feedback_get_held_on (feedback) != NULL
                                                           ? pl_feedback_get_held_on (feedback) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->given_by_row), pl_feedback_get_given_by (feedback) != NULL
                                                            ? pl_feedback_get_given_by (feedback) : "");
  text_view_set (self->strengths_view, pl_feedback_get_strengths (feedback));
  text_view_set (self->improvements_view, pl_feedback_get_improvements (feedback));
  text_view_set (self->comments_view, pl_feedback_get_colleague_comments (feedback));
  gtk_switch_set_active (self->disagrees_switch, pl_feedback_get_disagrees (feedback));
  gtk_editable_set_text (GTK_EDITABLE (self->acknowledged_row),
                         pl_feedback_get_acknowledged_on (feedback) != NULL
                         ? pl_feedback_get_acknowledged_on (feedback) : "");

  clear_list (self, self->form_actions_list);
  g_ptr_array_set_size (self->action_rows, 0);
  for (guint i = 0; i < actions->len; i++)
    add_action_row (self, g_ptr_array_index (actions, i));
  update_actions_visible (self);

  show_form_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->strengths_view));
}

static void
give_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autoptr(PlFeedback) feedback = NULL;

  if (self->workspace == NULL || g_hash_table_size (self->selected) == 0)
    return;

  feedback = pl_feedback_new (current_colleague (self));
  for (guint n = g_list_model_get_n_items (self->observations); n > 0; n--)
    {
      /* Oldest first, as they happened. */
      g_autoptr(PlFeedbackObservation) o = g_list_model_get_item (self->observations, n - 1);
      gint64 id = pl_feedback_observation_get_id (o);

      if (g_hash_table_contains (self->selected, &id))
        pl_feedback_add_observation (feedback, id);
    }
  open_form (self, feedback);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlFeedback) feedback = NULL;

  if (self->workspace == NULL)
    return;

  feedback = pl_feedback_load (self->workspace, g_variant_get_int64 (parameter), &error);
  if (feedback == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  open_form (self, feedback);
}

/* The form's contents into self->editing. */
static void
read_form (PlFeedbackPage *self)
{
  g_autofree char *strengths = text_view_dup (self->strengths_view);
  g_autofree char *improvements = text_view_dup (self->improvements_view);
  g_autofree char *comments = text_view_dup (self->comments_view);
  GPtrArray *actions = pl_feedback_get_actions (self->editing);

  pl_feedback_set_held_on (self->editing, gtk_editable_get_text (GTK_EDITABLE (self->held_on_row)));
  pl_feedback_set_given_by (self->editing, gtk_editable_get_text (GTK_EDITABLE (self->given_by_row)));
  pl_feedback_set_strengths (self->editing, strengths);
  pl_feedback_set_improvements (self->editing, improvements);
  pl_feedback_set_colleague_comments (self->editing, comments);
  pl_feedback_set_disagrees (self->editing, gtk_switch_get_active (self->disagrees_switch));
  pl_feedback_set_acknowledged_on (self->editing, gtk_editable_get_text (GTK_EDITABLE (self->acknowledged_row)));

  while (actions->len > 0)
    pl_feedback_remove_action (self->editing, 0);
  for (guint i = 0; i < self->action_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->action_rows, i);
      PlFeedbackAction *action;

      if (row == NULL)
        continue;
      action = g_object_get_data (G_OBJECT (row), "action");
      pl_feedback_action_set_text (action, gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "text")));
      pl_feedback_action_set_due_on (action, gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "due")));
      pl_feedback_add_action (self->editing, action);
    }
}

static gboolean
bad_day (const char *text,
         const char *held_on)
{
  g_autofree char *stripped = pl_str_stripped (text);
  g_autofree char *day = NULL;

  if (*stripped == '\0')
    return FALSE;
  day = pl_date_parse_day (stripped);
  return day == NULL || (held_on != NULL && g_strcmp0 (day, held_on) < 0);
}

/* Marks and focuses the first field the save refused, as the checks in
 * pl_feedback_save() run. */
static void
mark_bad_field (PlFeedbackPage *self)
{
  g_autofree char *held_on = pl_date_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->held_on_row)));
  GtkWidget *bad = NULL;

  for (guint i = 0; i < self->action_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->action_rows, i);

      if (row != NULL)
        {
          gtk_widget_remove_css_class (g_object_get_data (G_OBJECT (row), "text"), "error");
          gtk_widget_remove_css_class (g_object_get_data (G_OBJECT (row), "due"), "error");
        }
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->held_on_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->acknowledged_row), "error");

  if (held_on == NULL)
    bad = GTK_WIDGET (self->held_on_row);
  else if (bad_day (gtk_editable_get_text (GTK_EDITABLE (self->acknowledged_row)), held_on))
    bad = GTK_WIDGET (self->acknowledged_row);
  else
    for (guint i = 0; i < self->action_rows->len && bad == NULL; i++)
      {
        GtkWidget *row = g_ptr_array_index (self->action_rows, i);
        g_autofree char *text = NULL;

        if (row == NULL)
          continue;
        text = pl_str_stripped (gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "text")));
        if (*text == '\0')
          bad = g_object_get_data (G_OBJECT (row), "text");
        else if (bad_day (gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "due")), held_on))
          bad = g_object_get_data (G_OBJECT (row), "due");
      }

  if (bad != NULL)
    {
      gtk_widget_add_css_class (bad, "error");
      gtk_widget_grab_focus (bad);
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gboolean created;

  if (self->workspace == NULL || self->editing == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") != 0)
    return;

  read_form (self);
  created = pl_feedback_get_id (self->editing) == 0;
  if (!pl_feedback_save (self->editing, self->workspace, &error))
    {
      show_form_error (self, error->message);
      /* The label is at the foot of a long form: the toast and the field's
       * focus bring the problem into view. */
      show_toast (self, error->message);
      mark_bad_field (self);
      return;
    }

  g_hash_table_remove_all (self->selected);
  refresh (self);
  /* Disagreeing with a score leads on to re-scoring: stay in the form. */
  if (pl_feedback_get_disagrees (self->editing))
    {
      g_autoptr(PlFeedback) again = g_object_ref (self->editing);

      open_form (self, again);
      show_toast (self, _("Feedback saved: now re-score the observation"));
      return;
    }

  g_clear_object (&self->editing);
  gtk_stack_set_visible_child_name (self->stack, "main");
  show_toast (self, created ? _("Feedback saved") : _("Feedback updated"));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);

  g_clear_object (&self->editing);
  if (self->workspace != NULL)
    refresh (self);
  if (self->workspace != NULL && self->colleague_ids != NULL && self->colleague_ids->len > 0)
    gtk_stack_set_visible_child_name (self->stack, "main");
}

static void
add_action_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autoptr(PlFeedbackAction) action = pl_feedback_action_new ("", NULL);
  GtkWidget *row;

  if (self->editing == NULL)
    return;

  add_action_row (self, action);
  row = g_ptr_array_index (self->action_rows, self->action_rows->len - 1);
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "text"));
}

static void
remove_action_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);
  GtkWidget *row;

  if (index >= self->action_rows->len || g_ptr_array_index (self->action_rows, index) == NULL)
    return;

  /* The slot stays (NULL) so the other rows' buttons keep their index. */
  row = g_ptr_array_index (self->action_rows, index);
  gtk_list_box_remove (self->form_actions_list, row);
  self->action_rows->pdata[index] = NULL;
  update_actions_visible (self);
}

static void
acknowledge_today_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autofree char *today = pl_today_iso ();

  gtk_editable_set_text (GTK_EDITABLE (self->acknowledged_row), today);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const char *day;
  gint64 id;

  if (self->workspace == NULL)
    return;

  g_variant_get (parameter, "(x&s)", &id, &day);
  if (!pl_feedback_acknowledge (self->workspace, id, day, &error))
    {
      show_toast (self, error->message);
      return;
    }
  refresh (self);
  show_toast (self, _("Acknowledgement recorded"));
}

static void
complete_action_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const char *day;
  gint64 id;

  if (self->workspace == NULL)
    return;

  g_variant_get (parameter, "(x&s)", &id, &day);
  if (!pl_feedback_complete_action (self->workspace, id, day, &error))
    {
      show_toast (self, error->message);
      return;
    }
  refresh (self);
  show_toast (self, _("Action marked done"));
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  if (!pl_feedback_trash (self->workspace, g_variant_get_int64 (parameter), &error))
    {
      show_toast (self, error->message);
      return;
    }
  refresh (self);
  show_toast (self, _("Feedback moved to the trash"));
}

static void
select_colleague_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  for (guint i = 0; self->colleague_ids != NULL && i < self->colleague_ids->len; i++)
    if (g_array_index (self->colleague_ids, gint64, i) == id)
      adw_combo_row_set_selected (self->colleague_row, i);
}

/* -------------------------------------------------------------------- */
/* Scoring again                                                         */
/* -------------------------------------------------------------------- */

static void
show_rescore_error (PlFeedbackPage *self,
                    const char     *message)
{
  gtk_label_set_text (self->rescore_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->rescore_error_label), message != NULL);
}

/* The value each combo row stands for: its position in the scale's
 * values, then N/A when the criterion allows it. */
static double *
rescore_values (PlFeedbackPage *self)
{
  guint n = pl_scorecard_get_n_criteria (self->rescore_card);
  double *values = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      PlCriterion *criterion = pl_scorecard_get_criterion (self->rescore_card, i);
      const double *scale_values;
      guint n_values = pl_criterion_scale_get_values (criterion->scale, &scale_values);
      guint selected = adw_combo_row_get_selected (g_ptr_array_index (self->rescore_rows, i));

      values[i] = selected < n_values ? scale_values[selected] : NAN;
    }
  return values;
}

static void
update_rescore_score (PlFeedbackPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlScoreResult) result = NULL;
  g_autofree double *values = NULL;
  g_autofree char *text = NULL;

  if (self->rescore_card == NULL)
    return;

  values = rescore_values (self);
  result = pl_scorecard_score (self->rescore_card, values, pl_scorecard_get_n_criteria (self->rescore_card), &error);
  if (result == NULL)
    text = g_strdup (error->message);
  else
    text = format_score (result->score);
  adw_action_row_set_subtitle (self->rescore_score_row, text);
}

static gboolean
load_current_values (PlFeedbackPage *self,
                     gint64          observation_id,
                     GHashTable     *by_criterion)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = pl_workspace_prepare (self->workspace,
                               "SELECT criterion_id, value FROM observation_scores WHERE observation_id = ?",
                               &error);
  if (stmt == NULL)
    {
      show_toast (self, error->message);
      return FALSE;
    }

  sqlite3_bind_int64 (stmt, 1, observation_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 criterion_id = sqlite3_column_int64 (stmt, 0);
      double value = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 1);

      g_hash_table_insert (by_criterion, g_memdup2 (&criterion_id, sizeof criterion_id),
                           g_memdup2 (&value, sizeof value));
    }
  return TRUE;
}

static void
rescore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gint64 observation_id = g_variant_get_int64 (parameter);
  PlFeedbackObservation *o = find_observation (self, observation_id);
  g_autofree char *day = NULL;
  g_autofree char *score = NULL;
  g_autofree char *description = NULL;
  guint n;

  if (self->workspace == NULL || self->editing == NULL || o == NULL || pl_feedback_get_id (self->editing) == 0)
    return;

  g_clear_object (&self->rescore_card);
  self->rescore_card = pl_scorecard_load (self->workspace, pl_feedback_observation_get_scorecard_id (o), &error);
  if (self->rescore_card == NULL || !load_current_values (self, observation_id, current))
    {
      if (error != NULL)
        show_form_error (self, error->message);
      return;
    }

  self->rescore_id = observation_id;
  day = format_day (pl_feedback_observation_get_observed_on (o));
  score = format_score (pl_feedback_observation_get_score (o));
  /* Translators: "The observation of 6 Apr 2026 scored 80.0. The new score is saved as a new observation; the original is kept, excluded." */
  description = g_strdup_printf (_("The observation of %s scored %s. The new score is saved as a new "
                                   "observation; the original is kept, excluded from the analysis."),
                                 day, score);
  adw_preferences_group_set_description (self->rescore_group, description);

  clear_list (self, self->rescore_list);
  g_ptr_array_set_size (self->rescore_rows, 0);
  n = pl_scorecard_get_n_criteria (self->rescore_card);
  for (guint i = 0; i < n; i++)
    {
      PlCriterion *criterion = pl_scorecard_get_criterion (self->rescore_card, i);
      g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
      GtkWidget *row = adw_combo_row_new ();
      const double *values;
      guint n_values = pl_criterion_scale_get_values (criterion->scale, &values);
      double *now = g_hash_table_lookup (current, &criterion->id);
      guint selected = 0;

      for (guint v = 0; v < n_values; v++)
        {
          g_autofree char *label = pl_criterion_format_value (criterion->scale, values[v]);

          gtk_string_list_append (choices, label);
          if (now != NULL && !isnan (*now) && fabs (*now - values[v]) < 1e-9)
            selected = v;
        }
      if (criterion->allow_na)
        {
          gtk_string_list_append (choices, _("N/A"));
          if (now != NULL && isnan (*now))
            selected = n_values;
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), criterion->text);
      if (criterion->guidance != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), criterion->guidance);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (update_rescore_score), self);
      gtk_list_box_append (self->rescore_list, row);
      g_ptr_array_add (self->rescore_rows, row);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->rescore_reason_row), "");
  show_rescore_error (self, NULL);
  update_rescore_score (self);
  gtk_stack_set_visible_child_name (self->stack, "rescore");
}

static void
rescore_save_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlFeedback) reloaded = NULL;
  g_autofree double *values = NULL;
  gint64 new_id = 0;
  gboolean done;

  if (self->workspace == NULL || self->editing == NULL || self->rescore_card == NULL)
    return;

  values = rescore_values (self);
  done = pl_feedback_rescore (self->workspace, pl_feedback_get_id (self->editing), self->rescore_id,
                              values, pl_scorecard_get_n_criteria (self->rescore_card),
                              gtk_editable_get_text (GTK_EDITABLE (self->rescore_reason_row)),
                              &new_id, &error);
  if (!done && new_id == 0)
    {
      show_rescore_error (self, error->message);
      return;
    }

  g_clear_object (&self->rescore_card);
  refresh (self);
  reloaded = pl_feedback_load (self->workspace, pl_feedback_get_id (self->editing), NULL);
  open_form (self, reloaded != NULL ? reloaded : self->editing);
  show_toast (self, done ? _("The new score is saved; the original is kept") : error->message);
}

static void
rescore_cancel_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);

  g_clear_object (&self->rescore_card);
  if (self->editing != NULL)
    gtk_stack_set_visible_child_name (self->stack, "form");
}

/* -------------------------------------------------------------------- */
/* The class                                                             */
/* -------------------------------------------------------------------- */

static void
pl_feedback_page_map (GtkWidget *widget)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (widget);

  GTK_WIDGET_CLASS (pl_feedback_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_feedback_page_dispose (GObject *object)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_FEEDBACK_PAGE);

  g_clear_pointer (&self->colleague_ids, g_array_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->action_rows, g_ptr_array_unref);
  g_clear_pointer (&self->rescore_rows, g_ptr_array_unref);
  g_clear_object (&self->observations);
  g_clear_object (&self->editing);
  g_clear_object (&self->rescore_card);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_feedback_page_parent_class)->dispose (object);
}

static void
pl_feedback_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (object);

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
pl_feedback_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlFeedbackPage *self = PL_FEEDBACK_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_feedback_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_feedback_page_class_init (PlFeedbackPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_feedback_page_dispose;
  object_class->get_property = pl_feedback_page_get_property;
  object_class->set_property = pl_feedback_page_set_property;

  widget_class->map = pl_feedback_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PL_TYPE_CHART_WIDGET);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-feedback-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, colleague_row);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, trend_group);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, trend_chart);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, trend_label);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, actions_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, actions_list);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, history_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, observations_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, observations_list);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, form_observations_list);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, held_on_row);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, given_by_row);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, strengths_view);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, improvements_view);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, form_actions_list);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, comments_view);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, disagrees_switch);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, acknowledged_row);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, rescore_group);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, rescore_list);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, rescore_reason_row);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, rescore_score_row);
  gtk_widget_class_bind_template_child (widget_class, PlFeedbackPage, rescore_error_label);

  gtk_widget_class_install_action (widget_class, "feedback.select-colleague", "x", select_colleague_action);
  gtk_widget_class_install_action (widget_class, "feedback.give", NULL, give_action);
  gtk_widget_class_install_action (widget_class, "feedback.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "feedback.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "feedback.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "feedback.add-action", NULL, add_action_action);
  gtk_widget_class_install_action (widget_class, "feedback.remove-action", "u", remove_action_action);
  gtk_widget_class_install_action (widget_class, "feedback.acknowledge-today", NULL, acknowledge_today_action);
  gtk_widget_class_install_action (widget_class, "feedback.acknowledge", "(xs)", acknowledge_action);
  gtk_widget_class_install_action (widget_class, "feedback.complete-action", "(xs)", complete_action_action);
  gtk_widget_class_install_action (widget_class, "feedback.trash", "x", trash_action);
  gtk_widget_class_install_action (widget_class, "feedback.rescore", "x", rescore_action);
  gtk_widget_class_install_action (widget_class, "feedback.rescore-save", NULL, rescore_save_action);
  gtk_widget_class_install_action (widget_class, "feedback.rescore-cancel", NULL, rescore_cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "feedback.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "feedback.save", NULL);
}

static void
pl_feedback_page_init (PlFeedbackPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "feedback.save");

  self->selected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->action_rows = g_ptr_array_new ();
  self->rescore_rows = g_ptr_array_new ();

  g_signal_connect_object (self->colleague_row, "notify::selected", G_CALLBACK (colleague_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_give (self);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlFeedbackPage *
pl_feedback_page_new (void)
{
  return g_object_new (PL_TYPE_FEEDBACK_PAGE, NULL);
}

PlWorkspace *
pl_feedback_page_get_workspace (PlFeedbackPage *self)
{
  g_return_val_if_fail (PL_IS_FEEDBACK_PAGE (self), NULL);

  return self->workspace;
}

void
pl_feedback_page_set_workspace (PlFeedbackPage *self,
                                PlWorkspace    *workspace)
{
  static const char * const tables[] = {
    "feedback_sessions", "observations", "colleagues", "teams",
  };

  g_return_if_fail (PL_IS_FEEDBACK_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);
  g_hash_table_remove_all (self->selected);
  g_clear_object (&self->editing);
  g_clear_object (&self->rescore_card);
  g_clear_object (&self->observations);
  g_clear_pointer (&self->colleague_ids, g_array_unref);
  clear_list (self, self->observations_list);
  clear_list (self, self->history_list);
  clear_list (self, self->actions_list);
  clear_list (self, self->form_actions_list);
  clear_list (self, self->rescore_list);
  g_ptr_array_set_size (self->action_rows, 0);
  g_ptr_array_set_size (self->rescore_rows, 0);

  if (workspace != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      {
        g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

        g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                 self, G_CONNECT_SWAPPED);
      }

  gtk_stack_set_visible_child_name (self->stack, "main");
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
