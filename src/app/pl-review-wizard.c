/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>

#include "core/pl-error.h"
#include "core/pl-item.h"
#include "core/pl-kpi.h"
#include "core/pl-sampling.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-kpi-wizard.h"
#include "pl-review-wizard.h"

/* Plan → Review Plan: the wizard that plans one review of the quality of
 * service (unit 403 LO2, 401 LO2, 312 LO2, NOS CFACSB14 PC 1–5): scope and
 * boundaries, evaluation objectives, decision makers and the colleagues
 * affected, the features of service and their KPIs, the data collection
 * methods with their justification, the information to collect and the
 * samples, then a summary to confirm.
 *
 * It works on a private copy of the review: nothing reaches the workspace
 * until "Save Plan" (the KPI wizard it opens saves its own KPI). A part of
 * the plan is rebuilt from the widgets only when the user changes it, so
 * editing one step leaves the others exactly as they were. */

typedef PlReviewWizardStep Step;

#define STEP_SCOPE       PL_REVIEW_WIZARD_STEP_SCOPE
#define STEP_OBJECTIVES  PL_REVIEW_WIZARD_STEP_OBJECTIVES
#define STEP_PEOPLE      PL_REVIEW_WIZARD_STEP_PEOPLE
#define STEP_KPIS        PL_REVIEW_WIZARD_STEP_KPIS
#define STEP_METHODS     PL_REVIEW_WIZARD_STEP_METHODS
#define STEP_INFORMATION PL_REVIEW_WIZARD_STEP_INFORMATION
#define STEP_SUMMARY     PL_REVIEW_WIZARD_STEP_SUMMARY
#define N_STEPS          PL_REVIEW_WIZARD_N_STEPS

static const char * const step_pages[N_STEPS] = {
  "scope", "objectives", "people", "kpis", "methods", "information", "summary",
};

/* A channel or team with its switch: on is in the review. */
typedef struct
{
  PlReviewEntity  entity;
  gint64          id;
  char           *name;
  GtkSwitch      *toggle;
} ScopeRow;

typedef struct
{
  AdwEntryRow *row;
  GtkWidget   *remove;
  char        *decision;        /* kept from the loaded plan, not edited here */
} ObjectiveRow;

typedef struct
{
  PlReviewRole    role;
  AdwExpanderRow *expander;
  AdwEntryRow    *name_row;
  AdwComboRow    *link_row;
  AdwEntryRow    *how_row;
  AdwEntryRow    *on_row;
  GtkWidget      *error_row;
  GtkLabel       *error_label;
} PersonRow;

typedef struct
{
  gint64          kpi_id;
  char           *code;
  char           *name;
  char           *description;   /* the subtitle while no feature is given */
  AdwExpanderRow *expander;
  GtkCheckButton *check;
  AdwEntryRow    *feature_row;
  GtkWidget      *hint_row;
} KpiRow;

typedef struct
{
  PlReviewMethod  method;
  AdwExpanderRow *expander;
  GtkCheckButton *check;
  GtkWidget      *justification_frame;
  GtkTextView    *justification_view;
  GtkLabel       *error_label;
  AdwEntryRow    *details_row;
} MethodRow;

/* What a person can be linked to: a team or a colleague. */
typedef enum
{
  LINK_TEAM,
  LINK_COLLEAGUE,
} LinkKind;

typedef struct
{
  LinkKind  kind;
  gint64    id;
  char     *name;
} Link;

struct _PlReviewWizard
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *back_button;
  GtkButton           *steps_button;
  GtkButton           *next_button;
  AdwLeaflet          *leaflet;
  GtkListBox          *steps_list;
  GtkStack            *stack;
  AdwEntryRow         *title_row;
  AdwEntryRow         *start_row;
  AdwEntryRow         *end_row;
  GtkLabel            *title_error_label;
  GtkLabel            *period_error_label;
  GtkTextView         *scope_view;
  AdwPreferencesGroup *channels_group;
  AdwPreferencesGroup *teams_group;
  GtkLabel            *scope_error_label;
  AdwEntryRow         *processes_in_row;
  AdwEntryRow         *processes_out_row;
  AdwPreferencesGroup *objectives_group;
  GtkLabel            *objectives_error_label;
  AdwPreferencesGroup *deciders_group;
  AdwPreferencesGroup *affected_group;
  GtkWidget           *deciders_empty_row;
  GtkWidget           *affected_empty_row;
  AdwEntryRow         *communication_row;
  AdwEntryRow         *communicated_on_row;
  GtkLabel            *communication_error_label;
  AdwPreferencesGroup *kpis_group;
  GtkWidget           *kpis_empty_row;
  AdwPreferencesGroup *methods_group;
  GtkWidget           *kinds_box;
  GtkImage            *kinds_icon;
  GtkLabel            *kinds_label;
  GtkTextView         *information_view;
  AdwPreferencesGroup *samples_group;
  AdwPreferencesGroup *free_samples_group;
  GtkWidget           *samples_empty_row;
  GtkWidget           *free_samples_empty_row;
  GtkWidget           *save_error_box;
  GtkLabel            *save_error_label;
  AdwPreferencesGroup *warnings_group;
  GtkBox              *summary_box;

  PlWorkspace         *workspace;
  PlReview            *original;       /* the review given to edit, or NULL */
  PlReview            *review;         /* the working copy the steps fill in */
  guint                initial_step;
  Step                 step;
  Step                 max_visited;
  gboolean             editing;
  gboolean             folded;         /* the header follows the leaflet */
  gboolean             errors_shown[N_STEPS];
  gboolean             closing;        /* saved, or the user chose to discard */
  guint                updating;
  guint                fold_idle_id;
  guint                scroll_id;
  GtkWidget           *scroll_target;  /* weak: the first field in error */
  char                *fingerprint;    /* the plan as loaded, to notice changes */
  GtkWidget           *step_rows[N_STEPS];

  GPtrArray           *scope_rows;     /* ScopeRow */
  GPtrArray           *objective_rows; /* ObjectiveRow */
  GPtrArray           *person_rows;    /* PersonRow */
  GPtrArray           *kpi_rows;       /* KpiRow */
  MethodRow            method_rows[PL_REVIEW_N_METHODS];
  GArray              *links;          /* Link; index i is combo item i + 1 */
  GtkStringList       *link_names;

  GListModel          *samples;        /* PlSample, as drawn */
  GHashTable          *sample_changes; /* sample id → TRUE attach / FALSE detach */
  GPtrArray           *sample_widgets; /* rows to take out when rebuilding */
  GPtrArray           *summary_widgets;
};

G_DEFINE_FINAL_TYPE (PlReviewWizard, pl_review_wizard, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_REVIEW,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_state (PlReviewWizard *self);
static gboolean validate_step (PlReviewWizard *self, Step step, gboolean show, GtkWidget **first_invalid);

/* Helpers */

static const char *
step_title (Step step)
{
  switch (step)
    {
    case STEP_SCOPE:
      return _("Title and scope");
    case STEP_OBJECTIVES:
      return _("Objectives");
    case STEP_PEOPLE:
      return _("People and communication");
    case STEP_KPIS:
      return _("Features and KPIs");
    case STEP_METHODS:
      return _("Methods");
    case STEP_INFORMATION:
      return _("Information and samples");
    case STEP_SUMMARY:
    case N_STEPS:
    default:
      return _("Summary");
    }
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

/* The text without surrounding spaces, or NULL when there is none. */
static char *
dup_text_or_null (const char *text)
{
  if (is_blank (text))
    return NULL;

  return g_strstrip (g_strdup (text));
}

static const char *
editable_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static char *
text_view_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
text_view_set_text (GtkTextView *view,
                    const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static void
set_error_class (gpointer widget,
                 gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
set_first (GtkWidget **first_invalid,
           gpointer    widget)
{
  if (first_invalid != NULL && *first_invalid == NULL)
    *first_invalid = GTK_WIDGET (widget);
}

static char *
format_count (gint64 n)
{
  /* Digits grouped as the user's locale does it. */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static char *
format_day (const char *iso)
{
  g_autofree char *day = NULL;

  if (iso == NULL || *iso == '\0')
    return g_strdup ("");

  /* A moment is shown by its day. */
  day = g_strndup (iso, 10);
  return pl_date_format_short (day);
}

/* Checking a step's fields with pl_review_validate(), so that the wizard
 * says what the rest of the app says: a scratch review holds only what
 * is checked, with a valid title and period around it. */

static PlReview *
scratch_new (void)
{
  PlReview *scratch = pl_review_new ();

  pl_review_set_title (scratch, "-");
  pl_review_set_period_start (scratch, "2000-01-01");
  pl_review_set_period_end (scratch, "2000-01-01");
  return scratch;
}

static char *
scratch_check (PlReview *scratch)
{
  g_autoptr(GError) error = NULL;

  if (pl_review_validate (scratch, &error))
    return NULL;

  return g_strdup (error->message);
}

/* Words for the plan, to tell whether anything changed since it was
 * loaded. */
static void
append_field (GString    *text,
              const char *value)
{
  g_string_append (text, value != NULL ? value : "");
  g_string_append_c (text, '\x1f');
}

static char *
dup_fingerprint (PlReviewWizard *self)
{
  PlReview *review = self->review;
  GString *text = g_string_new (NULL);
  GPtrArray *parts;

  append_field (text, pl_review_get_title (review));
  append_field (text, pl_review_get_period_start (review));
  append_field (text, pl_review_get_period_end (review));
  append_field (text, pl_review_get_scope (review));
  append_field (text, pl_review_get_processes_in (review));
  append_field (text, pl_review_get_processes_out (review));
  append_field (text, pl_review_get_communication (review));
  append_field (text, pl_review_get_communicated_on (review));
  append_field (text, pl_review_get_information (review));

  parts = pl_review_get_scope_items (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewScopeItem *item = g_ptr_array_index (parts, i);

      g_string_append_printf (text, "s%d:%" G_GINT64_FORMAT ":%d\x1f",
                              item->entity, item->entity_id, item->included ? 1 : 0);
    }

  parts = pl_review_get_objectives (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewObjective *objective = g_ptr_array_index (parts, i);

      append_field (text, "o");
      append_field (text, objective->text);
      append_field (text, objective->decision);
    }

  parts = pl_review_get_people (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewPerson *person = g_ptr_array_index (parts, i);

      g_string_append_printf (text, "p%d:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "\x1f",
                              person->role, person->colleague_id, person->team_id);
      append_field (text, person->name);
      append_field (text, person->how_told);
      append_field (text, person->told_on);
    }

  parts = pl_review_get_kpis (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (parts, i);

      g_string_append_printf (text, "k%" G_GINT64_FORMAT "\x1f", kpi->kpi_id);
      append_field (text, kpi->feature);
    }

  parts = pl_review_get_methods (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewMethodChoice *choice = g_ptr_array_index (parts, i);

      g_string_append_printf (text, "m%d\x1f", choice->method);
      append_field (text, choice->justification);
      append_field (text, choice->details);
    }

  /* Only changes that differ from what is stored are kept. */
  g_string_append_printf (text, "n%u", g_hash_table_size (self->sample_changes));

  return g_string_free (text, FALSE);
}

/* Step 1: title, period, scope */

static ScopeRow *
find_scope_row (PlReviewWizard *self,
                GtkSwitch      *toggle)
{
  for (guint i = 0; i < self->scope_rows->len; i++)
    {
      ScopeRow *row = g_ptr_array_index (self->scope_rows, i);

      if (row->toggle == toggle)
        return row;
    }

  return NULL;
}

/* None listed means all are in, so only what is left out is listed. */
static void
sync_scope (PlReviewWizard *self)
{
  GPtrArray *items = pl_review_get_scope_items (self->review);

  g_ptr_array_set_size (items, 0);
  for (guint i = 0; i < self->scope_rows->len; i++)
    {
      ScopeRow *row = g_ptr_array_index (self->scope_rows, i);

      if (!gtk_switch_get_active (row->toggle))
        pl_review_add_scope_item (self->review, row->entity, row->id, FALSE, row->name);
    }
}

static void
after_edit (PlReviewWizard *self,
            Step            step)
{
  if (self->errors_shown[step])
    self->errors_shown[step] = !validate_step (self, step, TRUE, NULL);
  update_state (self);
}

static void
scope_toggled_cb (PlReviewWizard *self,
                  GParamSpec     *pspec,
                  GtkSwitch      *toggle)
{
  if (self->updating > 0 || find_scope_row (self, toggle) == NULL)
    return;

  sync_scope (self);
  after_edit (self, STEP_SCOPE);
}

static void
add_scope_rows (PlReviewWizard      *self,
                PlItemKind           kind,
                PlReviewEntity       entity,
                AdwPreferencesGroup *group)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) items = pl_workspace_list_items (self->workspace, kind, &error);
  GPtrArray *scope = pl_review_get_scope_items (self->review);
  gboolean listed_in = FALSE;
  guint n_items;

  if (items == NULL)
    {
      g_warning ("The scope could not be listed: %s", error->message);
      return;
    }

  /* A plan that lists what is in leaves the rest out. */
  for (guint i = 0; i < scope->len; i++)
    {
      PlReviewScopeItem *item = g_ptr_array_index (scope, i);

      if (item->entity == entity && item->included)
        listed_in = TRUE;
    }

  n_items = g_list_model_get_n_items (items);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      ScopeRow *row = g_new0 (ScopeRow, 1);
      GtkWidget *action_row = adw_action_row_new ();
      g_autofree char *widget_name = NULL;
      gboolean active = !listed_in;

      for (guint j = 0; j < scope->len; j++)
        {
          PlReviewScopeItem *scope_item = g_ptr_array_index (scope, j);

          if (scope_item->entity == entity && scope_item->entity_id == pl_item_get_id (item))
            active = scope_item->included;
        }

      row->entity = entity;
      row->id = pl_item_get_id (item);
      row->name = g_strdup (pl_item_get_name (item));
      row->toggle = GTK_SWITCH (gtk_switch_new ());
      gtk_widget_set_valign (GTK_WIDGET (row->toggle), GTK_ALIGN_CENTER);
      gtk_switch_set_active (row->toggle, active);
      widget_name = g_strdup_printf ("%s-%s", entity == PL_REVIEW_ENTITY_TEAM ? "team" : "channel",
                                     row->name);
      gtk_widget_set_name (GTK_WIDGET (row->toggle), widget_name);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), row->name);
      if (entity == PL_REVIEW_ENTITY_TEAM && pl_item_get_detail (item) != NULL)
        {
          g_autofree char *leader = NULL;

          /* Translators: %s is the team leader's name */
          leader = g_strdup_printf (_("Led by %s"), pl_item_get_detail (item));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), leader);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), GTK_WIDGET (row->toggle));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), GTK_WIDGET (row->toggle));
      adw_preferences_group_add (group, action_row);

      g_signal_connect_object (row->toggle, "notify::active", G_CALLBACK (scope_toggled_cb),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->scope_rows, row);
    }

  if (n_items == 0)
    {
      GtkWidget *empty = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty),
                                     entity == PL_REVIEW_ENTITY_TEAM
                                     ? _("This workspace has no teams yet")
                                     : _("This workspace has no channels yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (empty),
                                   _("Import interactions first: the review then covers all of them."));
      gtk_widget_add_css_class (empty, "dim-label");
      adw_preferences_group_add (group, empty);
    }
}

static void
title_changed_cb (PlReviewWizard *self)
{
  if (self->updating > 0)
    return;

  pl_review_set_title (self->review, editable_text (self->title_row));
  after_edit (self, STEP_SCOPE);
}

static void
start_changed_cb (PlReviewWizard *self)
{
  g_autofree char *text = NULL;

  if (self->updating > 0)
    return;

  text = g_strstrip (g_strdup (editable_text (self->start_row)));
  pl_review_set_period_start (self->review, text);
  after_edit (self, STEP_SCOPE);
}

static void
end_changed_cb (PlReviewWizard *self)
{
  g_autofree char *text = NULL;

  if (self->updating > 0)
    return;

  text = g_strstrip (g_strdup (editable_text (self->end_row)));
  pl_review_set_period_end (self->review, text);
  after_edit (self, STEP_SCOPE);
}

static void
scope_text_changed_cb (PlReviewWizard *self)
{
  g_autofree char *text = NULL;

  if (self->updating > 0)
    return;

  text = text_view_dup_text (self->scope_view);
  pl_review_set_scope (self->review, text);
  after_edit (self, STEP_SCOPE);
}

static void
processes_in_changed_cb (PlReviewWizard *self)
{
  if (self->updating > 0)
    return;

  pl_review_set_processes_in (self->review, editable_text (self->processes_in_row));
  after_edit (self, STEP_SCOPE);
}

static void
processes_out_changed_cb (PlReviewWizard *self)
{
  if (self->updating > 0)
    return;

  pl_review_set_processes_out (self->review, editable_text (self->processes_out_row));
  after_edit (self, STEP_SCOPE);
}

static char *
check_scope_kind (PlReviewWizard *self,
                  PlReviewEntity  entity)
{
  guint n_rows = 0, n_in = 0;

  for (guint i = 0; i < self->scope_rows->len; i++)
    {
      ScopeRow *row = g_ptr_array_index (self->scope_rows, i);

      if (row->entity != entity)
        continue;
      n_rows++;
      if (gtk_switch_get_active (row->toggle))
        n_in++;
    }

  if (n_rows == 0 || n_in > 0)
    return NULL;

  if (entity == PL_REVIEW_ENTITY_TEAM)
    return g_strdup (_("Every team is left out. Keep at least one team in the review: "
                       "otherwise there is no one’s service to measure."));
  return g_strdup (_("Every channel is left out. Keep at least one channel in the review: "
                     "otherwise there is no service to measure."));
}

/* The messages that are set, one to a line, or NULL when none is. */
static char *
join_messages (const char *first,
               const char *second,
               const char *third)
{
  const char *messages[] = { first, second, third };
  GString *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      if (messages[i] == NULL)
        continue;
      if (text == NULL)
        text = g_string_new (messages[i]);
      else
        g_string_append_printf (text, "\n%s", messages[i]);
    }

  return text != NULL ? g_string_free (text, FALSE) : NULL;
}

static gboolean
validate_scope (PlReviewWizard  *self,
                gboolean         show,
                GtkWidget      **first_invalid)
{
  g_autoptr(PlReview) title_check = scratch_new ();
  g_autoptr(PlReview) start_check = scratch_new ();
  g_autoptr(PlReview) end_check = scratch_new ();
  g_autofree char *title_error = NULL;
  g_autofree char *start_error = NULL;
  g_autofree char *end_error = NULL;
  g_autofree char *order_error = NULL;
  g_autofree char *channels_error = NULL;
  g_autofree char *teams_error = NULL;
  g_autofree char *period_error = NULL;
  g_autofree char *scope_error = NULL;

  pl_review_set_title (title_check, pl_review_get_title (self->review));
  title_error = scratch_check (title_check);

  /* Each end on its own, against an end that cannot be out of order. */
  pl_review_set_period_start (start_check, pl_review_get_period_start (self->review));
  pl_review_set_period_end (start_check, "2999-12-31");
  start_error = scratch_check (start_check);

  pl_review_set_period_start (end_check, "1900-01-01");
  pl_review_set_period_end (end_check, pl_review_get_period_end (self->review));
  end_error = scratch_check (end_check);

  if (start_error == NULL && end_error == NULL)
    {
      g_autoptr(PlReview) order_check = scratch_new ();

      pl_review_set_period_start (order_check, pl_review_get_period_start (self->review));
      pl_review_set_period_end (order_check, pl_review_get_period_end (self->review));
      order_error = scratch_check (order_check);
    }

  channels_error = check_scope_kind (self, PL_REVIEW_ENTITY_CHANNEL);
  teams_error = check_scope_kind (self, PL_REVIEW_ENTITY_TEAM);

  period_error = join_messages (start_error, end_error, order_error);
  scope_error = join_messages (channels_error, teams_error, NULL);

  if (show)
    {
      show_label (self->title_error_label, title_error);
      show_label (self->period_error_label, period_error);
      show_label (self->scope_error_label, scope_error);
      set_error_class (self->title_row, title_error != NULL);
      set_error_class (self->start_row, start_error != NULL);
      set_error_class (self->end_row, end_error != NULL || order_error != NULL);
    }

  if (title_error != NULL)
    set_first (first_invalid, self->title_row);
  if (start_error != NULL)
    set_first (first_invalid, self->start_row);
  if (end_error != NULL || order_error != NULL)
    set_first (first_invalid, self->end_row);
  if (scope_error != NULL)
    {
      for (guint i = 0; i < self->scope_rows->len; i++)
        {
          ScopeRow *row = g_ptr_array_index (self->scope_rows, i);

          if ((row->entity == PL_REVIEW_ENTITY_CHANNEL) == (channels_error != NULL))
            {
              set_first (first_invalid, row->toggle);
              break;
            }
        }
    }

  return title_error == NULL && period_error == NULL && scope_error == NULL;
}

/* Step 2: objectives */

static void
sync_objectives (PlReviewWizard *self)
{
  GPtrArray *objectives = pl_review_get_objectives (self->review);

  g_ptr_array_set_size (objectives, 0);
  for (guint i = 0; i < self->objective_rows->len; i++)
    {
      ObjectiveRow *row = g_ptr_array_index (self->objective_rows, i);
      g_autofree char *text = dup_text_or_null (editable_text (row->row));

      /* An empty row is one the user has not filled in yet. */
      if (text != NULL)
        pl_review_add_objective (self->review, text, row->decision);
    }
}

static void
renumber_objectives (PlReviewWizard *self)
{
  for (guint i = 0; i < self->objective_rows->len; i++)
    {
      ObjectiveRow *row = g_ptr_array_index (self->objective_rows, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *title = NULL;
      g_autofree char *widget_name = g_strdup_printf ("objective-%u", i + 1);

      /* Translators: %s is the objective's number */
      title = g_strdup_printf (_("Objective %s"), number);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), title);
      gtk_widget_set_name (GTK_WIDGET (row->row), widget_name);
      g_free (widget_name);
      widget_name = g_strdup_printf ("objective-%u-remove", i + 1);
      gtk_widget_set_name (row->remove, widget_name);
    }
}

static void
objective_changed_cb (PlReviewWizard *self)
{
  if (self->updating > 0)
    return;

  sync_objectives (self);
  after_edit (self, STEP_OBJECTIVES);
}

static void
remove_objective_cb (PlReviewWizard *self,
                     GtkButton      *button)
{
  AdwEntryRow *entry_row = g_object_get_data (G_OBJECT (button), "pl-entry-row");

  for (guint i = 0; i < self->objective_rows->len; i++)
    {
      ObjectiveRow *row = g_ptr_array_index (self->objective_rows, i);

      if (row->row != entry_row)
        continue;

      self->updating++;
      adw_preferences_group_remove (self->objectives_group, GTK_WIDGET (row->row));
      g_ptr_array_remove_index (self->objective_rows, i);
      self->updating--;
      break;
    }

  renumber_objectives (self);
  sync_objectives (self);
  after_edit (self, STEP_OBJECTIVES);
}

static ObjectiveRow *
add_objective_row (PlReviewWizard *self,
                   const char     *text,
                   const char     *decision)
{
  ObjectiveRow *row = g_new0 (ObjectiveRow, 1);
  GtkWidget *remove;

  row->row = ADW_ENTRY_ROW (adw_entry_row_new ());
  row->decision = g_strdup (decision);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);

  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (row->row), text != NULL ? text : "");
  self->updating--;

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove this objective"));
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "pl-entry-row", row->row);
  adw_entry_row_add_suffix (row->row, remove);
  row->remove = remove;

  g_signal_connect_object (row->row, "changed", G_CALLBACK (objective_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_objective_cb),
                           self, G_CONNECT_SWAPPED);

  adw_preferences_group_add (self->objectives_group, GTK_WIDGET (row->row));
  g_ptr_array_add (self->objective_rows, row);
  renumber_objectives (self);

  return row;
}

static gboolean
validate_objectives (PlReviewWizard  *self,
                     gboolean         show,
                     GtkWidget      **first_invalid)
{
  g_autoptr(PlReview) scratch = scratch_new ();
  g_autofree char *error = NULL;
  GPtrArray *objectives = pl_review_get_objectives (self->review);

  if (objectives->len == 0)
    error = g_strdup (_("Add at least one objective: what the review should let the "
                        "organisation decide, for example whether to open web chat until "
                        "8 pm."));
  else
    {
      for (guint i = 0; i < objectives->len; i++)
        {
          PlReviewObjective *objective = g_ptr_array_index (objectives, i);

          pl_review_add_objective (scratch, objective->text, objective->decision);
        }
      error = scratch_check (scratch);
    }

  if (show)
    {
      show_label (self->objectives_error_label, error);
      if (self->objective_rows->len > 0)
        {
          ObjectiveRow *row = g_ptr_array_index (self->objective_rows, 0);

          set_error_class (row->row, error != NULL);
        }
    }

  if (error != NULL)
    {
      if (self->objective_rows->len > 0)
        set_first (first_invalid, ((ObjectiveRow *) g_ptr_array_index (self->objective_rows, 0))->row);
      else
        set_first (first_invalid, gtk_widget_get_first_child (GTK_WIDGET (self->objectives_group)));
    }

  return error == NULL;
}

/* Step 3: people and communication */

static gboolean
person_row_is_empty (PersonRow *row)
{
  return is_blank (editable_text (row->name_row)) &&
         is_blank (editable_text (row->how_row)) &&
         is_blank (editable_text (row->on_row)) &&
         adw_combo_row_get_selected (row->link_row) == 0;
}

static PlReviewPerson *
add_person_from_row (PlReview  *review,
                     PersonRow *row,
                     GArray    *links)
{
  g_autofree char *name = dup_text_or_null (editable_text (row->name_row));
  g_autofree char *how = dup_text_or_null (editable_text (row->how_row));
  g_autofree char *on = dup_text_or_null (editable_text (row->on_row));
  guint link = adw_combo_row_get_selected (row->link_row);
  PlReviewPerson *person;

  person = pl_review_add_person (review, row->role, name, how, on);
  if (link > 0 && link <= links->len)
    {
      Link *target = &g_array_index (links, Link, link - 1);

      if (target->kind == LINK_TEAM)
        person->team_id = target->id;
      else
        person->colleague_id = target->id;
    }

  return person;
}

static void
sync_people (PlReviewWizard *self)
{
  GPtrArray *people = pl_review_get_people (self->review);

  g_ptr_array_set_size (people, 0);

  /* Decision makers first, as the summary lists them. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->person_rows->len; i++)
      {
        PersonRow *row = g_ptr_array_index (self->person_rows, i);

        if ((pass == 0) != (row->role == PL_REVIEW_ROLE_DECISION_MAKER))
          continue;
        if (person_row_is_empty (row))
          continue;
        add_person_from_row (self->review, row, self->links);
      }
}

static void
update_person_row (PlReviewWizard *self,
                   PersonRow      *row)
{
  const char *name = editable_text (row->name_row);
  const char *how = editable_text (row->how_row);
  const char *on = editable_text (row->on_row);
  g_autofree char *subtitle = NULL;

  if (!is_blank (name))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->expander), name);
  else if (row->role == PL_REVIEW_ROLE_DECISION_MAKER)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->expander), _("New decision maker"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->expander),
                                   _("New colleague or team affected"));

  if (is_blank (how))
    subtitle = g_strdup (_("Not told about the review yet"));
  else if (!is_blank (on))
    {
      g_autofree char *day = format_day (on);

      /* Translators: "Told on 3 Sep 2026: team briefing" */
      subtitle = g_strdup_printf (_("Told on %s: %s"), day, how);
    }
  else
    /* Translators: "Told: team briefing" */
    subtitle = g_strdup_printf (_("Told: %s"), how);

  adw_expander_row_set_subtitle (row->expander, subtitle);
}

static PersonRow *
find_person_row (PlReviewWizard *self,
                 gpointer        widget)
{
  PersonRow *row = g_object_get_data (G_OBJECT (widget), "pl-person");

  for (guint i = 0; row != NULL && i < self->person_rows->len; i++)
    if (g_ptr_array_index (self->person_rows, i) == row)
      return row;

  return NULL;
}

static void
update_people_empty (PlReviewWizard *self)
{
  gboolean any_decider = FALSE, any_affected = FALSE;

  for (guint i = 0; i < self->person_rows->len; i++)
    {
      PersonRow *row = g_ptr_array_index (self->person_rows, i);

      if (row->role == PL_REVIEW_ROLE_DECISION_MAKER)
        any_decider = TRUE;
      else
        any_affected = TRUE;
    }

  gtk_widget_set_visible (self->deciders_empty_row, !any_decider);
  gtk_widget_set_visible (self->affected_empty_row, !any_affected);
}

static void
person_changed_cb (PlReviewWizard *self,
                   GtkWidget      *widget)
{
  PersonRow *row;

  if (self->updating > 0 || (row = find_person_row (self, widget)) == NULL)
    return;

  update_person_row (self, row);
  sync_people (self);
  after_edit (self, STEP_PEOPLE);
}

static void
person_link_cb (PlReviewWizard *self,
                GParamSpec     *pspec,
                AdwComboRow    *link_row)
{
  PersonRow *row;
  guint link;

  if (self->updating > 0 || (row = find_person_row (self, link_row)) == NULL)
    return;

  /* Linking a team or colleague names the row, if it has no name yet. */
  link = adw_combo_row_get_selected (link_row);
  if (link > 0 && link <= self->links->len && is_blank (editable_text (row->name_row)))
    {
      Link *target = &g_array_index (self->links, Link, link - 1);

      self->updating++;
      gtk_editable_set_text (GTK_EDITABLE (row->name_row), target->name);
      self->updating--;
    }

  update_person_row (self, row);
  sync_people (self);
  after_edit (self, STEP_PEOPLE);
}

static void
remove_person_cb (PlReviewWizard *self,
                  GtkButton      *button)
{
  PersonRow *row = find_person_row (self, button);

  if (row == NULL)
    return;

  self->updating++;
  adw_preferences_group_remove (row->role == PL_REVIEW_ROLE_DECISION_MAKER
                                ? self->deciders_group : self->affected_group,
                                GTK_WIDGET (row->expander));
  g_ptr_array_remove (self->person_rows, row);
  self->updating--;

  update_people_empty (self);
  sync_people (self);
  after_edit (self, STEP_PEOPLE);
}

static guint
link_index (PlReviewWizard       *self,
            const PlReviewPerson *person)
{
  for (guint i = 0; person != NULL && i < self->links->len; i++)
    {
      Link *link = &g_array_index (self->links, Link, i);

      if (link->kind == LINK_TEAM && person->team_id > 0 && link->id == person->team_id)
        return i + 1;
      if (link->kind != LINK_TEAM && person->colleague_id > 0 &&
          link->id == person->colleague_id)
        return i + 1;
    }

  return 0;
}

static AdwEntryRow *
new_entry_row (const char *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

static GtkWidget *
new_error_row (GtkLabel **out_label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "error");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_set_visible (row, FALSE);

  *out_label = GTK_LABEL (label);
  return row;
}

static PersonRow *
add_person_row (PlReviewWizard       *self,
                PlReviewRole          role,
                const PlReviewPerson *person)
{
  PersonRow *row = g_new0 (PersonRow, 1);
  GtkWidget *remove;
  g_autofree char *prefix = NULL;
  g_autofree char *widget_name = NULL;
  guint n_same = 0;

  for (guint i = 0; i < self->person_rows->len; i++)
    if (((PersonRow *) g_ptr_array_index (self->person_rows, i))->role == role)
      n_same++;

  row->role = role;
  row->expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->expander), FALSE);
  prefix = g_strdup_printf ("%s-%u", role == PL_REVIEW_ROLE_DECISION_MAKER ? "decider" : "affected",
                            n_same + 1);
  gtk_widget_set_name (GTK_WIDGET (row->expander), prefix);

  row->name_row = new_entry_row (_("Name or role"));
  widget_name = g_strconcat (prefix, "-name", NULL);
  gtk_widget_set_name (GTK_WIDGET (row->name_row), widget_name);

  row->link_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->link_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->link_row), _("Team or colleague"));
  adw_combo_row_set_model (row->link_row, G_LIST_MODEL (self->link_names));
  /* Names are long: the choice shows under the title, not beside it. */
  adw_combo_row_set_use_subtitle (row->link_row, TRUE);
  g_free (widget_name);
  widget_name = g_strconcat (prefix, "-link", NULL);
  gtk_widget_set_name (GTK_WIDGET (row->link_row), widget_name);

  row->how_row = new_entry_row (_("How they were told the aims"));
  g_free (widget_name);
  widget_name = g_strconcat (prefix, "-how", NULL);
  gtk_widget_set_name (GTK_WIDGET (row->how_row), widget_name);

  row->on_row = new_entry_row (_("Told on (YYYY-MM-DD)"));
  g_free (widget_name);
  widget_name = g_strconcat (prefix, "-on", NULL);
  gtk_widget_set_name (GTK_WIDGET (row->on_row), widget_name);

  row->error_row = new_error_row (&row->error_label);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, role == PL_REVIEW_ROLE_DECISION_MAKER
                                       ? _("Remove this decision maker")
                                       : _("Remove from those affected"));
  g_free (widget_name);
  widget_name = g_strconcat (prefix, "-remove", NULL);
  gtk_widget_set_name (remove, widget_name);

  self->updating++;
  if (person != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (row->name_row), person->name != NULL ? person->name : "");
      gtk_editable_set_text (GTK_EDITABLE (row->how_row), person->how_told != NULL ? person->how_told : "");
      gtk_editable_set_text (GTK_EDITABLE (row->on_row), person->told_on != NULL ? person->told_on : "");
    }
  adw_combo_row_set_selected (row->link_row, link_index (self, person));
  self->updating--;

  adw_expander_row_add_row (row->expander, GTK_WIDGET (row->name_row));
  adw_expander_row_add_row (row->expander, GTK_WIDGET (row->link_row));
  adw_expander_row_add_row (row->expander, GTK_WIDGET (row->how_row));
  adw_expander_row_add_row (row->expander, GTK_WIDGET (row->on_row));
  adw_expander_row_add_row (row->expander, row->error_row);
  adw_expander_row_add_action (row->expander, remove);

  g_object_set_data (G_OBJECT (row->name_row), "pl-person", row);
  g_object_set_data (G_OBJECT (row->link_row), "pl-person", row);
  g_object_set_data (G_OBJECT (row->how_row), "pl-person", row);
  g_object_set_data (G_OBJECT (row->on_row), "pl-person", row);
  g_object_set_data (G_OBJECT (remove), "pl-person", row);
  g_signal_connect_object (row->name_row, "changed", G_CALLBACK (person_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row->how_row, "changed", G_CALLBACK (person_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row->on_row, "changed", G_CALLBACK (person_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row->link_row, "notify::selected", G_CALLBACK (person_link_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_person_cb),
                           self, G_CONNECT_SWAPPED);

  adw_preferences_group_add (role == PL_REVIEW_ROLE_DECISION_MAKER
                             ? self->deciders_group : self->affected_group,
                             GTK_WIDGET (row->expander));
  g_ptr_array_add (self->person_rows, row);
  update_person_row (self, row);
  update_people_empty (self);

  return row;
}

static void
communication_changed_cb (PlReviewWizard *self)
{
  if (self->updating > 0)
    return;

  pl_review_set_communication (self->review, editable_text (self->communication_row));
  after_edit (self, STEP_PEOPLE);
}

static void
communicated_on_changed_cb (PlReviewWizard *self)
{
  g_autofree char *text = NULL;

  if (self->updating > 0)
    return;

  text = g_strstrip (g_strdup (editable_text (self->communicated_on_row)));
  pl_review_set_communicated_on (self->review, text);
  after_edit (self, STEP_PEOPLE);
}

static gboolean
validate_people (PlReviewWizard  *self,
                 gboolean         show,
                 GtkWidget      **first_invalid)
{
  g_autoptr(PlReview) communication_check = scratch_new ();
  g_autofree char *communication_error = NULL;
  gboolean valid = TRUE;

  for (guint i = 0; i < self->person_rows->len; i++)
    {
      PersonRow *row = g_ptr_array_index (self->person_rows, i);
      g_autoptr(PlReview) scratch = NULL;
      g_autofree char *error = NULL;
      gboolean bad_name = FALSE, bad_day = FALSE;

      if (!person_row_is_empty (row))
        {
          scratch = scratch_new ();
          add_person_from_row (scratch, row, self->links);
          error = scratch_check (scratch);
          bad_name = error != NULL && is_blank (editable_text (row->name_row));
          bad_day = error != NULL && !bad_name;
        }

      if (show)
        {
          show_label (row->error_label, error);
          gtk_widget_set_visible (row->error_row, error != NULL);
          set_error_class (row->name_row, bad_name);
          set_error_class (row->on_row, bad_day);
          if (error != NULL)
            adw_expander_row_set_expanded (row->expander, TRUE);
        }

      if (bad_name)
        set_first (first_invalid, row->name_row);
      if (bad_day)
        set_first (first_invalid, row->on_row);
      valid = valid && error == NULL;
    }

  pl_review_set_communicated_on (communication_check, pl_review_get_communicated_on (self->review));
  communication_error = scratch_check (communication_check);
  if (show)
    {
      show_label (self->communication_error_label, communication_error);
      set_error_class (self->communicated_on_row, communication_error != NULL);
    }
  if (communication_error != NULL)
    set_first (first_invalid, self->communicated_on_row);

  return valid && communication_error == NULL;
}

/* Step 4: features of service and KPIs */

static KpiRow *
find_kpi_row (PlReviewWizard *self,
              gpointer        widget)
{
  KpiRow *row = g_object_get_data (G_OBJECT (widget), "pl-kpi");

  for (guint i = 0; row != NULL && i < self->kpi_rows->len; i++)
    if (g_ptr_array_index (self->kpi_rows, i) == row)
      return row;

  return NULL;
}

/* In place, so that the KPIs already in the plan keep their order. */
static void
sync_kpi (PlReviewWizard *self,
          KpiRow         *row)
{
  GPtrArray *kpis = pl_review_get_kpis (self->review);
  gboolean chosen = gtk_check_button_get_active (row->check);
  PlReviewKpi *found = NULL;
  guint index = 0;

  for (guint i = 0; i < kpis->len && found == NULL; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (kpis, i);

      if (kpi->kpi_id == row->kpi_id)
        {
          found = kpi;
          index = i;
        }
    }

  if (chosen && found == NULL)
    {
      g_autofree char *feature = dup_text_or_null (editable_text (row->feature_row));

      found = pl_review_add_kpi (self->review, row->kpi_id, feature);
      found->code = g_strdup (row->code);
      found->name = g_strdup (row->name);
    }
  else if (!chosen && found != NULL)
    g_ptr_array_remove_index (kpis, index);
  else if (chosen)
    {
      g_free (found->feature);
      found->feature = dup_text_or_null (editable_text (row->feature_row));
    }
}

static void
update_kpi_row (KpiRow *row)
{
  gboolean chosen = gtk_check_button_get_active (row->check);
  const char *feature = editable_text (row->feature_row);

  gtk_widget_set_visible (row->hint_row, chosen && is_blank (feature));

  /* Closed, a chosen KPI says what it measures. */
  if (chosen && !is_blank (feature))
    {
      g_autofree char *stripped = dup_text_or_null (feature);
      g_autofree char *text = NULL;

      /* Translators: %s is a feature of service, such as "Speed of response" */
      text = g_strdup_printf (_("Measures: %s"), stripped);
      adw_expander_row_set_subtitle (row->expander, text);
    }
  else
    adw_expander_row_set_subtitle (row->expander, row->description);
}

static void
kpi_toggled_cb (PlReviewWizard *self,
                GtkCheckButton *check)
{
  KpiRow *row;

  if (self->updating > 0 || (row = find_kpi_row (self, check)) == NULL)
    return;

  sync_kpi (self, row);
  update_kpi_row (row);
  if (gtk_check_button_get_active (check) && is_blank (editable_text (row->feature_row)))
    adw_expander_row_set_expanded (row->expander, TRUE);
  after_edit (self, STEP_KPIS);
}

static void
kpi_feature_changed_cb (PlReviewWizard *self,
                        AdwEntryRow    *feature_row)
{
  KpiRow *row;

  if (self->updating > 0 || (row = find_kpi_row (self, feature_row)) == NULL)
    return;

  /* Saying what a KPI measures is choosing it. */
  if (!gtk_check_button_get_active (row->check) && !is_blank (editable_text (feature_row)))
    {
      self->updating++;
      gtk_check_button_set_active (row->check, TRUE);
      self->updating--;
    }

  sync_kpi (self, row);
  update_kpi_row (row);
  after_edit (self, STEP_KPIS);
}

static KpiRow *
add_kpi_row (PlReviewWizard    *self,
             PlKpi             *kpi,
             const PlReviewKpi *chosen)
{
  KpiRow *row = g_new0 (KpiRow, 1);
  GtkWidget *hint;
  const char *definition = pl_kpi_get_definition (kpi);
  g_autofree char *widget_name = NULL;
  g_autofree char *accessible = NULL;

  row->kpi_id = pl_kpi_get_id (kpi);
  row->code = g_strdup (pl_kpi_get_code (kpi));
  row->name = g_strdup (pl_kpi_get_name (kpi));

  row->expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->expander), row->name);
  if (pl_kpi_get_archived (kpi))
    row->description = g_strdup (_("Archived: no longer reported"));
  else
    row->description = g_strdup (definition != NULL ? definition : "");
  widget_name = g_strdup_printf ("kpi-%s", row->code);
  gtk_widget_set_name (GTK_WIDGET (row->expander), widget_name);

  row->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->check), GTK_ALIGN_CENTER);
  /* Translators: %s is a KPI's name */
  accessible = g_strdup_printf (_("Use %s in this review"), row->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_free (widget_name);
  widget_name = g_strdup_printf ("kpi-%s-check", row->code);
  gtk_widget_set_name (GTK_WIDGET (row->check), widget_name);
  adw_expander_row_add_prefix (row->expander, GTK_WIDGET (row->check));

  row->feature_row = new_entry_row (_("Feature of service it measures"));
  g_free (widget_name);
  widget_name = g_strdup_printf ("kpi-%s-feature", row->code);
  gtk_widget_set_name (GTK_WIDGET (row->feature_row), widget_name);

  row->hint_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->hint_row), FALSE);
  hint = gtk_label_new (_("Say which feature of service this KPI measures, for example speed of "
                          "response, accuracy or helpfulness."));
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_set_margin_top (hint, 8);
  gtk_widget_set_margin_bottom (hint, 8);
  gtk_widget_set_margin_start (hint, 12);
  gtk_widget_set_margin_end (hint, 12);
  gtk_widget_add_css_class (hint, "warning");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->hint_row), hint);

  self->updating++;
  gtk_check_button_set_active (row->check, chosen != NULL);
  gtk_editable_set_text (GTK_EDITABLE (row->feature_row),
                         chosen != NULL && chosen->feature != NULL ? chosen->feature : "");
  self->updating--;

  adw_expander_row_add_row (row->expander, GTK_WIDGET (row->feature_row));
  adw_expander_row_add_row (row->expander, row->hint_row);

  g_object_set_data (G_OBJECT (row->check), "pl-kpi", row);
  g_object_set_data (G_OBJECT (row->feature_row), "pl-kpi", row);
  g_signal_connect_object (row->check, "toggled", G_CALLBACK (kpi_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row->feature_row, "changed", G_CALLBACK (kpi_feature_changed_cb),
                           self, G_CONNECT_SWAPPED);

  adw_preferences_group_add (self->kpis_group, GTK_WIDGET (row->expander));
  g_ptr_array_add (self->kpi_rows, row);
  update_kpi_row (row);
  gtk_widget_set_visible (self->kpis_empty_row, FALSE);

  return row;
}

static void
load_kpis (PlReviewWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) kpis = pl_kpi_list (self->workspace, TRUE, &error);
  GPtrArray *chosen = pl_review_get_kpis (self->review);

  if (kpis == NULL)
    {
      g_warning ("The KPIs could not be listed: %s", error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (kpis); i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (kpis, i);
      const PlReviewKpi *in_plan = NULL;

      for (guint j = 0; j < chosen->len; j++)
        {
          PlReviewKpi *review_kpi = g_ptr_array_index (chosen, j);

          if (review_kpi->kpi_id == pl_kpi_get_id (kpi))
            in_plan = review_kpi;
        }

      /* An archived KPI shows only where the plan still uses it. */
      if (pl_kpi_get_archived (kpi) && in_plan == NULL)
        continue;

      add_kpi_row (self, kpi, in_plan);
    }

  gtk_widget_set_visible (self->kpis_empty_row, self->kpi_rows->len == 0);
}

static void
kpi_saved_cb (PlReviewWizard *self,
              PlKpi          *kpi)
{
  KpiRow *row = add_kpi_row (self, kpi, NULL);

  gtk_check_button_set_active (row->check, TRUE);
  adw_expander_row_set_expanded (row->expander, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (row->feature_row));
}

/* Step 5: methods */

static MethodRow *
find_method_row (PlReviewWizard *self,
                 gpointer        widget)
{
  gpointer data = g_object_get_data (G_OBJECT (widget), "pl-method");
  guint method = GPOINTER_TO_UINT (data);

  if (data == NULL || method == 0 || method > PL_REVIEW_N_METHODS)
    return NULL;

  return &self->method_rows[method - 1];
}

static void
sync_method (PlReviewWizard *self,
             MethodRow      *row)
{
  GPtrArray *methods = pl_review_get_methods (self->review);
  PlReviewMethodChoice *choice = pl_review_find_method (self->review, row->method);
  gboolean chosen = gtk_check_button_get_active (row->check);
  g_autofree char *justification = text_view_dup_text (row->justification_view);
  g_autofree char *stripped = dup_text_or_null (justification);
  g_autofree char *details = dup_text_or_null (editable_text (row->details_row));

  if (chosen && choice == NULL)
    pl_review_add_method (self->review, row->method, stripped, details);
  else if (!chosen && choice != NULL)
    g_ptr_array_remove (methods, choice);
  else if (chosen)
    {
      g_free (choice->justification);
      choice->justification = g_strdup (stripped != NULL ? stripped : "");
      g_free (choice->details);
      choice->details = g_steal_pointer (&details);
    }
}

static void
update_kinds (PlReviewWizard *self)
{
  GPtrArray *methods = pl_review_get_methods (self->review);
  gboolean numbers = FALSE, words = FALSE;
  gboolean warn = FALSE;

  for (guint i = 0; i < methods->len; i++)
    {
      PlReviewMethodChoice *choice = g_ptr_array_index (methods, i);
      PlReviewDataKind kind = pl_review_method_get_info (choice->method)->data_kind;

      numbers = numbers || kind != PL_REVIEW_DATA_QUALITATIVE;
      words = words || kind != PL_REVIEW_DATA_QUANTITATIVE;
    }

  if (methods->len == 0)
    gtk_label_set_text (self->kinds_label,
                        _("Choose methods that give numbers (quantitative data) and customers’ "
                          "reasons in their own words (qualitative data): a sound review has "
                          "both."));
  else if (numbers && words)
    gtk_label_set_text (self->kinds_label,
                        _("The methods chosen give both numbers and customers’ reasons in their "
                          "own words."));
  else if (numbers)
    {
      warn = TRUE;
      gtk_label_set_text (self->kinds_label,
                          _("The methods chosen give numbers only. Add one that gives "
                            "customers’ reasons in their own words, such as a focus group or "
                            "survey comments: a score alone does not say why."));
    }
  else
    {
      warn = TRUE;
      gtk_label_set_text (self->kinds_label,
                          _("The methods chosen give words only. Add one that gives numbers "
                            "you can compare over time, such as a survey or KPI figures."));
    }

  gtk_image_set_from_icon_name (self->kinds_icon,
                                warn ? "dialog-warning-symbolic" : "dialog-information-symbolic");
  if (warn)
    gtk_widget_add_css_class (self->kinds_box, "warning");
  else
    gtk_widget_remove_css_class (self->kinds_box, "warning");
}

static void
method_toggled_cb (PlReviewWizard *self,
                   GtkCheckButton *check)
{
  MethodRow *row;

  if (self->updating > 0 || (row = find_method_row (self, check)) == NULL)
    return;

  sync_method (self, row);
  update_kinds (self);

  /* Choosing a method asks for its justification. */
  if (gtk_check_button_get_active (check))
    {
      g_autofree char *justification = text_view_dup_text (row->justification_view);

      if (is_blank (justification))
        adw_expander_row_set_expanded (row->expander, TRUE);
    }
  else
    {
      show_label (row->error_label, NULL);
      set_error_class (row->justification_frame, FALSE);
    }

  after_edit (self, STEP_METHODS);
}

static void
method_text_changed_cb (PlReviewWizard *self,
                        GObject        *source)
{
  MethodRow *row;

  if (self->updating > 0 || (row = find_method_row (self, source)) == NULL)
    return;

  /* Justifying a method is choosing it. */
  if (!gtk_check_button_get_active (row->check))
    {
      g_autofree char *justification = text_view_dup_text (row->justification_view);

      if (!is_blank (justification))
        {
          self->updating++;
          gtk_check_button_set_active (row->check, TRUE);
          self->updating--;
          update_kinds (self);
        }
    }

  sync_method (self, row);
  after_edit (self, STEP_METHODS);
}

static GtkWidget *
new_explanation (const char *heading,
                 const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *body = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_selectable (GTK_LABEL (body), FALSE);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), body);
  return box;
}

static void
build_method_rows (PlReviewWizard *self)
{
  for (guint m = 0; m < PL_REVIEW_N_METHODS; m++)
    {
      const PlReviewMethodInfo *info = pl_review_method_get_info (m);
      MethodRow *row = &self->method_rows[m];
      GtkWidget *content_row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      GtkWidget *description = gtk_label_new (info->description);
      GtkWidget *justification_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *justification_label = gtk_label_new (_("Why it suits this review"));
      GtkWidget *error_label = gtk_label_new (NULL);
      g_autofree char *widget_name = NULL;
      g_autofree char *kind = NULL;
      g_autofree char *accessible = NULL;

      row->method = m;
      row->expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->expander), info->name);
      /* Translators: %s is "Quantitative", "Qualitative" or "Quantitative and qualitative" */
      kind = g_strdup_printf (_("%s data"), pl_review_data_kind_to_label (info->data_kind));
      adw_expander_row_set_subtitle (row->expander, kind);
      widget_name = g_strdup_printf ("method-%s", info->id);
      gtk_widget_set_name (GTK_WIDGET (row->expander), widget_name);

      row->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
      gtk_widget_set_valign (GTK_WIDGET (row->check), GTK_ALIGN_CENTER);
      /* Translators: %s is a data collection method, such as "Mystery shopping" */
      accessible = g_strdup_printf (_("Use %s in this review"), info->name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_free (widget_name);
      widget_name = g_strdup_printf ("method-%s-check", info->id);
      gtk_widget_set_name (GTK_WIDGET (row->check), widget_name);
      adw_expander_row_add_prefix (row->expander, GTK_WIDGET (row->check));

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (content_row), FALSE);
      gtk_widget_set_margin_top (box, 12);
      gtk_widget_set_margin_bottom (box, 12);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_label_set_xalign (GTK_LABEL (description), 0);
      gtk_label_set_wrap (GTK_LABEL (description), TRUE);
      gtk_box_append (GTK_BOX (box), description);
      gtk_box_append (GTK_BOX (box), new_explanation (_("Advantages"), info->advantages));
      gtk_box_append (GTK_BOX (box), new_explanation (_("Limitations"), info->limitations));
      gtk_box_append (GTK_BOX (box), new_explanation (_("Validity"), info->validity));
      gtk_box_append (GTK_BOX (box), new_explanation (_("Reliability"), info->reliability));
      gtk_box_append (GTK_BOX (box), new_explanation (_("Disruption"), info->disruption));

      gtk_label_set_xalign (GTK_LABEL (justification_label), 0);
      gtk_widget_add_css_class (justification_label, "heading");
      gtk_box_append (GTK_BOX (justification_box), justification_label);

      row->justification_view = GTK_TEXT_VIEW (gtk_text_view_new ());
      gtk_text_view_set_wrap_mode (row->justification_view, GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (row->justification_view, FALSE);
      gtk_text_view_set_top_margin (row->justification_view, 8);
      gtk_text_view_set_bottom_margin (row->justification_view, 8);
      gtk_text_view_set_left_margin (row->justification_view, 10);
      gtk_text_view_set_right_margin (row->justification_view, 10);
      gtk_widget_set_size_request (GTK_WIDGET (row->justification_view), -1, 64);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row->justification_view),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, justification_label, NULL,
                                      -1);
      g_free (widget_name);
      widget_name = g_strdup_printf ("method-%s-justification", info->id);
      gtk_widget_set_name (GTK_WIDGET (row->justification_view), widget_name);
      row->justification_frame = gtk_frame_new (NULL);
      gtk_frame_set_child (GTK_FRAME (row->justification_frame), GTK_WIDGET (row->justification_view));
      gtk_box_append (GTK_BOX (justification_box), row->justification_frame);

      gtk_label_set_xalign (GTK_LABEL (error_label), 0);
      gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
      gtk_widget_add_css_class (error_label, "error");
      gtk_widget_set_visible (error_label, FALSE);
      row->error_label = GTK_LABEL (error_label);
      gtk_box_append (GTK_BOX (justification_box), error_label);
      gtk_box_append (GTK_BOX (box), justification_box);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (content_row), box);

      row->details_row = new_entry_row (_("How, when and by whom (optional)"));
      g_free (widget_name);
      widget_name = g_strdup_printf ("method-%s-details", info->id);
      gtk_widget_set_name (GTK_WIDGET (row->details_row), widget_name);

      adw_expander_row_add_row (row->expander, content_row);
      adw_expander_row_add_row (row->expander, GTK_WIDGET (row->details_row));
      adw_preferences_group_add (self->methods_group, GTK_WIDGET (row->expander));

      g_object_set_data (G_OBJECT (row->check), "pl-method", GUINT_TO_POINTER (m + 1));
      g_object_set_data (G_OBJECT (gtk_text_view_get_buffer (row->justification_view)),
                         "pl-method", GUINT_TO_POINTER (m + 1));
      g_object_set_data (G_OBJECT (row->details_row), "pl-method", GUINT_TO_POINTER (m + 1));
      g_signal_connect_object (row->check, "toggled", G_CALLBACK (method_toggled_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (gtk_text_view_get_buffer (row->justification_view), "changed",
                               G_CALLBACK (method_text_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row->details_row, "changed", G_CALLBACK (method_text_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
}

static gboolean
validate_methods (PlReviewWizard  *self,
                  gboolean         show,
                  GtkWidget      **first_invalid)
{
  gboolean valid = TRUE;

  for (guint m = 0; m < PL_REVIEW_N_METHODS; m++)
    {
      MethodRow *row = &self->method_rows[m];
      PlReviewMethodChoice *choice = pl_review_find_method (self->review, m);
      g_autofree char *error = NULL;

      if (choice != NULL)
        {
          g_autoptr(PlReview) scratch = scratch_new ();

          pl_review_add_method (scratch, m, choice->justification, choice->details);
          error = scratch_check (scratch);
        }

      if (show)
        {
          show_label (row->error_label, error);
          set_error_class (row->justification_frame, error != NULL);
          if (error != NULL)
            adw_expander_row_set_expanded (row->expander, TRUE);
        }

      if (error != NULL)
        {
          set_first (first_invalid, row->justification_view);
          valid = FALSE;
        }
    }

  return valid;
}

/* Step 6: information and samples */

static void
information_changed_cb (PlReviewWizard *self)
{
  g_autofree char *text = NULL;

  if (self->updating > 0)
    return;

  text = text_view_dup_text (self->information_view);
  pl_review_set_information (self->review, text);
  after_edit (self, STEP_INFORMATION);
}

static gboolean
sample_attached (PlReviewWizard *self,
                 PlSample       *sample)
{
  gint64 id = pl_sample_get_id (sample);
  gpointer change;

  if (g_hash_table_lookup_extended (self->sample_changes, &id, NULL, &change))
    return GPOINTER_TO_INT (change);

  return pl_review_get_id (self->review) > 0 &&
         pl_sample_get_review_id (sample) == pl_review_get_id (self->review);
}

static const char *
sample_method_label (PlSampleMethod method)
{
  switch (method)
    {
    case PL_SAMPLE_SYSTEMATIC:
      return _("Systematic sample");
    case PL_SAMPLE_STRATIFIED:
      return _("Stratified sample");
    case PL_SAMPLE_SIMPLE:
    default:
      return _("Simple random sample");
    }
}

static char *
describe_sample (PlSample *sample)
{
  g_autofree char *size = format_count (pl_sample_get_size (sample));
  g_autofree char *population = format_count (pl_sample_get_population (sample));
  g_autofree char *day = format_day (pl_sample_get_drawn_at (sample));

  /* Translators: "Simple random sample of 80 from 8,451, drawn on 3 Sep 2026" */
  return g_strdup_printf (_("%s of %s from %s, drawn on %s"),
                          sample_method_label (pl_sample_get_method (sample)),
                          size, population, day);
}

static void
rebuild_samples (PlReviewWizard *self)
{
  guint n_attached = 0, n_free = 0;
  guint n_samples;

  for (guint i = 0; i < self->sample_widgets->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->sample_widgets, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->sample_widgets, 0);

  n_samples = self->samples != NULL ? g_list_model_get_n_items (self->samples) : 0;
  for (guint i = 0; i < n_samples; i++)
    {
      g_autoptr(PlSample) sample = g_list_model_get_item (self->samples, i);
      gboolean attached = sample_attached (self, sample);
      gint64 stored = pl_sample_get_review_id (sample);
      gint64 own = pl_review_get_id (self->review);
      g_autofree char *subtitle = describe_sample (sample);
      g_autofree char *widget_name = NULL;
      GtkWidget *row;
      GtkWidget *button;

      /* Samples serving another review stay with it. */
      if (!attached && stored != 0 && stored != own)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_sample_get_frame_name (sample));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      button = gtk_button_new_with_mnemonic (attached ? _("_Detach") : _("_Attach"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                      attached ? "wizard.detach-sample" : "wizard.attach-sample");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_int64 (pl_sample_get_id (sample)));
      widget_name = g_strdup_printf ("sample-%" G_GINT64_FORMAT, pl_sample_get_id (sample));
      gtk_widget_set_name (row, widget_name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (attached ? self->samples_group : self->free_samples_group, row);
      g_ptr_array_add (self->sample_widgets, row);
      if (attached)
        n_attached++;
      else
        n_free++;
    }

  gtk_widget_set_visible (self->samples_empty_row, n_attached == 0);
  gtk_widget_set_visible (self->free_samples_empty_row, n_free == 0);
  if (n_samples == 0)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->free_samples_empty_row),
                                   _("No sample has been drawn in this workspace yet."));
    }
}

static void
load_samples (PlReviewWizard *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->samples);
  self->samples = pl_sample_list (self->workspace, 0, &error);
  if (self->samples == NULL)
    g_warning ("The samples could not be listed: %s", error->message);

  rebuild_samples (self);
}

static void
change_sample (PlReviewWizard *self,
               gint64          sample_id,
               gboolean        attach)
{
  gint64 own = pl_review_get_id (self->review);
  guint n_samples = self->samples != NULL ? g_list_model_get_n_items (self->samples) : 0;

  for (guint i = 0; i < n_samples; i++)
    {
      g_autoptr(PlSample) sample = g_list_model_get_item (self->samples, i);
      gboolean stored_attached;

      if (pl_sample_get_id (sample) != sample_id)
        continue;

      /* Only a change from what is stored is kept. */
      stored_attached = own > 0 && pl_sample_get_review_id (sample) == own;
      if (attach == stored_attached)
        g_hash_table_remove (self->sample_changes, &sample_id);
      else
        g_hash_table_insert (self->sample_changes, g_memdup2 (&sample_id, sizeof sample_id),
                             GINT_TO_POINTER (attach));
      break;
    }

  rebuild_samples (self);
  update_state (self);
}

static void
attach_sample_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  change_sample (PL_REVIEW_WIZARD (widget), g_variant_get_int64 (param), TRUE);
}

static void
detach_sample_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  change_sample (PL_REVIEW_WIZARD (widget), g_variant_get_int64 (param), FALSE);
}

/* Writes the sample changes once the review has its id. */
static gboolean
apply_sample_changes (PlReviewWizard  *self,
                      GError         **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->sample_changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 sample_id = *(gint64 *) key;

      if (!pl_sample_assign_review (self->workspace, sample_id,
                                    GPOINTER_TO_INT (value) ? pl_review_get_id (self->review) : 0,
                                    error))
        return FALSE;
      g_hash_table_iter_remove (&iter);
    }

  return TRUE;
}

/* Step 7: summary */

static void
clear_summary (PlReviewWizard *self)
{
  for (guint i = 0; i < self->summary_widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (self->summary_widgets, i);
      GtkWidget *parent = gtk_widget_get_parent (widget);

      if (parent == GTK_WIDGET (self->summary_box))
        gtk_box_remove (self->summary_box, widget);
      else
        adw_preferences_group_remove (self->warnings_group, widget);
    }
  g_ptr_array_set_size (self->summary_widgets, 0);
}

static GtkWidget *
new_line_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  return row;
}

static GtkWidget *
add_summary_group (PlReviewWizard *self,
                   const char     *heading,
                   Step            step)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *edit = gtk_button_new_with_label (_("Change"));
  g_autofree char *tooltip = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), heading);
  gtk_widget_set_valign (edit, GTK_ALIGN_END);
  gtk_widget_add_css_class (edit, "flat");
  /* Translators: %s is a step of the wizard, such as "Objectives" */
  tooltip = g_strdup_printf (_("Go back to “%s”"), step_title (step));
  gtk_widget_set_tooltip_text (edit, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "wizard.goto");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (edit), g_variant_new_uint32 (step));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), edit);

  gtk_box_append (self->summary_box, group);
  g_ptr_array_add (self->summary_widgets, group);
  return group;
}

static void
rebuild_summary (PlReviewWizard *self)
{
  /* The step each of pl_review_dup_summary_sections()' headings comes from:
   * review, scope, objectives, people, KPIs, methods, information,
   * communication. */
  static const Step section_steps[] = {
    STEP_SCOPE, STEP_SCOPE, STEP_OBJECTIVES, STEP_PEOPLE, STEP_KPIS, STEP_METHODS,
    STEP_INFORMATION, STEP_PEOPLE,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sections = NULL;
  g_auto(GStrv) warnings = NULL;
  GtkWidget *group;
  guint n_samples, n_attached = 0;

  clear_summary (self);

  /* A plan not yet saved names its channels and KPIs from the workspace. */
  if (!pl_review_resolve_names (self->review, self->workspace, &error))
    {
      gtk_label_set_text (self->save_error_label, error->message);
      gtk_widget_set_visible (self->save_error_box, TRUE);
    }

  warnings = pl_review_dup_warnings (self->review, NULL);
  for (guint i = 0; warnings[i] != NULL; i++)
    {
      GtkWidget *row = new_line_row (warnings[i]);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "warning");
      adw_preferences_group_add (self->warnings_group, row);
      g_ptr_array_add (self->summary_widgets, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), warnings[0] != NULL);

  sections = pl_review_dup_summary_sections (self->review);
  for (guint i = 0; i < sections->len; i++)
    {
      PlReviewSummarySection *section = g_ptr_array_index (sections, i);

      group = add_summary_group (self, section->heading,
                                 i < G_N_ELEMENTS (section_steps) ? section_steps[i] : STEP_SCOPE);
      for (guint j = 0; section->lines[j] != NULL; j++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_line_row (section->lines[j]));
    }

  group = add_summary_group (self, _("Samples"), STEP_INFORMATION);
  n_samples = self->samples != NULL ? g_list_model_get_n_items (self->samples) : 0;
  for (guint i = 0; i < n_samples; i++)
    {
      g_autoptr(PlSample) sample = g_list_model_get_item (self->samples, i);
      g_autofree char *line = NULL;
      g_autofree char *description = NULL;

      if (!sample_attached (self, sample))
        continue;

      description = describe_sample (sample);
      /* Translators: a sampling frame's name, then how the sample was drawn */
      line = g_strdup_printf (_("%s: %s"), pl_sample_get_frame_name (sample), description);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_line_row (line));
      n_attached++;
    }
  if (n_attached == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               new_line_row (_("None attached yet. Samples are drawn on the "
                                               "Sampling page.")));
}

/* Steps */

static gboolean
validate_step (PlReviewWizard  *self,
               Step             step,
               gboolean         show,
               GtkWidget      **first_invalid)
{
  switch (step)
    {
    case STEP_SCOPE:
      return validate_scope (self, show, first_invalid);
    case STEP_OBJECTIVES:
      return validate_objectives (self, show, first_invalid);
    case STEP_PEOPLE:
      return validate_people (self, show, first_invalid);
    case STEP_METHODS:
      return validate_methods (self, show, first_invalid);
    case STEP_KPIS:
      /* KPIs without a feature are a warning: the summary lists them. */
    case STEP_INFORMATION:
    case STEP_SUMMARY:
    case N_STEPS:
    default:
      return TRUE;
    }
}

/* Brings the first field in error into view once the rows that hold it
 * have opened: their revealers move everything below them. */
static gboolean
scroll_to_invalid_cb (gpointer user_data)
{
  PlReviewWizard *self = user_data;
  GtkWidget *target = self->scroll_target;
  GtkWidget *scrolled;
  GtkWidget *viewport;
  graphene_rect_t bounds;

  self->scroll_id = 0;
  g_clear_weak_pointer (&self->scroll_target);

  if (target == NULL || !gtk_widget_get_mapped (target) ||
      (scrolled = gtk_widget_get_ancestor (target, GTK_TYPE_SCROLLED_WINDOW)) == NULL)
    return G_SOURCE_REMOVE;

  viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (GTK_IS_VIEWPORT (viewport) && gtk_viewport_get_child (GTK_VIEWPORT (viewport)) != NULL &&
      gtk_widget_compute_bounds (target, gtk_viewport_get_child (GTK_VIEWPORT (viewport)), &bounds))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      double top = gtk_adjustment_get_value (adjustment);
      double page = gtk_adjustment_get_page_size (adjustment);

      if (bounds.origin.y < top || bounds.origin.y + bounds.size.height > top + page)
        gtk_adjustment_set_value (adjustment, bounds.origin.y - 48);
    }

  gtk_widget_grab_focus (target);
  return G_SOURCE_REMOVE;
}

/* Shows the step's errors and puts the cursor on the first. */
static gboolean
check_step (PlReviewWizard *self,
            Step            step)
{
  GtkWidget *first_invalid = NULL;

  if (validate_step (self, step, TRUE, &first_invalid))
    {
      self->errors_shown[step] = FALSE;
      return TRUE;
    }

  self->errors_shown[step] = TRUE;
  if (first_invalid != NULL)
    {
      gtk_widget_grab_focus (first_invalid);
      g_set_weak_pointer (&self->scroll_target, first_invalid);
      g_clear_handle_id (&self->scroll_id, g_source_remove);
      self->scroll_id = g_timeout_add (300, scroll_to_invalid_cb, self);
    }
  return FALSE;
}

static void
update_kpi_hints (PlReviewWizard *self)
{
  for (guint i = 0; i < self->kpi_rows->len; i++)
    update_kpi_row (g_ptr_array_index (self->kpi_rows, i));
}

static void
update_state (PlReviewWizard *self)
{
  gboolean on_summary = self->step == STEP_SUMMARY;
  g_autofree char *subtitle = NULL;
  g_autofree char *number = NULL;
  g_autofree char *total = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", !on_summary);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->step > 0);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->step > 0);
  if (on_summary)
    {
      gtk_button_set_label (self->next_button, _("_Save Plan"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "wizard.save");
    }
  else
    {
      gtk_button_set_label (self->next_button, _("_Next"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "wizard.next");
    }

  number = g_strdup_printf ("%d", (int) self->step + 1);
  total = g_strdup_printf ("%d", (int) N_STEPS);
  if (self->folded)
    {
      g_autofree char *title = NULL;

      /* Narrow, where the step counts more than the window's name. */
      /* Translators: "Step 2 of 7" */
      title = g_strdup_printf (_("Step %s of %s"), number, total);
      adw_window_title_set_title (self->window_title, title);
      adw_window_title_set_subtitle (self->window_title, step_title (self->step));
      gtk_button_set_icon_name (self->back_button, "go-previous-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->back_button), _("Back"));
    }
  else
    {
      adw_window_title_set_title (self->window_title, self->editing ? _("Edit Review Plan")
                                                                     : _("Plan a Review"));
      /* Translators: "Step 2 of 7 · Objectives" */
      subtitle = g_strdup_printf (_("Step %s of %s · %s"), number, total, step_title (self->step));
      adw_window_title_set_subtitle (self->window_title, subtitle);
      gtk_button_set_label (self->back_button, _("_Back"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->back_button), NULL);
    }

  for (guint i = 0; i < N_STEPS; i++)
    gtk_widget_set_sensitive (self->step_rows[i], self->editing || i <= self->max_visited);
  gtk_list_box_select_row (self->steps_list, GTK_LIST_BOX_ROW (self->step_rows[self->step]));
}

static void
focus_step (PlReviewWizard *self)
{
  switch (self->step)
    {
    case STEP_SCOPE:
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      break;
    case STEP_OBJECTIVES:
      if (self->objective_rows->len > 0)
        gtk_widget_grab_focus (GTK_WIDGET (((ObjectiveRow *) g_ptr_array_index (self->objective_rows, 0))->row));
      break;
    case STEP_INFORMATION:
      gtk_widget_grab_focus (GTK_WIDGET (self->information_view));
      break;
    case STEP_SUMMARY:
      gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
      break;
    case STEP_PEOPLE:
    case STEP_KPIS:
    case STEP_METHODS:
    case N_STEPS:
    default:
      break;
    }
}

static void
go_to_step (PlReviewWizard *self,
            Step            step)
{
  g_assert (step < N_STEPS);

  self->step = step;
  self->max_visited = MAX (self->max_visited, step);
  gtk_widget_set_visible (self->save_error_box, FALSE);

  if (step == STEP_KPIS)
    update_kpi_hints (self);
  else if (step == STEP_METHODS)
    update_kinds (self);
  else if (step == STEP_SUMMARY)
    rebuild_summary (self);

  gtk_stack_set_visible_child_name (self->stack, step_pages[step]);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  update_state (self);
  focus_step (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (widget);

  if (self->step >= STEP_SUMMARY || !check_step (self, self->step))
    return;

  go_to_step (self, self->step + 1);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (widget);

  if (self->step == 0)
    return;

  go_to_step (self, self->step - 1);
}

/* Any step already seen, or any step at all when editing. Going forward
 * asks the current step to be right first, as Next does. */
static void
goto_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (widget);
  guint step = g_variant_get_uint32 (param);

  if (step >= N_STEPS || step == self->step)
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "content");
      return;
    }

  if (!self->editing && step > self->max_visited)
    {
      update_state (self);
      return;
    }

  if (step > self->step && !check_step (self, self->step))
    {
      update_state (self);
      adw_leaflet_set_visible_child_name (self->leaflet, "content");
      return;
    }

  go_to_step (self, step);
}

static void
show_steps_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "steps");
}

static gboolean
update_steps_button_cb (gpointer user_data)
{
  PlReviewWizard *self = user_data;

  self->fold_idle_id = 0;
  self->folded = adw_leaflet_get_folded (self->leaflet);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_button), self->folded);
  update_state (self);
  return G_SOURCE_REMOVE;
}

/* The leaflet folds while it is being allocated, after the header bar:
 * the button that shows the steps changes once that is over. */
static void
folded_cb (PlReviewWizard *self)
{
  if (self->fold_idle_id == 0)
    self->fold_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, update_steps_button_cb, self, NULL);
}

static void
add_objective_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (widget);
  ObjectiveRow *row = add_objective_row (self, NULL, NULL);

  gtk_widget_grab_focus (GTK_WIDGET (row->row));
}

static void
add_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (widget);
  const char *role = g_variant_get_string (param, NULL);
  PersonRow *row;

  row = add_person_row (self,
                        g_strcmp0 (role, "decision_maker") == 0 ? PL_REVIEW_ROLE_DECISION_MAKER
                                                                : PL_REVIEW_ROLE_AFFECTED,
                        NULL);
  adw_expander_row_set_expanded (row->expander, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (row->name_row));
}

static void
new_kpi_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (widget);
  GtkWidget *wizard = pl_kpi_wizard_new (GTK_WINDOW (self), self->workspace, NULL);

  g_signal_connect_object (wizard, "saved", G_CALLBACK (kpi_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
show_save_error (PlReviewWizard *self,
                 const char     *message)
{
  gtk_label_set_text (self->save_error_label, message);
  gtk_widget_set_visible (self->save_error_box, TRUE);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The review plan was not saved")));
}

/* From the summary: checks every step, saves, and closes. From another
 * step (Ctrl+Enter), goes to the summary to confirm. */
static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (widget);
  g_autoptr(GError) error = NULL;

  for (Step step = 0; step < STEP_SUMMARY; step++)
    {
      if (validate_step (self, step, FALSE, NULL))
        continue;

      go_to_step (self, step);
      check_step (self, step);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Correct the plan before saving it")));
      return;
    }

  if (self->step != STEP_SUMMARY)
    {
      go_to_step (self, STEP_SUMMARY);
      return;
    }

  if (!pl_review_save (self->review, self->workspace, &error))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the reason, from the workspace */
      text = g_strdup_printf (_("The plan was not saved: %s\nEverything you entered is still "
                                "here. Correct what the message points to, or try again."),
                              error->message);
      show_save_error (self, text);
      return;
    }

  if (!apply_sample_changes (self, &error))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the reason, from the workspace */
      text = g_strdup_printf (_("The plan was saved, but a sample could not be attached: %s"),
                              error->message);
      self->editing = TRUE;
      g_clear_pointer (&self->fingerprint, g_free);
      self->fingerprint = dup_fingerprint (self);
      load_samples (self);
      show_save_error (self, text);
      return;
    }

  self->closing = TRUE;
  g_signal_emit (self, signals[SAVED], 0, self->review);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Closing */

static void
discard_response_cb (PlReviewWizard *self,
                     const char     *response)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
pl_review_wizard_close_request (GtkWindow *window)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (window);
  GtkWidget *dialog;

  if (self->closing || !pl_review_wizard_has_changes (self))
    return GTK_WINDOW_CLASS (pl_review_wizard_parent_class)->close_request (window);

  if (self->editing)
    dialog = adw_message_dialog_new (window, _("Discard Your Changes?"),
                                     _("The review plan stays as it was before you opened it."));
  else
    dialog = adw_message_dialog_new (window, _("Discard This Review Plan?"),
                                     _("Nothing you entered has been saved yet."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* Loading */

static PlReview *
copy_review (PlReview *review)
{
  PlReview *copy = pl_review_new ();
  GPtrArray *parts;

  pl_review_set_title (copy, pl_review_get_title (review));
  pl_review_set_period_start (copy, pl_review_get_period_start (review));
  pl_review_set_period_end (copy, pl_review_get_period_end (review));
  pl_review_set_scope (copy, pl_review_get_scope (review));
  pl_review_set_processes_in (copy, pl_review_get_processes_in (review));
  pl_review_set_processes_out (copy, pl_review_get_processes_out (review));
  pl_review_set_communication (copy, pl_review_get_communication (review));
  pl_review_set_communicated_on (copy, pl_review_get_communicated_on (review));
  pl_review_set_information (copy, pl_review_get_information (review));

  /* One stage at a time, as a review moves. */
  for (PlReviewStatus status = PL_REVIEW_STATUS_COLLECTING;
       status <= pl_review_get_status (review); status++)
    pl_review_set_status (copy, status, NULL);

  parts = pl_review_get_scope_items (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewScopeItem *item = g_ptr_array_index (parts, i);

      pl_review_add_scope_item (copy, item->entity, item->entity_id, item->included, item->name);
    }

  parts = pl_review_get_objectives (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewObjective *objective = g_ptr_array_index (parts, i);

      pl_review_add_objective (copy, objective->text, objective->decision);
    }

  parts = pl_review_get_people (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewPerson *person = g_ptr_array_index (parts, i);
      PlReviewPerson *added = pl_review_add_person (copy, person->role, person->name,
                                                    person->how_told, person->told_on);

      added->colleague_id = person->colleague_id;
      added->team_id = person->team_id;
    }

  parts = pl_review_get_kpis (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewKpi *kpi = g_ptr_array_index (parts, i);
      PlReviewKpi *added = pl_review_add_kpi (copy, kpi->kpi_id, kpi->feature);

      added->code = g_strdup (kpi->code);
      added->name = g_strdup (kpi->name);
    }

  parts = pl_review_get_methods (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewMethodChoice *choice = g_ptr_array_index (parts, i);

      pl_review_add_method (copy, choice->method, choice->justification, choice->details);
    }

  return copy;
}

static void
load_links (PlReviewWizard *self)
{
  g_autoptr(GListModel) teams = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_TEAM, NULL);
  g_autoptr(GListModel) colleagues = pl_workspace_list_items (self->workspace,
                                                               PL_ITEM_KIND_COLLEAGUE, NULL);

  gtk_string_list_append (self->link_names, _("None"));

  for (guint i = 0; teams != NULL && i < g_list_model_get_n_items (teams); i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (teams, i);
      Link link = { LINK_TEAM, pl_item_get_id (item), g_strdup (pl_item_get_name (item)) };
      g_autofree char *label = NULL;

      /* Translators: %s is a team's name */
      label = g_strdup_printf (_("%s (team)"), link.name);
      g_array_append_val (self->links, link);
      gtk_string_list_append (self->link_names, label);
    }

  for (guint i = 0; colleagues != NULL && i < g_list_model_get_n_items (colleagues); i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (colleagues, i);
      Link link = { LINK_COLLEAGUE, pl_item_get_id (item), g_strdup (pl_item_get_name (item)) };
      g_autofree char *label = NULL;

      if (pl_item_get_detail (item) != NULL)
        /* Translators: a colleague's name, then their team's */
        label = g_strdup_printf (_("%s, %s"), link.name, pl_item_get_detail (item));
      else
        label = g_strdup (link.name);
      g_array_append_val (self->links, link);
      gtk_string_list_append (self->link_names, label);
    }
}

/* Puts the working copy into every control. */
static void
load_widgets (PlReviewWizard *self)
{
  PlReview *review = self->review;
  GPtrArray *parts;

  self->updating++;

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), pl_review_get_title (review));
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), pl_review_get_period_start (review));
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), pl_review_get_period_end (review));
  text_view_set_text (self->scope_view, pl_review_get_scope (review));
  gtk_editable_set_text (GTK_EDITABLE (self->processes_in_row), pl_review_get_processes_in (review));
  gtk_editable_set_text (GTK_EDITABLE (self->processes_out_row), pl_review_get_processes_out (review));
  gtk_editable_set_text (GTK_EDITABLE (self->communication_row), pl_review_get_communication (review));
  gtk_editable_set_text (GTK_EDITABLE (self->communicated_on_row),
                         pl_review_get_communicated_on (review));
  text_view_set_text (self->information_view, pl_review_get_information (review));

  add_scope_rows (self, PL_ITEM_KIND_CHANNEL, PL_REVIEW_ENTITY_CHANNEL, self->channels_group);
  add_scope_rows (self, PL_ITEM_KIND_TEAM, PL_REVIEW_ENTITY_TEAM, self->teams_group);

  parts = pl_review_get_objectives (review);
  for (guint i = 0; i < parts->len; i++)
    {
      PlReviewObjective *objective = g_ptr_array_index (parts, i);

      add_objective_row (self, objective->text, objective->decision);
    }
  /* A row to type into straight away. */
  if (parts->len == 0)
    add_objective_row (self, NULL, NULL);

  load_links (self);
  parts = pl_review_get_people (review);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < parts->len; i++)
      {
        PlReviewPerson *person = g_ptr_array_index (parts, i);

        if ((pass == 0) == (person->role == PL_REVIEW_ROLE_DECISION_MAKER))
          add_person_row (self, person->role, person);
      }

  load_kpis (self);

  for (guint m = 0; m < PL_REVIEW_N_METHODS; m++)
    {
      MethodRow *row = &self->method_rows[m];
      PlReviewMethodChoice *choice = pl_review_find_method (review, m);

      gtk_check_button_set_active (row->check, choice != NULL);
      text_view_set_text (row->justification_view, choice != NULL ? choice->justification : NULL);
      gtk_editable_set_text (GTK_EDITABLE (row->details_row),
                             choice != NULL && choice->details != NULL ? choice->details : "");
    }
  update_kinds (self);

  load_samples (self);

  self->updating--;
}

static void
build_step_rows (PlReviewWizard *self)
{
  for (guint i = 0; i < N_STEPS; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *number_label;
      GtkWidget *title_label = gtk_label_new (step_title (i));
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      number_label = gtk_label_new (number);
      gtk_label_set_width_chars (GTK_LABEL (number_label), 2);
      gtk_label_set_xalign (GTK_LABEL (number_label), 1);
      gtk_widget_add_css_class (number_label, "dim-label");
      gtk_widget_add_css_class (number_label, "numeric");
      gtk_label_set_xalign (GTK_LABEL (title_label), 0);
      gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
      gtk_widget_set_hexpand (title_label, TRUE);
      gtk_box_append (GTK_BOX (box), number_label);
      gtk_box_append (GTK_BOX (box), title_label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "wizard.goto");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_uint32 (i));

      gtk_list_box_append (self->steps_list, row);
      self->step_rows[i] = row;
    }
}

/* GObject */

static void
scope_row_free (gpointer data)
{
  ScopeRow *row = data;

  g_free (row->name);
  g_free (row);
}

static void
objective_row_free (gpointer data)
{
  ObjectiveRow *row = data;

  g_free (row->decision);
  g_free (row);
}

static void
kpi_row_free (gpointer data)
{
  KpiRow *row = data;

  g_free (row->code);
  g_free (row->name);
  g_free (row->description);
  g_free (row);
}

static void
link_clear (gpointer data)
{
  Link *link = data;

  g_free (link->name);
}

static void
pl_review_wizard_constructed (GObject *object)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (object);

  G_OBJECT_CLASS (pl_review_wizard_parent_class)->constructed (object);

  g_assert (PL_IS_WORKSPACE (self->workspace));

  self->editing = self->original != NULL;
  if (self->original != NULL && pl_review_get_id (self->original) > 0)
    {
      g_autoptr(GError) error = NULL;

      /* The review as stored, with its id, so that saving updates it. */
      self->review = pl_review_load (self->workspace, pl_review_get_id (self->original), &error);
      if (self->review == NULL)
        {
          g_warning ("The review could not be read: %s", error->message);
          self->review = copy_review (self->original);
        }
    }
  else if (self->original != NULL)
    self->review = copy_review (self->original);
  else
    self->review = pl_review_new ();

  if (self->editing)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Review Plan"));
      adw_window_title_set_title (self->window_title, _("Edit Review Plan"));
    }

  load_widgets (self);
  self->fingerprint = dup_fingerprint (self);

  self->max_visited = self->editing ? N_STEPS - 1 : 0;
  go_to_step (self, MIN (self->initial_step, N_STEPS - 1));
}

static void
pl_review_wizard_dispose (GObject *object)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (object);

  /* The rows go with the template: their signals must not reach us. */
  self->updating++;
  g_clear_handle_id (&self->fold_idle_id, g_source_remove);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  g_clear_weak_pointer (&self->scroll_target);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_REVIEW_WIZARD);

  g_clear_object (&self->workspace);
  g_clear_object (&self->original);
  g_clear_object (&self->review);
  g_clear_object (&self->samples);
  g_clear_object (&self->link_names);
  g_clear_pointer (&self->scope_rows, g_ptr_array_unref);
  g_clear_pointer (&self->objective_rows, g_ptr_array_unref);
  g_clear_pointer (&self->person_rows, g_ptr_array_unref);
  g_clear_pointer (&self->kpi_rows, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_array_unref);
  g_clear_pointer (&self->sample_changes, g_hash_table_unref);
  g_clear_pointer (&self->sample_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->summary_widgets, g_ptr_array_unref);

  G_OBJECT_CLASS (pl_review_wizard_parent_class)->dispose (object);
}

static void
pl_review_wizard_finalize (GObject *object)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (object);

  g_free (self->fingerprint);

  G_OBJECT_CLASS (pl_review_wizard_parent_class)->finalize (object);
}

static void
pl_review_wizard_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_REVIEW:
      g_value_set_object (value, self->original);
      break;
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_review_wizard_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlReviewWizard *self = PL_REVIEW_WIZARD (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_REVIEW:
      self->original = g_value_dup_object (value);
      break;
    case PROP_STEP:
      self->initial_step = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_review_wizard_class_init (PlReviewWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pl_review_wizard_constructed;
  object_class->dispose = pl_review_wizard_dispose;
  object_class->finalize = pl_review_wizard_finalize;
  object_class->get_property = pl_review_wizard_get_property;
  object_class->set_property = pl_review_wizard_set_property;
  window_class->close_request = pl_review_wizard_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEW] =
    g_param_spec_object ("review", NULL, NULL,
                         PL_TYPE_REVIEW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Written: the step to open on; read: the step shown. */
  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL,
                       0, N_STEPS - 1, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlReviewWizard::saved:
   * @review: the review as stored in the workspace
   *
   * Emitted once the plan is in the workspace, just before the wizard closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PL_TYPE_REVIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-review-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, steps_button);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, steps_list);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, title_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, start_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, end_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, title_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, period_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, scope_view);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, channels_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, teams_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, scope_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, processes_in_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, processes_out_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, objectives_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, objectives_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, deciders_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, affected_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, deciders_empty_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, affected_empty_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, communication_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, communicated_on_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, communication_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, kpis_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, kpis_empty_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, methods_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, kinds_box);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, kinds_icon);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, kinds_label);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, information_view);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, samples_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, free_samples_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, samples_empty_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, free_samples_empty_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, save_error_box);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewWizard, summary_box);

  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, processes_in_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, processes_out_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, communication_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, communicated_on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_cb);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.goto", "u", goto_action);
  gtk_widget_class_install_action (widget_class, "wizard.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "wizard.show-steps", NULL, show_steps_action);
  gtk_widget_class_install_action (widget_class, "wizard.add-objective", NULL, add_objective_action);
  gtk_widget_class_install_action (widget_class, "wizard.add-person", "s", add_person_action);
  gtk_widget_class_install_action (widget_class, "wizard.new-kpi", NULL, new_kpi_action);
  gtk_widget_class_install_action (widget_class, "wizard.attach-sample", "x", attach_sample_action);
  gtk_widget_class_install_action (widget_class, "wizard.detach-sample", "x", detach_sample_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "wizard.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "wizard.save", NULL);
}

static void
pl_review_wizard_init (PlReviewWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "wizard.save");

  self->scope_rows = g_ptr_array_new_with_free_func (scope_row_free);
  self->objective_rows = g_ptr_array_new_with_free_func (objective_row_free);
  self->person_rows = g_ptr_array_new_with_free_func (g_free);
  self->kpi_rows = g_ptr_array_new_with_free_func (kpi_row_free);
  self->links = g_array_new (FALSE, TRUE, sizeof (Link));
  g_array_set_clear_func (self->links, link_clear);
  self->link_names = gtk_string_list_new (NULL);
  self->sample_changes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->sample_widgets = g_ptr_array_new ();
  self->summary_widgets = g_ptr_array_new ();

  build_step_rows (self);
  build_method_rows (self);

  g_signal_connect_object (gtk_text_view_get_buffer (self->scope_view), "changed",
                           G_CALLBACK (scope_text_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->information_view), "changed",
                           G_CALLBACK (information_changed_cb), self, G_CONNECT_SWAPPED);

  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->next_button));
}

/**
 * pl_review_wizard_new:
 * @parent: (nullable): the window the wizard belongs to
 * @workspace: the workspace the review lives in
 * @review: (nullable): the review to edit, or %NULL to plan a new one
 * @step: the step to open on, from 0 (title and scope) to 6 (summary)
 *
 * Returns: (transfer none): a new #PlReviewWizard, owned by GTK's window list
 */
GtkWidget *
pl_review_wizard_new (GtkWindow   *parent,
                      PlWorkspace *workspace,
                      PlReview    *review,
                      guint        step)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (review == NULL || PL_IS_REVIEW (review), NULL);

  return g_object_new (PL_TYPE_REVIEW_WIZARD,
                       "transient-for", parent,
                       "workspace", workspace,
                       "review", review,
                       "step", MIN (step, N_STEPS - 1),
                       NULL);
}

/**
 * pl_review_wizard_get_review:
 *
 * Returns: (transfer none): the plan as the wizard has it so far; saved
 *   only when the user confirms
 */
PlReview *
pl_review_wizard_get_review (PlReviewWizard *self)
{
  g_return_val_if_fail (PL_IS_REVIEW_WIZARD (self), NULL);

  return self->review;
}

gboolean
pl_review_wizard_get_editing (PlReviewWizard *self)
{
  g_return_val_if_fail (PL_IS_REVIEW_WIZARD (self), FALSE);

  return self->editing;
}

guint
pl_review_wizard_get_step (PlReviewWizard *self)
{
  g_return_val_if_fail (PL_IS_REVIEW_WIZARD (self), 0);

  return self->step;
}

gboolean
pl_review_wizard_has_changes (PlReviewWizard *self)
{
  g_autofree char *now = NULL;

  g_return_val_if_fail (PL_IS_REVIEW_WIZARD (self), FALSE);

  if (self->review == NULL || self->fingerprint == NULL)
    return FALSE;

  now = dup_fingerprint (self);
  return g_strcmp0 (now, self->fingerprint) != 0;
}
