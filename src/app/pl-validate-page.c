/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/pl-util.h"
#include "core/pl-validate.h"

#include "pl-validate-page.h"

/* Evaluate → Validate Data: runs the validation rules, shows how much of
 * the data is usable, and lets the user decide, record by record, what
 * to leave out of the analysis (unit 403 AC 3.1). */

/* The flagged records listed under a check; "Exclude All" covers the rest. */
#define FLAGS_SHOWN 200

#define SETTING_STRAIGHT_LINING "validate.straight-lining-min-questions"
#define SETTING_SPEEDER         "validate.speeder-min-seconds"

/* One check's row and what it shows. */
typedef struct
{
  AdwExpanderRow *row;
  GtkLabel       *pill;
  GPtrArray      *flags;              /* PlValidationFlag, as last listed */
  GPtrArray      *children;           /* the widgets added to the row */
  GPtrArray      *flag_rows;          /* AdwActionRow, one per flag shown */
  GtkWidget      *exclude_all_button;
  GtkLabel       *more_label;
  gboolean        built;
} RuleView;

struct _PlValidatePage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkWidget       *empty_progress;
  GtkSpinner      *empty_spinner;
  GtkSpinner      *run_spinner;
  GtkWidget       *stop_button;
  AdwExpanderRow  *settings_row;
  GtkSpinButton   *straight_lining_spin;
  GtkSpinButton   *speeder_spin;
  GtkLabel        *responses_label;
  GtkLabel        *observations_label;
  GtkLabel        *complaints_label;
  GtkLabel        *last_checked_label;
  GtkListBox      *rules_list;

  PlWorkspace     *workspace;
  RuleView         rules[PL_N_RULES];
  PlValidateSummary summary;
  GCancellable    *run_cancellable;   /* the checks under way, if any */
  GCancellable    *load_cancellable;  /* the reading under way, if any */
  guint            refresh_id;
  gboolean         stale;             /* the workspace changed while hidden */
  gboolean         loading_settings;
};

/* What a worker thread read of the workspace. */
typedef struct
{
  gboolean          has_run;
  char             *ran_at;
  PlValidateSummary summary;
  GPtrArray        *flags[PL_N_RULES];
} Snapshot;

typedef struct
{
  PlWorkspace        *workspace;
  PlValidateSettings  settings;
} RunData;

G_DEFINE_FINAL_TYPE (PlValidatePage, pl_validate_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (PlValidatePage *self);

static void
show_toast (PlValidatePage *self,
            const char     *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->ran_at);
  for (guint i = 0; i < PL_N_RULES; i++)
    g_clear_pointer (&snapshot->flags[i], g_ptr_array_unref);
  g_free (snapshot);
}

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_clear_object (&run->workspace);
  pl_validate_settings_clear (&run->settings);
  g_free (run);
}

static char *
format_count (guint64 n)
{
  /* Grouped as the user's locale groups thousands: "6,134". */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static char *
format_share (guint64 part,
              guint64 whole)
{
  /* Translators: a percentage, "99.8%" */
  return g_strdup_printf (_("%.1f%%"), pl_validate_usable_percent (part, whole));
}

static char *
describe_usable (const char *entity,
                 guint64     usable,
                 guint64     total)
{
  g_autofree char *usable_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *share = NULL;

  if (total == 0)
    {
      if (g_str_equal (entity, "responses"))
        return g_strdup (_("No survey responses to check yet"));
      else if (g_str_equal (entity, "observations"))
        return g_strdup (_("No observations to check yet"));
      else
        return g_strdup (_("No complaints to check yet"));
    }

  usable_text = format_count (usable);
  total_text = format_count (total);
  share = format_share (usable, total);

  if (g_str_equal (entity, "responses"))
    /* Translators: "Usable survey responses: 6,120 of 6,134 (99.8%)" */
    return g_strdup_printf (_("Usable survey responses: %s of %s (%s)"), usable_text, total_text, share);
  else if (g_str_equal (entity, "observations"))
    /* Translators: "Usable observations: 410 of 412 (99.5%)" */
    return g_strdup_printf (_("Usable observations: %s of %s (%s)"), usable_text, total_text, share);
  else
    /* Translators: "Usable complaints: 380 of 380 (100.0%)" */
    return g_strdup_printf (_("Usable complaints: %s of %s (%s)"), usable_text, total_text, share);
}

static char *
describe_ran_at (const char *ran_at)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  utc = ran_at != NULL ? g_date_time_new_from_iso8601 (ran_at, NULL) : NULL;
  if (utc == NULL)
    return g_strdup (_("Not checked yet"));

  local = g_date_time_to_local (utc);
  /* Translators: a date and time in g_date_time_format() notation, "12 Mar 2026, 14:05" */
  when = g_date_time_format (local, _("%-d %b %Y, %H:%M"));

  /* Translators: %s is a date and time, "12 Mar 2026, 14:05" */
  return g_strdup_printf (_("Last checked %s"), when);
}

static const char *
describe_entity (const char *entity)
{
  if (g_strcmp0 (entity, "responses") == 0)
    return _("Survey response");
  else if (g_strcmp0 (entity, "observations") == 0)
    return _("Observation");
  else if (g_strcmp0 (entity, "complaints") == 0)
    return _("Complaint");
  else
    return _("Interaction");
}

static const char *
describe_status (const char *status)
{
  if (g_strcmp0 (status, "excluded") == 0)
    return _("Excluded from analysis");
  else if (g_strcmp0 (status, "kept") == 0)
    return _("Kept in analysis");
  else
    return _("Not decided yet");
}

static char *
describe_record_date (const char *record_date)
{
  char day[11];

  if (record_date == NULL || record_date[0] == '\0')
    return g_strdup (_("no date"));

  /* A moment shows as its day, as a day does. */
  g_strlcpy (day, record_date, sizeof day);
  return pl_date_format_short (day);
}

static void
style_pill (GtkLabel   *pill,
            const char *status_class,
            const char *text)
{
  static const char * const classes[] = {
    "status-none", "status-green", "status-amber", "status-red",
  };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (pill), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (pill), "status-pill");
  gtk_widget_add_css_class (GTK_WIDGET (pill), status_class);
  gtk_label_set_text (pill, text);
}

static GtkWidget *
new_decision_button (const char *label,
                     const char *action_name,
                     gint64      flag_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (flag_id));

  return button;
}

/* Shows a flag's present state on its row: the words say the decision,
 * and the buttons offer the other ones. */
static void
update_flag_row (AdwActionRow           *row,
                 const PlValidationFlag *flag)
{
  GtkWidget *exclude = g_object_get_data (G_OBJECT (row), "exclude-button");
  GtkWidget *keep = g_object_get_data (G_OBJECT (row), "keep-button");
  gboolean excluded = g_strcmp0 (flag->status, "excluded") == 0;
  gboolean kept = g_strcmp0 (flag->status, "kept") == 0;
  g_autofree char *date = describe_record_date (flag->record_date);
  g_autofree char *subtitle = NULL;

  /* Translators: "Survey response · 12 Mar 2026 · Not decided yet" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), describe_entity (flag->entity), date,
                              describe_status (flag->status));
  adw_action_row_set_subtitle (row, subtitle);
  g_object_set_data_full (G_OBJECT (row), "status", g_strdup (flag->status), g_free);

  gtk_widget_set_visible (exclude, !excluded);
  gtk_widget_set_visible (keep, !kept);
  /* Keeping an excluded record brings it back. */
  gtk_button_set_label (GTK_BUTTON (keep), excluded ? _("_Restore") : _("_Keep"));
}

static GtkWidget *
new_flag_row (const PlValidationFlag *flag)
{
  const char *entity = describe_entity (flag->entity);
  g_autofree char *date = describe_record_date (flag->record_date);
  g_autofree char *exclude_label = NULL;
  g_autofree char *keep_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box;
  GtkWidget *exclude;
  GtkWidget *keep;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), flag->detail);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  exclude = new_decision_button (_("_Exclude"), "validate.exclude", flag->id);
  /* Translators: "Exclude from analysis: survey response, 12 Mar 2026" */
  exclude_label = g_strdup_printf (_("Exclude from analysis: %s, %s"), entity, date);
  gtk_widget_set_tooltip_text (exclude, _("Leave this record out of every KPI, count and analysis"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (exclude),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, exclude_label,
                                  -1);
  gtk_box_append (GTK_BOX (box), exclude);

  keep = new_decision_button (_("_Keep"), "validate.keep", flag->id);
  /* Translators: "Keep in analysis: survey response, 12 Mar 2026" */
  keep_label = g_strdup_printf (_("Keep in analysis: %s, %s"), entity, date);
  gtk_widget_set_tooltip_text (keep, _("The record is fine: count it in every analysis"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (keep),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, keep_label,
                                  -1);
  gtk_box_append (GTK_BOX (box), keep);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "exclude-button", exclude);
  g_object_set_data (G_OBJECT (row), "keep-button", keep);
  g_object_set_data_full (G_OBJECT (row), "flag-id", g_memdup2 (&flag->id, sizeof flag->id), g_free);

  update_flag_row (ADW_ACTION_ROW (row), flag);

  return row;
}

static gint64
flag_row_get_id (GtkWidget *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "flag-id");

  return id != NULL ? *id : 0;
}

static GtkWidget *
new_plain_row (GtkWidget *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);

  return row;
}

static void
add_child (RuleView  *view,
           GtkWidget *child)
{
  adw_expander_row_add_row (view->row, child);
  g_ptr_array_add (view->children, child);
}

/* The first row under a check: what it looks for, and "Exclude All". */
static GtkWidget *
new_explanation_row (RuleView *view,
                     PlRule    rule)
{
  const PlRuleInfo *info = pl_rule_info (rule);
  g_autofree char *button_label = NULL;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *button;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = gtk_label_new (info->explanation);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  button = gtk_button_new_with_mnemonic (_("Exclude _All…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "validate.exclude-all");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (info->id));
  /* Translators: %s is a check's name, "Duplicate responses" */
  button_label = g_strdup_printf (_("Exclude every undecided record flagged by “%s”"), info->name);
  gtk_widget_set_tooltip_text (button, button_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_label,
                                  -1);
  gtk_box_append (GTK_BOX (box), button);
  view->exclude_all_button = button;

  return new_plain_row (box);
}

static GtkWidget *
new_no_problems_row (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
  GtkWidget *label = gtk_label_new (_("No problems found: every record passes this check."));

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Passed"),
                                  -1);
  gtk_widget_add_css_class (icon, "success");
  gtk_widget_add_css_class (label, "success");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  return new_plain_row (box);
}

static GtkWidget *
new_more_row (RuleView *view)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  view->more_label = GTK_LABEL (label);

  return new_plain_row (label);
}

static const PlRuleCount *
rule_count (PlValidatePage *self,
            PlRule          rule)
{
  return &self->summary.counts[rule];
}

/* The parts of a check's rows that do not depend on which records it
 * flagged: the "Exclude All" button and the "first 200 of" note. */
static void
update_rule_extras (PlValidatePage *self,
                    PlRule          rule)
{
  RuleView *view = &self->rules[rule];
  const PlRuleCount *count = rule_count (self, rule);

  if (view->exclude_all_button != NULL)
    gtk_widget_set_visible (view->exclude_all_button, count->undecided > 0);

  if (view->more_label != NULL)
    {
      guint shown = view->flags != NULL ? view->flags->len : 0;
      g_autofree char *shown_text = format_count (shown);
      g_autofree char *flagged_text = format_count (count->flagged);
      g_autofree char *text = NULL;

      /* Translators: "Showing the first 200 of 1,234 flagged records. …" */
      text = g_strdup_printf (_("Showing the first %s of %s flagged records. "
                                "“Exclude All” covers every one of them."),
                              shown_text, flagged_text);
      gtk_label_set_text (view->more_label, text);
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (view->more_label)),
                              count->flagged > shown);
    }
}

static void
clear_rule_rows (RuleView *view)
{
  for (guint i = 0; i < view->children->len; i++)
    adw_expander_row_remove (view->row, g_ptr_array_index (view->children, i));
  g_ptr_array_set_size (view->children, 0);
  g_ptr_array_set_size (view->flag_rows, 0);
  view->exclude_all_button = NULL;
  view->more_label = NULL;
  view->built = FALSE;
}

static gboolean
same_flags (RuleView *view)
{
  if (view->flags == NULL || view->flag_rows->len != view->flags->len)
    return FALSE;

  for (guint i = 0; i < view->flags->len; i++)
    {
      PlValidationFlag *flag = g_ptr_array_index (view->flags, i);

      if (flag_row_get_id (g_ptr_array_index (view->flag_rows, i)) != flag->id)
        return FALSE;
    }

  return TRUE;
}

/* Builds the rows under a check once it is opened; afterwards, keeps them
 * up to date in place, so that a decision leaves the focus where it was. */
static void
show_rule_flags (PlValidatePage *self,
                 PlRule          rule)
{
  RuleView *view = &self->rules[rule];

  if (!view->built && !adw_expander_row_get_expanded (view->row))
    return;

  if (view->built && same_flags (view))
    {
      for (guint i = 0; i < view->flags->len; i++)
        update_flag_row (g_ptr_array_index (view->flag_rows, i),
                         g_ptr_array_index (view->flags, i));
      update_rule_extras (self, rule);
      return;
    }

  clear_rule_rows (view);
  add_child (view, new_explanation_row (view, rule));

  if (view->flags == NULL || view->flags->len == 0)
    add_child (view, new_no_problems_row ());
  else
    {
      for (guint i = 0; i < view->flags->len; i++)
        {
          GtkWidget *row = new_flag_row (g_ptr_array_index (view->flags, i));

          add_child (view, row);
          g_ptr_array_add (view->flag_rows, row);
        }
    }

  add_child (view, new_more_row (view));
  view->built = TRUE;
  update_rule_extras (self, rule);
}

static void
update_rule_header (PlValidatePage *self,
                    PlRule          rule)
{
  RuleView *view = &self->rules[rule];
  const PlRuleCount *count = rule_count (self, rule);
  g_autofree char *subtitle = NULL;

  if (count->flagged == 0)
    {
      subtitle = g_strdup (_("Every record passes this check"));
      style_pill (view->pill, "status-green", _("No problems found"));
    }
  else
    {
      g_autofree char *flagged = format_count (count->flagged);
      g_autofree char *excluded = format_count (count->excluded);
      g_autofree char *kept = format_count (count->kept);
      g_autofree char *undecided = format_count (count->undecided);

      /* Translators: counts of records, "12 flagged · 4 excluded · 3 kept · 5 undecided" */
      subtitle = g_strdup_printf (_("%s flagged · %s excluded · %s kept · %s undecided"),
                                  flagged, excluded, kept, undecided);
      if (count->undecided > 0)
        {
          g_autofree char *pill = NULL;

          /* Translators: %s is a number of records still to decide on */
          pill = g_strdup_printf (_("%s to decide"), undecided);
          style_pill (view->pill, "status-amber", pill);
        }
      else
        style_pill (view->pill, "status-none", _("All decided"));
    }

  adw_expander_row_set_subtitle (view->row, subtitle);
}

static void
update_busy (PlValidatePage *self)
{
  gboolean running = self->run_cancellable != NULL;
  gboolean ready = self->workspace != NULL && !running;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "validate.run", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "validate.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "validate.exclude", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "validate.keep", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "validate.exclude-all", ready);

  gtk_widget_set_visible (self->empty_progress, running);
  gtk_spinner_set_spinning (self->empty_spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->run_spinner), running);
  gtk_spinner_set_spinning (self->run_spinner, running);
  gtk_widget_set_visible (self->stop_button, running);
}

static void
show_snapshot (PlValidatePage *self,
               Snapshot       *snapshot)
{
  g_autofree char *responses = NULL;
  g_autofree char *observations = NULL;
  g_autofree char *complaints = NULL;
  g_autofree char *last_checked = NULL;

  if (!snapshot->has_run)
    {
      memset (&self->summary, 0, sizeof self->summary);
      for (guint i = 0; i < PL_N_RULES; i++)
        {
          clear_rule_rows (&self->rules[i]);
          g_clear_pointer (&self->rules[i].flags, g_ptr_array_unref);
        }
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->summary = snapshot->summary;

  responses = describe_usable ("responses", self->summary.responses_usable,
                               self->summary.responses_total);
  observations = describe_usable ("observations", self->summary.observations_usable,
                                  self->summary.observations_total);
  complaints = describe_usable ("complaints", self->summary.complaints_usable,
                                self->summary.complaints_total);
  last_checked = describe_ran_at (snapshot->ran_at);
  gtk_label_set_text (self->responses_label, responses);
  gtk_label_set_text (self->observations_label, observations);
  gtk_label_set_text (self->complaints_label, complaints);
  gtk_label_set_text (self->last_checked_label, last_checked);

  for (guint i = 0; i < PL_N_RULES; i++)
    {
      RuleView *view = &self->rules[i];

      g_clear_pointer (&view->flags, g_ptr_array_unref);
      view->flags = g_steal_pointer (&snapshot->flags[i]);
      update_rule_header (self, i);
      show_rule_flags (self, i);
    }

  gtk_stack_set_visible_child_name (self->stack, "results");
}

/* Runs in a worker thread: summarising counts every response, observation
 * and complaint, too long to hold up the main loop on a large workspace.
 * SQLite serializes the workspace's connection. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PlWorkspace *workspace = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Snapshot *snapshot;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT ran_at FROM validation_runs ORDER BY id DESC LIMIT 1",
                               &error);
  if (stmt == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  snapshot = g_new0 (Snapshot, 1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      snapshot->has_run = TRUE;
      snapshot->ran_at = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  else if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, &error, _("Reading the last check"));
      snapshot_free (snapshot);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (snapshot->has_run)
    {
      if (!pl_validate_summarise (workspace, &snapshot->summary, &error))
        {
          snapshot_free (snapshot);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      for (guint i = 0; i < PL_N_RULES; i++)
        {
          if (g_task_return_error_if_cancelled (task))
            {
              snapshot_free (snapshot);
              return;
            }

          snapshot->flags[i] = pl_validate_list_flags (workspace, (int) i, NULL, FLAGS_SHOWN, &error);
          if (snapshot->flags[i] == NULL)
            {
              snapshot_free (snapshot);
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
        }
    }

  g_task_return_pointer (task, snapshot, snapshot_free);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (object);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;
  Snapshot *snapshot;

  snapshot = g_task_propagate_pointer (task, &error);

  /* A newer reading has taken this one's place, or the page is gone. */
  if (g_task_get_cancellable (task) != self->load_cancellable)
    {
      g_clear_pointer (&snapshot, snapshot_free);
      return;
    }
  g_clear_object (&self->load_cancellable);

  if (snapshot == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why */
      message = g_strdup_printf (_("The validation results could not be read: %s"), error->message);
      show_toast (self, message);
      return;
    }

  show_snapshot (self, snapshot);
  snapshot_free (snapshot);
}

static void
start_loading (PlValidatePage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }

  if (self->workspace == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, start_loading);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

static void
refresh (PlValidatePage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      if (self->load_cancellable != NULL)
        {
          g_cancellable_cancel (self->load_cancellable);
          g_clear_object (&self->load_cancellable);
        }
      memset (&self->summary, 0, sizeof self->summary);
      for (guint i = 0; i < PL_N_RULES; i++)
        {
          clear_rule_rows (&self->rules[i]);
          g_clear_pointer (&self->rules[i].flags, g_ptr_array_unref);
        }
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  /* Checks under way hold the workspace in a transaction: read the
   * results once they are done. The page shows what it read last until
   * the new reading arrives. */
  if (self->run_cancellable == NULL)
    start_loading (self);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* Decisions, imports and entry change the counts: one refresh covers a
 * burst of changes, and a hidden page only notes that it is out of date. */
static void
workspace_changed_cb (PlValidatePage *self,
                      const char     *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static guint
read_setting_uint (PlValidatePage *self,
                   const char     *key,
                   guint           fallback)
{
  g_autofree char *text = pl_workspace_get_setting (self->workspace, key);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return fallback;

  return (guint) value;
}

static void
load_settings (PlValidatePage *self)
{
  PlValidateSettings defaults;

  pl_validate_settings_init (&defaults);
  self->loading_settings = TRUE;

  if (self->workspace != NULL)
    {
      gtk_spin_button_set_value (self->straight_lining_spin,
                                 read_setting_uint (self, SETTING_STRAIGHT_LINING,
                                                    defaults.straight_lining_min_questions));
      gtk_spin_button_set_value (self->speeder_spin,
                                 read_setting_uint (self, SETTING_SPEEDER,
                                                    (guint) defaults.speeder_min_seconds));
    }
  else
    {
      gtk_spin_button_set_value (self->straight_lining_spin, defaults.straight_lining_min_questions);
      gtk_spin_button_set_value (self->speeder_spin, defaults.speeder_min_seconds);
    }

  self->loading_settings = FALSE;
  pl_validate_settings_clear (&defaults);
}

/* The thresholds belong to the workspace: the next check, and the next
 * person to open it, use the same ones. */
static void
setting_changed_cb (PlValidatePage *self,
                    GtkSpinButton  *spin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  const char *key;

  if (self->loading_settings || self->workspace == NULL)
    return;

  key = spin == self->straight_lining_spin ? SETTING_STRAIGHT_LINING : SETTING_SPEEDER;
  value = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (spin));
  if (!pl_workspace_set_setting (self->workspace, key, value, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why */
      message = g_strdup_printf (_("The setting was not saved: %s"), error->message);
      show_toast (self, message);
    }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *run = task_data;
  g_autoptr(GError) error = NULL;
  PlValidateSummary *summary = g_new0 (PlValidateSummary, 1);

  if (!pl_validate_run (run->workspace, &run->settings, cancellable, summary, &error))
    {
      g_free (summary);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, summary, g_free);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (object);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;
  g_autofree PlValidateSummary *summary = NULL;
  g_autofree char *message = NULL;
  guint64 undecided = 0;

  summary = g_task_propagate_pointer (task, &error);

  /* The workspace was closed or another one opened meanwhile. */
  if (g_task_get_cancellable (task) != self->run_cancellable)
    return;
  g_clear_object (&self->run_cancellable);
  update_busy (self);

  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Checks stopped. Nothing was changed."));
      else
        {
          /* Translators: %s says why */
          message = g_strdup_printf (_("The checks did not finish: %s. Nothing was changed."),
                                     error->message);
          show_toast (self, message);
        }
      return;
    }

  for (guint i = 0; i < PL_N_RULES; i++)
    undecided += summary->counts[i].undecided;

  if (undecided == 0)
    message = g_strdup (_("Checks done: nothing left to decide"));
  else
    {
      g_autofree char *count = format_count (undecided);

      /* Translators: %s is a number of records */
      message = g_strdup_printf (ngettext ("Checks done: %s record to decide on",
                                           "Checks done: %s records to decide on",
                                           undecided > G_MAXULONG ? G_MAXULONG : (gulong) undecided),
                                 count);
    }
  show_toast (self, message);

  /* The run itself emits nothing, as it ran in a thread: tell the other
   * views, then read the new results at once. */
  pl_workspace_emit_changed (self->workspace, "validation");
  refresh (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  RunData *run;

  if (self->workspace == NULL || self->run_cancellable != NULL)
    return;

  run = g_new0 (RunData, 1);
  run->workspace = g_object_ref (self->workspace);
  pl_validate_settings_init (&run->settings);
  run->settings.straight_lining_min_questions =
    (guint) gtk_spin_button_get_value_as_int (self->straight_lining_spin);
  run->settings.speeder_min_seconds = gtk_spin_button_get_value (self->speeder_spin);

  self->run_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->run_cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, run_action);
  g_task_set_task_data (task, run, run_data_free);
  g_task_run_in_thread (task, run_thread);

  update_busy (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (widget);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

static void
exclude_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  /* The workspace announces the change; the counts follow. */
  if (!pl_validate_exclude (self->workspace, g_variant_get_int64 (param), &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why */
      message = g_strdup_printf (_("The record was not excluded: %s"), error->message);
      show_toast (self, message);
    }
}

static void
keep_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  if (!pl_validate_keep (self->workspace, g_variant_get_int64 (param), &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why */
      message = g_strdup_printf (_("The record was not kept: %s"), error->message);
      show_toast (self, message);
    }
}

static void
exclude_all_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         PlValidatePage   *self)
{
  PlRule rule = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "rule"));
  const PlRuleInfo *info = pl_rule_info (rule);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "exclude") != 0 || self->workspace == NULL)
    return;

  if (!pl_validate_exclude_all (self->workspace, rule, &error))
    {
      /* Translators: the check's name, then the reason */
      message = g_strdup_printf (_("The records flagged by “%s” were not excluded: %s"),
                                 info->name, error->message);
      show_toast (self, message);
      return;
    }

  /* Translators: %s is a check's name */
  message = g_strdup_printf (_("Records flagged by “%s” excluded"), info->name);
  show_toast (self, message);
}

static void
exclude_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const PlRuleInfo *info;
  g_autofree char *count = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  PlRule rule;
  guint64 undecided;

  if (self->workspace == NULL || !pl_rule_from_id (g_variant_get_string (param, NULL), &rule))
    return;

  info = pl_rule_info (rule);
  undecided = rule_count (self, rule)->undecided;
  if (undecided == 0)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a check's name */
      message = g_strdup_printf (_("Every record flagged by “%s” is already decided"), info->name);
      show_toast (self, message);
      return;
    }
  count = format_count (undecided);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  /* Translators: %s is a check's name, "Duplicate responses" */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Exclude Every Record Flagged by “%s”?"),
                                     info->name);
  /* Translators: %s is a number of records */
  body = g_strdup_printf (ngettext ("%s undecided record will be left out of every KPI, count and "
                                    "analysis. It stays in the workspace with the reason, and you can "
                                    "keep it again at any time.",
                                    "%s undecided records will be left out of every KPI, count and "
                                    "analysis. They stay in the workspace with the reason, and you can "
                                    "keep any of them again at any time.",
                                    undecided > G_MAXULONG ? G_MAXULONG : (gulong) undecided),
                          count);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "exclude", _("_Exclude All"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "exclude",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "exclude");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data (G_OBJECT (dialog), "rule", GINT_TO_POINTER (rule));
  g_signal_connect_object (dialog, "response", G_CALLBACK (exclude_all_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rule_expanded_cb (AdwExpanderRow *row,
                  GParamSpec     *pspec,
                  PlValidatePage *self)
{
  PlRule rule = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "rule"));

  if (adw_expander_row_get_expanded (row) && self->rules[rule].flags != NULL)
    show_rule_flags (self, rule);
}

static GtkWidget *
new_info_button (const PlRuleInfo *info)
{
  g_autofree char *label = NULL;
  GtkWidget *button;
  GtkWidget *popover;
  GtkWidget *text;

  text = gtk_label_new (info->explanation);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 40);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_margin_top (text, 6);
  gtk_widget_set_margin_bottom (text, 6);
  gtk_widget_set_margin_start (text, 6);
  gtk_widget_set_margin_end (text, 6);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), text);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "help-about-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a check's name, "Duplicate responses" */
  label = g_strdup_printf (_("What “%s” checks"), info->name);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  return button;
}

static void
add_rule_rows (PlValidatePage *self)
{
  for (guint i = 0; i < PL_N_RULES; i++)
    {
      const PlRuleInfo *info = pl_rule_info (i);
      RuleView *view = &self->rules[i];
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *pill = gtk_label_new (NULL);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
      gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
      /* Each one goes before the last: the info buttons line up beside
       * the arrows, the pills beside them. */
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), new_info_button (info));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), pill);
      g_object_set_data (G_OBJECT (row), "rule", GINT_TO_POINTER (i));
      g_signal_connect_object (row, "notify::expanded", G_CALLBACK (rule_expanded_cb), self, 0);

      gtk_list_box_append (self->rules_list, row);

      view->row = ADW_EXPANDER_ROW (row);
      view->pill = GTK_LABEL (pill);
      view->children = g_ptr_array_new ();
      view->flag_rows = g_ptr_array_new ();
    }
}

static void
pl_validate_page_map (GtkWidget *widget)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (widget);

  GTK_WIDGET_CLASS (pl_validate_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_validate_page_dispose (GObject *object)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  if (self->run_cancellable != NULL)
    {
      g_cancellable_cancel (self->run_cancellable);
      g_clear_object (&self->run_cancellable);
    }
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_VALIDATE_PAGE);

  for (guint i = 0; i < PL_N_RULES; i++)
    {
      RuleView *view = &self->rules[i];

      g_clear_pointer (&view->flags, g_ptr_array_unref);
      g_clear_pointer (&view->children, g_ptr_array_unref);
      g_clear_pointer (&view->flag_rows, g_ptr_array_unref);
      view->row = NULL;
      view->pill = NULL;
      view->exclude_all_button = NULL;
      view->more_label = NULL;
    }

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_validate_page_parent_class)->dispose (object);
}

static void
pl_validate_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (object);

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
pl_validate_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlValidatePage *self = PL_VALIDATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_validate_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_validate_page_class_init (PlValidatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_validate_page_dispose;
  object_class->get_property = pl_validate_page_get_property;
  object_class->set_property = pl_validate_page_set_property;

  widget_class->map = pl_validate_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-validate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, empty_progress);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, empty_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, run_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, settings_row);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, straight_lining_spin);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, speeder_spin);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, responses_label);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, observations_label);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, complaints_label);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, last_checked_label);
  gtk_widget_class_bind_template_child (widget_class, PlValidatePage, rules_list);

  gtk_widget_class_install_action (widget_class, "validate.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "validate.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "validate.exclude", "x", exclude_action);
  gtk_widget_class_install_action (widget_class, "validate.keep", "x", keep_action);
  gtk_widget_class_install_action (widget_class, "validate.exclude-all", "s", exclude_all_action);
}

static void
pl_validate_page_init (PlValidatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_rule_rows (self);
  load_settings (self);

  g_signal_connect_object (self->straight_lining_spin, "value-changed",
                           G_CALLBACK (setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->speeder_spin, "value-changed",
                           G_CALLBACK (setting_changed_cb), self, G_CONNECT_SWAPPED);

  update_busy (self);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlValidatePage *
pl_validate_page_new (void)
{
  return g_object_new (PL_TYPE_VALIDATE_PAGE, NULL);
}

PlWorkspace *
pl_validate_page_get_workspace (PlValidatePage *self)
{
  g_return_val_if_fail (PL_IS_VALIDATE_PAGE (self), NULL);

  return self->workspace;
}

void
pl_validate_page_set_workspace (PlValidatePage *self,
                                PlWorkspace    *workspace)
{
  static const char * const tables[] = {
    "responses", "observations", "complaints", "validation",
  };

  g_return_if_fail (PL_IS_VALIDATE_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* Checks still running on the old workspace finish unseen. */
  if (self->run_cancellable != NULL)
    {
      g_cancellable_cancel (self->run_cancellable);
      g_clear_object (&self->run_cancellable);
    }

  g_set_object (&self->workspace, workspace);

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  load_settings (self);
  update_busy (self);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * pl_validate_page_is_busy:
 *
 * Returns: whether checks are running or the results are being read
 */
gboolean
pl_validate_page_is_busy (PlValidatePage *self)
{
  g_return_val_if_fail (PL_IS_VALIDATE_PAGE (self), FALSE);

  return self->run_cancellable != NULL || self->load_cancellable != NULL || self->refresh_id != 0;
}

/**
 * pl_validate_page_get_usable_label:
 * @entity: "responses", "observations" or "complaints"
 *
 * Returns: (transfer none): the label that says how many of @entity are usable
 */
GtkLabel *
pl_validate_page_get_usable_label (PlValidatePage *self,
                                   const char     *entity)
{
  g_return_val_if_fail (PL_IS_VALIDATE_PAGE (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  if (g_str_equal (entity, "responses"))
    return self->responses_label;
  else if (g_str_equal (entity, "observations"))
    return self->observations_label;
  else if (g_str_equal (entity, "complaints"))
    return self->complaints_label;

  g_return_val_if_reached (NULL);
}

/**
 * pl_validate_page_get_rule_row:
 *
 * Returns: (transfer none): the row of @rule
 */
AdwExpanderRow *
pl_validate_page_get_rule_row (PlValidatePage *self,
                               PlRule          rule)
{
  g_return_val_if_fail (PL_IS_VALIDATE_PAGE (self), NULL);
  g_return_val_if_fail (rule < PL_N_RULES, NULL);

  return self->rules[rule].row;
}

/**
 * pl_validate_page_get_flag_row:
 *
 * Returns: (transfer none) (nullable): the row of the flag @flag_id, if
 *   its check has been opened and the flag is among those shown
 */
AdwActionRow *
pl_validate_page_get_flag_row (PlValidatePage *self,
                               gint64          flag_id)
{
  g_return_val_if_fail (PL_IS_VALIDATE_PAGE (self), NULL);

  for (guint i = 0; i < PL_N_RULES; i++)
    {
      GPtrArray *rows = self->rules[i].flag_rows;

      for (guint j = 0; rows != NULL && j < rows->len; j++)
        if (flag_row_get_id (g_ptr_array_index (rows, j)) == flag_id)
          return g_ptr_array_index (rows, j);
    }

  return NULL;
}
