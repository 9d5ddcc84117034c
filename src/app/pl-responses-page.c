/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "core/pl-item.h"
#include "core/pl-survey.h"
#include "core/pl-util.h"

#include "pl-shortcuts.h"
#include "pl-responses-page.h"

/* Collect → Survey responses: a keyboard-first form that enters one
 * response after another, and the list of those entered most recently. */

#define RECENT_LIMIT 50
#define COMMENT_EXCERPT_CHARS 90

typedef struct
{
  PlQuestion *question;
  GtkWidget *row;               /* AdwActionRow, or the AdwEntryRow of a free-text question */
  GtkWidget *entry;             /* GtkEntry, or that AdwEntryRow */
  char *hint;
} QuestionField;

/* Free-text and multiple-choice answers are words, kept apart from numbers. */
static gboolean
question_takes_words (PlQuestion *question)
{
  PlQuestionKind kind = pl_question_get_kind (question);

  return kind == PL_QUESTION_TEXT || kind == PL_QUESTION_MULTIPLE;
}

struct _PlResponsesPage
{
  AdwBin parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwComboRow *survey_row;
  AdwPreferencesGroup *questions_group;
  GtkTextView *comment_view;
  AdwComboRow *channel_row;
  AdwComboRow *colleague_row;
  AdwEntryRow *date_row;
  GtkLabel *date_label;
  GtkLabel *message_label;
  GtkButton *cancel_button;
  GtkButton *save_button;
  AdwPreferencesGroup *recent_group;
  GtkListBox *recent_list;
  GtkStack *view_stack;
  AdwExpanderRow *filter_expander;
  AdwComboRow *filter_survey_row;
  AdwEntryRow *filter_from_row;
  AdwEntryRow *filter_to_row;
  AdwComboRow *filter_channel_row;
  AdwComboRow *filter_colleague_row;
  GtkLabel *filter_message_label;
  GtkLabel *browse_count_label;
  GtkListView *browse_list;

  /* All responses, paged from SQLite; made when first shown. */
  PlResponseModel *browse_model;
  gboolean browse_stale;

  PlWorkspace *workspace;
  gint64 survey_id;
  GPtrArray *fields;            /* QuestionField, in question order */
  GtkWidget *no_questions_row;
  PlResponse *editing;
  /* The batch's channel, colleague and date, kept while one response is
   * edited and put back afterwards. */
  gint64 batch_channel_id;
  gint64 batch_colleague_id;
  char *batch_date;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (PlResponsesPage, pl_responses_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
question_field_free (gpointer data)
{
  QuestionField *field = data;

  g_clear_object (&field->question);
  g_clear_pointer (&field->hint, g_free);
  g_free (field);
}

static void
show_toast (PlResponsesPage *self,
            const char      *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- combo rows of PlItem ------------------------------------------- */

static gint64
combo_get_id (AdwComboRow *row)
{
  PlItem *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? pl_item_get_id (item) : 0;
}

/* Selects the item with @id; the first item when there is none. */
static void
combo_set_id (AdwComboRow *row,
              gint64       id)
{
  GListModel *model = adw_combo_row_get_model (row);
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (model, i);

      if (pl_item_get_id (item) == id)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }

  adw_combo_row_set_selected (row, n > 0 ? 0 : GTK_INVALID_LIST_POSITION);
}

/* ---- dates ----------------------------------------------------------- */

/* Accepts 2026-09-27, and day first: 27/9/2026, 27.9.2026, 27-9-26. */
static char *
parse_user_date (const char *text)
{
  g_autofree char *typed = g_strstrip (g_strdup (text != NULL ? text : ""));
  unsigned int a, b, c;
  unsigned int day, month, year;
  char sep1, sep2, tail;
  GDate date;

  if (!g_ascii_isdigit (typed[0]) ||
      sscanf (typed, "%u%c%u%c%u%c", &a, &sep1, &b, &sep2, &c, &tail) != 5 ||
      sep1 != sep2)
    return NULL;

  if (sep1 == '-' && a >= 1000)
    year = a, month = b, day = c;
  else if (sep1 == '/' || sep1 == '.' || sep1 == '-')
    {
      day = a, month = b;
      if (c < 100)
        year = 2000 + c;
      else if (c >= 1000)
        year = c;
      else
        return NULL;
    }
  else
    return NULL;

  if (year > 9999 || !g_date_valid_dmy (day, month, year))
    return NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return pl_date_to_iso (&date);
}

static char *
format_long_date (const char *iso)
{
  GDate date;
  char buf[128];

  if (!pl_date_parse_iso (iso, &date))
    return g_strdup (iso);

  /* Translators: a date as in "Sunday 27 September 2026", see strftime(3) */
  if (g_date_strftime (buf, sizeof buf, _("%A %-d %B %Y"), &date) == 0)
    return g_strdup (iso);

  return g_strdup (buf);
}

static void
set_row_error (GtkWidget  *row,
               GtkWidget  *editable,
               const char *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (editable),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (editable), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
date_changed_cb (PlResponsesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  g_autofree char *iso = parse_user_date (text);
  g_autofree char *today = pl_today_iso ();

  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  set_row_error (GTK_WIDGET (self->date_row), GTK_WIDGET (self->date_row), NULL);

  if (iso == NULL)
    {
      gtk_label_set_text (self->date_label, *text != '\0' ? _("not a date yet") : "");
    }
  else if (g_strcmp0 (iso, today) > 0)
    {
      g_autofree char *shown = format_long_date (iso);
      /* Translators: the date typed, then why it cannot be used */
      g_autofree char *label = g_strdup_printf (_("%s — in the future"), shown);

      gtk_label_set_text (self->date_label, label);
    }
  else
    {
      g_autofree char *shown = format_long_date (iso);

      gtk_label_set_text (self->date_label, g_str_equal (iso, today) ? _("today") : shown);
    }
}

/* ---- the question fields --------------------------------------------- */

static QuestionField *
find_field (PlResponsesPage *self,
            GtkWidget       *entry)
{
  for (guint i = 0; self->fields != NULL && i < self->fields->len; i++)
    {
      QuestionField *field = g_ptr_array_index (self->fields, i);

      if (field->entry == entry)
        return field;
    }

  return NULL;
}

static void
set_field_error (QuestionField *field,
                 const char    *message)
{
  set_row_error (field->row, field->entry, message);
  if (ADW_IS_ACTION_ROW (field->row))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row), message != NULL ? message : field->hint);
  else
    gtk_widget_set_tooltip_text (field->row, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : field->hint,
                                  -1);
}

/* Reads a field, flags it when what is typed cannot be an answer, and
 * returns the message shown under it (NULL when it is fine). @saving also
 * requires an answer to required questions. @detail, when given, gets a
 * message that names the question, for the form as a whole. */
static char *
check_field (QuestionField  *field,
             gboolean        saving,
             gboolean       *has_value,
             double         *value,
             char          **stored,
             char          **detail)
{
  g_autoptr(GError) error = NULL;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (field->entry));
  PlQuestionKind kind = pl_question_get_kind (field->question);
  char *message = NULL;
  int min, max;

  if (question_takes_words (field->question))
    {
      g_autofree char *words = NULL;

      *has_value = FALSE;
      if (kind == PL_QUESTION_MULTIPLE &&
          !pl_question_parse_choices (field->question, typed, &words, &error))
        {
          g_autofree char *shown = g_strstrip (g_strdup (typed));
          g_auto(GStrv) choices = pl_question_dup_choices (field->question);

          message = g_strdup_printf (_("“%s” is not an answer here: type the numbers of the choices, "
                                       "from 1 to %u, such as 1 3."),
                                     shown, g_strv_length (choices));
          if (detail != NULL)
            *detail = g_strdup (error->message);
        }
      else
        {
          if (kind == PL_QUESTION_TEXT)
            words = g_strstrip (g_strdup (typed));
          *has_value = words != NULL && *words != '\0';
          if (saving && !*has_value && pl_question_get_required (field->question))
            {
              message = g_strdup (_("This question must be answered: type the customer’s answer."));
              if (detail != NULL)
                *detail = g_strdup_printf (_("“%s” must be answered: it is a required question."),
                                           pl_question_get_text (field->question));
            }
          if (stored != NULL && *has_value)
            *stored = g_steal_pointer (&words);
        }

      set_field_error (field, message);
      return message;
    }

  if (!pl_question_parse_value (field->question, typed, has_value, value, &error))
    {
      g_autofree char *shown = g_strstrip (g_strdup (typed));

      /* The row already shows the question, so the message under it need
       * not quote it again. */
      if (pl_question_get_kind (field->question) == PL_QUESTION_YESNO)
        message = g_strdup_printf (_("“%s” is not an answer here: type y for yes or n for no."), shown);
      else if (pl_question_get_range (field->question, &min, &max))
        message = g_strdup_printf (_("“%s” is not an answer here: type a whole number from %d to %d."),
                                   shown, min, max);
      else
        message = g_strdup (error->message);

      if (detail != NULL)
        *detail = g_strdup (error->message);
    }
  else if (saving && !*has_value && pl_question_get_required (field->question))
    {
      message = g_strdup (_("This question must be answered: type the customer’s answer."));
      if (detail != NULL)
        *detail = g_strdup_printf (_("“%s” must be answered: it is a required question."),
                                   pl_question_get_text (field->question));
    }

  set_field_error (field, message);
  return message;
}

static void
question_changed_cb (GtkWidget       *entry,
                     PlResponsesPage *self)
{
  QuestionField *field = find_field (self, entry);
  g_autofree char *message = NULL;
  gboolean has_value;
  double value;

  if (field == NULL)
    return;

  /* Flag a wrong answer as it is typed; focus stays where it is. */
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  message = check_field (field, FALSE, &has_value, &value, NULL, NULL);
}

static void
entry_activated_cb (PlResponsesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "responses.save", NULL);
}

static char *
range_placeholder (PlQuestion *question)
{
  int min, max;

  if (pl_question_get_kind (question) == PL_QUESTION_YESNO)
    /* Translators: placeholder of a yes/no answer box */
    return g_strdup (_("y/n"));

  if (!pl_question_get_range (question, &min, &max))
    return NULL;

  /* Translators: placeholder of a rating box, "1–5" */
  return g_strdup_printf (_("%d–%d"), min, max);
}

/* "1 = Billing, 2 = A fault, 3 = Moving home; several: 1 3" */
static char *
choices_hint (PlQuestion *question)
{
  g_auto(GStrv) choices = pl_question_dup_choices (question);
  g_autoptr(GString) hint = g_string_new (NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    g_string_append_printf (hint, "%s%u = %s", i > 0 ? ", " : "", i + 1, choices[i]);
  /* Translators: after the list of choices of a multiple-choice question */
  g_string_append (hint, _("; several: 1 3"));
  return g_string_free (g_steal_pointer (&hint), FALSE);
}

static void
add_question_field (PlResponsesPage *self,
                    PlQuestion      *question)
{
  QuestionField *field = g_new0 (QuestionField, 1);
  PlQuestionKind kind = pl_question_get_kind (question);
  g_autofree char *scale = kind == PL_QUESTION_MULTIPLE ? choices_hint (question) : pl_question_dup_hint (question);
  g_autofree char *placeholder = range_placeholder (question);
  GtkWidget *row;
  GtkWidget *entry;

  field->question = g_object_ref (question);
  if (pl_question_get_required (question))
    /* Translators: the hint under a required question, "Required · 1 = … 5 = …" */
    field->hint = scale != NULL ? g_strdup_printf (_("Required · %s"), scale) : g_strdup (_("Required"));
  else
    field->hint = g_strdup (scale != NULL ? scale : "");

  if (kind == PL_QUESTION_TEXT)
    {
      /* The customer's words: the whole row is the box. */
      row = entry = adw_entry_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_question_get_text (question));
      gtk_widget_set_name (entry, pl_question_get_code (question));
      if (*field->hint != '\0')
        gtk_widget_set_tooltip_text (row, field->hint);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, field->hint,
                                      GTK_ACCESSIBLE_PROPERTY_REQUIRED, pl_question_get_required (question),
                                      -1);
      g_signal_connect (entry, "changed", G_CALLBACK (question_changed_cb), self);
      g_signal_connect_swapped (entry, "entry-activated", G_CALLBACK (entry_activated_cb), self);
      field->row = row;
      field->entry = entry;
      adw_preferences_group_add (self->questions_group, row);
      g_ptr_array_add (self->fields, field);
      return;
    }

  row = adw_action_row_new ();
  entry = gtk_entry_new ();
  field->row = row;
  field->entry = entry;

  /* Question texts are the user's words, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_question_get_text (question));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), field->hint);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

  gtk_widget_set_name (entry, pl_question_get_code (question));
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), kind == PL_QUESTION_MULTIPLE ? 8 : 5);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), kind == PL_QUESTION_MULTIPLE ? 8 : 5);
  gtk_entry_set_alignment (GTK_ENTRY (entry), 0.5);
  if (kind == PL_QUESTION_MULTIPLE)
    /* Translators: placeholder of a multiple-choice answer box */
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("1 3"));
  else if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry),
                               kind == PL_QUESTION_YESNO ? GTK_INPUT_PURPOSE_ALPHA :
                               kind == PL_QUESTION_MULTIPLE ? GTK_INPUT_PURPOSE_FREE_FORM :
                               GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pl_question_get_text (question),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, field->hint,
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, pl_question_get_required (question),
                                  -1);
  g_signal_connect (entry, "changed", G_CALLBACK (question_changed_cb), self);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (entry_activated_cb), self);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);
  /* Tab goes from box to box, not through the rows around them. */
  gtk_widget_set_focusable (row, FALSE);

  adw_preferences_group_add (self->questions_group, row);
  g_ptr_array_add (self->fields, field);
}

static void
clear_questions (PlResponsesPage *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      QuestionField *field = g_ptr_array_index (self->fields, i);

      adw_preferences_group_remove (self->questions_group, field->row);
    }
  g_ptr_array_set_size (self->fields, 0);

  if (self->no_questions_row != NULL)
    {
      adw_preferences_group_remove (self->questions_group, self->no_questions_row);
      self->no_questions_row = NULL;
    }
}

static void
build_questions (PlResponsesPage *self)
{
  g_autoptr(GListModel) questions = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  clear_questions (self);

  if (self->workspace == NULL || self->survey_id == 0)
    return;

  questions = pl_survey_list_questions (self->workspace, self->survey_id, &error);
  if (questions == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The survey’s questions could not be read: %s"),
                                                  error->message);
      show_toast (self, message);
      return;
    }

  n = g_list_model_get_n_items (questions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlQuestion) question = g_list_model_get_item (questions, i);

      /* A choice question without choices has nothing to answer with. */
      if (pl_question_get_range (question, NULL, NULL) || question_takes_words (question))
        add_question_field (self, question);
    }

  if (self->fields->len == 0)
    {
      self->no_questions_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->no_questions_row),
                                     _("This survey has no questions yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->no_questions_row),
                                   _("Add them under Collect → Surveys; meanwhile the customer’s words "
                                     "can go in the comment below."));
      adw_preferences_group_add (self->questions_group, self->no_questions_row);
    }
}

static void
focus_first_field (PlResponsesPage *self)
{
  if (self->fields->len > 0)
    {
      QuestionField *field = g_ptr_array_index (self->fields, 0);

      gtk_widget_grab_focus (field->entry);
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->comment_view));
}

/* ---- form state ------------------------------------------------------ */

static void
show_message (PlResponsesPage *self,
              const char      *message)
{
  /* Translators: shown above the Save button when a response was not saved */
  g_autofree char *text = g_strdup_printf (_("Not saved: %s What you typed is still in the form."),
                                           message);

  gtk_label_set_text (self->message_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
}

static void
update_mode (PlResponsesPage *self)
{
  gboolean editing = self->editing != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "responses.cancel-edit", editing);
  gtk_button_set_label (self->save_button, editing ? _("Save _Changes") : _("_Save Response"));

  if (editing)
    {
      g_autofree char *date = pl_date_format_short (pl_response_get_responded_on (self->editing));
      g_autofree char *description =
        g_strdup_printf (_("Correcting the response of %s. Save Changes keeps it as the same "
                           "response; Cancel (Esc) leaves it as it was."),
                         date);

      adw_preferences_group_set_title (self->questions_group, _("Edit Response"));
      adw_preferences_group_set_description (self->questions_group, description);
    }
  else
    {
      adw_preferences_group_set_title (self->questions_group, _("New Response"));
      adw_preferences_group_set_description (self->questions_group,
                                             _("Type the number the customer gave for each rating, y or n, "
                                               "the numbers of the choices ticked, and their words. Tab "
                                               "moves to the next field; Enter saves the response and "
                                               "clears the form for the next one."));
    }
}

/* Empties the answers and the comment for the next response. The survey,
 * channel, colleague and date stay: a batch of forms usually shares them. */
static void
clear_form (PlResponsesPage *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      QuestionField *field = g_ptr_array_index (self->fields, i);

      gtk_editable_set_text (GTK_EDITABLE (field->entry), "");
      set_field_error (field, NULL);
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->comment_view), "", -1);

  if (self->editing != NULL)
    {
      g_clear_object (&self->editing);
      combo_set_id (self->channel_row, self->batch_channel_id);
      combo_set_id (self->colleague_row, self->batch_colleague_id);
      gtk_editable_set_text (GTK_EDITABLE (self->date_row),
                             self->batch_date != NULL ? self->batch_date : "");
      g_clear_pointer (&self->batch_date, g_free);
    }

  set_row_error (GTK_WIDGET (self->date_row), GTK_WIDGET (self->date_row), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  update_mode (self);
}

static void
load_into_form (PlResponsesPage *self,
                PlResponse      *response)
{
  const char *comment = pl_response_get_comment (response);

  if (self->editing == NULL)
    {
      self->batch_channel_id = combo_get_id (self->channel_row);
      self->batch_colleague_id = combo_get_id (self->colleague_row);
      g_free (self->batch_date);
      self->batch_date = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
    }
  g_set_object (&self->editing, response);

  for (guint i = 0; i < self->fields->len; i++)
    {
      QuestionField *field = g_ptr_array_index (self->fields, i);
      g_autofree char *text = NULL;
      double value;

      if (pl_question_get_kind (field->question) == PL_QUESTION_TEXT)
        text = g_strdup (pl_response_get_text_answer (response, pl_question_get_id (field->question)));
      else if (pl_question_get_kind (field->question) == PL_QUESTION_MULTIPLE)
        {
          const char *stored = pl_response_get_text_answer (response, pl_question_get_id (field->question));

          /* An imported answer that names no choice of the question shows
           * as it was typed, and is checked when saved. */
          text = pl_question_format_choices (field->question, stored);
          if (text == NULL)
            text = g_strdup (stored);
        }
      else if (pl_response_get_answer (response, pl_question_get_id (field->question), &value))
        text = pl_question_format_value (field->question, value);
      gtk_editable_set_text (GTK_EDITABLE (field->entry), text != NULL ? text : "");
      set_field_error (field, NULL);
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->comment_view),
                            comment != NULL ? comment : "", -1);
  combo_set_id (self->channel_row, pl_response_get_channel_id (response));
  combo_set_id (self->colleague_row, pl_response_get_colleague_id (response));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), pl_response_get_responded_on (response));
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);

  update_mode (self);
  focus_first_field (self);
}

/* ---- recent responses ------------------------------------------------ */

static char *
excerpt (const char *text)
{
  g_autofree char *flat = NULL;
  glong n;

  if (text == NULL || *text == '\0')
    return NULL;

  flat = g_strdup (text);
  g_strdelimit (flat, "\n\r\t", ' ');
  n = g_utf8_strlen (flat, -1);
  if (n <= COMMENT_EXCERPT_CHARS)
    return g_strdup_printf ("“%s”", flat);

  *g_utf8_offset_to_pointer (flat, COMMENT_EXCERPT_CHARS - 1) = '\0';
  return g_strdup_printf ("“%s…”", g_strchomp (flat));
}

static GtkWidget *
make_icon_button (const char *icon_name,
                  const char *tooltip,
                  const char *accessible_label,
                  const char *action_name,
                  gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
  return button;
}

static GtkWidget *
create_recent_row (gpointer item,
                   gpointer user_data)
{
  PlResponse *response = item;
  gint64 id = pl_response_get_id (response);
  g_autofree char *summary = pl_response_dup_summary (response);
  g_autofree char *date = pl_date_format_short (pl_response_get_responded_on (response));
  g_autofree char *comment = excerpt (pl_response_get_comment (response));
  g_autofree char *edit_label = g_strdup_printf (_("Edit the response of %s"), date);
  g_autofree char *trash_label = g_strdup_printf (_("Move the response of %s to the trash"), date);
  const char *channel = pl_response_get_channel_name (response);
  const char *colleague = pl_response_get_colleague_name (response);
  g_autoptr(GString) subtitle = g_string_new (date);
  GtkWidget *row = adw_action_row_new ();

  g_string_append_printf (subtitle, " · %s", channel != NULL ? channel : _("channel not recorded"));
  g_string_append_printf (subtitle, " · %s", colleague != NULL ? colleague : _("colleague not recorded"));
  if (comment != NULL)
    g_string_append_printf (subtitle, "\n%s", comment);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 *summary != '\0' ? summary : _("No ratings given"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_set_focusable (row, FALSE);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             make_icon_button ("document-edit-symbolic", _("Edit"), edit_label,
                                               "responses.edit", id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             make_icon_button ("user-trash-symbolic", _("Move to Trash"), trash_label,
                                               "responses.trash", id));
  return row;
}

static void
reload_recent (PlResponsesPage *self)
{
  g_autoptr(GListModel) recent = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace != NULL && self->survey_id != 0)
    {
      recent = pl_response_list_recent (self->workspace, self->survey_id, RECENT_LIMIT, &error);
      if (recent == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The recent responses could not be read: %s"),
                                                      error->message);
          show_toast (self, message);
        }
    }

  if (recent == NULL)
    recent = G_LIST_MODEL (g_list_store_new (PL_TYPE_RESPONSE));

  gtk_list_box_bind_model (self->recent_list, recent, create_recent_row, self, NULL);
}

/* ---- all responses ---------------------------------------------------- */

static void
browse_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char * const classes[][2] = { { NULL, NULL }, { "dim-label", NULL }, { "dim-label", "caption" } };

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      for (guint j = 0; j < 2 && classes[i][j] != NULL; j++)
        gtk_widget_add_css_class (label, classes[i][j]);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_list_item_set_child (list_item, box);
}

static void
browse_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  PlResponse *response = gtk_list_item_get_item (list_item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *comment_label = gtk_widget_get_next_sibling (subtitle);
  g_autofree char *summary = NULL;
  g_autofree char *date = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *line = NULL;
  const char *channel, *colleague;

  if (response == NULL)
    return;

  summary = pl_response_dup_summary (response);
  date = pl_date_format_short (pl_response_get_responded_on (response));
  comment = excerpt (pl_response_get_comment (response));
  channel = pl_response_get_channel_name (response);
  colleague = pl_response_get_colleague_name (response);
  /* Translators: under a response in the list: date · channel · colleague */
  line = g_strdup_printf (_("%s · %s · %s"), date,
                          channel != NULL ? channel : _("channel not recorded"),
                          colleague != NULL ? colleague : _("colleague not recorded"));

  gtk_label_set_text (GTK_LABEL (title), *summary != '\0' ? summary : _("No ratings given"));
  gtk_label_set_text (GTK_LABEL (subtitle), line);
  gtk_label_set_text (GTK_LABEL (comment_label), comment != NULL ? comment : "");
  gtk_widget_set_visible (comment_label, comment != NULL);
}

static void
show_browse_count (PlResponsesPage *self)
{
  guint n = self->browse_model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->browse_model)) : 0;
  g_autofree char *number = g_strdup_printf ("%'u", n);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("No responses match these filters. Widen the period or choose “All” to see more."));
  else
    /* Translators: above the list of responses */
    text = g_strdup_printf (ngettext ("%s response, newest first. Choose one to correct it in the form.",
                                      "%s responses, newest first. Choose one to correct it in the form.", n),
                            number);
  gtk_label_set_text (self->browse_count_label, text);
}

/* The filter the rows ask for, or FALSE with the message shown. */
static gboolean
read_filter (PlResponsesPage  *self,
             PlResponseFilter *filter,
             char            **from,
             char            **to)
{
  struct { AdwEntryRow *row; char **out; } days[] = {
    { self->filter_from_row, from },
    { self->filter_to_row, to },
  };

  memset (filter, 0, sizeof *filter);
  filter->survey_id = combo_get_id (self->filter_survey_row);
  filter->channel_id = combo_get_id (self->filter_channel_row);
  filter->colleague_id = combo_get_id (self->filter_colleague_row);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (days[i].row))));

      set_row_error (GTK_WIDGET (days[i].row), GTK_WIDGET (days[i].row), NULL);
      if (*typed == '\0')
        continue;
      *days[i].out = parse_user_date (typed);
      if (*days[i].out == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a date: type it as 2026-09-27 or 27/9/2026."),
                                                      typed);

          set_row_error (GTK_WIDGET (days[i].row), GTK_WIDGET (days[i].row), message);
          gtk_label_set_text (self->filter_message_label, message);
          gtk_widget_set_visible (GTK_WIDGET (self->filter_message_label), TRUE);
          return FALSE;
        }
    }

  filter->from = *from;
  filter->to = *to;
  return TRUE;
}

/* A new model rather than items-changed on the old one: GtkListView 4.8
 * takes half a minute to drop a million items that way, and a few
 * milliseconds to take a new model. */
static void
browse_set_model (PlResponsesPage *self,
                  PlResponseModel *model)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_set_object (&self->browse_model, model);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_list_view_set_model (self->browse_list, GTK_SELECTION_MODEL (selection));
}

static void
apply_filter (PlResponsesPage *self)
{
  g_autoptr(PlResponseModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  PlResponseFilter filter;
  AdwComboRow *combos[] = { self->filter_survey_row, self->filter_channel_row, self->filter_colleague_row };

  if (self->loading || self->workspace == NULL || self->browse_model == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->filter_message_label), FALSE);
  if (!read_filter (self, &filter, &from, &to))
    return;

  model = pl_response_model_new (self->workspace, &filter, &error);
  if (model == NULL)
    {
      gtk_label_set_text (self->filter_message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->filter_message_label), TRUE);
      return;
    }
  browse_set_model (self, model);

  /* "After-contact survey · Telephone · from 1 Sep 2026" */
  for (guint i = 0; i < G_N_ELEMENTS (combos); i++)
    {
      PlItem *item = adw_combo_row_get_selected_item (combos[i]);

      if (item != NULL)
        g_string_append_printf (summary, "%s%s", summary->len > 0 ? " · " : "", pl_item_get_name (item));
    }
  if (from != NULL || to != NULL)
    {
      g_autofree char *a = from != NULL ? pl_date_format_short (from) : g_strdup ("…");
      g_autofree char *b = to != NULL ? pl_date_format_short (to) : g_strdup ("…");

      g_string_append_printf (summary, " · %s – %s", a, b);
    }
  adw_expander_row_set_subtitle (self->filter_expander, summary->str);
  show_browse_count (self);
}

static void
filter_changed_cb (PlResponsesPage *self)
{
  apply_filter (self);
}

/* Fills a filter's choices, "All …" first, keeping what was chosen. */
static void
fill_filter_combo (AdwComboRow *row,
                   GListModel  *items,
                   const char  *all)
{
  g_autoptr(GListStore) store = g_list_store_new (PL_TYPE_ITEM);
  g_autoptr(PlItem) first = pl_item_new (0, NULL, all, NULL);
  gint64 chosen = combo_get_id (row);
  guint n = items != NULL ? g_list_model_get_n_items (items) : 0;

  g_list_store_append (store, first);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);

      g_list_store_append (store, item);
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (store));
  combo_set_id (row, chosen);
}

static void
ensure_browse (PlResponsesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlResponseModel) model = NULL;
  PlResponseFilter filter = { 0 };

  if (self->workspace == NULL)
    return;

  if (self->browse_model != NULL)
    {
      if (self->browse_stale)
        {
          self->browse_stale = FALSE;
          apply_filter (self);
        }
      return;
    }

  /* The survey of the form to start with. */
  self->loading = TRUE;
  combo_set_id (self->filter_survey_row, self->survey_id);
  self->loading = FALSE;
  filter.survey_id = combo_get_id (self->filter_survey_row);
  model = pl_response_model_new (self->workspace, &filter, &error);
  if (model == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  self->browse_stale = FALSE;
  browse_set_model (self, model);
  show_browse_count (self);
}

static void
forget_browse (PlResponsesPage *self)
{
  if (self->browse_list != NULL)
    gtk_list_view_set_model (self->browse_list, NULL);
  g_clear_object (&self->browse_model);
  self->browse_stale = FALSE;
}

static void
view_changed_cb (PlResponsesPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "browse") == 0)
    ensure_browse (self);
}

static void
responses_changed (PlResponsesPage *self)
{
  if (self->browse_model == NULL)
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "browse") != 0)
    {
      self->browse_stale = TRUE;
      return;
    }

  apply_filter (self);
}

static void
browse_activated_cb (PlResponsesPage *self,
                     guint            position)
{
  g_autoptr(PlResponse) response = NULL;

  if (self->browse_model == NULL)
    return;

  response = g_list_model_get_item (G_LIST_MODEL (self->browse_model), position);
  if (response != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "responses.edit", "x", pl_response_get_id (response));
}

/* ---- workspace ------------------------------------------------------- */

/* @force: build the form again even for the same survey. */
static void
select_survey (PlResponsesPage *self,
               gint64           survey_id,
               gboolean         force)
{
  if (survey_id == self->survey_id && !force)
    return;

  self->survey_id = survey_id;
  g_clear_object (&self->editing);
  g_clear_pointer (&self->batch_date, g_free);
  build_questions (self);
  clear_form (self);
  reload_recent (self);
}

/* Reads the surveys, channels and colleagues again, keeping what was
 * chosen. @rebuild: the questions may have changed too. */
static void
reload_items (PlResponsesPage *self,
              gboolean         rebuild)
{
  g_autoptr(GListModel) surveys = NULL;
  g_autoptr(GListModel) channels = NULL;
  g_autoptr(GListModel) colleagues = NULL;
  g_autoptr(GListStore) colleague_choices = NULL;
  g_autoptr(PlItem) not_recorded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 survey_id = self->survey_id;
  gint64 channel_id = combo_get_id (self->channel_row);
  gint64 colleague_id = combo_get_id (self->colleague_row);
  guint n_colleagues;

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      self->loading = TRUE;
      adw_combo_row_set_model (self->survey_row, NULL);
      adw_combo_row_set_model (self->channel_row, NULL);
      adw_combo_row_set_model (self->colleague_row, NULL);
      adw_combo_row_set_model (self->filter_survey_row, NULL);
      adw_combo_row_set_model (self->filter_channel_row, NULL);
      adw_combo_row_set_model (self->filter_colleague_row, NULL);
      self->loading = FALSE;
      forget_browse (self);
      select_survey (self, 0, TRUE);
      return;
    }

  if ((surveys = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_SURVEY, &error)) == NULL ||
      (channels = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_CHANNEL, &error)) == NULL ||
      (colleagues = pl_workspace_list_items (self->workspace, PL_ITEM_KIND_COLLEAGUE, &error)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The survey could not be read: %s"), error->message);

      show_toast (self, message);
      return;
    }

  /* Colleague is optional on a survey form: the first choice says so. */
  colleague_choices = g_list_store_new (PL_TYPE_ITEM);
  not_recorded = pl_item_new (0, NULL, _("Not recorded"), NULL);
  g_list_store_append (colleague_choices, not_recorded);
  n_colleagues = g_list_model_get_n_items (colleagues);
  for (guint i = 0; i < n_colleagues; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (colleagues, i);

      g_list_store_append (colleague_choices, item);
    }

  self->loading = TRUE;
  adw_combo_row_set_model (self->survey_row, surveys);
  combo_set_id (self->survey_row, survey_id);
  adw_combo_row_set_model (self->channel_row, channels);
  combo_set_id (self->channel_row, channel_id);
  adw_combo_row_set_model (self->colleague_row, G_LIST_MODEL (colleague_choices));
  combo_set_id (self->colleague_row, colleague_id);
  fill_filter_combo (self->filter_survey_row, surveys, _("All surveys"));
  fill_filter_combo (self->filter_channel_row, channels, _("All channels"));
  fill_filter_combo (self->filter_colleague_row, colleagues, _("All colleagues"));
  self->loading = FALSE;

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (surveys) > 0 ? "form" : "empty");

  select_survey (self, combo_get_id (self->survey_row), rebuild);
}

static void
workspace_changed_cb (PlWorkspace     *workspace,
                      const char      *table,
                      PlResponsesPage *self)
{
  if (g_str_equal (table, "responses") || g_str_equal (table, "answers"))
    {
      reload_recent (self);
      responses_changed (self);
    }
  else if (g_str_equal (table, "surveys") || g_str_equal (table, "questions"))
    {
      reload_items (self, TRUE);
      /* Question codes name the answers in the list. */
      responses_changed (self);
    }
  else if (g_str_equal (table, "channels") || g_str_equal (table, "colleagues") ||
           g_str_equal (table, "teams"))
    {
      reload_items (self, FALSE);
      /* The names in the list may have changed. */
      reload_recent (self);
    }
}

static void
survey_selected_cb (PlResponsesPage *self)
{
  if (self->loading)
    return;

  select_survey (self, combo_get_id (self->survey_row), FALSE);
  focus_first_field (self);
}

/* ---- actions --------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (widget);
  g_autoptr(PlResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_message = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *today = pl_today_iso ();
  g_autofree char *comment = NULL;
  GtkWidget *first_invalid = NULL;
  GtkTextIter start, end;
  GtkTextBuffer *buffer;
  gboolean was_editing;

  if (self->workspace == NULL || self->survey_id == 0)
    return;

  response = self->editing != NULL ? g_object_ref (self->editing) : pl_response_new (self->survey_id);

  for (guint i = 0; i < self->fields->len; i++)
    {
      QuestionField *field = g_ptr_array_index (self->fields, i);
      gint64 question_id = pl_question_get_id (field->question);
      g_autofree char *message = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *stored = NULL;
      gboolean has_value = FALSE;
      double value = 0;

      message = check_field (field, TRUE, &has_value, &value, &stored, &detail);
      if (message != NULL)
        {
          if (first_invalid == NULL)
            {
              first_invalid = field->entry;
              first_message = g_steal_pointer (&detail);
            }
        }
      else if (question_takes_words (field->question))
        pl_response_set_text_answer (response, question_id, stored);
      else if (has_value)
        pl_response_set_answer (response, question_id, value);
      else
        pl_response_clear_answer (response, question_id);
    }

  iso = parse_user_date (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  if (iso == NULL || g_strcmp0 (iso, today) > 0)
    {
      set_row_error (GTK_WIDGET (self->date_row), GTK_WIDGET (self->date_row), "");
      if (first_invalid == NULL)
        {
          first_invalid = GTK_WIDGET (self->date_row);
          first_message = iso == NULL
            ? g_strdup (_("The date is not one Plumbline can read: type it as 2026-09-27 or 27/9/2026."))
            : g_strdup (_("The date is in the future: type the day the customer responded."));
        }
    }

  if (first_invalid != NULL)
    {
      show_message (self, first_message);
      gtk_widget_grab_focus (first_invalid);
      return;
    }

  buffer = gtk_text_view_get_buffer (self->comment_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  comment = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  pl_response_set_responded_on (response, iso);
  pl_response_set_channel_id (response, combo_get_id (self->channel_row));
  pl_response_set_colleague_id (response, combo_get_id (self->colleague_row));
  pl_response_set_comment (response, g_strstrip (comment));

  if (!pl_response_save (response, self->workspace, &error))
    {
      show_message (self, error->message);
      show_toast (self, _("The response was not saved"));
      return;
    }

  was_editing = self->editing != NULL;
  clear_form (self);
  show_toast (self, was_editing ? _("Changes saved") : _("Response saved"));
  focus_first_field (self);
}

static void
cancel_edit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (widget);

  if (self->editing == NULL)
    return;

  clear_form (self);
  focus_first_field (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (widget);
  g_autoptr(PlResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  response = pl_response_load (self->workspace, g_variant_get_int64 (parameter), &error);
  if (response == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  if (pl_response_get_survey_id (response) != self->survey_id)
    {
      combo_set_id (self->survey_row, pl_response_get_survey_id (response));
      if (pl_response_get_survey_id (response) != self->survey_id)
        return;
    }

  gtk_stack_set_visible_child_name (self->view_stack, "enter");
  load_into_form (self, response);
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);
  AdwToast *toast;

  if (self->workspace == NULL)
    return;

  if (self->editing != NULL && pl_response_get_id (self->editing) == id)
    clear_form (self);

  if (!pl_response_trash (self->workspace, id, &error))
    {
      show_toast (self, error->message);
      return;
    }

  toast = adw_toast_new (_("Response moved to the trash"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "responses.restore");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  if (!pl_response_restore (self->workspace, g_variant_get_int64 (parameter), &error))
    {
      show_toast (self, error->message);
      return;
    }

  show_toast (self, _("Response restored"));
}

static void
browse_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (widget);

  gtk_stack_set_visible_child_name (self->view_stack, "browse");
  gtk_widget_grab_focus (GTK_WIDGET (self->browse_list));
}

static void
enter_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (widget);

  gtk_stack_set_visible_child_name (self->view_stack, "enter");
  focus_first_field (self);
}

/* ---- GObject --------------------------------------------------------- */

static void
pl_responses_page_map (GtkWidget *widget)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (widget);

  GTK_WIDGET_CLASS (pl_responses_page_parent_class)->map (widget);

  /* Ready to type the first answer. */
  if (self->survey_id != 0)
    focus_first_field (self);
}

static void
pl_responses_page_dispose (GObject *object)
{
  PlResponsesPage *self = (PlResponsesPage *) object;

  /* Nothing reacts to the widgets while they go. */
  self->loading = TRUE;
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (self->workspace, workspace_changed_cb, self);
  g_clear_object (&self->workspace);

  if (self->recent_list != NULL)
    gtk_list_box_bind_model (self->recent_list, NULL, NULL, NULL, NULL);
  forget_browse (self);

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_RESPONSES_PAGE);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  self->no_questions_row = NULL;

  g_clear_object (&self->editing);
  g_clear_pointer (&self->batch_date, g_free);

  G_OBJECT_CLASS (pl_responses_page_parent_class)->dispose (object);
}

static void
pl_responses_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (object);

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
pl_responses_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PlResponsesPage *self = PL_RESPONSES_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_responses_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_responses_page_class_init (PlResponsesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_responses_page_dispose;
  object_class->get_property = pl_responses_page_get_property;
  object_class->set_property = pl_responses_page_set_property;
  widget_class->map = pl_responses_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PL_TYPE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-responses-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, survey_row);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, questions_group);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, comment_view);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, channel_row);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, colleague_row);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, filter_expander);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, filter_survey_row);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, filter_from_row);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, filter_to_row);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, filter_channel_row);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, filter_colleague_row);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, filter_message_label);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, browse_count_label);
  gtk_widget_class_bind_template_child (widget_class, PlResponsesPage, browse_list);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, browse_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, survey_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "responses.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "responses.cancel-edit", NULL, cancel_edit_action);
  gtk_widget_class_install_action (widget_class, "responses.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "responses.trash", "x", trash_action);
  gtk_widget_class_install_action (widget_class, "responses.restore", "x", restore_action);
  gtk_widget_class_install_action (widget_class, "responses.browse", NULL, browse_action);
  gtk_widget_class_install_action (widget_class, "responses.enter", NULL, enter_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "responses.cancel-edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "responses.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "responses.save", NULL);
}

static void
pl_responses_page_init (PlResponsesPage *self)
{
  GtkEventController *shortcuts;
  g_autofree char *today = pl_today_iso ();

  gtk_widget_init_template (GTK_WIDGET (self));
  pl_add_save_shortcut (GTK_WIDGET (self), "responses.save");

  self->fields = g_ptr_array_new_with_free_func (question_field_free);

  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (browse_setup_cb), self);
    g_signal_connect (factory, "bind", G_CALLBACK (browse_bind_cb), self);
    gtk_list_view_set_factory (self->browse_list, factory);
  }

  /* The comment takes Enter as a new line; Ctrl+Enter saves, caught before
   * the text view turns it into a line break. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("responses.save")));
  gtk_widget_add_controller (GTK_WIDGET (self->comment_view), shortcuts);

  gtk_list_box_set_placeholder (self->recent_list,
                                g_object_new (GTK_TYPE_LABEL,
                                              "label", _("No responses to this survey yet. "
                                                         "The ones you enter appear here."),
                                              "wrap", TRUE,
                                              "margin-top", 18,
                                              "margin-bottom", 18,
                                              "margin-start", 12,
                                              "margin-end", 12,
                                              "css-classes", (const char * const[]) { "dim-label", NULL },
                                              NULL));

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  update_mode (self);
  reload_items (self, TRUE);
}

GtkWidget *
pl_responses_page_new (void)
{
  return g_object_new (PL_TYPE_RESPONSES_PAGE, NULL);
}

PlWorkspace *
pl_responses_page_get_workspace (PlResponsesPage *self)
{
  g_return_val_if_fail (PL_IS_RESPONSES_PAGE (self), NULL);

  return self->workspace;
}

/**
 * pl_responses_page_set_workspace:
 * @workspace: (nullable): the open workspace, or %NULL when it closes
 */
void
pl_responses_page_set_workspace (PlResponsesPage *self,
                                 PlWorkspace     *workspace)
{
  g_autofree char *today = pl_today_iso ();

  g_return_if_fail (PL_IS_RESPONSES_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_func (self->workspace, workspace_changed_cb, self);

  g_set_object (&self->workspace, workspace);

  if (workspace != NULL)
    g_signal_connect_object (workspace, "changed", G_CALLBACK (workspace_changed_cb), self, 0);

  /* Another workspace: nothing of the last one's batch applies. */
  forget_browse (self);
  g_clear_object (&self->editing);
  g_clear_pointer (&self->batch_date, g_free);
  self->survey_id = 0;
  self->loading = TRUE;
  adw_combo_row_set_model (self->channel_row, NULL);
  adw_combo_row_set_model (self->colleague_row, NULL);
  self->loading = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);

  reload_items (self, TRUE);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->survey_id != 0)
    focus_first_field (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

GtkWidget *
pl_responses_page_get_field (PlResponsesPage *self,
                             const char      *name)
{
  static const struct {
    const char *name;
    gsize offset;
  } fixed[] = {
    { "comment", G_STRUCT_OFFSET (PlResponsesPage, comment_view) },
    { "channel", G_STRUCT_OFFSET (PlResponsesPage, channel_row) },
    { "colleague", G_STRUCT_OFFSET (PlResponsesPage, colleague_row) },
    { "survey", G_STRUCT_OFFSET (PlResponsesPage, survey_row) },
    { "date", G_STRUCT_OFFSET (PlResponsesPage, date_row) },
    { "message", G_STRUCT_OFFSET (PlResponsesPage, message_label) },
    { "save", G_STRUCT_OFFSET (PlResponsesPage, save_button) },
    { "cancel", G_STRUCT_OFFSET (PlResponsesPage, cancel_button) },
    { "recent", G_STRUCT_OFFSET (PlResponsesPage, recent_list) },
    { "view", G_STRUCT_OFFSET (PlResponsesPage, view_stack) },
    { "filter-survey", G_STRUCT_OFFSET (PlResponsesPage, filter_survey_row) },
    { "filter-from", G_STRUCT_OFFSET (PlResponsesPage, filter_from_row) },
    { "filter-to", G_STRUCT_OFFSET (PlResponsesPage, filter_to_row) },
    { "filter-channel", G_STRUCT_OFFSET (PlResponsesPage, filter_channel_row) },
    { "filter-colleague", G_STRUCT_OFFSET (PlResponsesPage, filter_colleague_row) },
    { "filter-message", G_STRUCT_OFFSET (PlResponsesPage, filter_message_label) },
    { "browse-count", G_STRUCT_OFFSET (PlResponsesPage, browse_count_label) },
    { "browse-list", G_STRUCT_OFFSET (PlResponsesPage, browse_list) },
  };

  g_return_val_if_fail (PL_IS_RESPONSES_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      if (g_str_equal (name, fixed[i].name))
        return G_STRUCT_MEMBER (GtkWidget *, self, fixed[i].offset);
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      QuestionField *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (pl_question_get_code (field->question), name) == 0)
        return field->entry;
    }

  return NULL;
}

gint64
pl_responses_page_get_editing_id (PlResponsesPage *self)
{
  g_return_val_if_fail (PL_IS_RESPONSES_PAGE (self), 0);

  return self->editing != NULL ? pl_response_get_id (self->editing) : 0;
}

/**
 * pl_responses_page_get_browse_model:
 *
 * Returns: (transfer none) (nullable): the list of all responses, once
 *   the All Responses view has been shown
 */
GListModel *
pl_responses_page_get_browse_model (PlResponsesPage *self)
{
  g_return_val_if_fail (PL_IS_RESPONSES_PAGE (self), NULL);

  return self->browse_model != NULL ? G_LIST_MODEL (self->browse_model) : NULL;
}
