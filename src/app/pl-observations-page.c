/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/pl-error.h"
#include "core/pl-item.h"
#include "core/pl-observation.h"
#include "core/pl-review.h"
#include "core/pl-sampling.h"
#include "core/pl-scorecard.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-observations-page.h"

/* Collect → Observations: work through a review's monitoring list, or
 * observe ad hoc, one interaction per form, criterion by criterion from the
 * keyboard, the score updating as you go (unit 312 AC 3.2, 401 AC 3.5).
 * Face-to-face mode adds a running timer, large answer buttons and quick
 * notes for observing live. */

#define N_RECENT 20
#define TOUCH_WIDTH 48
#define TOUCH_HEIGHT 56

/* One answer a criterion takes: its button, value and key. */
typedef struct
{
  const char *label;
  double      value;          /* NaN: N/A */
  guint       key;
  guint       alt_key;
} AnswerOption;

typedef struct
{
  guint          index;
  GtkWidget     *card;
  GtkWidget     *buttons_box;
  GtkWidget     *note_entry;
  GtkWidget     *error_label;
  GPtrArray     *buttons;      /* GtkToggleButton *, as options */
  GArray        *options;      /* AnswerOption */
} CriterionUi;

struct _PlObservationsPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkWidget       *main_scrolled;
  GtkWidget       *monitoring_group;
  GtkWidget       *sample_list;
  AdwComboRow     *sample_row;
  GtkListBox      *items_list;
  GtkWidget       *monitoring_empty;
  GtkListBox      *recent_list;
  GtkWidget       *recent_empty;
  GtkLabel        *form_title;
  GtkLabel        *form_subtitle;
  GtkLabel        *score_label;
  GtkLabel        *result_label;
  GtkWidget       *form_scrolled;
  GtkSwitch       *face_to_face_switch;
  GtkWidget       *timer_box;
  GtkLabel        *timer_label;
  GtkButton       *timer_button;
  GtkEntry        *quick_note_entry;
  AdwComboRow     *scorecard_row;
  AdwComboRow     *colleague_row;
  AdwComboRow     *channel_row;
  AdwEntryRow     *date_row;
  AdwEntryRow     *reference_row;
  AdwEntryRow     *evaluator_row;
  GtkLabel        *details_error;
  GtkWidget       *criteria_box;
  GtkTextView     *comments_view;
  GtkLabel        *form_error;

  PlWorkspace     *workspace;
  GArray          *sample_ids;      /* gint64, as the sample combo */
  GArray          *scorecard_ids;   /* gint64, as the scorecard combo */
  GArray          *colleague_ids;   /* gint64; position 0 is "choose" */
  GArray          *channel_ids;     /* gint64; position 0 is "none" */
  GListModel      *items;           /* PlSampleItem, the sample shown */
  GPtrArray       *item_rows;
  GPtrArray       *recent_rows;
  guint            refresh_id;
  gboolean         stale;
  gboolean         filling;         /* the form is being filled in by code */
  gint64           last_scorecard_id;
  char            *last_evaluator;

  /* The form */
  PlObservation   *observation;
  gint64           sample_item_id;
  GPtrArray       *criteria;        /* CriterionUi */

  /* The face-to-face timer */
  guint            timer_id;
  gboolean         timer_running;
  gboolean         timer_used;
  gint64           timer_started;   /* monotonic µs at the last start */
  gint64           timer_elapsed;   /* µs before the last start */
};

G_DEFINE_FINAL_TYPE (PlObservationsPage, pl_observations_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh       (PlObservationsPage *self);
static void update_score  (PlObservationsPage *self);
static void build_criteria (PlObservationsPage *self);

/* Helpers */

static void
criterion_ui_free (gpointer data)
{
  CriterionUi *ui = data;

  g_ptr_array_unref (ui->buttons);
  g_array_unref (ui->options);
  g_free (ui);
}

static void
show_toast (PlObservationsPage *self,
            const char         *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
report_error (PlObservationsPage *self,
              const char         *what,
              const GError       *error)
{
  /* Translators: "%s: %s" is what failed, then why */
  g_autofree char *message = g_strdup_printf (_("%s: %s"), what, error->message);

  show_toast (self, message);
}

static char *
format_day (const char *iso_date)
{
  return iso_date != NULL && *iso_date != '\0' ? pl_date_format_short (iso_date) : g_strdup (_("no date"));
}

static char *
format_score (double score)
{
  return isnan (score) ? g_strdup ("—") : g_strdup_printf ("%.1f", score);
}

static char *
format_duration (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                            (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static guint
index_of_id (GArray *ids,
             gint64  id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static gint64
selected_id (AdwComboRow *row,
             GArray      *ids)
{
  guint selected = adw_combo_row_get_selected (row);

  if (ids == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= ids->len)
    return 0;
  return g_array_index (ids, gint64, selected);
}

static const char *
selected_text (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  guint selected = adw_combo_row_get_selected (row);

  if (model == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= g_list_model_get_n_items (model))
    return NULL;
  return gtk_string_list_get_string (GTK_STRING_LIST (model), selected);
}

static void
clear_list (GtkListBox *list,
            GPtrArray  *rows)
{
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_remove (list, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
row_button (const char *label,
            const char *action,
            gint64      id,
            const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  return button;
}

/* Lists */

static void
load_scorecards (PlObservationsPage *self)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 newest = 0;
  guint n;

  g_array_set_size (self->scorecard_ids, 0);
  items = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_SCORECARD, &error);
  if (items == NULL)
    report_error (self, _("The scorecards could not be read"), error);

  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      gint64 id = pl_item_get_id (item);
      /* Translators: a scorecard and its version, "Contact quality (v2)" */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), pl_item_get_name (item), pl_item_get_detail (item));

      g_array_append_val (self->scorecard_ids, id);
      gtk_string_list_append (names, label);
      newest = MAX (newest, id);
    }

  /* New observations use the scorecard last used, else the newest made. */
  if (index_of_id (self->scorecard_ids, self->last_scorecard_id) == GTK_INVALID_LIST_POSITION)
    self->last_scorecard_id = newest;

  self->filling = TRUE;
  adw_combo_row_set_model (self->scorecard_row, G_LIST_MODEL (names));
  self->filling = FALSE;
}

static void
load_people (PlObservationsPage *self)
{
  g_autoptr(GListModel) colleagues = NULL;
  g_autoptr(GListModel) channels = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) colleague_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channel_names = gtk_string_list_new (NULL);
  gint64 none = 0;
  guint n;

  g_array_set_size (self->colleague_ids, 0);
  g_array_set_size (self->channel_ids, 0);
  g_array_append_val (self->colleague_ids, none);
  g_array_append_val (self->channel_ids, none);
  gtk_string_list_append (colleague_names, _("Choose a colleague"));
  gtk_string_list_append (channel_names, _("Not recorded"));

  colleagues = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_COLLEAGUE, &error);
  if (colleagues == NULL)
    report_error (self, _("The colleagues could not be read"), error);
  g_clear_error (&error);
  n = colleagues != NULL ? g_list_model_get_n_items (colleagues) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (colleagues, i);
      gint64 id = pl_item_get_id (item);

      g_array_append_val (self->colleague_ids, id);
      gtk_string_list_append (colleague_names, pl_item_get_name (item));
    }

  channels = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_CHANNEL, &error);
  if (channels == NULL)
    report_error (self, _("The channels could not be read"), error);
  n = channels != NULL ? g_list_model_get_n_items (channels) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (channels, i);
      gint64 id = pl_item_get_id (item);

      g_array_append_val (self->channel_ids, id);
      gtk_string_list_append (channel_names, pl_item_get_name (item));
    }

  self->filling = TRUE;
  adw_combo_row_set_model (self->colleague_row, G_LIST_MODEL (colleague_names));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channel_names));
  self->filling = FALSE;
}

static void
load_samples (PlObservationsPage *self)
{
  g_autoptr(GListModel) samples = NULL;
  g_autoptr(GListModel) reviews = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 shown = selected_id (self->sample_row, self->sample_ids);
  guint selected = 0;
  guint n;

  samples = pl_sample_list (self->workspace, 0, &error);
  if (samples == NULL)
    report_error (self, _("The samples could not be read"), error);
  g_clear_error (&error);

  reviews = pl_review_list (self->workspace, &error);
  n = reviews != NULL ? g_list_model_get_n_items (reviews) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlReview) review = g_list_model_get_item (reviews, i);

      g_hash_table_insert (titles, g_memdup2 (&(gint64) { pl_review_get_id (review) }, sizeof (gint64)),
                           g_strdup (pl_review_get_title (review)));
    }

  g_array_set_size (self->sample_ids, 0);
  n = samples != NULL ? g_list_model_get_n_items (samples) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSample) sample = g_list_model_get_item (samples, i);
      gint64 id = pl_sample_get_id (sample);
      gint64 review_id = pl_sample_get_review_id (sample);
      const char *title = review_id > 0 ? g_hash_table_lookup (titles, &review_id) : NULL;
      g_autofree char *drawn = g_strndup (pl_sample_get_drawn_at (sample), 10);
      g_autofree char *day = format_day (drawn);
      g_autofree char *label = NULL;

      /* Translators: a sample, "Autumn review · drawn 2 Sep 2026" (the review, or the frame drawn from) */
      label = g_strdup_printf (_("%s · drawn %s"), title != NULL ? title : pl_sample_get_frame_name (sample), day);
      g_array_append_val (self->sample_ids, id);
      gtk_string_list_append (labels, label);
      if (id == shown)
        selected = i;
    }

  self->filling = TRUE;
  adw_combo_row_set_model (self->sample_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->sample_row, n > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;

  gtk_widget_set_visible (self->sample_list, n > 0);
  gtk_widget_set_visible (self->monitoring_empty, n == 0);
}

static void
load_items (PlObservationsPage *self)
{
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(GHashTable) scores = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  gint64 sample_id = selected_id (self->sample_row, self->sample_ids);
  guint n, done = 0, skipped = 0;
  g_autofree char *description = NULL;

  clear_list (self->items_list, self->item_rows);
  g_clear_object (&self->items);

  if (sample_id == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->items_list), FALSE);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->monitoring_group),
                                             _("The interactions a review’s sample picked, to observe one by one."));
      return;
    }

  self->items = pl_sample_list_items (self->workspace, sample_id, &error);
  if (self->items == NULL)
    {
      report_error (self, _("The monitoring list could not be read"), error);
      gtk_widget_set_visible (GTK_WIDGET (self->items_list), FALSE);
      return;
    }

  observations = pl_observation_list (self->workspace, 0, 0, &error);
  n = observations != NULL ? g_list_model_get_n_items (observations) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlObservation) observation = g_list_model_get_item (observations, i);

      g_hash_table_insert (scores, g_memdup2 (&(gint64) { pl_observation_get_id (observation) }, sizeof (gint64)),
                           g_memdup2 (&(double) { pl_observation_get_score (observation) }, sizeof (double)));
    }

  n = g_list_model_get_n_items (self->items);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (self->items, i);
      gint64 id = pl_sample_item_get_id (item);
      gint64 observation_id = pl_sample_item_get_observation_id (item);
      PlSampleItemStatus status = pl_sample_item_get_status (item);
      const char *colleague = pl_sample_item_get_colleague_name (item);
      const char *channel = pl_sample_item_get_channel_name (item);
      g_autofree char *day = format_day (pl_sample_item_get_occurred_on (item));
      g_autofree char *state = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *position = g_strdup_printf ("%" G_GINT64_FORMAT, pl_sample_item_get_position (item));
      g_autofree char *observe_label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *number = gtk_label_new (position);

      if (colleague == NULL || *colleague == '\0')
        colleague = _("No colleague");

      switch (status)
        {
        case PL_SAMPLE_ITEM_MONITORED:
          {
            double *score = g_hash_table_lookup (scores, &observation_id);
            g_autofree char *score_text = format_score (score != NULL ? *score : NAN);

            done++;
            /* Translators: a monitoring list item's state, %s is its score */
            state = g_strdup_printf (_("Monitored, score %s"), score_text);
          }
          break;
        case PL_SAMPLE_ITEM_SKIPPED:
          skipped++;
          /* Translators: a monitoring list item's state, %s is the reason */
          state = g_strdup_printf (_("Skipped: %s"), pl_sample_item_get_skip_reason (item));
          break;
        case PL_SAMPLE_ITEM_PENDING:
        default:
          state = g_strdup (_("To observe"));
          break;
        }

      /* Translators: "Telephone · 1 Sep 2026 · To observe" */
      subtitle = g_strdup_printf (_("%s · %s · %s"), channel != NULL && *channel != '\0' ? channel : _("No channel"),
                                  day, state);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), colleague);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (number, "dim-label");
      gtk_widget_add_css_class (number, "numeric");
      gtk_widget_set_size_request (number, 28, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);

      if (status == PL_SAMPLE_ITEM_MONITORED)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

          gtk_widget_add_css_class (icon, "success");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Monitored"), -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
        }

      if (status == PL_SAMPLE_ITEM_PENDING)
        {
          g_autofree char *skip_label = NULL;

          /* Translators: accessible label, %s is a colleague */
          skip_label = g_strdup_printf (_("Skip the interaction of %s"), colleague);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     row_button (_("S_kip…"), "obs.skip-item", id, skip_label));
        }

      /* Translators: accessible label, %s is a colleague */
      observe_label = g_strdup_printf (_("Observe the interaction of %s"), colleague);
      {
        GtkWidget *observe = row_button (status == PL_SAMPLE_ITEM_MONITORED ? _("_Open") : _("_Observe"),
                                         "obs.observe-item", id, observe_label);

        if (status != PL_SAMPLE_ITEM_MONITORED)
          gtk_widget_add_css_class (observe, "suggested-action");
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), observe);
      }

      gtk_list_box_append (self->items_list, row);
      g_ptr_array_add (self->item_rows, row);
    }

  /* Translators: progress through a monitoring list */
  description = g_strdup_printf (_("%u of %u observed, %u skipped, %u to go. Observe each interaction in turn, "
                                   "or skip it with a reason."),
                                 done, n, skipped, n - done - skipped);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->monitoring_group), description);
  gtk_widget_set_visible (GTK_WIDGET (self->items_list), n > 0);
}

static void
load_recent (PlObservationsPage *self)
{
  g_autoptr(GListModel) observations = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  clear_list (self->recent_list, self->recent_rows);

  observations = pl_observation_list (self->workspace, 0, N_RECENT, &error);
  if (observations == NULL)
    report_error (self, _("The observations could not be read"), error);

  n = observations != NULL ? g_list_model_get_n_items (observations) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlObservation) observation = g_list_model_get_item (observations, i);
      gint64 id = pl_observation_get_id (observation);
      g_autofree char *score = format_score (pl_observation_get_score (observation));
      g_autofree char *day = format_day (pl_observation_get_observed_on (observation));
      g_autofree char *title = NULL;
      g_autofree char *mode = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *explain_label = NULL;
      const char *colleague = pl_observation_get_colleague_name (observation);
      const char *channel = pl_observation_get_channel_name (observation);
      GString *status = g_string_new (NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *explain;

      /* Translators: a recent observation, "Amira Khan · 82.5" */
      title = g_strdup_printf (_("%s · %s"), colleague != NULL ? colleague : _("Unknown colleague"), score);
      if (pl_observation_get_mode (observation) == PL_OBSERVATION_MODE_FACE_TO_FACE)
        {
          gint64 seconds = pl_observation_get_duration_seconds (observation);
          g_autofree char *duration = seconds >= 0 ? format_duration (seconds) : NULL;

          /* Translators: the mode of an observation, with how long it took */
          mode = duration != NULL ? g_strdup_printf (_("Face to face, %s"), duration) : g_strdup (_("Face to face"));
        }
      else
        mode = g_strdup (_("Standard"));

      if (pl_observation_get_critical_failed (observation))
        g_string_append_printf (status, " · %s", _("critical item failed"));
      if (pl_observation_get_superseded_by (observation) > 0)
        g_string_append_printf (status, " · %s", _("re-scored, kept for the record"));
      else if (pl_observation_get_rescore_reason (observation) != NULL)
        g_string_append_printf (status, " · %s", _("re-score"));

      /* Translators: "3 Sep 2026 · Telephone · Standard", then any notes */
      subtitle = g_strdup_printf (_("%s · %s · %s%s"), day, channel != NULL ? channel : _("No channel"), mode,
                                  status->str);
      g_string_free (status, TRUE);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "obs.edit");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (id));
      gtk_widget_set_tooltip_text (row, _("Open to correct the answers"));

      /* Translators: accessible label, %s is a recent observation's title */
      explain_label = g_strdup_printf (_("Explain the score of %s"), title);
      explain = row_button (_("_Explain"), "obs.explain", id, explain_label);
      gtk_widget_add_css_class (explain, "flat");
      gtk_widget_set_tooltip_text (explain, _("Explain this score: points per criterion, N/A and critical items"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), explain);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

      gtk_list_box_append (self->recent_list, row);
      g_ptr_array_add (self->recent_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), n > 0);
  gtk_widget_set_visible (self->recent_empty, n == 0);
}

static void
refresh (PlObservationsPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  /* The open form keeps its lists: what was chosen must not move. */
  if (self->observation != NULL)
    return;

  load_scorecards (self);
  load_people (self);
  load_samples (self);
  load_items (self);
  load_recent (self);

  gtk_stack_set_visible_child_name (self->stack, self->scorecard_ids->len > 0 ? "main" : "no-scorecard");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (PlObservationsPage *self,
                      const char         *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
sample_changed_cb (PlObservationsPage *self)
{
  if (!self->filling && self->workspace != NULL)
    load_items (self);
}

/* The timer */

static gint64
timer_seconds (PlObservationsPage *self)
{
  gint64 elapsed = self->timer_elapsed;

  if (self->timer_running)
    elapsed += g_get_monotonic_time () - self->timer_started;
  return elapsed / G_USEC_PER_SEC;
}

static void
update_timer (PlObservationsPage *self)
{
  g_autofree char *text = format_duration (timer_seconds (self));

  gtk_label_set_text (self->timer_label, text);
  gtk_button_set_label (self->timer_button, self->timer_running ? _("_Pause")
                                            : self->timer_used ? _("_Resume") : _("_Start"));
  gtk_button_set_use_underline (self->timer_button, TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->timer_button),
                               self->timer_running ? _("Pause the timer") : _("Start timing the observation"));
}

static gboolean
timer_tick_cb (gpointer user_data)
{
  update_timer (PL_OBSERVATIONS_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
timer_stop (PlObservationsPage *self)
{
  if (self->timer_running)
    self->timer_elapsed += g_get_monotonic_time () - self->timer_started;
  self->timer_running = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  update_timer (self);
}

static void
timer_reset (PlObservationsPage *self,
             gint64              seconds)
{
  self->timer_running = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_used = seconds >= 0;
  self->timer_elapsed = MAX (seconds, 0) * G_USEC_PER_SEC;
  update_timer (self);
}

static void
timer_toggle_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);

  if (self->timer_running)
    {
      timer_stop (self);
      return;
    }

  self->timer_running = TRUE;
  self->timer_used = TRUE;
  self->timer_started = g_get_monotonic_time ();
  self->timer_id = g_timeout_add (250, timer_tick_cb, self);
  update_timer (self);
}

static void
timer_reset_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  timer_reset (PL_OBSERVATIONS_PAGE (widget), -1);
}

/* The form: answers */

static void
options_for (const PlCriterion *criterion,
             GArray            *options)
{
  AnswerOption option = { 0 };

#define ADD_OPTION(l, v, k, a) \
  G_STMT_START { option.label = (l); option.value = (v); option.key = (k); option.alt_key = (a); \
                 g_array_append_val (options, option); } G_STMT_END

  switch (criterion->scale)
    {
    case PL_CRITERION_SCALE_YESNO:
      ADD_OPTION (_("Yes"), 1, GDK_KEY_y, GDK_KEY_1);
      ADD_OPTION (_("No"), 0, GDK_KEY_n, GDK_KEY_0);
      break;
    case PL_CRITERION_SCALE_YPN:
      ADD_OPTION (_("Yes"), 1, GDK_KEY_y, GDK_KEY_1);
      ADD_OPTION (_("Partly"), 0.5, GDK_KEY_p, 0);
      ADD_OPTION (_("No"), 0, GDK_KEY_n, GDK_KEY_0);
      break;
    case PL_CRITERION_SCALE_SCALE5:
      ADD_OPTION ("1", 1, GDK_KEY_1, GDK_KEY_KP_1);
      ADD_OPTION ("2", 2, GDK_KEY_2, GDK_KEY_KP_2);
      ADD_OPTION ("3", 3, GDK_KEY_3, GDK_KEY_KP_3);
      ADD_OPTION ("4", 4, GDK_KEY_4, GDK_KEY_KP_4);
      ADD_OPTION ("5", 5, GDK_KEY_5, GDK_KEY_KP_5);
      break;
    case PL_CRITERION_SCALE_PASSFAIL:
    default:
      ADD_OPTION (_("Pass"), 1, GDK_KEY_p, GDK_KEY_y);
      ADD_OPTION (_("Fail"), 0, GDK_KEY_f, GDK_KEY_n);
      break;
    }

  if (criterion->allow_na)
    ADD_OPTION (_("N/A"), NAN, GDK_KEY_a, GDK_KEY_x);

#undef ADD_OPTION
}

static const char *
keys_hint (PlCriterionScale scale,
           gboolean         allow_na)
{
  switch (scale)
    {
    case PL_CRITERION_SCALE_YESNO:
      return allow_na ? _("Keys: Y yes, N no, A N/A") : _("Keys: Y yes, N no");
    case PL_CRITERION_SCALE_YPN:
      return allow_na ? _("Keys: Y yes, P partly, N no, A N/A") : _("Keys: Y yes, P partly, N no");
    case PL_CRITERION_SCALE_SCALE5:
      return allow_na ? _("Keys: 1 to 5, A N/A") : _("Keys: 1 to 5");
    case PL_CRITERION_SCALE_PASSFAIL:
    default:
      return allow_na ? _("Keys: P pass, F fail, A N/A") : _("Keys: P pass, F fail");
    }
}

static gboolean
same_value (double a,
            double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* The option the criterion's answer is, or -1. */
static int
answered_option (PlObservationsPage *self,
                 CriterionUi        *ui)
{
  if (!pl_observation_is_answered (self->observation, ui->index))
    return -1;

  for (guint i = 0; i < ui->options->len; i++)
    if (same_value (g_array_index (ui->options, AnswerOption, i).value,
                    pl_observation_get_value (self->observation, ui->index)))
      return (int) i;
  return -1;
}

/* The buttons show the answer; the answer (or the first button) is the
 * criterion's one Tab stop, so that Tab goes criterion to criterion. */
static void
sync_buttons (PlObservationsPage *self,
              CriterionUi        *ui)
{
  int answer = answered_option (self, ui);
  gboolean filling = self->filling;

  self->filling = TRUE;
  for (guint i = 0; i < ui->buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (ui->buttons, i);

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), (int) i == answer);
      gtk_widget_set_focusable (button, (int) i == MAX (answer, 0));
    }
  self->filling = filling;
}

static GtkWidget *
focus_stop (CriterionUi *ui)
{
  for (guint i = 0; i < ui->buttons->len; i++)
    if (gtk_widget_get_focusable (g_ptr_array_index (ui->buttons, i)))
      return g_ptr_array_index (ui->buttons, i);
  return g_ptr_array_index (ui->buttons, 0);
}

static void
show_criterion_error (CriterionUi *ui,
                      const char  *message)
{
  gtk_label_set_text (GTK_LABEL (ui->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (ui->error_label, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (ui->card, "error");
  else
    gtk_widget_remove_css_class (ui->card, "error");
}

static void
set_answer (PlObservationsPage *self,
            CriterionUi        *ui,
            int                 option)
{
  if (option < 0)
    pl_observation_clear_value (self->observation, ui->index);
  else
    pl_observation_set_value (self->observation, ui->index, g_array_index (ui->options, AnswerOption, option).value);

  sync_buttons (self, ui);
  show_criterion_error (ui, NULL);
  update_score (self);
}

static void
focus_after (PlObservationsPage *self,
             CriterionUi        *ui)
{
  if (ui->index + 1 < self->criteria->len)
    gtk_widget_grab_focus (focus_stop (g_ptr_array_index (self->criteria, ui->index + 1)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->comments_view));
}

static void
answer_toggled_cb (GtkToggleButton    *button,
                   PlObservationsPage *self)
{
  CriterionUi *ui = g_object_get_data (G_OBJECT (button), "criterion");
  int option = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "option"));

  if (self->filling || self->observation == NULL)
    return;

  /* Pressing the answer given takes it back. */
  set_answer (self, ui, gtk_toggle_button_get_active (button) ? option : -1);
  gtk_widget_grab_focus (GTK_WIDGET (button));
}

static gboolean
answer_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               PlObservationsPage    *self)
{
  CriterionUi *ui = g_object_get_data (G_OBJECT (controller), "criterion");
  guint key = gdk_keyval_to_lower (keyval);
  int answer;

  if (self->observation == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  for (guint i = 0; i < ui->options->len; i++)
    {
      AnswerOption *option = &g_array_index (ui->options, AnswerOption, i);

      if (key == option->key || (option->alt_key != 0 && key == option->alt_key))
        {
          set_answer (self, ui, (int) i);
          focus_after (self, ui);
          return TRUE;
        }
    }

  answer = answered_option (self, ui);
  switch (key)
    {
    case GDK_KEY_BackSpace:
    case GDK_KEY_Delete:
      set_answer (self, ui, -1);
      gtk_widget_grab_focus (focus_stop (ui));
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Right:
      answer = key == GDK_KEY_Left ? MAX (answer, 1) - 1 : MIN (answer + 1, (int) ui->options->len - 1);
      set_answer (self, ui, answer);
      gtk_widget_grab_focus (g_ptr_array_index (ui->buttons, answer));
      return TRUE;
    default:
      return FALSE;
    }
}

static void
note_changed_cb (GtkEditable        *entry,
                 PlObservationsPage *self)
{
  CriterionUi *ui = g_object_get_data (G_OBJECT (entry), "criterion");

  if (!self->filling && self->observation != NULL)
    pl_observation_set_note (self->observation, ui->index, gtk_editable_get_text (entry));
}

static void
size_answer_buttons (PlObservationsPage *self)
{
  gboolean live = gtk_switch_get_active (self->face_to_face_switch);

  for (guint c = 0; self->criteria != NULL && c < self->criteria->len; c++)
    {
      CriterionUi *ui = g_ptr_array_index (self->criteria, c);

      for (guint i = 0; i < ui->buttons->len; i++)
        gtk_widget_set_size_request (g_ptr_array_index (ui->buttons, i), live ? TOUCH_WIDTH : 40,
                                     live ? TOUCH_HEIGHT : -1);
      gtk_widget_set_hexpand (ui->buttons_box, live);
      gtk_box_set_spacing (GTK_BOX (ui->buttons_box), live ? 4 : 0);
      if (live)
        gtk_widget_remove_css_class (ui->buttons_box, "linked");
      else
        gtk_widget_add_css_class (ui->buttons_box, "linked");
    }
}

static GtkWidget *
make_criterion (PlObservationsPage *self,
                guint               index)
{
  PlScorecard *scorecard = pl_observation_get_scorecard (self->observation);
  PlCriterion *criterion = pl_scorecard_get_criterion (scorecard, index);
  CriterionUi *ui = g_new0 (CriterionUi, 1);
  GtkEventController *keys;
  GtkWidget *title;
  GtkWidget *hint;
  g_autofree char *heading = NULL;
  g_autofree char *group_label = NULL;

  ui->index = index;
  ui->buttons = g_ptr_array_new ();
  ui->options = g_array_new (FALSE, FALSE, sizeof (AnswerOption));
  options_for (criterion, ui->options);
  g_ptr_array_add (self->criteria, ui);

  ui->card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (ui->card, "card");
  g_object_set (ui->card, "margin-top", 0, NULL);

  /* Translators: a criterion in the form, "3. Explained the bill clearly" */
  heading = g_strdup_printf (_("%u. %s"), index + 1, criterion->text);
  title = gtk_label_new (heading);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_top (title, 12);
  gtk_widget_set_margin_start (title, 12);
  gtk_widget_set_margin_end (title, 12);
  gtk_box_append (GTK_BOX (ui->card), title);

  if (criterion->critical != PL_CRITICAL_NONE)
    {
      GtkWidget *critical = gtk_label_new (criterion->critical == PL_CRITICAL_FORM
                                           ? _("Critical: a fail scores the whole form 0")
                                           : _("Critical: a fail scores its section 0"));

      gtk_label_set_xalign (GTK_LABEL (critical), 0);
      gtk_label_set_wrap (GTK_LABEL (critical), TRUE);
      gtk_widget_add_css_class (critical, "caption-heading");
      gtk_widget_add_css_class (critical, "warning");
      gtk_widget_set_margin_start (critical, 12);
      gtk_widget_set_margin_end (critical, 12);
      gtk_box_append (GTK_BOX (ui->card), critical);
    }

  if (criterion->guidance != NULL && *criterion->guidance != '\0')
    {
      GtkWidget *guidance = gtk_label_new (criterion->guidance);

      gtk_label_set_wrap (GTK_LABEL (guidance), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (guidance), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (guidance), 0);
      gtk_widget_add_css_class (guidance, "dim-label");
      gtk_widget_set_margin_start (guidance, 12);
      gtk_widget_set_margin_end (guidance, 12);
      gtk_box_append (GTK_BOX (ui->card), guidance);
    }

  ui->buttons_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_set_homogeneous (GTK_BOX (ui->buttons_box), TRUE);
  gtk_widget_set_halign (ui->buttons_box, GTK_ALIGN_FILL);
  gtk_widget_set_margin_start (ui->buttons_box, 12);
  gtk_widget_set_margin_end (ui->buttons_box, 12);
  gtk_widget_set_margin_top (ui->buttons_box, 6);
  gtk_widget_add_css_class (ui->buttons_box, "linked");
  gtk_widget_add_css_class (ui->buttons_box, "pl-answers");
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->buttons_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  criterion->text, -1);
  for (guint i = 0; i < ui->options->len; i++)
    {
      AnswerOption *option = &g_array_index (ui->options, AnswerOption, i);
      GtkWidget *button = gtk_toggle_button_new_with_label (option->label);
      g_autofree char *label = NULL;

      /* Translators: accessible label of an answer button, "Yes: Greeted the customer" */
      label = g_strdup_printf (_("%s: %s"), option->label, criterion->text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (button), "criterion", ui);
      g_object_set_data (G_OBJECT (button), "option", GINT_TO_POINTER (i));
      g_signal_connect_object (button, "toggled", G_CALLBACK (answer_toggled_cb), self, 0);
      gtk_box_append (GTK_BOX (ui->buttons_box), button);
      g_ptr_array_add (ui->buttons, button);
    }
  keys = gtk_event_controller_key_new ();
  g_object_set_data (G_OBJECT (keys), "criterion", ui);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (answer_key_cb), self, 0);
  gtk_widget_add_controller (ui->buttons_box, keys);
  gtk_box_append (GTK_BOX (ui->card), ui->buttons_box);

  hint = gtk_label_new (keys_hint (criterion->scale, criterion->allow_na));
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_margin_start (hint, 12);
  gtk_widget_set_margin_end (hint, 12);
  gtk_box_append (GTK_BOX (ui->card), hint);

  ui->note_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (ui->note_entry), _("Note on this criterion (optional)"));
  /* Translators: accessible label, %s is a criterion */
  group_label = g_strdup_printf (_("Note on “%s”"), criterion->text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (ui->note_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, group_label, -1);
  gtk_widget_set_margin_start (ui->note_entry, 12);
  gtk_widget_set_margin_end (ui->note_entry, 12);
  if (pl_observation_get_note (self->observation, index) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (ui->note_entry), pl_observation_get_note (self->observation, index));
  g_object_set_data (G_OBJECT (ui->note_entry), "criterion", ui);
  g_signal_connect_object (ui->note_entry, "changed", G_CALLBACK (note_changed_cb), self, 0);
  gtk_box_append (GTK_BOX (ui->card), ui->note_entry);

  ui->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (ui->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (ui->error_label), TRUE);
  gtk_widget_add_css_class (ui->error_label, "error");
  gtk_widget_set_margin_start (ui->error_label, 12);
  gtk_widget_set_margin_end (ui->error_label, 12);
  gtk_widget_set_visible (ui->error_label, FALSE);
  gtk_box_append (GTK_BOX (ui->card), ui->error_label);

  {
    GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_set_size_request (spacer, -1, 6);
    gtk_box_append (GTK_BOX (ui->card), spacer);
  }

  sync_buttons (self, ui);
  return ui->card;
}

static void
build_criteria (PlObservationsPage *self)
{
  PlScorecard *scorecard = pl_observation_get_scorecard (self->observation);
  GPtrArray *sections = pl_scorecard_get_sections (scorecard);
  GtkWidget *child;
  double total = 0;
  guint index = 0;

  while ((child = gtk_widget_get_first_child (self->criteria_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->criteria_box), child);
  g_ptr_array_set_size (self->criteria, 0);

  for (guint s = 0; s < sections->len; s++)
    total += ((PlScorecardSection *) g_ptr_array_index (sections, s))->weight;

  for (guint s = 0; s < sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (sections, s);
      g_autofree char *heading = NULL;
      GtkWidget *label;

      /* Translators: a scorecard section with its share of the score, "Resolution · 35% of the score" */
      heading = g_strdup_printf (_("%s · %.0f%% of the score"), section->name,
                                 total > 0 ? 100.0 * section->weight / total : 0.0);
      label = gtk_label_new (heading);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "title-4");
      if (s > 0)
        gtk_widget_set_margin_top (label, 12);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
      gtk_box_append (GTK_BOX (self->criteria_box), label);

      for (guint c = 0; c < section->criteria->len; c++)
        gtk_box_append (GTK_BOX (self->criteria_box), make_criterion (self, index++));
    }

  size_answer_buttons (self);
}

static void
update_score (PlObservationsPage *self)
{
  g_autoptr(PlScoreResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlScorecard *scorecard;
  guint n, answered = 0;
  g_autofree char *score = NULL;
  g_autofree char *text = NULL;
  double pass_mark;

  if (self->observation == NULL)
    return;

  scorecard = pl_observation_get_scorecard (self->observation);
  n = pl_observation_get_n_values (self->observation);
  for (guint i = 0; i < n; i++)
    answered += pl_observation_is_answered (self->observation, i) ? 1 : 0;

  gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");

  result = pl_observation_score_so_far (self->observation, &error);
  if (result == NULL)
    {
      gtk_label_set_text (self->score_label, "—");
      gtk_label_set_text (self->result_label, _("Check the answers"));
      return;
    }

  score = format_score (result->score);
  gtk_label_set_text (self->score_label, score);
  pass_mark = pl_scorecard_get_pass_mark (scorecard);

  if (answered < n)
    /* Translators: under the running score, "So far: 4 of 10 answered" */
    text = g_strdup_printf (_("So far: %u of %u answered"), answered, n);
  else if (result->critical_failed)
    text = g_strdup (_("Fail: a critical item failed"));
  else if (isnan (pass_mark))
    text = g_strdup (_("All answered"));
  else
    {
      g_autofree char *mark = format_score (pass_mark);

      /* Translators: %s is the pass mark */
      text = result->passed ? g_strdup_printf (_("Pass (mark %s)"), mark)
                            : g_strdup_printf (_("Below the pass mark of %s"), mark);
    }

  if (answered == n || result->critical_failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_label),
                              result->passed || (isnan (pass_mark) && !result->critical_failed) ? "success" : "error");
  gtk_label_set_text (self->result_label, text);
}

/* The form: details */

static void
show_details_error (PlObservationsPage *self,
                    GtkWidget          *row,
                    const char         *message)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->colleague_row), GTK_WIDGET (self->channel_row), GTK_WIDGET (self->date_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i] != row)
      gtk_widget_remove_css_class (rows[i], "error");
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");

  gtk_label_set_text (self->details_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_error), message != NULL);
}

static void
show_form_error (PlObservationsPage *self,
                 const char         *message)
{
  gtk_label_set_text (self->form_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_error), message != NULL);
}

static void
clear_errors (PlObservationsPage *self)
{
  show_details_error (self, NULL, NULL);
  show_form_error (self, NULL);
  for (guint i = 0; i < self->criteria->len; i++)
    show_criterion_error (g_ptr_array_index (self->criteria, i), NULL);
}

static void
details_changed_cb (PlObservationsPage *self)
{
  g_autofree char *comments = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (self->filling || self->observation == NULL)
    return;

  pl_observation_set_colleague (self->observation, selected_id (self->colleague_row, self->colleague_ids),
                                selected_text (self->colleague_row));
  pl_observation_set_channel (self->observation, selected_id (self->channel_row, self->channel_ids),
                              selected_text (self->channel_row));
  pl_observation_set_observed_on (self->observation, gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  pl_observation_set_reference (self->observation, gtk_editable_get_text (GTK_EDITABLE (self->reference_row)));
  pl_observation_set_evaluator (self->observation, gtk_editable_get_text (GTK_EDITABLE (self->evaluator_row)));

  buffer = gtk_text_view_get_buffer (self->comments_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  comments = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  pl_observation_set_comments (self->observation, comments);

  show_details_error (self, NULL, NULL);
  show_form_error (self, NULL);
}

static void
scorecard_changed_cb (PlObservationsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlScorecard) scorecard = NULL;
  g_autoptr(PlObservation) observation = NULL;
  gint64 id = selected_id (self->scorecard_row, self->scorecard_ids);

  if (self->filling || self->observation == NULL || pl_observation_get_id (self->observation) > 0 ||
      id == 0 || id == pl_observation_get_scorecard_id (self->observation))
    return;

  scorecard = pl_scorecard_load (self->workspace, id, &error);
  if (scorecard == NULL)
    {
      report_error (self, _("The scorecard could not be opened"), error);
      return;
    }

  /* The answers belong to the other scorecard's criteria: start afresh,
   * keeping who, when and where. */
  observation = pl_observation_new (scorecard);
  pl_observation_set_interaction_id (observation, pl_observation_get_interaction_id (self->observation));
  g_set_object (&self->observation, observation);
  self->last_scorecard_id = id;
  details_changed_cb (self);
  build_criteria (self);
  update_score (self);
}

static void
face_to_face_changed_cb (PlObservationsPage *self)
{
  gboolean live = gtk_switch_get_active (self->face_to_face_switch);

  gtk_widget_set_visible (self->timer_box, live);
  size_answer_buttons (self);
  if (!live)
    timer_stop (self);
}

static void
quick_note_cb (GtkEntry           *entry,
               PlObservationsPage *self)
{
  g_autofree char *note = pl_str_stripped (gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_autofree char *stamp = NULL;
  g_autofree char *line = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comments_view);
  GtkTextIter end;

  if (*note == '\0')
    return;

  stamp = format_duration (timer_seconds (self));
  gtk_text_buffer_get_end_iter (buffer, &end);
  line = g_strdup_printf ("%s[%s] %s", gtk_text_iter_is_start (&end) ? "" : "\n", stamp, note);
  gtk_text_buffer_insert (buffer, &end, line, -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
select_id (AdwComboRow *row,
           GArray      *ids,
           gint64       id)
{
  guint position = index_of_id (ids, id);

  adw_combo_row_set_selected (row, position != GTK_INVALID_LIST_POSITION ? position : 0);
}

/* Shows the form for @observation (taken), from monitoring list item
 * @sample_item_id (0: none). */
static void
open_form (PlObservationsPage *self,
           PlObservation      *observation,
           gint64              sample_item_id,
           const char         *title,
           const char         *subtitle)
{
  gboolean editing = pl_observation_get_id (observation) > 0;
  gboolean live = pl_observation_get_mode (observation) == PL_OBSERVATION_MODE_FACE_TO_FACE;
  const char *comments = pl_observation_get_comments (observation);

  g_set_object (&self->observation, observation);
  self->sample_item_id = sample_item_id;

  self->filling = TRUE;
  gtk_label_set_text (self->form_title, title);
  gtk_label_set_text (self->form_subtitle, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_subtitle), subtitle != NULL);

  select_id (self->scorecard_row, self->scorecard_ids, pl_observation_get_scorecard_id (observation));
  gtk_widget_set_sensitive (GTK_WIDGET (self->scorecard_row), !editing);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->scorecard_row),
                               editing ? _("An observation keeps the scorecard version it was made with.") : NULL);
  select_id (self->colleague_row, self->colleague_ids, pl_observation_get_colleague_id (observation));
  select_id (self->channel_row, self->channel_ids, pl_observation_get_channel_id (observation));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), pl_observation_get_observed_on (observation));
  gtk_editable_set_text (GTK_EDITABLE (self->reference_row),
                         pl_observation_get_reference (observation) != NULL ? pl_observation_get_reference (observation) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->evaluator_row),
                         pl_observation_get_evaluator (observation) != NULL ? pl_observation_get_evaluator (observation) : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->comments_view), comments != NULL ? comments : "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->quick_note_entry), "");
  gtk_switch_set_active (self->face_to_face_switch, live);
  gtk_widget_set_visible (self->timer_box, live);
  timer_reset (self, live ? pl_observation_get_duration_seconds (observation) : -1);
  self->filling = FALSE;

  /* What the combos show is what the observation holds (an inactive
   * colleague is not listed: the form asks for one again). */
  details_changed_cb (self);
  build_criteria (self);
  clear_errors (self);
  update_score (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "obs.save", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "obs.cancel", TRUE);
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->form_scrolled)), 0);

  if (pl_observation_get_colleague_id (observation) == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->colleague_row));
  else if (self->criteria->len > 0)
    gtk_widget_grab_focus (focus_stop (g_ptr_array_index (self->criteria, 0)));
}

static void
close_form (PlObservationsPage *self)
{
  timer_reset (self, -1);
  g_clear_object (&self->observation);
  self->sample_item_id = 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "obs.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "obs.cancel", FALSE);
  refresh (self);
}

static PlScorecard *
default_scorecard (PlObservationsPage *self)
{
  g_autoptr(GError) error = NULL;
  PlScorecard *scorecard;

  if (self->last_scorecard_id == 0)
    {
      show_toast (self, _("Design a scorecard first: observations are scored on one."));
      return NULL;
    }

  scorecard = pl_scorecard_load (self->workspace, self->last_scorecard_id, &error);
  if (scorecard == NULL)
    report_error (self, _("The scorecard could not be opened"), error);
  return scorecard;
}

static PlSampleItem *
find_item (PlObservationsPage *self,
           gint64              id)
{
  guint n = self->items != NULL ? g_list_model_get_n_items (self->items) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (self->items, i);

      if (pl_sample_item_get_id (item) == id)
        return item;
    }
  return NULL;
}

/* Actions */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);
  g_autoptr(PlScorecard) scorecard = NULL;
  g_autoptr(PlObservation) observation = NULL;

  if (self->workspace == NULL || (scorecard = default_scorecard (self)) == NULL)
    return;

  observation = pl_observation_new (scorecard);
  pl_observation_set_evaluator (observation, self->last_evaluator);
  open_form (self, observation, 0, _("New Observation"), _("Ad hoc, not from a monitoring list"));
}

static void
edit_observation (PlObservationsPage *self,
                  gint64              id,
                  gint64              sample_item_id)
{
  g_autoptr(PlObservation) observation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  g_autofree char *subtitle = NULL;

  observation = pl_observation_load (self->workspace, id, &error);
  if (observation == NULL)
    {
      report_error (self, _("The observation could not be opened"), error);
      return;
    }

  if (pl_observation_get_superseded_by (observation) > 0)
    {
      show_toast (self, _("This observation was re-scored and is kept for the record: open the newer one."));
      return;
    }

  day = format_day (pl_observation_get_observed_on (observation));
  /* Translators: the form's subtitle when correcting, "Contact quality (v1) · observed 3 Sep 2026" */
  subtitle = g_strdup_printf (_("%s (v%d) · observed %s"), pl_observation_get_scorecard_name (observation),
                              pl_observation_get_scorecard_version (observation), day);
  open_form (self, observation, sample_item_id, _("Correct an Observation"), subtitle);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);

  if (self->workspace != NULL)
    edit_observation (self, g_variant_get_int64 (param), 0);
}

static void
observe_item_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);
  PlSampleItem *item;
  g_autoptr(PlScorecard) scorecard = NULL;
  g_autoptr(PlObservation) observation = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *day = NULL;
  g_autofree char *position = NULL;
  const char *occurred_on;

  if (self->workspace == NULL || (item = find_item (self, g_variant_get_int64 (param))) == NULL)
    return;

  if (pl_sample_item_get_status (item) == PL_SAMPLE_ITEM_MONITORED && pl_sample_item_get_observation_id (item) > 0)
    {
      edit_observation (self, pl_sample_item_get_observation_id (item), pl_sample_item_get_id (item));
      return;
    }

  if ((scorecard = default_scorecard (self)) == NULL)
    return;

  observation = pl_observation_new (scorecard);
  pl_observation_set_interaction_id (observation, pl_sample_item_get_interaction_id (item));
  /* The interaction's own reference (the call or case number), to find
   * the recording by. */
  if (pl_sample_item_get_interaction_id (item) > 0)
    {
      g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (self->workspace,
                                                           "SELECT reference FROM interactions WHERE id = ?1",
                                                           NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, pl_sample_item_get_interaction_id (item));
          if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
            pl_observation_set_reference (observation, (const char *) sqlite3_column_text (stmt, 0));
        }
    }
  pl_observation_set_colleague (observation, pl_sample_item_get_colleague_id (item),
                                pl_sample_item_get_colleague_name (item));
  pl_observation_set_channel (observation, pl_sample_item_get_channel_id (item),
                              pl_sample_item_get_channel_name (item));
  /* Dated on the interaction's day, so that the score counts in the
   * review's period however late the recording is listened to. */
  occurred_on = pl_sample_item_get_occurred_on (item);
  if (occurred_on != NULL && *occurred_on != '\0')
    pl_observation_set_observed_on (observation, occurred_on);
  pl_observation_set_evaluator (observation, self->last_evaluator);

  day = format_day (occurred_on);
  position = g_strdup_printf ("%" G_GINT64_FORMAT, pl_sample_item_get_position (item));
  /* Translators: "Monitoring list item 3 · Telephone, 1 Sep 2026" */
  subtitle = g_strdup_printf (_("Monitoring list item %s · %s, %s"), position,
                              pl_sample_item_get_channel_name (item) != NULL ? pl_sample_item_get_channel_name (item)
                                                                             : _("No channel"),
                              day);
  open_form (self, observation, pl_sample_item_get_id (item), _("Observe an Interaction"), subtitle);
}

static void
skip_reason_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  g_autofree char *reason = pl_str_stripped (gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, "skip", reason[0] != '\0');
}

static void
skip_reason_activate_cb (GtkEntry         *entry,
                         AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "skip"))
    adw_message_dialog_response (dialog, "skip");
}

static void
skip_response_cb (AdwMessageDialog   *dialog,
                  const char         *response,
                  PlObservationsPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "item-id");
  PlSampleItem *item;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "skip") != 0 || self->workspace == NULL)
    return;

  item = find_item (self, *id);
  if (item == NULL)
    return;

  if (!pl_sample_item_skip (item, self->workspace, gtk_editable_get_text (entry), &error))
    {
      report_error (self, _("The interaction was not skipped"), error);
      return;
    }
  show_toast (self, _("Skipped, with the reason kept on the monitoring list"));
}

static void
skip_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 id = g_variant_get_int64 (param);
  PlSampleItem *item = find_item (self, id);
  GtkWidget *dialog;
  GtkWidget *entry;
  const char *colleague;

  if (item == NULL || self->workspace == NULL)
    return;

  colleague = pl_sample_item_get_colleague_name (item);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Skip This Interaction?"), NULL);
  /* Translators: %s is a colleague */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The interaction of %s will not be observed. Say why, for example “recording "
                                    "missing” or “customer asked not to be recorded”: the reason stays on the "
                                    "monitoring list."),
                                  colleague != NULL && *colleague != '\0' ? colleague : _("no colleague"));

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for skipping"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "skip", _("_Skip"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "skip", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "skip", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "item-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (skip_reason_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (skip_reason_activate_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (skip_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
explain_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(PlObservation) observation = NULL;
  g_autoptr(PlScoreResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *score = NULL;
  g_autofree char *day = NULL;
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *label;

  if (self->workspace == NULL)
    return;

  observation = pl_observation_load (self->workspace, g_variant_get_int64 (param), &error);
  if (observation != NULL)
    result = pl_observation_score_result (observation, &error);
  if (result == NULL)
    {
      report_error (self, _("The score could not be explained"), error);
      return;
    }

  explanation = pl_score_result_explain (pl_observation_get_scorecard (observation), result);
  score = format_score (result->score);
  day = format_day (pl_observation_get_observed_on (observation));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("How This Score Was Worked Out"), NULL);
  /* Translators: "Amira Khan, 3 Sep 2026: 75.0 on Contact quality (v1)" */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("%s, %s: %s on %s (v%d)"),
                                  pl_observation_get_colleague_name (observation), day, score,
                                  pl_observation_get_scorecard_name (observation),
                                  pl_observation_get_scorecard_version (observation));

  label = gtk_label_new (explanation);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  g_object_set_data_full (G_OBJECT (dialog), "explanation", g_strdup (explanation), g_free);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);
  guint index;
  double value;

  g_variant_get (param, "(ud)", &index, &value);
  if (self->observation == NULL || index >= self->criteria->len)
    return;

  {
    CriterionUi *ui = g_ptr_array_index (self->criteria, index);

    for (guint i = 0; i < ui->options->len; i++)
      if (same_value (g_array_index (ui->options, AnswerOption, i).value, value))
        {
          set_answer (self, ui, (int) i);
          return;
        }
  }
}

static void
face_to_face_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);

  gtk_switch_set_active (self->face_to_face_switch, !gtk_switch_get_active (self->face_to_face_switch));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  PlObservationField field = PL_OBSERVATION_FIELD_NONE;
  guint index = 0;
  gboolean live;
  gint64 id = 0;
  g_autofree char *score = NULL;
  g_autofree char *message = NULL;

  if (self->workspace == NULL || self->observation == NULL)
    return;

  details_changed_cb (self);
  clear_errors (self);
  live = gtk_switch_get_active (self->face_to_face_switch);
  pl_observation_set_mode (self->observation, live ? PL_OBSERVATION_MODE_FACE_TO_FACE
                                                   : PL_OBSERVATION_MODE_STANDARD);
  pl_observation_set_duration_seconds (self->observation, live && self->timer_used ? timer_seconds (self) : -1);

  if (!pl_observation_check (self->observation, &field, &index, &error))
    {
      switch (field)
        {
        case PL_OBSERVATION_FIELD_COLLEAGUE:
          show_details_error (self, GTK_WIDGET (self->colleague_row), error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->colleague_row));
          break;
        case PL_OBSERVATION_FIELD_CHANNEL:
          show_details_error (self, GTK_WIDGET (self->channel_row), error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->channel_row));
          break;
        case PL_OBSERVATION_FIELD_DATE:
          show_details_error (self, GTK_WIDGET (self->date_row), error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
          break;
        case PL_OBSERVATION_FIELD_CRITERION:
          if (index < self->criteria->len)
            {
              CriterionUi *ui = g_ptr_array_index (self->criteria, index);

              show_criterion_error (ui, error->message);
              gtk_widget_grab_focus (focus_stop (ui));
              break;
            }
          G_GNUC_FALLTHROUGH;
        case PL_OBSERVATION_FIELD_DURATION:
        case PL_OBSERVATION_FIELD_NONE:
        default:
          show_form_error (self, error->message);
          break;
        }
      return;
    }

  if (!pl_observation_save (self->workspace, self->observation, self->sample_item_id, &id, &error))
    {
      show_form_error (self, error->message);
      return;
    }

  g_free (self->last_evaluator);
  self->last_evaluator = g_strdup (pl_observation_get_evaluator (self->observation));
  self->last_scorecard_id = pl_observation_get_scorecard_id (self->observation);
  score = format_score (pl_observation_get_score (self->observation));
  /* Translators: %s is the score */
  message = g_strdup_printf (_("Observation saved, score %s"), score);

  close_form (self);
  show_toast (self, message);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);

  if (self->observation != NULL)
    close_form (self);
}

/* Object */

static void
pl_observations_page_map (GtkWidget *widget)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_observations_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_observations_page_dispose (GObject *object)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_OBSERVATIONS_PAGE);
  g_clear_object (&self->workspace);
  g_clear_object (&self->observation);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (pl_observations_page_parent_class)->dispose (object);
}

static void
pl_observations_page_finalize (GObject *object)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (object);

  g_clear_pointer (&self->sample_ids, g_array_unref);
  g_clear_pointer (&self->scorecard_ids, g_array_unref);
  g_clear_pointer (&self->colleague_ids, g_array_unref);
  g_clear_pointer (&self->channel_ids, g_array_unref);
  g_clear_pointer (&self->item_rows, g_ptr_array_unref);
  g_clear_pointer (&self->recent_rows, g_ptr_array_unref);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_free (self->last_evaluator);

  G_OBJECT_CLASS (pl_observations_page_parent_class)->finalize (object);
}

static void
pl_observations_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (object);

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
pl_observations_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PlObservationsPage *self = PL_OBSERVATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_observations_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_observations_page_class_init (PlObservationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_observations_page_dispose;
  object_class->finalize = pl_observations_page_finalize;
  object_class->get_property = pl_observations_page_get_property;
  object_class->set_property = pl_observations_page_set_property;
  widget_class->map = pl_observations_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-observations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, main_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, monitoring_group);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, sample_list);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, sample_row);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, monitoring_empty);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, recent_empty);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, form_title);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, form_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, score_label);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, form_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, face_to_face_switch);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, timer_box);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, timer_label);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, timer_button);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, quick_note_entry);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, scorecard_row);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, colleague_row);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, channel_row);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, reference_row);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, evaluator_row);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, details_error);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, criteria_box);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, comments_view);
  gtk_widget_class_bind_template_child (widget_class, PlObservationsPage, form_error);

  gtk_widget_class_install_action (widget_class, "obs.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "obs.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "obs.observe-item", "x", observe_item_action);
  gtk_widget_class_install_action (widget_class, "obs.skip-item", "x", skip_item_action);
  gtk_widget_class_install_action (widget_class, "obs.explain", "x", explain_action);
  gtk_widget_class_install_action (widget_class, "obs.answer", "(ud)", answer_action);
  gtk_widget_class_install_action (widget_class, "obs.face-to-face", NULL, face_to_face_action);
  gtk_widget_class_install_action (widget_class, "obs.timer-toggle", NULL, timer_toggle_action);
  gtk_widget_class_install_action (widget_class, "obs.timer-reset", NULL, timer_reset_action);
  gtk_widget_class_install_action (widget_class, "obs.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "obs.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "obs.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "obs.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "obs.cancel", NULL);
}

/* Answer buttons narrow enough for six in a row on a phone-sized window,
 * still 48 px or more in face-to-face mode. */
static void
ensure_css (void)
{
  static gboolean done;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (done || display == NULL)
    return;
  done = TRUE;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider,
                                   ".pl-answers > button { padding-left: 4px; padding-right: 4px; min-width: 32px; }"
                                   ".pl-answers > button:checked { background-color: @accent_bg_color;"
                                   " color: @accent_fg_color; }",
                                   -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
pl_observations_page_init (PlObservationsPage *self)
{
  PangoAttrList *attributes;

  ensure_css ();
  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "obs.save");

  self->sample_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->scorecard_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->colleague_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->channel_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->item_rows = g_ptr_array_new ();
  self->recent_rows = g_ptr_array_new ();
  self->criteria = g_ptr_array_new_with_free_func (criterion_ui_free);

  /* A timer to read from across the room. */
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_scale_new (4.0));
  pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (self->timer_label, attributes);
  pango_attr_list_unref (attributes);
  update_timer (self);

  g_signal_connect_object (self->sample_row, "notify::selected", G_CALLBACK (sample_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scorecard_row, "notify::selected", G_CALLBACK (scorecard_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->colleague_row, "notify::selected", G_CALLBACK (details_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->channel_row, "notify::selected", G_CALLBACK (details_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "changed", G_CALLBACK (details_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reference_row, "changed", G_CALLBACK (details_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->evaluator_row, "changed", G_CALLBACK (details_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->comments_view), "changed",
                           G_CALLBACK (details_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->face_to_face_switch, "notify::active", G_CALLBACK (face_to_face_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->quick_note_entry, "activate", G_CALLBACK (quick_note_cb), self, 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "obs.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "obs.cancel", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlObservationsPage *
pl_observations_page_new (void)
{
  return g_object_new (PL_TYPE_OBSERVATIONS_PAGE, NULL);
}

PlWorkspace *
pl_observations_page_get_workspace (PlObservationsPage *self)
{
  g_return_val_if_fail (PL_IS_OBSERVATIONS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_observations_page_set_workspace (PlObservationsPage *self,
                                    PlWorkspace        *workspace)
{
  static const char * const tables[] = {
    "observations", "sample_items", "samples", "scorecards", "colleagues", "channels", "reviews",
  };

  g_return_if_fail (PL_IS_OBSERVATIONS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* A form half filled belongs to the old workspace. */
  if (self->observation != NULL)
    {
      timer_reset (self, -1);
      g_clear_object (&self->observation);
      self->sample_item_id = 0;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "obs.save", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "obs.cancel", FALSE);
    }
  g_set_object (&self->workspace, workspace);
  self->last_scorecard_id = 0;
  g_clear_pointer (&self->last_evaluator, g_free);
  g_array_set_size (self->sample_ids, 0);

  if (workspace != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      {
        g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

        g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb), self, G_CONNECT_SWAPPED);
      }

  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
