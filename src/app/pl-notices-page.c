/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-item.h"
#include "core/pl-notice.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-notices-page.h"
#include "pl-toast.h"

/* Plan → Monitoring Notices: who has not yet been told that they may be
 * monitored, a form to record how staff or customers were told, and the
 * notices given with their acknowledgements (unit 312 AC 2.4, NOS
 * CFACSB14 PC 5). The Sampling page warns about items whose colleague no
 * staff notice covers; this is where the user fixes that. */

struct _PlNoticesPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkWidget       *scrolled;
  GtkLabel        *explanation_label;
  GtkWidget       *untold_group;
  GtkListBox      *untold_list;
  GtkWidget       *all_told_list;
  AdwComboRow     *audience_row;
  AdwComboRow     *method_row;
  AdwEntryRow     *date_row;
  AdwComboRow     *team_row;
  GtkTextView     *text_view;
  GtkLabel        *error_label;
  GtkButton       *record_button;
  GtkWidget       *cancel_edit_button;
  GtkWidget       *form_group;
  GtkWidget       *notices_group;
  GtkWidget       *notices_empty_label;
  GtkListBox      *notices_list;

  PlWorkspace     *workspace;
  GArray          *team_ids;        /* gint64, index i + 1 of the team combo */
  GListModel      *notices;         /* of PlNotice, as listed */
  GPtrArray       *untold_rows;
  GPtrArray       *notice_rows;
  GHashTable      *expanded;        /* notice ids whose rows are open */
  guint            refresh_id;
  gboolean         stale;           /* the workspace changed while hidden */
  gboolean         writing;         /* an acknowledgement we update in place */
  gint64           editing_id;      /* the notice the form edits, 0: a new one */
};

G_DEFINE_FINAL_TYPE (PlNoticesPage, pl_notices_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (PlNoticesPage *self);

static void
show_toast (PlNoticesPage *self,
            const char    *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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

/* A strict "YYYY-MM-DD", as the notices store it. */
static gboolean
is_day (const char *text)
{
  int year, month, day;
  char end;

  return text != NULL && strlen (text) == 10 &&
         sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3 &&
         text[4] == '-' && text[7] == '-' &&
         g_date_valid_dmy (day, month, year);
}

static char *
format_day (const char *iso_date)
{
  char *text = iso_date != NULL ? pl_date_format_short (iso_date) : NULL;

  return text != NULL ? text : g_strdup (iso_date != NULL ? iso_date : "");
}

static gboolean
is_staff (PlNoticesPage *self)
{
  return adw_combo_row_get_selected (self->audience_row) == PL_NOTICE_AUDIENCE_STAFF;
}

static const char *
team_name (PlNoticesPage *self,
           gint64         team_id)
{
  GListModel *names = adw_combo_row_get_model (self->team_row);

  for (guint i = 0; self->team_ids != NULL && i < self->team_ids->len; i++)
    if (g_array_index (self->team_ids, gint64, i) == team_id)
      return gtk_string_list_get_string (GTK_STRING_LIST (names), i + 1);

  return NULL;
}

static void
update_audience (PlNoticesPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->team_row), is_staff (self));
}

static void
show_error (PlNoticesPage *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
load_teams (PlNoticesPage *self)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = adw_combo_row_get_selected (self->team_row);
  gint64 chosen = 0;
  guint n;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 &&
      self->team_ids != NULL && selected <= self->team_ids->len)
    chosen = g_array_index (self->team_ids, gint64, selected - 1);
  selected = 0;

  g_clear_pointer (&self->team_ids, g_array_unref);
  self->team_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (names, _("All staff"));

  items = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_TEAM, &error);
  if (items == NULL)
    g_warning ("Could not list the teams: %s", error->message);

  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      gint64 id = pl_item_get_id (item);

      g_array_append_val (self->team_ids, id);
      gtk_string_list_append (names, pl_item_get_name (item));
      if (id == chosen)
        selected = i + 1;
    }

  adw_combo_row_set_model (self->team_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->team_row, selected);
}

static void
load_untold (PlNoticesPage *self)
{
  g_autoptr(GListModel) colleagues = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  for (guint i = 0; i < self->untold_rows->len; i++)
    gtk_list_box_remove (self->untold_list, g_ptr_array_index (self->untold_rows, i));
  g_ptr_array_set_size (self->untold_rows, 0);

  colleagues = pl_notice_colleagues_without_notice (self->workspace, NULL, &error);
  if (colleagues == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The colleagues not yet told could not be read: %s"), error->message);
      show_toast (self, message);
      gtk_widget_set_visible (GTK_WIDGET (self->untold_list), FALSE);
      gtk_widget_set_visible (self->all_told_list, FALSE);
      return;
    }

  n = g_list_model_get_n_items (colleagues);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->untold_group),
                                         n > 0 ? _("Active colleagues that no staff notice covers as of "
                                                   "today. Record a notice to their team, or to all staff, below.")
                                               : _("Colleagues who join a team later are covered by a notice "
                                                   "to all staff, or need one to their team."));
  gtk_widget_set_visible (GTK_WIDGET (self->untold_list), n > 0);
  gtk_widget_set_visible (self->all_told_list, n == 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (colleagues, i);
      const char *team = pl_item_get_detail (item);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_item_get_name (item));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   team != NULL && team[0] != '\0' ? team : _("No team"));
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Not told about monitoring"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      set_id (row, "colleague-id", pl_item_get_id (item));

      gtk_list_box_append (self->untold_list, row);
      g_ptr_array_add (self->untold_rows, row);
    }
}

static char *
describe_audience (PlNoticesPage *self,
                   PlNotice      *notice)
{
  const char *team;

  if (pl_notice_get_audience (notice) == PL_NOTICE_AUDIENCE_CUSTOMERS)
    return g_strdup (pl_notice_audience_to_label (PL_NOTICE_AUDIENCE_CUSTOMERS));
  if (pl_notice_get_team_id (notice) == 0)
    return g_strdup (_("All staff"));

  team = team_name (self, pl_notice_get_team_id (notice));
  /* Translators: a staff notice's audience, "Staff: Billing" */
  return g_strdup_printf (_("Staff: %s"), team != NULL ? team : _("a team no longer listed"));
}

static char *
first_line (const char *text)
{
  const char *end = strchr (text, '\n');

  return end != NULL ? g_strndup (text, end - text) : g_strdup (text);
}

static void
update_ack_row (AdwActionRow *row,
                const char   *acknowledged_on)
{
  if (acknowledged_on != NULL)
    {
      g_autofree char *day = format_day (acknowledged_on);
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a date, "12 Nov 2026" */
      subtitle = g_strdup_printf (_("Acknowledged on %s"), day);
      adw_action_row_set_subtitle (row, subtitle);
    }
  else
    adw_action_row_set_subtitle (row, _("Not acknowledged yet"));
}

static PlNotice *
find_notice (PlNoticesPage *self,
             gint64         notice_id)
{
  guint n = self->notices != NULL ? g_list_model_get_n_items (self->notices) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlNotice) notice = g_list_model_get_item (self->notices, i);

      if (pl_notice_get_id (notice) == notice_id)
        return notice;
    }

  return NULL;
}

static void
ack_toggled_cb (GtkCheckButton *check,
                PlNoticesPage  *self)
{
  PlNotice *notice = find_notice (self, get_id (check, "notice-id"));
  AdwActionRow *row = g_object_get_data (G_OBJECT (check), "row");
  gint64 colleague_id = get_id (check, "colleague-id");
  gboolean active = gtk_check_button_get_active (check);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = pl_today_iso ();
  gboolean ok;

  if (notice == NULL || self->workspace == NULL)
    return;

  /* The row shows the change itself: no rebuild, the focus stays. */
  self->writing = TRUE;
  if (active)
    ok = pl_notice_acknowledge (notice, self->workspace, colleague_id, today, &error);
  else
    ok = pl_notice_unacknowledge (notice, self->workspace, colleague_id, &error);
  self->writing = FALSE;

  if (!ok)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The acknowledgement was not changed: %s"), error->message);
      show_toast (self, message);
      g_signal_handlers_block_by_func (check, ack_toggled_cb, self);
      gtk_check_button_set_active (check, !active);
      g_signal_handlers_unblock_by_func (check, ack_toggled_cb, self);
      return;
    }

  update_ack_row (row, active ? today : NULL);
}

static void
add_acknowledgements (PlNoticesPage  *self,
                      AdwExpanderRow *expander,
                      PlNotice       *notice)
{
  g_autoptr(GListModel) colleagues = NULL;
  g_autoptr(GListModel) acks = NULL;
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  guint n;

  colleagues = pl_notice_list_covered_colleagues (notice, self->workspace, &error);
  if (colleagues != NULL)
    acks = pl_notice_list_acknowledgements (notice, self->workspace, &error);
  if (colleagues == NULL || acks == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The acknowledgements could not be read: %s"), error->message);
      show_toast (self, message);
      return;
    }

  n = g_list_model_get_n_items (acks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (acks, i);

      g_hash_table_insert (acked, g_memdup2 (&(gint64) { pl_item_get_id (item) }, sizeof (gint64)),
                           g_strdup (pl_item_get_detail (item)));
    }

  n = g_list_model_get_n_items (colleagues);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (colleagues, i);
      gint64 colleague_id = pl_item_get_id (item);
      const char *acknowledged_on = g_hash_table_lookup (acked, &colleague_id);
      g_autofree char *label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_item_get_name (item));
      update_ack_row (ADW_ACTION_ROW (row), acknowledged_on);

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), acknowledged_on != NULL);
      /* Translators: accessible label of a check button, %s is a colleague */
      label = g_strdup_printf (_("%s acknowledged the notice"), pl_item_get_name (item));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_set_tooltip_text (check, _("Acknowledged"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

      set_id (check, "notice-id", pl_notice_get_id (notice));
      set_id (check, "colleague-id", colleague_id);
      g_object_set_data (G_OBJECT (check), "row", row);
      g_signal_connect_object (check, "toggled", G_CALLBACK (ack_toggled_cb), self, 0);

      adw_expander_row_add_row (expander, row);
    }

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No active colleagues in this team"));
      adw_expander_row_add_row (expander, row);
    }
}

static GtkWidget *
create_notice_row (PlNoticesPage *self,
                   PlNotice      *notice)
{
  gint64 id = pl_notice_get_id (notice);
  gboolean staff = pl_notice_get_audience (notice) == PL_NOTICE_AUDIENCE_STAFF;
  const char *method = pl_notice_method_to_label (pl_notice_get_method (notice));
  const char *text = pl_notice_get_text (notice) != NULL ? pl_notice_get_text (notice) : "";
  g_autofree char *day = format_day (pl_notice_get_given_on (notice));
  g_autofree char *audience = describe_audience (self, notice);
  g_autofree char *line = first_line (text);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *trash_label = NULL;
  g_autofree char *edit_label = NULL;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *trash;
  GtkWidget *edit;
  GtkWidget *label;

  /* Translators: a notice's title, "Team meeting · 12 Nov 2026" */
  title = g_strdup_printf (_("%s · %s"), method, day);
  /* Translators: a notice's audience and the start of its text, "All staff · Calls may be reviewed…" */
  subtitle = g_strdup_printf (_("%s · %s"), audience, line);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  trash = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (trash, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (trash, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (trash), "notices.trash");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (trash), g_variant_new_int64 (id));
  gtk_widget_set_tooltip_text (trash, _("Move to Trash"));
  /* Translators: accessible label, %s is a notice's title */
  trash_label = g_strdup_printf (_("Move the notice “%s” to Trash"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (trash), GTK_ACCESSIBLE_PROPERTY_LABEL, trash_label, -1);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), trash);

  edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "notices.edit");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (edit), g_variant_new_int64 (id));
  gtk_widget_set_tooltip_text (edit, _("Correct"));
  /* Translators: accessible label, %s is a notice's title */
  edit_label = g_strdup_printf (_("Correct the notice “%s”"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), edit);

  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What was said"), -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);

  if (staff)
    add_acknowledgements (self, ADW_EXPANDER_ROW (row), notice);

  set_id (row, "notice-id", id);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (self->expanded, &id));

  return row;
}

static void
load_notices (PlNoticesPage *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  /* Rows that were open stay open across a refresh. */
  for (guint i = 0; i < self->notice_rows->len; i++)
    {
      AdwExpanderRow *row = g_ptr_array_index (self->notice_rows, i);
      gint64 id = get_id (row, "notice-id");

      if (adw_expander_row_get_expanded (row))
        g_hash_table_add (self->expanded, g_memdup2 (&id, sizeof id));
      else
        g_hash_table_remove (self->expanded, &id);
      gtk_list_box_remove (self->notices_list, GTK_WIDGET (row));
    }
  g_ptr_array_set_size (self->notice_rows, 0);

  g_clear_object (&self->notices);
  self->notices = pl_notice_list (self->workspace, &error);
  if (self->notices == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The notices could not be read: %s"), error->message);
      show_toast (self, message);
      gtk_widget_set_visible (GTK_WIDGET (self->notices_list), FALSE);
      return;
    }

  n = g_list_model_get_n_items (self->notices);
  gtk_widget_set_visible (GTK_WIDGET (self->notices_list), n > 0);
  gtk_widget_set_visible (self->notices_empty_label, n == 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlNotice) notice = g_list_model_get_item (self->notices, i);
      GtkWidget *row = create_notice_row (self, notice);

      gtk_list_box_append (self->notices_list, row);
      g_ptr_array_add (self->notice_rows, row);
    }
}

static void
refresh (PlNoticesPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  load_teams (self);
  load_untold (self);
  load_notices (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlNoticesPage *self = PL_NOTICES_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* One refresh covers a burst of changes; a hidden page only notes that it
 * is out of date. */
static void
workspace_changed_cb (PlNoticesPage *self,
                      const char    *table)
{
  if (self->writing && g_strcmp0 (table, "notice_acknowledgements") == 0)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
audience_changed_cb (PlNoticesPage *self)
{
  update_audience (self);
}

/* An error is about what was typed: it goes once the user edits. */
static void
form_edited_cb (PlNoticesPage *self)
{
  show_error (self, NULL);
}

/* The form records a new notice, or, with @notice, corrects one given:
 * its title and button say which. */
static void
set_editing (PlNoticesPage *self,
             PlNotice      *notice)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self->form_group);

  self->editing_id = notice != NULL ? pl_notice_get_id (notice) : 0;
  gtk_widget_set_visible (self->cancel_edit_button, notice != NULL);
  /* Escape leaves a correction; it never clears a new notice being typed. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.cancel-edit", notice != NULL);

  if (notice == NULL)
    {
      adw_preferences_group_set_title (group, _("Record a Notice"));
      adw_preferences_group_set_description (group, _("Write down how, when and to whom monitoring was "
                                                      "explained, in the words used. Ctrl+Enter records it."));
      gtk_button_set_label (self->record_button, _("_Record Notice"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_button), _("Record this notice (Ctrl+Enter)"));
      return;
    }

  adw_preferences_group_set_title (group, _("Correct a Notice"));
  adw_preferences_group_set_description (group, _("Put right what was recorded about this notice. A change "
                                                  "that would leave out a colleague who acknowledged it "
                                                  "is refused. Ctrl+Enter saves."));
  gtk_button_set_label (self->record_button, _("_Save Changes"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_button), _("Save the corrected notice (Ctrl+Enter)"));
}

static void
reset_form (PlNoticesPage *self)
{
  g_autofree char *today = pl_today_iso ();

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  show_error (self, NULL);
  set_editing (self, NULL);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlNoticesPage *self = PL_NOTICES_PAGE (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  g_autoptr(PlNotice) notice = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end;
  guint method = adw_combo_row_get_selected (self->method_row);
  guint team = adw_combo_row_get_selected (self->team_row);

  if (self->workspace == NULL)
    return;

  date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  if (!is_day (date))
    {
      show_error (self, _("Nothing was recorded: enter the date the notice was given as "
                          "year-month-day, for example 2026-11-02."));
      gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
      return;
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  if (self->editing_id > 0)
    {
      notice = pl_notice_load (self->workspace, self->editing_id, &error);
      if (notice == NULL)
        {
          /* Translators: %s is the reason, in the user's words */
          message = g_strdup_printf (_("Nothing was saved: %s"), error->message);
          show_error (self, message);
          return;
        }
    }
  else
    notice = pl_notice_new ();
  pl_notice_set_team_id (notice, 0);
  pl_notice_set_audience (notice, is_staff (self) ? PL_NOTICE_AUDIENCE_STAFF : PL_NOTICE_AUDIENCE_CUSTOMERS);
  pl_notice_set_method (notice, method <= PL_NOTICE_METHOD_OTHER ? method : PL_NOTICE_METHOD_OTHER);
  pl_notice_set_given_on (notice, date);
  pl_notice_set_text (notice, text);
  if (is_staff (self) && team != GTK_INVALID_LIST_POSITION && team > 0 &&
      self->team_ids != NULL && team <= self->team_ids->len)
    pl_notice_set_team_id (notice, g_array_index (self->team_ids, gint64, team - 1));

  if (!pl_notice_save (notice, self->workspace, &error))
    {
      if (self->editing_id > 0)
        /* Translators: %s is the reason, in the user's words */
        message = g_strdup_printf (_("Nothing was saved: %s"), error->message);
      else
        /* Translators: %s is the reason, in the user's words */
        message = g_strdup_printf (_("Nothing was recorded: %s"), error->message);
      show_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return;
    }

  {
    gboolean was_editing = self->editing_id > 0;

    reset_form (self);
    /* Show the notice and who is still untold at once, not at idle. */
    refresh (self);
    show_toast (self, was_editing ? _("Notice corrected") : _("Notice recorded"));
  }
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
scroll_to_form (PlNoticesPage *self)
{
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (self->scrolled);
  double x, y;

  if (gtk_widget_translate_coordinates (self->form_group, gtk_scrolled_window_get_child (scrolled),
                                        0, 0, &x, &y))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), MAX (0, y - 12));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlNoticesPage *self = PL_NOTICES_PAGE (widget);
  PlNotice *notice = find_notice (self, g_variant_get_int64 (param));
  gint64 team_id;
  guint team = 0;

  if (notice == NULL || self->workspace == NULL)
    return;

  adw_combo_row_set_selected (self->audience_row, pl_notice_get_audience (notice));
  adw_combo_row_set_selected (self->method_row, pl_notice_get_method (notice));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), pl_notice_get_given_on (notice));
  team_id = pl_notice_get_team_id (notice);
  for (guint i = 0; team_id > 0 && self->team_ids != NULL && i < self->team_ids->len; i++)
    if (g_array_index (self->team_ids, gint64, i) == team_id)
      team = i + 1;
  adw_combo_row_set_selected (self->team_row, team);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            pl_notice_get_text (notice) != NULL ? pl_notice_get_text (notice) : "", -1);
  update_audience (self);
  show_error (self, NULL);
  set_editing (self, notice);

  scroll_to_form (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
cancel_edit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  reset_form (PL_NOTICES_PAGE (widget));
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PlNoticesPage *self = PL_NOTICES_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  PlNotice *notice = find_notice (self, id);
  g_autoptr(GError) error = NULL;

  if (notice == NULL || self->workspace == NULL)
    return;

  if (!pl_notice_trash (notice, self->workspace, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The notice was not moved to the trash: %s"), error->message);
      show_toast (self, message);
      return;
    }

  refresh (self);
  pl_toast_add_undo (self->toast_overlay, _("Notice moved to trash"),
                     "notices.restore", g_variant_new_int64 (id));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlNoticesPage *self = PL_NOTICES_PAGE (widget);
  g_autoptr(PlNotice) notice = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  notice = pl_notice_load (self->workspace, g_variant_get_int64 (param), &error);
  if (notice == NULL || !pl_notice_restore (notice, self->workspace, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The notice was not restored: %s"), error->message);
      show_toast (self, message);
      return;
    }

  refresh (self);
}

static void
pl_notices_page_map (GtkWidget *widget)
{
  PlNoticesPage *self = PL_NOTICES_PAGE (widget);

  GTK_WIDGET_CLASS (pl_notices_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_notices_page_dispose (GObject *object)
{
  PlNoticesPage *self = PL_NOTICES_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_NOTICES_PAGE);

  g_clear_pointer (&self->team_ids, g_array_unref);
  g_clear_pointer (&self->untold_rows, g_ptr_array_unref);
  g_clear_pointer (&self->notice_rows, g_ptr_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_object (&self->notices);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_notices_page_parent_class)->dispose (object);
}

static void
pl_notices_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlNoticesPage *self = PL_NOTICES_PAGE (object);

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
pl_notices_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PlNoticesPage *self = PL_NOTICES_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_notices_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_notices_page_class_init (PlNoticesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_notices_page_dispose;
  object_class->get_property = pl_notices_page_get_property;
  object_class->set_property = pl_notices_page_set_property;

  widget_class->map = pl_notices_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-notices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, untold_group);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, untold_list);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, all_told_list);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, audience_row);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, method_row);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, team_row);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, text_view);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, record_button);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, cancel_edit_button);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, notices_group);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, notices_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlNoticesPage, notices_list);

  gtk_widget_class_install_action (widget_class, "notices.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "notices.trash", "x", trash_action);
  gtk_widget_class_install_action (widget_class, "notices.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "notices.cancel-edit", NULL, cancel_edit_action);
  gtk_widget_class_install_action (widget_class, "notices.restore", "x", restore_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "notices.record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "notices.record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "notices.cancel-edit", NULL);
}

static void
pl_notices_page_init (PlNoticesPage *self)
{
  g_autoptr(GtkStringList) audiences = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) methods = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "notices.record");

  self->untold_rows = g_ptr_array_new ();
  self->notice_rows = g_ptr_array_new ();
  self->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  gtk_label_set_text (self->explanation_label, pl_notice_explanation ());

  /* The combos' positions are the enums' values. */
  gtk_string_list_append (audiences, pl_notice_audience_to_label (PL_NOTICE_AUDIENCE_STAFF));
  gtk_string_list_append (audiences, pl_notice_audience_to_label (PL_NOTICE_AUDIENCE_CUSTOMERS));
  adw_combo_row_set_model (self->audience_row, G_LIST_MODEL (audiences));
  for (PlNoticeMethod m = PL_NOTICE_METHOD_TEAM_MEETING; m <= PL_NOTICE_METHOD_OTHER; m++)
    gtk_string_list_append (methods, pl_notice_method_to_label (m));
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (methods));

  g_signal_connect_object (self->audience_row, "notify::selected", G_CALLBACK (audience_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "changed", G_CALLBACK (form_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed", G_CALLBACK (form_edited_cb),
                           self, G_CONNECT_SWAPPED);

  reset_form (self);
  update_audience (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.record", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlNoticesPage *
pl_notices_page_new (void)
{
  return g_object_new (PL_TYPE_NOTICES_PAGE, NULL);
}

PlWorkspace *
pl_notices_page_get_workspace (PlNoticesPage *self)
{
  g_return_val_if_fail (PL_IS_NOTICES_PAGE (self), NULL);

  return self->workspace;
}

void
pl_notices_page_set_workspace (PlNoticesPage *self,
                               PlWorkspace   *workspace)
{
  static const char * const tables[] = {
    "monitoring_notices", "notice_acknowledgements", "colleagues", "teams",
  };

  g_return_if_fail (PL_IS_NOTICES_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);

  /* What was typed and opened belongs to the old workspace. */
  g_clear_pointer (&self->team_ids, g_array_unref);
  for (guint i = 0; i < self->notice_rows->len; i++)
    adw_expander_row_set_expanded (g_ptr_array_index (self->notice_rows, i), FALSE);
  g_hash_table_remove_all (self->expanded);
  reset_form (self);

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.record", workspace != NULL);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
