/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-item.h"
#include "core/pl-review.h"
#include "core/pl-sampling.h"
#include "core/pl-util.h"

#include "pl-sampling-page.h"

/* Plan → Sampling: choose the interactions to sample from, how many and
 * how, draw a reproducible sample and work through its monitoring list
 * (unit 403 AC 2.3, unit 312 LO2). A draw runs in the main thread: the
 * core reads and writes through the workspace's one connection, and a
 * frame of tens of thousands of interactions takes a fraction of a second. */

/* The earlier samples listed. */
#define SAMPLES_SHOWN 20

struct _PlSamplingPage
{
  AdwBin             parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkWidget         *scrolled;
  AdwEntryRow       *start_row;
  AdwEntryRow       *end_row;
  AdwComboRow       *channel_row;
  AdwComboRow       *team_row;
  GtkLabel          *population_label;
  GtkCheckButton    *percent_check;
  GtkSpinButton     *percent_spin;
  GtkCheckButton    *cochran_check;
  AdwComboRow       *confidence_row;
  GtkWidget         *margin_row;
  GtkSpinButton     *margin_spin;
  GtkWidget         *proportion_row;
  GtkSpinButton     *proportion_spin;
  GtkLabel          *size_label;
  GtkExpander       *explain_expander;
  GtkLabel          *explain_label;
  AdwComboRow       *method_row;
  GtkWidget         *strata_row;
  GtkCheckButton    *stratum_channel_check;
  GtkCheckButton    *stratum_team_check;
  GtkCheckButton    *stratum_colleague_check;
  GtkCheckButton    *stratum_week_check;
  GtkSpinButton     *min_spin;
  AdwComboRow       *review_row;
  AdwEntryRow       *seed_row;
  GtkWidget         *result_group;
  GtkLabel          *seed_label;
  GtkWidget         *allocation_list;
  AdwExpanderRow    *allocation_row;
  GtkListBox        *items_list;
  GtkWidget         *notice_list;
  AdwActionRow      *notice_row;
  GtkWidget         *samples_group;
  GtkListBox        *samples_list;

  PlWorkspace       *workspace;
  GArray            *channel_ids;      /* gint64, index i + 1 of the channel combo */
  GArray            *team_ids;
  GArray            *review_ids;       /* gint64, index i + 1 of review_row */
  GPtrArray         *allocation_rows;  /* the rows added to allocation_row */
  GListModel        *samples;          /* of PlSample, the ones listed */
  GPtrArray         *sample_rows;      /* the rows of samples_list */
  GListModel        *items;            /* the monitoring list shown */
  gint64             sample_id;        /* its sample, 0 for none */
  gint64             population;
  gint64             size;
  guint              refresh_id;
  gboolean           stale;            /* the workspace changed while hidden */
  gboolean           items_stale;      /* notices or people changed */
};

G_DEFINE_FINAL_TYPE (PlSamplingPage, pl_sampling_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const double confidences[] = { 0.90, 0.95, 0.99 };

static void
show_toast (PlSamplingPage *self,
            const char     *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
format_count (gint64 n)
{
  /* Grouped as the user's locale groups thousands: "8,451". */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static gulong
plural_n (gint64 n)
{
  return n <= 0 ? 0 : (guint64) n > G_MAXULONG ? G_MAXULONG : (gulong) n;
}

/* A strict "YYYY-MM-DD": what the frame stores and compares as text. */
static gboolean
parse_day (const char *text,
           GDate      *date)
{
  int year, month, day;
  char end;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      text[4] != '-' || text[7] != '-' ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static gint64
selected_id (AdwComboRow *row,
             GArray      *ids)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || ids == NULL || selected > ids->len)
    return 0;

  return g_array_index (ids, gint64, selected - 1);
}

/* The frame the choices describe, or NULL with the reason in @message. */
static PlSamplingFrame *
build_frame (PlSamplingPage  *self,
             char           **message)
{
  const char *start = gtk_editable_get_text (GTK_EDITABLE (self->start_row));
  const char *end = gtk_editable_get_text (GTK_EDITABLE (self->end_row));
  g_autoptr(PlFrameFilter) filter = pl_frame_filter_new ();
  g_autofree char *name = NULL;
  PlSamplingFrame *frame;
  GDate start_date, end_date;
  gint64 channel_id, team_id;

  if ((start[0] != '\0' && !parse_day (start, &start_date)) ||
      (end[0] != '\0' && !parse_day (end, &end_date)))
    {
      *message = g_strdup (_("Enter the days as year-month-day, for example 2026-08-01."));
      return NULL;
    }
  if (start[0] != '\0' && end[0] != '\0' && g_date_compare (&start_date, &end_date) > 0)
    {
      *message = g_strdup (_("The first day comes after the last day: swap them to see the frame."));
      return NULL;
    }

  if (start[0] != '\0')
    filter->period_start = g_strdup (start);
  if (end[0] != '\0')
    filter->period_end = g_strdup (end);
  channel_id = selected_id (self->channel_row, self->channel_ids);
  if (channel_id != 0)
    pl_frame_filter_add_id (&filter->channel_ids, channel_id);
  team_id = selected_id (self->team_row, self->team_ids);
  if (team_id != 0)
    pl_frame_filter_add_id (&filter->team_ids, team_id);

  if (start[0] != '\0' && end[0] != '\0')
    /* Translators: a sampling frame's name, "Interactions 2026-08-01 to 2026-08-31" */
    name = g_strdup_printf (_("Interactions %s to %s"), start, end);
  else if (start[0] != '\0')
    /* Translators: a sampling frame's name */
    name = g_strdup_printf (_("Interactions from %s"), start);
  else if (end[0] != '\0')
    /* Translators: a sampling frame's name */
    name = g_strdup_printf (_("Interactions up to %s"), end);
  else
    name = g_strdup (_("All interactions"));

  frame = pl_sampling_frame_new (name, PL_FRAME_INTERACTIONS);
  pl_sampling_frame_set_filter (frame, filter);

  return frame;
}

static gboolean
is_cochran (PlSamplingPage *self)
{
  return gtk_check_button_get_active (self->cochran_check);
}

static void
fill_size_input (PlSamplingPage    *self,
                 PlSampleSizeInput *input)
{
  guint selected = adw_combo_row_get_selected (self->confidence_row);

  pl_sample_size_input_init (input);
  input->population = self->population;
  if (selected < G_N_ELEMENTS (confidences))
    input->confidence = confidences[selected];
  input->margin = gtk_spin_button_get_value (self->margin_spin) / 100.0;
  input->proportion = gtk_spin_button_get_value (self->proportion_spin) / 100.0;
}

static void
update_draw_enabled (PlSamplingPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sampling.draw",
                                 self->workspace != NULL && self->size > 0);
}

/* The size follows every choice at once, with its reasons. */
static void
update_size (PlSamplingPage *self)
{
  gboolean cochran = is_cochran (self);
  g_autofree char *size_text = NULL;
  g_autofree char *population_text = format_count (self->population);
  g_autofree char *label = NULL;
  g_autofree char *explanation = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->percent_spin), !cochran);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confidence_row), cochran);
  gtk_widget_set_sensitive (self->margin_row, cochran);
  gtk_widget_set_sensitive (self->proportion_row, cochran);

  self->size = 0;

  if (self->population <= 0)
    {
      gtk_label_set_text (self->size_label, _("No sample: the frame is empty"));
      gtk_label_set_text (self->explain_label,
                          _("Choose a period, channel or team that holds interactions."));
      update_draw_enabled (self);
      return;
    }

  if (cochran)
    {
      g_autoptr(GError) error = NULL;
      PlSampleSizeInput input;
      PlSampleSize result;

      fill_size_input (self, &input);
      if (!pl_sample_size_compute (&input, &result, &error))
        {
          gtk_label_set_text (self->size_label, _("No sample size yet"));
          gtk_label_set_text (self->explain_label, error->message);
          update_draw_enabled (self);
          return;
        }
      self->size = result.sample_size;
      explanation = pl_sample_size_explain (&input, &result);
    }
  else
    {
      double percent = gtk_spin_button_get_value (self->percent_spin);
      g_autofree char *percent_text = g_strdup_printf ("%g", percent);

      self->size = (gint64) floor ((double) self->population * percent / 100.0 + 0.5);
      self->size = CLAMP (self->size, 1, self->population);
      size_text = format_count (self->size);
      /* Translators: "5% of 8,451 interactions, rounded to the nearest whole one, is 423." */
      explanation = g_strdup_printf (_("%s%% of %s interactions, rounded to the nearest whole one, is %s. "
                                       "A percentage says nothing about precision: choose "
                                       "“Calculate (Cochran)” to size the sample for the margin "
                                       "of error you can accept."),
                                     percent_text, population_text, size_text);
    }

  g_clear_pointer (&size_text, g_free);
  size_text = format_count (self->size);
  /* Translators: "Sample size: 423 of 8,451" */
  label = g_strdup_printf (_("Sample size: %s of %s"), size_text, population_text);
  gtk_label_set_text (self->size_label, label);
  gtk_label_set_text (self->explain_label, explanation);
  update_draw_enabled (self);
}

static void
update_population (PlSamplingPage *self)
{
  g_autoptr(PlSamplingFrame) frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *label = NULL;
  gint64 count = 0;

  self->population = 0;

  if (self->workspace == NULL)
    {
      update_size (self);
      return;
    }

  frame = build_frame (self, &message);
  if (frame == NULL)
    {
      gtk_label_set_text (self->population_label, message);
      update_size (self);
      return;
    }

  if (!pl_sampling_frame_count (frame, self->workspace, &count, &error))
    {
      /* Translators: %s is the reason */
      label = g_strdup_printf (_("The interactions could not be counted: %s"), error->message);
      gtk_label_set_text (self->population_label, label);
      update_size (self);
      return;
    }

  self->population = count;
  count_text = format_count (count);
  /* Translators: "8,451 interactions in this frame" */
  label = g_strdup_printf (ngettext ("%s interaction in this frame",
                                     "%s interactions in this frame",
                                     plural_n (count)),
                           count_text);
  gtk_label_set_text (self->population_label, label);
  update_size (self);
}

static void
update_method (PlSamplingPage *self)
{
  gboolean stratified = adw_combo_row_get_selected (self->method_row) == PL_SAMPLE_STRATIFIED;

  gtk_widget_set_visible (self->strata_row, stratified);
}

/* Fills a filter's combo with "All …" and the workspace's items, keeping
 * the item chosen if it is still there. */
static void
load_filter (PlSamplingPage *self,
             AdwComboRow    *row,
             PlItemKind      kind,
             const char     *all_label,
             GArray        **ids)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 chosen = selected_id (row, *ids);
  guint selected = 0;
  guint n;

  g_clear_pointer (ids, g_array_unref);
  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (names, all_label);

  items = pl_workspace_list_items (self->workspace, kind, &error);
  if (items == NULL)
    g_warning ("Could not list the filter's items: %s", error->message);

  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      gint64 id = pl_item_get_id (item);

      g_array_append_val (*ids, id);
      gtk_string_list_append (names, pl_item_get_name (item));
      if (id == chosen)
        selected = i + 1;
    }

  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, selected);
}

/* The reviews a sample can belong to: those not closed, newest plan
 * first as the core lists them; the choice is kept across refreshes. */
static void
load_reviews (PlSamplingPage *self)
{
  g_autoptr(GListModel) reviews = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 chosen = selected_id (self->review_row, self->review_ids);
  guint selected = 0;
  guint n;

  g_clear_pointer (&self->review_ids, g_array_unref);
  self->review_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (names, _("None"));

  reviews = pl_review_list (self->workspace, &error);
  if (reviews == NULL)
    g_warning ("Could not list the reviews: %s", error->message);

  n = reviews != NULL ? g_list_model_get_n_items (reviews) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlReview) review = g_list_model_get_item (reviews, i);
      gint64 id = pl_review_get_id (review);

      if (pl_review_get_status (review) == PL_REVIEW_STATUS_CLOSED)
        continue;
      g_array_append_val (self->review_ids, id);
      gtk_string_list_append (names, pl_review_get_title (review));
      if (id == chosen)
        selected = self->review_ids->len;
    }

  adw_combo_row_set_model (self->review_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->review_row, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->review_row), self->review_ids->len > 0);
}

static const char *
describe_method (PlSampleMethod method)
{
  switch (method)
    {
    case PL_SAMPLE_SIMPLE:
      return _("Simple random");
    case PL_SAMPLE_SYSTEMATIC:
      return _("Systematic");
    case PL_SAMPLE_STRATIFIED:
    default:
      return _("Stratified");
    }
}

static char *
describe_drawn_at (const char *drawn_at)
{
  g_autoptr(GDateTime) utc = drawn_at != NULL ? g_date_time_new_from_iso8601 (drawn_at, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (drawn_at != NULL ? drawn_at : "");

  local = g_date_time_to_local (utc);
  /* Translators: a date and time in g_date_time_format() notation, "12 Mar 2026, 14:05" */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static void
load_samples (PlSamplingPage *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  for (guint i = 0; i < self->sample_rows->len; i++)
    gtk_list_box_remove (self->samples_list, g_ptr_array_index (self->sample_rows, i));
  g_ptr_array_set_size (self->sample_rows, 0);

  g_clear_object (&self->samples);
  self->samples = pl_sample_list (self->workspace, SAMPLES_SHOWN, &error);
  if (self->samples == NULL)
    {
      g_warning ("Could not list the samples: %s", error->message);
      gtk_widget_set_visible (self->samples_group, FALSE);
      return;
    }

  n = g_list_model_get_n_items (self->samples);
  gtk_widget_set_visible (self->samples_group, n > 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSample) sample = g_list_model_get_item (self->samples, i);
      const char *frame_name = pl_sample_get_frame_name (sample);
      g_autofree char *size_text = format_count (pl_sample_get_size (sample));
      g_autofree char *population_text = format_count (pl_sample_get_population (sample));
      g_autofree char *when = describe_drawn_at (pl_sample_get_drawn_at (sample));
      g_autofree char *subtitle = NULL;
      g_autofree char *open_label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), frame_name);
      /* Translators: "Stratified · 423 of 8,451 · 28 Sep 2026, 14:05" */
      subtitle = g_strdup_printf (_("%s · %s of %s · %s"), describe_method (pl_sample_get_method (sample)),
                                  size_text, population_text, when);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      button = gtk_button_new_with_mnemonic (_("_Open"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sampling.open");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (pl_sample_get_id (sample)));
      /* Translators: %s is a sample's frame name */
      open_label = g_strdup_printf (_("Open the monitoring list of “%s”"), frame_name);
      gtk_widget_set_tooltip_text (button, open_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, open_label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

      gtk_list_box_append (self->samples_list, row);
      g_ptr_array_add (self->sample_rows, row);
    }
}

static const char *
describe_status (PlSampleItemStatus status)
{
  switch (status)
    {
    case PL_SAMPLE_ITEM_MONITORED:
      return _("Monitored");
    case PL_SAMPLE_ITEM_SKIPPED:
      return _("Skipped");
    case PL_SAMPLE_ITEM_PENDING:
    default:
      return _("Pending");
    }
}

/* Shows an item's present state on its row; the buttons offer the other
 * states. */
static void
update_item_row (AdwActionRow *row)
{
  PlSampleItem *item = g_object_get_data (G_OBJECT (row), "item");
  GtkWidget *warning = g_object_get_data (G_OBJECT (row), "warning");
  GtkWidget *monitored = g_object_get_data (G_OBJECT (row), "monitored-button");
  GtkWidget *skip = g_object_get_data (G_OBJECT (row), "skip-button");
  GtkWidget *reset = g_object_get_data (G_OBJECT (row), "reset-button");
  PlSampleItemStatus status = pl_sample_item_get_status (item);
  gboolean missing = pl_sample_item_get_notice_missing (item);
  const char *colleague = pl_sample_item_get_colleague_name (item);
  const char *stratum = pl_sample_item_get_stratum (item);
  const char *reason = pl_sample_item_get_skip_reason (item);
  GString *subtitle = g_string_new (NULL);

  g_string_append (subtitle, colleague != NULL ? colleague : _("No colleague"));
  if (stratum != NULL && stratum[0] != '\0')
    g_string_append_printf (subtitle, " · %s", stratum);
  g_string_append_printf (subtitle, " · %s", describe_status (status));
  if (status == PL_SAMPLE_ITEM_SKIPPED && reason != NULL)
    /* Translators: a skipped item's reason, after its status */
    g_string_append_printf (subtitle, _(": %s"), reason);
  if (missing)
    g_string_append_printf (subtitle, "\n%s", _("Not told about monitoring"));

  adw_action_row_set_subtitle (row, subtitle->str);
  g_string_free (subtitle, TRUE);

  gtk_widget_set_visible (warning, missing);
  gtk_widget_set_visible (monitored, status != PL_SAMPLE_ITEM_MONITORED);
  gtk_widget_set_visible (skip, status != PL_SAMPLE_ITEM_SKIPPED);
  gtk_widget_set_visible (reset, status != PL_SAMPLE_ITEM_PENDING);
}

static GtkWidget *
new_item_button (const char *icon_name,
                 const char *action_name,
                 gint64      item_id,
                 const char *tooltip,
                 const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (item_id));
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);

  return button;
}

static GtkWidget *
create_item_row (gpointer object,
                 gpointer user_data)
{
  PlSampleItem *item = PL_SAMPLE_ITEM (object);
  gint64 id = pl_sample_item_get_id (item);
  const char *channel = pl_sample_item_get_channel_name (item);
  g_autofree char *position = g_strdup_printf ("%" G_GINT64_FORMAT, pl_sample_item_get_position (item));
  g_autofree char *date = pl_sample_item_get_occurred_on (item) != NULL
                          ? pl_date_format_short (pl_sample_item_get_occurred_on (item))
                          : g_strdup (_("no date"));
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  g_autofree char *monitored_label = NULL;
  g_autofree char *skip_label = NULL;
  g_autofree char *reset_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *warning;
  GtkWidget *box;
  GtkWidget *monitored;
  GtkWidget *skip;
  GtkWidget *reset;

  /* Translators: "No. 12 · 14 Aug 2026 · Telephone" */
  title = g_strdup_printf (_("No. %s · %s · %s"), position, date, channel != NULL ? channel : "");
  /* Translators: names an item in buttons' accessible labels, "item 12" */
  label = g_strdup_printf (_("item %s"), position);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_tooltip_text (warning, _("Not told about monitoring. Record a staff monitoring "
                                          "notice for this colleague’s team first: data protection "
                                          "and fairness both need people to know they may be monitored."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (warning), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Not told about monitoring"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), warning);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  /* Translators: accessible label, %s is "item 12" */
  monitored_label = g_strdup_printf (_("Mark %s monitored"), label);
  monitored = new_item_button ("object-select-symbolic", "sampling.monitored", id,
                               _("Mark monitored"), monitored_label);
  /* Translators: accessible label, %s is "item 12" */
  skip_label = g_strdup_printf (_("Skip %s"), label);
  skip = new_item_button ("action-unavailable-symbolic", "sampling.skip", id,
                          _("Skip, with a reason…"), skip_label);
  /* Translators: accessible label, %s is "item 12" */
  reset_label = g_strdup_printf (_("Put %s back to pending"), label);
  reset = new_item_button ("edit-undo-symbolic", "sampling.reset", id,
                           _("Back to pending"), reset_label);
  gtk_box_append (GTK_BOX (box), monitored);
  gtk_box_append (GTK_BOX (box), skip);
  gtk_box_append (GTK_BOX (box), reset);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "item", g_object_ref (item), g_object_unref);
  g_object_set_data (G_OBJECT (row), "warning", warning);
  g_object_set_data (G_OBJECT (row), "monitored-button", monitored);
  g_object_set_data (G_OBJECT (row), "skip-button", skip);
  g_object_set_data (G_OBJECT (row), "reset-button", reset);

  g_signal_connect_object (item, "notify", G_CALLBACK (update_item_row), row, G_CONNECT_SWAPPED);
  update_item_row (ADW_ACTION_ROW (row));

  return row;
}

/* How many items are with colleagues not told about monitoring, with the
 * way to put it right. */
static void
update_notice_row (PlSamplingPage *self)
{
  guint n = g_list_model_get_n_items (self->items);
  guint missing = 0;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (self->items, i);

      missing += pl_sample_item_get_notice_missing (item) ? 1 : 0;
    }

  gtk_widget_set_visible (self->notice_list, missing > 0);
  if (missing == 0)
    return;

  count = format_count (missing);
  title = g_strdup_printf (ngettext ("%s interaction is with a colleague not yet told about monitoring",
                                     "%s interactions are with colleagues not yet told about monitoring",
                                     missing),
                           count);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->notice_row), title);
}

static void
load_items (PlSamplingPage *self)
{
  g_autoptr(GError) error = NULL;
  GListModel *items;

  self->items_stale = FALSE;
  if (self->sample_id == 0 || self->workspace == NULL)
    return;

  items = pl_sample_list_items (self->workspace, self->sample_id, &error);
  if (items == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The monitoring list could not be read: %s"), error->message);
      show_toast (self, message);
      return;
    }

  g_clear_object (&self->items);
  self->items = items;
  gtk_list_box_bind_model (self->items_list, self->items, create_item_row, self, NULL);
  update_notice_row (self);
}

static void
clear_allocation (PlSamplingPage *self)
{
  for (guint i = 0; i < self->allocation_rows->len; i++)
    adw_expander_row_remove (self->allocation_row, g_ptr_array_index (self->allocation_rows, i));
  g_ptr_array_set_size (self->allocation_rows, 0);
  gtk_widget_set_visible (self->allocation_list, FALSE);
}

static void
show_allocation (PlSamplingPage *self,
                 GArray         *allocation)
{
  g_autofree char *count_text = NULL;
  g_autofree char *subtitle = NULL;

  clear_allocation (self);
  if (allocation == NULL || allocation->len == 0)
    return;

  for (guint i = 0; i < allocation->len; i++)
    {
      PlStratumAllocation *stratum = &g_array_index (allocation, PlStratumAllocation, i);
      g_autofree char *size_text = format_count (stratum->size);
      g_autofree char *population_text = format_count (stratum->population);
      g_autofree char *share = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), stratum->label);
      /* Translators: a stratum's share of the sample, "6 of 14,668" */
      share = g_strdup_printf (_("%s of %s"), size_text, population_text);
      label = gtk_label_new (share);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (label, "allocation-share");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

      adw_expander_row_add_row (self->allocation_row, row);
      g_ptr_array_add (self->allocation_rows, row);
    }

  count_text = format_count (allocation->len);
  /* Translators: %s is a number of strata */
  subtitle = g_strdup_printf (ngettext ("Shared across %s stratum in proportion to its size",
                                        "Shared across %s strata in proportion to their sizes",
                                        allocation->len),
                              count_text);
  adw_expander_row_set_subtitle (self->allocation_row, subtitle);
  gtk_widget_set_visible (self->allocation_list, TRUE);
}

/* Shows a sample's monitoring list under its size and seed. */
static void
show_sample (PlSamplingPage *self,
             PlSample       *sample)
{
  g_autofree char *size_text = format_count (pl_sample_get_size (sample));
  g_autofree char *population_text = format_count (pl_sample_get_population (sample));
  g_autofree char *seed_text = g_strdup_printf ("%u", pl_sample_get_seed (sample));
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  self->sample_id = pl_sample_get_id (sample);

  /* Translators: "Monitoring List: 423 of 8,451 (Stratified)" */
  title = g_strdup_printf (_("Monitoring List: %s of %s (%s)"), size_text, population_text,
                           describe_method (pl_sample_get_method (sample)));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->result_group), title);
  /* Translators: %s is the seed number */
  description = g_strdup_printf (_("Seed %s — the same frame, size and seed draw the same sample again. "
                                   "Mark each interaction monitored once you have reviewed it, or skip "
                                   "it with a reason."),
                                 seed_text);
  gtk_label_set_text (self->seed_label, description);
  gtk_widget_set_visible (self->result_group, TRUE);

  load_items (self);
}

static void
refresh (PlSamplingPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 interactions = 0;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      update_population (self);
      return;
    }

  if (!pl_workspace_count_rows (self->workspace, "interactions", &interactions, &error))
    g_warning ("Could not count the interactions: %s", error->message);

  if (interactions == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-interactions");
      update_population (self);
      return;
    }

  load_filter (self, self->channel_row, PL_ITEM_KIND_CHANNEL, _("All channels"), &self->channel_ids);
  load_filter (self, self->team_row, PL_ITEM_KIND_TEAM, _("All teams"), &self->team_ids);
  load_reviews (self);
  update_population (self);
  load_samples (self);
  if (self->items_stale)
    load_items (self);

  gtk_stack_set_visible_child_name (self->stack, "main");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* One refresh covers a burst of changes; a hidden page only notes that it
 * is out of date. The monitoring list is read again only when what it
 * shows beyond the status (notices, people) changed: status changes
 * update their rows in place, keeping the focus where it was. */
static void
workspace_changed_cb (PlSamplingPage *self,
                      const char     *table)
{
  if (g_strcmp0 (table, "sample_items") == 0)
    return;

  if (g_strcmp0 (table, "monitoring_notices") == 0 || g_strcmp0 (table, "colleagues") == 0 ||
      g_strcmp0 (table, "teams") == 0 || g_strcmp0 (table, "channels") == 0)
    self->items_stale = TRUE;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
choice_changed_cb (PlSamplingPage *self)
{
  update_population (self);
}

static void
size_choice_changed_cb (PlSamplingPage *self)
{
  update_size (self);
}

static void
method_changed_cb (PlSamplingPage *self)
{
  update_method (self);
}

/* The latest day with an interaction: "last month" is the month before it,
 * so that a workspace of older data still offers its own last month. */
static gboolean
latest_day (PlWorkspace  *workspace,
            GDate        *date,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *text;

  stmt = pl_workspace_prepare (workspace, "SELECT max (occurred_at) FROM interactions", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, "find the latest interaction");
      return FALSE;
    }

  text = (const char *) sqlite3_column_text (stmt, 0);
  if (text != NULL && strlen (text) >= 10)
    {
      char day[11];

      g_strlcpy (day, text, sizeof day);
      if (parse_day (day, date))
        return TRUE;
    }

  g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                       _("The workspace has no dated interactions."));
  return FALSE;
}

static void
last_month_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  GDate date;

  if (self->workspace == NULL)
    return;

  if (!latest_day (self->workspace, &date, &error))
    {
      show_toast (self, error->message);
      return;
    }

  g_date_set_day (&date, 1);
  g_date_subtract_months (&date, 1);
  start = format_day (&date);
  g_date_set_day (&date, g_date_get_days_in_month (g_date_get_month (&date), g_date_get_year (&date)));
  end = format_day (&date);

  gtk_editable_set_text (GTK_EDITABLE (self->start_row), start);
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), end);
}

static gboolean
read_seed (PlSamplingPage  *self,
           PlDrawSettings  *settings,
           GError         **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->seed_row))));
  guint64 seed;

  settings->has_seed = FALSE;
  if (text[0] == '\0')
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &seed, NULL))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The seed must be a whole number from 0 to 4294967295, or empty to pick one."));
      return FALSE;
    }

  settings->has_seed = TRUE;
  settings->seed = (guint32) seed;
  return TRUE;
}

static gboolean
read_settings (PlSamplingPage  *self,
               PlDrawSettings  *settings,
               GError         **error)
{
  struct { GtkCheckButton *check; PlStratumField field; } strata[] = {
    { self->stratum_channel_check, PL_STRATUM_CHANNEL },
    { self->stratum_team_check, PL_STRATUM_TEAM },
    { self->stratum_colleague_check, PL_STRATUM_COLLEAGUE },
    { self->stratum_week_check, PL_STRATUM_WEEK },
  };

  pl_draw_settings_init (settings);
  settings->method = adw_combo_row_get_selected (self->method_row);
  settings->size = self->size;
  settings->review_id = selected_id (self->review_row, self->review_ids);

  if (settings->method == PL_SAMPLE_STRATIFIED)
    {
      for (guint i = 0; i < G_N_ELEMENTS (strata); i++)
        if (gtk_check_button_get_active (strata[i].check))
          settings->strata[settings->n_strata++] = strata[i].field;
      if (settings->n_strata == 0)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                               _("Choose at least one group to stratify by, or choose "
                                 "simple random or systematic sampling."));
          return FALSE;
        }
      settings->min_per_stratum = gtk_spin_button_get_value_as_int (self->min_spin);
    }

  if (is_cochran (self))
    {
      PlSampleSizeInput input;

      fill_size_input (self, &input);
      settings->has_size_inputs = TRUE;
      settings->confidence = input.confidence;
      settings->margin = input.margin;
      settings->proportion = input.proportion;
    }

  return read_seed (self, settings, error);
}

static void
draw_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (widget);
  g_autoptr(PlSamplingFrame) frame = NULL;
  g_autoptr(PlSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  PlDrawSettings settings;

  if (self->workspace == NULL || self->size <= 0)
    return;

  frame = build_frame (self, &message);
  if (frame == NULL)
    {
      show_toast (self, message);
      return;
    }

  if (!read_settings (self, &settings, &error))
    {
      show_toast (self, error->message);
      return;
    }

  sample = pl_sample_draw (self->workspace, frame, &settings, &error);
  if (sample == NULL)
    {
      /* Translators: %s is the reason */
      message = g_strdup_printf (_("No sample was drawn and nothing was recorded: %s"), error->message);
      show_toast (self, message);
      return;
    }

  show_allocation (self, pl_sample_get_allocation (sample));
  show_sample (self, sample);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (widget);
  gint64 sample_id = g_variant_get_int64 (param);
  guint n = self->samples != NULL ? g_list_model_get_n_items (self->samples) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSample) sample = g_list_model_get_item (self->samples, i);

      if (pl_sample_get_id (sample) != sample_id)
        continue;

      show_allocation (self, pl_sample_get_allocation (sample));
      show_sample (self, sample);
      gtk_widget_grab_focus (GTK_WIDGET (self->items_list));
      return;
    }

  show_toast (self, _("That sample is no longer in the workspace."));
}

static PlSampleItem *
find_item (PlSamplingPage *self,
           gint64          item_id)
{
  guint n = self->items != NULL ? g_list_model_get_n_items (self->items) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (self->items, i);

      if (pl_sample_item_get_id (item) == item_id)
        return item;
    }

  return NULL;
}

static void
report_status_error (PlSamplingPage *self,
                     GError         *error)
{
  g_autofree char *message = NULL;

  /* Translators: %s is the reason */
  message = g_strdup_printf (_("The status was not changed: %s"), error->message);
  show_toast (self, message);
}

static void
monitored_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (widget);
  PlSampleItem *item = find_item (self, g_variant_get_int64 (param));
  g_autoptr(GError) error = NULL;

  if (item != NULL && !pl_sample_item_mark_monitored (item, self->workspace, 0, &error))
    report_status_error (self, error);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (widget);
  PlSampleItem *item = find_item (self, g_variant_get_int64 (param));
  g_autoptr(GError) error = NULL;

  if (item != NULL && !pl_sample_item_reset (item, self->workspace, &error))
    report_status_error (self, error);
}

static void
skip_reason_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

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
skip_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  PlSamplingPage   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 item_id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "item-id");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;
  PlSampleItem *item;

  if (g_strcmp0 (response, "skip") != 0 || self->workspace == NULL)
    return;

  item = find_item (self, item_id);
  if (item == NULL)
    return;

  if (reason[0] == '\0')
    {
      show_toast (self, _("The item was not skipped: say why, so that the sample stays fair."));
      return;
    }

  if (!pl_sample_item_skip (item, self->workspace, reason, &error))
    report_status_error (self, error);
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 item_id = g_variant_get_int64 (param);
  PlSampleItem *item = find_item (self, item_id);
  g_autofree char *position = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (item == NULL)
    return;

  position = g_strdup_printf ("%" G_GINT64_FORMAT, pl_sample_item_get_position (item));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  /* Translators: %s is the item's number in the monitoring list */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Skip Item %s?"), position);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Skipping drawn items can bias a sample. Say why this one cannot "
                                 "be monitored, for example “recording missing”; the reason is kept "
                                 "with the sample."));

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

  g_object_set_data_full (G_OBJECT (dialog), "item-id", g_memdup2 (&item_id, sizeof item_id), g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (skip_reason_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (skip_reason_activate_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (skip_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
pl_sampling_page_map (GtkWidget *widget)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (widget);

  GTK_WIDGET_CLASS (pl_sampling_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_sampling_page_dispose (GObject *object)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_SAMPLING_PAGE);

  g_clear_pointer (&self->channel_ids, g_array_unref);
  g_clear_pointer (&self->team_ids, g_array_unref);
  g_clear_pointer (&self->review_ids, g_array_unref);
  g_clear_pointer (&self->allocation_rows, g_ptr_array_unref);
  g_clear_pointer (&self->sample_rows, g_ptr_array_unref);
  g_clear_object (&self->samples);
  g_clear_object (&self->items);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_sampling_page_parent_class)->dispose (object);
}

static void
pl_sampling_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (object);

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
pl_sampling_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlSamplingPage *self = PL_SAMPLING_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_sampling_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_sampling_page_class_init (PlSamplingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_sampling_page_dispose;
  object_class->get_property = pl_sampling_page_get_property;
  object_class->set_property = pl_sampling_page_set_property;

  widget_class->map = pl_sampling_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-sampling-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, start_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, end_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, channel_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, team_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, population_label);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, percent_check);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, percent_spin);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, cochran_check);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, confidence_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, margin_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, margin_spin);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, proportion_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, proportion_spin);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, size_label);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, explain_expander);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, explain_label);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, method_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, strata_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, stratum_channel_check);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, stratum_team_check);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, stratum_colleague_check);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, stratum_week_check);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, min_spin);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, seed_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, result_group);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, seed_label);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, allocation_list);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, allocation_row);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, notice_list);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, notice_row);
  /* For tests: the way to the Notices page. */
  gtk_widget_class_bind_template_child_full (widget_class, "notice_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, samples_group);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, samples_list);
  gtk_widget_class_bind_template_child (widget_class, PlSamplingPage, review_row);

  gtk_widget_class_install_action (widget_class, "sampling.last-month", NULL, last_month_action);
  gtk_widget_class_install_action (widget_class, "sampling.draw", NULL, draw_action);
  gtk_widget_class_install_action (widget_class, "sampling.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "sampling.monitored", "x", monitored_action);
  gtk_widget_class_install_action (widget_class, "sampling.skip", "x", skip_action);
  gtk_widget_class_install_action (widget_class, "sampling.reset", "x", reset_action);
}

static void
pl_sampling_page_init (PlSamplingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->allocation_rows = g_ptr_array_new ();
  self->sample_rows = g_ptr_array_new ();

  g_signal_connect_object (self->start_row, "changed", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->end_row, "changed", G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->channel_row, "notify::selected", G_CALLBACK (choice_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->team_row, "notify::selected", G_CALLBACK (choice_changed_cb),
                           self, G_CONNECT_SWAPPED);
  /* A radio group deactivates the other button first: follow both. */
  g_signal_connect_object (self->percent_check, "toggled", G_CALLBACK (size_choice_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cochran_check, "toggled", G_CALLBACK (size_choice_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->percent_spin, "value-changed", G_CALLBACK (size_choice_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->confidence_row, "notify::selected", G_CALLBACK (size_choice_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->margin_spin, "value-changed", G_CALLBACK (size_choice_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->proportion_spin, "value-changed", G_CALLBACK (size_choice_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->method_row, "notify::selected", G_CALLBACK (method_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_widget_set_visible (self->allocation_list, FALSE);
  update_method (self);
  update_size (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sampling.last-month", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlSamplingPage *
pl_sampling_page_new (void)
{
  return g_object_new (PL_TYPE_SAMPLING_PAGE, NULL);
}

PlWorkspace *
pl_sampling_page_get_workspace (PlSamplingPage *self)
{
  g_return_val_if_fail (PL_IS_SAMPLING_PAGE (self), NULL);

  return self->workspace;
}

void
pl_sampling_page_set_workspace (PlSamplingPage *self,
                                PlWorkspace    *workspace)
{
  static const char * const tables[] = {
    "interactions", "channels", "teams", "colleagues", "samples", "sample_items",
    "monitoring_notices", "reviews",
  };

  g_return_if_fail (PL_IS_SAMPLING_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);

  /* What was drawn belongs to the old workspace. */
  self->sample_id = 0;
  g_clear_object (&self->items);
  gtk_list_box_bind_model (self->items_list, NULL, NULL, NULL, NULL);
  clear_allocation (self);
  gtk_widget_set_visible (self->result_group, FALSE);
  g_clear_pointer (&self->channel_ids, g_array_unref);
  g_clear_pointer (&self->team_ids, g_array_unref);
  g_clear_pointer (&self->review_ids, g_array_unref);
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), "");

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sampling.last-month", workspace != NULL);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
