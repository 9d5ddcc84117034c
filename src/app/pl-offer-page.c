/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-kpi.h"
#include "core/pl-offer.h"
#include "core/pl-standard.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-kpi-wizard.h"
#include "pl-offer-page.h"
#include "pl-toast.h"

/* Plan → Service Offer: the organisation's promises to its customers
 * (401 AC 2.1), grouped under headings, each linked to the KPI that shows
 * whether it is kept and to the standard it serves. Versions carry dates;
 * once staff have been briefed on a version (401 AC 3.2) it is the record
 * of what they were told and no longer changes, so changes go into a new
 * version, whose differences from the one before are listed in words. */

struct _PlOfferPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwEntryRow         *create_title_row;
  AdwEntryRow         *create_date_row;
  GtkLabel            *create_error_label;
  GtkWidget           *create_button;
  GtkScrolledWindow   *scrolled;
  GtkLabel            *title_label;
  GtkWidget           *details_button;
  GtkLabel            *summary_label;
  GtkLabel            *notes_label;
  AdwComboRow         *version_row;
  AdwActionRow        *briefing_row;
  GtkImage            *briefing_icon;
  GtkWidget           *brief_button;
  AdwActionRow        *readonly_row;
  GtkWidget           *new_version_button;
  GtkButton           *show_draft_button;
  AdwPreferencesGroup *changes_group;
  GtkListBox          *changes_list;
  AdwPreferencesGroup *commitments_group;
  GtkWidget           *add_button;
  GtkLabel            *commitments_empty_label;
  GtkBox              *groups_box;

  AdwWindow           *commitment_dialog;
  AdwWindowTitle      *commitment_dialog_title;
  AdwEntryRow         *commitment_text_row;
  AdwEntryRow         *commitment_grouping_row;
  GtkWidget           *grouping_suggestions_box;
  GtkFlowBox          *grouping_suggestions;
  AdwComboRow         *commitment_kpi_row;
  AdwComboRow         *commitment_standard_row;
  GtkLabel            *commitment_error_label;
  GtkWidget           *commitment_save_button;

  AdwWindow           *briefing_dialog;
  AdwWindowTitle      *briefing_dialog_title;
  AdwEntryRow         *briefing_date_row;
  AdwEntryRow         *briefing_how_row;
  GtkLabel            *briefing_error_label;
  GtkWidget           *briefing_save_button;

  AdwWindow           *version_dialog;
  AdwWindowTitle      *version_dialog_title;
  AdwEntryRow         *version_title_row;
  AdwEntryRow         *version_date_row;
  AdwEntryRow         *version_summary_row;
  GtkButton           *version_save_button;
  GtkLabel            *version_error_label;

  PlWorkspace         *workspace;
  GListModel          *versions;        /* of PlOffer, newest first */
  PlOffer             *offer;           /* the version shown */
  gint64               shown_id;        /* the version the user chose */
  gint64               current_id;      /* the version in effect today */
  gint64               draft_id;        /* a later version not yet briefed */
  GListModel          *commitments;     /* of PlCommitment, of the version shown */
  GPtrArray           *groups;          /* the AdwPreferencesGroups in groups_box */
  GHashTable          *rows;            /* commitment id → its row (borrowed) */
  GHashTable          *checks;          /* commitment id → PlCommitmentCheck */
  gint64               checks_offer_id; /* the version @checks are of */
  GPtrArray           *kpis;            /* of PlKpi, archived ones too */
  GPtrArray           *standards;       /* of PlStandard, not in the trash */
  GArray              *kpi_choices;     /* gint64 KPI id per KPI combo position */
  GArray              *standard_choices;/* gint64 standard id per standard combo position */
  PlCommitment        *editing;         /* the commitment in the dialog, NULL when new */
  PlCommitment        *deleted;         /* the last deleted, for Undo */
  gboolean             new_version;     /* the version dialog makes a new version */
  GCancellable        *cancellable;     /* the check under way */
  guint                check_serial;
  gboolean             checking;
  guint                refresh_id;
  gboolean             stale;           /* the workspace changed while hidden */
  gboolean             filling;         /* the version combo is being filled */
};

G_DEFINE_FINAL_TYPE (PlOfferPage, pl_offer_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the worker thread needs: its own copy of the version. */
typedef struct
{
  PlWorkspace *workspace;
  PlOffer     *offer;
} CheckData;

/* The page, weakly, and which check this was: a newer check, or a page
 * gone, makes the result moot. */
typedef struct
{
  GWeakRef page;
  guint    serial;
  gint64   offer_id;
} CheckRef;

static void refresh (PlOfferPage *self);

/* Helpers */

static void
show_toast (PlOfferPage *self,
            const char  *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error_toast (PlOfferPage *self,
                  const char  *what,
                  GError      *error)
{
  g_autofree char *message = NULL;

  /* Translators: "The commitment was not moved: <the reason>" */
  message = g_strdup_printf (_("%s: %s"), what, error->message);
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
format_day (const char *iso_date)
{
  return pl_date_format_short (iso_date != NULL ? iso_date : "");
}

static char *
entry_text (AdwEntryRow *row)
{
  return pl_str_stripped (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
show_label_error (GtkLabel   *label,
                  const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
mark_row (gpointer row,
          gboolean wrong)
{
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static gboolean
is_editable (PlOfferPage *self)
{
  return self->offer != NULL && !pl_offer_is_briefed (self->offer);
}

static PlKpi *
find_kpi (PlOfferPage *self,
          gint64       id)
{
  for (guint i = 0; self->kpis != NULL && i < self->kpis->len; i++)
    if (pl_kpi_get_id (g_ptr_array_index (self->kpis, i)) == id)
      return g_ptr_array_index (self->kpis, i);

  return NULL;
}

static char *
kpi_name (PlOfferPage *self,
          gint64       id)
{
  PlKpi *kpi;

  if (id == 0)
    return g_strdup (_("no KPI"));

  kpi = find_kpi (self, id);
  if (kpi == NULL)
    return g_strdup (_("a KPI no longer in the workspace"));
  if (pl_kpi_get_archived (kpi))
    /* Translators: a KPI's name, "CSAT (archived)" */
    return g_strdup_printf (_("%s (archived)"), pl_kpi_get_name (kpi));

  return g_strdup (pl_kpi_get_name (kpi));
}

static char *
standard_title (PlOfferPage *self,
                gint64       id)
{
  g_autoptr(PlStandard) trashed = NULL;

  if (id == 0)
    return g_strdup (_("no standard"));

  for (guint i = 0; self->standards != NULL && i < self->standards->len; i++)
    if (pl_standard_get_id (g_ptr_array_index (self->standards, i)) == id)
      return g_strdup (pl_standard_get_title (g_ptr_array_index (self->standards, i)));

  /* Not listed: in the trash, or gone. */
  trashed = pl_standard_load (self->workspace, id, NULL);
  if (trashed == NULL)
    return g_strdup (_("a standard no longer in the workspace"));

  /* Translators: a standard's title, "Complaints handling (in the trash)" */
  return g_strdup_printf (_("%s (in the trash)"), pl_standard_get_title (trashed));
}

static PlCommitment *
find_commitment (PlOfferPage *self,
                 gint64       id)
{
  guint n = self->commitments != NULL ? g_list_model_get_n_items (self->commitments) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlCommitment) commitment = g_list_model_get_item (self->commitments, i);

      if (pl_commitment_get_id (commitment) == id)
        return commitment;
    }

  return NULL;
}

static const char *
grouping_of (PlCommitment *commitment)
{
  const char *grouping = pl_commitment_get_grouping (commitment);

  return grouping != NULL ? grouping : "";
}

/* The version's headings in the order they first appear. */
static GPtrArray *
list_groupings (PlOfferPage *self)
{
  GPtrArray *groupings = g_ptr_array_new_with_free_func (g_free);
  guint n = self->commitments != NULL ? g_list_model_get_n_items (self->commitments) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlCommitment) commitment = g_list_model_get_item (self->commitments, i);
      g_autofree char *grouping = pl_str_stripped (grouping_of (commitment));
      gboolean seen = FALSE;

      for (guint j = 0; j < groupings->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (groupings, j), grouping);
      if (!seen)
        g_ptr_array_add (groupings, g_steal_pointer (&grouping));
    }

  return groupings;
}

/* "in the week of 21 Sep 2026", "in September 2026" */
static char *
describe_period (const PlCommitmentCheck *check)
{
  g_autofree char *day = format_day (check->period_start);
  GDate date;
  char month[64];

  if (check->period == PL_PERIOD_MONTH && pl_date_parse_iso (check->period_start, &date) &&
      g_date_strftime (month, sizeof month, "%B %Y", &date) > 0)
    /* Translators: %s is a month, "September 2026" */
    return g_strdup_printf (_("in %s"), month);

  /* Translators: %s is the Monday that starts the week, "21 Sep 2026" */
  return g_strdup_printf (_("in the week of %s"), day);
}

/* Kept status */

static void
style_pill (GtkLabel *pill,
            PlStatus  status,
            PlKept    kept)
{
  static const char * const classes[] = {
    "status-none", "status-green", "status-amber", "status-red",
  };
  g_autofree char *status_class = g_strconcat ("status-", pl_status_to_string (status), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (pill), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (pill), "status-pill");
  gtk_widget_add_css_class (GTK_WIDGET (pill), status_class);
  gtk_label_set_text (pill, pl_kept_to_label (kept));
}

static void
show_check_in_row (PlOfferPage *self,
                   GtkWidget   *row)
{
  GtkLabel *pill = g_object_get_data (G_OBJECT (row), "kept-pill");
  GtkLabel *detail = g_object_get_data (G_OBJECT (row), "kept-detail");
  gint64 id = get_id (row, "commitment-id");
  gint64 kpi_id = get_id (row, "kpi-id");
  PlCommitmentCheck *check = NULL;
  g_autofree char *text = NULL;

  if (self->offer != NULL && self->checks_offer_id == pl_offer_get_id (self->offer))
    check = g_hash_table_lookup (self->checks, &id);

  /* Nothing measures it: nothing to wait for. */
  if (kpi_id == 0)
    {
      style_pill (pill, PL_STATUS_NONE, PL_KEPT_UNKNOWN);
      gtk_widget_set_visible (GTK_WIDGET (detail), FALSE);
      return;
    }

  if (check == NULL || check->kpi_id != kpi_id)
    {
      style_pill (pill, PL_STATUS_NONE, PL_KEPT_UNKNOWN);
      gtk_label_set_text (pill, "…");
      gtk_label_set_text (detail, _("Checking the KPI’s latest value"));
      gtk_widget_set_visible (GTK_WIDGET (detail), TRUE);
      return;
    }

  style_pill (pill, check->status, check->kept);
  if (check->value_text != NULL)
    {
      g_autofree char *period = describe_period (check);

      /* Translators: a KPI's latest value and its period, "92.1% in the week of 21 Sep 2026" */
      text = g_strdup_printf (_("%s %s"), check->value_text, period);
    }
  else
    text = g_strdup (_("The KPI has no data yet"));

  gtk_label_set_text (detail, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (detail), text != NULL);
}

static void
show_kept_summary (PlOfferPage *self)
{
  guint counts[PL_KEPT_NOT_KEPT + 1] = { 0 };
  guint n = self->commitments != NULL ? g_list_model_get_n_items (self->commitments) : 0;
  g_autoptr(GString) text = g_string_new (NULL);
  static const PlKept order[] = { PL_KEPT_KEPT, PL_KEPT_AT_RISK, PL_KEPT_NOT_KEPT, PL_KEPT_UNKNOWN };

  if (n == 0 || self->offer == NULL)
    {
      adw_preferences_group_set_description (self->commitments_group, NULL);
      return;
    }

  if (self->checks_offer_id != pl_offer_get_id (self->offer))
    {
      adw_preferences_group_set_description (self->commitments_group,
                                             _("Checking whether each promise is being kept…"));
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlCommitment) commitment = g_list_model_get_item (self->commitments, i);
      gint64 id = pl_commitment_get_id (commitment);
      PlCommitmentCheck *check = g_hash_table_lookup (self->checks, &id);

      counts[check != NULL ? check->kept : PL_KEPT_UNKNOWN]++;
    }

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      guint count = counts[order[i]];
      g_autofree char *number = NULL;

      if (count == 0)
        continue;
      number = g_strdup_printf ("%u", count);
      if (text->len > 0)
        g_string_append (text, " · ");
      switch (order[i])
        {
        case PL_KEPT_KEPT:
          /* Translators: %s is a number of promises */
          g_string_append_printf (text, ngettext ("%s being kept", "%s being kept", count), number);
          break;
        case PL_KEPT_AT_RISK:
          /* Translators: %s is a number of promises */
          g_string_append_printf (text, ngettext ("%s at risk", "%s at risk", count), number);
          break;
        case PL_KEPT_NOT_KEPT:
          /* Translators: %s is a number of promises */
          g_string_append_printf (text, ngettext ("%s not being kept", "%s not being kept", count), number);
          break;
        case PL_KEPT_UNKNOWN:
        default:
          /* Translators: %s is a number of promises */
          g_string_append_printf (text, ngettext ("%s not known", "%s not known", count), number);
          break;
        }
    }

  adw_preferences_group_set_description (self->commitments_group, text->str);
}

static void
check_data_free (gpointer data)
{
  CheckData *check = data;

  g_clear_object (&check->workspace);
  g_clear_object (&check->offer);
  g_free (check);
}

static void
check_ref_free (CheckRef *ref)
{
  g_weak_ref_clear (&ref->page);
  g_free (ref);
}

/* Runs in a worker thread: each KPI is computed over its whole history,
 * around 100 ms for the demo's seven commitments. SQLite serializes the
 * workspace's connection, as for the KPIs page. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;
  GError *error = NULL;
  GPtrArray *checks;

  if (g_task_return_error_if_cancelled (task))
    return;

  checks = pl_offer_check_commitments (data->offer, data->workspace, &error);
  if (checks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, checks, (GDestroyNotify) g_ptr_array_unref);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CheckRef *ref = user_data;
  g_autoptr(PlOfferPage) self = g_weak_ref_get (&ref->page);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer row;

  checks = g_task_propagate_pointer (G_TASK (result), &error);

  if (self == NULL || ref->serial != self->check_serial)
    {
      check_ref_free (ref);
      return;
    }

  self->checking = FALSE;
  g_clear_object (&self->cancellable);

  if (checks == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error_toast (self, _("Whether the promises are kept could not be worked out"), error);
      check_ref_free (ref);
      return;
    }

  g_hash_table_remove_all (self->checks);
  for (guint i = 0; i < checks->len; i++)
    {
      PlCommitmentCheck *check = g_ptr_array_index (checks, i);

      g_hash_table_insert (self->checks, &check->commitment_id, check);
    }
  g_ptr_array_set_free_func (checks, NULL);
  self->checks_offer_id = ref->offer_id;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    show_check_in_row (self, row);
  show_kept_summary (self);

  check_ref_free (ref);
}

static void
cancel_check (PlOfferPage *self)
{
  self->check_serial++;
  self->checking = FALSE;
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
start_check (PlOfferPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CheckData *data;
  CheckRef *ref;
  PlOffer *copy;

  cancel_check (self);

  /* The thread gets a version of its own: nothing shared but the
   * serialized connection. */
  copy = pl_offer_load (self->workspace, pl_offer_get_id (self->offer), &error);
  if (copy == NULL)
    {
      show_error_toast (self, _("Whether the promises are kept could not be worked out"), error);
      return;
    }

  data = g_new0 (CheckData, 1);
  data->workspace = g_object_ref (self->workspace);
  data->offer = copy;

  ref = g_new0 (CheckRef, 1);
  g_weak_ref_init (&ref->page, self);
  ref->serial = self->check_serial;
  ref->offer_id = pl_offer_get_id (self->offer);

  self->checking = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, check_done_cb, ref);
  g_task_set_source_tag (task, start_check);
  g_task_set_task_data (task, data, check_data_free);
  g_task_run_in_thread (task, check_thread);
}

/* Loading */

static void
load_choices (PlOfferPage *self)
{
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(GListModel) standards = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_ptr_array_set_size (self->kpis, 0);
  g_ptr_array_set_size (self->standards, 0);

  kpis = pl_kpi_list (self->workspace, TRUE, &error);
  if (kpis == NULL)
    {
      show_error_toast (self, _("The KPIs could not be read"), error);
      g_clear_error (&error);
    }
  n = kpis != NULL ? g_list_model_get_n_items (kpis) : 0;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->kpis, g_list_model_get_item (kpis, i));

  standards = pl_standard_list (self->workspace, &error);
  if (standards == NULL)
    show_error_toast (self, _("The standards could not be read"), error);
  n = standards != NULL ? g_list_model_get_n_items (standards) : 0;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->standards, g_list_model_get_item (standards, i));
}

static PlOffer *
find_version (PlOfferPage *self,
              gint64       id,
              int          version)
{
  guint n = self->versions != NULL ? g_list_model_get_n_items (self->versions) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlOffer) offer = g_list_model_get_item (self->versions, i);

      if ((id != 0 && pl_offer_get_id (offer) == id) ||
          (id == 0 && pl_offer_get_version (offer) == version))
        return offer;
    }

  return NULL;
}

static gboolean
same_strings (GListModel *a,
              GListModel *b)
{
  guint n;

  if (a == NULL || b == NULL || !GTK_IS_STRING_LIST (a) || !GTK_IS_STRING_LIST (b))
    return FALSE;

  n = g_list_model_get_n_items (a);
  if (n != g_list_model_get_n_items (b))
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (a), i),
                   gtk_string_list_get_string (GTK_STRING_LIST (b), i)) != 0)
      return FALSE;

  return TRUE;
}

static void
fill_versions (PlOfferPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (self->versions);
  guint selected = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlOffer) offer = g_list_model_get_item (self->versions, i);
      g_autofree char *number = g_strdup_printf ("%d", pl_offer_get_version (offer));
      g_autofree char *day = format_day (pl_offer_get_effective_from (offer));
      g_autofree char *label = NULL;

      if (pl_offer_get_id (offer) == self->current_id)
        /* Translators: a version of the offer, "Version 3 · from 1 Oct 2026 · current" */
        label = g_strdup_printf (_("Version %s · from %s · current"), number, day);
      else
        /* Translators: a version of the offer, "Version 3 · from 1 Oct 2026" */
        label = g_strdup_printf (_("Version %s · from %s"), number, day);
      gtk_string_list_append (labels, label);

      if (pl_offer_get_id (offer) == pl_offer_get_id (self->offer))
        selected = i;
    }

  self->filling = TRUE;
  if (!same_strings (adw_combo_row_get_model (self->version_row), G_LIST_MODEL (labels)))
    adw_combo_row_set_model (self->version_row, G_LIST_MODEL (labels));
  if (adw_combo_row_get_selected (self->version_row) != selected)
    adw_combo_row_set_selected (self->version_row, selected);
  self->filling = FALSE;
}

static void
show_header (PlOfferPage *self)
{
  g_autofree char *number = g_strdup_printf ("%d", pl_offer_get_version (self->offer));
  g_autofree char *day = format_day (pl_offer_get_effective_from (self->offer));
  g_autofree char *today = pl_today_iso ();
  g_autofree char *summary = NULL;
  const char *notes = pl_offer_get_notes (self->offer);
  gboolean briefed = pl_offer_is_briefed (self->offer);
  PlOffer *draft = NULL;

  gtk_label_set_text (self->title_label, pl_offer_get_title (self->offer));

  if (pl_offer_get_id (self->offer) == self->current_id)
    /* Translators: "Version 2 · in effect since 1 Oct 2026" */
    summary = g_strdup_printf (_("Version %s · in effect since %s"), number, day);
  else if (strcmp (pl_offer_get_effective_from (self->offer), today) > 0)
    /* Translators: "Version 3 · takes effect on 1 Dec 2026" */
    summary = g_strdup_printf (_("Version %s · takes effect on %s"), number, day);
  else
    /* Translators: "Version 1 · took effect on 5 Jan 2026, since replaced" */
    summary = g_strdup_printf (_("Version %s · took effect on %s, since replaced by a later version"),
                               number, day);
  gtk_label_set_text (self->summary_label, summary);

  gtk_label_set_text (self->notes_label, notes != NULL ? notes : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), notes != NULL && notes[0] != '\0');
  gtk_widget_set_visible (self->details_button, !briefed);

  /* Briefing */
  gtk_widget_remove_css_class (GTK_WIDGET (self->briefing_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->briefing_icon), "warning");
  if (briefed)
    {
      g_autofree char *on = format_day (pl_offer_get_briefed_on (self->offer));
      g_autofree char *title = NULL;

      /* Translators: %s is a date, "3 Oct 2026" */
      title = g_strdup_printf (_("Briefed to staff on %s"), on);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->briefing_row), title);
      adw_action_row_set_subtitle (self->briefing_row, pl_offer_get_briefing (self->offer));
      gtk_image_set_from_icon_name (self->briefing_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->briefing_icon), "success");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->briefing_row), _("Not yet briefed"));
      adw_action_row_set_subtitle (self->briefing_row,
                                   _("Once staff have been told of this version, record the briefing: "
                                     "the version is then kept as it is."));
      gtk_image_set_from_icon_name (self->briefing_icon, "dialog-information-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->briefing_icon), "warning");
    }
  gtk_widget_set_visible (self->brief_button, !briefed);

  /* Read-only, and where changes go instead */
  self->draft_id = 0;
  if (briefed)
    {
      guint n = g_list_model_get_n_items (self->versions);

      /* Newest first: the first unbriefed version later than this one. */
      for (guint i = 0; i < n && draft == NULL; i++)
        {
          g_autoptr(PlOffer) offer = g_list_model_get_item (self->versions, i);

          if (pl_offer_get_version (offer) > pl_offer_get_version (self->offer) &&
              !pl_offer_is_briefed (offer))
            {
              draft = offer;
              self->draft_id = pl_offer_get_id (offer);
            }
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->readonly_row), briefed);
  gtk_widget_set_visible (self->new_version_button, briefed && draft == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->show_draft_button), draft != NULL);
  if (draft != NULL)
    {
      g_autofree char *draft_number = g_strdup_printf ("%d", pl_offer_get_version (draft));
      g_autofree char *label = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: a button, %s is a version number */
      label = g_strdup_printf (_("_Show Version %s"), draft_number);
      gtk_button_set_label (self->show_draft_button, label);
      /* Translators: %s is a version number */
      subtitle = g_strdup_printf (_("Staff were briefed on it, so it stays as the record of what they "
                                    "were told. Version %s, not yet briefed, is where changes go."),
                                  draft_number);
      adw_action_row_set_subtitle (self->readonly_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->readonly_row,
                                 _("Staff were briefed on it, so it stays as the record of what they "
                                   "were told. Changes go into a new version."));
}

/* A change in words: the title is the promise, the subtitle what
 * happened to it. */
static char *
describe_change (PlOfferPage         *self,
                 const PlOfferChange *change)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  PlCommitment *before = change->before;
  PlCommitment *after = change->after;
  g_autofree char *joined = NULL;

  if (change->kind == PL_OFFER_CHANGE_ADDED)
    {
      if (grouping_of (after)[0] != '\0')
        /* Translators: %s is a heading, "Getting in touch" */
        return g_strdup_printf (_("Added under “%s”"), grouping_of (after));
      return g_strdup (_("Added"));
    }

  if (change->kind == PL_OFFER_CHANGE_REMOVED)
    {
      if (grouping_of (before)[0] != '\0')
        /* Translators: %s is a heading, "Getting in touch" */
        return g_strdup_printf (_("Removed from “%s”"), grouping_of (before));
      return g_strdup (_("Removed"));
    }

  if (change->fields & PL_OFFER_FIELD_TEXT)
    /* Translators: %s is the promise's earlier wording */
    g_ptr_array_add (parts, g_strdup_printf (_("reworded from “%s”"), pl_commitment_get_text (before)));

  if (change->fields & PL_OFFER_FIELD_GROUPING)
    {
      const char *from = grouping_of (before)[0] != '\0' ? grouping_of (before) : _("no heading");
      const char *to = grouping_of (after)[0] != '\0' ? grouping_of (after) : _("no heading");

      /* Translators: headings, "moved from “Getting in touch” to “Sorting it out”" */
      g_ptr_array_add (parts, g_strdup_printf (_("moved from “%s” to “%s”"), from, to));
    }

  if (change->fields & PL_OFFER_FIELD_KPI)
    {
      g_autofree char *from = kpi_name (self, pl_commitment_get_kpi_id (before));
      g_autofree char *to = kpi_name (self, pl_commitment_get_kpi_id (after));

      /* Translators: KPI names, "now measured by CSAT instead of no KPI" */
      g_ptr_array_add (parts, g_strdup_printf (_("now measured by %s instead of %s"), to, from));
    }

  if (change->fields & PL_OFFER_FIELD_STANDARD)
    {
      g_autofree char *from = standard_title (self, pl_commitment_get_standard_id (before));
      g_autofree char *to = standard_title (self, pl_commitment_get_standard_id (after));

      /* Translators: standards' titles, "now serves Complaints handling instead of no standard" */
      g_ptr_array_add (parts, g_strdup_printf (_("now serves %s instead of %s"), to, from));
    }

  if (parts->len == 0)
    g_ptr_array_add (parts, g_strdup (_("listed in a different place")));

  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv ("; ", (char **) parts->pdata);
  /* Translators: what changed, "Changed: reworded from “…”; now measured by CSAT instead of no KPI" */
  return g_strdup_printf (_("Changed: %s"), joined);
}

static void
show_changes (PlOfferPage *self)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  const char *summary;
  PlOffer *before;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->changes_list))) != NULL)
    gtk_list_box_remove (self->changes_list, child);

  before = pl_offer_get_version (self->offer) > 1
           ? find_version (self, 0, pl_offer_get_version (self->offer) - 1) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->changes_group), before != NULL);
  if (before == NULL)
    return;

  number = g_strdup_printf ("%d", pl_offer_get_version (before));
  /* Translators: %s is the version before, "Changes from Version 2" */
  title = g_strdup_printf (_("Changes from Version %s"), number);
  adw_preferences_group_set_title (self->changes_group, title);
  summary = pl_offer_get_change_summary (self->offer);
  if (summary != NULL && summary[0] != '\0')
    {
      /* Translators: %s is the summary of a new version's changes */
      g_autofree char *description = g_strdup_printf (_("What changes: %s"), summary);
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      adw_preferences_group_set_description (self->changes_group, escaped);
    }
  else
    adw_preferences_group_set_description (self->changes_group, NULL);

  changes = pl_offer_diff (before, self->offer, self->workspace, &error);
  if (changes == NULL)
    {
      show_error_toast (self, _("The changes could not be worked out"), error);
      gtk_widget_set_visible (GTK_WIDGET (self->changes_group), FALSE);
      return;
    }

  for (guint i = 0; i < changes->len; i++)
    {
      const PlOfferChange *change = g_ptr_array_index (changes, i);
      PlCommitment *commitment = change->after != NULL ? change->after : change->before;
      g_autofree char *subtitle = describe_change (self, change);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon;
      const char *icon_name, *icon_class, *kind;

      switch (change->kind)
        {
        case PL_OFFER_CHANGE_ADDED:
          icon_name = "list-add-symbolic";
          icon_class = "success";
          kind = _("Added");
          break;
        case PL_OFFER_CHANGE_REMOVED:
          icon_name = "list-remove-symbolic";
          icon_class = "error";
          kind = _("Removed");
          break;
        case PL_OFFER_CHANGE_CHANGED:
        default:
          icon_name = "document-edit-symbolic";
          icon_class = "accent";
          kind = _("Changed");
          break;
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_commitment_get_text (commitment));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      icon = gtk_image_new_from_icon_name (icon_name);
      gtk_widget_add_css_class (icon, icon_class);
      gtk_widget_set_tooltip_text (icon, kind);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, kind, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      g_object_set_data (G_OBJECT (row), "change-kind", GINT_TO_POINTER (change->kind));
      gtk_list_box_append (self->changes_list, row);
    }

  if (changes->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a version number */
      subtitle = g_strdup_printf (_("The commitments are as in version %s. Add, edit or delete them below."),
                                  number);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No commitment has changed yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   is_editable (self) ? subtitle : _("The commitments are as in the version before."));
      gtk_list_box_append (self->changes_list, row);
    }
}

static GtkWidget *
new_caption (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
new_line (const char *icon_name,
          const char *icon_class,
          GtkWidget  *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, icon_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static GtkWidget *
create_commitment_row (PlOfferPage  *self,
                       PlCommitment *commitment,
                       gboolean      editable,
                       gboolean      first,
                       gboolean      last)
{
  gint64 id = pl_commitment_get_id (commitment);
  gint64 kpi_id = pl_commitment_get_kpi_id (commitment);
  gint64 standard_id = pl_commitment_get_standard_id (commitment);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *text = gtk_label_new (pl_commitment_get_text (commitment));
  GtkWidget *status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *pill = gtk_label_new (NULL);
  GtkWidget *detail = new_caption (NULL, "dim-label");
  GtkWidget *kpi_label;

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, editable ? 6 : 12);
  gtk_widget_set_hexpand (content, TRUE);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (content), text);

  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (status), pill);
  gtk_box_append (GTK_BOX (status), detail);
  gtk_box_append (GTK_BOX (content), status);

  if (kpi_id == 0)
    {
      kpi_label = new_caption (_("No KPI measures this yet"), "warning");
      gtk_box_append (GTK_BOX (content), new_line ("dialog-warning-symbolic", "warning", kpi_label));
    }
  else
    {
      g_autofree char *name = kpi_name (self, kpi_id);
      g_autofree char *line = NULL;
      PlKpi *kpi = find_kpi (self, kpi_id);

      if (kpi != NULL)
        {
          g_autofree char *target = pl_kpi_wizard_describe_target (kpi);

          /* Translators: "Measured by Average speed of answer · target 20 s or less" */
          line = g_strdup_printf (_("Measured by %s · target %s"), name, target);
        }
      else
        /* Translators: %s is a KPI's name */
        line = g_strdup_printf (_("Measured by %s"), name);
      kpi_label = new_caption (line, "dim-label");
      gtk_box_append (GTK_BOX (content), kpi_label);
    }

  if (standard_id != 0)
    {
      g_autofree char *title = standard_title (self, standard_id);
      g_autofree char *line = NULL;
      GtkWidget *label;

      /* Translators: %s is a standard's title */
      line = g_strdup_printf (_("Serves %s"), title);
      label = new_caption (line, "dim-label");
      gtk_box_append (GTK_BOX (content), label);
      g_object_set_data (G_OBJECT (row), "standard-label", label);
    }

  gtk_box_append (GTK_BOX (box), content);

  if (editable)
    {
      g_autoptr(GMenu) menu = g_menu_new ();
      g_autoptr(GMenu) order = g_menu_new ();
      g_autoptr(GMenu) last_section = g_menu_new ();
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;
      GtkWidget *more;

      item = g_menu_item_new (_("_Edit…"), NULL);
      g_menu_item_set_action_and_target_value (item, "offer.edit-commitment", g_variant_new_int64 (id));
      g_menu_append_item (menu, item);
      g_clear_object (&item);

      if (!first)
        {
          item = g_menu_item_new (_("Move _Up"), NULL);
          g_menu_item_set_action_and_target_value (item, "offer.move-up", g_variant_new_int64 (id));
          g_menu_append_item (order, item);
          g_clear_object (&item);
        }
      if (!last)
        {
          item = g_menu_item_new (_("Move _Down"), NULL);
          g_menu_item_set_action_and_target_value (item, "offer.move-down", g_variant_new_int64 (id));
          g_menu_append_item (order, item);
          g_clear_object (&item);
        }
      if (g_menu_model_get_n_items (G_MENU_MODEL (order)) > 0)
        g_menu_append_section (menu, NULL, G_MENU_MODEL (order));

      item = g_menu_item_new (_("_Delete"), NULL);
      g_menu_item_set_action_and_target_value (item, "offer.delete-commitment", g_variant_new_int64 (id));
      g_menu_append_item (last_section, item);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (last_section));

      more = gtk_menu_button_new ();
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), G_MENU_MODEL (menu));
      gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (more, "flat");
      /* Translators: %s is a promise */
      label = g_strdup_printf (_("Edit, move or delete “%s”"), pl_commitment_get_text (commitment));
      gtk_widget_set_tooltip_text (more, _("Edit, Move or Delete"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (more), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_box_append (GTK_BOX (box), more);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), editable);
  set_id (row, "commitment-id", id);
  set_id (row, "kpi-id", kpi_id);
  g_object_set_data (G_OBJECT (row), "text-label", text);
  g_object_set_data (G_OBJECT (row), "kpi-label", kpi_label);
  g_object_set_data (G_OBJECT (row), "kept-pill", pill);
  g_object_set_data (G_OBJECT (row), "kept-detail", detail);
  show_check_in_row (self, row);

  return row;
}

static void
row_activated_cb (GtkListBox    *list,
                  GtkListBoxRow *row,
                  PlOfferPage   *self)
{
  gint64 id = get_id (row, "commitment-id");

  if (id != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "offer.edit-commitment", "x", id);
}

static void
show_commitments (PlOfferPage *self)
{
  g_autoptr(GPtrArray) groupings = NULL;
  g_autoptr(GError) error = NULL;
  gboolean editable = is_editable (self);
  guint n;

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->groups_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_hash_table_remove_all (self->rows);

  g_clear_object (&self->commitments);
  self->commitments = pl_offer_list_commitments (self->offer, self->workspace, &error);
  if (self->commitments == NULL)
    {
      show_error_toast (self, _("The commitments could not be read"), error);
      return;
    }

  n = g_list_model_get_n_items (self->commitments);
  gtk_widget_set_visible (GTK_WIDGET (self->commitments_empty_label), n == 0);
  gtk_label_set_text (self->commitments_empty_label,
                      editable
                      ? _("No commitments yet. Add each promise the organisation makes to its customers "
                          "— how quickly it answers, how it handles complaints, its returns policy — and "
                          "the KPI that shows whether it is kept.")
                      : _("This version has no commitments."));
  gtk_widget_set_visible (self->add_button, editable);
  show_kept_summary (self);

  groupings = list_groupings (self);
  for (guint g = 0; g < groupings->len; g++)
    {
      const char *grouping = g_ptr_array_index (groupings, g);
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *list = gtk_list_box_new ();
      g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PlCommitment) commitment = g_list_model_get_item (self->commitments, i);
          g_autofree char *own = pl_str_stripped (grouping_of (commitment));

          if (g_str_equal (own, grouping))
            g_ptr_array_add (members, g_steal_pointer (&commitment));
        }

      if (grouping[0] != '\0')
        {
          g_autofree char *escaped = g_markup_escape_text (grouping, -1);

          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), escaped);
        }
      else if (groupings->len > 1)
        adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Other Promises"));

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      grouping[0] != '\0' ? grouping : _("Commitments"), -1);
      g_signal_connect_object (list, "row-activated", G_CALLBACK (row_activated_cb), self, 0);

      for (guint i = 0; i < members->len; i++)
        {
          PlCommitment *commitment = g_ptr_array_index (members, i);
          GtkWidget *row = create_commitment_row (self, commitment, editable,
                                                  i == 0, i + 1 == members->len);

          gtk_list_box_append (GTK_LIST_BOX (list), row);
          g_hash_table_insert (self->rows, g_memdup2 (&(gint64) { pl_commitment_get_id (commitment) },
                                                      sizeof (gint64)), row);
        }

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
      g_object_set_data_full (G_OBJECT (group), "grouping", g_strdup (grouping), g_free);
      gtk_box_append (self->groups_box, group);
      g_ptr_array_add (self->groups, group);
    }
}

static void
update_actions (PlOfferPage *self)
{
  gboolean editable = is_editable (self);
  gboolean has_offer = self->offer != NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "offer.create", self->workspace != NULL && !has_offer);
  gtk_widget_action_set_enabled (widget, "offer.edit-details", editable);
  gtk_widget_action_set_enabled (widget, "offer.record-briefing", editable);
  gtk_widget_action_set_enabled (widget, "offer.save-briefing", editable);
  gtk_widget_action_set_enabled (widget, "offer.new-version", has_offer);
  gtk_widget_action_set_enabled (widget, "offer.save-version", has_offer);
  gtk_widget_action_set_enabled (widget, "offer.show-draft", self->draft_id != 0);
  gtk_widget_action_set_enabled (widget, "offer.show-version", has_offer);
  gtk_widget_action_set_enabled (widget, "offer.add-commitment", editable);
  gtk_widget_action_set_enabled (widget, "offer.edit-commitment", editable);
  gtk_widget_action_set_enabled (widget, "offer.save-commitment", editable);
  gtk_widget_action_set_enabled (widget, "offer.move-up", editable);
  gtk_widget_action_set_enabled (widget, "offer.move-down", editable);
  gtk_widget_action_set_enabled (widget, "offer.delete-commitment", editable);
  gtk_widget_action_set_enabled (widget, "offer.undo-delete", editable && self->deleted != NULL);
}

static void
hide_dialogs (PlOfferPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->commitment_dialog), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->briefing_dialog), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->version_dialog), FALSE);
  g_clear_object (&self->editing);
}

static void
refresh (PlOfferPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlOffer) current = NULL;
  PlOffer *shown;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      cancel_check (self);
      g_clear_object (&self->offer);
      g_clear_object (&self->versions);
      self->draft_id = 0;
      hide_dialogs (self);
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      update_actions (self);
      return;
    }

  g_clear_object (&self->versions);
  self->versions = pl_offer_list_versions (self->workspace, &error);
  if (self->versions == NULL)
    {
      show_error_toast (self, _("The service offer could not be read"), error);
      return;
    }

  if (g_list_model_get_n_items (self->versions) == 0)
    {
      cancel_check (self);
      g_clear_object (&self->offer);
      self->draft_id = 0;
      hide_dialogs (self);
      gtk_stack_set_visible_child_name (self->stack, "no-offer");
      update_actions (self);
      return;
    }

  current = pl_offer_get_current (self->workspace, NULL, &error);
  self->current_id = current != NULL ? pl_offer_get_id (current) : 0;
  g_clear_error (&error);

  /* The version the user chose, while it is there; else the one in effect. */
  shown = find_version (self, self->shown_id, 0);
  if (shown == NULL)
    shown = find_version (self, self->current_id, 0);
  if (shown != NULL)
    g_set_object (&self->offer, shown);
  else
    {
      g_clear_object (&self->offer);
      self->offer = g_list_model_get_item (self->versions, 0);
      shown = self->offer;
    }
  self->shown_id = pl_offer_get_id (shown);

  /* A briefing recorded elsewhere closes what was being edited. */
  if (!is_editable (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->commitment_dialog), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->briefing_dialog), FALSE);
    }

  load_choices (self);
  fill_versions (self);
  show_header (self);
  show_changes (self);
  show_commitments (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
  update_actions (self);
  start_check (self);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlOfferPage *self = PL_OFFER_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* One refresh covers a burst of changes (an import touches thousands of
 * interactions); a hidden page only notes that it is out of date. */
static void
workspace_changed_cb (PlOfferPage *self,
                      const char  *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
version_selected_cb (PlOfferPage *self)
{
  guint selected = adw_combo_row_get_selected (self->version_row);
  g_autoptr(PlOffer) offer = NULL;

  if (self->filling || self->versions == NULL ||
      selected >= g_list_model_get_n_items (self->versions))
    return;

  offer = g_list_model_get_item (self->versions, selected);
  if (pl_offer_get_id (offer) == self->shown_id)
    return;

  /* Not now: the combo is still telling of its new selection. */
  self->shown_id = pl_offer_get_id (offer);
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

/* Dialogs */

static void
present_dialog (PlOfferPage *self,
                AdwWindow   *dialog,
                gpointer     focus)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (focus));
}

static void
close_dialog (AdwWindow *dialog)
{
  gtk_widget_set_visible (GTK_WIDGET (dialog), FALSE);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
}

static void
dialog_cancel_cb (GtkButton   *button,
                  PlOfferPage *self)
{
  close_dialog (ADW_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))));
  g_clear_object (&self->editing);
}

static void
commitment_save_clicked_cb (GtkButton   *button,
                            PlOfferPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "offer.save-commitment", NULL);
}

static void
briefing_save_clicked_cb (GtkButton   *button,
                          PlOfferPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "offer.save-briefing", NULL);
}

static void
version_save_clicked_cb (GtkButton   *button,
                         PlOfferPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "offer.save-version", NULL);
}

static gboolean
dialog_save_shortcut_cb (GtkWidget *widget,
                         GVariant  *args,
                         gpointer   user_data)
{
  PlOfferPage *self = PL_OFFER_PAGE (user_data);
  const char *action = NULL;

  if (widget == GTK_WIDGET (self->commitment_dialog))
    action = "offer.save-commitment";
  else if (widget == GTK_WIDGET (self->briefing_dialog))
    action = "offer.save-briefing";
  else if (widget == GTK_WIDGET (self->version_dialog))
    action = "offer.save-version";

  return action != NULL && gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
}

static gboolean
dialog_close_shortcut_cb (GtkWidget *widget,
                          GVariant  *args,
                          gpointer   user_data)
{
  PlOfferPage *self = PL_OFFER_PAGE (user_data);

  close_dialog (ADW_WINDOW (widget));
  if (widget == GTK_WIDGET (self->commitment_dialog))
    g_clear_object (&self->editing);

  return TRUE;
}

static void
add_dialog_shortcuts (PlOfferPage *self,
                      AdwWindow   *dialog)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_callback_action_new (dialog_save_shortcut_cb, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                          gtk_callback_action_new (dialog_close_shortcut_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (dialog), controller);
}

/* An error is about what was typed: it goes once the user edits. */
static void
commitment_edited_cb (PlOfferPage *self)
{
  show_label_error (self->commitment_error_label, NULL);
  mark_row (self->commitment_text_row, FALSE);
}

static void
briefing_edited_cb (PlOfferPage *self)
{
  show_label_error (self->briefing_error_label, NULL);
  mark_row (self->briefing_date_row, FALSE);
  mark_row (self->briefing_how_row, FALSE);
}

static void
version_edited_cb (PlOfferPage *self)
{
  show_label_error (self->version_error_label, NULL);
  mark_row (self->version_title_row, FALSE);
  mark_row (self->version_date_row, FALSE);
  mark_row (self->version_summary_row, FALSE);
}

static void
create_edited_cb (PlOfferPage *self)
{
  show_label_error (self->create_error_label, NULL);
  mark_row (self->create_title_row, FALSE);
  mark_row (self->create_date_row, FALSE);
}

static void
suggestion_clicked_cb (GtkButton   *button,
                       PlOfferPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->commitment_grouping_row), gtk_button_get_label (button));
  gtk_editable_set_position (GTK_EDITABLE (self->commitment_grouping_row), -1);
}

/* The existing headings, one click each. */
static void
fill_suggestions (PlOfferPage *self)
{
  g_autoptr(GPtrArray) groupings = list_groupings (self);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grouping_suggestions))) != NULL)
    gtk_flow_box_remove (self->grouping_suggestions, child);

  for (guint i = 0; i < groupings->len; i++)
    {
      const char *grouping = g_ptr_array_index (groupings, i);
      GtkWidget *button;
      g_autofree char *tooltip = NULL;

      if (grouping[0] == '\0')
        continue;

      button = gtk_button_new_with_label (grouping);
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_label_set_use_underline (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), FALSE);
      gtk_button_set_use_underline (GTK_BUTTON (button), FALSE);
      /* Translators: %s is a heading */
      tooltip = g_strdup_printf (_("Put the promise under “%s”"), grouping);
      gtk_widget_set_tooltip_text (button, tooltip);
      g_signal_connect_object (button, "clicked", G_CALLBACK (suggestion_clicked_cb), self, 0);
      gtk_flow_box_append (self->grouping_suggestions, button);
      shown++;
    }

  gtk_widget_set_visible (self->grouping_suggestions_box, shown > 0);
}

static void
fill_kpi_choices (PlOfferPage *self,
                  gint64       chosen)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 none = 0;
  guint selected = 0;

  g_array_set_size (self->kpi_choices, 0);
  g_array_append_val (self->kpi_choices, none);
  gtk_string_list_append (labels, _("No KPI yet"));

  for (guint i = 0; i < self->kpis->len; i++)
    {
      PlKpi *kpi = g_ptr_array_index (self->kpis, i);
      gint64 id = pl_kpi_get_id (kpi);
      g_autofree char *name = NULL;

      /* Archived KPIs only for the commitment that still uses one. */
      if (pl_kpi_get_archived (kpi) && id != chosen)
        continue;

      name = kpi_name (self, id);
      if (id == chosen)
        selected = self->kpi_choices->len;
      g_array_append_val (self->kpi_choices, id);
      gtk_string_list_append (labels, name);
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->commitment_kpi_row),
                               self->kpi_choices->len > 1 ? NULL
                               : _("There are no KPIs yet: define them on the KPIs page"));
  adw_combo_row_set_model (self->commitment_kpi_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->commitment_kpi_row, selected);
}

static void
fill_standard_choices (PlOfferPage *self,
                       gint64       chosen)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 none = 0;
  guint selected = 0;

  g_array_set_size (self->standard_choices, 0);
  g_array_append_val (self->standard_choices, none);
  gtk_string_list_append (labels, _("None"));

  for (guint i = 0; i < self->standards->len; i++)
    {
      PlStandard *standard = g_ptr_array_index (self->standards, i);
      gint64 id = pl_standard_get_id (standard);

      if (id == chosen)
        selected = self->standard_choices->len;
      g_array_append_val (self->standard_choices, id);
      gtk_string_list_append (labels, pl_standard_get_title (standard));
    }

  /* One in the trash still shows, so that the dialog tells the truth. */
  if (chosen != 0 && selected == 0)
    {
      g_autofree char *title = standard_title (self, chosen);

      selected = self->standard_choices->len;
      g_array_append_val (self->standard_choices, chosen);
      gtk_string_list_append (labels, title);
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->commitment_standard_row),
                               self->standard_choices->len > 1 ? NULL
                               : _("There are no standards yet: add them on the Standards page"));
  adw_combo_row_set_model (self->commitment_standard_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->commitment_standard_row, selected);
}

static gint64
chosen_id (AdwComboRow *row,
           GArray      *choices)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= choices->len)
    return 0;

  return g_array_index (choices, gint64, selected);
}

static void
open_commitment_dialog (PlOfferPage  *self,
                        PlCommitment *commitment)
{
  g_set_object (&self->editing, commitment);

  adw_window_title_set_title (self->commitment_dialog_title,
                              commitment != NULL ? _("Edit Commitment") : _("New Commitment"));
  adw_window_title_set_subtitle (self->commitment_dialog_title, pl_offer_get_title (self->offer));
  gtk_editable_set_text (GTK_EDITABLE (self->commitment_text_row),
                         commitment != NULL ? pl_commitment_get_text (commitment) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->commitment_grouping_row),
                         commitment != NULL ? grouping_of (commitment) : "");
  fill_suggestions (self);
  fill_kpi_choices (self, commitment != NULL ? pl_commitment_get_kpi_id (commitment) : 0);
  fill_standard_choices (self, commitment != NULL ? pl_commitment_get_standard_id (commitment) : 0);
  commitment_edited_cb (self);

  present_dialog (self, self->commitment_dialog, self->commitment_text_row);
}

/* Actions */

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  g_autofree char *title = entry_text (self->create_title_row);
  g_autofree char *date = entry_text (self->create_date_row);
  g_autoptr(PlOffer) offer = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  offer = pl_offer_create (self->workspace, title, date, &error);
  if (offer == NULL)
    {
      gboolean title_wrong = title[0] == '\0';

      show_label_error (self->create_error_label, error->message);
      mark_row (self->create_title_row, title_wrong);
      mark_row (self->create_date_row, !title_wrong);
      gtk_widget_grab_focus (GTK_WIDGET (title_wrong ? self->create_title_row : self->create_date_row));
      return;
    }

  self->shown_id = pl_offer_get_id (offer);
  gtk_editable_set_text (GTK_EDITABLE (self->create_title_row), "");
  create_edited_cb (self);
  refresh (self);
  show_toast (self, _("Service offer created"));
}

static void
edit_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;

  if (!is_editable (self))
    return;

  self->new_version = FALSE;
  number = g_strdup_printf ("%d", pl_offer_get_version (self->offer));
  /* Translators: %s is a version number */
  subtitle = g_strdup_printf (_("Version %s"), number);
  adw_window_title_set_title (self->version_dialog_title, _("Edit Details"));
  adw_window_title_set_subtitle (self->version_dialog_title, subtitle);
  gtk_button_set_label (self->version_save_button, _("_Save"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->version_save_button), _("Save the details (Ctrl+Enter)"));
  gtk_widget_set_visible (GTK_WIDGET (self->version_title_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->version_summary_row), pl_offer_get_version (self->offer) > 1);
  gtk_editable_set_text (GTK_EDITABLE (self->version_title_row), pl_offer_get_title (self->offer));
  gtk_editable_set_text (GTK_EDITABLE (self->version_date_row), pl_offer_get_effective_from (self->offer));
  gtk_editable_set_text (GTK_EDITABLE (self->version_summary_row), pl_offer_get_change_summary (self->offer));
  version_edited_cb (self);

  present_dialog (self, self->version_dialog, self->version_title_row);
}

static void
new_version_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *today = pl_today_iso ();

  if (self->offer == NULL)
    return;

  self->new_version = TRUE;
  number = g_strdup_printf ("%d", pl_offer_get_version (self->offer));
  /* Translators: %s is a version number */
  subtitle = g_strdup_printf (_("Starts as a copy of version %s"), number);
  adw_window_title_set_title (self->version_dialog_title, _("New Version"));
  adw_window_title_set_subtitle (self->version_dialog_title, subtitle);
  gtk_button_set_label (self->version_save_button, _("C_reate"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->version_save_button), _("Create the new version (Ctrl+Enter)"));
  gtk_widget_set_visible (GTK_WIDGET (self->version_title_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->version_summary_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->version_date_row),
                         strcmp (today, pl_offer_get_effective_from (self->offer)) > 0
                         ? today : pl_offer_get_effective_from (self->offer));
  gtk_editable_set_text (GTK_EDITABLE (self->version_summary_row), "");
  version_edited_cb (self);

  present_dialog (self, self->version_dialog, self->version_summary_row);
}

static void
save_version_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  g_autofree char *title = entry_text (self->version_title_row);
  g_autofree char *date = entry_text (self->version_date_row);
  g_autofree char *summary = entry_text (self->version_summary_row);
  g_autofree char *day = pl_date_parse_day (date);
  g_autoptr(GError) error = NULL;

  if (self->offer == NULL)
    return;

  if (self->new_version)
    {
      g_autoptr(PlOffer) created = NULL;
      g_autofree char *number = NULL;
      g_autofree char *message = NULL;

      created = pl_offer_new_version (self->offer, self->workspace, date, summary, &error);
      if (created == NULL)
        {
          gboolean date_wrong = day == NULL || summary[0] != '\0';

          show_label_error (self->version_error_label, error->message);
          mark_row (self->version_date_row, date_wrong);
          mark_row (self->version_summary_row, !date_wrong);
          gtk_widget_grab_focus (GTK_WIDGET (date_wrong ? self->version_date_row : self->version_summary_row));
          return;
        }

      close_dialog (self->version_dialog);
      self->shown_id = pl_offer_get_id (created);
      refresh (self);
      number = g_strdup_printf ("%d", pl_offer_get_version (created));
      /* Translators: %s is a version number */
      message = g_strdup_printf (_("Version %s created"), number);
      show_toast (self, message);
    }
  else
    {
      g_autoptr(PlOffer) copy = pl_offer_load (self->workspace, pl_offer_get_id (self->offer), &error);

      if (copy != NULL)
        {
          pl_offer_set_title (copy, title);
          pl_offer_set_effective_from (copy, day != NULL ? day : date);
          pl_offer_set_change_summary (copy, summary);
        }
      if (copy == NULL || !pl_offer_save (copy, self->workspace, &error))
        {
          gboolean title_wrong = title[0] == '\0';
          gboolean summary_wrong = !title_wrong && day != NULL && summary[0] == '\0';

          show_label_error (self->version_error_label, error->message);
          mark_row (self->version_title_row, title_wrong);
          mark_row (self->version_summary_row, summary_wrong);
          mark_row (self->version_date_row, !title_wrong && !summary_wrong);
          return;
        }

      close_dialog (self->version_dialog);
      refresh (self);
      show_toast (self, _("Details saved"));
    }
}

static void
record_briefing_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  g_autofree char *today = pl_today_iso ();
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;

  if (!is_editable (self))
    return;

  number = g_strdup_printf ("%d", pl_offer_get_version (self->offer));
  /* Translators: %s is a version number */
  subtitle = g_strdup_printf (_("Version %s"), number);
  adw_window_title_set_subtitle (self->briefing_dialog_title, subtitle);
  gtk_editable_set_text (GTK_EDITABLE (self->briefing_date_row), today);
  gtk_editable_set_text (GTK_EDITABLE (self->briefing_how_row), "");
  briefing_edited_cb (self);

  present_dialog (self, self->briefing_dialog, self->briefing_how_row);
}

static void
save_briefing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  g_autofree char *date = entry_text (self->briefing_date_row);
  g_autofree char *how = entry_text (self->briefing_how_row);
  g_autofree char *day = pl_date_parse_day (date);
  g_autofree char *today = pl_today_iso ();
  g_autoptr(GError) error = NULL;

  if (!is_editable (self))
    return;

  if (!pl_offer_record_briefing (self->offer, self->workspace, date, how, &error))
    {
      gboolean date_wrong = day == NULL || strcmp (day, today) > 0;

      show_label_error (self->briefing_error_label, error->message);
      mark_row (self->briefing_date_row, date_wrong);
      mark_row (self->briefing_how_row, !date_wrong);
      gtk_widget_grab_focus (GTK_WIDGET (date_wrong ? self->briefing_date_row : self->briefing_how_row));
      return;
    }

  close_dialog (self->briefing_dialog);
  refresh (self);
  show_toast (self, _("Briefing recorded"));
}

static void
show_draft_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);

  if (self->draft_id == 0)
    return;

  self->shown_id = self->draft_id;
  refresh (self);
}

static void
show_version_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);

  if (find_version (self, id, 0) == NULL)
    return;

  self->shown_id = id;
  refresh (self);
}

static void
add_commitment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);

  if (is_editable (self))
    open_commitment_dialog (self, NULL);
}

static void
edit_commitment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  PlCommitment *commitment = find_commitment (self, g_variant_get_int64 (param));

  if (is_editable (self) && commitment != NULL)
    open_commitment_dialog (self, commitment);
}

static void
save_commitment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  g_autoptr(PlCommitment) commitment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = entry_text (self->commitment_text_row);
  g_autofree char *grouping = entry_text (self->commitment_grouping_row);
  g_autofree char *old_text = NULL;
  g_autofree char *old_grouping = NULL;
  gint64 old_kpi = 0, old_standard = 0;
  gboolean is_new = self->editing == NULL;

  if (!is_editable (self))
    return;

  if (is_new)
    commitment = pl_commitment_new (pl_offer_get_id (self->offer));
  else
    {
      commitment = g_object_ref (self->editing);
      old_text = g_strdup (pl_commitment_get_text (commitment));
      old_grouping = g_strdup (grouping_of (commitment));
      old_kpi = pl_commitment_get_kpi_id (commitment);
      old_standard = pl_commitment_get_standard_id (commitment);
    }

  pl_commitment_set_text (commitment, text);
  pl_commitment_set_grouping (commitment, grouping);
  pl_commitment_set_kpi_id (commitment, chosen_id (self->commitment_kpi_row, self->kpi_choices));
  pl_commitment_set_standard_id (commitment, chosen_id (self->commitment_standard_row, self->standard_choices));

  if (!pl_commitment_save (commitment, self->workspace, &error))
    {
      /* What is shown stays as it was saved. */
      if (!is_new)
        {
          pl_commitment_set_text (commitment, old_text);
          pl_commitment_set_grouping (commitment, old_grouping);
          pl_commitment_set_kpi_id (commitment, old_kpi);
          pl_commitment_set_standard_id (commitment, old_standard);
        }
      show_label_error (self->commitment_error_label, error->message);
      mark_row (self->commitment_text_row, text[0] == '\0');
      if (text[0] == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->commitment_text_row));
      return;
    }

  close_dialog (self->commitment_dialog);
  g_clear_object (&self->editing);
  refresh (self);
  show_toast (self, is_new ? _("Commitment added") : _("Commitment saved"));
}

/* Swaps the commitment with its neighbour under the same heading. */
static void
move_commitment (PlOfferPage *self,
                 gint64       id,
                 int          direction)
{
  PlCommitment *commitment = find_commitment (self, id);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  PlCommitment *other;
  g_autofree char *grouping = NULL;
  guint n, index = 0;
  int a, b;

  if (!is_editable (self) || commitment == NULL)
    return;

  grouping = pl_str_stripped (grouping_of (commitment));
  n = g_list_model_get_n_items (self->commitments);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlCommitment) item = g_list_model_get_item (self->commitments, i);
      g_autofree char *own = pl_str_stripped (grouping_of (item));

      if (item == commitment)
        index = members->len;
      if (g_str_equal (own, grouping))
        g_ptr_array_add (members, g_steal_pointer (&item));
    }

  if ((direction < 0 && index == 0) || (direction > 0 && index + 1 >= members->len))
    return;

  other = g_ptr_array_index (members, index + direction);
  a = pl_commitment_get_position (commitment);
  b = pl_commitment_get_position (other);
  if (a == b)
    b = direction < 0 ? a - 1 : a + 1;
  b = MAX (b, 0);

  pl_commitment_set_position (commitment, b);
  if (!pl_commitment_save (commitment, self->workspace, &error))
    {
      pl_commitment_set_position (commitment, a);
      show_error_toast (self, _("The commitment was not moved"), error);
      return;
    }

  pl_commitment_set_position (other, a);
  if (!pl_commitment_save (other, self->workspace, &error))
    {
      /* Put the first one back, so that nothing is half moved. */
      pl_commitment_set_position (commitment, a);
      pl_commitment_save (commitment, self->workspace, NULL);
      show_error_toast (self, _("The commitment was not moved"), error);
    }

  refresh (self);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  move_commitment (PL_OFFER_PAGE (widget), g_variant_get_int64 (param), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  move_commitment (PL_OFFER_PAGE (widget), g_variant_get_int64 (param), 1);
}

static void
delete_commitment_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  PlCommitment *commitment = find_commitment (self, g_variant_get_int64 (param));
  g_autoptr(GError) error = NULL;

  if (!is_editable (self) || commitment == NULL)
    return;

  if (!pl_commitment_delete (commitment, self->workspace, &error))
    {
      show_error_toast (self, _("The commitment was not deleted"), error);
      return;
    }

  g_set_object (&self->deleted, commitment);
  refresh (self);

  pl_toast_add_undo (self->toast_overlay, _("Commitment deleted"), "offer.undo-delete", NULL);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);
  g_autoptr(PlCommitment) deleted = g_steal_pointer (&self->deleted);
  g_autoptr(PlCommitment) again = NULL;
  g_autoptr(GError) error = NULL;

  if (deleted == NULL || self->workspace == NULL)
    return;

  /* Back where it was, as a new row of the same version. */
  again = pl_commitment_new (pl_commitment_get_offer_id (deleted));
  pl_commitment_set_position (again, pl_commitment_get_position (deleted));
  pl_commitment_set_grouping (again, pl_commitment_get_grouping (deleted));
  pl_commitment_set_text (again, pl_commitment_get_text (deleted));
  pl_commitment_set_kpi_id (again, pl_commitment_get_kpi_id (deleted));
  pl_commitment_set_standard_id (again, pl_commitment_get_standard_id (deleted));

  if (!pl_commitment_save (again, self->workspace, &error))
    show_error_toast (self, _("The commitment was not restored"), error);

  refresh (self);
}

/* GObject */

static void
pl_offer_page_map (GtkWidget *widget)
{
  PlOfferPage *self = PL_OFFER_PAGE (widget);

  GTK_WIDGET_CLASS (pl_offer_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_offer_page_dispose (GObject *object)
{
  PlOfferPage *self = PL_OFFER_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  cancel_check (self);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* The dialogs are windows of their own: they go with the page. */
  if (self->commitment_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->commitment_dialog));
  if (self->briefing_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->briefing_dialog));
  if (self->version_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->version_dialog));

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_OFFER_PAGE);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->kpis, g_ptr_array_unref);
  g_clear_pointer (&self->standards, g_ptr_array_unref);
  g_clear_pointer (&self->kpi_choices, g_array_unref);
  g_clear_pointer (&self->standard_choices, g_array_unref);
  g_clear_object (&self->editing);
  g_clear_object (&self->deleted);
  g_clear_object (&self->commitments);
  g_clear_object (&self->offer);
  g_clear_object (&self->versions);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_offer_page_parent_class)->dispose (object);
}

static void
pl_offer_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlOfferPage *self = PL_OFFER_PAGE (object);

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
pl_offer_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlOfferPage *self = PL_OFFER_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_offer_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_offer_page_class_init (PlOfferPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_offer_page_dispose;
  object_class->get_property = pl_offer_page_get_property;
  object_class->set_property = pl_offer_page_set_property;

  widget_class->map = pl_offer_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-offer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, create_title_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, create_date_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, create_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, details_button);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, notes_label);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, version_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, briefing_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, briefing_icon);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, brief_button);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, readonly_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, new_version_button);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, show_draft_button);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, changes_group);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, changes_list);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitments_group);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitments_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, groups_box);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitment_dialog);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitment_dialog_title);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitment_text_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitment_grouping_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, grouping_suggestions_box);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, grouping_suggestions);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitment_kpi_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitment_standard_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitment_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, commitment_save_button);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, briefing_dialog);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, briefing_dialog_title);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, briefing_date_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, briefing_how_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, briefing_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, briefing_save_button);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, version_dialog);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, version_dialog_title);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, version_title_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, version_date_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, version_summary_row);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, version_save_button);
  gtk_widget_class_bind_template_child (widget_class, PlOfferPage, version_error_label);
  gtk_widget_class_bind_template_callback (widget_class, dialog_cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, commitment_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, briefing_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, version_save_clicked_cb);

  gtk_widget_class_install_action (widget_class, "offer.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "offer.edit-details", NULL, edit_details_action);
  gtk_widget_class_install_action (widget_class, "offer.record-briefing", NULL, record_briefing_action);
  gtk_widget_class_install_action (widget_class, "offer.save-briefing", NULL, save_briefing_action);
  gtk_widget_class_install_action (widget_class, "offer.new-version", NULL, new_version_action);
  gtk_widget_class_install_action (widget_class, "offer.save-version", NULL, save_version_action);
  gtk_widget_class_install_action (widget_class, "offer.show-draft", NULL, show_draft_action);
  gtk_widget_class_install_action (widget_class, "offer.show-version", "x", show_version_action);
  gtk_widget_class_install_action (widget_class, "offer.add-commitment", NULL, add_commitment_action);
  gtk_widget_class_install_action (widget_class, "offer.edit-commitment", "x", edit_commitment_action);
  gtk_widget_class_install_action (widget_class, "offer.save-commitment", NULL, save_commitment_action);
  gtk_widget_class_install_action (widget_class, "offer.move-up", "x", move_up_action);
  gtk_widget_class_install_action (widget_class, "offer.move-down", "x", move_down_action);
  gtk_widget_class_install_action (widget_class, "offer.delete-commitment", "x", delete_commitment_action);
  gtk_widget_class_install_action (widget_class, "offer.undo-delete", NULL, undo_delete_action);

  /* Ctrl+Enter creates the first version on the empty page. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "offer.create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "offer.create", NULL);
}

static void
pl_offer_page_init (PlOfferPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "offer.create");

  self->groups = g_ptr_array_new ();
  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->checks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify) pl_commitment_check_free);
  self->kpis = g_ptr_array_new_with_free_func (g_object_unref);
  self->standards = g_ptr_array_new_with_free_func (g_object_unref);
  self->kpi_choices = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->standard_choices = g_array_new (FALSE, FALSE, sizeof (gint64));

  add_dialog_shortcuts (self, self->commitment_dialog);
  add_dialog_shortcuts (self, self->briefing_dialog);
  add_dialog_shortcuts (self, self->version_dialog);

  g_signal_connect_object (self->version_row, "notify::selected", G_CALLBACK (version_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->commitment_text_row, "changed", G_CALLBACK (commitment_edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->briefing_date_row, "changed", G_CALLBACK (briefing_edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->briefing_how_row, "changed", G_CALLBACK (briefing_edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->version_title_row, "changed", G_CALLBACK (version_edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->version_date_row, "changed", G_CALLBACK (version_edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->version_summary_row, "changed", G_CALLBACK (version_edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->create_title_row, "changed", G_CALLBACK (create_edited_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->create_date_row, "changed", G_CALLBACK (create_edited_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
  update_actions (self);
}

PlOfferPage *
pl_offer_page_new (void)
{
  return g_object_new (PL_TYPE_OFFER_PAGE, NULL);
}

PlWorkspace *
pl_offer_page_get_workspace (PlOfferPage *self)
{
  g_return_val_if_fail (PL_IS_OFFER_PAGE (self), NULL);

  return self->workspace;
}

void
pl_offer_page_set_workspace (PlOfferPage *self,
                             PlWorkspace *workspace)
{
  static const char * const tables[] = {
    "service_offers", "commitments", "kpis", "standards", "interactions", "responses",
  };
  g_autofree char *today = NULL;

  g_return_if_fail (PL_IS_OFFER_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  cancel_check (self);
  g_set_object (&self->workspace, workspace);

  /* What was chosen and typed belongs to the old workspace. */
  self->shown_id = 0;
  self->checks_offer_id = 0;
  g_hash_table_remove_all (self->checks);
  g_clear_object (&self->deleted);
  hide_dialogs (self);
  today = pl_today_iso ();
  gtk_editable_set_text (GTK_EDITABLE (self->create_title_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->create_date_row), today);
  create_edited_cb (self);

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  /* A hidden page reads the new workspace when it is shown: working out
   * whether each promise is kept is not free. */
  if (workspace == NULL || gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  else
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      g_clear_object (&self->offer);
      g_clear_object (&self->versions);
      g_clear_object (&self->commitments);
      self->draft_id = 0;
      self->stale = TRUE;
      update_actions (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

gint64
pl_offer_page_get_shown_id (PlOfferPage *self)
{
  g_return_val_if_fail (PL_IS_OFFER_PAGE (self), 0);

  return self->offer != NULL ? pl_offer_get_id (self->offer) : 0;
}

gboolean
pl_offer_page_get_checking (PlOfferPage *self)
{
  g_return_val_if_fail (PL_IS_OFFER_PAGE (self), FALSE);

  return self->checking;
}
