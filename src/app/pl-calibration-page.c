/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/pl-calibration.h"
#include "core/pl-item.h"
#include "core/pl-scorecard.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-calibration-page.h"
#include "pl-sparkline-widget.h"

/* Collect → Calibration: sessions in which evaluators score the same
 * interaction blind, then compare their scores side by side with kappa,
 * agree a consensus, and follow each evaluator's drift from consensus
 * over the sessions (unit 312 LO3, 403 AC 2.2). The page never shows one
 * evaluator's scores to another before the reveal: it asks the core for
 * the scorer's own values only, and the core refuses anything else. */

struct _PlCalibrationPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *sessions_list;
  GtkWidget       *sessions_empty_label;
  GtkWidget       *form_group;
  AdwEntryRow     *title_row;
  AdwEntryRow     *date_row;
  AdwComboRow     *scorecard_row;
  AdwEntryRow     *reference_row;
  AdwEntryRow     *evaluators_row;
  GtkLabel        *form_error_label;
  GtkListBox      *drift_list;
  GtkWidget       *drift_empty_label;
  GtkLabel        *session_title_label;
  GtkLabel        *session_subtitle_label;
  GtkListBox      *evaluators_list;
  GtkWidget       *reveal_box;
  GtkWidget       *reveal_submitted_button;
  GtkWidget       *reveal_button;
  GtkWidget       *sessions_scrolled;
  GtkWidget       *session_scrolled;
  AdwPreferencesGroup *score_group;
  GtkListBox      *score_list;
  GtkLabel        *score_error_label;
  GtkWidget       *compare_group;
  GtkLabel        *kappa_label;
  GtkLabel        *agreement_label;
  GtkGrid         *compare_grid;
  GtkLabel        *agree_error_label;
  GtkButton       *agree_button;

  PlWorkspace     *workspace;
  GArray          *scorecard_ids;    /* gint64, one per scorecard combo item */
  GPtrArray       *session_rows;
  GPtrArray       *drift_rows;
  GPtrArray       *evaluator_rows;
  GPtrArray       *score_list_rows;  /* AdwActionRow, one per criterion */
  GPtrArray       *score_rows;       /* GtkDropDown, one per criterion */
  GPtrArray       *score_values;     /* GArray of double per score row: item i → value */
  GPtrArray       *score_notes;      /* GtkEntry, one per criterion: why this answer */
  GPtrArray       *consensus_drops;  /* GtkDropDown, one per criterion */
  GPtrArray       *consensus_values; /* GArray of double per drop-down */
  gint64           session_id;       /* the open session, 0 for the list */
  PlCalibrationSession *session;
  PlScorecard     *scorecard;
  char            *scoring_as;       /* the evaluator whose form is open */
  guint            refresh_id;
  gboolean         stale;
};

G_DEFINE_FINAL_TYPE (PlCalibrationPage, pl_calibration_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (PlCalibrationPage *self);

static void
show_toast (PlCalibrationPage *self,
            const char        *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (self->workspace == NULL)
    return;

  if (!pl_calibration_trash (self->workspace, id, &error))
    {
      show_toast (self, error->message);
      return;
    }

  toast = adw_toast_new (_("Calibration session moved to the trash"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "calibration.restore");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  refresh (self);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  if (!pl_calibration_restore (self->workspace, g_variant_get_int64 (parameter), &error))
    show_toast (self, error->message);
  refresh (self);
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
clear_rows (GtkListBox *list,
            GPtrArray  *rows)
{
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_remove (list, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static char *
format_day (const char *iso_date)
{
  return pl_date_format_short (iso_date);
}

static char *
format_score (double score)
{
  if (isnan (score))
    return g_strdup (C_("score", "none"));
  return g_strdup_printf ("%.1f", score);
}

/* "+1.0", "−25.0", "0.0": a difference from consensus, with its sign. */
static char *
format_difference (double difference)
{
  if (isnan (difference))
    return g_strdup ("–");
  if (fabs (difference) < 0.05)
    return g_strdup ("0.0");
  if (difference < 0)
    return g_strdup_printf ("−%.1f", -difference);
  return g_strdup_printf ("+%.1f", difference);
}

/* The answers a criterion's scale allows, in the order a form offers
 * them, with N/A last where it is allowed. */
static GArray *
criterion_options (PlCriterion   *criterion,
                   GtkStringList *labels)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));
  double na = NAN;

#define OPTION(label, value) \
  G_STMT_START { double v_ = (value); gtk_string_list_append (labels, (label)); \
                 g_array_append_val (values, v_); } G_STMT_END

  switch (criterion->scale)
    {
    case PL_CRITERION_SCALE_YESNO:
      OPTION (_("Yes"), 1);
      OPTION (_("No"), 0);
      break;
    case PL_CRITERION_SCALE_YPN:
      OPTION (_("Yes"), 1);
      OPTION (_("Partly"), 0.5);
      OPTION (_("No"), 0);
      break;
    case PL_CRITERION_SCALE_SCALE5:
      for (int v = 5; v >= 1; v--)
        {
          char text[4];

          g_snprintf (text, sizeof text, "%d", v);
          OPTION (text, v);
        }
      break;
    case PL_CRITERION_SCALE_PASSFAIL:
    default:
      OPTION (_("Pass"), 1);
      OPTION (_("Fail"), 0);
      break;
    }

  if (criterion->allow_na)
    {
      gtk_string_list_append (labels, _("N/A"));
      g_array_append_val (values, na);
    }

#undef OPTION

  return values;
}

/* An answer as the form shows it: "Yes", "Partly", "4", "N/A". */
static char *
value_label (PlCriterion *criterion,
             double       value)
{
  if (isnan (value))
    return g_strdup (_("N/A"));

  switch (criterion->scale)
    {
    case PL_CRITERION_SCALE_YESNO:
      return g_strdup (value >= 1 ? _("Yes") : _("No"));
    case PL_CRITERION_SCALE_YPN:
      return g_strdup (value >= 1 ? _("Yes") : value > 0 ? _("Partly") : _("No"));
    case PL_CRITERION_SCALE_PASSFAIL:
      return g_strdup (value >= 1 ? _("Pass") : _("Fail"));
    case PL_CRITERION_SCALE_SCALE5:
    default:
      return g_strdup_printf ("%g", value);
    }
}

static guint
find_option (GArray *values,
             double  value)
{
  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);

      if ((isnan (v) && isnan (value)) || v == value)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* The list of sessions */

static char *
session_state_text (PlCalibrationSession *session)
{
  PlCalibrationState state = pl_calibration_session_get_state (session);

  if (state == PL_CALIBRATION_SCORING)
    {
      g_autofree char *done = g_strdup_printf ("%u", pl_calibration_session_get_n_submitted (session));
      g_autofree char *all = g_strdup_printf ("%u", pl_calibration_session_get_n_evaluators (session));

      /* Translators: "Scoring: 1 of 3 scored" */
      return g_strdup_printf (_("Scoring: %s of %s scored"), done, all);
    }

  if (state == PL_CALIBRATION_AGREED)
    {
      g_autofree char *score = format_score (pl_calibration_session_get_consensus_score (session));

      /* Translators: %s is the consensus score */
      return g_strdup_printf (_("Agreed: %s"), score);
    }

  return g_strdup (pl_calibration_state_describe (state));
}

static char *
session_subtitle (PlCalibrationSession *session)
{
  g_autofree char *day = format_day (pl_calibration_session_get_held_on (session));
  g_autoptr(GString) text = g_string_new (day);
  const char *reference = pl_calibration_session_get_reference (session);
  const char *colleague = pl_calibration_session_get_colleague_name (session);

  g_string_append_printf (text, " · %s", pl_calibration_session_get_scorecard_name (session));
  if (reference != NULL && *reference != '\0')
    g_string_append_printf (text, " · %s", reference);
  if (colleague != NULL && *colleague != '\0')
    g_string_append_printf (text, " · %s", colleague);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
load_sessions (PlCalibrationPage *self)
{
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  clear_rows (self->sessions_list, self->session_rows);

  sessions = pl_calibration_list (self->workspace, &error);
  if (sessions == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (sessions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlCalibrationSession) session = g_list_model_get_item (sessions, i);
      g_autofree char *subtitle = session_subtitle (session);
      g_autofree char *state = session_state_text (session);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (state);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     pl_calibration_session_get_title (session));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (label, pl_calibration_session_get_state (session) ==
                                PL_CALIBRATION_AGREED ? "success" : "dim-label");
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      {
        GtkWidget *trash = gtk_button_new_from_icon_name ("user-trash-symbolic");

        gtk_widget_set_valign (trash, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (trash, "flat");
        gtk_widget_set_tooltip_text (trash, _("Move This Session to the Trash"));
        gtk_actionable_set_action_name (GTK_ACTIONABLE (trash), "calibration.trash");
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (trash),
                                                g_variant_new_int64 (pl_calibration_session_get_id (session)));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), trash);
      }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "calibration.open");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                              g_variant_new_int64 (pl_calibration_session_get_id (session)));
      gtk_list_box_append (self->sessions_list, row);
      g_ptr_array_add (self->session_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sessions_list), n > 0);
  gtk_widget_set_visible (self->sessions_empty_label, n == 0);
}

static void
load_drift (PlCalibrationPage *self)
{
  g_autoptr(GPtrArray) drifts = NULL;
  g_autoptr(GError) error = NULL;

  clear_rows (self->drift_list, self->drift_rows);

  drifts = pl_calibration_drift (self->workspace, &error);
  if (drifts == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  for (guint i = 0; i < drifts->len; i++)
    {
      PlCalibrationDrift *drift = g_ptr_array_index (drifts, i);
      g_autofree double *differences = g_new0 (double, drift->points->len + 1);
      g_autoptr(GString) trend = g_string_new (NULL);
      g_autofree char *sessions = g_strdup_printf ("%u", drift->n_sessions);
      g_autofree char *mean = format_difference (drift->mean_difference);
      g_autofree char *match = g_strdup_printf ("%.0f%%", 100 * drift->match);
      g_autofree char *subtitle = NULL;
      g_autofree char *accessible = NULL;
      GtkWidget *row = adw_action_row_new ();
      PlSparklineWidget *sparkline = pl_sparkline_widget_new ();
      guint n = 0;

      for (guint p = 0; p < drift->points->len; p++)
        {
          PlDriftPoint *point = &g_array_index (drift->points, PlDriftPoint, p);
          g_autofree char *difference = format_difference (point->difference);

          g_string_append_printf (trend, "%s%s", p > 0 ? ", " : "", difference);
          if (!isnan (point->difference))
            differences[n++] = point->difference;
        }

      /* Translators: sessions, the mean difference ("−2.5"), the share matching ("87%"), then
       * the differences session by session */
      subtitle = g_strdup_printf (ngettext ("%s session · %s points from consensus on "
                                            "average · %s of answers matched\nBy session: %s",
                                            "%s sessions · %s points from consensus on "
                                            "average · %s of answers matched\nBy session: %s",
                                            drift->n_sessions),
                                  sessions, mean, match, trend->str);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), drift->evaluator);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      pl_sparkline_widget_set_values (sparkline, differences, n, TRUE, 0,
                                      fabs (drift->mean_difference) >= 10 ? PL_SPARKLINE_TONE_WARNING
                                                                           : PL_SPARKLINE_TONE_NONE);
      gtk_widget_set_size_request (GTK_WIDGET (sparkline), 96, 32);
      gtk_widget_set_valign (GTK_WIDGET (sparkline), GTK_ALIGN_CENTER);
      /* Translators: %s lists the differences from consensus, session by session */
      accessible = g_strdup_printf (_("Difference from consensus by session: %s"), trend->str);
      gtk_accessible_update_property (GTK_ACCESSIBLE (sparkline),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_widget_set_tooltip_text (GTK_WIDGET (sparkline), accessible);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (sparkline));

      gtk_list_box_append (self->drift_list, row);
      g_ptr_array_add (self->drift_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->drift_list), drifts->len > 0);
  gtk_widget_set_visible (self->drift_empty_label, drifts->len == 0);
}

static void
load_scorecards (PlCalibrationPage *self)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n;

  g_clear_pointer (&self->scorecard_ids, g_array_unref);
  self->scorecard_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  items = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_SCORECARD, &error);
  if (items == NULL)
    g_warning ("Could not list the scorecards: %s", error->message);

  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      gint64 id = pl_item_get_id (item);

      g_array_append_val (self->scorecard_ids, id);
      gtk_string_list_append (names, pl_item_get_name (item));
    }

  adw_combo_row_set_model (self->scorecard_row, G_LIST_MODEL (names));
  /* The newest scorecard is the one in use. */
  if (n > 0)
    adw_combo_row_set_selected (self->scorecard_row, n - 1);
}

/* One session */

static void
load_evaluators (PlCalibrationPage *self)
{
  const char * const *evaluators = pl_calibration_session_get_evaluators (self->session);
  PlCalibrationState state = pl_calibration_session_get_state (self->session);
  guint submitted = pl_calibration_session_get_n_submitted (self->session);
  guint all = pl_calibration_session_get_n_evaluators (self->session);

  clear_rows (self->evaluators_list, self->evaluator_rows);

  for (guint i = 0; evaluators[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      gboolean done = pl_calibration_session_has_submitted (self->session, evaluators[i]);
      const char *subtitle;

      if (state == PL_CALIBRATION_SCORING)
        subtitle = done ? _("Scores submitted: hidden from everyone until the reveal")
                        : _("Not scored yet");
      else
        subtitle = done ? _("Scores revealed") : _("Did not score: takes no part in the comparison");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), evaluators[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (done ? "emblem-ok-symbolic"
                                                                    : "content-loading-symbolic"));

      if (state == PL_CALIBRATION_SCORING)
        {
          /* Translators: %s is an evaluator's name */
          g_autofree char *label = g_strdup_printf (done ? _("Rescore as %s") : _("Score as %s"),
                                                    evaluators[i]);
          GtkWidget *button = gtk_button_new_with_label (label);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "calibration.score-as");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                                  g_variant_new_string (evaluators[i]));
          if (!done)
            gtk_widget_add_css_class (button, "suggested-action");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }

      gtk_list_box_append (self->evaluators_list, row);
      g_ptr_array_add (self->evaluator_rows, row);
    }

  gtk_widget_set_visible (self->reveal_box, state == PL_CALIBRATION_SCORING);
  gtk_widget_set_visible (self->reveal_submitted_button, submitted >= 2 && submitted < all);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibration.reveal",
                                 state == PL_CALIBRATION_SCORING && submitted == all);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibration.reveal-submitted",
                                 state == PL_CALIBRATION_SCORING && submitted >= 2);
}

static void
close_scoring (PlCalibrationPage *self)
{
  g_clear_pointer (&self->scoring_as, g_free);
  clear_rows (self->score_list, self->score_list_rows);
  g_ptr_array_set_size (self->score_rows, 0);
  g_ptr_array_set_size (self->score_values, 0);
  g_ptr_array_set_size (self->score_notes, 0);
  show_error (self->score_error_label, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->score_group), FALSE);
}

static GtkWidget *
grid_label (const char *text,
            gboolean    wrap,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 10);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
      gtk_widget_set_hexpand (label, TRUE);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* A criterion in the comparison, with the evaluators' notes on it below:
 * "Ann: Named the fee twice · Ben: Only partly". */
static GtkWidget *
criterion_cell (const PlCalibrationRow *row,
                GPtrArray              *evaluators)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autoptr(GString) notes = g_string_new (NULL);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), grid_label (row->text, TRUE, NULL));

  for (guint e = 0; row->notes != NULL && e < evaluators->len; e++)
    {
      if (row->notes[e] == NULL || *row->notes[e] == '\0')
        continue;
      if (notes->len > 0)
        g_string_append (notes, " · ");
      /* Translators: an evaluator and their note on a criterion */
      g_string_append_printf (notes, _("%s: %s"), (const char *) g_ptr_array_index (evaluators, e),
                              row->notes[e]);
    }

  if (notes->len > 0)
    {
      GtkWidget *label = grid_label (notes->str, TRUE, "dim-label");

      gtk_widget_add_css_class (label, "caption");
      gtk_widget_set_name (label, "notes");
      gtk_box_append (GTK_BOX (box), label);
    }

  return box;
}

static void
clear_grid (PlCalibrationPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_grid))) != NULL)
    gtk_grid_remove (self->compare_grid, child);
  g_ptr_array_set_size (self->consensus_drops, 0);
  g_ptr_array_set_size (self->consensus_values, 0);
}

static char *
kappa_sentence (const PlCalibrationComparison *comparison)
{
  guint n_evaluators = comparison->evaluators->len;
  guint n_criteria = comparison->rows->len;
  g_autofree char *evaluators_count = g_strdup_printf ("%u", n_evaluators);
  g_autofree char *criteria_count = g_strdup_printf ("%u", n_criteria);
  /* Translators: "2 evaluators" */
  g_autofree char *evaluators = g_strdup_printf (ngettext ("%s evaluator", "%s evaluators",
                                                              n_evaluators),
                                                 evaluators_count);
  /* Translators: "10 criteria" */
  g_autofree char *criteria = g_strdup_printf (ngettext ("%s criterion", "%s criteria",
                                                            n_criteria),
                                               criteria_count);

  return pl_agreement_describe (comparison->kappa, evaluators, criteria);
}

static void
load_comparison (PlCalibrationPage *self)
{
  g_autoptr(PlCalibrationComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kappa = NULL;
  g_autofree char *agree = NULL;
  g_autofree char *agree_count = NULL;
  g_autofree char *criteria_count = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *method = NULL;
  guint n_evaluators, column;
  gboolean agreed;

  clear_grid (self);
  show_error (self->agree_error_label, NULL);

  comparison = pl_calibration_compare (self->workspace, self->session_id, &error);
  if (comparison == NULL)
    {
      gtk_label_set_text (self->kappa_label, error->message);
      gtk_label_set_text (self->agreement_label, "");
      return;
    }

  agreed = pl_calibration_session_get_state (self->session) == PL_CALIBRATION_AGREED;
  n_evaluators = comparison->evaluators->len;

  kappa = comparison->kappa != NULL ? kappa_sentence (comparison) : g_strdup ("");
  gtk_label_set_text (self->kappa_label, kappa);

  agree_count = g_strdup_printf ("%u", comparison->n_agree);
  criteria_count = g_strdup_printf ("%u", comparison->rows->len);
  percent = g_strdup_printf ("%.0f%%", comparison->percent_agree);
  if (comparison->kappa != NULL && comparison->kappa->method == PL_AGREEMENT_COHEN &&
      comparison->kappa->defined)
    {
      g_autofree char *lower = pl_agreement_format_kappa (comparison->kappa->lower);
      g_autofree char *upper = pl_agreement_format_kappa (comparison->kappa->upper);

      /* Translators: the bounds of the interval */
      method = g_strdup_printf (_("Cohen’s kappa, 95%% interval %s to %s; words after Landis & Koch."),
                                lower, upper);
    }
  else if (comparison->kappa != NULL && comparison->kappa->method == PL_AGREEMENT_FLEISS)
    method = g_strdup (_("Fleiss’ kappa; words after Landis & Koch."));
  else
    method = g_strdup ("");

  /* Translators: criteria agreed on, all criteria, the percentage, then which kappa */
  agree = g_strdup_printf (_("Every evaluator gave the same answer on %s of %s criteria (%s). "
                             "Kappa corrects that agreement for the agreement chance alone "
                             "would give. %s Differences are highlighted."),
                           agree_count, criteria_count, percent, method);
  gtk_label_set_text (self->agreement_label, agree);

  /* The header row. */
  gtk_grid_attach (self->compare_grid, grid_label (_("Criterion"), FALSE, "heading"), 0, 0, 1, 1);
  for (guint e = 0; e < n_evaluators; e++)
    gtk_grid_attach (self->compare_grid,
                     grid_label (g_ptr_array_index (comparison->evaluators, e), FALSE, "heading"),
                     e + 1, 0, 1, 1);
  column = n_evaluators + 1;
  gtk_grid_attach (self->compare_grid, grid_label (_("Consensus"), FALSE, "heading"), column, 0, 1, 1);

  for (guint i = 0; i < comparison->rows->len; i++)
    {
      PlCalibrationRow *row = g_ptr_array_index (comparison->rows, i);
      PlCriterion *criterion = pl_scorecard_get_criterion (self->scorecard, i);
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      GArray *values;
      GtkWidget *drop;
      GtkWidget *text = criterion_cell (row, comparison->evaluators);
      guint selected;

      gtk_grid_attach (self->compare_grid, text, 0, i + 1, 1, 1);
      for (guint e = 0; e < n_evaluators; e++)
        {
          g_autofree char *answer = value_label (criterion, row->values[e]);
          GtkWidget *label = grid_label (answer, FALSE, row->agree ? NULL : "warning");

          if (!row->agree)
            {
              gtk_widget_add_css_class (label, "heading");
              gtk_widget_set_tooltip_text (label, _("The evaluators disagree on this criterion"));
            }
          gtk_grid_attach (self->compare_grid, label, e + 1, i + 1, 1, 1);
        }

      gtk_string_list_append (labels, _("Choose…"));
      values = criterion_options (criterion, labels);
      drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
      gtk_widget_set_valign (drop, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      row->text, -1);

      /* The recorded consensus, else the answer everyone gave. */
      selected = GTK_INVALID_LIST_POSITION;
      if (row->has_consensus)
        selected = find_option (values, row->consensus);
      else if (row->agree && n_evaluators > 0)
        selected = find_option (values, row->values[0]);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (drop),
                                  selected == GTK_INVALID_LIST_POSITION ? 0 : selected + 1);

      gtk_grid_attach (self->compare_grid, drop, column, i + 1, 1, 1);
      g_ptr_array_add (self->consensus_drops, drop);
      g_ptr_array_add (self->consensus_values, values);
    }

  /* The scores, last. */
  {
    guint last = comparison->rows->len + 1;
    g_autofree char *consensus = format_score (comparison->consensus_score);

    gtk_grid_attach (self->compare_grid, grid_label (_("Score"), FALSE, "heading"), 0, last, 1, 1);
    for (guint e = 0; e < n_evaluators; e++)
      {
        g_autofree char *score = format_score (comparison->scores[e]);
        g_autofree char *text = NULL;

        if (comparison->critical_failed[e])
          /* Translators: %s is a score; a critical item failed the form */
          text = g_strdup_printf (_("%s (critical failed)"), score);
        gtk_grid_attach (self->compare_grid,
                         grid_label (text != NULL ? text : score, FALSE, "heading"),
                         e + 1, last, 1, 1);
      }
    {
      GtkWidget *label = grid_label (agreed ? consensus : "–", FALSE, agreed ? "success" : "dim-label");

      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (self->compare_grid, label, column, last, 1, 1);
    }
  }

  gtk_button_set_label (self->agree_button, agreed ? _("Update _Consensus") : _("Record _Consensus"));
}

static void
load_session (PlCalibrationPage *self)
{
  g_autoptr(PlCalibrationSession) session = NULL;
  g_autoptr(PlScorecard) scorecard = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *state = NULL;
  g_autofree char *line = NULL;
  PlCalibrationState previous = self->session != NULL ? pl_calibration_session_get_state (self->session)
                                                       : PL_CALIBRATION_SCORING;

  session = pl_calibration_load (self->workspace, self->session_id, &error);
  if (session != NULL)
    scorecard = pl_scorecard_load (self->workspace,
                                   pl_calibration_session_get_scorecard_id (session), &error);
  if (session == NULL || scorecard == NULL)
    {
      show_toast (self, error->message);
      self->session_id = 0;
      close_scoring (self);
      g_clear_object (&self->session);
      g_clear_object (&self->scorecard);
      gtk_stack_set_visible_child_name (self->stack, "sessions");
      return;
    }

  g_set_object (&self->session, session);
  g_set_object (&self->scorecard, scorecard);

  /* A form open for a session that has moved on is of no use. */
  if (pl_calibration_session_get_state (session) != PL_CALIBRATION_SCORING ||
      previous != PL_CALIBRATION_SCORING)
    close_scoring (self);

  subtitle = session_subtitle (session);
  state = session_state_text (session);
  line = g_strdup_printf ("%s\n%s", subtitle, state);
  gtk_label_set_text (self->session_title_label, pl_calibration_session_get_title (session));
  gtk_label_set_text (self->session_subtitle_label, line);

  load_evaluators (self);

  if (pl_calibration_session_get_state (session) == PL_CALIBRATION_SCORING)
    {
      gtk_widget_set_visible (self->compare_group, FALSE);
      clear_grid (self);
    }
  else
    {
      gtk_widget_set_visible (self->compare_group, TRUE);
      load_comparison (self);
    }
}

static void
refresh (PlCalibrationPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  load_sessions (self);
  load_drift (self);

  if (self->session_id > 0)
    {
      load_session (self);
      if (self->session_id > 0)
        gtk_stack_set_visible_child_name (self->stack, "session");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "sessions");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (PlCalibrationPage *self,
                      const char        *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
form_edited_cb (PlCalibrationPage *self)
{
  show_error (self->form_error_label, NULL);
}

static void
score_edited_cb (PlCalibrationPage *self)
{
  show_error (self->score_error_label, NULL);
}

/* Actions */

static void
reset_form (PlCalibrationPage *self)
{
  g_autofree char *today = pl_today_iso ();

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  gtk_editable_set_text (GTK_EDITABLE (self->reference_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->evaluators_row), "");
  show_error (self->form_error_label, NULL);
}

static void
new_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);

  if (self->workspace == NULL)
    return;

  if (!gtk_widget_get_visible (self->form_group))
    reset_form (self);
  load_scorecards (self);
  gtk_widget_set_visible (self->form_group, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);

  gtk_widget_set_visible (self->form_group, FALSE);
  show_error (self->form_error_label, NULL);
}

static void
open_session (PlCalibrationPage *self,
              gint64             id)
{
  if (self->session_id != id)
    {
      GtkAdjustment *adjustment =
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->session_scrolled));

      close_scoring (self);
      g_clear_object (&self->session);
      gtk_adjustment_set_value (adjustment, 0);
    }
  self->session_id = id;
  refresh (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  PlCalibrationSpec spec = { 0 };
  guint selected;
  gint64 id;

  if (self->workspace == NULL || !gtk_widget_get_visible (self->form_group))
    return;

  selected = adw_combo_row_get_selected (self->scorecard_row);
  names = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->evaluators_row)), ",", -1);

  spec.title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  spec.held_on = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  spec.reference = gtk_editable_get_text (GTK_EDITABLE (self->reference_row));
  spec.evaluators = (const char * const *) names;
  if (self->scorecard_ids != NULL && selected < self->scorecard_ids->len)
    spec.scorecard_id = g_array_index (self->scorecard_ids, gint64, selected);

  id = pl_calibration_create (self->workspace, &spec, &error);
  if (id == 0)
    {
      show_error (self->form_error_label, error->message);
      return;
    }

  gtk_widget_set_visible (self->form_group, FALSE);
  reset_form (self);
  open_session (self, id);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  open_session (PL_CALIBRATION_PAGE (widget), g_variant_get_int64 (param));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);

  close_scoring (self);
  self->session_id = 0;
  g_clear_object (&self->session);
  g_clear_object (&self->scorecard);
  clear_grid (self);
  refresh (self);
}

/* A criterion's note: a button beside its answer opens an entry for why
 * the evaluator answered so; the button is highlighted, and its tooltip
 * says the note, once there is one. */
static void
note_changed_cb (GtkEditable *entry,
                 GtkWidget   *button)
{
  g_autofree char *note = pl_str_stripped (gtk_editable_get_text (entry));

  if (*note != '\0')
    {
      gtk_widget_add_css_class (button, "accent");
      gtk_widget_set_tooltip_text (button, note);
    }
  else
    {
      gtk_widget_remove_css_class (button, "accent");
      gtk_widget_set_tooltip_text (button, _("Add a note: why this answer"));
    }
}

static GtkWidget *
note_button (PlCalibrationPage *self,
             const char        *criterion,
             const char        *note)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Why this answer?"));
  GtkWidget *entry = gtk_entry_new ();
  /* Translators: %s is a criterion */
  g_autofree char *label = g_strdup_printf (_("Note on “%s”"), criterion);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-edit-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What you heard or read, in a few words"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  gtk_widget_set_size_request (entry, 280, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);

  g_signal_connect_object (entry, "changed", G_CALLBACK (note_changed_cb), button, 0);
  /* Enter closes the note and goes back to the form. */
  g_signal_connect_object (entry, "activate", G_CALLBACK (gtk_popover_popdown), popover, G_CONNECT_SWAPPED);
  gtk_editable_set_text (GTK_EDITABLE (entry), note != NULL ? note : "");
  note_changed_cb (GTK_EDITABLE (entry), button);

  g_ptr_array_add (self->score_notes, entry);
  return button;
}

static void
score_as_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);
  const char *evaluator = g_variant_get_string (param, NULL);
  g_autofree double *mine = NULL;
  g_auto(GStrv) mine_notes = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  guint n_mine = 0;
  guint n;

  if (self->session == NULL || self->scorecard == NULL ||
      pl_calibration_session_get_state (self->session) != PL_CALIBRATION_SCORING)
    return;

  close_scoring (self);
  self->scoring_as = g_strdup (evaluator);

  /* Only the evaluator's own earlier scores, which the core alone decides. */
  if (pl_calibration_session_has_submitted (self->session, evaluator))
    mine = pl_calibration_get_values (self->workspace, self->session_id, evaluator, evaluator,
                                      &n_mine, &mine_notes, NULL);

  /* Translators: %s is an evaluator's name */
  title = g_strdup_printf (_("Scoring as %s"), evaluator);
  /* Translators: %s is an evaluator's name */
  description = g_strdup_printf (_("The other evaluators’ scores are hidden until the scores are "
                                   "revealed, and %s’s are hidden from them. Score each criterion "
                                   "as you heard or read it; Ctrl+Enter submits."),
                                 evaluator);
  adw_preferences_group_set_title (self->score_group, title);
  adw_preferences_group_set_description (self->score_group, description);

  n = pl_scorecard_get_n_criteria (self->scorecard);
  for (guint i = 0; i < n; i++)
    {
      PlCriterion *criterion = pl_scorecard_get_criterion (self->scorecard, i);
      PlScorecardSection *section = pl_scorecard_get_section_of (self->scorecard, i);
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      g_autoptr(GString) subtitle = g_string_new (section != NULL ? section->name : NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *drop;
      GArray *values;
      guint selected = GTK_INVALID_LIST_POSITION;

      gtk_string_list_append (labels, _("Choose…"));
      values = criterion_options (criterion, labels);
      if (criterion->critical == PL_CRITICAL_FORM)
        g_string_append_printf (subtitle, " · %s", _("critical: failing it fails the form"));
      else if (criterion->critical == PL_CRITICAL_SECTION)
        g_string_append_printf (subtitle, " · %s", _("critical: failing it fails the section"));
      if (criterion->guidance != NULL && *criterion->guidance != '\0')
        g_string_append_printf (subtitle, "\n%s", criterion->guidance);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), criterion->text);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

      /* A drop-down of its own keeps the answer whole beside a long title. */
      drop = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL);
      gtk_widget_set_valign (drop, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      criterion->text, -1);
      if (mine != NULL && i < n_mine)
        selected = find_option (values, mine[i]);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (drop),
                                  selected == GTK_INVALID_LIST_POSITION ? 0 : selected + 1);
      g_signal_connect_object (drop, "notify::selected", G_CALLBACK (score_edited_cb), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), drop);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 note_button (self, criterion->text,
                                              mine_notes != NULL && i < g_strv_length (mine_notes)
                                              ? mine_notes[i] : NULL));

      gtk_list_box_append (self->score_list, row);
      g_ptr_array_add (self->score_list_rows, row);
      g_ptr_array_add (self->score_rows, drop);
      g_ptr_array_add (self->score_values, values);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->score_group), TRUE);
  if (self->score_rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->score_rows, 0));
}

static void
cancel_scoring_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  close_scoring (PL_CALIBRATION_PAGE (widget));
}

/* The chosen values of a column of choices; NULL with the first criterion
 * left unanswered named. */
static double *
chosen_values (GPtrArray    *widgets,
               GPtrArray    *options,
               PlScorecard  *scorecard,
               char        **message)
{
  g_autofree double *values = g_new0 (double, widgets->len + 1);

  for (guint i = 0; i < widgets->len; i++)
    {
      gpointer widget = g_ptr_array_index (widgets, i);
      GArray *choices = g_ptr_array_index (options, i);
      guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (widget));

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > choices->len)
        {
          PlCriterion *criterion = pl_scorecard_get_criterion (scorecard, i);

          /* Translators: %s is a criterion */
          *message = g_strdup_printf (_("Choose an answer for “%s”."), criterion->text);
          return NULL;
        }

      values[i] = g_array_index (choices, double, selected - 1);
    }

  return g_steal_pointer (&values);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);
  g_autofree double *values = NULL;
  g_autofree const char **notes = NULL;
  g_autofree char *message = NULL;
  g_autofree char *evaluator = NULL;
  g_autofree char *toast = NULL;
  g_autoptr(GError) error = NULL;

  if (self->scoring_as == NULL || self->scorecard == NULL)
    return;

  values = chosen_values (self->score_rows, self->score_values, self->scorecard, &message);
  if (values == NULL)
    {
      show_error (self->score_error_label, message);
      return;
    }

  notes = g_new0 (const char *, self->score_notes->len + 1);
  for (guint i = 0; i < self->score_notes->len; i++)
    notes[i] = gtk_editable_get_text (g_ptr_array_index (self->score_notes, i));

  if (!pl_calibration_submit (self->workspace, self->session_id, self->scoring_as, values,
                              self->score_rows->len, notes, &error))
    {
      show_error (self->score_error_label, error->message);
      return;
    }

  evaluator = g_steal_pointer (&self->scoring_as);
  close_scoring (self);
  refresh (self);
  /* Translators: %s is an evaluator's name */
  toast = g_strdup_printf (_("%s’s scores are in, hidden until the reveal"), evaluator);
  show_toast (self, toast);
}

static void
reveal (PlCalibrationPage *self,
        gboolean           submitted_only)
{
  g_autoptr(GError) error = NULL;

  if (self->session_id == 0)
    return;

  if (!pl_calibration_reveal (self->workspace, self->session_id, submitted_only, &error))
    {
      show_toast (self, error->message);
      return;
    }

  close_scoring (self);
  refresh (self);
}

static void
reveal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  reveal (PL_CALIBRATION_PAGE (widget), FALSE);
}

static void
reveal_submitted_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  reveal (PL_CALIBRATION_PAGE (widget), TRUE);
}

static void
agree_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);
  g_autofree double *values = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session == NULL || self->scorecard == NULL || self->consensus_drops->len == 0)
    return;

  values = chosen_values (self->consensus_drops, self->consensus_values, self->scorecard,
                          &message);
  if (values == NULL)
    {
      show_error (self->agree_error_label, message);
      return;
    }

  if (!pl_calibration_agree (self->workspace, self->session_id, values,
                             self->consensus_drops->len, &error))
    {
      show_error (self->agree_error_label, error->message);
      return;
    }

  refresh (self);
  show_toast (self, _("Consensus recorded"));
}

/* Ctrl+Enter: submits the open scoring form, or creates the session. */
static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);

  if (self->session_id > 0 && self->scoring_as != NULL)
    gtk_widget_activate_action (widget, "calibration.submit", NULL);
  else if (self->session_id == 0 && gtk_widget_get_visible (self->form_group))
    gtk_widget_activate_action (widget, "calibration.create", NULL);
}

static void
pl_calibration_page_map (GtkWidget *widget)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (widget);

  GTK_WIDGET_CLASS (pl_calibration_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_calibration_page_dispose (GObject *object)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_CALIBRATION_PAGE);

  g_clear_pointer (&self->scorecard_ids, g_array_unref);
  g_clear_pointer (&self->session_rows, g_ptr_array_unref);
  g_clear_pointer (&self->drift_rows, g_ptr_array_unref);
  g_clear_pointer (&self->evaluator_rows, g_ptr_array_unref);
  g_clear_pointer (&self->score_list_rows, g_ptr_array_unref);
  g_clear_pointer (&self->score_rows, g_ptr_array_unref);
  g_clear_pointer (&self->score_values, g_ptr_array_unref);
  g_clear_pointer (&self->score_notes, g_ptr_array_unref);
  g_clear_pointer (&self->consensus_drops, g_ptr_array_unref);
  g_clear_pointer (&self->consensus_values, g_ptr_array_unref);
  g_clear_pointer (&self->scoring_as, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->scorecard);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_calibration_page_parent_class)->dispose (object);
}

static void
pl_calibration_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (object);

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
pl_calibration_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PlCalibrationPage *self = PL_CALIBRATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_calibration_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_calibration_page_class_init (PlCalibrationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_calibration_page_dispose;
  object_class->get_property = pl_calibration_page_get_property;
  object_class->set_property = pl_calibration_page_set_property;

  widget_class->map = pl_calibration_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-calibration-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, sessions_list);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, sessions_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, title_row);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, scorecard_row);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, reference_row);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, evaluators_row);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, drift_list);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, drift_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, session_title_label);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, session_subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, evaluators_list);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, reveal_box);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, reveal_submitted_button);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, sessions_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, session_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, score_group);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, score_list);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, score_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, compare_group);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, kappa_label);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, agreement_label);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, compare_grid);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, agree_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlCalibrationPage, agree_button);

  gtk_widget_class_install_action (widget_class, "calibration.new-session", NULL, new_session_action);
  gtk_widget_class_install_action (widget_class, "calibration.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "calibration.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "calibration.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "calibration.trash", "x", trash_action);
  gtk_widget_class_install_action (widget_class, "calibration.restore", "x", restore_action);
  gtk_widget_class_install_action (widget_class, "calibration.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "calibration.score-as", "s", score_as_action);
  gtk_widget_class_install_action (widget_class, "calibration.cancel-scoring", NULL, cancel_scoring_action);
  gtk_widget_class_install_action (widget_class, "calibration.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "calibration.reveal", NULL, reveal_action);
  gtk_widget_class_install_action (widget_class, "calibration.reveal-submitted", NULL,
                                   reveal_submitted_action);
  gtk_widget_class_install_action (widget_class, "calibration.agree", NULL, agree_action);
  gtk_widget_class_install_action (widget_class, "calibration.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "calibration.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "calibration.save", NULL);
}

static void
pl_calibration_page_init (PlCalibrationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "calibration.save");

  self->session_rows = g_ptr_array_new ();
  self->drift_rows = g_ptr_array_new ();
  self->evaluator_rows = g_ptr_array_new ();
  self->score_list_rows = g_ptr_array_new ();
  self->score_rows = g_ptr_array_new ();
  self->score_values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->score_notes = g_ptr_array_new ();
  self->consensus_drops = g_ptr_array_new ();
  self->consensus_values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  g_signal_connect_object (self->title_row, "changed", G_CALLBACK (form_edited_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "changed", G_CALLBACK (form_edited_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->evaluators_row, "changed", G_CALLBACK (form_edited_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibration.new-session", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlCalibrationPage *
pl_calibration_page_new (void)
{
  return g_object_new (PL_TYPE_CALIBRATION_PAGE, NULL);
}

PlWorkspace *
pl_calibration_page_get_workspace (PlCalibrationPage *self)
{
  g_return_val_if_fail (PL_IS_CALIBRATION_PAGE (self), NULL);

  return self->workspace;
}

void
pl_calibration_page_set_workspace (PlCalibrationPage *self,
                                   PlWorkspace       *workspace)
{
  static const char * const tables[] = { "calibration_sessions", "scorecards" };

  g_return_if_fail (PL_IS_CALIBRATION_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);

  /* What was open belongs to the old workspace. */
  close_scoring (self);
  clear_grid (self);
  self->session_id = 0;
  g_clear_object (&self->session);
  g_clear_object (&self->scorecard);
  gtk_widget_set_visible (self->form_group, FALSE);

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibration.new-session", workspace != NULL);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
