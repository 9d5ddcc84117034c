/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/pl-complaint.h"
#include "core/pl-error.h"
#include "core/pl-item.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-complaints-page.h"
#include "pl-toast.h"

/* Collect → Complaints: the complaints log with whether each promise was
 * kept (judged as the complaints KPI judges it, as of today), filters,
 * the share of promises kept, and a form to log or correct a complaint. */

#define MAX_SUGGESTIONS 8
/* Rows built at a time: a long log grows on demand, not all at once. */
#define PAGE_ROWS 100

struct _PlComplaintsPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkWidget       *scrolled;
  GtkLabel        *summary_label;
  GtkLabel        *states_label;
  GtkWidget       *form_box;
  GtkLabel        *form_title;
  AdwEntryRow     *received_row;
  AdwComboRow     *channel_row;
  GtkWidget       *promised_row;
  GtkSpinButton   *promised_spin;
  GtkLabel        *when_error;
  AdwEntryRow     *category_row;
  AdwEntryRow     *reference_row;
  GtkFlowBox      *category_suggestions;
  GtkWidget       *description_frame;
  GtkTextView     *description_view;
  GtkLabel        *what_error;
  AdwEntryRow     *responded_row;
  AdwEntryRow     *resolved_row;
  AdwEntryRow     *outcome_row;
  AdwComboRow     *colleague_row;
  GtkLabel        *handling_error;
  GtkButton       *save_button;
  GtkWidget       *filters_box;
  GtkDropDown     *state_filter;
  GtkDropDown     *channel_filter;
  GtkDropDown     *category_filter;
  GtkEntry        *from_entry;
  GtkEntry        *to_entry;
  GtkLabel        *empty_label;
  GtkListBox      *log_list;
  GtkWidget       *add_button;
  GtkButton       *more_button;

  PlWorkspace     *workspace;
  GArray          *channel_ids;     /* gint64; combo position i + 1 */
  GArray          *colleague_ids;   /* gint64; combo position i + 1 */
  GStrv            categories;      /* the category filter's, position i + 1 */
  GListModel      *complaints;      /* of PlComplaint, as listed */
  GPtrArray       *rows;
  guint            refresh_id;
  gboolean         stale;
  gboolean         loading;         /* filters being rebuilt: no refresh */
  gint64           editing_id;      /* the complaint the form edits, 0: a new one */
  guint            limit;           /* rows shown; grows by PAGE_ROWS */
};

G_DEFINE_FINAL_TYPE (PlComplaintsPage, pl_complaints_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (PlComplaintsPage *self);

static void
show_toast (PlComplaintsPage *self,
            const char       *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
format_day (const char *iso_date)
{
  return pl_date_format_short (iso_date);
}

static const char *
pill_class (PlComplaintState state)
{
  switch (state)
    {
    case PL_COMPLAINT_STATE_KEPT:
      return "status-green";
    case PL_COMPLAINT_STATE_BROKEN:
      return "status-red";
    case PL_COMPLAINT_STATE_OVERDUE:
      return "status-amber";
    case PL_COMPLAINT_STATE_OPEN:
    default:
      return "status-none";
    }
}

static char *
format_days (double days)
{
  if (days == floor (days))
    return g_strdup_printf ("%.0f", days);
  return g_strdup_printf ("%.1f", days);
}

/* Combo and drop-down contents */

static gint64
id_at (GArray *ids,
       guint   position)
{
  if (ids == NULL || position == GTK_INVALID_LIST_POSITION || position == 0 || position > ids->len)
    return 0;
  return g_array_index (ids, gint64, position - 1);
}

static guint
position_of (GArray *ids,
             gint64  id)
{
  for (guint i = 0; id > 0 && ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i + 1;
  return 0;
}

/* A string list "none" + the items' names, and their ids. */
static GListModel *
load_items (PlComplaintsPage  *self,
            PlItemKind         kind,
            const char        *none,
            GArray           **out_ids)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  GtkStringList *names = gtk_string_list_new (NULL);
  guint n;

  g_clear_pointer (out_ids, g_array_unref);
  *out_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (names, none);

  items = pl_workspace_list_items (self->workspace, kind, &error);
  if (items == NULL)
    g_warning ("Could not list the channels or colleagues: %s", error->message);

  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      gint64 id = pl_item_get_id (item);

      g_array_append_val (*out_ids, id);
      gtk_string_list_append (names, pl_item_get_name (item));
    }

  return G_LIST_MODEL (names);
}

static void
suggestion_clicked_cb (GtkButton        *button,
                       PlComplaintsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->category_row), gtk_button_get_label (button));
  gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
}

static void
load_choices (PlComplaintsPage *self)
{
  g_autoptr(GListModel) channels = NULL;
  g_autoptr(GListModel) channels_filter = NULL;
  g_autoptr(GListModel) colleagues = NULL;
  g_autoptr(GArray) filter_ids = NULL;
  g_autoptr(GtkStringList) category_names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 channel = id_at (self->channel_ids, adw_combo_row_get_selected (self->channel_row));
  gint64 colleague = id_at (self->colleague_ids, adw_combo_row_get_selected (self->colleague_row));
  gint64 channel_filter = id_at (self->channel_ids, gtk_drop_down_get_selected (self->channel_filter));
  guint category = gtk_drop_down_get_selected (self->category_filter);
  g_autofree char *chosen_category = NULL;
  GtkWidget *child;
  guint selected = 0;

  if (self->categories != NULL && category != GTK_INVALID_LIST_POSITION && category > 0 &&
      category <= g_strv_length (self->categories))
    chosen_category = g_strdup (self->categories[category - 1]);

  self->loading = TRUE;

  channels = load_items (self, PL_ITEM_KIND_CHANNEL, _("Not recorded"), &self->channel_ids);
  adw_combo_row_set_model (self->channel_row, channels);
  adw_combo_row_set_selected (self->channel_row, position_of (self->channel_ids, channel));

  /* The filter lists the same channels, in the same order. */
  channels_filter = load_items (self, PL_ITEM_KIND_CHANNEL, _("All channels"), &filter_ids);
  gtk_drop_down_set_model (self->channel_filter, channels_filter);
  gtk_drop_down_set_selected (self->channel_filter, position_of (filter_ids, channel_filter));

  colleagues = load_items (self, PL_ITEM_KIND_COLLEAGUE, _("Not recorded"), &self->colleague_ids);
  adw_combo_row_set_model (self->colleague_row, colleagues);
  adw_combo_row_set_selected (self->colleague_row, position_of (self->colleague_ids, colleague));

  g_clear_pointer (&self->categories, g_strfreev);
  self->categories = pl_complaint_list_categories (self->workspace, &error);
  if (self->categories == NULL)
    {
      g_warning ("Could not list the complaint categories: %s", error->message);
      self->categories = g_new0 (char *, 1);
    }

  gtk_string_list_append (category_names, _("All categories"));
  for (guint i = 0; self->categories[i] != NULL; i++)
    {
      gtk_string_list_append (category_names, self->categories[i]);
      if (g_strcmp0 (self->categories[i], chosen_category) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_model (self->category_filter, G_LIST_MODEL (category_names));
  gtk_drop_down_set_selected (self->category_filter, selected);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->category_suggestions))) != NULL)
    gtk_flow_box_remove (self->category_suggestions, child);
  for (guint i = 0; self->categories[i] != NULL && i < MAX_SUGGESTIONS; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (self->categories[i]);
      g_autofree char *label = NULL;

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      /* Translators: accessible label of a suggestion button, %s is a category */
      label = g_strdup_printf (_("Use the category “%s”"), self->categories[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect_object (button, "clicked", G_CALLBACK (suggestion_clicked_cb), self, 0);
      gtk_flow_box_append (self->category_suggestions, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->category_suggestions), self->categories[0] != NULL);

  self->loading = FALSE;
}

/* Filters */

/* A day typed in a filter: "" is no limit; anything else that is not a
 * day marks the entry and is ignored. */
static char *
filter_day (GtkEntry *entry)
{
  g_autofree char *text = pl_str_stripped (gtk_editable_get_text (GTK_EDITABLE (entry)));
  char *day = *text != '\0' ? pl_date_parse_day (text) : NULL;

  if (*text != '\0' && day == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");

  return day;
}

static gboolean
filters_active (PlComplaintFilter *filter)
{
  return filter->state >= 0 || filter->channel_id > 0 || filter->category != NULL ||
         filter->received_from != NULL || filter->received_to != NULL;
}

/* The log */

static char *
describe_progress (PlComplaint      *complaint,
                   PlComplaintState  state)
{
  g_autofree char *promised = format_days (pl_complaint_get_promised_days (complaint));
  g_autofree char *due_iso = pl_complaint_dup_due_on (complaint);
  g_autofree char *due = due_iso != NULL ? format_day (due_iso) : g_strdup ("");
  g_autofree char *days = NULL;

  switch (state)
    {
    case PL_COMPLAINT_STATE_KEPT:
    case PL_COMPLAINT_STATE_BROKEN:
      days = g_strdup_printf ("%" G_GINT64_FORMAT, pl_complaint_days_to_resolve (complaint));
      /* Translators: "Resolved in 4 days, promised 10" */
      return g_strdup_printf (_("Resolved in %s days, promised %s"), days, promised);
    case PL_COMPLAINT_STATE_OVERDUE:
      /* Translators: %s is a date, "12 Apr 2026" */
      return g_strdup_printf (_("Was due by %s"), due);
    case PL_COMPLAINT_STATE_OPEN:
    default:
      /* Translators: %s is a date, "12 Apr 2026" */
      return g_strdup_printf (_("Due by %s"), due);
    }
}

static GtkWidget *
create_row (PlComplaintsPage *self,
            PlComplaint      *complaint)
{
  gint64 id = pl_complaint_get_id (complaint);
  PlComplaintState state = pl_complaint_get_state (complaint, NULL);
  const char *reference = pl_complaint_get_reference (complaint);
  const char *category = pl_complaint_get_category (complaint);
  const char *channel = pl_complaint_get_channel_name (complaint);
  const char *colleague = pl_complaint_get_colleague_name (complaint);
  g_autofree char *received = format_day (pl_complaint_get_received_on (complaint));
  g_autofree char *progress = describe_progress (complaint, state);
  g_autofree char *title = NULL;
  g_autofree char *accessible = NULL;
  GString *subtitle = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *pill;
  GtkWidget *trash;

  if (*category == '\0')
    category = _("No category");
  if (*reference != '\0')
    /* Translators: a complaint's title, "Billing · CMP-2026-0012" */
    title = g_strdup_printf (_("%s · %s"), category, reference);
  else
    title = g_strdup (category);

  /* Translators: "Received 3 Apr 2026" */
  g_string_append_printf (subtitle, _("Received %s"), received);
  if (*channel != '\0')
    g_string_append_printf (subtitle, " · %s", channel);
  if (*colleague != '\0')
    g_string_append_printf (subtitle, " · %s", colleague);
  g_string_append_printf (subtitle, " · %s", progress);
  if (pl_complaint_get_excluded (complaint))
    g_string_append_printf (subtitle, " · %s", _("Excluded from the figures"));
  g_string_append_c (subtitle, '\n');
  g_string_append (subtitle, pl_complaint_get_description (complaint));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  g_string_free (subtitle, TRUE);

  pill = gtk_label_new (pl_complaint_state_to_label (state));
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_add_css_class (pill, pill_class (state));
  /* Translators: accessible label of a state pill, "Promise kept" */
  accessible = g_strdup_printf (_("Promise: %s"), pl_complaint_state_to_label (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (pill), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);

  trash = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (trash, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (trash, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (trash), "complaints.trash");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (trash), g_variant_new_int64 (id));
  gtk_widget_set_tooltip_text (trash, _("Move to Trash"));
  g_clear_pointer (&accessible, g_free);
  /* Translators: accessible label, %s is a complaint's title */
  accessible = g_strdup_printf (_("Move the complaint “%s” to Trash"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (trash), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), trash);

  /* Activating the row (click, Enter) opens it in the form. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "complaints.edit");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (id));
  gtk_widget_set_tooltip_text (row, _("Open to edit"));
  g_object_set_data (G_OBJECT (row), "state-pill", pill);
  g_object_set_data (G_OBJECT (row), "complaint", complaint);

  return row;
}

static void
update_summary (PlComplaintsPage        *self,
                const PlComplaintFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  g_autofree char *complaints = NULL;
  g_autofree char *states = NULL;
  g_autofree char *today = pl_today_iso ();
  g_autofree char *today_text = format_day (today);
  PlComplaintCounts counts;
  double percent;

  if (!pl_complaint_count (self->workspace, filter, &counts, &error))
    {
      gtk_label_set_text (self->summary_label, _("Complaints"));
      gtk_label_set_text (self->states_label, error->message);
      return;
    }

  total = g_strdup_printf ("%" G_GINT64_FORMAT, counts.total);
  /* Translators: %s is a number */
  complaints = g_strdup_printf (ngettext ("%s complaint", "%s complaints", (unsigned long) counts.total),
                                total);
  if (pl_complaint_counts_kept_percent (&counts, &percent))
    {
      g_autofree char *kept = g_strdup_printf ("%.0f", percent);
      g_autofree char *summary = NULL;

      /* Translators: "248 complaints · 91% of promises kept" */
      summary = g_strdup_printf (_("%s · %s%% of promises kept"), complaints, kept);
      gtk_label_set_text (self->summary_label, summary);
    }
  else if (counts.total > 0)
    {
      g_autofree char *summary = NULL;

      /* Translators: "3 complaints · no promise due yet" */
      summary = g_strdup_printf (_("%s · no promise due yet"), complaints);
      gtk_label_set_text (self->summary_label, summary);
    }
  else
    gtk_label_set_text (self->summary_label, complaints);

  {
    g_autofree char *kept = g_strdup_printf ("%" G_GINT64_FORMAT, counts.by_state[PL_COMPLAINT_STATE_KEPT]);
    g_autofree char *broken = g_strdup_printf ("%" G_GINT64_FORMAT, counts.by_state[PL_COMPLAINT_STATE_BROKEN]);
    g_autofree char *open = g_strdup_printf ("%" G_GINT64_FORMAT, counts.by_state[PL_COMPLAINT_STATE_OPEN]);
    g_autofree char *overdue = g_strdup_printf ("%" G_GINT64_FORMAT, counts.by_state[PL_COMPLAINT_STATE_OVERDUE]);

    /* Translators: the counts of each state as of a day: "Kept 200 · Broken 20 · Open 5 · Overdue 3, as of 23 Nov 2026" */
    states = g_strdup_printf (_("Kept %s · Broken %s · Open %s · Overdue %s, as of %s"),
                              kept, broken, open, overdue, today_text);
    if (counts.excluded > 0)
      {
        g_autofree char *excluded = g_strdup_printf ("%" G_GINT64_FORMAT, counts.excluded);
        g_autofree char *with_excluded = NULL;

        /* Translators: the states line, then a number: "…, as of 23 Nov 2026 · 2 excluded" */
        with_excluded = g_strdup_printf (_("%s · %s excluded"), states, excluded);
        g_free (states);
        states = g_steal_pointer (&with_excluded);
      }
    if (filters_active ((PlComplaintFilter *) filter))
      {
        g_autofree char *filtered = NULL;

        /* Translators: the states line, when filters apply */
        filtered = g_strdup_printf (_("%s · filtered"), states);
        g_free (states);
        states = g_steal_pointer (&filtered);
      }
    gtk_label_set_text (self->states_label, states);
  }
}

static void
load_log (PlComplaintsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = filter_day (self->from_entry);
  g_autofree char *to = filter_day (self->to_entry);
  PlComplaintFilter filter;
  guint state = gtk_drop_down_get_selected (self->state_filter);
  guint category = gtk_drop_down_get_selected (self->category_filter);
  guint n;

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->log_list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  pl_complaint_filter_init (&filter);
  if (state != GTK_INVALID_LIST_POSITION && state > 0 && state <= PL_COMPLAINT_N_STATES)
    filter.state = (int) state - 1;
  filter.channel_id = id_at (self->channel_ids, gtk_drop_down_get_selected (self->channel_filter));
  if (self->categories != NULL && category != GTK_INVALID_LIST_POSITION && category > 0 &&
      category <= g_strv_length (self->categories))
    filter.category = self->categories[category - 1];
  filter.received_from = from;
  filter.received_to = to;

  update_summary (self, &filter);

  g_clear_object (&self->complaints);
  self->complaints = pl_complaint_list (self->workspace, &filter, &error);
  if (self->complaints == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The complaints could not be read: %s"), error->message);
      show_toast (self, message);
      gtk_widget_set_visible (GTK_WIDGET (self->log_list), FALSE);
      return;
    }

  n = g_list_model_get_n_items (self->complaints);
  /* An empty log needs no filters or zero counts, only what to do. */
  gtk_widget_set_visible (self->filters_box, n > 0 || filters_active (&filter));
  gtk_widget_set_visible (GTK_WIDGET (self->states_label), n > 0 || filters_active (&filter));
  gtk_widget_set_visible (GTK_WIDGET (self->log_list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  if (n == 0)
    gtk_label_set_text (self->empty_label,
                        filters_active (&filter)
                        ? _("No complaint matches these filters. Choose “All” in a filter, or "
                            "clear the dates, to see more.")
                        : _("No complaints logged yet. Log each complaint as it comes in — the "
                            "day, the channel, what it is about and the time promised to "
                            "resolve it — and this log shows which promises were kept."));

  for (guint i = 0; i < MIN (n, self->limit); i++)
    {
      g_autoptr(PlComplaint) complaint = g_list_model_get_item (self->complaints, i);
      GtkWidget *row = create_row (self, complaint);

      gtk_list_box_append (self->log_list, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->more_button), n > self->limit);
  if (n > self->limit)
    {
      g_autofree char *left = g_strdup_printf ("%u", n - self->limit);
      g_autofree char *label = NULL;

      /* Translators: %s is the number of complaints not shown yet */
      label = g_strdup_printf (ngettext ("Show More (%s not shown)", "Show More (%s not shown)",
                                         n - self->limit), left);
      gtk_button_set_label (self->more_button, label);
    }
}

static void
show_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (widget);

  if (self->workspace == NULL)
    return;

  self->limit += PAGE_ROWS;
  load_log (self);
}

static void
refresh (PlComplaintsPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  load_choices (self);
  load_log (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (PlComplaintsPage *self,
                      const char       *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
filter_changed_cb (PlComplaintsPage *self)
{
  if (self->loading || self->workspace == NULL)
    return;

  self->limit = PAGE_ROWS;
  load_log (self);
}

/* The form */

static void
show_field_error (PlComplaintsPage *self,
                  PlComplaintField  field,
                  const char       *message)
{
  GtkLabel *labels[] = { self->when_error, self->what_error, self->handling_error };
  GtkWidget *fields[] = {
    GTK_WIDGET (self->received_row), self->promised_row, self->description_frame,
    GTK_WIDGET (self->responded_row), GTK_WIDGET (self->resolved_row),
    GTK_WIDGET (self->channel_row), GTK_WIDGET (self->colleague_row),
  };
  GtkLabel *label = NULL;
  GtkWidget *widget = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_widget_set_visible (GTK_WIDGET (labels[i]), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_widget_remove_css_class (fields[i], "error");

  if (message == NULL)
    return;

  switch (field)
    {
    case PL_COMPLAINT_FIELD_RECEIVED_ON:
      label = self->when_error, widget = GTK_WIDGET (self->received_row);
      break;
    case PL_COMPLAINT_FIELD_PROMISED_DAYS:
      label = self->when_error, widget = self->promised_row;
      break;
    case PL_COMPLAINT_FIELD_CHANNEL:
      label = self->when_error, widget = GTK_WIDGET (self->channel_row);
      break;
    case PL_COMPLAINT_FIELD_DESCRIPTION:
      label = self->what_error, widget = self->description_frame;
      break;
    case PL_COMPLAINT_FIELD_RESPONDED_ON:
      label = self->handling_error, widget = GTK_WIDGET (self->responded_row);
      break;
    case PL_COMPLAINT_FIELD_RESOLVED_ON:
      label = self->handling_error, widget = GTK_WIDGET (self->resolved_row);
      break;
    case PL_COMPLAINT_FIELD_COLLEAGUE:
    case PL_COMPLAINT_FIELD_NONE:
    default:
      label = self->handling_error, widget = GTK_WIDGET (self->colleague_row);
      break;
    }

  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (field != PL_COMPLAINT_FIELD_NONE)
    gtk_widget_add_css_class (widget, "error");
  gtk_widget_grab_focus (widget == self->description_frame ? GTK_WIDGET (self->description_view) : widget);
}

static void
form_edited_cb (PlComplaintsPage *self)
{
  show_field_error (self, PL_COMPLAINT_FIELD_NONE, NULL);
}

static void
set_form_visible (PlComplaintsPage *self,
                  gboolean          visible)
{
  gtk_widget_set_visible (self->form_box, visible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "complaints.save", visible && self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "complaints.cancel", visible);
}

static void
fill_form (PlComplaintsPage *self,
           PlComplaint      *complaint)
{
  GtkEditable *editables[] = {
    GTK_EDITABLE (self->received_row), GTK_EDITABLE (self->category_row),
    GTK_EDITABLE (self->reference_row), GTK_EDITABLE (self->responded_row),
    GTK_EDITABLE (self->resolved_row), GTK_EDITABLE (self->outcome_row),
  };
  const char *values[] = {
    pl_complaint_get_received_on (complaint), pl_complaint_get_category (complaint),
    pl_complaint_get_reference (complaint), pl_complaint_get_responded_on (complaint),
    pl_complaint_get_resolved_on (complaint), pl_complaint_get_outcome (complaint),
  };

  for (guint i = 0; i < G_N_ELEMENTS (editables); i++)
    gtk_editable_set_text (editables[i], values[i]);
  adw_combo_row_set_selected (self->channel_row, position_of (self->channel_ids, pl_complaint_get_channel_id (complaint)));
  adw_combo_row_set_selected (self->colleague_row,
                              position_of (self->colleague_ids, pl_complaint_get_colleague_id (complaint)));
  gtk_spin_button_set_value (self->promised_spin, pl_complaint_get_promised_days (complaint));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                            pl_complaint_get_description (complaint), -1);
  show_field_error (self, PL_COMPLAINT_FIELD_NONE, NULL);
}

static void
scroll_to_top (PlComplaintsPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));

  gtk_adjustment_set_value (adjustment, 0);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (widget);
  g_autoptr(PlComplaint) complaint = pl_complaint_new ();
  g_autofree char *today = pl_today_iso ();
  double promised = 10;

  if (self->workspace == NULL)
    return;

  /* A new complaint starts with the time promised most recently. */
  if (self->complaints != NULL && g_list_model_get_n_items (self->complaints) > 0)
    {
      g_autoptr(PlComplaint) latest = g_list_model_get_item (self->complaints, 0);

      promised = pl_complaint_get_promised_days (latest);
    }

  pl_complaint_set_received_on (complaint, today);
  pl_complaint_set_promised_days (complaint, promised);
  self->editing_id = 0;
  fill_form (self, complaint);
  gtk_label_set_text (self->form_title, _("Log a Complaint"));
  gtk_button_set_label (self->save_button, _("_Log Complaint"));
  set_form_visible (self, TRUE);
  scroll_to_top (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->received_row));
}

static PlComplaint *
find_complaint (PlComplaintsPage *self,
                gint64            id)
{
  guint n = self->complaints != NULL ? g_list_model_get_n_items (self->complaints) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlComplaint) complaint = g_list_model_get_item (self->complaints, i);

      if (pl_complaint_get_id (complaint) == id)
        return complaint;
    }

  return NULL;
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (widget);
  PlComplaint *complaint = find_complaint (self, g_variant_get_int64 (param));

  if (complaint == NULL || self->workspace == NULL)
    return;

  self->editing_id = pl_complaint_get_id (complaint);
  fill_form (self, complaint);
  gtk_label_set_text (self->form_title, _("Edit Complaint"));
  gtk_button_set_label (self->save_button, _("_Save Changes"));
  set_form_visible (self, TRUE);
  scroll_to_top (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->resolved_row));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (widget);

  show_field_error (self, PL_COMPLAINT_FIELD_NONE, NULL);
  self->editing_id = 0;
  set_form_visible (self, FALSE);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  g_autoptr(PlComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  PlComplaintField field = PL_COMPLAINT_FIELD_NONE;
  gboolean editing = self->editing_id > 0;
  GtkTextIter start, end;

  if (self->workspace == NULL || !gtk_widget_get_visible (self->form_box))
    return;

  if (editing)
    {
      complaint = pl_complaint_load (self->workspace, self->editing_id, &error);
      if (complaint == NULL)
        {
          show_field_error (self, PL_COMPLAINT_FIELD_NONE, error->message);
          return;
        }
    }
  else
    complaint = pl_complaint_new ();

  /* The spin button's text may not be committed yet. */
  gtk_spin_button_update (self->promised_spin);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  pl_complaint_set_received_on (complaint, gtk_editable_get_text (GTK_EDITABLE (self->received_row)));
  pl_complaint_set_channel_id (complaint, id_at (self->channel_ids, adw_combo_row_get_selected (self->channel_row)));
  pl_complaint_set_promised_days (complaint, gtk_spin_button_get_value (self->promised_spin));
  pl_complaint_set_category (complaint, gtk_editable_get_text (GTK_EDITABLE (self->category_row)));
  pl_complaint_set_reference (complaint, gtk_editable_get_text (GTK_EDITABLE (self->reference_row)));
  pl_complaint_set_description (complaint, description);
  pl_complaint_set_responded_on (complaint, gtk_editable_get_text (GTK_EDITABLE (self->responded_row)));
  pl_complaint_set_resolved_on (complaint, gtk_editable_get_text (GTK_EDITABLE (self->resolved_row)));
  pl_complaint_set_outcome (complaint, gtk_editable_get_text (GTK_EDITABLE (self->outcome_row)));
  pl_complaint_set_colleague_id (complaint,
                                 id_at (self->colleague_ids, adw_combo_row_get_selected (self->colleague_row)));

  if (!pl_complaint_validate (complaint, &field, &error) ||
      !pl_complaint_save (complaint, self->workspace, &error))
    {
      /* A channel or colleague removed meanwhile: said under the form. */
      show_field_error (self, field, error->message);
      return;
    }

  self->editing_id = 0;
  set_form_visible (self, FALSE);
  refresh (self);
  show_toast (self, editing ? _("Complaint saved") : _("Complaint logged"));
  gtk_widget_grab_focus (self->add_button);
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  PlComplaint *complaint = find_complaint (self, id);
  g_autoptr(GError) error = NULL;

  if (complaint == NULL || self->workspace == NULL)
    return;

  if (!pl_complaint_trash (complaint, self->workspace, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The complaint was not moved to the trash: %s"), error->message);
      show_toast (self, message);
      return;
    }

  if (self->editing_id == id)
    cancel_action (widget, NULL, NULL);
  refresh (self);
  pl_toast_add_undo (self->toast_overlay, _("Complaint moved to trash"),
                     "complaints.restore", g_variant_new_int64 (id));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (widget);
  g_autoptr(PlComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  complaint = pl_complaint_load (self->workspace, g_variant_get_int64 (param), &error);
  if (complaint == NULL || !pl_complaint_restore (complaint, self->workspace, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The complaint was not restored: %s"), error->message);
      show_toast (self, message);
      return;
    }

  refresh (self);
}

/* GObject */

static void
pl_complaints_page_map (GtkWidget *widget)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_complaints_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_complaints_page_dispose (GObject *object)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_COMPLAINTS_PAGE);

  g_clear_pointer (&self->channel_ids, g_array_unref);
  g_clear_pointer (&self->colleague_ids, g_array_unref);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->complaints);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_complaints_page_parent_class)->dispose (object);
}

static void
pl_complaints_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (object);

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
pl_complaints_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PlComplaintsPage *self = PL_COMPLAINTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_complaints_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_complaints_page_class_init (PlComplaintsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_complaints_page_dispose;
  object_class->get_property = pl_complaints_page_get_property;
  object_class->set_property = pl_complaints_page_set_property;

  widget_class->map = pl_complaints_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-complaints-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, states_label);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, form_box);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, form_title);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, received_row);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, channel_row);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, promised_row);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, promised_spin);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, when_error);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, category_row);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, reference_row);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, category_suggestions);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, description_frame);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, description_view);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, what_error);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, responded_row);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, resolved_row);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, colleague_row);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, handling_error);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, filters_box);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, state_filter);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, channel_filter);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, category_filter);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, log_list);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, PlComplaintsPage, more_button);

  gtk_widget_class_install_action (widget_class, "complaints.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "complaints.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "complaints.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "complaints.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "complaints.trash", "x", trash_action);
  gtk_widget_class_install_action (widget_class, "complaints.restore", "x", restore_action);
  gtk_widget_class_install_action (widget_class, "complaints.show-more", NULL, show_more_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "complaints.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "complaints.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "complaints.cancel", NULL);
}

static void
pl_complaints_page_init (PlComplaintsPage *self)
{
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  GtkWidget *watched[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "complaints.save");

  watched[0] = GTK_WIDGET (self->received_row);
  watched[1] = GTK_WIDGET (self->responded_row);
  watched[2] = GTK_WIDGET (self->resolved_row);

  self->rows = g_ptr_array_new ();
  self->limit = PAGE_ROWS;

  gtk_string_list_append (states, _("All states"));
  for (PlComplaintState s = PL_COMPLAINT_STATE_KEPT; s <= PL_COMPLAINT_STATE_OVERDUE; s++)
    gtk_string_list_append (states, pl_complaint_state_to_label (s));
  gtk_drop_down_set_model (self->state_filter, G_LIST_MODEL (states));

  g_signal_connect_object (self->state_filter, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->channel_filter, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_filter, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->from_entry, "changed", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_entry, "changed", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_object (watched[i], "changed", G_CALLBACK (form_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->description_view), "changed",
                           G_CALLBACK (form_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->promised_spin, "value-changed", G_CALLBACK (form_edited_cb),
                           self, G_CONNECT_SWAPPED);

  set_form_visible (self, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "complaints.add", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlComplaintsPage *
pl_complaints_page_new (void)
{
  return g_object_new (PL_TYPE_COMPLAINTS_PAGE, NULL);
}

PlWorkspace *
pl_complaints_page_get_workspace (PlComplaintsPage *self)
{
  g_return_val_if_fail (PL_IS_COMPLAINTS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_complaints_page_set_workspace (PlComplaintsPage *self,
                                  PlWorkspace      *workspace)
{
  static const char * const tables[] = { "complaints", "channels", "colleagues" };

  g_return_if_fail (PL_IS_COMPLAINTS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);

  /* What was typed and chosen belongs to the old workspace. */
  self->editing_id = 0;
  set_form_visible (self, FALSE);
  g_clear_pointer (&self->channel_ids, g_array_unref);
  g_clear_pointer (&self->colleague_ids, g_array_unref);
  g_clear_pointer (&self->categories, g_strfreev);
  self->limit = PAGE_ROWS;
  self->loading = TRUE;
  gtk_drop_down_set_selected (self->state_filter, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  self->loading = FALSE;

  if (workspace != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      {
        g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

        g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                 self, G_CONNECT_SWAPPED);
      }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "complaints.add", workspace != NULL);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
