/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>

#include "core/pl-kpi.h"
#include "core/pl-util.h"

#include "pl-kpi-wizard.h"
#include "pl-kpis-page.h"

/* Plan → KPIs: the list of KPIs with their latest values, and the place
 * to add, edit, archive and restore them. */

struct _PlKpisPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkListBox          *kpi_list;
  AdwPreferencesGroup *archived_group;
  GtkListBox          *archived_list;

  PlWorkspace         *workspace;
  GListStore          *kpis;          /* every KPI, archived ones too */
  GtkFilterListModel  *active;
  GtkFilterListModel  *archived;
  GHashTable          *latest;        /* KPI id → LatestValue, last computed */
  GCancellable        *cancellable;   /* the computation under way, if any */
  gboolean             show_archived;
  gboolean             stale;         /* the workspace changed while hidden */
  guint                refresh_id;
};

/* A KPI's latest value, worked out in a worker thread. */
typedef struct
{
  gint64        id;
  PlKpiSummary  summary;
  char         *error;
} LatestValue;

typedef struct
{
  PlWorkspace *workspace;
  GPtrArray   *kpis;                  /* copies, so the thread shares nothing */
} ComputeData;

G_DEFINE_FINAL_TYPE (PlKpisPage, pl_kpis_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_SHOW_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (PlKpisPage *self,
            const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static PlKpi *
find_kpi (PlKpisPage *self,
          gint64      id)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->kpis));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (G_LIST_MODEL (self->kpis), i);

      if (pl_kpi_get_id (kpi) == id)
        return g_steal_pointer (&kpi);
    }

  return NULL;
}

static char *
describe_kpi (PlKpisPage *self,
              PlKpi      *kpi)
{
  g_autofree char *target = pl_kpi_wizard_describe_target (kpi);
  g_autofree char *source = pl_kpi_wizard_describe_source (kpi, self->workspace);
  const char *period = pl_kpi_get_period (kpi) == PL_PERIOD_MONTH ? _("monthly") : _("weekly");

  /* Translators: "Target 85% or more · weekly · from survey question CSAT" */
  return g_strdup_printf (_("Target %s · %s · from %s"), target, period, source);
}

static void
latest_value_free (gpointer data)
{
  LatestValue *latest = data;

  g_free (latest->error);
  g_free (latest);
}

static void
compute_data_free (gpointer data)
{
  ComputeData *compute = data;

  g_clear_object (&compute->workspace);
  g_clear_pointer (&compute->kpis, g_ptr_array_unref);
  g_free (compute);
}

/* Shows what is known of the row's KPI now: its latest value above its
 * status pill, as on the Overview, or "…" while it is being worked out. */
static void
show_latest_in_row (PlKpisPage *self,
                    GtkWidget  *row)
{
  PlKpi *kpi = g_object_get_data (G_OBJECT (row), "kpi");
  GtkLabel *value_label = g_object_get_data (G_OBJECT (row), "value-label");
  GtkLabel *status_label = g_object_get_data (G_OBJECT (row), "status-label");
  gint64 id;
  LatestValue *latest;
  g_autofree char *value = NULL;
  g_autofree char *tooltip = NULL;

  if (kpi == NULL || value_label == NULL)
    return;

  id = pl_kpi_get_id (kpi);
  latest = g_hash_table_lookup (self->latest, &id);

  if (latest == NULL)
    {
      gtk_label_set_text (value_label, "…");
      gtk_widget_set_tooltip_text (GTK_WIDGET (value_label), _("Working out the latest value"));
      gtk_widget_set_visible (GTK_WIDGET (status_label), FALSE);
      return;
    }

  if (latest->error != NULL)
    tooltip = g_strdup (latest->error);
  else if (latest->summary.has_value)
    {
      g_autofree char *day = pl_date_format_short (latest->summary.latest.period_start);

      if (pl_kpi_get_period (kpi) == PL_PERIOD_MONTH)
        /* Translators: %s is the first day of the month, "1 Sep 2026" */
        tooltip = g_strdup_printf (_("The month from %s"), day);
      else
        /* Translators: %s is the Monday that starts the week, "21 Sep 2026" */
        tooltip = g_strdup_printf (_("The week of %s"), day);
    }

  value = latest->summary.has_value ? pl_kpi_format_value (kpi, latest->summary.latest.value)
                                    : g_strdup ("—");
  gtk_label_set_text (value_label, value);
  gtk_widget_set_tooltip_text (GTK_WIDGET (value_label), tooltip);
  pl_kpi_wizard_style_status (status_label,
                              latest->summary.has_value ? latest->summary.status : PL_STATUS_NONE);
  gtk_widget_set_visible (GTK_WIDGET (status_label), TRUE);
}

static GtkWidget *
new_latest_value (GtkWidget *row)
{
  GtkWidget *box;
  GtkWidget *value_label;
  GtkWidget *status_label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  value_label = gtk_label_new (NULL);
  gtk_widget_set_halign (value_label, GTK_ALIGN_END);
  gtk_widget_add_css_class (value_label, "heading");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_box_append (GTK_BOX (box), value_label);

  status_label = gtk_label_new (NULL);
  gtk_widget_set_halign (status_label, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), status_label);

  g_object_set_data (G_OBJECT (row), "value-label", value_label);
  g_object_set_data (G_OBJECT (row), "status-label", status_label);

  return box;
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  PlKpisPage *self = PL_KPIS_PAGE (user_data);
  PlKpi *kpi = PL_KPI (item);
  const char *name = pl_kpi_get_name (kpi);
  gint64 id = pl_kpi_get_id (kpi);
  g_autofree char *subtitle = describe_kpi (self, kpi);
  GtkWidget *row = adw_action_row_new ();

  g_object_set_data_full (G_OBJECT (row), "kpi", g_object_ref (kpi), g_object_unref);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (!pl_kpi_get_archived (kpi))
    {
      g_autofree char *edit_label = NULL;
      g_autofree char *more_label = NULL;
      g_autoptr(GMenu) menu = g_menu_new ();
      g_autoptr(GMenuItem) archive = NULL;
      GtkWidget *edit;
      GtkWidget *more;

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_latest_value (row));
      show_latest_in_row (self, row);

      /* Translators: %s is a KPI's name */
      edit_label = g_strdup_printf (_("Edit “%s”"), name);
      edit = new_icon_button ("document-edit-symbolic", edit_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "kpis.edit");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (edit), g_variant_new_int64 (id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

      archive = g_menu_item_new (_("_Archive…"), NULL);
      g_menu_item_set_action_and_target_value (archive, "kpis.archive", g_variant_new_int64 (id));
      g_menu_append_item (menu, archive);

      /* Translators: %s is a KPI's name */
      more_label = g_strdup_printf (_("More for “%s”"), name);
      more = gtk_menu_button_new ();
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), G_MENU_MODEL (menu));
      gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (more, "flat");
      gtk_widget_set_tooltip_text (more, more_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (more),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, more_label,
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), more);

      /* The whole row opens the KPI for editing. */
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
    }
  else
    {
      g_autofree char *restore_label = NULL;
      GtkWidget *restore;

      /* Translators: %s is a KPI's name */
      restore_label = g_strdup_printf (_("Restore “%s” to the Overview"), name);
      restore = gtk_button_new_with_mnemonic (_("_Restore"));
      gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (restore, restore_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (restore),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, restore_label,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (restore), "kpis.restore");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (restore), g_variant_new_int64 (id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
    }

  return row;
}

static void
update_archived_visibility (PlKpisPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->archived_group), self->show_archived);
}

/* Runs in a worker thread: the demo's eight KPIs take around 100 ms,
 * too long to hold up the main loop. SQLite serializes the workspace's
 * connection, as for the Overview. */
static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *compute = task_data;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (latest_value_free);

  for (guint i = 0; i < compute->kpis->len; i++)
    {
      PlKpi *kpi = g_ptr_array_index (compute->kpis, i);
      g_autoptr(GArray) points = NULL;
      g_autoptr(GError) error = NULL;
      LatestValue *latest;

      if (g_task_return_error_if_cancelled (task))
        return;

      latest = g_new0 (LatestValue, 1);
      latest->id = pl_kpi_get_id (kpi);
      points = pl_kpi_compute (kpi, compute->workspace, &error);
      if (points != NULL)
        pl_kpi_summarise (kpi, points, &latest->summary);
      else
        latest->error = g_strdup (error->message);
      g_ptr_array_add (values, latest);
    }

  g_task_return_pointer (task, g_steal_pointer (&values), (GDestroyNotify) g_ptr_array_unref);
}

static void
compute_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlKpisPage *self = PL_KPIS_PAGE (object);
  GTask *task = G_TASK (result);
  g_autoptr(GPtrArray) values = NULL;
  GtkListBoxRow *row;

  values = g_task_propagate_pointer (task, NULL);

  /* A newer computation has taken this one's place. */
  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);

  if (values == NULL)
    return;

  g_hash_table_remove_all (self->latest);
  for (guint i = 0; i < values->len; i++)
    {
      LatestValue *latest = g_ptr_array_index (values, i);

      g_hash_table_insert (self->latest, &latest->id, latest);
    }
  g_ptr_array_set_free_func (values, NULL);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->kpi_list, i)) != NULL; i++)
    show_latest_in_row (self, GTK_WIDGET (row));
}

static void
start_computing (PlKpisPage *self)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *compute;
  guint n_items;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  if (self->workspace == NULL)
    return;

  compute = g_new0 (ComputeData, 1);
  compute->workspace = g_object_ref (self->workspace);
  compute->kpis = g_ptr_array_new_with_free_func (g_object_unref);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->active));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (G_LIST_MODEL (self->active), i);

      g_ptr_array_add (compute->kpis, pl_kpi_copy (kpi));
    }

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, compute_done_cb, NULL);
  g_task_set_source_tag (task, start_computing);
  g_task_set_task_data (task, compute, compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

static void
refresh (PlKpisPage *self)
{
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint n_items;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      if (self->cancellable != NULL)
        {
          g_cancellable_cancel (self->cancellable);
          g_clear_object (&self->cancellable);
        }
      g_hash_table_remove_all (self->latest);
      g_list_store_remove_all (self->kpis);
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  listed = pl_kpi_list (self->workspace, TRUE, &error);
  if (listed == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why the KPIs could not be read */
      message = g_strdup_printf (_("The KPIs could not be read: %s"), error->message);
      show_toast (self, message);
      return;
    }

  n_items = g_list_model_get_n_items (listed);
  items = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_list_model_get_item (listed, i));

  g_list_store_splice (self->kpis, 0, g_list_model_get_n_items (G_LIST_MODEL (self->kpis)),
                       items->pdata, items->len);

  gtk_stack_set_visible_child_name (self->stack, n_items == 0 ? "empty" : "list");

  /* Rows show the values computed last time until the new ones arrive. */
  start_computing (self);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlKpisPage *self = PL_KPIS_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* Many tables change at once during an import: one refresh covers them.
 * While the page is hidden (responses being entered elsewhere) it only
 * notes that it is out of date, and catches up when shown. */
static void
workspace_changed_cb (PlKpisPage *self,
                      const char *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
wizard_saved_cb (PlKpisPage  *self,
                 PlKpi       *kpi,
                 PlKpiWizard *wizard)
{
  g_autofree char *title = NULL;

  if (pl_kpi_wizard_get_editing (wizard))
    /* Translators: %s is a KPI's name */
    title = g_strdup_printf (_("“%s” saved"), pl_kpi_get_name (kpi));
  else
    /* Translators: %s is a KPI's name */
    title = g_strdup_printf (_("“%s” added — it is on the Overview now"), pl_kpi_get_name (kpi));

  show_toast (self, title);
  refresh (self);
}

static void
open_wizard (PlKpisPage *self,
             PlKpi      *kpi)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *wizard;

  if (self->workspace == NULL)
    return;

  wizard = pl_kpi_wizard_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              self->workspace, kpi);
  g_signal_connect_object (wizard, "saved", G_CALLBACK (wizard_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  open_wizard (PL_KPIS_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlKpisPage *self = PL_KPIS_PAGE (widget);
  g_autoptr(PlKpi) kpi = find_kpi (self, g_variant_get_int64 (param));

  if (kpi != NULL)
    open_wizard (self, kpi);
}

static gboolean
set_archived (PlKpisPage *self,
              PlKpi      *kpi,
              gboolean    archived)
{
  g_autoptr(GError) error = NULL;

  if (!pl_kpi_set_archived (kpi, self->workspace, archived, &error))
    {
      g_autofree char *message = NULL;

      if (archived)
        /* Translators: the KPI's name, then the reason */
        message = g_strdup_printf (_("“%s” was not archived: %s"), pl_kpi_get_name (kpi), error->message);
      else
        /* Translators: the KPI's name, then the reason */
        message = g_strdup_printf (_("“%s” was not restored: %s"), pl_kpi_get_name (kpi), error->message);
      show_toast (self, message);
      return FALSE;
    }

  refresh (self);
  return TRUE;
}

static void
archive_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PlKpisPage       *self)
{
  PlKpi *kpi = g_object_get_data (G_OBJECT (dialog), "kpi");
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (g_strcmp0 (response, "archive") != 0 || self->workspace == NULL)
    return;

  if (!set_archived (self, kpi, TRUE))
    return;

  /* Translators: %s is a KPI's name */
  title = g_strdup_printf (_("“%s” archived"), pl_kpi_get_name (kpi));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "kpis.restore");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (pl_kpi_get_id (kpi)));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlKpisPage *self = PL_KPIS_PAGE (widget);
  g_autoptr(PlKpi) kpi = find_kpi (self, g_variant_get_int64 (param));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (kpi == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  /* Translators: %s is a KPI's name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Archive “%s”?"),
                                     pl_kpi_get_name (kpi));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The KPI, its definition and its history stay in the workspace, "
                                 "and you can restore it at any time with “Show Archived”. "
                                 "Until then it leaves the Overview."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "archive", _("_Archive"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "archive",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "archive");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "kpi", g_object_ref (kpi), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (archive_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlKpisPage *self = PL_KPIS_PAGE (widget);
  g_autoptr(PlKpi) kpi = find_kpi (self, g_variant_get_int64 (param));
  g_autofree char *title = NULL;

  if (kpi == NULL || !pl_kpi_get_archived (kpi))
    return;

  if (!set_archived (self, kpi, FALSE))
    return;

  /* Translators: %s is a KPI's name */
  title = g_strdup_printf (_("“%s” is back on the Overview"), pl_kpi_get_name (kpi));
  show_toast (self, title);
}

static gboolean
filter_active_cb (gpointer item,
                  gpointer user_data)
{
  return !pl_kpi_get_archived (PL_KPI (item));
}

static gboolean
filter_archived_cb (gpointer item,
                    gpointer user_data)
{
  return pl_kpi_get_archived (PL_KPI (item));
}

static GtkWidget *
new_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static void
pl_kpis_page_map (GtkWidget *widget)
{
  PlKpisPage *self = PL_KPIS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_kpis_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_kpis_page_dispose (GObject *object)
{
  PlKpisPage *self = PL_KPIS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_KPIS_PAGE);

  g_clear_object (&self->workspace);
  g_clear_object (&self->active);
  g_clear_object (&self->archived);
  g_clear_object (&self->kpis);
  g_clear_pointer (&self->latest, g_hash_table_unref);

  G_OBJECT_CLASS (pl_kpis_page_parent_class)->dispose (object);
}

static void
pl_kpis_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlKpisPage *self = PL_KPIS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_SHOW_ARCHIVED:
      g_value_set_boolean (value, self->show_archived);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_kpis_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PlKpisPage *self = PL_KPIS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_kpis_page_set_workspace (self, g_value_get_object (value));
      break;
    case PROP_SHOW_ARCHIVED:
      pl_kpis_page_set_show_archived (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_kpis_page_class_init (PlKpisPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_kpis_page_dispose;
  object_class->get_property = pl_kpis_page_get_property;
  object_class->set_property = pl_kpis_page_set_property;

  widget_class->map = pl_kpis_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_ARCHIVED] =
    g_param_spec_boolean ("show-archived", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-kpis-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlKpisPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlKpisPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlKpisPage, kpi_list);
  gtk_widget_class_bind_template_child (widget_class, PlKpisPage, archived_group);
  gtk_widget_class_bind_template_child (widget_class, PlKpisPage, archived_list);

  gtk_widget_class_install_action (widget_class, "kpis.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "kpis.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "kpis.archive", "x", archive_action);
  gtk_widget_class_install_action (widget_class, "kpis.restore", "x", restore_action);
  gtk_widget_class_install_property_action (widget_class, "kpis.show-archived", "show-archived");
}

static void
pl_kpis_page_init (PlKpisPage *self)
{
  GtkCustomFilter *filter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->kpis = g_list_store_new (PL_TYPE_KPI);
  self->latest = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, latest_value_free);

  filter = gtk_custom_filter_new (filter_active_cb, NULL, NULL);
  self->active = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->kpis)),
                                            GTK_FILTER (filter));
  filter = gtk_custom_filter_new (filter_archived_cb, NULL, NULL);
  self->archived = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->kpis)),
                                              GTK_FILTER (filter));

  gtk_list_box_bind_model (self->kpi_list, G_LIST_MODEL (self->active),
                           create_row_cb, self, NULL);
  gtk_list_box_bind_model (self->archived_list, G_LIST_MODEL (self->archived),
                           create_row_cb, self, NULL);

  gtk_list_box_set_placeholder (self->kpi_list,
                                new_placeholder (_("Every KPI is archived. Restore one with "
                                                   "“Show Archived”, or add a new one.")));
  gtk_list_box_set_placeholder (self->archived_list,
                                new_placeholder (_("No KPI has been archived.")));

  update_archived_visibility (self);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

GtkWidget *
pl_kpis_page_new (void)
{
  return g_object_new (PL_TYPE_KPIS_PAGE, NULL);
}

PlWorkspace *
pl_kpis_page_get_workspace (PlKpisPage *self)
{
  g_return_val_if_fail (PL_IS_KPIS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_kpis_page_set_workspace (PlKpisPage  *self,
                            PlWorkspace *workspace)
{
  g_return_if_fail (PL_IS_KPIS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);

  if (workspace != NULL)
    g_signal_connect_object (workspace, "changed", G_CALLBACK (workspace_changed_cb),
                             self, G_CONNECT_SWAPPED);

  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

gboolean
pl_kpis_page_get_show_archived (PlKpisPage *self)
{
  g_return_val_if_fail (PL_IS_KPIS_PAGE (self), FALSE);

  return self->show_archived;
}

void
pl_kpis_page_set_show_archived (PlKpisPage *self,
                                gboolean    show_archived)
{
  g_return_if_fail (PL_IS_KPIS_PAGE (self));

  show_archived = !!show_archived;
  if (self->show_archived == show_archived)
    return;

  self->show_archived = show_archived;
  update_archived_visibility (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ARCHIVED]);
}

/**
 * pl_kpis_page_is_loading:
 *
 * Returns: whether the latest values are still being worked out
 */
gboolean
pl_kpis_page_is_loading (PlKpisPage *self)
{
  g_return_val_if_fail (PL_IS_KPIS_PAGE (self), FALSE);

  return self->cancellable != NULL;
}
