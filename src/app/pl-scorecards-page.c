/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-scorecard.h"
#include "pl-scorecards-page.h"

struct _PlScorecardsPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkScrolledWindow   *browse_scrolled;
  AdwPreferencesGroup *list_group;
  GtkLabel            *empty_label;
  GtkListBox          *scorecards_list;
  AdwPreferencesGroup *details_group;
  GtkBox              *sections_box;
  GtkButton           *delete_button;
  GtkButton           *edit_button;
  AdwPreferencesGroup *try_group;
  GtkListBox          *try_list;
  GtkLabel            *try_score_label;
  GtkLabel            *try_explain_label;
  AdwPreferencesGroup *versions_group;
  GtkListBox          *versions_list;
  AdwExpanderRow      *rule_row;
  GtkLabel            *rule_label;
  GtkScrolledWindow   *designer_scrolled;
  AdwPreferencesGroup *designer_group;
  AdwEntryRow         *name_row;
  AdwEntryRow         *pass_mark_row;
  GtkLabel            *form_error_label;
  GtkBox              *designer_sections_box;

  PlWorkspace         *workspace;
  guint                refresh_id;
  gboolean             stale;
  gboolean             filling;        /* setting widgets from the draft */

  gint64               selected_id;
  PlScorecard         *selected;
  GArray              *try_values;     /* double, one per criterion */

  PlScorecard         *draft;
  gint64               draft_n_observations;
  gboolean             draft_used;
  GPtrArray           *section_error_labels;
  AdwMessageDialog    *confirm_dialog;
};

G_DEFINE_FINAL_TYPE (PlScorecardsPage, pl_scorecards_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (PlScorecardsPage *self);
static void rebuild_designer (PlScorecardsPage *self);

static void
remove_all_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static char *
format_number (double value)
{
  if (isnan (value))
    return g_strdup ("");

  return g_strdup_printf ("%g", value);
}

/* A number as typed, "." or "," as the decimal point; NaN if it is not
 * one, @empty if nothing was typed. */
static double
parse_number (const char *text,
              double      empty)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *end = NULL;
  double value;

  if (*copy == '\0')
    return empty;

  g_strdelimit (copy, ",", '.');
  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0')
    return NAN;

  return value;
}

static GtkWidget *
plain_action_row (const char *title,
                  const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
show_toast (PlScorecardsPage *self,
            const char       *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* "Version 2 · In use · 600 observations · Pass mark 75" */
static char *
describe_scorecard (PlScorecard *card)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *version = g_strdup_printf ("%d", pl_scorecard_get_version (card));
  gint64 n = pl_scorecard_get_n_observations (card);

  g_string_append_printf (text, _("Version %s"), version);
  g_string_append (text, " · ");
  if (n > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, n);

      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "In use · %s observation",
                                                 "In use · %s observations", (gulong) n),
                              count);
    }
  else if (pl_scorecard_get_frozen (card))
    g_string_append (text, _("In use"));
  else
    g_string_append (text, _("Not used yet"));

  g_string_append (text, " · ");
  if (isnan (pl_scorecard_get_pass_mark (card)))
    g_string_append (text, _("No pass mark"));
  else
    {
      g_autofree char *mark = format_number (pl_scorecard_get_pass_mark (card));

      g_string_append_printf (text, _("Pass mark %s"), mark);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "Yes / partly / no · weight 2 · N/A allowed · Failing it fails the section" */
static char *
describe_criterion (PlCriterion *criterion)
{
  g_autoptr(GString) text = g_string_new (pl_criterion_scale_get_label (criterion->scale));
  g_autofree char *weight = format_number (criterion->weight);

  g_string_append (text, " · ");
  g_string_append_printf (text, _("weight %s"), weight);
  if (criterion->allow_na)
    {
      g_string_append (text, " · ");
      g_string_append (text, _("N/A allowed"));
    }
  if (criterion->critical != PL_CRITICAL_NONE)
    {
      g_string_append (text, " · ");
      g_string_append (text, pl_critical_get_label (criterion->critical));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Try it */

static void
update_try_score (PlScorecardsPage *self)
{
  g_autoptr(PlScoreResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *explain = NULL;

  if (self->selected == NULL || self->try_values == NULL)
    return;

  result = pl_scorecard_score (self->selected, (const double *) self->try_values->data,
                               self->try_values->len, &error);
  if (result == NULL)
    {
      gtk_label_set_text (self->try_score_label, error->message);
      gtk_label_set_text (self->try_explain_label, "");
      return;
    }

  if (isnan (result->score))
    gtk_label_set_text (self->try_score_label, _("No score: nothing answered"));
  else
    {
      g_autofree char *score = g_strdup_printf ("%.1f", result->score);
      g_autofree char *text = NULL;

      if (isnan (pl_scorecard_get_pass_mark (self->selected)))
        text = g_strdup_printf (_("Score %s out of 100"), score);
      else if (result->passed)
        text = g_strdup_printf (_("Score %s out of 100 · passes"), score);
      else
        text = g_strdup_printf (_("Score %s out of 100 · fails"), score);
      gtk_label_set_text (self->try_score_label, text);
    }

  explain = pl_score_result_explain (self->selected, result);
  gtk_label_set_text (self->try_explain_label, explain);
}

static void
try_selected_cb (AdwComboRow      *row,
                 GParamSpec       *pspec,
                 PlScorecardsPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "criterion-index"));
  PlCriterion *criterion;
  const double *values;
  guint n_values, selected;

  if (self->selected == NULL || self->try_values == NULL || index >= self->try_values->len)
    return;

  criterion = pl_scorecard_get_criterion (self->selected, index);
  n_values = pl_criterion_scale_get_values (criterion->scale, &values);
  selected = adw_combo_row_get_selected (row);
  g_array_index (self->try_values, double, index) = selected < n_values ? values[selected] : NAN;
  update_try_score (self);
}

static void
fill_try (PlScorecardsPage *self)
{
  guint n;

  remove_all_children (GTK_WIDGET (self->try_list));
  g_clear_pointer (&self->try_values, g_array_unref);

  if (self->selected == NULL)
    return;

  n = pl_scorecard_get_n_criteria (self->selected);
  self->try_values = g_array_sized_new (FALSE, TRUE, sizeof (double), n);

  for (guint i = 0; i < n; i++)
    {
      PlCriterion *criterion = pl_scorecard_get_criterion (self->selected, i);
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      GtkWidget *row = adw_combo_row_new ();
      const double *values;
      guint n_values = pl_criterion_scale_get_values (criterion->scale, &values);

      for (guint v = 0; v < n_values; v++)
        {
          g_autofree char *label = pl_criterion_format_value (criterion->scale, values[v]);

          gtk_string_list_append (labels, label);
        }
      if (criterion->allow_na)
        gtk_string_list_append (labels, _("N/A"));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), criterion->text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pl_scorecard_get_section_of (self->selected, i)->name);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
      g_object_set_data (G_OBJECT (row), "criterion-index", GUINT_TO_POINTER (i));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (try_selected_cb), self, 0);
      gtk_list_box_append (self->try_list, row);
      g_array_append_val (self->try_values, values[0]);
    }

  update_try_score (self);
}

/* Browsing */

static void
fill_details (PlScorecardsPage *self)
{
  g_autoptr(GListModel) versions = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *sections;
  double total_weight = 0;
  gboolean used;

  remove_all_children (GTK_WIDGET (self->sections_box));
  remove_all_children (GTK_WIDGET (self->versions_list));

  gtk_widget_set_visible (GTK_WIDGET (self->details_group), self->selected != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->try_group), self->selected != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->versions_group), self->selected != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scorecards.edit", self->selected != NULL);

  if (self->selected == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "scorecards.delete", FALSE);
      fill_try (self);
      return;
    }

  used = pl_scorecard_get_frozen (self->selected) || pl_scorecard_get_n_observations (self->selected) > 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scorecards.delete", !used);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button),
                               used ? _("Editing makes a new version; earlier observations keep this one")
                                    : _("Change this scorecard"));

  adw_preferences_group_set_title (self->details_group, pl_scorecard_get_name (self->selected));
  {
    g_autofree char *description = describe_scorecard (self->selected);

    adw_preferences_group_set_description (self->details_group, description);
  }

  sections = pl_scorecard_get_sections (self->selected);
  for (guint s = 0; s < sections->len; s++)
    total_weight += ((PlScorecardSection *) g_ptr_array_index (sections, s))->weight;

  for (guint s = 0; s < sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (sections, s);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *heading = gtk_label_new (section->name);
      GtkWidget *share;
      GtkWidget *list = gtk_list_box_new ();
      g_autofree char *weight = format_number (section->weight);
      g_autofree char *percent = g_strdup_printf ("%.0f", total_weight > 0 ? 100 * section->weight / total_weight : 0);
      g_autofree char *share_text = g_strdup_printf (_("Weight %s · %s%% of the form"), weight, percent);

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
      gtk_widget_add_css_class (heading, "heading");
      share = gtk_label_new (share_text);
      gtk_label_set_xalign (GTK_LABEL (share), 0);
      gtk_widget_add_css_class (share, "dim-label");
      gtk_widget_add_css_class (share, "caption");
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, section->name, -1);
      gtk_widget_set_margin_top (list, 6);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          PlCriterion *criterion = g_ptr_array_index (section->criteria, c);
          g_autofree char *summary = describe_criterion (criterion);
          g_autofree char *subtitle = criterion->guidance != NULL && *criterion->guidance != '\0'
                                      ? g_strconcat (summary, "\n", criterion->guidance, NULL)
                                      : g_strdup (summary);

          gtk_list_box_append (GTK_LIST_BOX (list), plain_action_row (criterion->text, subtitle));
        }

      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), share);
      gtk_box_append (GTK_BOX (box), list);
      gtk_box_append (self->sections_box, box);
    }

  versions = pl_scorecard_list_versions (self->workspace, pl_scorecard_get_id (self->selected), &error);
  if (versions == NULL)
    g_warning ("Could not list the versions: %s", error->message);
  for (guint i = 0; versions != NULL && i < g_list_model_get_n_items (versions); i++)
    {
      g_autoptr(PlScorecard) version = g_list_model_get_item (versions, i);
      g_autofree char *number = g_strdup_printf ("%d", pl_scorecard_get_version (version));
      g_autofree char *title = g_strdup_printf (_("Version %s"), number);
      g_autofree char *made = g_strndup (pl_scorecard_get_created_at (version), 10);
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, pl_scorecard_get_n_observations (version));
      g_autofree char *observations =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s observation", "%s observations",
                                      (gulong) pl_scorecard_get_n_observations (version)),
                         count);
      g_autofree char *n_criteria = g_strdup_printf ("%u", pl_scorecard_get_n_criteria (version));
      /* TRANSLATORS: "Made 2026-03-30 · 600 observations · 10 criteria" */
      g_autofree char *subtitle = g_strdup_printf (_("Made %s · %s · %s criteria"), made, observations,
                                                   n_criteria);
      GtkWidget *row;

      row = plain_action_row (title, subtitle);
      if (pl_scorecard_get_id (version) == pl_scorecard_get_id (self->selected))
        {
          GtkWidget *current = gtk_label_new (_("Current"));

          gtk_widget_add_css_class (current, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), current);
        }
      gtk_list_box_append (self->versions_list, row);
    }

  fill_try (self);
}

static void
select_scorecard (PlScorecardsPage *self,
                  PlScorecard      *card)
{
  g_set_object (&self->selected, card);
  self->selected_id = card != NULL ? pl_scorecard_get_id (card) : 0;
  fill_details (self);
}

static void
row_selected_cb (GtkListBox       *list,
                 GtkListBoxRow    *row,
                 PlScorecardsPage *self)
{
  if (self->filling || row == NULL)
    return;

  select_scorecard (self, g_object_get_data (G_OBJECT (row), "scorecard"));
}

static void
refresh (PlScorecardsPage *self)
{
  g_autoptr(GListModel) cards = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *to_select = NULL;
  guint n;

  self->stale = FALSE;
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->workspace == NULL)
    {
      select_scorecard (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  cards = pl_scorecard_list (self->workspace, TRUE, &error);
  if (cards == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  self->filling = TRUE;
  remove_all_children (GTK_WIDGET (self->scorecards_list));
  n = g_list_model_get_n_items (cards);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlScorecard) card = g_list_model_get_item (cards, i);
      g_autofree char *subtitle = describe_scorecard (card);
      GtkWidget *row = plain_action_row (pl_scorecard_get_name (card), subtitle);

      g_object_set_data_full (G_OBJECT (row), "scorecard", g_object_ref (card), g_object_unref);
      gtk_list_box_append (self->scorecards_list, row);
      if (pl_scorecard_get_id (card) == self->selected_id || to_select == NULL)
        to_select = GTK_LIST_BOX_ROW (row);
      /* A new version replaces the one that was selected. */
      if (pl_scorecard_get_parent_id (card) == self->selected_id && self->selected_id != 0)
        to_select = GTK_LIST_BOX_ROW (row);
    }
  if (to_select != NULL)
    gtk_list_box_select_row (self->scorecards_list, to_select);
  self->filling = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->scorecards_list), n > 0);
  select_scorecard (self, to_select != NULL ? g_object_get_data (G_OBJECT (to_select), "scorecard") : NULL);

  if (self->draft == NULL)
    gtk_stack_set_visible_child_name (self->stack, "browse");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (PlScorecardsPage *self,
                      const char       *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

/* The designer */

static void
clear_errors (PlScorecardsPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->pass_mark_row), "error");
  for (guint i = 0; self->section_error_labels != NULL && i < self->section_error_labels->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->section_error_labels, i), FALSE);
}

static void
set_designer_actions (PlScorecardsPage *self,
                      gboolean          designing)
{
  static const char * const actions[] = {
    "scorecards.save", "scorecards.cancel", "scorecards.add-section", "scorecards.remove-section",
    "scorecards.move-section", "scorecards.add-criterion", "scorecards.remove-criterion",
    "scorecards.move-criterion",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], designing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scorecards.new", !designing && self->workspace != NULL);
}

static void
name_changed_cb (PlScorecardsPage *self)
{
  if (self->filling || self->draft == NULL)
    return;

  pl_scorecard_set_name (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  clear_errors (self);
}

static void
pass_mark_changed_cb (PlScorecardsPage *self)
{
  double mark;

  if (self->filling || self->draft == NULL)
    return;

  /* Not a number: -1, which saving refuses with the pass mark's message. */
  mark = parse_number (gtk_editable_get_text (GTK_EDITABLE (self->pass_mark_row)), NAN);
  if (isnan (mark) && *gtk_editable_get_text (GTK_EDITABLE (self->pass_mark_row)) != '\0')
    mark = -1;
  pl_scorecard_set_pass_mark (self->draft, mark);
  clear_errors (self);
}

static void
section_name_changed_cb (GtkEditable      *editable,
                         PlScorecardsPage *self)
{
  PlScorecardSection *section = g_object_get_data (G_OBJECT (editable), "section");

  if (self->filling)
    return;

  g_free (section->name);
  section->name = g_strdup (gtk_editable_get_text (editable));
  clear_errors (self);
}

static void
section_weight_changed_cb (GtkEditable      *editable,
                           PlScorecardsPage *self)
{
  PlScorecardSection *section = g_object_get_data (G_OBJECT (editable), "section");

  if (self->filling)
    return;

  section->weight = parse_number (gtk_editable_get_text (editable), NAN);
  clear_errors (self);
}

static void
update_expander (AdwExpanderRow *expander,
                 PlCriterion    *criterion)
{
  g_autofree char *summary = describe_criterion (criterion);
  g_autofree char *text = g_strstrip (g_strdup (criterion->text));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                 *text != '\0' ? text : _("New criterion"));
  adw_expander_row_set_subtitle (expander, summary);
}

static PlCriterion *
criterion_of (gpointer widget)
{
  return g_object_get_data (G_OBJECT (widget), "criterion");
}

static void
criterion_edited (PlScorecardsPage *self,
                  gpointer          widget)
{
  update_expander (g_object_get_data (G_OBJECT (widget), "expander"), criterion_of (widget));
  clear_errors (self);
}

static void
criterion_text_changed_cb (GtkEditable      *editable,
                           PlScorecardsPage *self)
{
  PlCriterion *criterion = criterion_of (editable);

  if (self->filling)
    return;

  g_free (criterion->text);
  criterion->text = g_strdup (gtk_editable_get_text (editable));
  criterion_edited (self, editable);
}

static void
criterion_guidance_changed_cb (GtkEditable      *editable,
                               PlScorecardsPage *self)
{
  PlCriterion *criterion = criterion_of (editable);

  if (self->filling)
    return;

  g_free (criterion->guidance);
  criterion->guidance = g_strdup (gtk_editable_get_text (editable));
  criterion_edited (self, editable);
}

static void
criterion_weight_changed_cb (GtkEditable      *editable,
                             PlScorecardsPage *self)
{
  if (self->filling)
    return;

  criterion_of (editable)->weight = parse_number (gtk_editable_get_text (editable), NAN);
  criterion_edited (self, editable);
}

static void
criterion_scale_changed_cb (AdwComboRow      *row,
                            GParamSpec       *pspec,
                            PlScorecardsPage *self)
{
  if (self->filling)
    return;

  criterion_of (row)->scale = (PlCriterionScale) adw_combo_row_get_selected (row);
  criterion_edited (self, row);
}

static void
criterion_critical_changed_cb (AdwComboRow      *row,
                               GParamSpec       *pspec,
                               PlScorecardsPage *self)
{
  if (self->filling)
    return;

  criterion_of (row)->critical = (PlCritical) adw_combo_row_get_selected (row);
  criterion_edited (self, row);
}

static void
criterion_na_changed_cb (GtkSwitch        *toggle,
                         GParamSpec       *pspec,
                         PlScorecardsPage *self)
{
  if (self->filling)
    return;

  criterion_of (toggle)->allow_na = gtk_switch_get_active (toggle);
  criterion_edited (self, toggle);
}

static GtkWidget *
entry_row (const char *title,
           const char *text,
           GCallback   changed,
           gpointer    self)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_signal_connect_object (row, "changed", changed, self, 0);

  return row;
}

static void
icon_button_clicked_cb (GtkButton *button)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (button), PL_TYPE_SCORECARDS_PAGE);

  if (page != NULL)
    gtk_widget_activate_action_variant (page, g_object_get_data (G_OBJECT (button), "action"),
                                        g_object_get_data (G_OBJECT (button), "target"));
}

/* Not a GtkActionable: the action helper would override the sensitivity
 * that says "first" or "last". */
static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             GVariant   *target,
             gboolean    sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_sensitive (button, sensitive);
  g_object_set_data (G_OBJECT (button), "action", (gpointer) action);
  g_object_set_data_full (G_OBJECT (button), "target", g_variant_ref_sink (target),
                          (GDestroyNotify) g_variant_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (icon_button_clicked_cb), NULL);

  return button;
}

static GtkWidget *
combo_row (const char  *title,
           const char **labels,
           guint        n_labels,
           guint        selected)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; i < n_labels; i++)
    gtk_string_list_append (model, labels[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);

  return row;
}

static GtkWidget *
criterion_rows (PlScorecardsPage *self,
                PlCriterion      *criterion,
                guint             s,
                guint             c,
                guint             n_criteria)
{
  const char *scales[] = {
    pl_criterion_scale_get_label (PL_CRITERION_SCALE_YESNO),
    pl_criterion_scale_get_label (PL_CRITERION_SCALE_YPN),
    pl_criterion_scale_get_label (PL_CRITERION_SCALE_SCALE5),
    pl_criterion_scale_get_label (PL_CRITERION_SCALE_PASSFAIL),
  };
  const char *criticals[] = {
    pl_critical_get_label (PL_CRITICAL_NONE),
    pl_critical_get_label (PL_CRITICAL_SECTION),
    pl_critical_get_label (PL_CRITICAL_FORM),
  };
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *text, *guidance, *scale, *weight, *na_row, *na, *critical, *tools, *button;
  g_autofree char *weight_text = format_number (criterion->weight);
  GtkWidget *children[6];

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  update_expander (ADW_EXPANDER_ROW (expander), criterion);
  if (criterion->text == NULL || *criterion->text == '\0')
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);

  text = entry_row (_("Criterion"), criterion->text, G_CALLBACK (criterion_text_changed_cb), self);
  guidance = entry_row (_("Guidance for the evaluator (optional)"), criterion->guidance,
                        G_CALLBACK (criterion_guidance_changed_cb), self);
  scale = combo_row (_("Scale"), scales, G_N_ELEMENTS (scales), criterion->scale);
  g_signal_connect_object (scale, "notify::selected", G_CALLBACK (criterion_scale_changed_cb), self, 0);
  weight = entry_row (_("Weight"), weight_text, G_CALLBACK (criterion_weight_changed_cb), self);
  na_row = plain_action_row (_("Allow N/A"), _("N/A leaves the criterion out of the score"));
  na = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (na), criterion->allow_na);
  gtk_widget_set_valign (na, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (na_row), na);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (na_row), na);
  g_signal_connect_object (na, "notify::active", G_CALLBACK (criterion_na_changed_cb), self, 0);
  critical = combo_row (_("Critical"), criticals, G_N_ELEMENTS (criticals), criterion->critical);
  g_signal_connect_object (critical, "notify::selected", G_CALLBACK (criterion_critical_changed_cb), self, 0);

  tools = plain_action_row (_("Order"), NULL);
  button = icon_button ("go-up-symbolic", _("Move the criterion up"), "scorecards.move-criterion",
                        g_variant_new ("(iii)", (int) s, (int) c, -1), c > 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (tools), button);
  button = icon_button ("go-down-symbolic", _("Move the criterion down"), "scorecards.move-criterion",
                        g_variant_new ("(iii)", (int) s, (int) c, 1), c + 1 < n_criteria);
  adw_action_row_add_suffix (ADW_ACTION_ROW (tools), button);
  button = icon_button ("user-trash-symbolic", _("Remove the criterion"), "scorecards.remove-criterion",
                        g_variant_new ("(ii)", (int) s, (int) c), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (tools), button);

  children[0] = text;
  children[1] = guidance;
  children[2] = scale;
  children[3] = weight;
  children[4] = critical;
  children[5] = na;
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      g_object_set_data (G_OBJECT (children[i]), "criterion", criterion);
      g_object_set_data (G_OBJECT (children[i]), "expander", expander);
    }

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), text);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), guidance);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), scale);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), weight);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), na_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), critical);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), tools);
  g_object_set_data (G_OBJECT (expander), "text-row", text);

  return expander;
}

static void
rebuild_designer (PlScorecardsPage *self)
{
  GPtrArray *sections = pl_scorecard_get_sections (self->draft);

  self->filling = TRUE;
  remove_all_children (GTK_WIDGET (self->designer_sections_box));
  g_clear_pointer (&self->section_error_labels, g_ptr_array_unref);
  self->section_error_labels = g_ptr_array_new ();

  for (guint s = 0; s < sections->len; s++)
    {
      PlScorecardSection *section = g_ptr_array_index (sections, s);
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *tools = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *name, *weight, *button, *error;
      g_autofree char *number = g_strdup_printf ("%u", s + 1);
      g_autofree char *title = g_strdup_printf (_("Section %s"), number);
      g_autofree char *weight_text = format_number (section->weight);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      button = icon_button ("go-up-symbolic", _("Move the section up"), "scorecards.move-section",
                            g_variant_new ("(ii)", (int) s, -1), s > 0);
      gtk_box_append (GTK_BOX (tools), button);
      button = icon_button ("go-down-symbolic", _("Move the section down"), "scorecards.move-section",
                            g_variant_new ("(ii)", (int) s, 1), s + 1 < sections->len);
      gtk_box_append (GTK_BOX (tools), button);
      button = icon_button ("user-trash-symbolic", _("Remove the section and its criteria"),
                            "scorecards.remove-section", g_variant_new_int32 ((int) s), TRUE);
      gtk_box_append (GTK_BOX (tools), button);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), tools);

      name = entry_row (_("Section name"), section->name, G_CALLBACK (section_name_changed_cb), self);
      g_object_set_data (G_OBJECT (name), "section", section);
      weight = entry_row (_("Section weight"), weight_text, G_CALLBACK (section_weight_changed_cb), self);
      g_object_set_data (G_OBJECT (weight), "section", section);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), name);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), weight);
      g_object_set_data (G_OBJECT (group), "name-row", name);
      g_object_set_data (G_OBJECT (group), "weight-row", weight);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          GtkWidget *expander = criterion_rows (self, g_ptr_array_index (section->criteria, c),
                                                s, c, section->criteria->len);
          g_autofree char *key = g_strdup_printf ("criterion-%u", c);

          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
          g_object_set_data (G_OBJECT (group), key, expander);
        }

      error = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (error), 0);
      gtk_label_set_wrap (GTK_LABEL (error), TRUE);
      gtk_widget_add_css_class (error, "error");
      gtk_widget_set_margin_top (error, 6);
      gtk_widget_set_visible (error, FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), error);
      g_ptr_array_add (self->section_error_labels, error);
      g_object_set_data (G_OBJECT (group), "error-label", error);

      button = gtk_button_new_with_mnemonic (_("Add _Criterion"));
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_margin_top (button, 12);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "scorecards.add-criterion");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int32 ((int) s));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);

      gtk_box_append (self->designer_sections_box, group);
    }

  self->filling = FALSE;
}

static GtkWidget *
designer_section_group (PlScorecardsPage *self,
                        guint             index)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->designer_sections_box));

  for (guint i = 0; child != NULL && i < index; i++)
    child = gtk_widget_get_next_sibling (child);

  return child;
}

/* Shows @error next to the field it is about and moves the focus there. */
static void
show_designer_error (PlScorecardsPage *self,
                     const GError     *error,
                     int               section,
                     int               criterion)
{
  GtkWidget *focus = NULL;

  clear_errors (self);

  if (section < 0)
    {
      gtk_label_set_text (self->form_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), TRUE);
      if (g_error_matches (error, PL_ERROR, PL_ERROR_INVALID) &&
          *pl_scorecard_get_name (self->draft) == '\0')
        focus = GTK_WIDGET (self->name_row);
      else if (strstr (error->message, _("pass mark")) != NULL)
        focus = GTK_WIDGET (self->pass_mark_row);
      if (focus != NULL)
        gtk_widget_add_css_class (focus, "error");
    }
  else if ((guint) section < self->section_error_labels->len)
    {
      GtkWidget *group = designer_section_group (self, (guint) section);
      GtkWidget *label = g_ptr_array_index (self->section_error_labels, section);

      gtk_label_set_text (GTK_LABEL (label), error->message);
      gtk_widget_set_visible (label, TRUE);

      if (criterion >= 0)
        {
          g_autofree char *key = g_strdup_printf ("criterion-%d", criterion);
          GtkWidget *expander = g_object_get_data (G_OBJECT (group), key);

          if (expander != NULL)
            {
              adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
              focus = g_object_get_data (G_OBJECT (expander), "text-row");
            }
        }
      else
        focus = g_object_get_data (G_OBJECT (group), "name-row");
    }

  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static void
open_designer (PlScorecardsPage *self,
               PlScorecard      *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pass_mark = NULL;

  g_clear_object (&self->draft);
  self->draft_used = FALSE;
  self->draft_n_observations = 0;

  if (source != NULL)
    {
      self->draft = pl_scorecard_copy (source);
      if (!pl_scorecard_is_used (self->workspace, pl_scorecard_get_id (source), &self->draft_used, &error))
        {
          show_toast (self, error->message);
          g_clear_object (&self->draft);
          return;
        }
      self->draft_n_observations = pl_scorecard_get_n_observations (source);
    }
  else
    {
      PlScorecardSection *section = pl_scorecard_section_new ("", 1);

      self->draft = pl_scorecard_new ("");
      g_ptr_array_add (section->criteria, pl_criterion_new ());
      g_ptr_array_add (pl_scorecard_get_sections (self->draft), section);
    }

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), pl_scorecard_get_name (self->draft));
  pass_mark = format_number (pl_scorecard_get_pass_mark (self->draft));
  gtk_editable_set_text (GTK_EDITABLE (self->pass_mark_row), pass_mark);
  self->filling = FALSE;

  if (source == NULL)
    {
      adw_preferences_group_set_title (self->designer_group, _("New Scorecard"));
      adw_preferences_group_set_description (self->designer_group,
                                             _("Name the scorecard, then its sections and their criteria. "
                                               "Ctrl+Enter saves, Escape goes back without saving."));
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("Edit “%s”"), pl_scorecard_get_name (source));
      g_autofree char *description = NULL;

      if (self->draft_used)
        {
          g_autofree char *version = g_strdup_printf ("%d", pl_scorecard_get_version (source) + 1);

          description = g_strdup_printf (_("This scorecard has been used, so saving makes version %s "
                                           "and earlier observations keep theirs. "
                                           "Ctrl+Enter saves, Escape goes back without saving."),
                                         version);
        }
      else
        description = g_strdup (_("Not used yet, so changes apply to this version. "
                                  "Ctrl+Enter saves, Escape goes back without saving."));
      adw_preferences_group_set_title (self->designer_group, title);
      adw_preferences_group_set_description (self->designer_group, description);
    }

  rebuild_designer (self);
  clear_errors (self);
  set_designer_actions (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "designer");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->designer_scrolled), 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
close_designer (PlScorecardsPage *self)
{
  g_clear_object (&self->draft);
  set_designer_actions (self, FALSE);
  gtk_stack_set_visible_child_name (self->stack, self->workspace != NULL ? "browse" : "no-workspace");
}

static void
do_save (PlScorecardsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean new_version;
  gint64 old_id, id = 0;

  old_id = pl_scorecard_get_id (self->draft);
  if (!pl_scorecard_save (self->workspace, self->draft, &id, &error))
    {
      show_designer_error (self, error, -1, -1);
      return;
    }

  new_version = old_id != 0 && id != old_id;
  if (new_version)
    {
      g_autofree char *version = g_strdup_printf ("%d", pl_scorecard_get_version (self->draft));
      g_autofree char *old_version = g_strdup_printf ("%d", pl_scorecard_get_version (self->draft) - 1);

      message = g_strdup_printf (_("Saved version %s of “%s”. Earlier observations keep version %s."),
                                 version, pl_scorecard_get_name (self->draft), old_version);
    }
  else
    message = g_strdup_printf (_("Saved “%s”."), pl_scorecard_get_name (self->draft));

  self->selected_id = id;
  close_designer (self);
  refresh (self);
  show_toast (self, message);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PlScorecardsPage *self)
{
  self->confirm_dialog = NULL;

  if (g_strcmp0 (response, "save") == 0 && self->draft != NULL)
    do_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  int section = -1, criterion = -1;

  if (self->draft == NULL || self->workspace == NULL || self->confirm_dialog != NULL)
    return;

  if (!pl_scorecard_validate (self->draft, &section, &criterion, &error))
    {
      show_designer_error (self, error, section, criterion);
      return;
    }

  if (self->draft_used)
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, self->draft_n_observations);
      g_autofree char *old_version = g_strdup_printf ("%d", pl_scorecard_get_version (self->draft));
      g_autofree char *new_version = g_strdup_printf ("%d", pl_scorecard_get_version (self->draft) + 1);
      g_autofree char *body = NULL;
      g_autofree char *save_label = NULL;
      GtkWidget *dialog;

      if (self->draft_n_observations > 0)
        body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "This scorecard has been used for %s observation. Saving makes "
                                             "version %s; that observation keeps version %s.",
                                             "This scorecard has been used for %s observations. Saving makes "
                                             "version %s; those observations keep version %s.",
                                             (gulong) self->draft_n_observations),
                                count, new_version, old_version);
      else
        body = g_strdup_printf (_("This scorecard has been used. Saving makes version %s; "
                                  "what used version %s keeps it."),
                                new_version, old_version);

      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Save as a New Version?"), body);
      save_label = g_strdup_printf (_("Save _Version %s"), new_version);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "save", save_label,
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
      self->confirm_dialog = ADW_MESSAGE_DIALOG (dialog);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  do_save (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  close_designer (PL_SCORECARDS_PAGE (widget));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);

  if (self->workspace != NULL)
    open_designer (self, NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);

  if (self->workspace != NULL && self->selected != NULL)
    open_designer (self, self->selected);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->workspace == NULL || self->selected == NULL)
    return;

  message = g_strdup_printf (_("Deleted “%s”."), pl_scorecard_get_name (self->selected));
  if (!pl_scorecard_delete (self->workspace, pl_scorecard_get_id (self->selected), &error))
    {
      show_toast (self, error->message);
      return;
    }

  self->selected_id = pl_scorecard_get_parent_id (self->selected);
  refresh (self);
  show_toast (self, message);
}

static void
add_section_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);
  PlScorecardSection *section;
  GtkWidget *group;
  GPtrArray *sections;

  if (self->draft == NULL)
    return;

  sections = pl_scorecard_get_sections (self->draft);
  section = pl_scorecard_section_new ("", 1);
  g_ptr_array_add (section->criteria, pl_criterion_new ());
  g_ptr_array_add (sections, section);
  rebuild_designer (self);

  group = designer_section_group (self, sections->len - 1);
  if (group != NULL)
    gtk_widget_grab_focus (g_object_get_data (G_OBJECT (group), "name-row"));
}

static void
remove_section_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);
  int index = g_variant_get_int32 (parameter);
  GPtrArray *sections;

  if (self->draft == NULL)
    return;

  sections = pl_scorecard_get_sections (self->draft);
  if (index < 0 || (guint) index >= sections->len)
    return;

  g_ptr_array_remove_index (sections, (guint) index);
  rebuild_designer (self);
}

static void
move_in_array (GPtrArray *array,
               int        index,
               int        delta)
{
  int to = index + delta;

  if (index < 0 || to < 0 || (guint) index >= array->len || (guint) to >= array->len)
    return;

  g_ptr_array_insert (array, to, g_ptr_array_steal_index (array, (guint) index));
}

static void
move_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);
  int index, delta;

  if (self->draft == NULL)
    return;

  g_variant_get (parameter, "(ii)", &index, &delta);
  move_in_array (pl_scorecard_get_sections (self->draft), index, delta);
  rebuild_designer (self);
}

static PlScorecardSection *
draft_section (PlScorecardsPage *self,
               int               index)
{
  GPtrArray *sections;

  if (self->draft == NULL)
    return NULL;

  sections = pl_scorecard_get_sections (self->draft);
  if (index < 0 || (guint) index >= sections->len)
    return NULL;

  return g_ptr_array_index (sections, index);
}

static void
add_criterion_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);
  int index = g_variant_get_int32 (parameter);
  PlScorecardSection *section = draft_section (self, index);
  GtkWidget *group;

  if (section == NULL)
    return;

  g_ptr_array_add (section->criteria, pl_criterion_new ());
  rebuild_designer (self);

  group = designer_section_group (self, (guint) index);
  if (group != NULL)
    {
      g_autofree char *key = g_strdup_printf ("criterion-%u", section->criteria->len - 1);
      GtkWidget *expander = g_object_get_data (G_OBJECT (group), key);

      if (expander != NULL)
        gtk_widget_grab_focus (g_object_get_data (G_OBJECT (expander), "text-row"));
    }
}

static void
remove_criterion_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);
  PlScorecardSection *section;
  int s, c;

  g_variant_get (parameter, "(ii)", &s, &c);
  section = draft_section (self, s);
  if (section == NULL || c < 0 || (guint) c >= section->criteria->len)
    return;

  g_ptr_array_remove_index (section->criteria, (guint) c);
  rebuild_designer (self);
}

static void
move_criterion_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);
  PlScorecardSection *section;
  int s, c, delta;

  g_variant_get (parameter, "(iii)", &s, &c, &delta);
  section = draft_section (self, s);
  if (section == NULL)
    return;

  move_in_array (section->criteria, c, delta);
  rebuild_designer (self);
}

static void
pl_scorecards_page_map (GtkWidget *widget)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_scorecards_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_scorecards_page_dispose (GObject *object)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  if (self->confirm_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->confirm_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->confirm_dialog));
      self->confirm_dialog = NULL;
    }

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_SCORECARDS_PAGE);

  g_clear_pointer (&self->section_error_labels, g_ptr_array_unref);
  g_clear_pointer (&self->try_values, g_array_unref);
  g_clear_object (&self->selected);
  g_clear_object (&self->draft);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_scorecards_page_parent_class)->dispose (object);
}

static void
pl_scorecards_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (object);

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
pl_scorecards_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PlScorecardsPage *self = PL_SCORECARDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_scorecards_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_scorecards_page_class_init (PlScorecardsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_scorecards_page_dispose;
  object_class->get_property = pl_scorecards_page_get_property;
  object_class->set_property = pl_scorecards_page_set_property;

  widget_class->map = pl_scorecards_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-scorecards-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, browse_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, scorecards_list);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, sections_box);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, try_group);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, try_list);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, try_score_label);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, try_explain_label);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, versions_group);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, versions_list);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, rule_row);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, rule_label);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, designer_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, designer_group);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, pass_mark_row);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlScorecardsPage, designer_sections_box);

  gtk_widget_class_install_action (widget_class, "scorecards.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "scorecards.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "scorecards.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "scorecards.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "scorecards.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "scorecards.add-section", NULL, add_section_action);
  gtk_widget_class_install_action (widget_class, "scorecards.remove-section", "i", remove_section_action);
  gtk_widget_class_install_action (widget_class, "scorecards.move-section", "(ii)", move_section_action);
  gtk_widget_class_install_action (widget_class, "scorecards.add-criterion", "i", add_criterion_action);
  gtk_widget_class_install_action (widget_class, "scorecards.remove-criterion", "(ii)", remove_criterion_action);
  gtk_widget_class_install_action (widget_class, "scorecards.move-criterion", "(iii)", move_criterion_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "scorecards.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "scorecards.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "scorecards.cancel", NULL);
}

static void
pl_scorecards_page_init (PlScorecardsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_label_set_text (self->rule_label, pl_scorecard_rule_text ());

  g_signal_connect_object (self->scorecards_list, "row-selected", G_CALLBACK (row_selected_cb), self, 0);
  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (name_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pass_mark_row, "changed", G_CALLBACK (pass_mark_changed_cb), self,
                           G_CONNECT_SWAPPED);

  set_designer_actions (self, FALSE);
  fill_details (self);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlScorecardsPage *
pl_scorecards_page_new (void)
{
  return g_object_new (PL_TYPE_SCORECARDS_PAGE, NULL);
}

PlWorkspace *
pl_scorecards_page_get_workspace (PlScorecardsPage *self)
{
  g_return_val_if_fail (PL_IS_SCORECARDS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_scorecards_page_set_workspace (PlScorecardsPage *self,
                                  PlWorkspace      *workspace)
{
  static const char * const tables[] = { "scorecards", "observations", "calibration_sessions" };

  g_return_if_fail (PL_IS_SCORECARDS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);
  self->selected_id = 0;
  g_clear_object (&self->draft);

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  set_designer_actions (self, FALSE);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
