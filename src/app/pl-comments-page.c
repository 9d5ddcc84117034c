/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>

#include "core/pl-error.h"
#include "core/pl-informal.h"
#include "core/pl-item.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-comments-page.h"
#include "pl-toast.h"

/* Collect → Customer Comments: informal feedback (401 AC 3.5) entered
 * keyboard-first — type, Ctrl+Enter, type the next — with counts by
 * source and sentiment and the log to filter, correct and trash. */

#define PAGE_ROWS 100

struct _PlCommentsPage
{
  AdwBin           parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkLabel        *form_title;
  GtkLabel        *form_description;
  GtkWidget       *text_frame;
  GtkTextView     *text_view;
  GtkLabel        *text_error;
  GtkToggleButton *positive_button;
  GtkToggleButton *neutral_button;
  GtkToggleButton *negative_button;
  AdwComboRow     *source_row;
  AdwEntryRow     *date_row;
  AdwComboRow     *colleague_row;
  AdwComboRow     *channel_row;
  GtkLabel        *details_error;
  GtkWidget       *cancel_button;
  GtkButton       *save_button;
  GtkGrid         *counts_grid;
  GtkDropDown     *source_filter;
  GtkDropDown     *sentiment_filter;
  GtkEditable     *search_entry;
  GtkLabel        *empty_label;
  GtkListBox      *log_list;
  GtkButton       *more_button;

  PlWorkspace     *workspace;
  GArray          *colleague_ids;   /* gint64; combo position i + 1 */
  GArray          *channel_ids;     /* gint64; combo position i + 1 */
  GListModel      *comments;        /* of PlInformal, as listed */
  GPtrArray       *rows;
  guint            refresh_id;
  gboolean         stale;
  gint64           editing_id;
  guint            limit;
};

G_DEFINE_FINAL_TYPE (PlCommentsPage, pl_comments_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (PlCommentsPage *self,
            const char     *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const char *
pill_class (PlInformalSentiment sentiment)
{
  switch (sentiment)
    {
    case PL_INFORMAL_SENTIMENT_POSITIVE:
      return "status-green";
    case PL_INFORMAL_SENTIMENT_NEGATIVE:
      return "status-red";
    case PL_INFORMAL_SENTIMENT_NEUTRAL:
    default:
      return "status-none";
    }
}

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

static PlInformalSentiment
chosen_sentiment (PlCommentsPage *self)
{
  if (gtk_toggle_button_get_active (self->positive_button))
    return PL_INFORMAL_SENTIMENT_POSITIVE;
  if (gtk_toggle_button_get_active (self->negative_button))
    return PL_INFORMAL_SENTIMENT_NEGATIVE;
  return PL_INFORMAL_SENTIMENT_NEUTRAL;
}

static void
choose_sentiment (PlCommentsPage      *self,
                  PlInformalSentiment  sentiment)
{
  GtkToggleButton *buttons[] = { self->positive_button, self->neutral_button, self->negative_button };

  gtk_toggle_button_set_active (buttons[sentiment], TRUE);
}

static void
load_combo (PlCommentsPage  *self,
            AdwComboRow     *row,
            PlItemKind       kind,
            GArray         **ids)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 chosen = id_at (*ids, adw_combo_row_get_selected (row));
  guint n;

  g_clear_pointer (ids, g_array_unref);
  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (names, _("None"));

  items = pl_workspace_list_items (self->workspace, kind, &error);
  if (items == NULL)
    g_warning ("Could not list the colleagues or channels: %s", error->message);

  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      gint64 id = pl_item_get_id (item);

      g_array_append_val (*ids, id);
      gtk_string_list_append (names, pl_item_get_name (item));
    }

  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, position_of (*ids, chosen));
}

/* The counts */

/* Row 0 holds the column headings, in the small caption style; @heading
 * is for the totals. */
static void
grid_label (GtkGrid    *grid,
            const char *text,
            int         column,
            int         row,
            gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_widget_set_hexpand (label, column == 0);
  if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  if (heading)
    gtk_widget_add_css_class (label, row == 0 ? "caption-heading" : "heading");
  else if (column > 0 && g_strcmp0 (text, "0") == 0)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
load_counts (PlCommentsPage         *self,
             const PlInformalFilter *filter)
{
  g_autoptr(GError) error = NULL;
  PlInformalCounts counts;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counts_grid))) != NULL)
    gtk_grid_remove (self->counts_grid, child);

  if (!pl_informal_count (self->workspace, filter, &counts, &error))
    {
      grid_label (self->counts_grid, error->message, 0, 0, FALSE);
      return;
    }

  grid_label (self->counts_grid, _("Source"), 0, 0, TRUE);
  for (PlInformalSentiment s = PL_INFORMAL_SENTIMENT_POSITIVE; s <= PL_INFORMAL_SENTIMENT_NEGATIVE; s++)
    grid_label (self->counts_grid, pl_informal_sentiment_to_label (s), 1 + (int) s, 0, TRUE);
  grid_label (self->counts_grid, _("All"), 1 + PL_INFORMAL_N_SENTIMENTS, 0, TRUE);

  for (PlInformalSource source = 0; source < PL_INFORMAL_N_SOURCES; source++)
    {
      g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, counts.by_source[source]);

      grid_label (self->counts_grid, pl_informal_source_to_label (source), 0, 1 + (int) source, FALSE);
      for (PlInformalSentiment s = 0; s < PL_INFORMAL_N_SENTIMENTS; s++)
        {
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, counts.by_source_sentiment[source][s]);

          grid_label (self->counts_grid, n, 1 + (int) s, 1 + (int) source, FALSE);
        }
      grid_label (self->counts_grid, total, 1 + PL_INFORMAL_N_SENTIMENTS, 1 + (int) source, FALSE);
    }

  grid_label (self->counts_grid, _("All sources"), 0, 1 + PL_INFORMAL_N_SOURCES, TRUE);
  for (PlInformalSentiment s = 0; s < PL_INFORMAL_N_SENTIMENTS; s++)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, counts.by_sentiment[s]);

      grid_label (self->counts_grid, n, 1 + (int) s, 1 + PL_INFORMAL_N_SOURCES, TRUE);
    }
  {
    g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, counts.total);

    grid_label (self->counts_grid, total, 1 + PL_INFORMAL_N_SENTIMENTS, 1 + PL_INFORMAL_N_SOURCES, TRUE);
  }
}

/* The log */

static GtkWidget *
create_row (PlCommentsPage *self,
            PlInformal     *comment)
{
  gint64 id = pl_informal_get_id (comment);
  PlInformalSentiment sentiment = pl_informal_get_sentiment (comment);
  g_autofree char *day = pl_date_format_short (pl_informal_get_received_on (comment));
  g_autofree char *accessible = NULL;
  GString *subtitle = g_string_new (pl_informal_source_to_label (pl_informal_get_source (comment)));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *pill;
  GtkWidget *trash;

  g_string_append_printf (subtitle, " · %s", day);
  if (*pl_informal_get_colleague_name (comment) != '\0')
    g_string_append_printf (subtitle, " · %s", pl_informal_get_colleague_name (comment));
  if (*pl_informal_get_channel_name (comment) != '\0')
    g_string_append_printf (subtitle, " · %s", pl_informal_get_channel_name (comment));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_informal_get_text (comment));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  g_string_free (subtitle, TRUE);

  pill = gtk_label_new (pl_informal_sentiment_to_label (sentiment));
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_add_css_class (pill, pill_class (sentiment));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);

  trash = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (trash, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (trash, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (trash), "comments.trash");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (trash), g_variant_new_int64 (id));
  gtk_widget_set_tooltip_text (trash, _("Move to Trash"));
  /* Translators: accessible label of a button, %s is a date */
  accessible = g_strdup_printf (_("Move the comment of %s to Trash"), day);
  gtk_accessible_update_property (GTK_ACCESSIBLE (trash), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), trash);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "comments.edit");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (id));
  gtk_widget_set_tooltip_text (row, _("Open to correct"));
  g_object_set_data (G_OBJECT (row), "sentiment-pill", pill);

  return row;
}

static void
load_log (PlCommentsPage *self)
{
  g_autoptr(GError) error = NULL;
  PlInformalFilter filter;
  PlInformalFilter search_only;
  guint source = gtk_drop_down_get_selected (self->source_filter);
  guint sentiment = gtk_drop_down_get_selected (self->sentiment_filter);
  guint n;

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->log_list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  pl_informal_filter_init (&filter);
  if (source != GTK_INVALID_LIST_POSITION && source > 0)
    filter.source = (int) source - 1;
  if (sentiment != GTK_INVALID_LIST_POSITION && sentiment > 0)
    filter.sentiment = (int) sentiment - 1;
  filter.search = gtk_editable_get_text (self->search_entry);

  /* The table shows every source and sentiment; the words still apply. */
  pl_informal_filter_init (&search_only);
  search_only.search = filter.search;
  load_counts (self, &search_only);

  g_clear_object (&self->comments);
  self->comments = pl_informal_list (self->workspace, &filter, &error);
  if (self->comments == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The comments could not be read: %s"), error->message);
      show_toast (self, message);
      gtk_widget_set_visible (GTK_WIDGET (self->log_list), FALSE);
      return;
    }

  n = g_list_model_get_n_items (self->comments);
  gtk_widget_set_visible (GTK_WIDGET (self->log_list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  if (n == 0)
    gtk_label_set_text (self->empty_label,
                        filter.source >= 0 || filter.sentiment >= 0 || *filter.search != '\0'
                        ? _("No comment matches these filters.")
                        : _("No comments recorded yet. Type the first one above: a comment "
                            "card, a post, an email or something said at the counter. Each "
                            "one counts towards what customers think, alongside the surveys."));

  for (guint i = 0; i < MIN (n, self->limit); i++)
    {
      g_autoptr(PlInformal) comment = g_list_model_get_item (self->comments, i);
      GtkWidget *row = create_row (self, comment);

      gtk_list_box_append (self->log_list, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->more_button), n > self->limit);
  if (n > self->limit)
    {
      g_autofree char *left = g_strdup_printf ("%u", n - self->limit);
      g_autofree char *label = NULL;

      /* Translators: %s is the number of comments not shown yet */
      label = g_strdup_printf (ngettext ("Show More (%s not shown)", "Show More (%s not shown)",
                                         n - self->limit), left);
      gtk_button_set_label (self->more_button, label);
    }
}

static void
refresh (PlCommentsPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  load_combo (self, self->colleague_row, PL_ITEM_KIND_COLLEAGUE, &self->colleague_ids);
  load_combo (self, self->channel_row, PL_ITEM_KIND_CHANNEL, &self->channel_ids);
  load_log (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (PlCommentsPage *self,
                      const char     *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
filter_changed_cb (PlCommentsPage *self)
{
  if (self->workspace == NULL)
    return;

  self->limit = PAGE_ROWS;
  load_log (self);
}

/* The form */

static void
show_error (PlCommentsPage  *self,
            PlInformalField  field,
            const char      *message)
{
  gtk_widget_set_visible (GTK_WIDGET (self->text_error), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->details_error), FALSE);
  gtk_widget_remove_css_class (self->text_frame, "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");

  if (message == NULL)
    return;

  if (field == PL_INFORMAL_FIELD_TEXT)
    {
      gtk_label_set_text (self->text_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->text_error), TRUE);
      gtk_widget_add_css_class (self->text_frame, "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return;
    }

  gtk_label_set_text (self->details_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->details_error), TRUE);
  if (field == PL_INFORMAL_FIELD_RECEIVED_ON)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
    }
}

static void
form_edited_cb (PlCommentsPage *self)
{
  show_error (self, PL_INFORMAL_FIELD_NONE, NULL);
}

/* After a save the form is ready for the next comment: the same source
 * and day (a pile of comment cards), a neutral reading, no colleague or
 * channel. */
static void
reset_form (PlCommentsPage *self,
            gboolean        keep_source_and_day)
{
  if (!keep_source_and_day)
    {
      g_autofree char *today = pl_today_iso ();

      gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
      adw_combo_row_set_selected (self->source_row, PL_INFORMAL_SOURCE_COMMENT_CARD);
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  choose_sentiment (self, PL_INFORMAL_SENTIMENT_NEUTRAL);
  adw_combo_row_set_selected (self->colleague_row, 0);
  adw_combo_row_set_selected (self->channel_row, 0);
  show_error (self, PL_INFORMAL_FIELD_NONE, NULL);

  self->editing_id = 0;
  gtk_label_set_text (self->form_title, _("Record a Comment"));
  gtk_button_set_label (self->save_button, _("_Save Comment"));
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "comments.cancel", FALSE);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(PlInformal) comment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PlInformalField field = PL_INFORMAL_FIELD_NONE;
  gboolean editing = self->editing_id > 0;
  guint source = adw_combo_row_get_selected (self->source_row);
  GtkTextIter start, end;

  if (self->workspace == NULL)
    return;

  if (editing)
    {
      comment = pl_informal_load (self->workspace, self->editing_id, &error);
      if (comment == NULL)
        {
          show_error (self, PL_INFORMAL_FIELD_NONE, error->message);
          return;
        }
    }
  else
    comment = pl_informal_new ();

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  pl_informal_set_text (comment, text);
  pl_informal_set_received_on (comment, gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  pl_informal_set_source (comment, source < PL_INFORMAL_N_SOURCES ? source : PL_INFORMAL_SOURCE_OTHER);
  pl_informal_set_sentiment (comment, chosen_sentiment (self));
  pl_informal_set_colleague_id (comment, id_at (self->colleague_ids, adw_combo_row_get_selected (self->colleague_row)));
  pl_informal_set_channel_id (comment, id_at (self->channel_ids, adw_combo_row_get_selected (self->channel_row)));

  if (!pl_informal_validate (comment, &field, &error) ||
      !pl_informal_save (comment, self->workspace, &error))
    {
      show_error (self, field, error->message);
      return;
    }

  reset_form (self, !editing);
  load_log (self);
  show_toast (self, editing ? _("Comment corrected") : _("Comment saved"));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static PlInformal *
find_comment (PlCommentsPage *self,
              gint64          id)
{
  guint n = self->comments != NULL ? g_list_model_get_n_items (self->comments) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlInformal) comment = g_list_model_get_item (self->comments, i);

      if (pl_informal_get_id (comment) == id)
        return comment;
    }

  return NULL;
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (widget);
  PlInformal *comment = find_comment (self, g_variant_get_int64 (param));
  GtkAdjustment *adjustment;

  if (comment == NULL || self->workspace == NULL)
    return;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), pl_informal_get_text (comment), -1);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), pl_informal_get_received_on (comment));
  adw_combo_row_set_selected (self->source_row, pl_informal_get_source (comment));
  choose_sentiment (self, pl_informal_get_sentiment (comment));
  adw_combo_row_set_selected (self->colleague_row, position_of (self->colleague_ids, pl_informal_get_colleague_id (comment)));
  adw_combo_row_set_selected (self->channel_row, position_of (self->channel_ids, pl_informal_get_channel_id (comment)));
  show_error (self, PL_INFORMAL_FIELD_NONE, NULL);

  self->editing_id = pl_informal_get_id (comment);
  gtk_label_set_text (self->form_title, _("Correct a Comment"));
  gtk_button_set_label (self->save_button, _("_Save Changes"));
  gtk_widget_set_visible (self->cancel_button, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "comments.cancel", TRUE);

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
    GTK_WIDGET (self->text_view), GTK_TYPE_SCROLLED_WINDOW)));
  gtk_adjustment_set_value (adjustment, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (widget);

  reset_form (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  PlInformal *comment = find_comment (self, id);
  g_autoptr(GError) error = NULL;

  if (comment == NULL || self->workspace == NULL)
    return;

  if (!pl_informal_trash (comment, self->workspace, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The comment was not moved to the trash: %s"), error->message);
      show_toast (self, message);
      return;
    }

  if (self->editing_id == id)
    reset_form (self, FALSE);
  load_log (self);
  pl_toast_add_undo (self->toast_overlay, _("Comment moved to trash"),
                     "comments.restore", g_variant_new_int64 (id));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (widget);
  g_autoptr(PlInformal) comment = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  comment = pl_informal_load (self->workspace, g_variant_get_int64 (param), &error);
  if (comment == NULL || !pl_informal_restore (comment, self->workspace, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("The comment was not restored: %s"), error->message);
      show_toast (self, message);
      return;
    }

  load_log (self);
}

static void
show_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (widget);

  if (self->workspace == NULL)
    return;

  self->limit += PAGE_ROWS;
  load_log (self);
}

/* GObject */

static void
pl_comments_page_map (GtkWidget *widget)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_comments_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_comments_page_dispose (GObject *object)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_COMMENTS_PAGE);

  g_clear_pointer (&self->colleague_ids, g_array_unref);
  g_clear_pointer (&self->channel_ids, g_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->comments);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_comments_page_parent_class)->dispose (object);
}

static void
pl_comments_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (object);

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
pl_comments_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlCommentsPage *self = PL_COMMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_comments_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_comments_page_class_init (PlCommentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_comments_page_dispose;
  object_class->get_property = pl_comments_page_get_property;
  object_class->set_property = pl_comments_page_set_property;

  widget_class->map = pl_comments_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-comments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, form_title);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, form_description);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, text_frame);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, text_view);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, text_error);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, positive_button);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, neutral_button);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, negative_button);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, colleague_row);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, channel_row);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, details_error);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, counts_grid);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, source_filter);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, sentiment_filter);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, log_list);
  gtk_widget_class_bind_template_child (widget_class, PlCommentsPage, more_button);

  gtk_widget_class_install_action (widget_class, "comments.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "comments.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "comments.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "comments.trash", "x", trash_action);
  gtk_widget_class_install_action (widget_class, "comments.restore", "x", restore_action);
  gtk_widget_class_install_action (widget_class, "comments.show-more", NULL, show_more_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "comments.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "comments.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "comments.cancel", NULL);
}

static void
pl_comments_page_init (PlCommentsPage *self)
{
  g_autoptr(GtkStringList) sources = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) source_filters = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) sentiments = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "comments.save");

  self->rows = g_ptr_array_new ();
  self->limit = PAGE_ROWS;

  /* The source combo's positions are the enum's values; the filters' are
   * the value + 1, after "All". */
  gtk_string_list_append (source_filters, _("All sources"));
  for (PlInformalSource s = 0; s < PL_INFORMAL_N_SOURCES; s++)
    {
      gtk_string_list_append (sources, pl_informal_source_to_label (s));
      gtk_string_list_append (source_filters, pl_informal_source_to_label (s));
    }
  adw_combo_row_set_model (self->source_row, G_LIST_MODEL (sources));
  gtk_drop_down_set_model (self->source_filter, G_LIST_MODEL (source_filters));
  gtk_string_list_append (sentiments, _("All sentiments"));
  for (PlInformalSentiment s = 0; s < PL_INFORMAL_N_SENTIMENTS; s++)
    gtk_string_list_append (sentiments, pl_informal_sentiment_to_label (s));
  gtk_drop_down_set_model (self->sentiment_filter, G_LIST_MODEL (sentiments));

  g_signal_connect_object (self->source_filter, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sentiment_filter, "notify::selected", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (form_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "changed", G_CALLBACK (form_edited_cb), self, G_CONNECT_SWAPPED);

  reset_form (self, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "comments.save", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlCommentsPage *
pl_comments_page_new (void)
{
  return g_object_new (PL_TYPE_COMMENTS_PAGE, NULL);
}

PlWorkspace *
pl_comments_page_get_workspace (PlCommentsPage *self)
{
  g_return_val_if_fail (PL_IS_COMMENTS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_comments_page_set_workspace (PlCommentsPage *self,
                                PlWorkspace    *workspace)
{
  static const char * const tables[] = { "informal_feedback", "colleagues", "channels" };

  g_return_if_fail (PL_IS_COMMENTS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);

  g_clear_pointer (&self->colleague_ids, g_array_unref);
  g_clear_pointer (&self->channel_ids, g_array_unref);
  self->limit = PAGE_ROWS;
  reset_form (self, FALSE);

  if (workspace != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      {
        g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

        g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                 self, G_CONNECT_SWAPPED);
      }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "comments.save", workspace != NULL);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
