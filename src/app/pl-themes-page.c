/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "charts/pl-pareto-chart.h"
#include "core/pl-item.h"
#include "core/pl-theme.h"
#include "core/pl-util.h"

#include "pl-chart-widget.h"
#include "pl-themes-page.h"

/* Evaluate → Themes: the qualitative side of the analysis (unit 403
 * AC 3.2; the revision guide warns against numbers without reasons).
 *
 * Three views share one filter (days, channel; for coding also a theme,
 * "not yet coded" and a search):
 *  - Codebook: the themes as a tree, each with its keyword rules, edited
 *    in place; archive with Undo.
 *  - Coding: a page of comments and the selected one's text, the themes
 *    its rules suggest and a tick per theme. Keyboard first: 1–9 toggle
 *    the numbered themes, J/K or Down/Up move, A accepts the suggestions.
 *  - Analysis: a Pareto chart of the top-level themes, their frequencies,
 *    and for the chosen theme its share by month, week or channel in
 *    words and its representative quotes. */

#define PAGE_SIZE 50
#define N_QUOTES  5
#define N_NUMBERED 9

enum {
  DIRTY_THEMES   = 1 << 0,   /* the theme models, dropdowns and tick rows */
  DIRTY_CODEBOOK = 1 << 1,   /* the codebook view's rows */
  DIRTY_COMMENTS = 1 << 2,   /* the page of comments (and the detail) */
  DIRTY_DETAIL   = 1 << 3,   /* the selected comment's suggestions */
  DIRTY_ANALYSIS = 1 << 4,
  DIRTY_CHANNELS = 1 << 5,
  DIRTY_ALL      = 0x3f,
};

struct _PlThemesPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkLabel            *no_codebook_label;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack        *view_stack;
  GtkMenuButton       *filter_button;
  AdwButtonContent    *filter_button_content;
  GtkPopover          *filter_popover;
  GtkEntry            *from_entry;
  GtkEntry            *to_entry;
  GtkDropDown         *channel_dropdown;
  GtkDropDown         *theme_dropdown;
  GtkCheckButton      *uncoded_check;
  GtkLabel            *filter_error_label;
  /* Codebook */
  GtkScrolledWindow   *codebook_scrolled;
  GtkListBox          *codebook_list;
  GtkWidget           *codebook_empty_box;
  GtkLabel            *codebook_empty_label;
  GtkWidget           *codebook_starter_button;
  GtkWidget           *form_group;
  AdwEntryRow         *new_name_row;
  AdwComboRow         *new_parent_row;
  AdwEntryRow         *new_description_row;
  GtkLabel            *new_error_label;
  GtkWidget           *archived_group;
  GtkListBox          *archived_list;
  /* Coding */
  AdwLeaflet          *coding_leaflet;
  GtkSearchEntry      *search_entry;
  GtkLabel            *comments_label;
  GtkStack            *comments_stack;
  AdwStatusPage       *comments_empty_status;
  GtkScrolledWindow   *comments_scrolled;
  GtkListBox          *comment_list;
  GtkWidget           *apply_button;
  GtkStack            *detail_stack;
  GtkScrolledWindow   *detail_scrolled;
  GtkLabel            *detail_meta_label;
  GtkLabel            *detail_text_label;
  GtkLabel            *detail_codes_label;
  GtkWidget           *suggestions_group;
  GtkListBox          *suggestions_list;
  GtkListBox          *codes_list;
  /* Analysis */
  GtkScrolledWindow   *analysis_scrolled;
  GtkStack            *analysis_stack;
  AdwStatusPage       *analysis_empty_status;
  GtkWidget           *pareto_group;
  GtkDrawingArea      *pareto_area;
  GtkLabel            *readout_label;
  GtkListBox          *frequency_list;
  GtkWidget           *theme_group;
  GtkToggleButton     *month_button;
  GtkToggleButton     *week_button;
  GtkToggleButton     *channel_button;
  GtkLabel            *trend_label;
  GtkListBox          *trend_list;
  GtkWidget           *quotes_group;
  GtkListBox          *quotes_list;

  PlWorkspace         *workspace;
  guint                refresh_id;
  guint                dirty;
  gboolean             writing;          /* a code we show in place */
  gboolean             adding;           /* "Add a Theme…" chosen on an empty codebook */
  gboolean             filling;          /* widgets being filled, not edited */
  gboolean             disposed;         /* lists emptied by dispose select nothing */

  /* The codebook */
  GListModel          *themes;           /* of PlTheme in use, tree order */
  GListModel          *all_themes;       /* archived ones too */
  char                *structure;        /* ids, names and depths of @themes */
  GArray              *numbered;         /* gint64: the themes keys 1–9 toggle */
  GArray              *parent_ids;       /* gint64: the "Under" combo, index 0 top level */
  GArray              *filter_theme_ids; /* gint64: the theme dropdown, index 0 any */
  GArray              *channel_ids;      /* gint64: the channel dropdown, index 0 every */
  GHashTable          *channel_names;    /* gint64 * → char * */
  GPtrArray           *codebook_rows;    /* AdwExpanderRow */
  GPtrArray           *archived_rows;
  GHashTable          *expanded;         /* theme ids whose rows are open */
  gint64               focus_rule_theme; /* after a rebuild, focus its rule entry */

  /* The filter */
  char                *from;
  char                *to;
  char                *search;
  gint64               channel_id;
  gint64               theme_id;
  gboolean             uncoded_only;

  /* The comments */
  GListModel          *comments;         /* of PlComment: the page shown */
  GPtrArray           *comment_rows;
  GPtrArray           *code_checks;      /* GtkCheckButton per theme in use */
  GArray              *suggested;        /* gint64 theme ids suggested for the selected comment */
  guint                offset;
  guint                total;
  int                  selected;         /* index in @comments, -1: none */

  /* The analysis */
  PlParetoChart        pareto;
  GPtrArray           *pareto_labels;
  GArray              *pareto_counts;    /* double */
  GArray              *pareto_ids;       /* gint64 */
  GPtrArray           *frequency_rows;
  gint64               analysis_theme;
  cairo_surface_t     *measure_surface;
  cairo_t             *measure_cr;
};

G_DEFINE_FINAL_TYPE (PlThemesPage, pl_themes_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh          (PlThemesPage *self);
static void update_detail    (PlThemesPage *self);
static void load_comments    (PlThemesPage *self,
                              gboolean      keep_selection);
static void load_theme_detail (PlThemesPage *self);

/* Helpers */

/* Each toast tells the result of what the user just did: it shows at
 * once, ahead of older ones. */
static void
add_toast (PlThemesPage *self,
           AdwToast     *toast)
{
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_toast (PlThemesPage *self,
            const char   *title)
{
  add_toast (self, adw_toast_new (title));
}

static void
show_failure (PlThemesPage *self,
              const char   *what,
              GError       *error)
{
  g_autofree char *message = NULL;

  /* Translators: "The comment was not coded: <reason>" */
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
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static char *
format_share (double percent)
{
  return g_strdup_printf ("%.1f%%", percent);
}

static char *
format_day (const char *iso_date)
{
  char *text = iso_date != NULL && iso_date[0] != '\0' ? pl_date_format_short (iso_date) : NULL;

  return text != NULL ? text : g_strdup (iso_date != NULL ? iso_date : "");
}

static char *
format_month (const char *iso_date)
{
  GDate date;
  char text[64];

  if (!pl_date_parse_iso (iso_date, &date) ||
      g_date_strftime (text, sizeof text, "%B %Y", &date) == 0)
    return g_strdup (iso_date);

  return g_strdup (text);
}

/* "12 comments", with the number grouped. */
static char *
format_comments (gint64 n)
{
  g_autofree char *count = format_count (n);

  /* Translators: %s is a number, "1,654 comments" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s comment", "%s comments", (gulong) n), count);
}

static void
clear_list_box (GtkListBox *list,
                GPtrArray  *rows)
{
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_remove (list, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static gboolean
is_day (const char *text)
{
  GDate date;

  return text != NULL && strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
         pl_date_parse_iso (text, &date);
}

static PlTheme *
find_theme (PlThemesPage *self,
            gint64        theme_id)
{
  guint n = self->themes != NULL ? g_list_model_get_n_items (self->themes) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (self->themes, i);

      /* The model keeps its own reference. */
      if (pl_theme_get_id (theme) == theme_id)
        return theme;
    }

  return NULL;
}

static guint
n_themes (PlThemesPage *self)
{
  return self->themes != NULL ? g_list_model_get_n_items (self->themes) : 0;
}

/* Whether @theme_id is @ancestor_id or one of its sub-themes. */
static gboolean
theme_is_under (PlThemesPage *self,
                gint64        theme_id,
                gint64        ancestor_id)
{
  for (guint depth = 0; theme_id != 0 && depth < 64; depth++)
    {
      PlTheme *theme;

      if (theme_id == ancestor_id)
        return TRUE;
      theme = find_theme (self, theme_id);
      if (theme == NULL)
        return FALSE;
      theme_id = pl_theme_get_parent_id (theme);
    }

  return FALSE;
}

static GtkWidget *
new_keycap (guint number)
{
  g_autofree char *key = g_strdup_printf ("%u", number);
  g_autofree char *label = NULL;
  GtkWidget *keycap = gtk_shortcut_label_new (key);

  gtk_widget_set_valign (keycap, GTK_ALIGN_CENTER);
  /* Translators: accessible label of a key hint, %u is 1 to 9 */
  label = g_strdup_printf (_("Key %u"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (keycap), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (keycap, label);

  return keycap;
}

/* A sub-theme's row starts further in, by its depth. */
static GtkWidget *
new_indent (guint depth)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_size_request (box, 20 * (int) depth, -1);
  gtk_widget_set_visible (box, depth > 0);

  return box;
}

/* A row that says something (an error, a hint) inside a boxed list. */
static GtkWidget *
new_message_row (const char *text,
                 const char *css_class,
                 GtkLabel  **out_label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_margin_top (label, 10);
  gtk_widget_set_margin_bottom (label, 10);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  if (out_label != NULL)
    *out_label = GTK_LABEL (label);

  return row;
}

static void
show_row_message (GtkWidget  *row,
                  GtkLabel   *label,
                  GtkWidget  *input,
                  const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (row, message != NULL);

  if (input == NULL)
    return;

  if (message != NULL)
    {
      gtk_widget_add_css_class (input, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (input, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* What a keyword rule finds, in words: "the word “hold”, and a word
 * starting with “wait”". Read the way pl_theme_pattern_matches() reads
 * it: terms split at spaces outside quotes. */
static char *
explain_pattern (const char *pattern)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) term = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean quoted = FALSE, was_quoted = FALSE;

  for (const char *p = pattern; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;
      gboolean quote = c == 0x22 || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB;
      gboolean end = c == 0 || quote || (!quoted && g_unichar_isspace (c));

      if (end)
        {
          g_autofree char *word = g_strstrip (g_strdup (term->str));

          if (word[0] != '\0')
            {
              gsize len = strlen (word);
              gboolean prefix = word[len - 1] == '*';
              gboolean phrase = was_quoted || strpbrk (word, " -'’/.") != NULL;
              char *described;

              if (prefix)
                word[len - 1] = '\0';
              if (phrase && prefix)
                /* Translators: how a rule term reads, %s a phrase without its final * */
                described = g_strdup_printf (_("the words “%s…” in a row"), word);
              else if (phrase)
                /* Translators: how a rule term reads */
                described = g_strdup_printf (_("the words “%s” in a row"), word);
              else if (prefix)
                /* Translators: how a rule term reads, "a word starting with “wait”" */
                described = g_strdup_printf (_("a word starting with “%s”"), word);
              else
                /* Translators: how a rule term reads */
                described = g_strdup_printf (_("the word “%s”"), word);
              g_ptr_array_add (terms, described);
            }
          g_string_truncate (term, 0);
          if (quote)
            {
              quoted = !quoted;
              was_quoted = quoted;
            }
          else if (!quoted)
            was_quoted = FALSE;
          if (c == 0)
            break;
          continue;
        }

      g_string_append_unichar (term, c);
    }

  for (guint i = 0; i < terms->len; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == terms->len ? _(", and ") : _(", "));
      g_string_append (text, g_ptr_array_index (terms, i));
    }

  if (terms->len == 0)
    return g_strdup ("");
  /* Translators: %s lists what a rule looks for */
  return g_strdup_printf (_("Finds comments with %s"), text->str);
}

/* A rule as the user wrote it, in quotation marks unless it has its own. */
static char *
quote_rule (const char *pattern)
{
  if (strpbrk (pattern, "\"") != NULL || strstr (pattern, "“") != NULL)
    return g_strdup (pattern);

  /* Translators: a keyword rule in quotation marks */
  return g_strdup_printf (_("“%s”"), pattern);
}

static const char *
comment_source (PlComment *comment)
{
  switch (pl_comment_get_entity (comment))
    {
    case PL_COMMENT_ENTITY_COMPLAINT:
      return _("Complaint");
    case PL_COMMENT_ENTITY_OBSERVATION:
      return _("Monitoring note");
    case PL_COMMENT_ENTITY_INFORMAL:
      return _("Informal feedback");
    case PL_COMMENT_ENTITY_RESPONSE:
    default:
      return pl_comment_get_question_id (comment) != 0 ? _("Survey answer") : _("Survey comment");
    }
}

static char *
comment_key (PlComment *comment)
{
  return g_strdup_printf ("%d:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, pl_comment_get_entity (comment),
                          pl_comment_get_entity_id (comment), pl_comment_get_question_id (comment));
}

static const char *
channel_name (PlThemesPage *self,
              gint64        channel_id)
{
  const char *name = self->channel_names != NULL ? g_hash_table_lookup (self->channel_names, &channel_id) : NULL;

  return name != NULL ? name : _("No channel");
}

/* The filter */

/* @coding: the whole filter, for the list of comments to code; else only
 * what the analysis counts by (days and channel). */
static void
get_filter (PlThemesPage    *self,
            PlCommentFilter *filter,
            gboolean         coding)
{
  pl_comment_filter_init (filter);
  filter->from = self->from;
  filter->to = self->to;
  filter->channel_id = self->channel_id;
  if (!coding)
    return;
  filter->theme_id = self->theme_id;
  filter->uncoded_only = self->uncoded_only;
  filter->search = self->search;
}

static char *
describe_scope (PlThemesPage *self)
{
  g_autofree char *from = self->from != NULL ? format_day (self->from) : NULL;
  g_autofree char *to = self->to != NULL ? format_day (self->to) : NULL;
  g_autofree char *days = NULL;

  if (from != NULL && to != NULL)
    /* Translators: a period, "from 1 Jul 2026 to 30 Sep 2026" */
    days = g_strdup_printf (_("from %s to %s"), from, to);
  else if (from != NULL)
    /* Translators: a period with no end, "from 1 Jul 2026" */
    days = g_strdup_printf (_("from %s"), from);
  else if (to != NULL)
    /* Translators: a period with no start, "up to 30 Sep 2026" */
    days = g_strdup_printf (_("up to %s"), to);
  else
    days = g_strdup (_("on every day"));

  if (self->channel_id != 0)
    /* Translators: which comments, "from 1 Jul 2026, on Telephone" */
    return g_strdup_printf (_("%s, on %s"), days, channel_name (self, self->channel_id));
  /* Translators: which comments, "from 1 Jul 2026, on every channel" */
  return g_strdup_printf (_("%s, on every channel"), days);
}

static PlTheme *find_theme (PlThemesPage *self,
                            gint64        theme_id);

/* The filter in a few words, under the view switcher's title when the
 * page is narrow: "All comments", "Email, from 1 Jul 2026, not yet coded". */
static char *
describe_filter (PlThemesPage *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  PlTheme *theme = self->theme_id != 0 ? find_theme (self, self->theme_id) : NULL;
  g_autofree char *from = self->from != NULL ? format_day (self->from) : NULL;
  g_autofree char *to = self->to != NULL ? format_day (self->to) : NULL;

  if (self->channel_id != 0)
    g_ptr_array_add (parts, g_strdup (channel_name (self, self->channel_id)));
  if (from != NULL && to != NULL)
    /* Translators: a short period, "1 Jul 2026 – 31 Jul 2026" */
    g_ptr_array_add (parts, g_strdup_printf (_("%s – %s"), from, to));
  else if (from != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("from %s"), from));
  else if (to != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("up to %s"), to));
  if (theme != NULL)
    g_ptr_array_add (parts, g_strdup (pl_theme_get_name (theme)));
  if (self->uncoded_only)
    g_ptr_array_add (parts, g_strdup (_("not yet coded")));

  if (parts->len == 0)
    return g_strdup (_("All comments"));

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the parts of a filter's summary */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static void
update_filter_button (PlThemesPage *self)
{
  guint n = (self->from != NULL || self->to != NULL) + (self->channel_id != 0) +
            (self->theme_id != 0) + (self->uncoded_only != FALSE);
  g_autofree char *label = NULL;
  g_autofree char *scope = describe_filter (self);

  if (n > 0)
    /* Translators: the filter button with how many filters are on, "_Filter (2)" */
    label = g_strdup_printf (_("_Filter (%u)"), n);
  adw_button_content_set_label (self->filter_button_content, n > 0 ? label : _("_Filter"));
  adw_view_switcher_title_set_title (self->switcher_title, _("Themes"));
  adw_view_switcher_title_set_subtitle (self->switcher_title, scope);
}

static void
show_filter_error (PlThemesPage *self,
                   GtkWidget    *entry,
                   const char   *message)
{
  gtk_label_set_text (self->filter_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->from_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->to_entry), "error");
  if (entry != NULL && message != NULL)
    gtk_widget_add_css_class (entry, "error");
}

static void
filter_changed (PlThemesPage *self,
                gboolean      analysis_too)
{
  /* Another list: it starts at its first comment. */
  self->offset = 0;
  self->selected = -1;
  self->dirty |= DIRTY_COMMENTS | (analysis_too ? DIRTY_ANALYSIS : 0);
  update_filter_button (self);
  refresh (self);
}

/* Dates take effect once they are whole days (or empty) and in order;
 * what is half typed waits, and a wrong date says why. */
static void
dates_changed (PlThemesPage *self,
               gboolean      finished)
{
  g_autofree char *from = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_entry))));
  g_autofree char *to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_entry))));
  gboolean from_ok = from[0] == '\0' || is_day (from);
  gboolean to_ok = to[0] == '\0' || is_day (to);

  if (self->filling)
    return;

  if (!from_ok || !to_ok)
    {
      GtkWidget *entry = !from_ok ? GTK_WIDGET (self->from_entry) : GTK_WIDGET (self->to_entry);
      const char *text = !from_ok ? from : to;

      if (finished || strlen (text) >= 10)
        show_filter_error (self, entry, _("Write a day as year-month-day, for example 2026-07-01."));
      else
        show_filter_error (self, NULL, NULL);
      return;
    }

  if (from[0] != '\0' && to[0] != '\0' && strcmp (from, to) > 0)
    {
      show_filter_error (self, GTK_WIDGET (self->to_entry),
                         _("The last day comes before the first day. Swap them."));
      return;
    }

  show_filter_error (self, NULL, NULL);
  if (g_strcmp0 (self->from, from[0] != '\0' ? from : NULL) == 0 &&
      g_strcmp0 (self->to, to[0] != '\0' ? to : NULL) == 0)
    return;

  g_free (self->from);
  self->from = from[0] != '\0' ? g_strdup (from) : NULL;
  g_free (self->to);
  self->to = to[0] != '\0' ? g_strdup (to) : NULL;
  filter_changed (self, TRUE);
}

static void
date_changed_cb (PlThemesPage *self)
{
  dates_changed (self, FALSE);
}

static void
date_activate_cb (PlThemesPage *self)
{
  dates_changed (self, TRUE);
}

static void
channel_selected_cb (PlThemesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->channel_dropdown);
  gint64 id = 0;

  if (self->filling)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && self->channel_ids != NULL &&
      selected <= self->channel_ids->len)
    id = g_array_index (self->channel_ids, gint64, selected - 1);
  if (id == self->channel_id)
    return;

  self->channel_id = id;
  filter_changed (self, TRUE);
}

static void
theme_selected_cb (PlThemesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->theme_dropdown);
  gint64 id = 0;

  if (self->filling)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && self->filter_theme_ids != NULL &&
      selected <= self->filter_theme_ids->len)
    id = g_array_index (self->filter_theme_ids, gint64, selected - 1);
  if (id == self->theme_id)
    return;

  self->theme_id = id;
  filter_changed (self, FALSE);
}

static void
uncoded_toggled_cb (PlThemesPage *self)
{
  gboolean active = gtk_check_button_get_active (self->uncoded_check);

  if (self->filling || active == self->uncoded_only)
    return;

  self->uncoded_only = active;
  filter_changed (self, FALSE);
}

static void
search_changed_cb (PlThemesPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (self->filling)
    return;
  if (g_strcmp0 (self->search, text[0] != '\0' ? text : NULL) == 0)
    return;

  g_free (self->search);
  self->search = text[0] != '\0' ? g_steal_pointer (&text) : NULL;
  filter_changed (self, FALSE);
}

/* The themes */

static void
load_channels (PlThemesPage *self)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;
  guint n;

  g_clear_pointer (&self->channel_ids, g_array_unref);
  self->channel_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_remove_all (self->channel_names);
  gtk_string_list_append (names, _("Every channel"));

  items = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_CHANNEL, &error);
  if (items == NULL)
    g_warning ("Could not list the channels: %s", error->message);

  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);
      gint64 id = pl_item_get_id (item);

      g_array_append_val (self->channel_ids, id);
      g_hash_table_insert (self->channel_names, g_memdup2 (&id, sizeof id), g_strdup (pl_item_get_name (item)));
      gtk_string_list_append (names, pl_item_get_name (item));
      if (id == self->channel_id)
        selected = i + 1;
    }

  if (selected == 0)
    self->channel_id = 0;
  self->filling = TRUE;
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->channel_dropdown, selected);
  self->filling = FALSE;
}

static char *
themes_structure (GListModel *themes)
{
  GString *text = g_string_new (NULL);
  guint n = themes != NULL ? g_list_model_get_n_items (themes) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (themes, i);

      g_string_append_printf (text, "%" G_GINT64_FORMAT "/%u/%s\n", pl_theme_get_id (theme),
                              pl_theme_get_depth (theme), pl_theme_get_name (theme));
    }

  return g_string_free (text, FALSE);
}

static void code_check_toggled_cb (GtkCheckButton *check,
                                   PlThemesPage   *self);

/* A tick per theme in use, for the selected comment. */
static void
build_code_rows (PlThemesPage *self)
{
  GtkWidget *child;
  guint n = n_themes (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->codes_list))) != NULL)
    gtk_list_box_remove (self->codes_list, child);
  g_ptr_array_set_size (self->code_checks, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (self->themes, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_theme_get_name (theme));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), new_indent (pl_theme_get_depth (theme)));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      pl_theme_get_path (theme), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      if (i < N_NUMBERED)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_keycap (i + 1));

      set_id (check, "theme-id", pl_theme_get_id (theme));
      g_object_set_data (G_OBJECT (check), "row", row);
      g_signal_connect_object (check, "toggled", G_CALLBACK (code_check_toggled_cb), self, 0);

      gtk_list_box_append (self->codes_list, row);
      g_ptr_array_add (self->code_checks, check);
    }

  if (n == 0)
    gtk_list_box_append (self->codes_list,
                         new_message_row (_("The codebook has no themes in use. Add one on the Codebook tab."),
                                          "dim-label", NULL));
}

/* The theme models, and what follows their shape: the numbered themes,
 * the theme dropdown, the "Under" combo and the ticks. Rebuilt only when
 * a theme is added, renamed, moved or archived, so that coding does not
 * move the focus. */
static void
load_themes (PlThemesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) themes = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autofree char *structure = NULL;
  g_autoptr(GtkStringList) theme_names = NULL;
  g_autoptr(GtkStringList) parent_names = NULL;
  guint selected_theme = 0, selected_parent = 0;
  guint parent_index = adw_combo_row_get_selected (self->new_parent_row);
  gint64 parent_id = 0;
  guint n;

  themes = pl_theme_list (self->workspace, FALSE, &error);
  if (themes != NULL)
    all = pl_theme_list (self->workspace, TRUE, &error);
  if (themes == NULL || all == NULL)
    {
      show_failure (self, _("The codebook could not be read"), error);
      themes = G_LIST_MODEL (g_list_store_new (PL_TYPE_THEME));
      all = G_LIST_MODEL (g_list_store_new (PL_TYPE_THEME));
    }

  g_set_object (&self->themes, themes);
  g_set_object (&self->all_themes, all);

  structure = themes_structure (self->themes);
  if (g_strcmp0 (structure, self->structure) == 0)
    return;
  g_free (self->structure);
  self->structure = g_steal_pointer (&structure);

  if (parent_index != GTK_INVALID_LIST_POSITION && self->parent_ids != NULL && parent_index < self->parent_ids->len)
    parent_id = g_array_index (self->parent_ids, gint64, parent_index);

  g_array_set_size (self->numbered, 0);
  g_array_set_size (self->filter_theme_ids, 0);
  g_array_set_size (self->parent_ids, 0);
  theme_names = gtk_string_list_new (NULL);
  parent_names = gtk_string_list_new (NULL);
  gtk_string_list_append (theme_names, _("Any theme"));
  gtk_string_list_append (parent_names, _("Top level"));
  g_array_append_val (self->parent_ids, (gint64) { 0 });

  n = n_themes (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (self->themes, i);
      gint64 id = pl_theme_get_id (theme);

      if (i < N_NUMBERED)
        g_array_append_val (self->numbered, id);
      g_array_append_val (self->filter_theme_ids, id);
      g_array_append_val (self->parent_ids, id);
      gtk_string_list_append (theme_names, pl_theme_get_path (theme));
      gtk_string_list_append (parent_names, pl_theme_get_path (theme));
      if (id == self->theme_id)
        selected_theme = i + 1;
      if (id == parent_id)
        selected_parent = i + 1;
    }

  self->filling = TRUE;
  gtk_drop_down_set_model (self->theme_dropdown, G_LIST_MODEL (theme_names));
  gtk_drop_down_set_selected (self->theme_dropdown, selected_theme);
  adw_combo_row_set_model (self->new_parent_row, G_LIST_MODEL (parent_names));
  adw_combo_row_set_selected (self->new_parent_row, selected_parent);
  self->filling = FALSE;

  /* A theme filtered on that is gone: the filter lets everything through. */
  if (selected_theme == 0 && self->theme_id != 0)
    {
      self->theme_id = 0;
      self->dirty |= DIRTY_COMMENTS;
      update_filter_button (self);
    }

  build_code_rows (self);
  self->dirty |= DIRTY_DETAIL;
}

/* The codebook view */

static char *
theme_summary (PlTheme *theme)
{
  g_autofree char *comments = format_comments (pl_theme_get_n_comments (theme));
  g_autofree char *rules = NULL;
  PlThemeSentiment sentiment = pl_theme_get_sentiment (theme);
  guint n_rules = pl_theme_get_n_rules (theme);

  if (n_rules == 0)
    rules = g_strdup (_("no rules"));
  else
    /* Translators: how many keyword rules a theme has */
    rules = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rule", "%u rules", n_rules), n_rules);

  if (sentiment != PL_THEME_SENTIMENT_NONE)
    /* Translators: a theme's summary, "256 comments · 3 rules · Negative" */
    return g_strdup_printf (_("%s · %s · %s"), comments, rules, pl_theme_sentiment_to_label (sentiment));
  /* Translators: a theme's summary, "256 comments · 3 rules" */
  return g_strdup_printf (_("%s · %s"), comments, rules);
}

static void
name_apply_cb (AdwEntryRow  *entry,
               PlThemesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "themes.rename", "(xs)", get_id (entry, "theme-id"),
                              gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
description_apply_cb (AdwEntryRow  *entry,
                      PlThemesPage *self)
{
  AdwComboRow *sentiment = g_object_get_data (G_OBJECT (entry), "sentiment-row");

  gtk_widget_activate_action (GTK_WIDGET (self), "themes.describe", "(xsi)", get_id (entry, "theme-id"),
                              gtk_editable_get_text (GTK_EDITABLE (entry)),
                              (gint32) adw_combo_row_get_selected (sentiment));
}

static void
sentiment_selected_cb (AdwComboRow  *combo,
                       GParamSpec   *pspec,
                       PlThemesPage *self)
{
  PlTheme *theme = find_theme (self, get_id (combo, "theme-id"));

  if (self->filling || theme == NULL)
    return;

  /* The saved description goes with it, not what may be half typed. */
  gtk_widget_activate_action (GTK_WIDGET (self), "themes.describe", "(xsi)", pl_theme_get_id (theme),
                              pl_theme_get_description (theme), (gint32) adw_combo_row_get_selected (combo));
}

static void
rule_apply_cb (AdwEntryRow  *entry,
               PlThemesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "themes.add-rule", "(xs)", get_id (entry, "theme-id"),
                              gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
message_edited_cb (GtkEditable *entry,
                   GtkWidget   *row)
{
  show_row_message (row, g_object_get_data (G_OBJECT (row), "label"), GTK_WIDGET (entry), NULL);
}

static GtkWidget *
new_error_row (GtkWidget *input,
               const char *key)
{
  GtkLabel *label;
  GtkWidget *row = new_message_row ("", "error", &label);

  gtk_widget_set_visible (row, FALSE);
  g_object_set_data (G_OBJECT (row), "label", label);
  g_object_set_data (G_OBJECT (input), key, row);
  g_signal_connect_object (input, "changed", G_CALLBACK (message_edited_cb), row, 0);

  return row;
}

static GtkWidget *
new_flat_button (const char *label,
                 const char *action_name,
                 GVariant   *target,
                 const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);

  return button;
}

static GtkWidget *
create_rule_row (PlThemeRule *rule,
                 PlTheme     *theme)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *explanation = explain_pattern (pl_theme_rule_get_pattern (rule));
  g_autofree char *label = NULL;
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_theme_rule_get_pattern (rule));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), explanation);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "themes.remove-rule");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_int64 (pl_theme_rule_get_id (rule)));
  gtk_widget_set_tooltip_text (remove, _("Remove Rule"));
  /* Translators: accessible label, "Remove the rule “wait*” of “Waiting / on hold”" */
  label = g_strdup_printf (_("Remove the rule “%s” of “%s”"), pl_theme_rule_get_pattern (rule),
                           pl_theme_get_name (theme));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  set_id (row, "rule-id", pl_theme_rule_get_id (rule));

  return row;
}

static GtkWidget *
create_theme_row (PlThemesPage *self,
                  PlTheme      *theme,
                  guint         index)
{
  gint64 id = pl_theme_get_id (theme);
  g_autofree char *summary = theme_summary (theme);
  g_autofree char *label = NULL;
  g_autoptr(GListModel) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) sentiments = gtk_string_list_new (NULL);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *name_row, *description_row, *sentiment_row, *rule_row, *buttons, *buttons_row;
  GtkWidget *prefix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const char *description = pl_theme_get_description (theme);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_theme_get_name (theme));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), summary);
  gtk_box_append (GTK_BOX (prefix), new_indent (pl_theme_get_depth (theme)));
  if (index < N_NUMBERED)
    gtk_box_append (GTK_BOX (prefix), new_keycap (index + 1));
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), prefix);

  /* Name, description and sentiment, edited in place. */
  name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (name_row), pl_theme_get_name (theme));
  set_id (name_row, "theme-id", id);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), name_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_error_row (name_row, "error-row"));
  g_signal_connect_object (name_row, "apply", G_CALLBACK (name_apply_cb), self, 0);

  description_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (description_row), _("What it covers"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (description_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (description_row), description);
  set_id (description_row, "theme-id", id);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), description_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_error_row (description_row, "error-row"));
  g_signal_connect_object (description_row, "apply", G_CALLBACK (description_apply_cb), self, 0);

  sentiment_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sentiment_row), _("Sentiment"));
  for (PlThemeSentiment s = PL_THEME_SENTIMENT_NONE; s <= PL_THEME_SENTIMENT_NEUTRAL; s++)
    gtk_string_list_append (sentiments, pl_theme_sentiment_to_label (s));
  adw_combo_row_set_model (ADW_COMBO_ROW (sentiment_row), G_LIST_MODEL (sentiments));
  adw_combo_row_set_selected (ADW_COMBO_ROW (sentiment_row), pl_theme_get_sentiment (theme));
  set_id (sentiment_row, "theme-id", id);
  g_object_set_data (G_OBJECT (description_row), "sentiment-row", sentiment_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sentiment_row);
  g_signal_connect_object (sentiment_row, "notify::selected", G_CALLBACK (sentiment_selected_cb), self, 0);

  /* The keyword rules. */
  rules = pl_theme_rule_list (self->workspace, id, &error);
  if (rules == NULL)
    g_warning ("Could not list the rules: %s", error->message);
  for (guint i = 0; rules != NULL && i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(PlThemeRule) rule = g_list_model_get_item (rules, i);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), create_rule_row (rule, theme));
    }

  rule_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rule_row), _("Add a keyword rule"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (rule_row), TRUE);
  set_id (rule_row, "theme-id", id);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), rule_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_error_row (rule_row, "error-row"));
  g_signal_connect_object (rule_row, "apply", G_CALLBACK (rule_apply_cb), self, 0);
  g_signal_connect_object (rule_row, "entry-activated", G_CALLBACK (rule_apply_cb), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            new_message_row (_("Whole words; quote phrases, as in “on hold”; wait* for words "
                                               "starting with wait. A comment matches when it has every term "
                                               "of a rule, whatever the case and accents."),
                                             "dim-label", NULL));

  /* Sub-theme and archive. */
  buttons_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (buttons_row), FALSE);
  gtk_widget_set_focusable (buttons_row, FALSE);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (buttons, 10);
  gtk_widget_set_margin_bottom (buttons, 10);
  gtk_widget_set_margin_start (buttons, 12);
  gtk_widget_set_margin_end (buttons, 12);
  /* Translators: accessible label, %s is a theme */
  label = g_strdup_printf (_("Add a sub-theme under “%s”"), pl_theme_get_name (theme));
  gtk_box_append (GTK_BOX (buttons), new_flat_button (_("Add _Sub-theme…"), "themes.add-sub",
                                                      g_variant_new_int64 (id), label));
  g_clear_pointer (&label, g_free);
  /* Translators: accessible label, %s is a theme */
  label = g_strdup_printf (_("Archive “%s”"), pl_theme_get_name (theme));
  gtk_box_append (GTK_BOX (buttons), new_flat_button (_("A_rchive"), "themes.archive",
                                                      g_variant_new_int64 (id), label));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (buttons_row), buttons);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), buttons_row);

  set_id (row, "theme-id", id);
  g_object_set_data (G_OBJECT (row), "name-row", name_row);
  g_object_set_data (G_OBJECT (row), "description-row", description_row);
  g_object_set_data (G_OBJECT (row), "sentiment-row", sentiment_row);
  g_object_set_data (G_OBJECT (row), "rule-row", rule_row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (self->expanded, &id));

  return row;
}

static GtkWidget *
find_codebook_row (PlThemesPage *self,
                   gint64        theme_id)
{
  for (guint i = 0; i < self->codebook_rows->len; i++)
    if (get_id (g_ptr_array_index (self->codebook_rows, i), "theme-id") == theme_id)
      return g_ptr_array_index (self->codebook_rows, i);

  return NULL;
}

static void
remember_expanded (PlThemesPage *self)
{
  for (guint i = 0; i < self->codebook_rows->len; i++)
    {
      AdwExpanderRow *row = g_ptr_array_index (self->codebook_rows, i);
      gint64 id = get_id (row, "theme-id");

      if (adw_expander_row_get_expanded (row))
        g_hash_table_add (self->expanded, g_memdup2 (&id, sizeof id));
      else
        g_hash_table_remove (self->expanded, &id);
    }
}

static void
build_codebook (PlThemesPage *self)
{
  guint n = n_themes (self);
  guint n_all = self->all_themes != NULL ? g_list_model_get_n_items (self->all_themes) : 0;
  guint n_archived = 0;

  remember_expanded (self);
  clear_list_box (self->codebook_list, self->codebook_rows);
  clear_list_box (self->archived_list, self->archived_rows);

  self->filling = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (self->themes, i);
      GtkWidget *row = create_theme_row (self, theme, i);

      gtk_list_box_append (self->codebook_list, row);
      g_ptr_array_add (self->codebook_rows, row);
    }
  self->filling = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->codebook_list), n > 0);
  gtk_widget_set_visible (self->codebook_empty_box, n == 0);
  gtk_widget_set_visible (self->codebook_starter_button, n_all == 0);
  gtk_label_set_text (self->codebook_empty_label,
                      n_all == 0 ? _("No themes yet. Add the first below — name it as customers would put it, "
                                     "such as “Kept waiting” — or start with the suggested themes.")
                                 : _("Every theme is archived. Restore one below, or add a new one."));

  /* Archived themes: the ones archived themselves (what is under them
   * comes back with them). */
  for (guint i = 0; i < n_all; i++)
    {
      g_autoptr(PlTheme) theme = g_list_model_get_item (self->all_themes, i);
      g_autofree char *label = NULL;
      g_autofree char *comments = NULL;
      GtkWidget *row, *restore;

      if (!pl_theme_get_archived (theme))
        continue;

      row = adw_action_row_new ();
      comments = format_comments (pl_theme_get_n_comments (theme));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_theme_get_path (theme));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), comments);
      /* Translators: accessible label, %s is a theme */
      label = g_strdup_printf (_("Restore “%s”"), pl_theme_get_name (theme));
      restore = new_flat_button (_("_Restore"), "themes.restore", g_variant_new_int64 (pl_theme_get_id (theme)),
                                 label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
      set_id (row, "theme-id", pl_theme_get_id (theme));
      gtk_list_box_append (self->archived_list, row);
      g_ptr_array_add (self->archived_rows, row);
      n_archived++;
    }
  gtk_widget_set_visible (self->archived_group, n_archived > 0);

  if (self->focus_rule_theme != 0)
    {
      GtkWidget *row = find_codebook_row (self, self->focus_rule_theme);

      self->focus_rule_theme = 0;
      if (row != NULL)
        {
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
          gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "rule-row"));
        }
    }
}

/* The comments */

static PlComment *
selected_comment (PlThemesPage *self)
{
  g_autoptr(PlComment) comment = NULL;

  if (self->comments == NULL || self->selected < 0 ||
      (guint) self->selected >= g_list_model_get_n_items (self->comments))
    return NULL;

  comment = g_list_model_get_item (self->comments, self->selected);
  return comment;   /* the model keeps its own reference */
}

static char *
comment_subtitle (PlComment *comment)
{
  g_autofree char *day = format_day (pl_comment_get_day (comment));
  const char *channel = pl_comment_get_channel (comment);
  const char *themes = pl_comment_get_n_codes (comment) > 0 ? pl_comment_get_themes (comment) : _("Not coded");

  if (channel[0] != '\0')
    /* Translators: a comment's day, channel and themes, "12 Sep 2026 · Telephone · Billing" */
    return g_strdup_printf (_("%s · %s · %s"), day, channel, themes);
  /* Translators: a comment's day and themes, "12 Sep 2026 · Billing" */
  return g_strdup_printf (_("%s · %s"), day, themes);
}

static void
update_comment_row (PlThemesPage *self,
                    int           index)
{
  g_autoptr(PlComment) comment = NULL;
  g_autofree char *subtitle = NULL;

  if (index < 0 || (guint) index >= self->comment_rows->len)
    return;

  comment = g_list_model_get_item (self->comments, index);
  subtitle = comment_subtitle (comment);
  adw_action_row_set_subtitle (g_ptr_array_index (self->comment_rows, index), subtitle);
}

static GtkWidget *
create_comment_row (PlComment *comment)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = comment_subtitle (comment);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_comment_get_text (comment));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  return row;
}

/* Scrolls the comment list so that row @index shows. */
static void
scroll_to_comment (PlThemesPage *self,
                   int           index)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->comments_scrolled);
  GtkWidget *row;
  graphene_rect_t bounds;
  double value, page;

  if (index < 0 || (guint) index >= self->comment_rows->len)
    return;

  row = g_ptr_array_index (self->comment_rows, index);
  if (!gtk_widget_compute_bounds (row, GTK_WIDGET (self->comment_list), &bounds))
    return;

  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (bounds.origin.y < value)
    gtk_adjustment_set_value (adjustment, bounds.origin.y);
  else if (bounds.origin.y + bounds.size.height > value + page)
    gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height - page);
}

static void
select_comment (PlThemesPage *self,
                int           index)
{
  GtkWidget *focus;
  GtkWidget *row;

  if (index < 0 || (guint) index >= self->comment_rows->len)
    return;

  row = g_ptr_array_index (self->comment_rows, index);
  gtk_list_box_select_row (self->comment_list, GTK_LIST_BOX_ROW (row));

  /* With the focus in the list, it follows, so that Up and Down go on from
   * here. */
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->comment_list)))
    gtk_widget_grab_focus (row);
  scroll_to_comment (self, index);
}

/* How many comments of the page the filter no longer lets through (coded
 * while "not yet coded" is on, or uncoded from the filtered theme): the
 * next page starts that much earlier. */
static guint
n_gone (PlThemesPage *self)
{
  guint n = self->comments != NULL ? g_list_model_get_n_items (self->comments) : 0;
  guint gone = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlComment) comment = g_list_model_get_item (self->comments, i);
      gboolean stays = TRUE;

      if (self->uncoded_only && pl_comment_get_n_codes (comment) > 0)
        stays = FALSE;
      if (self->theme_id != 0)
        {
          gboolean has = FALSE;

          for (guint c = 0; c < pl_comment_get_n_codes (comment); c++)
            has = has || theme_is_under (self, pl_comment_get_code_theme_id (comment, c), self->theme_id);
          stays = stays && has;
        }
      gone += !stays;
    }

  return gone;
}

static void
update_pager (PlThemesPage *self)
{
  guint n = self->comments != NULL ? g_list_model_get_n_items (self->comments) : 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.previous-page", self->offset > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.next-page", self->offset + n < self->total);
}

static void
load_comments (PlThemesPage *self,
               gboolean      keep_selection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) comments = NULL;
  g_autofree char *key = NULL;
  PlCommentFilter filter;
  int old_index = self->selected;
  int select = -1;
  guint n;

  if (keep_selection && selected_comment (self) != NULL)
    key = comment_key (selected_comment (self));

  get_filter (self, &filter, TRUE);
  comments = pl_comment_list (self->workspace, &filter, self->offset, PAGE_SIZE, &self->total, &error);
  if (comments != NULL && g_list_model_get_n_items (comments) == 0 && self->offset > 0 && self->total > 0)
    {
      /* The page ran off the end (comments coded away): show the last one. */
      self->offset = (self->total - 1) / PAGE_SIZE * PAGE_SIZE;
      g_clear_object (&comments);
      comments = pl_comment_list (self->workspace, &filter, self->offset, PAGE_SIZE, &self->total, &error);
    }
  if (comments == NULL)
    {
      show_failure (self, _("The comments could not be read"), error);
      comments = G_LIST_MODEL (g_list_store_new (PL_TYPE_COMMENT));
      self->total = 0;
    }

  clear_list_box (self->comment_list, self->comment_rows);
  self->selected = -1;
  g_set_object (&self->comments, comments);

  n = g_list_model_get_n_items (self->comments);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlComment) comment = g_list_model_get_item (self->comments, i);
      GtkWidget *row = create_comment_row (comment);

      gtk_list_box_append (self->comment_list, row);
      g_ptr_array_add (self->comment_rows, row);

      if (key != NULL && select < 0)
        {
          g_autofree char *this_key = comment_key (comment);

          if (g_str_equal (key, this_key))
            select = (int) i;
        }
    }

  if (n > 0)
    {
      g_autofree char *first = format_count (self->offset + 1);
      g_autofree char *last = format_count (self->offset + n);
      g_autofree char *total = format_comments (self->total);
      g_autofree char *text = NULL;

      /* Translators: the comments shown, "1–50 of 2,274 comments" */
      text = g_strdup_printf (_("%s–%s of %s"), first, last, total);
      gtk_label_set_text (self->comments_label, text);
      gtk_stack_set_visible_child_name (self->comments_stack, "list");
    }
  else
    {
      gboolean filtered = self->from != NULL || self->to != NULL || self->channel_id != 0 ||
                          self->theme_id != 0 || self->uncoded_only || self->search != NULL;

      gtk_label_set_text (self->comments_label, _("No comments"));
      adw_status_page_set_description (self->comments_empty_status,
                                       filtered ? (self->uncoded_only
                                                   ? _("Every comment the filter lets through is coded. "
                                                       "Clear the filters to see them all.")
                                                   : _("No comment matches the filter and the search. "
                                                       "Clear them to see every comment."))
                                                : _("Comments come from survey responses, complaints and "
                                                    "monitoring notes. Import some, and they show here to code."));
      gtk_stack_set_visible_child_name (self->comments_stack, "empty");
    }

  if (select < 0 && n > 0)
    select = keep_selection && old_index >= 0 ? MIN (old_index, (int) n - 1) : 0;
  if (select >= 0)
    select_comment (self, select);
  else
    update_detail (self);

  update_pager (self);
}

static void
suggestion_accept_row (PlThemesPage *self,
                       PlThemeRule  *rule,
                       guint         index)
{
  PlTheme *theme = find_theme (self, pl_theme_rule_get_theme_id (rule));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *accept;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  g_autofree char *quoted = NULL;
  const char *name = theme != NULL ? pl_theme_get_path (theme) : "";

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  quoted = quote_rule (pl_theme_rule_get_pattern (rule));
  /* Translators: why a theme is suggested, "The rule “wait*” matches", the rule in its quotation marks */
  subtitle = g_strdup_printf (_("The rule %s matches"), quoted);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* Translators: accessible label, %s is a theme */
  label = g_strdup_printf (_("Accept “%s”"), name);
  accept = new_flat_button (_("Accept"), "themes.accept",
                            g_variant_new_int64 (pl_theme_rule_get_theme_id (rule)), label);
  gtk_widget_add_css_class (accept, "suggested-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), accept);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), accept);
  set_id (row, "theme-id", pl_theme_rule_get_theme_id (rule));

  gtk_list_box_append (self->suggestions_list, row);
}

static void
update_detail (PlThemesPage *self)
{
  PlComment *comment = selected_comment (self);
  g_autoptr(GListModel) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  g_autofree char *meta = NULL;
  GtkWidget *child;
  guint n;

  self->dirty &= ~DIRTY_DETAIL;
  g_array_set_size (self->suggested, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_list))) != NULL)
    gtk_list_box_remove (self->suggestions_list, child);

  if (comment == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.accept-all", FALSE);
      return;
    }

  day = format_day (pl_comment_get_day (comment));
  if (pl_comment_get_channel (comment)[0] != '\0')
    /* Translators: where a comment comes from, "Survey comment · 12 Sep 2026 · Telephone" */
    meta = g_strdup_printf (_("%s · %s · %s"), comment_source (comment), day, pl_comment_get_channel (comment));
  else
    /* Translators: where a comment comes from, "Complaint · 12 Sep 2026" */
    meta = g_strdup_printf (_("%s · %s"), comment_source (comment), day);
  gtk_label_set_text (self->detail_meta_label, meta);
  gtk_label_set_text (self->detail_text_label, pl_comment_get_text (comment));

  /* Its codes, in words, and as ticks. */
  n = pl_comment_get_n_codes (comment);
  if (n == 0)
    gtk_label_set_text (self->detail_codes_label, _("Not coded yet."));
  else
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *text = NULL;

      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append (names, _(", "));
          g_string_append (names, pl_comment_get_code_theme (comment, i));
          if (pl_comment_get_code_origin (comment, i) == PL_COMMENT_CODE_RULE)
            g_string_append (names, _(" (by a rule)"));
        }
      /* Translators: %s lists a comment's themes */
      text = g_strdup_printf (_("Coded with %s."), names->str);
      gtk_label_set_text (self->detail_codes_label, text);
    }

  for (guint i = 0; i < self->code_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->code_checks, i);
      AdwActionRow *row = g_object_get_data (G_OBJECT (check), "row");
      gint64 theme_id = get_id (check, "theme-id");
      gboolean by_rule = FALSE;

      for (guint c = 0; c < n; c++)
        if (pl_comment_get_code_theme_id (comment, c) == theme_id)
          by_rule = pl_comment_get_code_origin (comment, c) == PL_COMMENT_CODE_RULE;

      g_signal_handlers_block_by_func (check, code_check_toggled_cb, self);
      gtk_check_button_set_active (check, pl_comment_has_theme (comment, theme_id));
      g_signal_handlers_unblock_by_func (check, code_check_toggled_cb, self);
      adw_action_row_set_subtitle (row, by_rule ? _("Given by a keyword rule") : "");
    }

  /* What the rules suggest. */
  suggestions = pl_comment_suggest (comment, self->workspace, &error);
  if (suggestions == NULL)
    g_warning ("Could not suggest themes: %s", error->message);
  n = suggestions != NULL ? g_list_model_get_n_items (suggestions) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlThemeRule) rule = g_list_model_get_item (suggestions, i);
      gint64 theme_id = pl_theme_rule_get_theme_id (rule);

      g_array_append_val (self->suggested, theme_id);
      suggestion_accept_row (self, rule, i);
    }
  gtk_widget_set_visible (self->suggestions_group, n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.accept-all", n > 0);

  gtk_stack_set_visible_child_name (self->detail_stack, "comment");
}

/* Codes or uncodes the selected comment, and shows it at once: the list
 * is not reloaded, so the comment stays where it is even when the filter
 * would now leave it out. */
static void
set_code (PlThemesPage *self,
          gint64        theme_id,
          gboolean      coded)
{
  PlComment *comment = selected_comment (self);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (comment == NULL || self->workspace == NULL || theme_id == 0)
    return;
  if (pl_comment_has_theme (comment, theme_id) == coded)
    {
      update_detail (self);
      return;
    }

  self->writing = TRUE;
  if (coded)
    ok = pl_comment_code (comment, self->workspace, theme_id, &error);
  else
    ok = pl_comment_uncode (comment, self->workspace, theme_id, &error);
  self->writing = FALSE;

  if (!ok)
    show_failure (self, coded ? _("The comment was not coded") : _("The code was not removed"), error);

  update_comment_row (self, self->selected);
  update_detail (self);
}

static void
code_check_toggled_cb (GtkCheckButton *check,
                       PlThemesPage   *self)
{
  set_code (self, get_id (check, "theme-id"), gtk_check_button_get_active (check));
}

static void
comment_selected_cb (PlThemesPage  *self,
                     GtkListBoxRow *row)
{
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  if (self->disposed || index == self->selected)
    return;

  self->selected = index;
  update_detail (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scrolled), 0);
}

static void
comment_activated_cb (PlThemesPage  *self,
                      GtkListBoxRow *row)
{
  if (adw_leaflet_get_folded (self->coding_leaflet))
    adw_leaflet_set_visible_child_name (self->coding_leaflet, "detail");
}

/* The analysis */

static void
pareto_clear (PlThemesPage *self)
{
  g_ptr_array_set_size (self->pareto_labels, 0);
  g_array_set_size (self->pareto_counts, 0);
  g_array_set_size (self->pareto_ids, 0);
  pl_pareto_chart_init (&self->pareto);
}

static void
pareto_draw_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  PlThemesPage *self = PL_THEMES_PAGE (user_data);
  PlChartPalette palette;

  pl_chart_widget_lookup_palette (GTK_WIDGET (area), &palette);
  /* The card's own background shows through. */
  palette.background.alpha = 0.;
  pl_pareto_chart_render (&self->pareto, &palette, cr, width, height);
}

static cairo_t *
measure_cr (PlThemesPage *self)
{
  if (self->measure_cr == NULL)
    {
      self->measure_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
      self->measure_cr = cairo_create (self->measure_surface);
    }

  return self->measure_cr;
}

static int
pareto_hit (PlThemesPage *self,
            double        x,
            double        y)
{
  GtkWidget *area = GTK_WIDGET (self->pareto_area);

  if (self->pareto.n == 0)
    return -1;

  return pl_pareto_chart_hit_test (&self->pareto, measure_cr (self), gtk_widget_get_width (area),
                                   gtk_widget_get_height (area), x, y);
}

static void
set_readout (PlThemesPage *self,
             int           index)
{
  g_autofree char *readout = NULL;

  if (index >= 0)
    readout = pl_pareto_chart_dup_readout (&self->pareto, index);
  if (readout != NULL)
    {
      g_strdelimit (readout, "\n", ' ');
      gtk_label_set_text (self->readout_label, readout);
    }
  else
    gtk_label_set_text (self->readout_label,
                        _("Bars: comments per theme, largest first; line: the running share of all the "
                          "codes. Point at a bar for its figures, click it for its quotes."));
}

static void
pareto_motion_cb (GtkEventControllerMotion *motion,
                  double                    x,
                  double                    y,
                  PlThemesPage             *self)
{
  int index = pareto_hit (self, x, y);

  if (index == self->pareto.highlight)
    return;

  self->pareto.highlight = index;
  set_readout (self, index);
  gtk_widget_queue_draw (GTK_WIDGET (self->pareto_area));
}

static void
pareto_leave_cb (GtkEventControllerMotion *motion,
                 PlThemesPage             *self)
{
  if (self->pareto.highlight < 0)
    return;

  self->pareto.highlight = -1;
  set_readout (self, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->pareto_area));
}

static void
pareto_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   PlThemesPage    *self)
{
  int index = pareto_hit (self, x, y);

  if (index < 0 || (guint) index >= self->pareto_ids->len)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "themes.select-theme", "x",
                              g_array_index (self->pareto_ids, gint64, index));
}

typedef struct
{
  PlTheme *theme;
  gint64   n_coded;
  gint64   n_comments;
  double   share;
  guint    position;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->n_coded != y->n_coded)
    return x->n_coded > y->n_coded ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position;
}

/* Each level by count, largest first (codebook order on a tie), each
 * theme followed by its own sub-themes. */
static void
rank_children (GArray    *ranked,
               gint64     parent_id,
               GPtrArray *out)
{
  g_autoptr(GArray) level = g_array_new (FALSE, FALSE, sizeof (Ranked));

  for (guint i = 0; i < ranked->len; i++)
    {
      Ranked *r = &g_array_index (ranked, Ranked, i);

      if (pl_theme_get_parent_id (r->theme) == parent_id)
        g_array_append_val (level, *r);
    }
  g_array_sort (level, compare_ranked);

  for (guint i = 0; i < level->len; i++)
    {
      Ranked *r = &g_array_index (level, Ranked, i);

      for (guint j = 0; j < ranked->len; j++)
        if (g_array_index (ranked, Ranked, j).theme == r->theme)
          g_ptr_array_add (out, &g_array_index (ranked, Ranked, j));
      rank_children (ranked, pl_theme_get_id (r->theme), out);
    }
}

static void
frequency_selected_cb (PlThemesPage  *self,
                       GtkListBoxRow *row)
{
  gint64 id;

  if (self->filling || self->disposed || row == NULL)
    return;

  id = get_id (row, "theme-id");
  if (id == 0 || id == self->analysis_theme)
    return;

  self->analysis_theme = id;
  load_theme_detail (self);
}

static void
select_frequency_row (PlThemesPage *self)
{
  self->filling = TRUE;
  gtk_list_box_unselect_all (self->frequency_list);
  for (guint i = 0; i < self->frequency_rows->len; i++)
    if (get_id (g_ptr_array_index (self->frequency_rows, i), "theme-id") == self->analysis_theme)
      gtk_list_box_select_row (self->frequency_list, g_ptr_array_index (self->frequency_rows, i));
  self->filling = FALSE;
}

static GtkWidget *
create_frequency_row (PlThemesPage *self,
                      Ranked       *r,
                      double        max_share)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_level_bar_new_for_interval (0., MAX (max_share, 1e-9));
  g_autofree char *comments = format_comments (r->n_coded);
  g_autofree char *share = format_share (r->share);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_theme_get_name (r->theme));
  /* Translators: a theme's frequency, "256 comments · 11.3% of all comments" */
  subtitle = g_strdup_printf (_("%s · %s of all comments"), comments, share);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), new_indent (pl_theme_get_depth (r->theme)));

  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), r->share);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_size_request (bar, 96, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, share, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  set_id (row, "theme-id", pl_theme_get_id (r->theme));

  return row;
}

static void
load_analysis (PlThemesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) frequencies = NULL;
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GListModel) probe = NULL;
  g_autofree char *scope = describe_scope (self);
  g_autofree char *description = NULL;
  g_autofree char *chart_description = NULL;
  g_autofree char *all_text = NULL;
  g_autofree char *coded_text = NULL;
  g_autofree char *share_text = NULL;
  PlCommentFilter filter;
  guint total = 0, uncoded = 0;
  double max_share = 0.;
  gboolean found = FALSE;
  guint n = n_themes (self);

  self->dirty &= ~DIRTY_ANALYSIS;
  clear_list_box (self->frequency_list, self->frequency_rows);
  pareto_clear (self);
  get_filter (self, &filter, FALSE);

  /* How many comments the filter lets through, and how many are coded. */
  probe = pl_comment_list (self->workspace, &filter, 0, 1, &total, &error);
  g_clear_object (&probe);
  if (error == NULL)
    {
      filter.uncoded_only = TRUE;
      probe = pl_comment_list (self->workspace, &filter, 0, 1, &uncoded, &error);
      filter.uncoded_only = FALSE;
    }
  if (error == NULL)
    frequencies = pl_theme_frequencies (self->workspace, &filter, PL_THEME_BREAKDOWN_NONE, &error);
  if (error != NULL)
    {
      show_failure (self, _("The themes could not be counted"), error);
      gtk_stack_set_visible_child_name (self->analysis_stack, "empty");
      adw_status_page_set_description (self->analysis_empty_status, error->message);
      return;
    }

  all_text = format_comments (total);
  coded_text = format_count (total - uncoded);
  share_text = format_share (total > 0 ? 100. * (total - uncoded) / total : 0.);
  if (self->from == NULL && self->to == NULL && self->channel_id == 0)
    /* Translators: the comments analysed, "All 2,274 comments, 1,840 of them coded (80.9%)." */
    description = g_strdup_printf (_("All %s, %s of them coded (%s)."), all_text, coded_text, share_text);
  else
    /* Translators: the comments analysed, "312 comments from 1 Jul 2026, on Email; 250 of them coded (80.1%)." */
    description = g_strdup_printf (_("%s %s; %s of them coded (%s)."), all_text, scope, coded_text, share_text);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->pareto_group), description);

  if (n == 0 || total == uncoded)
    {
      g_autofree char *empty = NULL;

      if (n == 0)
        empty = g_strdup (_("The codebook has no themes in use. Add themes on the Codebook tab, then code "
                            "comments with them."));
      else if (total == 0)
        empty = g_strdup (_("No comment falls in the days and channel of the filter. Change or clear the "
                            "filter."));
      else
        /* Translators: %s is "2,274 comments" */
        empty = g_strdup_printf (_("None of the %s in the filter is coded yet. Code them on the Coding tab, "
                                   "or let the keyword rules code them, and the themes are counted here."),
                                 all_text);
      adw_status_page_set_description (self->analysis_empty_status, empty);
      gtk_stack_set_visible_child_name (self->analysis_stack, "empty");
      gtk_widget_queue_draw (GTK_WIDGET (self->pareto_area));
      return;
    }

  for (guint i = 0; i < frequencies->len; i++)
    {
      PlThemeFrequency *f = &g_array_index (frequencies, PlThemeFrequency, i);
      PlTheme *theme = find_theme (self, f->theme_id);
      Ranked r;

      if (theme == NULL)
        continue;
      r.theme = theme;
      r.n_coded = f->n_coded;
      r.n_comments = f->n_comments;
      r.share = f->share;
      r.position = i;
      g_array_append_val (ranked, r);
      max_share = MAX (max_share, f->share);

      /* The chart: top-level themes, each with its sub-themes rolled in,
       * so that no comment is counted twice in one bar. */
      if (pl_theme_get_depth (theme) == 0)
        {
          double count = (double) f->n_coded;

          g_ptr_array_add (self->pareto_labels, g_strdup (pl_theme_get_name (theme)));
          g_array_append_val (self->pareto_counts, count);
          g_array_append_val (self->pareto_ids, f->theme_id);
        }
    }

  self->pareto.labels = (const char * const *) self->pareto_labels->pdata;
  self->pareto.counts = (const double *) (gpointer) self->pareto_counts->data;
  self->pareto.n = self->pareto_counts->len;
  self->pareto.count_label = _("Comments");
  self->pareto.highlight = -1;
  chart_description = pl_pareto_chart_describe (&self->pareto);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pareto_area), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  chart_description, -1);
  g_object_set_data_full (G_OBJECT (self->pareto_area), "description", g_steal_pointer (&chart_description),
                          g_free);
  set_readout (self, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->pareto_area));

  rank_children (ranked, 0, order);
  for (guint i = 0; i < order->len; i++)
    {
      Ranked *r = g_ptr_array_index (order, i);
      GtkWidget *row = create_frequency_row (self, r, max_share);

      gtk_list_box_append (self->frequency_list, row);
      g_ptr_array_add (self->frequency_rows, row);
      found = found || pl_theme_get_id (r->theme) == self->analysis_theme;
    }

  /* The theme shown stays; at first, the one that comes up most. */
  if (!found)
    self->analysis_theme = order->len > 0 ? pl_theme_get_id (((Ranked *) g_ptr_array_index (order, 0))->theme) : 0;
  select_frequency_row (self);
  gtk_stack_set_visible_child_name (self->analysis_stack, "figures");
  load_theme_detail (self);
}

static PlThemeBreakdown
breakdown (PlThemesPage *self)
{
  if (gtk_toggle_button_get_active (self->week_button))
    return PL_THEME_BREAKDOWN_WEEK;
  if (gtk_toggle_button_get_active (self->channel_button))
    return PL_THEME_BREAKDOWN_CHANNEL;
  return PL_THEME_BREAKDOWN_MONTH;
}

static char *
period_label (PlThemesPage           *self,
              PlThemeBreakdown        by,
              const PlThemeFrequency *f)
{
  switch (by)
    {
    case PL_THEME_BREAKDOWN_WEEK:
      {
        g_autofree char *day = format_day (f->period_start);

        /* Translators: a week, "week of 6 Apr 2026" */
        return g_strdup_printf (_("week of %s"), day);
      }
    case PL_THEME_BREAKDOWN_CHANNEL:
      return g_strdup (channel_name (self, f->channel_id));
    case PL_THEME_BREAKDOWN_MONTH:
    case PL_THEME_BREAKDOWN_NONE:
    default:
      return format_month (f->period_start);
    }
}

/* "12.5% (45 of 360)" */
static char *
share_of (const PlThemeFrequency *f)
{
  g_autofree char *share = format_share (f->share);
  g_autofree char *coded = format_count (f->n_coded);
  g_autofree char *all = format_count (f->n_comments);

  /* Translators: a share with its counts, "12.5% (45 of 360)" */
  return g_strdup_printf (_("%s (%s of %s)"), share, coded, all);
}

/* The theme's course in words: counts and shares, nothing more claimed. */
static char *
describe_course (PlThemesPage     *self,
                PlTheme          *theme,
                PlThemeBreakdown  by,
                GArray           *rows)
{
  const PlThemeFrequency *first, *last, *high = NULL, *low = NULL;
  g_autofree char *first_label = NULL;
  g_autofree char *last_label = NULL;
  g_autofree char *high_label = NULL;
  g_autofree char *low_label = NULL;
  g_autofree char *first_share = NULL;
  g_autofree char *last_share = NULL;
  g_autofree char *high_share = NULL;
  g_autofree char *low_share = NULL;

  if (rows->len == 0)
    return g_strdup (_("No comment falls in the days and channel of the filter."));

  for (guint i = 0; i < rows->len; i++)
    {
      const PlThemeFrequency *f = g_array_index (rows, const PlThemeFrequency *, i);

      if (high == NULL || f->share > high->share)
        high = f;
      if (low == NULL || f->share < low->share)
        low = f;
    }
  high_label = period_label (self, by, high);
  low_label = period_label (self, by, low);
  high_share = share_of (high);
  low_share = share_of (low);

  if (by == PL_THEME_BREAKDOWN_CHANNEL)
    {
      if (rows->len == 1)
        /* Translators: "“Billing” comes up in 12.9% (154 of 1,192) of the comments on Telephone, the only…" */
        return g_strdup_printf (_("“%s” comes up in %s of the comments on %s, the only channel in the filter."),
                                pl_theme_get_name (theme), high_share, high_label);
      /* Translators: "“Billing” comes up most on Email, in 25.0% (133 of 531) of the comments there;
       * least on Letter, 2.4% (3 of 123)." */
      return g_strdup_printf (_("“%s” comes up most on %s, in %s of the comments there; least on %s, %s."),
                              pl_theme_get_name (theme), high_label, high_share, low_label, low_share);
    }

  first = g_array_index (rows, const PlThemeFrequency *, 0);
  last = g_array_index (rows, const PlThemeFrequency *, rows->len - 1);
  first_label = period_label (self, by, first);
  last_label = period_label (self, by, last);
  first_share = share_of (first);
  last_share = share_of (last);

  if (rows->len == 1)
    /* Translators: "“Billing” comes up in 13.1% (297 of 2,274) of the comments in April 2026." */
    return g_strdup_printf (_("“%s” comes up in %s of the comments in %s."), pl_theme_get_name (theme),
                            first_share, first_label);

  /* Translators: the course of a theme over periods, with shares and counts */
  return g_strdup_printf (_("“%s” came up in %s of the comments in %s and %s in %s. Its highest share was "
                            "in %s, %s; its lowest in %s, %s. These are counts, not a test of a trend."),
                          pl_theme_get_name (theme), first_share, first_label, last_share, last_label,
                          high_label, high_share, low_label, low_share);
}

/* Shares of a handful of comments swing widely: such periods or channels
 * are shown, marked, but left out of the comparison in words. */
#define FEW_COMMENTS 30

static char *
describe_trend (PlThemesPage     *self,
                PlTheme          *theme,
                PlThemeBreakdown  by,
                GArray           *rows)
{
  g_autoptr(GArray) solid = g_array_new (FALSE, FALSE, sizeof (const PlThemeFrequency *));
  g_autoptr(GString) few = g_string_new (NULL);
  g_autofree char *course = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      const PlThemeFrequency *f = g_array_index (rows, const PlThemeFrequency *, i);

      if (f->n_comments >= FEW_COMMENTS)
        g_array_append_val (solid, f);
      else
        {
          g_autofree char *label = period_label (self, by, f);

          if (few->len > 0)
            g_string_append (few, _(", "));
          g_string_append (few, label);
        }
    }

  if (solid->len < 2 || few->len == 0)
    {
      course = describe_course (self, theme, by, rows);
      if (few->len == 0 || rows->len == 0)
        return g_steal_pointer (&course);
      /* Translators: after a theme's course in words, %d is 30 */
      return g_strdup_printf (_("%s Few comments fall in each: read the shares with care (fewer than %d "
                                "comments in %s)."), course, FEW_COMMENTS, few->str);
    }

  course = describe_course (self, theme, by, solid);
  /* Translators: after a theme's course in words: %d is 30, %s lists periods or channels */
  return g_strdup_printf (_("%s Left out of this comparison, with fewer than %d comments each: %s."), course,
                          FEW_COMMENTS, few->str);
}

static void
load_theme_detail (PlThemesPage *self)
{
  PlTheme *theme = find_theme (self, self->analysis_theme);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) frequencies = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (const PlThemeFrequency *));
  g_autoptr(GListModel) quotes = NULL;
  g_autofree char *words = NULL;
  PlThemeBreakdown by = breakdown (self);
  PlCommentFilter filter;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->trend_list))) != NULL)
    gtk_list_box_remove (self->trend_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->quotes_list))) != NULL)
    gtk_list_box_remove (self->quotes_list, child);

  gtk_widget_set_visible (self->theme_group, theme != NULL);
  gtk_widget_set_visible (self->quotes_group, theme != NULL);
  if (theme == NULL)
    return;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->theme_group), pl_theme_get_path (theme));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->theme_group),
                                         pl_theme_get_description (theme)[0] != '\0'
                                         ? pl_theme_get_description (theme) : NULL);

  get_filter (self, &filter, FALSE);
  frequencies = pl_theme_frequencies (self->workspace, &filter, by, &error);
  if (frequencies == NULL)
    {
      show_failure (self, _("The theme could not be counted"), error);
      return;
    }

  for (guint i = 0; i < frequencies->len; i++)
    {
      const PlThemeFrequency *f = &g_array_index (frequencies, PlThemeFrequency, i);

      if (f->theme_id == self->analysis_theme)
        g_array_append_val (rows, f);
    }

  words = describe_trend (self, theme, by, rows);
  gtk_label_set_text (self->trend_label, words);

  for (guint i = 0; i < rows->len; i++)
    {
      const PlThemeFrequency *f = g_array_index (rows, const PlThemeFrequency *, i);
      g_autofree char *title = period_label (self, by, f);
      g_autofree char *counts = NULL;
      g_autofree char *coded = format_count (f->n_coded);
      g_autofree char *all = format_comments (f->n_comments);
      g_autofree char *share = format_share (f->share);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (share);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (f->n_comments < FEW_COMMENTS)
        /* Translators: "7 of 27 comments, too few to compare" */
        counts = g_strdup_printf (_("%s of %s, too few to compare"), coded, all);
      else
        /* Translators: "45 of 360 comments" */
        counts = g_strdup_printf (_("%s of %s"), coded, all);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), counts);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->trend_list, row);
    }

  /* Its quotes: day and channel only, never who. */
  quotes = pl_theme_quotes (self->workspace, self->analysis_theme, &filter, N_QUOTES, &error);
  if (quotes == NULL)
    {
      show_failure (self, _("The quotes could not be read"), error);
      return;
    }

  n = g_list_model_get_n_items (quotes);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlComment) quote = g_list_model_get_item (quotes, i);
      g_autofree char *day = format_day (pl_comment_get_day (quote));
      g_autofree char *text = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: a quote, in quotation marks */
      text = g_strdup_printf (_("“%s”"), pl_comment_get_text (quote));
      if (pl_comment_get_channel (quote)[0] != '\0')
        /* Translators: when and where a quote was said, "16 Sep 2026 · Telephone" */
        subtitle = g_strdup_printf (_("%s · %s"), day, pl_comment_get_channel (quote));
      else
        subtitle = g_strdup (day);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->quotes_list, row);
    }
  if (n == 0)
    gtk_list_box_append (self->quotes_list,
                         new_message_row (_("No comment in the filter is coded with this theme."), "dim-label",
                                          NULL));
}

static void
breakdown_toggled_cb (GtkToggleButton *button,
                      PlThemesPage    *self)
{
  if (gtk_toggle_button_get_active (button) && self->workspace != NULL && !(self->dirty & DIRTY_ANALYSIS))
    load_theme_detail (self);
}

/* Refreshing */

static const char *
visible_view (PlThemesPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  return name != NULL ? name : "";
}

static void
update_no_codebook (PlThemesPage *self)
{
  g_autoptr(GListModel) probe = NULL;
  g_autoptr(GError) error = NULL;
  PlCommentFilter filter;
  guint total = 0;

  pl_comment_filter_init (&filter);
  probe = pl_comment_list (self->workspace, &filter, 0, 1, &total, &error);
  if (probe == NULL)
    gtk_label_set_text (self->no_codebook_label, "");
  else if (total == 0)
    gtk_label_set_text (self->no_codebook_label,
                        _("This workspace has no comments yet: they come with survey responses, complaints "
                          "and monitoring notes. You can prepare the codebook now."));
  else
    {
      g_autofree char *comments = format_comments (total);
      g_autofree char *text = NULL;

      /* Translators: %s is "2,274 comments" */
      text = g_strdup_printf (_("This workspace has %s to code. The suggested themes are seven that most "
                                "contact centres hear about — waiting, staff attitude, resolution, price, billing, "
                                "app and website, communication — each with keyword rules you can change."),
                              comments);
      gtk_label_set_text (self->no_codebook_label, text);
    }
}

static void
refresh (PlThemesPage *self)
{
  const char *view;
  guint n_all;

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  if (self->dirty & DIRTY_CHANNELS)
    {
      load_channels (self);
      self->dirty &= ~DIRTY_CHANNELS;
    }
  if (self->dirty & DIRTY_THEMES)
    {
      self->dirty &= ~DIRTY_THEMES;
      load_themes (self);
    }

  n_all = self->all_themes != NULL ? g_list_model_get_n_items (self->all_themes) : 0;
  if (n_all == 0 && !self->adding)
    {
      update_no_codebook (self);
      gtk_stack_set_visible_child_name (self->stack, "no-codebook");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "main");

  view = visible_view (self);
  if (g_str_equal (view, "codebook") && (self->dirty & DIRTY_CODEBOOK))
    {
      self->dirty &= ~DIRTY_CODEBOOK;
      build_codebook (self);
    }
  if (g_str_equal (view, "coding"))
    {
      if (self->dirty & DIRTY_COMMENTS)
        {
          self->dirty &= ~(DIRTY_COMMENTS | DIRTY_DETAIL);
          load_comments (self, TRUE);
        }
      else if (self->dirty & DIRTY_DETAIL)
        update_detail (self);
    }
  if (g_str_equal (view, "analysis") && (self->dirty & DIRTY_ANALYSIS))
    load_analysis (self);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlThemesPage *self = PL_THEMES_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
queue_refresh (PlThemesPage *self,
               guint         dirty)
{
  self->dirty |= dirty;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

/* One refresh covers a burst of changes; a hidden page only notes what is
 * out of date, and a view is rebuilt when it shows. */
static void
workspace_changed_cb (PlThemesPage *self,
                      const char   *table)
{
  if (g_str_equal (table, "themes"))
    queue_refresh (self, DIRTY_ALL & ~DIRTY_CHANNELS);
  else if (g_str_equal (table, "theme_rules"))
    queue_refresh (self, DIRTY_THEMES | DIRTY_CODEBOOK | DIRTY_DETAIL);
  else if (g_str_equal (table, "comment_codes"))
    /* A code given here is shown in place: the list stays as it is. */
    queue_refresh (self, DIRTY_THEMES | DIRTY_CODEBOOK | DIRTY_ANALYSIS | (self->writing ? 0 : DIRTY_COMMENTS));
  else if (g_str_equal (table, "channels"))
    queue_refresh (self, DIRTY_ALL);
  else
    queue_refresh (self, DIRTY_THEMES | DIRTY_CODEBOOK | DIRTY_COMMENTS | DIRTY_ANALYSIS);
}

static void
view_changed_cb (PlThemesPage *self)
{
  if (self->workspace == NULL)
    return;

  refresh (self);
  if (g_str_equal (visible_view (self), "coding") && self->selected >= 0 &&
      (guint) self->selected < self->comment_rows->len)
    gtk_widget_grab_focus (g_ptr_array_index (self->comment_rows, self->selected));
}

/* Actions: the codebook */

static void
show_view (PlThemesPage *self,
           const char   *name)
{
  adw_view_stack_set_visible_child_name (self->view_stack, name);
  refresh (self);
}

static void
scroll_to_form (PlThemesPage *self)
{
  GtkScrolledWindow *scrolled = self->codebook_scrolled;
  graphene_rect_t bounds;

  if (gtk_widget_compute_bounds (self->form_group, gtk_scrolled_window_get_child (scrolled), &bounds))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), MAX (0, bounds.origin.y - 12));
}

static void
show_form_error (PlThemesPage *self,
                 const char   *message)
{
  gtk_label_set_text (self->new_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->new_error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->new_name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->new_name_row), "error");
}

static void
start_starter_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n;

  if (self->workspace == NULL)
    return;

  if (!pl_theme_create_starter_codebook (self->workspace, &error))
    {
      show_failure (self, _("The suggested themes were not added"), error);
      return;
    }

  self->dirty = DIRTY_ALL;
  adw_view_stack_set_visible_child_name (self->view_stack, "codebook");
  refresh (self);
  n = n_themes (self);
  /* Translators: %u is how many themes */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u theme added with its keyword rules. Apply the rules on the "
                                          "Coding tab, or code comments by hand.",
                                          "%u themes added with their keyword rules. Apply the rules on the "
                                          "Coding tab, or code comments by hand.", n), n);
  show_toast (self, message);
}

static void
add_sub_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  gint64 parent_id = g_variant_get_int64 (param);
  guint index = 0;

  if (self->workspace == NULL)
    return;

  self->adding = TRUE;
  show_view (self, "codebook");
  for (guint i = 0; self->parent_ids != NULL && i < self->parent_ids->len; i++)
    if (g_array_index (self->parent_ids, gint64, i) == parent_id)
      index = i;
  adw_combo_row_set_selected (self->new_parent_row, index);
  show_form_error (self, NULL);

  gtk_widget_grab_focus (GTK_WIDGET (self->new_name_row));
  /* After layout, so that the form has its place. */
  scroll_to_form (self);
}

static void
start_empty_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_widget_activate_action (widget, "themes.add-sub", "x", (gint64) 0);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlTheme) theme = NULL;
  g_autofree char *message = NULL;
  guint index = adw_combo_row_get_selected (self->new_parent_row);
  gint64 parent_id = 0;

  if (self->workspace == NULL)
    return;

  if (index != GTK_INVALID_LIST_POSITION && self->parent_ids != NULL && index < self->parent_ids->len)
    parent_id = g_array_index (self->parent_ids, gint64, index);

  theme = pl_theme_create (self->workspace, parent_id, gtk_editable_get_text (GTK_EDITABLE (self->new_name_row)),
                           gtk_editable_get_text (GTK_EDITABLE (self->new_description_row)), &error);
  if (theme == NULL)
    {
      /* Translators: %s is the reason, in the user's words */
      message = g_strdup_printf (_("The theme was not added: %s"), error->message);
      show_form_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->new_name_row));
      return;
    }

  show_form_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_description_row), "");
  self->dirty = DIRTY_ALL & ~DIRTY_CHANNELS;
  refresh (self);

  /* Translators: %s is a theme's name */
  message = g_strdup_printf (_("“%s” added. Give it keyword rules, or code comments with it."),
                             pl_theme_get_name (theme));
  show_toast (self, message);
  gtk_widget_grab_focus (GTK_WIDGET (self->new_name_row));
}

static void
form_edited_cb (PlThemesPage *self)
{
  show_form_error (self, NULL);
}

static void
name_entry_activated_cb (PlThemesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "themes.add", NULL);
}

static void
show_theme_row_error (PlThemesPage *self,
                      gint64        theme_id,
                      const char   *input_key,
                      const char   *message)
{
  GtkWidget *row = find_codebook_row (self, theme_id);
  GtkWidget *input = row != NULL ? g_object_get_data (G_OBJECT (row), input_key) : NULL;
  GtkWidget *error_row = input != NULL ? g_object_get_data (G_OBJECT (input), "error-row") : NULL;

  if (error_row == NULL)
    {
      show_toast (self, message);
      return;
    }

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  show_row_message (error_row, g_object_get_data (G_OBJECT (error_row), "label"), input, message);
  gtk_widget_grab_focus (input);
}

static void
theme_edited (PlThemesPage *self)
{
  self->dirty = DIRTY_ALL & ~DIRTY_CHANNELS;
  refresh (self);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 id;

  if (self->workspace == NULL)
    return;

  g_variant_get (param, "(xs)", &id, &name);
  if (!pl_theme_rename (self->workspace, id, name, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason, in the user's words */
      message = g_strdup_printf (_("The name was not changed: %s"), error->message);
      show_theme_row_error (self, id, "name-row", message);
      return;
    }

  theme_edited (self);
}

static void
describe_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  gint64 id;
  gint32 sentiment;

  if (self->workspace == NULL)
    return;

  g_variant_get (param, "(xsi)", &id, &description, &sentiment);
  if (sentiment < PL_THEME_SENTIMENT_NONE || sentiment > PL_THEME_SENTIMENT_NEUTRAL)
    sentiment = PL_THEME_SENTIMENT_NONE;
  if (!pl_theme_describe (self->workspace, id, description, sentiment, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason, in the user's words */
      message = g_strdup_printf (_("The description was not changed: %s"), error->message);
      show_theme_row_error (self, id, "description-row", message);
      return;
    }

  theme_edited (self);
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  PlTheme *theme = find_theme (self, id);
  g_autofree char *name = g_strdup (theme != NULL ? pl_theme_get_name (theme) : "");
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (self->workspace == NULL)
    return;

  if (!pl_theme_archive (self->workspace, id, &error))
    {
      show_failure (self, _("The theme was not archived"), error);
      return;
    }

  g_hash_table_remove (self->expanded, &id);
  theme_edited (self);

  /* Translators: %s is a theme's name */
  title = g_strdup_printf (_("“%s” archived"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "themes.restore");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  add_toast (self, toast);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  if (!pl_theme_restore (self->workspace, g_variant_get_int64 (param), &error))
    {
      show_failure (self, _("The theme was not restored"), error);
      return;
    }

  theme_edited (self);
}

/* How many comments a rule finds, to tell the user right away. */
static guint
count_matches (PlThemesPage *self,
               const char   *pattern,
               guint        *out_total)
{
  g_autoptr(GListModel) comments = NULL;
  g_autoptr(GError) error = NULL;
  PlCommentFilter filter;
  guint total = 0, n = 0;

  pl_comment_filter_init (&filter);
  comments = pl_comment_list (self->workspace, &filter, 0, 0, &total, &error);
  for (guint i = 0; comments != NULL && i < g_list_model_get_n_items (comments); i++)
    {
      g_autoptr(PlComment) comment = g_list_model_get_item (comments, i);

      n += pl_theme_pattern_matches (pattern, pl_comment_get_text (comment));
    }

  *out_total = total;
  return n;
}

static void
add_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *message = NULL;
  g_autofree char *matches_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *quoted = NULL;
  PlTheme *theme;
  guint matches, total;
  gint64 id;

  if (self->workspace == NULL)
    return;

  g_variant_get (param, "(xs)", &id, &pattern);
  g_strstrip (pattern);
  if (pl_theme_rule_add (self->workspace, id, pattern, &error) == 0)
    {
      show_theme_row_error (self, id, "rule-row", error->message);
      return;
    }

  self->focus_rule_theme = g_str_equal (visible_view (self), "codebook") ? id : 0;
  theme_edited (self);

  theme = find_theme (self, id);
  matches = count_matches (self, pattern, &total);
  matches_text = format_count (matches);
  total_text = format_comments (total);
  quoted = quote_rule (pattern);
  /* Translators: "Rule “wait*” added to “Waiting / on hold”: it finds 236 of 2,274 comments." */
  message = g_strdup_printf (_("Rule %s added to “%s”: it finds %s of %s."), quoted,
                             theme != NULL ? pl_theme_get_name (theme) : "", matches_text, total_text);
  show_toast (self, message);
}

static void
remove_rule_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  gint64 rule_id = g_variant_get_int64 (param);
  g_autoptr(GListModel) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *title = NULL;
  g_autofree char *quoted = NULL;
  gint64 theme_id = 0;
  AdwToast *toast;

  if (self->workspace == NULL)
    return;

  rules = pl_theme_rule_list (self->workspace, 0, &error);
  for (guint i = 0; rules != NULL && i < g_list_model_get_n_items (rules); i++)
    {
      g_autoptr(PlThemeRule) rule = g_list_model_get_item (rules, i);

      if (pl_theme_rule_get_id (rule) == rule_id)
        {
          pattern = g_strdup (pl_theme_rule_get_pattern (rule));
          theme_id = pl_theme_rule_get_theme_id (rule);
        }
    }

  if (!pl_theme_rule_remove (self->workspace, rule_id, &error))
    {
      show_failure (self, _("The rule was not removed"), error);
      return;
    }

  theme_edited (self);
  if (pattern == NULL)
    return;

  /* Undo adds it again, as it was. */
  quoted = quote_rule (pattern);
  /* Translators: %s is a keyword rule, in its quotation marks */
  title = g_strdup_printf (_("Rule %s removed"), quoted);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "themes.add-rule");
  adw_toast_set_action_target_value (toast, g_variant_new ("(xs)", theme_id, pattern));
  add_toast (self, toast);
}

/* Actions: coding */

static void
toggle_number_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  int number = g_variant_get_int32 (param);
  PlComment *comment = selected_comment (self);
  gint64 theme_id;

  if (comment == NULL || number < 1 || (guint) number > self->numbered->len)
    return;

  theme_id = g_array_index (self->numbered, gint64, number - 1);
  set_code (self, theme_id, !pl_comment_has_theme (comment, theme_id));
}

static void
toggle_code_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  PlComment *comment = selected_comment (self);
  gint64 theme_id = g_variant_get_int64 (param);

  if (comment != NULL)
    set_code (self, theme_id, !pl_comment_has_theme (comment, theme_id));
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  set_code (PL_THEMES_PAGE (widget), g_variant_get_int64 (param), TRUE);
}

static void
accept_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  g_autoptr(GArray) suggested = g_array_copy (self->suggested);

  for (guint i = 0; i < suggested->len; i++)
    set_code (self, g_array_index (suggested, gint64, i), TRUE);
}

static void
move_comment (PlThemesPage *self,
              int           step)
{
  guint n = self->comment_rows->len;

  if (self->workspace == NULL || n == 0)
    return;

  if (self->selected + step >= 0 && self->selected + step < (int) n)
    {
      select_comment (self, self->selected + step);
      return;
    }

  /* Past the end of the page: on to the next one, or back. */
  if (step > 0 && self->offset + n < self->total)
    {
      self->offset = self->offset + n - n_gone (self);
      self->selected = -1;
      load_comments (self, FALSE);
      select_comment (self, 0);
    }
  else if (step < 0 && self->offset > 0)
    {
      self->offset = self->offset > PAGE_SIZE ? self->offset - PAGE_SIZE : 0;
      load_comments (self, FALSE);
      select_comment (self, (int) self->comment_rows->len - 1);
    }
}

static void
next_comment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  move_comment (PL_THEMES_PAGE (widget), 1);
}

static void
previous_comment_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  move_comment (PL_THEMES_PAGE (widget), -1);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  guint n = self->comment_rows->len;

  if (self->workspace == NULL || self->offset + n >= self->total)
    return;

  self->offset = self->offset + n - n_gone (self);
  load_comments (self, FALSE);
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);

  if (self->workspace == NULL || self->offset == 0)
    return;

  self->offset = self->offset > PAGE_SIZE ? self->offset - PAGE_SIZE : 0;
  load_comments (self, FALSE);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->coding_leaflet, "list");
}

static void
apply_rules_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *count = NULL;
  PlThemeApplyResult result = { 0, };
  PlCommentFilter filter;

  if (self->workspace == NULL)
    return;

  get_filter (self, &filter, FALSE);
  if (!pl_theme_apply_rules (self->workspace, &filter, &result, &error))
    {
      show_failure (self, _("The rules were not applied"), error);
      return;
    }

  self->dirty = DIRTY_ALL & ~DIRTY_CHANNELS;
  refresh (self);

  count = format_count (result.coded);
  if (result.examined == 0)
    message = g_strdup (_("Every comment in the filter is coded already: the rules had nothing to do."));
  else if (result.coded == 0)
    message = g_strdup (_("No rule matches an uncoded comment. Add rules in the codebook, or code by hand."));
  else
    /* Translators: the result of applying the rules, "1,654 comments coded by rules" */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s comment coded by rules",
                                            "%s comments coded by rules", result.coded), count);
  show_toast (self, message);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  gtk_drop_down_set_selected (self->channel_dropdown, 0);
  gtk_drop_down_set_selected (self->theme_dropdown, 0);
  gtk_check_button_set_active (self->uncoded_check, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->filling = FALSE;

  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->search, g_free);
  self->channel_id = 0;
  self->theme_id = 0;
  self->uncoded_only = FALSE;
  show_filter_error (self, NULL, NULL);
  filter_changed (self, TRUE);
}

static void
select_theme_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);

  if (self->workspace == NULL || find_theme (self, id) == NULL)
    return;

  self->analysis_theme = id;
  select_frequency_row (self);
  load_theme_detail (self);
}

/* The keys of the coding view. Typing in an entry never reaches them:
 * the entry takes its keys first. */
static void
add_shortcut (GtkShortcutController *controller,
              const char            *trigger,
              const char            *action,
              GVariant              *arguments)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                            gtk_named_action_new (action));

  if (arguments != NULL)
    gtk_shortcut_set_arguments (shortcut, arguments);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
setup_shortcuts (PlThemesPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  for (int i = 1; i <= N_NUMBERED; i++)
    {
      char key[8];
      char keypad[16];

      g_snprintf (key, sizeof key, "%d", i);
      g_snprintf (keypad, sizeof keypad, "KP_%d", i);
      add_shortcut (shortcuts, key, "themes.toggle-number", g_variant_new_int32 (i));
      add_shortcut (shortcuts, keypad, "themes.toggle-number", g_variant_new_int32 (i));
    }
  add_shortcut (shortcuts, "j", "themes.next-comment", NULL);
  add_shortcut (shortcuts, "Down", "themes.next-comment", NULL);
  add_shortcut (shortcuts, "k", "themes.previous-comment", NULL);
  add_shortcut (shortcuts, "Up", "themes.previous-comment", NULL);
  add_shortcut (shortcuts, "a", "themes.accept-all", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->coding_leaflet), controller);
  g_object_set_data (G_OBJECT (self->coding_leaflet), "shortcuts", controller);

  controller = gtk_shortcut_controller_new ();
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>Return", "themes.add", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Control>KP_Enter", "themes.add", NULL);
  gtk_widget_add_controller (self->form_group, controller);
}

static void
pl_themes_page_map (GtkWidget *widget)
{
  PlThemesPage *self = PL_THEMES_PAGE (widget);

  GTK_WIDGET_CLASS (pl_themes_page_parent_class)->map (widget);

  if (self->dirty != 0)
    refresh (self);
}

static void
pl_themes_page_dispose (GObject *object)
{
  PlThemesPage *self = PL_THEMES_PAGE (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_THEMES_PAGE);

  g_clear_object (&self->themes);
  g_clear_object (&self->all_themes);
  g_clear_object (&self->comments);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->codebook_rows, g_ptr_array_unref);
  g_clear_pointer (&self->archived_rows, g_ptr_array_unref);
  g_clear_pointer (&self->comment_rows, g_ptr_array_unref);
  g_clear_pointer (&self->code_checks, g_ptr_array_unref);
  g_clear_pointer (&self->frequency_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pl_themes_page_parent_class)->dispose (object);
}

static void
pl_themes_page_finalize (GObject *object)
{
  PlThemesPage *self = PL_THEMES_PAGE (object);

  g_free (self->structure);
  g_free (self->from);
  g_free (self->to);
  g_free (self->search);
  g_clear_pointer (&self->numbered, g_array_unref);
  g_clear_pointer (&self->parent_ids, g_array_unref);
  g_clear_pointer (&self->filter_theme_ids, g_array_unref);
  g_clear_pointer (&self->channel_ids, g_array_unref);
  g_clear_pointer (&self->channel_names, g_hash_table_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_pointer (&self->suggested, g_array_unref);
  g_clear_pointer (&self->pareto_labels, g_ptr_array_unref);
  g_clear_pointer (&self->pareto_counts, g_array_unref);
  g_clear_pointer (&self->pareto_ids, g_array_unref);
  g_clear_pointer (&self->measure_cr, cairo_destroy);
  g_clear_pointer (&self->measure_surface, cairo_surface_destroy);

  G_OBJECT_CLASS (pl_themes_page_parent_class)->finalize (object);
}

static void
pl_themes_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PlThemesPage *self = PL_THEMES_PAGE (object);

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
pl_themes_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PlThemesPage *self = PL_THEMES_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_themes_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_themes_page_class_init (PlThemesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_themes_page_dispose;
  object_class->finalize = pl_themes_page_finalize;
  object_class->get_property = pl_themes_page_get_property;
  object_class->set_property = pl_themes_page_set_property;

  widget_class->map = pl_themes_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-themes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, no_codebook_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, filter_button_content);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, theme_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, uncoded_check);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, filter_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, codebook_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, codebook_list);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, codebook_empty_box);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, codebook_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, codebook_starter_button);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, new_parent_row);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, new_description_row);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, new_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, archived_group);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, archived_list);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, coding_leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, comments_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, comments_stack);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, comments_empty_status);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, comments_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, comment_list);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, detail_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, detail_meta_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, detail_text_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, detail_codes_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, suggestions_group);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, codes_list);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, analysis_scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, analysis_stack);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, analysis_empty_status);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, pareto_group);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, pareto_area);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, readout_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, frequency_list);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, theme_group);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, channel_button);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, trend_label);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, trend_list);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, quotes_group);
  gtk_widget_class_bind_template_child (widget_class, PlThemesPage, quotes_list);

  gtk_widget_class_install_action (widget_class, "themes.start-starter", NULL, start_starter_action);
  gtk_widget_class_install_action (widget_class, "themes.start-empty", NULL, start_empty_action);
  gtk_widget_class_install_action (widget_class, "themes.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "themes.add-sub", "x", add_sub_action);
  gtk_widget_class_install_action (widget_class, "themes.rename", "(xs)", rename_action);
  gtk_widget_class_install_action (widget_class, "themes.describe", "(xsi)", describe_action);
  gtk_widget_class_install_action (widget_class, "themes.archive", "x", archive_action);
  gtk_widget_class_install_action (widget_class, "themes.restore", "x", restore_action);
  gtk_widget_class_install_action (widget_class, "themes.add-rule", "(xs)", add_rule_action);
  gtk_widget_class_install_action (widget_class, "themes.remove-rule", "x", remove_rule_action);
  gtk_widget_class_install_action (widget_class, "themes.toggle-number", "i", toggle_number_action);
  gtk_widget_class_install_action (widget_class, "themes.toggle-code", "x", toggle_code_action);
  gtk_widget_class_install_action (widget_class, "themes.accept", "x", accept_action);
  gtk_widget_class_install_action (widget_class, "themes.accept-all", NULL, accept_all_action);
  gtk_widget_class_install_action (widget_class, "themes.next-comment", NULL, next_comment_action);
  gtk_widget_class_install_action (widget_class, "themes.previous-comment", NULL, previous_comment_action);
  gtk_widget_class_install_action (widget_class, "themes.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "themes.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action (widget_class, "themes.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "themes.apply-rules", NULL, apply_rules_action);
  gtk_widget_class_install_action (widget_class, "themes.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "themes.select-theme", "x", select_theme_action);
}

static void
pl_themes_page_init (PlThemesPage *self)
{
  GtkEventController *motion;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected = -1;
  self->dirty = DIRTY_ALL;
  self->numbered = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->parent_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->filter_theme_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->suggested = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->channel_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->codebook_rows = g_ptr_array_new ();
  self->archived_rows = g_ptr_array_new ();
  self->comment_rows = g_ptr_array_new ();
  self->code_checks = g_ptr_array_new ();
  self->frequency_rows = g_ptr_array_new ();
  self->pareto_labels = g_ptr_array_new_with_free_func (g_free);
  self->pareto_counts = g_array_new (FALSE, FALSE, sizeof (double));
  self->pareto_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  pl_pareto_chart_init (&self->pareto);

  g_signal_connect_object (self->from_entry, "changed", G_CALLBACK (date_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_entry, "changed", G_CALLBACK (date_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->from_entry, "activate", G_CALLBACK (date_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_entry, "activate", G_CALLBACK (date_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->channel_dropdown, "notify::selected", G_CALLBACK (channel_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->theme_dropdown, "notify::selected", G_CALLBACK (theme_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->uncoded_check, "toggled", G_CALLBACK (uncoded_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->comment_list, "row-selected", G_CALLBACK (comment_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->comment_list, "row-activated", G_CALLBACK (comment_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->frequency_list, "row-selected", G_CALLBACK (frequency_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->new_name_row, "changed", G_CALLBACK (form_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->new_name_row, "entry-activated", G_CALLBACK (name_entry_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->month_button, "toggled", G_CALLBACK (breakdown_toggled_cb), self, 0);
  g_signal_connect_object (self->week_button, "toggled", G_CALLBACK (breakdown_toggled_cb), self, 0);
  g_signal_connect_object (self->channel_button, "toggled", G_CALLBACK (breakdown_toggled_cb), self, 0);

  gtk_drawing_area_set_draw_func (self->pareto_area, pareto_draw_cb, self, NULL);
  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (pareto_motion_cb), self, 0);
  g_signal_connect_object (motion, "leave", G_CALLBACK (pareto_leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->pareto_area), motion);
  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (pareto_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->pareto_area), GTK_EVENT_CONTROLLER (click));

  setup_shortcuts (self);
  update_filter_button (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.previous-page", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.next-page", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "themes.accept-all", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlThemesPage *
pl_themes_page_new (void)
{
  return g_object_new (PL_TYPE_THEMES_PAGE, NULL);
}

PlWorkspace *
pl_themes_page_get_workspace (PlThemesPage *self)
{
  g_return_val_if_fail (PL_IS_THEMES_PAGE (self), NULL);

  return self->workspace;
}

void
pl_themes_page_set_workspace (PlThemesPage *self,
                              PlWorkspace  *workspace)
{
  static const char * const tables[] = {
    "themes", "theme_rules", "comment_codes", "responses", "complaints", "observations",
    "validation_flags", "channels", "informal_feedback",
  };

  g_return_if_fail (PL_IS_THEMES_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);

  /* What was chosen and typed belongs to the old workspace. */
  self->adding = FALSE;
  self->offset = 0;
  self->total = 0;
  self->selected = -1;
  self->analysis_theme = 0;
  self->channel_id = 0;
  self->theme_id = 0;
  self->uncoded_only = FALSE;
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->structure, g_free);
  g_hash_table_remove_all (self->expanded);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_check_button_set_active (self->uncoded_check, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_description_row), "");
  self->filling = FALSE;
  show_filter_error (self, NULL, NULL);
  show_form_error (self, NULL);
  update_filter_button (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "codebook");

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  /* A hidden page reads the workspace when it shows. */
  self->dirty = DIRTY_ALL;
  if (workspace == NULL || gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
