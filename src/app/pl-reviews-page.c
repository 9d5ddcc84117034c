/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>

#include "core/pl-item.h"
#include "core/pl-review.h"
#include "core/pl-sampling.h"
#include "core/pl-util.h"

#include "pl-review-wizard.h"
#include "pl-reviews-page.h"
#include "pl-toast.h"

/* Plan → Review Plan: the workspace's reviews, and the whole plan of the
 * one chosen: where it is in the cycle (with the move to the next stage or
 * back), what it still lacks, each part of the plan with the way back into
 * the wizard at that step, and the samples drawn for it (unit 403 LO2,
 * 401 LO2, NOS CFACSB14 PC 1-5). Colleagues on its monitoring lists whom
 * no notice covers are warned about here as on the Sampling page. */

#define N_STAGES (PL_REVIEW_STATUS_CLOSED + 1)

/* The wizard's step for each section of pl_review_dup_summary_sections(),
 * in its order; a section the core adds later opens the summary. */
static const PlReviewWizardStep section_steps[] = {
  PL_REVIEW_WIZARD_STEP_SCOPE,        /* Review: title, period, stage */
  PL_REVIEW_WIZARD_STEP_SCOPE,        /* Scope */
  PL_REVIEW_WIZARD_STEP_OBJECTIVES,
  PL_REVIEW_WIZARD_STEP_PEOPLE,
  PL_REVIEW_WIZARD_STEP_KPIS,
  PL_REVIEW_WIZARD_STEP_METHODS,
  PL_REVIEW_WIZARD_STEP_INFORMATION,  /* Information to collect */
  PL_REVIEW_WIZARD_STEP_PEOPLE,       /* How the aims were communicated */
};

struct _PlReviewsPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *cycle_list;
  GtkWidget       *empty_new_button;
  GtkWidget       *scrolled;
  GtkListBox      *reviews_list;
  AdwPreferencesGroup *stage_group;
  GtkBox          *stages_box;
  GtkButton       *back_button;
  GtkButton       *next_button;
  AdwPreferencesGroup *warnings_group;
  GtkListBox      *warnings_list;
  GtkBox          *sections_box;
  GtkWidget       *samples_group;
  GtkWidget       *sampling_button;
  GtkWidget       *samples_empty_label;
  GtkListBox      *samples_list;
  GtkWidget       *attach_list;
  AdwComboRow     *attach_row;
  GtkWidget       *trash_button;

  PlWorkspace     *workspace;
  GListModel      *reviews;         /* of PlReview, as listed */
  PlReview        *review;          /* the one shown, from @reviews */
  gint64           selected_id;
  GHashTable      *known_ids;       /* the review ids of the last listing */
  GArray          *attach_ids;      /* gint64, the samples in attach_row */
  GPtrArray       *review_rows;
  GPtrArray       *warning_rows;
  GPtrArray       *section_groups;
  GPtrArray       *sample_rows;
  GtkImage        *stage_icons[N_STAGES];
  GtkLabel        *stage_labels[N_STAGES];
  guint            refresh_id;
  gboolean         stale;           /* the workspace changed while hidden */
};

G_DEFINE_FINAL_TYPE (PlReviewsPage, pl_reviews_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (PlReviewsPage *self);

static void
show_toast (PlReviewsPage *self,
            const char    *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A message with its reason, in the user's words, in a toast. */
static void show_error_toast (PlReviewsPage *self,
                              const char    *format,
                              ...) G_GNUC_PRINTF (2, 3);

static void
show_error_toast (PlReviewsPage *self,
                  const char    *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  show_toast (self, message);
}

static void
set_id (gpointer    object,
        const char *key,
        gint64      id)
{
  g_object_set_data_full (G_OBJECT (object), key, g_memdup2 (&id, sizeof id), g_free);
}

static gint64
get_id (gpointer    object,
        const char *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (object), key);

  return id != NULL ? *id : 0;
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

static char *
format_day (const char *iso_date)
{
  char *text = iso_date != NULL && *iso_date != '\0' ? pl_date_format_short (iso_date) : NULL;

  return text != NULL ? text : g_strdup (iso_date != NULL ? iso_date : "");
}

static char *
describe_period (PlReview *review)
{
  g_autofree char *start = format_day (pl_review_get_period_start (review));
  g_autofree char *end = format_day (pl_review_get_period_end (review));

  /* Translators: a review's period, "1 Jul 2026 to 30 Sep 2026" */
  return g_strdup_printf (_("%s to %s"), start, end);
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
clear_rows (GtkListBox *list,
            GPtrArray  *rows)
{
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_remove (list, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
status_pill (PlReviewStatus status)
{
  GtkWidget *pill = gtk_label_new (pl_review_status_to_label (status));

  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_add_css_class (pill, status == PL_REVIEW_STATUS_CLOSED ? "status-green" : "status-none");

  return pill;
}

/* A row whose words wrap: a plan's lines and warnings are sentences. */
static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static GtkWidget *
status_icon (const char *icon_name,
             const char *style,
             const char *label)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (icon, style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return icon;
}

/* The cycle */

static void
fill_cycle_list (PlReviewsPage *self)
{
  for (PlReviewStatus s = PL_REVIEW_STATUS_PLANNING; s <= PL_REVIEW_STATUS_IMPROVING; s++)
    {
      g_autofree char *number = g_strdup_printf ("%d", s + 1);
      GtkWidget *row = text_row (pl_review_status_to_label (s), pl_review_status_get_description (s));
      GtkWidget *label = gtk_label_new (number);

      gtk_widget_add_css_class (label, "title-3");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_size_request (label, 24, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, number, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->cycle_list, row);
    }
}

static void
build_stages (PlReviewsPage *self)
{
  for (PlReviewStatus s = PL_REVIEW_STATUS_PLANNING; s < N_STAGES; s++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *icon = gtk_image_new ();
      GtkWidget *label = gtk_label_new (pl_review_status_to_label (s));

      gtk_widget_set_margin_top (box, 12);
      gtk_widget_set_margin_bottom (box, 12);
      gtk_widget_set_margin_start (box, 2);
      gtk_widget_set_margin_end (box, 2);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (self->stages_box, box);

      self->stage_icons[s] = GTK_IMAGE (icon);
      self->stage_labels[s] = GTK_LABEL (label);
    }
}

static void
update_stages (PlReviewsPage *self)
{
  PlReviewStatus status = pl_review_get_status (self->review);
  g_autofree char *number = g_strdup_printf ("%d", status + 1);
  g_autofree char *total = g_strdup_printf ("%d", N_STAGES);
  g_autofree char *title = NULL;
  g_autofree char *back = NULL;
  g_autofree char *next = NULL;

  for (PlReviewStatus s = PL_REVIEW_STATUS_PLANNING; s < N_STAGES; s++)
    {
      GtkWidget *icon = GTK_WIDGET (self->stage_icons[s]);
      GtkWidget *label = GTK_WIDGET (self->stage_labels[s]);
      const char *state;

      gtk_widget_remove_css_class (icon, "success");
      gtk_widget_remove_css_class (icon, "accent");
      gtk_widget_remove_css_class (icon, "dim-label");
      gtk_widget_remove_css_class (label, "accent");
      gtk_widget_remove_css_class (label, "heading");
      gtk_widget_remove_css_class (label, "dim-label");

      if (s < status || status == PL_REVIEW_STATUS_CLOSED)
        {
          gtk_image_set_from_icon_name (GTK_IMAGE (icon), "emblem-ok-symbolic");
          gtk_widget_add_css_class (icon, "success");
          state = _("done");
        }
      else if (s == status)
        {
          gtk_image_set_from_icon_name (GTK_IMAGE (icon), "media-record-symbolic");
          gtk_widget_add_css_class (icon, "accent");
          gtk_widget_add_css_class (label, "accent");
          gtk_widget_add_css_class (label, "heading");
          state = _("current stage");
        }
      else
        {
          gtk_image_set_from_icon_name (GTK_IMAGE (icon), "radio-symbolic");
          gtk_widget_add_css_class (icon, "dim-label");
          gtk_widget_add_css_class (label, "dim-label");
          state = _("to come");
        }

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, state, -1);
    }

  /* Translators: "Stage 2 of 5: Collecting" */
  title = g_strdup_printf (_("Stage %s of %s: %s"), number, total, pl_review_status_to_label (status));
  adw_preferences_group_set_title (self->stage_group, title);
  adw_preferences_group_set_description (self->stage_group, pl_review_status_get_description (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stages_box), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  /* One stage back, one forward: pl_review_status_can_move() says which. */
  if (status > PL_REVIEW_STATUS_PLANNING && pl_review_status_can_move (status, status - 1))
    {
      if (status == PL_REVIEW_STATUS_CLOSED)
        /* Translators: a button, %s is a stage, "Reopen to Improving" */
        back = g_strdup_printf (_("_Reopen to %s"), pl_review_status_to_label (status - 1));
      else
        /* Translators: a button, %s is a stage, "Back to Planning" */
        back = g_strdup_printf (_("_Back to %s"), pl_review_status_to_label (status - 1));
      gtk_button_set_label (self->back_button, back);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->back_button),
                                              g_variant_new_string (pl_review_status_to_string (status - 1)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), back != NULL);

  if (status < PL_REVIEW_STATUS_CLOSED && pl_review_status_can_move (status, status + 1))
    {
      if (status + 1 == PL_REVIEW_STATUS_CLOSED)
        next = g_strdup (_("_Close the Review"));
      else
        /* Translators: a button, %s is a stage, "Move On to Collecting" */
        next = g_strdup_printf (_("_Move On to %s"), pl_review_status_to_label (status + 1));
      gtk_button_set_label (self->next_button, next);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->next_button),
                                              g_variant_new_string (pl_review_status_to_string (status + 1)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), next != NULL);
}

/* The reviews */

static PlReview *
find_review (PlReviewsPage *self,
             gint64         id)
{
  guint n = self->reviews != NULL ? g_list_model_get_n_items (self->reviews) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlReview) review = g_list_model_get_item (self->reviews, i);

      if (pl_review_get_id (review) == id)
        return review;
    }

  return NULL;
}

static void select_review (PlReviewsPage *self,
                           gint64         id);

static void
review_toggled_cb (GtkCheckButton *check,
                   PlReviewsPage  *self)
{
  if (gtk_check_button_get_active (check))
    select_review (self, get_id (check, "review-id"));
}

static void
load_review_rows (PlReviewsPage *self)
{
  GtkCheckButton *group = NULL;
  guint n = g_list_model_get_n_items (self->reviews);

  clear_rows (self->reviews_list, self->review_rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlReview) review = g_list_model_get_item (self->reviews, i);
      gint64 id = pl_review_get_id (review);
      g_autofree char *period = describe_period (review);
      g_autofree char *label = NULL;
      GtkWidget *row = text_row (pl_review_get_title (review), period);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), status_pill (pl_review_get_status (review)));
      set_id (row, "review-id", id);

      /* With one review there is nothing to choose (and a lone check
       * button would draw as a tick box, not a radio). */
      if (n > 1)
        {
          GtkWidget *check = gtk_check_button_new ();

          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          if (group != NULL)
            gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
          else
            group = GTK_CHECK_BUTTON (check);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), id == self->selected_id);
          /* Translators: accessible label of a radio button, %s is a review's title */
          label = g_strdup_printf (_("Show the plan of “%s”"), pl_review_get_title (review));
          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          set_id (check, "review-id", id);
          g_signal_connect_object (check, "toggled", G_CALLBACK (review_toggled_cb), self, 0);

          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          g_object_set_data (G_OBJECT (row), "check", check);
        }

      gtk_list_box_append (self->reviews_list, row);
      g_ptr_array_add (self->review_rows, row);
    }
}

/* What is missing */

static void
add_warning_row (PlReviewsPage *self,
                 GtkWidget     *row,
                 const char    *kind)
{
  g_object_set_data (G_OBJECT (row), "kind", (gpointer) kind);
  gtk_list_box_append (self->warnings_list, row);
  g_ptr_array_add (self->warning_rows, row);
}

/* Monitoring someone who was not told is unfair and may be unlawful
 * (312 AC 2.4). One row says how many, with the way to the notices; it
 * opens on each colleague concerned. */
static void
add_unnoticed (PlReviewsPage *self,
               GListModel    *unnoticed)
{
  guint n = g_list_model_get_n_items (unnoticed);
  g_autofree char *number = g_strdup_printf ("%u", n);
  g_autofree char *title = NULL;
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *button;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%s colleague not told they may be monitored",
                                        "%s colleagues not told they may be monitored",
                                        n),
                           number);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                 _("They are on this review's monitoring lists. Record a notice that covers "
                                   "them before their work is monitored."));
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander),
                               status_icon ("dialog-warning-symbolic", "warning", _("Not told about monitoring")));

  button = gtk_button_new_with_mnemonic (_("_Notices"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-page");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string ("notices"));
  gtk_widget_set_tooltip_text (button, _("Open Monitoring Notices to record how they were told"));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), button);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (unnoticed, i);
      g_autofree char *line = NULL;
      GtkWidget *row;

      /* Translators: %s %s are a colleague's code and name, "C03 Priya Shah" */
      line = g_strdup_printf (_("%s %s is on the monitoring list but no notice tells them they may be monitored"),
                              pl_item_get_code (item), pl_item_get_name (item));
      row = text_row (line, pl_item_get_detail (item));
      set_id (row, "colleague-id", pl_item_get_id (item));
      g_object_set_data (G_OBJECT (row), "kind", (gpointer) "unnoticed");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  /* A few are read at a glance; a whole team is summed up until asked. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), n <= 3);
  add_warning_row (self, expander, "unnoticed-summary");
}

static void
load_warnings (PlReviewsPage *self)
{
  g_auto(GStrv) warnings = pl_review_dup_warnings (self->review, NULL);
  g_autoptr(GListModel) unnoticed = NULL;
  g_autoptr(GError) error = NULL;
  guint n_unnoticed = 0;

  clear_rows (self->warnings_list, self->warning_rows);

  unnoticed = pl_sample_list_unnoticed_colleagues (self->workspace, pl_review_get_id (self->review), &error);
  if (unnoticed == NULL)
    /* Translators: %s is the reason */
    show_error_toast (self, _("The monitoring lists could not be checked for notices: %s"), error->message);
  else
    n_unnoticed = g_list_model_get_n_items (unnoticed);
  if (n_unnoticed > 0)
    add_unnoticed (self, unnoticed);

  for (guint i = 0; warnings[i] != NULL; i++)
    {
      GtkWidget *row = text_row (warnings[i], NULL);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 status_icon ("dialog-warning-symbolic", "warning", _("Still to do")));
      add_warning_row (self, row, "plan");
    }

  if (warnings[0] == NULL && n_unnoticed == 0)
    {
      GtkWidget *row = text_row (_("Nothing is missing from this plan, and everyone on its monitoring "
                                   "lists has been told they may be monitored."), NULL);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 status_icon ("emblem-ok-symbolic", "success", _("Complete")));
      add_warning_row (self, row, "none");
    }

  if (warnings[0] == NULL && n_unnoticed == 0)
    adw_preferences_group_set_description (self->warnings_group, NULL);
  else if (pl_review_get_status (self->review) == PL_REVIEW_STATUS_PLANNING)
    adw_preferences_group_set_description (self->warnings_group,
                                           _("None of these stops the review, but each weakens it. "
                                             "Put them right before collecting starts."));
  else
    adw_preferences_group_set_description (self->warnings_group,
                                           _("None of these stops the review, but each weakens it."));
}

/* The plan */

static void
load_sections (PlReviewsPage *self)
{
  g_autoptr(GPtrArray) sections = pl_review_dup_summary_sections (self->review);

  for (guint i = 0; i < self->section_groups->len; i++)
    gtk_box_remove (self->sections_box, g_ptr_array_index (self->section_groups, i));
  g_ptr_array_set_size (self->section_groups, 0);

  for (guint i = 0; i < sections->len; i++)
    {
      PlReviewSummarySection *section = g_ptr_array_index (sections, i);
      guint step = i < G_N_ELEMENTS (section_steps) ? section_steps[i] : PL_REVIEW_WIZARD_STEP_SUMMARY;
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Edit"));
      g_autofree char *label = NULL;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), section->heading);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reviews.edit");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (step));
      /* Translators: accessible label and tooltip, %s is a part of the plan, "Edit Objectives" */
      label = g_strdup_printf (_("Edit %s"), section->heading);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, section->heading, -1);
      for (guint j = 0; section->lines[j] != NULL; j++)
        gtk_list_box_append (GTK_LIST_BOX (list), text_row (section->lines[j], NULL));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

      g_object_set_data (G_OBJECT (group), "edit-button", button);
      g_object_set_data (G_OBJECT (group), "lines", list);
      gtk_box_append (self->sections_box, group);
      g_ptr_array_add (self->section_groups, group);
    }
}

/* The samples */

static char *
describe_progress (PlReviewsPage *self,
                   gint64         sample_id)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pending_text = NULL;
  g_autofree char *monitored_text = NULL;
  g_autofree char *skipped_text = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *monitored = NULL;
  g_autofree char *skipped = NULL;
  gint64 counts[PL_SAMPLE_ITEM_SKIPPED + 1] = { 0 };
  guint n;

  items = pl_sample_list_items (self->workspace, sample_id, &error);
  if (items == NULL)
    {
      g_warning ("Could not read the monitoring list of sample %" G_GINT64_FORMAT ": %s",
                 sample_id, error->message);
      return NULL;
    }

  n = g_list_model_get_n_items (items);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSampleItem) item = g_list_model_get_item (items, i);
      PlSampleItemStatus status = pl_sample_item_get_status (item);

      if (status <= PL_SAMPLE_ITEM_SKIPPED)
        counts[status]++;
    }

  pending_text = format_count (counts[PL_SAMPLE_ITEM_PENDING]);
  monitored_text = format_count (counts[PL_SAMPLE_ITEM_MONITORED]);
  skipped_text = format_count (counts[PL_SAMPLE_ITEM_SKIPPED]);
  pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s to monitor", "%s to monitor",
                                          plural_n (counts[PL_SAMPLE_ITEM_PENDING])), pending_text);
  monitored = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s monitored", "%s monitored",
                                            plural_n (counts[PL_SAMPLE_ITEM_MONITORED])), monitored_text);
  skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s skipped", "%s skipped",
                                          plural_n (counts[PL_SAMPLE_ITEM_SKIPPED])), skipped_text);

  /* Translators: a monitoring list's progress, "31 to monitor · 8 monitored · 1 skipped" */
  return g_strdup_printf (_("%s · %s · %s"), pending, monitored, skipped);
}

static GtkWidget *
create_sample_row (PlReviewsPage *self,
                   PlSample      *sample)
{
  gint64 id = pl_sample_get_id (sample);
  const char *frame_name = pl_sample_get_frame_name (sample);
  g_autofree char *size_text = format_count (pl_sample_get_size (sample));
  g_autofree char *population_text = format_count (pl_sample_get_population (sample));
  g_autofree char *when = describe_drawn_at (pl_sample_get_drawn_at (sample));
  g_autofree char *progress = describe_progress (self, id);
  g_autofree char *drawn = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  GtkWidget *row;
  GtkWidget *button;

  /* Translators: "Stratified · 40 of 8,451 · drawn 28 Sep 2026, 14:05" */
  drawn = g_strdup_printf (_("%s · %s of %s · drawn %s"), describe_method (pl_sample_get_method (sample)),
                           size_text, population_text, when);
  subtitle = progress != NULL ? g_strconcat (drawn, "\n", progress, NULL) : g_strdup (drawn);
  row = text_row (frame_name, subtitle);

  button = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reviews.detach-sample");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
  gtk_widget_set_tooltip_text (button, _("Take Out of This Review"));
  /* Translators: accessible label, %s is a sample's frame name */
  label = g_strdup_printf (_("Take the sample “%s” out of this review"), frame_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  set_id (row, "sample-id", id);
  return row;
}

static void
load_samples (PlReviewsPage *self)
{
  g_autoptr(GListModel) samples = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 review_id = pl_review_get_id (self->review);
  guint n, shown = 0;

  clear_rows (self->samples_list, self->sample_rows);
  g_array_set_size (self->attach_ids, 0);

  samples = pl_sample_list (self->workspace, 0, &error);
  if (samples == NULL)
    {
      /* Translators: %s is the reason */
      show_error_toast (self, _("The samples could not be read: %s"), error->message);
      n = 0;
    }
  else
    n = g_list_model_get_n_items (samples);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlSample) sample = g_list_model_get_item (samples, i);
      gint64 sample_review = pl_sample_get_review_id (sample);

      if (sample_review == review_id)
        {
          GtkWidget *row = create_sample_row (self, sample);

          gtk_list_box_append (self->samples_list, row);
          g_ptr_array_add (self->sample_rows, row);
          shown++;
        }
      else if (sample_review == 0)
        {
          gint64 id = pl_sample_get_id (sample);
          g_autofree char *size_text = format_count (pl_sample_get_size (sample));
          g_autofree char *when = describe_drawn_at (pl_sample_get_drawn_at (sample));
          g_autofree char *name = NULL;

          /* Translators: a sample to choose, "August calls · 40 · 28 Sep 2026, 14:05" */
          name = g_strdup_printf (_("%s · %s · %s"), pl_sample_get_frame_name (sample), size_text, when);
          gtk_string_list_append (names, name);
          g_array_append_val (self->attach_ids, id);
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->samples_list), shown > 0);
  gtk_widget_set_visible (self->samples_empty_label, shown == 0);
  adw_combo_row_set_model (self->attach_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->attach_row, 0);
  gtk_widget_set_visible (self->attach_list, self->attach_ids->len > 0);
}

static void
show_review (PlReviewsPage *self)
{
  update_stages (self);
  load_warnings (self);
  load_sections (self);
  load_samples (self);
}

static void
select_review (PlReviewsPage *self,
               gint64         id)
{
  PlReview *review = find_review (self, id);

  if (review == NULL)
    return;

  self->selected_id = id;
  g_set_object (&self->review, review);

  for (guint i = 0; i < self->review_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->review_rows, i);
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

      if (check == NULL)
        continue;
      g_signal_handlers_block_by_func (check, review_toggled_cb, self);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), get_id (row, "review-id") == id);
      g_signal_handlers_unblock_by_func (check, review_toggled_cb, self);
    }

  show_review (self);
}

/* The review to show: one that has just appeared (the wizard saved it,
 * or it came back from the trash), else the one shown before if it is
 * still there, else the first, the latest period. */
static gint64
choose_review (PlReviewsPage *self)
{
  guint n = g_list_model_get_n_items (self->reviews);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 appeared = 0;
  gint64 first = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlReview) review = g_list_model_get_item (self->reviews, i);
      gint64 id = pl_review_get_id (review);

      if (first == 0)
        first = id;
      if (self->known_ids != NULL && !g_hash_table_contains (self->known_ids, &id))
        appeared = MAX (appeared, id);
      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }

  g_clear_pointer (&self->known_ids, g_hash_table_unref);
  self->known_ids = g_steal_pointer (&ids);

  if (appeared != 0)
    return appeared;
  if (find_review (self, self->selected_id) != NULL)
    return self->selected_id;
  return first;
}

static void
set_review_actions_enabled (PlReviewsPage *self,
                            gboolean       enabled)
{
  static const char * const actions[] = {
    "reviews.move-to", "reviews.edit", "reviews.trash", "reviews.attach-sample", "reviews.detach-sample",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], enabled);
}

static void
refresh (PlReviewsPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      g_clear_object (&self->review);
      g_clear_object (&self->reviews);
      set_review_actions_enabled (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  g_clear_object (&self->reviews);
  self->reviews = pl_review_list (self->workspace, &error);
  if (self->reviews == NULL)
    {
      /* Translators: %s is the reason */
      show_error_toast (self, _("The reviews could not be read: %s"), error->message);
      self->reviews = G_LIST_MODEL (g_list_store_new (PL_TYPE_REVIEW));
    }

  self->selected_id = choose_review (self);
  g_clear_object (&self->review);
  if (self->selected_id == 0)
    {
      clear_rows (self->reviews_list, self->review_rows);
      set_review_actions_enabled (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  set_review_actions_enabled (self, TRUE);
  load_review_rows (self);
  select_review (self, self->selected_id);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* One refresh covers a burst of changes; a hidden page only notes that it
 * is out of date. The refresh comes before the next frame is drawn, not
 * after animations (a toast, the stack's crossfade) have run. */
static void
workspace_changed_cb (PlReviewsPage *self,
                      const char    *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

/* Actions */

static GtkWindow *
parent_window (PlReviewsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
open_wizard (PlReviewsPage *self,
             PlReview      *review,
             guint          step)
{
  GtkWidget *wizard;

  if (self->workspace == NULL)
    return;

  wizard = pl_review_wizard_new (parent_window (self), self->workspace, review, step);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  open_wizard (PL_REVIEWS_PAGE (widget), NULL, 0);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (widget);
  guint step = g_variant_get_uint32 (param);

  if (self->review == NULL)
    return;

  open_wizard (self, self->review, MIN (step, PL_REVIEW_WIZARD_STEP_SUMMARY));
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  select_review (PL_REVIEWS_PAGE (widget), g_variant_get_int64 (param));
}

static void
move_review (PlReviewsPage  *self,
             gint64          review_id,
             PlReviewStatus  status)
{
  g_autoptr(PlReview) review = NULL;
  g_autoptr(GError) error = NULL;

  /* The stored review, not the one listed: the move saves all of it. */
  review = pl_review_load (self->workspace, review_id, &error);
  if (review == NULL ||
      !pl_review_set_status (review, status, &error) ||
      !pl_review_save (review, self->workspace, &error))
    {
      /* Translators: %s is the reason */
      show_error_toast (self, _("The review did not move: %s"), error->message);
      return;
    }

  refresh (self);
}

static void
collect_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PlReviewsPage    *self)
{
  if (g_strcmp0 (response, "collect") == 0 && self->workspace != NULL)
    move_review (self, get_id (dialog, "review-id"), PL_REVIEW_STATUS_COLLECTING);
}

/* Collecting before the plan is whole, or monitoring people who were not
 * told, weakens the review: ask first. */
static gboolean
ask_before_collecting (PlReviewsPage *self)
{
  g_auto(GStrv) warnings = pl_review_dup_warnings (self->review, NULL);
  g_autoptr(GListModel) unnoticed = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  guint n_plan = g_strv_length (warnings);
  guint n_unnoticed = 0;
  GtkWidget *dialog;

  /* "The period started but collecting has not" is what this move fixes. */
  if (pl_review_check (self->review, NULL) & PL_REVIEW_WARNING_NOT_COLLECTING && n_plan > 0)
    n_plan--;

  unnoticed = pl_sample_list_unnoticed_colleagues (self->workspace, pl_review_get_id (self->review), NULL);
  if (unnoticed != NULL)
    n_unnoticed = g_list_model_get_n_items (unnoticed);

  if (n_plan == 0 && n_unnoticed == 0)
    return FALSE;

  if (n_plan > 0)
    {
      g_autofree char *number = g_strdup_printf ("%u", n_plan);

      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "The plan still lacks %s thing listed under Still to Do.",
                                                 "The plan still lacks %s things listed under Still to Do.",
                                                 n_plan),
                              number);
    }
  if (n_unnoticed > 0)
    {
      g_autofree char *number = g_strdup_printf ("%u", n_unnoticed);

      if (body->len > 0)
        g_string_append_c (body, ' ');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "%s colleague on its monitoring lists has not been told "
                                                 "they may be monitored.",
                                                 "%s colleagues on its monitoring lists have not been told "
                                                 "they may be monitored.",
                                                 n_unnoticed),
                              number);
    }
  g_string_append_c (body, ' ');
  g_string_append (body, _("Evidence collected before the plan is agreed and people are told is harder "
                           "to defend, and monitoring without notice may break data protection rules."));

  dialog = adw_message_dialog_new (parent_window (self), _("Start Collecting Anyway?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "collect", _("_Start Collecting"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "collect", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  set_id (dialog, "review-id", pl_review_get_id (self->review));
  g_signal_connect_object (dialog, "response", G_CALLBACK (collect_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
move_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (widget);
  const char *text = g_variant_get_string (param, NULL);
  PlReviewStatus status;

  if (self->review == NULL || self->workspace == NULL)
    return;

  if (!pl_review_status_from_string (text, &status))
    {
      g_warning ("No review stage is called “%s”", text);
      return;
    }

  if (status == PL_REVIEW_STATUS_COLLECTING &&
      pl_review_get_status (self->review) == PL_REVIEW_STATUS_PLANNING &&
      ask_before_collecting (self))
    return;

  move_review (self, pl_review_get_id (self->review), status);
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (widget);
  g_autoptr(PlReview) review = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (self->review == NULL || self->workspace == NULL)
    return;

  review = g_object_ref (self->review);
  if (!pl_review_trash (review, self->workspace, &error))
    {
      /* Translators: %s is the reason */
      show_error_toast (self, _("The review was not moved to the trash: %s"), error->message);
      return;
    }

  refresh (self);
  /* Translators: a toast, %s is a review's title */
  title = g_strdup_printf (_("“%s” moved to trash"), pl_review_get_title (review));
  pl_toast_add_undo (self->toast_overlay, title,
                     "reviews.restore", g_variant_new_int64 (pl_review_get_id (review)));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (widget);
  g_autoptr(PlReview) review = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  review = pl_review_load (self->workspace, g_variant_get_int64 (param), &error);
  if (review == NULL || !pl_review_restore (review, self->workspace, &error))
    {
      /* Translators: %s is the reason */
      show_error_toast (self, _("The review was not restored: %s"), error->message);
      return;
    }

  /* Back where it was: on show. */
  self->selected_id = pl_review_get_id (review);
  refresh (self);
}

static void
assign_sample (PlReviewsPage *self,
               gint64         sample_id,
               gint64         review_id)
{
  g_autoptr(GError) error = NULL;

  if (!pl_sample_assign_review (self->workspace, sample_id, review_id, &error))
    {
      /* Translators: %s is the reason */
      show_error_toast (self, _("The sample was not changed: %s"), error->message);
      return;
    }

  refresh (self);
}

static void
attach_sample_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (widget);
  guint selected = adw_combo_row_get_selected (self->attach_row);

  if (self->review == NULL || self->workspace == NULL ||
      selected == GTK_INVALID_LIST_POSITION || selected >= self->attach_ids->len)
    return;

  assign_sample (self, g_array_index (self->attach_ids, gint64, selected), pl_review_get_id (self->review));
}

static void
detach_sample_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (widget);

  if (self->workspace == NULL)
    return;

  assign_sample (self, g_variant_get_int64 (param), 0);
}

/* Life cycle */

static void
pl_reviews_page_map (GtkWidget *widget)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_reviews_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_reviews_page_dispose (GObject *object)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_REVIEWS_PAGE);

  g_clear_pointer (&self->review_rows, g_ptr_array_unref);
  g_clear_pointer (&self->warning_rows, g_ptr_array_unref);
  g_clear_pointer (&self->section_groups, g_ptr_array_unref);
  g_clear_pointer (&self->sample_rows, g_ptr_array_unref);
  g_clear_pointer (&self->attach_ids, g_array_unref);
  g_clear_pointer (&self->known_ids, g_hash_table_unref);
  g_clear_object (&self->review);
  g_clear_object (&self->reviews);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_reviews_page_parent_class)->dispose (object);
}

static void
pl_reviews_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (object);

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
pl_reviews_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PlReviewsPage *self = PL_REVIEWS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_reviews_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_reviews_page_class_init (PlReviewsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_reviews_page_dispose;
  object_class->get_property = pl_reviews_page_get_property;
  object_class->set_property = pl_reviews_page_set_property;

  widget_class->map = pl_reviews_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-reviews-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, cycle_list);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, reviews_list);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, stage_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, stages_box);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, sections_box);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, samples_group);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, sampling_button);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, samples_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, samples_list);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, attach_list);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, attach_row);
  gtk_widget_class_bind_template_child (widget_class, PlReviewsPage, trash_button);

  gtk_widget_class_install_action (widget_class, "reviews.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "reviews.select", "x", select_action);
  gtk_widget_class_install_action (widget_class, "reviews.edit", "u", edit_action);
  gtk_widget_class_install_action (widget_class, "reviews.move-to", "s", move_to_action);
  gtk_widget_class_install_action (widget_class, "reviews.trash", NULL, trash_action);
  gtk_widget_class_install_action (widget_class, "reviews.restore", "x", restore_action);
  gtk_widget_class_install_action (widget_class, "reviews.attach-sample", NULL, attach_sample_action);
  gtk_widget_class_install_action (widget_class, "reviews.detach-sample", "x", detach_sample_action);
}

static void
pl_reviews_page_init (PlReviewsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->review_rows = g_ptr_array_new ();
  self->warning_rows = g_ptr_array_new ();
  self->section_groups = g_ptr_array_new ();
  self->sample_rows = g_ptr_array_new ();
  self->attach_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  fill_cycle_list (self);
  build_stages (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reviews.new", FALSE);
  set_review_actions_enabled (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlReviewsPage *
pl_reviews_page_new (void)
{
  return g_object_new (PL_TYPE_REVIEWS_PAGE, NULL);
}

PlWorkspace *
pl_reviews_page_get_workspace (PlReviewsPage *self)
{
  g_return_val_if_fail (PL_IS_REVIEWS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_reviews_page_set_workspace (PlReviewsPage *self,
                               PlWorkspace   *workspace)
{
  static const char * const tables[] = {
    "reviews", "review_scope", "review_objectives", "review_people", "review_kpis", "review_methods",
    "samples", "sample_items", "monitoring_notices", "kpis", "colleagues", "teams", "channels",
  };

  g_return_if_fail (PL_IS_REVIEWS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);

  /* What was chosen belongs to the old workspace. */
  self->selected_id = 0;
  g_clear_pointer (&self->known_ids, g_hash_table_unref);

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reviews.new", workspace != NULL);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

gint64
pl_reviews_page_get_selected_review (PlReviewsPage *self)
{
  g_return_val_if_fail (PL_IS_REVIEWS_PAGE (self), 0);

  return self->review != NULL ? pl_review_get_id (self->review) : 0;
}
