/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-finding.h"
#include "core/pl-review.h"
#include "core/pl-standard.h"
#include "core/pl-util.h"

#include "pl-chart-widget.h"
#include "pl-findings-page.h"
#include "pl-toast.h"

/* Evaluate → Findings (403 AC 3.3–3.4, 401 LO5, 312 AC 3.3): the findings
 * the analysis proposes, each with its evidence (figures, a chart,
 * quotes) and what it is judged against, grouped by the user's decision:
 * to decide, confirmed, rejected. The user confirms, edits or rejects
 * each (a rejection needs its reason) and adds their own. Every decision
 * is saved at once; proposing again keeps them (src/core/pl-finding.h). */

struct _PlFindingsPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkWidget       *scrolled;
  GtkLabel        *summary_label;
  GtkWidget       *decide_group;
  GtkWidget       *decide_empty_label;
  GtkListBox      *decide_list;
  GtkWidget       *confirmed_group;
  GtkListBox      *confirmed_list;
  GtkWidget       *rejected_group;
  GtkListBox      *rejected_list;

  GtkWidget       *review_bar;
  GtkDropDown     *review_dropdown;
  GtkStringList   *review_names;
  GArray          *review_ids;      /* gint64 per dropdown item; [0] is 0, all the data */
  gint64           review_id;       /* the review chosen, 0 for all the data */
  gboolean         listing_reviews;

  PlWorkspace     *workspace;
  GListModel      *findings;        /* of PlFinding, as listed */
  GPtrArray       *rows;            /* the expander rows, in the three lists */
  GHashTable      *expanded;        /* ids of the findings whose rows are open */
  guint            refresh_id;
  gboolean         stale;           /* the workspace changed while hidden */

  /* The editor: a finding's new words, or the user's own finding. */
  GtkWindow       *editor;
  gint64           editing_id;      /* 0: a new own finding */
  AdwEntryRow     *editor_title;
  GtkTextView     *editor_statement;
  AdwComboRow     *editor_standard;
  GtkLabel        *editor_error;
  GArray          *standard_ids;    /* gint64, index i + 1 of the standard combo */
  GtkSizeGroup    *pill_group;      /* the kind pills, one column wide */

  /* The own finding deleted last, for Undo. */
  char            *deleted_title;
  char            *deleted_statement;
  gint64           deleted_standard_id;
  gint64           deleted_review_id;
};

G_DEFINE_FINAL_TYPE (PlFindingsPage, pl_findings_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The kind pills' colours: the theme's status colours, so they follow
 * light and dark. */
static const char page_css[] =
  ".pl-finding-kind { border-radius: 999px; padding: 2px 8px; font-size: smaller; font-weight: bold; }"
  ".pl-finding-kind.shortfall, .pl-finding-kind.gap { color: @error_color;"
  "  background-color: alpha(@error_color, 0.14); }"
  ".pl-finding-kind.signal { color: @warning_color; background-color: alpha(@warning_color, 0.16); }"
  ".pl-finding-kind.strength { color: @success_color; background-color: alpha(@success_color, 0.16); }"
  ".pl-finding-kind.theme { color: @accent_color; background-color: alpha(@accent_color, 0.14); }"
  ".pl-finding-kind.own { background-color: alpha(@window_fg_color, 0.1); }"
  ".pl-finding-quote { font-style: italic; }";

static void refresh (PlFindingsPage *self);

/* Helpers */

static void
show_toast (PlFindingsPage *self,
            const char     *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
report_error (PlFindingsPage *self,
              const char     *what,
              const GError   *error)
{
  /* Translators: "The finding was not confirmed: <the reason>" */
  g_autofree char *message = g_strdup_printf (_("%s: %s"), what, error->message);

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

static PlFinding *
find_finding (PlFindingsPage *self,
              gint64          id)
{
  guint n = self->findings != NULL ? g_list_model_get_n_items (self->findings) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlFinding) finding = g_list_model_get_item (self->findings, i);

      if (pl_finding_get_id (finding) == id)
        return finding;
    }

  return NULL;
}

/* The row's subtitle: the finding's main figure, or the start of the
 * statement. */
static char *
summary_line (PlFinding *finding)
{
  const char *text = pl_finding_get_statement (finding);
  const char *end;

  if (pl_finding_get_n_figures (finding) > 0)
    /* Translators: a finding's main figure, "September 2026: 74.5% (Wilson 95% interval …)" */
    return g_strdup_printf (_("%s: %s"), pl_finding_get_figure_label (finding, 0),
                            pl_finding_get_figure_text (finding, 0));

  if (text == NULL)
    return g_strdup ("");

  end = strstr (text, ". ");
  if (end != NULL && g_utf8_strlen (text, end - text) <= 120)
    return g_strndup (text, end - text + 1);

  if (g_utf8_strlen (text, -1) > 120)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 119);

      return g_strconcat (start, "…", NULL);
    }

  return g_strdup (text);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
new_section (GtkWidget  *box,
             const char *heading)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_box_append (GTK_BOX (section), new_label (heading, "heading"));
  gtk_box_append (GTK_BOX (box), section);
  return section;
}

static GtkWidget *
kind_pill (PlFindingsPage *self,
           PlFindingKind   kind)
{
  GtkWidget *pill = gtk_label_new (pl_finding_kind_to_label (kind));

  gtk_size_group_add_widget (self->pill_group, pill);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "pl-finding-kind");
  gtk_widget_add_css_class (pill, pl_finding_kind_to_string (kind));
  gtk_widget_set_tooltip_text (pill, pl_finding_kind_explain (kind));
  return pill;
}

/* The chart */

/* What the chart widget points into, kept as long as the widget. */
typedef struct
{
  double        *days;
  double        *lower;
  double        *upper;
  guint         *sizes;
  double        *ucls;
  double        *lcls;
  PlTrendSignal *signals;
  char         **signal_texts;
  char          *interval_label;
} ChartData;

static void
chart_data_free (ChartData *data)
{
  g_free (data->days);
  g_free (data->lower);
  g_free (data->upper);
  g_free (data->sizes);
  g_free (data->ucls);
  g_free (data->lcls);
  g_free (data->signals);
  g_strfreev (data->signal_texts);
  g_free (data->interval_label);
  g_free (data);
}

static gboolean
any_finite (const double *values,
            guint         n)
{
  for (guint i = 0; i < n; i++)
    if (isfinite (values[i]))
      return TRUE;
  return FALSE;
}

static GtkWidget *
create_chart (const PlFindingSeries *series)
{
  PlChartWidget *widget = pl_chart_widget_new ();
  ChartData *data = g_new0 (ChartData, 1);
  PlTrendChart chart;
  guint n = series->n_points;

  data->days = g_new (double, n);
  data->sizes = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    {
      GDate date;

      data->days[i] = pl_date_parse_iso (series->periods[i], &date) ? (double) pl_date_to_days (&date) : NAN;
      data->sizes[i] = (guint) CLAMP (series->sizes[i], 0, G_MAXUINT);
    }

  pl_trend_chart_init (&chart);
  chart.series_label = series->label;
  chart.days = data->days;
  chart.values = series->values;
  chart.n = n;
  chart.unit = series->unit;
  chart.decimals = series->decimals;
  chart.higher_is_better = series->higher_is_better;
  chart.has_target = series->has_target;
  chart.target = series->target;
  chart.has_red_threshold = series->has_red_threshold;
  chart.red_threshold = series->red_threshold;
  chart.sizes = data->sizes;
  chart.compare = series->compare;
  chart.compare_label = series->compare_label;

  if (series->interval_label != NULL && any_finite (series->lower, n) && any_finite (series->upper, n))
    {
      data->lower = g_memdup2 (series->lower, sizeof (double) * n);
      data->upper = g_memdup2 (series->upper, sizeof (double) * n);
      data->interval_label = g_strdup (series->interval_label);
      chart.lower = data->lower;
      chart.upper = data->upper;
      chart.interval_label = data->interval_label;
    }

  if (series->has_limits)
    {
      data->ucls = g_memdup2 (series->ucl, sizeof (double) * n);
      data->lcls = g_memdup2 (series->lcl, sizeof (double) * n);
      chart.has_control_limits = TRUE;
      chart.centre = series->centre;
      chart.ucl = series->ucl[n - 1];
      chart.lcl = series->lcl[n - 1];
      chart.ucls = data->ucls;
      chart.lcls = data->lcls;
    }

  if (series->n_signals > 0)
    {
      data->signals = g_new0 (PlTrendSignal, series->n_signals);
      data->signal_texts = g_new0 (char *, series->n_signals + 1);
      for (guint i = 0; i < series->n_signals; i++)
        {
          data->signal_texts[i] = g_strdup (series->signals[i].text);
          data->signals[i].index = series->signals[i].index;
          data->signals[i].rule = series->signals[i].rule;
          data->signals[i].text = data->signal_texts[i];
        }
      chart.signals = data->signals;
      chart.n_signals = series->n_signals;
    }

  g_object_set_data_full (G_OBJECT (widget), "chart-data", data, (GDestroyNotify) chart_data_free);
  pl_chart_widget_set_chart (widget, &chart);
  gtk_widget_set_size_request (GTK_WIDGET (widget), -1, 240);
  gtk_widget_set_hexpand (GTK_WIDGET (widget), TRUE);

  return GTK_WIDGET (widget);
}

/* A row */

static void
add_button (GtkWidget  *box,
            const char *label,
            const char *tooltip,
            const char *action,
            gint64      id,
            const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
  gtk_widget_set_tooltip_text (button, tooltip);
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  gtk_box_append (GTK_BOX (box), button);
}

/* What the finding is judged against: the standard, the promise, the
 * criterion; or how to link a standard. */
static void
add_judged_against (GtkWidget *box,
                    PlFinding *finding)
{
  PlFindingKind kind = pl_finding_get_kind (finding);
  const char *standard = pl_finding_get_standard_label (finding);
  const char *commitment = pl_finding_get_commitment_text (finding);
  const char *criterion = pl_finding_get_criterion_text (finding);
  GtkWidget *section = new_section (box, _("Judged Against"));

  if (standard != NULL)
    {
      /* Translators: the standard a finding is judged against, "Standard: Ofgem SLC 0.3 · Treat customers fairly" */
      g_autofree char *text = g_strdup_printf (_("Standard: %s"), standard);

      gtk_box_append (GTK_BOX (section), new_label (text, NULL));
    }
  if (commitment != NULL)
    {
      /* Translators: the service offer's commitment a KPI measures */
      g_autofree char *text = g_strdup_printf (_("Service promise: “%s”"), commitment);

      gtk_box_append (GTK_BOX (section), new_label (text, NULL));
    }
  if (criterion != NULL && kind == PL_FINDING_KIND_GAP)
    {
      /* Translators: a scorecard criterion a gap is judged against */
      g_autofree char *text = g_strdup_printf (_("Scorecard criterion: “%s”, which should be met in full "
                                                 "in at least 70%% of observations"), criterion);

      gtk_box_append (GTK_BOX (section), new_label (text, NULL));
    }

  if (standard == NULL)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      const char *hint;

      switch ((int) kind)
        {
        case PL_FINDING_KIND_SHORTFALL:
        case PL_FINDING_KIND_SIGNAL:
        case PL_FINDING_KIND_STRENGTH:
          hint = _("No standard linked — link the KPI to a standard on the Standards page.");
          break;
        case PL_FINDING_KIND_GAP:
          hint = _("No standard linked — link the criterion to a standard on the Standards page.");
          break;
        default:
          hint = _("No standard linked — choose one with Edit if a standard applies.");
          break;
        }

      gtk_box_append (GTK_BOX (line), new_label (hint, "dim-label"));
      if (kind != PL_FINDING_KIND_THEME && kind != PL_FINDING_KIND_OWN)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("Open _Standards"));

          gtk_widget_set_halign (button, GTK_ALIGN_START);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-page");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string ("standards"));
          gtk_box_append (GTK_BOX (line), button);
        }
      gtk_box_append (GTK_BOX (section), line);
    }
}

static void
add_evidence (GtkWidget *box,
              PlFinding *finding)
{
  guint n_figures = pl_finding_get_n_figures (finding);
  guint n_quotes = pl_finding_get_n_quotes (finding);
  const PlFindingSeries *series = pl_finding_get_series (finding);

  if (n_figures > 0 || series != NULL)
    {
      GtkWidget *section = new_section (box, _("Evidence"));

      for (guint i = 0; i < n_figures; i++)
        {
          GtkWidget *figure = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
          GtkWidget *label = new_label (pl_finding_get_figure_label (finding, i), "caption-heading");

          gtk_widget_add_css_class (label, "dim-label");
          gtk_box_append (GTK_BOX (figure), label);
          gtk_box_append (GTK_BOX (figure), new_label (pl_finding_get_figure_text (finding, i), NULL));
          gtk_box_append (GTK_BOX (section), figure);
        }

      if (series != NULL && series->n_points > 0)
        gtk_box_append (GTK_BOX (section), create_chart (series));
    }

  if (n_quotes > 0)
    {
      GtkWidget *section = new_section (box, _("What Customers Said"));

      for (guint i = 0; i < n_quotes; i++)
        {
          GtkWidget *quote = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
          /* Translators: a customer's comment quoted */
          g_autofree char *text = g_strdup_printf (_("“%s”"), pl_finding_get_quote_text (finding, i));
          GtkWidget *detail = new_label (pl_finding_get_quote_detail (finding, i), "caption");

          gtk_box_append (GTK_BOX (quote), new_label (text, "pl-finding-quote"));
          gtk_widget_add_css_class (detail, "dim-label");
          gtk_box_append (GTK_BOX (quote), detail);
          gtk_box_append (GTK_BOX (section), quote);
        }
    }
}

static GtkWidget *
create_body (PlFinding *finding)
{
  PlFindingStatus status = pl_finding_get_status (finding);
  PlFindingKind kind = pl_finding_get_kind (finding);
  gint64 id = pl_finding_get_id (finding);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *statement = new_label (pl_finding_get_statement (finding), NULL);
  GtkWidget *buttons;

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_selectable (GTK_LABEL (statement), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (statement), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Statement"), -1);
  gtk_box_append (GTK_BOX (box), statement);

  if (status == PL_FINDING_STATUS_REJECTED && pl_finding_get_rejection_reason (finding) != NULL)
    {
      GtkWidget *section = new_section (box, _("Why It Was Rejected"));

      gtk_box_append (GTK_BOX (section), new_label (pl_finding_get_rejection_reason (finding), NULL));
    }

  add_judged_against (box, finding);
  add_evidence (box, finding);

  if (pl_finding_get_basis (finding) != NULL)
    {
      /* Translators: the rule that proposed a finding */
      g_autofree char *text = g_strdup_printf (_("Why Plumbline proposed it: %s"), pl_finding_get_basis (finding));

      gtk_box_append (GTK_BOX (box), new_label (text, "caption"));
      gtk_widget_add_css_class (gtk_widget_get_last_child (box), "dim-label");
    }

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  if (kind == PL_FINDING_KIND_OWN)
    {
      add_button (buttons, _("_Delete"), _("Delete this finding of yours"), "findings.delete", id,
                  "destructive-action");
      add_button (buttons, _("_Edit…"), _("Change the title, statement or standard"), "findings.edit", id, NULL);
    }
  else if (status == PL_FINDING_STATUS_PROPOSED)
    {
      add_button (buttons, _("_Reject…"), _("The evidence does not support it: say why"), "findings.reject", id,
                  NULL);
      add_button (buttons, _("_Edit…"), _("Put it in your own words; saving confirms it"), "findings.edit", id,
                  NULL);
      add_button (buttons, _("_Confirm"), _("The evidence supports this finding"), "findings.confirm", id,
                  "suggested-action");
    }
  else if (status == PL_FINDING_STATUS_CONFIRMED)
    {
      add_button (buttons, _("Re_consider"), _("Back to be decided, to judge fresh figures"),
                  "findings.reconsider", id, NULL);
      add_button (buttons, _("_Reject…"), _("The evidence does not support it after all: say why"),
                  "findings.reject", id, NULL);
      add_button (buttons, _("_Edit…"), _("Change the title, statement or standard"), "findings.edit", id, NULL);
    }
  else
    add_button (buttons, _("Re_consider"), _("Back to be decided"), "findings.reconsider", id, NULL);
  gtk_box_append (GTK_BOX (box), buttons);

  return box;
}

static GtkWidget *
create_row (PlFindingsPage *self,
            PlFinding      *finding)
{
  gint64 id = pl_finding_get_id (finding);
  g_autofree char *subtitle = summary_line (finding);
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_finding_get_title (finding));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), kind_pill (self, pl_finding_get_kind (finding)));

  if (pl_finding_get_status (finding) == PL_FINDING_STATUS_PROPOSED)
    {
      GtkWidget *confirm = gtk_button_new_from_icon_name ("object-select-symbolic");
      /* Translators: accessible label, %s is a finding's title */
      g_autofree char *label = g_strdup_printf (_("Confirm “%s”"), pl_finding_get_title (finding));

      gtk_widget_set_valign (confirm, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (confirm, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (confirm), "findings.confirm");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (confirm), g_variant_new_int64 (id));
      gtk_widget_set_tooltip_text (confirm, _("Confirm"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (confirm), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), confirm);
    }

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), create_body (finding));

  set_id (row, "finding-id", id);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (self->expanded, &id));

  return row;
}

/* Refreshing */

static void
remember_expanded (PlFindingsPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwExpanderRow *row = g_ptr_array_index (self->rows, i);
      gint64 id = get_id (row, "finding-id");

      if (adw_expander_row_get_expanded (row))
        g_hash_table_add (self->expanded, g_memdup2 (&id, sizeof id));
      else
        g_hash_table_remove (self->expanded, &id);
    }
}

static void
clear_rows (PlFindingsPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
update_summary (PlFindingsPage *self,
                guint           n_decide,
                guint           n_confirmed,
                guint           n_rejected)
{
  g_autofree char *decide = g_strdup_printf ("%u", n_decide);
  g_autofree char *confirmed = g_strdup_printf ("%u", n_confirmed);
  g_autofree char *rejected = g_strdup_printf ("%u", n_rejected);
  g_autofree char *text = NULL;

  /* Translators: "12 to decide · 3 confirmed · 1 rejected" */
  text = g_strdup_printf (_("%s to decide · %s confirmed · %s rejected"), decide, confirmed, rejected);
  gtk_label_set_text (self->summary_label, text);
}

/* The reviews in the chooser, the chosen one kept while it is there. */
static void
list_reviews (PlFindingsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) reviews = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0, n;

  if (self->review_ids == NULL)
    return;

  g_array_set_size (self->review_ids, 0);
  if (self->workspace != NULL)
    reviews = pl_review_list (self->workspace, &error);
  if (reviews == NULL)
    {
      if (error != NULL)
        g_warning ("The reviews could not be listed: %s", error->message);
      self->review_id = 0;
      gtk_widget_set_visible (self->review_bar, FALSE);
      return;
    }

  {
    gint64 none = 0;

    g_array_append_val (self->review_ids, none);
    g_ptr_array_add (names, g_strdup (_("All the data")));
  }
  n = g_list_model_get_n_items (reviews);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlReview) review = g_list_model_get_item (reviews, i);
      gint64 id = pl_review_get_id (review);
      g_autofree char *from = pl_date_format_short (pl_review_get_period_start (review));
      g_autofree char *to = pl_date_format_short (pl_review_get_period_end (review));

      g_array_append_val (self->review_ids, id);
      /* Translators: a review in the findings' chooser, "Contact centre review, 1 Jul 2026 to 30 Sep 2026" */
      g_ptr_array_add (names, g_strdup_printf (_("%s, %s to %s"), pl_review_get_title (review), from, to));
      if (id == self->review_id)
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);
  if (selected == 0)
    self->review_id = 0;

  /* Only a changed list is replaced, and only a changed choice set: the
   * chooser is not touched while its own change is being handled. */
  self->listing_reviews = TRUE;
  {
    GListModel *model = G_LIST_MODEL (self->review_names);
    gboolean same = g_list_model_get_n_items (model) == names->len - 1;

    for (guint i = 0; same && i + 1 < names->len; i++)
      same = g_strcmp0 (gtk_string_list_get_string (self->review_names, i), g_ptr_array_index (names, i)) == 0;
    if (!same)
      gtk_string_list_splice (self->review_names, 0, g_list_model_get_n_items (model),
                              (const char * const *) names->pdata);
  }
  if (gtk_drop_down_get_selected (self->review_dropdown) != selected)
    gtk_drop_down_set_selected (self->review_dropdown, selected);
  self->listing_reviews = FALSE;
  gtk_widget_set_visible (self->review_bar, n > 0);
}

static gboolean refresh_idle_cb (gpointer user_data);

static void
review_selected_cb (PlFindingsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->review_dropdown);

  if (self->listing_reviews || self->review_ids == NULL || selected >= self->review_ids->len)
    return;

  if (g_array_index (self->review_ids, gint64, selected) == self->review_id)
    return;

  self->review_id = g_array_index (self->review_ids, gint64, selected);
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
refresh (PlFindingsPage *self)
{
  g_autoptr(GError) error = NULL;
  guint counts[3] = { 0, 0, 0 };
  GtkListBox *lists[3] = { self->decide_list, self->confirmed_list, self->rejected_list };
  PlFindingFilter filter;
  guint n;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  remember_expanded (self);
  clear_rows (self);
  g_clear_object (&self->findings);

  list_reviews (self);
  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  pl_finding_filter_init (&filter);
  filter.review_id = self->review_id;
  self->findings = pl_finding_list (self->workspace, &filter, &error);
  if (self->findings == NULL)
    {
      report_error (self, _("The findings could not be read"), error);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  n = g_list_model_get_n_items (self->findings);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlFinding) finding = g_list_model_get_item (self->findings, i);
      PlFindingStatus status = pl_finding_get_status (finding);
      GtkWidget *row = create_row (self, finding);

      gtk_list_box_append (lists[status], row);
      g_ptr_array_add (self->rows, row);
      counts[status]++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->decide_list), counts[PL_FINDING_STATUS_PROPOSED] > 0);
  gtk_widget_set_visible (self->decide_empty_label, counts[PL_FINDING_STATUS_PROPOSED] == 0);
  gtk_widget_set_visible (self->confirmed_group, counts[PL_FINDING_STATUS_CONFIRMED] > 0);
  gtk_widget_set_visible (self->rejected_group, counts[PL_FINDING_STATUS_REJECTED] > 0);
  update_summary (self, counts[0], counts[1], counts[2]);

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "main" : "empty");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* One refresh covers a burst of changes; a hidden page only notes that it
 * is out of date. */
static void
workspace_changed_cb (PlFindingsPage *self,
                      const char     *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

/* Actions */

static void
propose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *counts_text = NULL;
  PlFindingCounts counts;

  if (self->workspace == NULL)
    return;

  if (!pl_finding_propose (self->workspace, self->review_id, NULL, &counts, &error))
    {
      report_error (self, _("No findings were proposed"), error);
      return;
    }

  refresh (self);
  counts_text = pl_finding_counts_describe (&counts);
  if (counts.added + counts.updated + counts.withdrawn == 0)
    {
      g_autofree char *message = NULL;

      /* Translators: after proposing findings again, when the data has not changed */
      message = g_strdup_printf (_("%s: the findings already match the data"), counts_text);
      show_toast (self, message);
    }
  else
    show_toast (self, counts_text);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  if (!pl_finding_confirm (self->workspace, id, &error))
    {
      report_error (self, _("The finding was not confirmed"), error);
      return;
    }

  refresh (self);
  pl_toast_add_undo (self->toast_overlay, _("Finding confirmed"),
                     "findings.reconsider", g_variant_new_int64 (id));
}

static void
reconsider_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  if (!pl_finding_reconsider (self->workspace, g_variant_get_int64 (param), &error))
    {
      report_error (self, _("The finding was not put back to decide"), error);
      return;
    }

  refresh (self);
}

static void
reject_reason_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reject", reason[0] != '\0');
}

static void
reject_reason_activate_cb (GtkEntry         *entry,
                           AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "reject"))
    adw_message_dialog_response (dialog, "reject");
}

static void
reject_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PlFindingsPage   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 id = get_id (dialog, "finding-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "reject") != 0 || self->workspace == NULL)
    return;

  if (!pl_finding_reject (self->workspace, id, gtk_editable_get_text (entry), &error))
    {
      report_error (self, _("The finding was not rejected"), error);
      return;
    }

  refresh (self);
  pl_toast_add_undo (self->toast_overlay, _("Finding rejected"),
                     "findings.reconsider", g_variant_new_int64 (id));
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 id = g_variant_get_int64 (param);
  PlFinding *finding = find_finding (self, id);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (finding == NULL || self->workspace == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Reject This Finding?"), NULL);
  /* Translators: %s is the finding's title */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s”\n\nSay why the evidence does not support it, for example “the dip "
                                    "was the week of the system outage, already dealt with”. The reason is "
                                    "kept with the decision, and the analysis will not propose it again."),
                                  pl_finding_get_title (finding));

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for rejecting"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reject", _("_Reject"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  set_id (dialog, "finding-id", id);
  g_signal_connect_object (entry, "changed", G_CALLBACK (reject_reason_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (reject_reason_activate_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reject_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  PlFinding *finding = find_finding (self, id);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *statement = NULL;
  gint64 standard_id, review_id;

  if (finding == NULL || self->workspace == NULL)
    return;

  title = g_strdup (pl_finding_get_title (finding));
  statement = g_strdup (pl_finding_get_statement (finding));
  standard_id = pl_finding_get_standard_id (finding);
  review_id = pl_finding_get_review_id (finding);

  if (!pl_finding_delete (self->workspace, id, &error))
    {
      report_error (self, _("The finding was not deleted"), error);
      return;
    }

  g_free (self->deleted_title);
  g_free (self->deleted_statement);
  self->deleted_title = g_steal_pointer (&title);
  self->deleted_statement = g_steal_pointer (&statement);
  self->deleted_standard_id = standard_id;
  self->deleted_review_id = review_id;
  gtk_widget_action_set_enabled (widget, "findings.undo-delete", TRUE);

  refresh (self);
  pl_toast_add_undo (self->toast_overlay, _("Finding deleted"), "findings.undo-delete", NULL);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (widget);
  g_autoptr(PlFinding) finding = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL || self->deleted_title == NULL)
    return;

  finding = pl_finding_create_own (self->workspace, self->deleted_review_id, self->deleted_title,
                                   self->deleted_statement, self->deleted_standard_id, &error);
  if (finding == NULL)
    {
      report_error (self, _("The finding was not put back"), error);
      return;
    }

  g_clear_pointer (&self->deleted_title, g_free);
  g_clear_pointer (&self->deleted_statement, g_free);
  gtk_widget_action_set_enabled (widget, "findings.undo-delete", FALSE);
  refresh (self);
}

/* The editor */

static void
editor_show_error (PlFindingsPage *self,
                   const char     *message)
{
  if (self->editor_error == NULL)
    return;
  gtk_label_set_text (self->editor_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->editor_error), message != NULL);
}

static void
editor_edited_cb (PlFindingsPage *self)
{
  editor_show_error (self, NULL);
}

static void
editor_destroy_cb (GtkWindow      *window,
                   PlFindingsPage *self)
{
  if (self->editor != window)
    return;

  self->editor = NULL;
  self->editor_title = NULL;
  self->editor_statement = NULL;
  self->editor_standard = NULL;
  self->editor_error = NULL;
}

static void
editor_save (PlFindingsPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *statement = NULL;
  g_autoptr(GError) error = NULL;
  const char *title;
  guint selected;
  gint64 standard_id = 0;
  gboolean ok;

  if (self->editor == NULL || self->workspace == NULL)
    return;

  title = gtk_editable_get_text (GTK_EDITABLE (self->editor_title));
  buffer = gtk_text_view_get_buffer (self->editor_statement);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  statement = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  selected = adw_combo_row_get_selected (self->editor_standard);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && self->standard_ids != NULL &&
      selected <= self->standard_ids->len)
    standard_id = g_array_index (self->standard_ids, gint64, selected - 1);

  if (self->editing_id > 0)
    ok = pl_finding_edit (self->workspace, self->editing_id, title, statement, standard_id, &error);
  else
    {
      g_autoptr(PlFinding) finding = pl_finding_create_own (self->workspace, self->review_id, title, statement,
                                                            standard_id, &error);
      ok = finding != NULL;
    }

  if (!ok)
    {
      /* Translators: %s is the reason, in the user's words */
      g_autofree char *message = g_strdup_printf (_("Nothing was saved: %s"), error->message);
      g_autofree char *stripped = g_strstrip (g_strdup (title));

      editor_show_error (self, message);
      gtk_widget_grab_focus (stripped[0] == '\0' ? GTK_WIDGET (self->editor_title)
                                                 : GTK_WIDGET (self->editor_statement));
      return;
    }

  {
    gboolean was_editing = self->editing_id > 0;

    gtk_window_destroy (self->editor);
    refresh (self);
    show_toast (self, was_editing ? _("Finding saved and confirmed") : _("Finding added"));
  }
}

static void
editor_save_clicked_cb (PlFindingsPage *self)
{
  editor_save (self);
}

static gboolean
editor_save_shortcut_cb (GtkWidget *widget,
                         GVariant  *args,
                         gpointer   user_data)
{
  editor_save (PL_FINDINGS_PAGE (user_data));
  return TRUE;
}

static gboolean
editor_close_shortcut_cb (GtkWidget *widget,
                          GVariant  *args,
                          gpointer   user_data)
{
  gtk_window_close (GTK_WINDOW (widget));
  return TRUE;
}

static void
add_shortcut (GtkEventController *controller,
              guint               key,
              GdkModifierType     modifiers,
              GtkShortcutFunc     func,
              gpointer            data)
{
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                                          gtk_callback_action_new (func, data, NULL)));
}

static guint
load_standards (PlFindingsPage *self,
                gint64          chosen)
{
  g_autoptr(GListModel) standards = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;
  guint n;

  g_clear_pointer (&self->standard_ids, g_array_unref);
  g_clear_pointer (&self->review_ids, g_array_unref);
  self->standard_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (names, _("No standard"));

  standards = pl_standard_list (self->workspace, &error);
  if (standards == NULL)
    g_warning ("Could not list the standards: %s", error->message);

  n = standards != NULL ? g_list_model_get_n_items (standards) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlStandard) standard = g_list_model_get_item (standards, i);
      const char *reference = pl_standard_get_reference (standard);
      gint64 id = pl_standard_get_id (standard);
      g_autofree char *label = NULL;

      if (reference != NULL && reference[0] != '\0')
        /* Translators: a standard in a list, "Ofgem SLC 0.3 · Treat customers fairly" */
        label = g_strdup_printf (_("%s %s · %s"), pl_standard_get_source (standard), reference,
                                 pl_standard_get_title (standard));
      else
        /* Translators: a standard in a list, "Kestrel · Our customer charter" */
        label = g_strdup_printf (_("%s · %s"), pl_standard_get_source (standard), pl_standard_get_title (standard));

      g_array_append_val (self->standard_ids, id);
      gtk_string_list_append (names, label);
      if (id == chosen)
        selected = i + 1;
    }

  adw_combo_row_set_model (self->editor_standard, G_LIST_MODEL (names));
  return selected;
}

static void
open_editor (PlFindingsPage *self,
             PlFinding      *finding)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window, *content, *header, *title, *cancel, *save, *scrolled, *clamp, *box;
  GtkWidget *intro, *group, *statement_box, *frame, *hint;
  GtkEventController *shortcuts;

  if (self->workspace == NULL)
    return;
  if (self->editor != NULL)
    gtk_window_destroy (self->editor);

  self->editing_id = finding != NULL ? pl_finding_get_id (finding) : 0;

  window = adw_window_new ();
  gtk_widget_set_name (window, "findings-editor");
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 620);
  gtk_window_set_title (GTK_WINDOW (window), finding != NULL ? _("Edit Finding") : _("Add Your Own Finding"));

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  title = adw_window_title_new (finding != NULL ? _("Edit Finding") : _("Add Your Own Finding"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  save = gtk_button_new_with_mnemonic (finding != NULL ? _("_Save") : _("_Add"));
  gtk_widget_set_name (save, "save");
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_set_tooltip_text (save, _("Save (Ctrl+Enter)"));
  g_signal_connect_object (save, "clicked", G_CALLBACK (editor_save_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (content), header);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  intro = new_label (finding != NULL
                     ? _("Put the finding in your own words. Saving confirms it: proposing findings again "
                         "will not change it. Its evidence stays as it was proposed.")
                     : _("Write down what you found and what it rests on: figures, observations, customers’ "
                         "comments. Say what it is judged against, so the review can show it."),
                     "dim-label");
  gtk_box_append (GTK_BOX (box), intro);

  group = adw_preferences_group_new ();
  self->editor_title = ADW_ENTRY_ROW (adw_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->editor_title), "title");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->editor_title), _("Title"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->editor_title));
  gtk_box_append (GTK_BOX (box), group);

  statement_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (statement_box), new_label (_("Statement"), "heading"));
  frame = gtk_frame_new (NULL);
  self->editor_statement = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_name (GTK_WIDGET (self->editor_statement), "statement");
  gtk_text_view_set_wrap_mode (self->editor_statement, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->editor_statement, FALSE);
  gtk_text_view_set_top_margin (self->editor_statement, 8);
  gtk_text_view_set_bottom_margin (self->editor_statement, 8);
  gtk_text_view_set_left_margin (self->editor_statement, 8);
  gtk_text_view_set_right_margin (self->editor_statement, 8);
  gtk_widget_set_size_request (GTK_WIDGET (self->editor_statement), -1, 160);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->editor_statement), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Statement"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->editor_statement), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("What the finding is, with the figures or examples it rests on"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->editor_statement));
  gtk_box_append (GTK_BOX (statement_box), frame);
  gtk_box_append (GTK_BOX (box), statement_box);

  group = adw_preferences_group_new ();
  self->editor_standard = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->editor_standard), "standard");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->editor_standard), _("Judged against"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->editor_standard), _("A standard from the Standards page"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->editor_standard));
  gtk_box_append (GTK_BOX (box), group);

  self->editor_error = GTK_LABEL (new_label (NULL, "error"));
  gtk_widget_set_name (GTK_WIDGET (self->editor_error), "error");
  gtk_label_set_selectable (self->editor_error, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->editor_error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->editor_error));

  hint = new_label (_("Ctrl+Enter saves; Escape leaves without saving."), "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), hint);

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (content), scrolled);
  adw_window_set_content (ADW_WINDOW (window), content);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  add_shortcut (shortcuts, GDK_KEY_Return, GDK_CONTROL_MASK, editor_save_shortcut_cb, self);
  add_shortcut (shortcuts, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, editor_save_shortcut_cb, self);
  add_shortcut (shortcuts, GDK_KEY_Escape, 0, editor_close_shortcut_cb, NULL);
  gtk_widget_add_controller (window, shortcuts);

  if (finding != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->editor_title), pl_finding_get_title (finding));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->editor_statement),
                                pl_finding_get_statement (finding), -1);
    }
  adw_combo_row_set_selected (self->editor_standard,
                              load_standards (self, finding != NULL ? pl_finding_get_standard_id (finding) : 0));

  g_signal_connect_object (self->editor_title, "changed", G_CALLBACK (editor_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->editor_statement), "changed",
                           G_CALLBACK (editor_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "destroy", G_CALLBACK (editor_destroy_cb), self, 0);

  self->editor = GTK_WINDOW (window);
  gtk_window_present (self->editor);
  gtk_widget_grab_focus (GTK_WIDGET (self->editor_title));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (widget);
  PlFinding *finding = find_finding (self, g_variant_get_int64 (param));

  if (finding != NULL)
    open_editor (self, finding);
}

static void
add_own_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  open_editor (PL_FINDINGS_PAGE (widget), NULL);
}

/* GObject */

static void
pl_findings_page_map (GtkWidget *widget)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_findings_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_findings_page_dispose (GObject *object)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  if (self->editor != NULL)
    gtk_window_destroy (self->editor);

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_FINDINGS_PAGE);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_pointer (&self->standard_ids, g_array_unref);
  g_clear_pointer (&self->deleted_title, g_free);
  g_clear_pointer (&self->deleted_statement, g_free);
  g_clear_object (&self->pill_group);
  g_clear_object (&self->findings);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_findings_page_parent_class)->dispose (object);
}

static void
pl_findings_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (object);

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
pl_findings_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlFindingsPage *self = PL_FINDINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_findings_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_findings_page_class_init (PlFindingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_findings_page_dispose;
  object_class->get_property = pl_findings_page_get_property;
  object_class->set_property = pl_findings_page_set_property;

  widget_class->map = pl_findings_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-findings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, review_bar);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, review_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, review_names);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, decide_group);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, decide_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, decide_list);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, confirmed_group);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, confirmed_list);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, rejected_group);
  gtk_widget_class_bind_template_child (widget_class, PlFindingsPage, rejected_list);

  gtk_widget_class_install_action (widget_class, "findings.propose", NULL, propose_action);
  gtk_widget_class_install_action (widget_class, "findings.add-own", NULL, add_own_action);
  gtk_widget_class_install_action (widget_class, "findings.confirm", "x", confirm_action);
  gtk_widget_class_install_action (widget_class, "findings.reject", "x", reject_action);
  gtk_widget_class_install_action (widget_class, "findings.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "findings.reconsider", "x", reconsider_action);
  gtk_widget_class_install_action (widget_class, "findings.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "findings.undo-delete", NULL, undo_delete_action);
}

static void
pl_findings_page_init (PlFindingsPage *self)
{
  static gboolean css_loaded;
  GdkDisplay *display = gdk_display_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->review_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect_swapped (self->review_dropdown, "notify::selected", G_CALLBACK (review_selected_cb), self);
  self->pill_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (!css_loaded && display != NULL)
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_data (provider, page_css, -1);
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      css_loaded = TRUE;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "findings.propose", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "findings.add-own", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "findings.undo-delete", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlFindingsPage *
pl_findings_page_new (void)
{
  return g_object_new (PL_TYPE_FINDINGS_PAGE, NULL);
}

PlWorkspace *
pl_findings_page_get_workspace (PlFindingsPage *self)
{
  g_return_val_if_fail (PL_IS_FINDINGS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_findings_page_set_workspace (PlFindingsPage *self,
                                PlWorkspace    *workspace)
{
  static const char * const tables[] = {
    "findings", "kpis", "standards", "criteria", "commitments", "themes", "reviews",
  };

  g_return_if_fail (PL_IS_FINDINGS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  if (self->editor != NULL)
    gtk_window_destroy (self->editor);

  g_set_object (&self->workspace, workspace);

  /* What was opened and deleted belongs to the old workspace. */
  for (guint i = 0; i < self->rows->len; i++)
    adw_expander_row_set_expanded (g_ptr_array_index (self->rows, i), FALSE);
  g_hash_table_remove_all (self->expanded);
  g_clear_pointer (&self->deleted_title, g_free);
  g_clear_pointer (&self->deleted_statement, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "findings.undo-delete", FALSE);

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "findings.propose", workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "findings.add-own", workspace != NULL);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
