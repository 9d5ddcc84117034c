/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>

#include "core/pl-item.h"
#include "core/pl-kpi.h"
#include "core/pl-survey.h"

#include "pl-kpi-wizard.h"
#include "pl-surveys-page.h"

/* Collect → Surveys: the surveys of the workspace with their question and
 * response counts, and the designer of one survey: its name, its questions
 * in order (added and edited in a dialog whose fields follow the kind of
 * question), which KPI each rating question feeds, and archiving. */

static const struct
{
  int min;
  int max;
} likert_scales[] = {
  { 1, 3 }, { 1, 4 }, { 1, 5 }, { 1, 6 }, { 1, 7 }, { 1, 9 }, { 1, 10 }, { 0, 10 },
};
#define DEFAULT_LIKERT_SCALE 2   /* 1 to 5 */

typedef struct
{
  GtkWidget *window;
  AdwWindowTitle *title;
  AdwEntryRow *text_row;
  AdwComboRow *kind_row;
  AdwComboRow *scale_row;
  GtkWidget *choices_group;
  GtkTextView *choices_view;
  AdwEntryRow *code_row;
  GtkLabel *code_hint;
  GtkSwitch *required_switch;
  GtkLabel *message_label;
  GtkLabel *note_label;
  gint64 survey_id;
  gint64 question_id;           /* 0 for a new question */
} QuestionDialog;

struct _PlSurveysPage
{
  AdwBin parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  GtkListBox *survey_list;
  AdwEntryRow *new_name_row;
  GtkLabel *new_message_label;
  AdwPreferencesGroup *details_group;
  AdwEntryRow *name_row;
  AdwEntryRow *description_row;
  GtkLabel *details_message_label;
  AdwPreferencesGroup *questions_group;
  GtkListBox *question_list;
  AdwActionRow *archive_row;
  GtkButton *archive_button;

  PlWorkspace *workspace;
  gint64 survey_id;
  QuestionDialog *dialog;
  GtkWidget *kpi_wizard;
  guint refresh_id;
  gboolean stale;
};

G_DEFINE_FINAL_TYPE (PlSurveysPage, pl_surveys_page, ADW_TYPE_BIN)

static void refresh (PlSurveysPage *self);

static void
show_toast (PlSurveysPage *self,
            const char    *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static void
set_message (GtkLabel   *label,
             const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* ---- the list of surveys ------------------------------------------------ */

static GtkWidget *
create_survey_row (gpointer item,
                   gpointer user_data)
{
  PlSurvey *survey = item;
  g_autofree char *questions = format_count (pl_survey_get_n_questions (survey));
  g_autofree char *responses = format_count (pl_survey_get_n_responses (survey));
  g_autofree char *q_text = g_strdup_printf (ngettext ("%s question", "%s questions",
                                                       pl_survey_get_n_questions (survey)), questions);
  g_autofree char *r_text = g_strdup_printf (ngettext ("%s response", "%s responses",
                                                       (gulong) pl_survey_get_n_responses (survey)),
                                             responses);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();

  /* Translators: "4 questions · 6,012 responses" */
  g_string_printf (subtitle, _("%s · %s"), q_text, r_text);
  if (pl_survey_get_archived (survey))
    g_string_append_printf (subtitle, " · %s", _("archived"));
  if (pl_survey_get_description (survey) != NULL)
    g_string_append_printf (subtitle, "\n%s", pl_survey_get_description (survey));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pl_survey_get_name (survey));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "surveys.open");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                          g_variant_new_int64 (pl_survey_get_id (survey)));
  if (pl_survey_get_archived (survey))
    gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static void
load_surveys (PlSurveysPage *self)
{
  g_autoptr(GListModel) surveys = NULL;
  g_autoptr(GError) error = NULL;

  surveys = pl_survey_list (self->workspace, TRUE, &error);
  if (surveys == NULL)
    {
      show_toast (self, error->message);
      surveys = G_LIST_MODEL (g_list_store_new (PL_TYPE_SURVEY));
    }

  gtk_list_box_bind_model (self->survey_list, surveys, create_survey_row, self, NULL);
}

/* ---- the designer ----------------------------------------------------- */

static gboolean
kind_feeds_kpis (PlQuestionKind kind)
{
  return kind == PL_QUESTION_CSAT || kind == PL_QUESTION_NPS ||
         kind == PL_QUESTION_CES || kind == PL_QUESTION_LIKERT;
}

static GtkWidget *
create_question_row (PlSurveysPage *self,
                     PlQuestion    *question,
                     guint          index,
                     guint          n_questions)
{
  g_autoptr(GListModel) kpis = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *kind = pl_question_dup_kind_summary (question);
  g_autofree char *title = g_strdup_printf ("%u. %s", index + 1, pl_question_get_text (question));
  gint64 id = pl_question_get_id (question);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  guint n_kpis;

  kpis = pl_question_list_kpis (self->workspace, id, NULL);
  n_kpis = kpis != NULL ? g_list_model_get_n_items (kpis) : 0;

  /* Translators: under a question: its kind, whether it is required, its code */
  g_string_printf (subtitle, _("%s · %s · code %s"), kind,
                   pl_question_get_required (question) ? _("required") : _("optional"),
                   pl_question_get_code (question));
  for (guint i = 0; i < n_kpis; i++)
    {
      g_autoptr(PlItem) kpi = g_list_model_get_item (kpis, i);

      /* Translators: under a question, the KPI computed from its answers */
      g_string_append_printf (subtitle, "\n%s", "");
      g_string_append_printf (subtitle, _("Feeds KPI: %s"), pl_item_get_name (kpi));
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "question-id", g_memdup2 (&id, sizeof id), g_free);

  if (n_kpis == 0 && kind_feeds_kpis (pl_question_get_kind (question)))
    {
      button = gtk_button_new_with_mnemonic (_("Make _KPI…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Track the answers to this question as a KPI with a target"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "surveys.make-kpi");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  /* Moving and removing go in a menu, so that narrow rows keep room for
   * the question; Alt+Up/Down and Enter do the same from the keyboard. */
  {
    g_autoptr(GMenu) menu = g_menu_new ();
    g_autoptr(GMenuItem) item = NULL;
    GtkWidget *menu_button = gtk_menu_button_new ();

    if (index > 0)
      {
        item = g_menu_item_new (_("Move _Up"), NULL);
        g_menu_item_set_action_and_target_value (item, "surveys.move-question", g_variant_new ("(xi)", id, -1));
        g_menu_append_item (menu, item);
        g_clear_object (&item);
      }
    if (index + 1 < n_questions)
      {
        item = g_menu_item_new (_("Move _Down"), NULL);
        g_menu_item_set_action_and_target_value (item, "surveys.move-question", g_variant_new ("(xi)", id, 1));
        g_menu_append_item (menu, item);
        g_clear_object (&item);
      }
    item = g_menu_item_new (_("_Remove Question"), NULL);
    g_menu_item_set_action_and_target_value (item, "surveys.remove-question", g_variant_new_int64 (id));
    g_menu_append_item (menu, item);

    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
    gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (menu_button, "flat");
    gtk_widget_set_tooltip_text (menu_button, _("Move or Remove"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Move or remove the question"), -1);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);
  }
  return row;
}

static gint64
row_question_id (GtkListBoxRow *row)
{
  gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "question-id") : NULL;

  return id != NULL ? *id : 0;
}

static void
load_questions (PlSurveysPage *self,
                gint64         select_id)
{
  g_autoptr(GListModel) questions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint n;

  if (select_id == 0)
    select_id = row_question_id (gtk_list_box_get_selected_row (self->question_list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->question_list))) != NULL)
    gtk_list_box_remove (self->question_list, child);

  questions = pl_survey_list_questions (self->workspace, self->survey_id, &error);
  if (questions == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (questions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlQuestion) question = g_list_model_get_item (questions, i);
      GtkWidget *row = create_question_row (self, question, i, n);

      gtk_list_box_append (self->question_list, row);
      if (pl_question_get_id (question) == select_id)
        gtk_list_box_select_row (self->question_list, GTK_LIST_BOX_ROW (row));
    }
}

static void
load_designer (PlSurveysPage *self,
               gboolean       details)
{
  g_autoptr(PlSurvey) survey = NULL;
  g_autoptr(GError) error = NULL;
  gboolean archived;

  survey = pl_survey_load (self->workspace, self->survey_id, &error);
  if (survey == NULL)
    {
      /* Gone: back to the list. */
      self->survey_id = 0;
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  archived = pl_survey_get_archived (survey);
  if (details)
    {
      const char *description = pl_survey_get_description (survey);

      gtk_editable_set_text (GTK_EDITABLE (self->name_row), pl_survey_get_name (survey));
      gtk_editable_set_text (GTK_EDITABLE (self->description_row), description != NULL ? description : "");
      set_message (self->details_message_label, NULL);
    }
  adw_preferences_group_set_title (self->details_group,
                                   archived ? _("Survey (archived)") : _("Survey"));

  if (archived)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->archive_row), _("This survey is archived"));
      adw_action_row_set_subtitle (self->archive_row,
                                   _("It is not offered in the response form. Its responses stay and count "
                                     "in the analysis. Restore it to collect responses again."));
      gtk_button_set_label (self->archive_button, _("_Restore"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->archive_button), "surveys.restore");
      gtk_widget_remove_css_class (GTK_WIDGET (self->archive_button), "destructive-action");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->archive_row), _("Archive this survey"));
      adw_action_row_set_subtitle (self->archive_row,
                                   _("When a survey is no longer sent out. It leaves the response form; its "
                                     "questions and responses stay, and count in the analysis as before."));
      gtk_button_set_label (self->archive_button, _("_Archive"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->archive_button), "surveys.archive");
      gtk_widget_add_css_class (GTK_WIDGET (self->archive_button), "destructive-action");
    }

  load_questions (self, 0);
}

static void
refresh (PlSurveysPage *self)
{
  self->stale = FALSE;
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  load_surveys (self);
  if (self->survey_id != 0)
    load_designer (self, FALSE);
  if (self->survey_id == 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlSurveysPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
workspace_changed_cb (PlSurveysPage *self,
                      const char    *table)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
open_survey (PlSurveysPage *self,
             gint64         survey_id)
{
  self->survey_id = survey_id;
  load_designer (self, TRUE);
  if (self->survey_id != 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "designer");
      gtk_widget_grab_focus (GTK_WIDGET (self->question_list));
    }
}

/* ---- the question dialog -------------------------------------------- */

static void
dialog_update_kind (QuestionDialog *dialog)
{
  PlQuestionKind kind = adw_combo_row_get_selected (dialog->kind_row);

  gtk_widget_set_visible (GTK_WIDGET (dialog->scale_row), kind == PL_QUESTION_LIKERT);
  gtk_widget_set_visible (dialog->choices_group,
                          kind == PL_QUESTION_SINGLE || kind == PL_QUESTION_MULTIPLE);
}

static char *
dialog_choices (QuestionDialog *dialog)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (dialog->choices_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
dialog_update_code_hint (PlSurveysPage *self)
{
  QuestionDialog *dialog = self->dialog;
  const char *code = gtk_editable_get_text (GTK_EDITABLE (dialog->code_row));
  g_autofree char *suggested = NULL;
  g_autofree char *hint = NULL;

  if (self->workspace == NULL || *code != '\0')
    {
      gtk_label_set_text (dialog->code_hint, "");
      return;
    }

  suggested = pl_survey_suggest_code (self->workspace, dialog->survey_id,
                                      gtk_editable_get_text (GTK_EDITABLE (dialog->text_row)),
                                      adw_combo_row_get_selected (dialog->kind_row),
                                      dialog->question_id);
  /* Translators: the code used when the box is left empty */
  hint = g_strdup_printf (_("empty: %s"), suggested);
  gtk_label_set_text (dialog->code_hint, hint);
}

static void
dialog_save (PlSurveysPage *self)
{
  QuestionDialog *dialog = self->dialog;
  g_autoptr(GError) error = NULL;
  g_autofree char *choices = NULL;
  PlQuestionSpec spec = { 0 };
  guint scale = adw_combo_row_get_selected (dialog->scale_row);
  gboolean created = dialog->question_id == 0;
  gint64 id = dialog->question_id;

  if (scale >= G_N_ELEMENTS (likert_scales))
    scale = DEFAULT_LIKERT_SCALE;

  choices = dialog_choices (dialog);
  spec.text = gtk_editable_get_text (GTK_EDITABLE (dialog->text_row));
  spec.code = gtk_editable_get_text (GTK_EDITABLE (dialog->code_row));
  spec.kind = adw_combo_row_get_selected (dialog->kind_row);
  spec.scale_min = likert_scales[scale].min;
  spec.scale_max = likert_scales[scale].max;
  spec.choices = choices;
  spec.required = gtk_switch_get_active (dialog->required_switch);

  if (created)
    id = pl_survey_add_question (self->workspace, dialog->survey_id, &spec, &error);
  else
    pl_survey_update_question (self->workspace, id, &spec, &error);

  if (error != NULL)
    {
      set_message (dialog->message_label, error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (dialog->window));
  load_designer (self, FALSE);
  load_questions (self, id);
  show_toast (self, created ? _("Question added") : _("Question saved"));
}

static void
dialog_save_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PlSurveysPage *self = user_data;

  if (self->dialog != NULL)
    dialog_save (self);
}

static void
dialog_cancel_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PlSurveysPage *self = user_data;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog->window));
}

static void
dialog_destroyed_cb (PlSurveysPage *self)
{
  g_clear_pointer (&self->dialog, g_free);
}

static void
dialog_kind_cb (PlSurveysPage *self)
{
  if (self->dialog == NULL)
    return;
  dialog_update_kind (self->dialog);
  dialog_update_code_hint (self);
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  return g_object_new (ADW_TYPE_PREFERENCES_GROUP, "title", title, "description", description, NULL);
}

static void
open_question_dialog (PlSurveysPage *self,
                      PlQuestion    *question)
{
  static const GActionEntry entries[] = {
    { "save", dialog_save_cb, NULL, NULL, NULL, { 0 } },
    { "cancel", dialog_cancel_cb, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) scales = gtk_string_list_new (NULL);
  QuestionDialog *dialog;
  GtkWidget *toolbar, *header, *button, *scroller, *clamp, *box, *group, *frame, *row;
  GtkEventController *shortcuts;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gint64 answers = 0;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog->window));

  dialog = self->dialog = g_new0 (QuestionDialog, 1);
  dialog->survey_id = self->survey_id;
  dialog->question_id = question != NULL ? pl_question_get_id (question) : 0;
  if (question != NULL)
    pl_question_count_answers (self->workspace, dialog->question_id, &answers, NULL);

  dialog->window = adw_window_new ();
  gtk_window_set_modal (GTK_WINDOW (dialog->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog->window), 560, 680);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog->window), GTK_WINDOW (root));
  gtk_window_set_title (GTK_WINDOW (dialog->window), question != NULL ? _("Edit Question") : _("Add Question"));
  g_action_map_add_action_entries (G_ACTION_MAP (actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (dialog->window, "question", G_ACTION_GROUP (actions));
  g_signal_connect_object (dialog->window, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  dialog->title = ADW_WINDOW_TITLE (adw_window_title_new (gtk_window_get_title (GTK_WINDOW (dialog->window)), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (dialog->title));
  button = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "question.cancel");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), button);
  button = gtk_button_new_with_mnemonic (question != NULL ? _("_Save") : _("_Add"));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_tooltip_text (button, _("Ctrl+Enter"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "question.save");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  gtk_box_append (GTK_BOX (toolbar), header);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_box_append (GTK_BOX (toolbar), scroller);
  adw_window_set_content (ADW_WINDOW (dialog->window), toolbar);

  dialog->note_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (dialog->note_label, TRUE);
  gtk_label_set_xalign (dialog->note_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (dialog->note_label), "dim-label");
  if (answers > 0)
    {
      g_autofree char *shown = format_count (answers);
      g_autofree char *note = g_strdup_printf (ngettext ("This question has %s answer, so its kind and scale "
                                                         "stay as they are. It can be reworded, made optional "
                                                         "or required, and given more choices after the others.",
                                                         "This question has %s answers, so its kind and scale "
                                                         "stay as they are. It can be reworded, made optional "
                                                         "or required, and given more choices after the others.",
                                                         (gulong) answers),
                                               shown);

      gtk_label_set_text (dialog->note_label, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (dialog->note_label), answers > 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dialog->note_label));

  group = group_new (_("Question"), NULL);
  dialog->text_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->text_row), _("As customers read it"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->text_row));

  for (PlQuestionKind kind = PL_QUESTION_CSAT; kind <= PL_QUESTION_TEXT; kind++)
    gtk_string_list_append (kinds, pl_question_kind_to_label (kind));
  dialog->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->kind_row), _("Kind"));
  adw_combo_row_set_model (dialog->kind_row, G_LIST_MODEL (kinds));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->kind_row));

  for (guint i = 0; i < G_N_ELEMENTS (likert_scales); i++)
    {
      /* Translators: a Likert scale, "1 to 5" */
      g_autofree char *label = g_strdup_printf (_("%d to %d"), likert_scales[i].min, likert_scales[i].max);

      gtk_string_list_append (scales, label);
    }
  dialog->scale_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->scale_row), _("Scale"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (dialog->scale_row),
                               _("From strongly disagree to strongly agree"));
  adw_combo_row_set_model (dialog->scale_row, G_LIST_MODEL (scales));
  adw_combo_row_set_selected (dialog->scale_row, DEFAULT_LIKERT_SCALE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->scale_row));
  gtk_box_append (GTK_BOX (box), group);

  dialog->choices_group = group_new (_("Choices"),
                                     _("One a line, in the order customers see them. In the response "
                                       "form they are typed as their numbers: 1 for the first."));
  frame = gtk_frame_new (NULL);
  dialog->choices_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (dialog->choices_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (dialog->choices_view, FALSE);
  gtk_text_view_set_top_margin (dialog->choices_view, 10);
  gtk_text_view_set_bottom_margin (dialog->choices_view, 10);
  gtk_text_view_set_left_margin (dialog->choices_view, 12);
  gtk_text_view_set_right_margin (dialog->choices_view, 12);
  gtk_widget_set_size_request (GTK_WIDGET (dialog->choices_view), -1, 120);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dialog->choices_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choices, one a line"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (dialog->choices_view));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (dialog->choices_group), frame);
  gtk_box_append (GTK_BOX (box), dialog->choices_group);

  group = group_new (NULL, NULL);
  dialog->code_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->code_row), _("Code, for imports and exports"));
  dialog->code_hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (dialog->code_hint), "dim-label");
  gtk_label_set_ellipsize (dialog->code_hint, PANGO_ELLIPSIZE_END);
  adw_entry_row_add_suffix (dialog->code_row, GTK_WIDGET (dialog->code_hint));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (dialog->code_row));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Required"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("A response cannot be saved without an answer to it"));
  dialog->required_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (dialog->required_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (dialog->required_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (dialog->required_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  gtk_box_append (GTK_BOX (box), group);

  dialog->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (dialog->message_label, TRUE);
  gtk_label_set_xalign (dialog->message_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (dialog->message_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (dialog->message_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (dialog->message_label));

  if (question != NULL)
    {
      PlQuestionKind kind = pl_question_get_kind (question);
      const char *choices = pl_question_get_choices (question);

      gtk_editable_set_text (GTK_EDITABLE (dialog->text_row), pl_question_get_text (question));
      gtk_editable_set_text (GTK_EDITABLE (dialog->code_row), pl_question_get_code (question));
      adw_combo_row_set_selected (dialog->kind_row, kind);
      for (guint i = 0; i < G_N_ELEMENTS (likert_scales); i++)
        if (kind == PL_QUESTION_LIKERT && likert_scales[i].min == pl_question_get_scale_min (question) &&
            likert_scales[i].max == pl_question_get_scale_max (question))
          adw_combo_row_set_selected (dialog->scale_row, i);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (dialog->choices_view),
                                choices != NULL ? choices : "", -1);
      gtk_switch_set_active (dialog->required_switch, pl_question_get_required (question));
      gtk_widget_set_sensitive (GTK_WIDGET (dialog->kind_row), answers == 0);
      gtk_widget_set_sensitive (GTK_WIDGET (dialog->scale_row), answers == 0);
    }
  else
    {
      /* Most survey questions are optional: a form with gaps still counts. */
      adw_combo_row_set_selected (dialog->kind_row, PL_QUESTION_CSAT);
    }

  g_signal_connect_object (dialog->kind_row, "notify::selected", G_CALLBACK (dialog_kind_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog->text_row, "changed", G_CALLBACK (dialog_update_code_hint), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog->code_row, "changed", G_CALLBACK (dialog_update_code_hint), self, G_CONNECT_SWAPPED);
  dialog_update_kind (dialog);
  dialog_update_code_hint (self);

  /* Ctrl+Enter saves from anywhere, the choices box too; Esc cancels. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("question.save")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                          gtk_named_action_new ("question.cancel")));
  gtk_widget_add_controller (dialog->window, shortcuts);

  gtk_window_present (GTK_WINDOW (dialog->window));
  gtk_widget_grab_focus (GTK_WIDGET (dialog->text_row));
}

/* ---- callbacks and actions ------------------------------------------- */

static void
new_name_changed_cb (PlSurveysPage *self)
{
  set_message (self->new_message_label, NULL);
}

static void
new_survey_cb (PlSurveysPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->workspace == NULL)
    return;

  id = pl_survey_create (self->workspace, gtk_editable_get_text (GTK_EDITABLE (self->new_name_row)),
                         NULL, &error);
  if (id == 0)
    {
      set_message (self->new_message_label, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  load_surveys (self);
  open_survey (self, id);
  show_toast (self, _("Survey created: add its questions"));
}

static void
details_apply_cb (PlSurveysPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL || self->survey_id == 0)
    return;

  if (!pl_survey_update (self->workspace, self->survey_id,
                         gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                         gtk_editable_get_text (GTK_EDITABLE (self->description_row)), &error))
    {
      set_message (self->details_message_label, error->message);
      return;
    }

  set_message (self->details_message_label, NULL);
  load_designer (self, TRUE);
  show_toast (self, _("Survey saved"));
}

static void
question_activated_cb (PlSurveysPage *self,
                       GtkListBoxRow *row)
{
  gint64 id = row_question_id (row);

  if (id != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "surveys.edit-question", "x", id);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlSurveysPage *self = PL_SURVEYS_PAGE (widget);

  if (self->workspace != NULL)
    open_survey (self, g_variant_get_int64 (parameter));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlSurveysPage *self = PL_SURVEYS_PAGE (widget);

  if (self->workspace == NULL)
    return;

  self->survey_id = 0;
  refresh (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->survey_list));
}

static void
add_question_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlSurveysPage *self = PL_SURVEYS_PAGE (widget);

  if (self->workspace != NULL && self->survey_id != 0)
    open_question_dialog (self, NULL);
}

static void
edit_question_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlSurveysPage *self = PL_SURVEYS_PAGE (widget);
  g_autoptr(PlQuestion) question = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  question = pl_question_load (self->workspace, g_variant_get_int64 (parameter), &error);
  if (question == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  open_question_dialog (self, question);
}

static void
remove_question_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlSurveysPage *self = PL_SURVEYS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  if (!pl_survey_remove_question (self->workspace, g_variant_get_int64 (parameter), &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  load_designer (self, FALSE);
  show_toast (self, _("Question removed"));
}

static void
move_question (PlSurveysPage *self,
               gint64         id,
               int            offset)
{
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;

  if (!pl_survey_move_question (self->workspace, id, offset, &error))
    {
      show_toast (self, error->message);
      return;
    }

  load_questions (self, id);
  row = gtk_list_box_get_selected_row (self->question_list);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
move_question_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlSurveysPage *self = PL_SURVEYS_PAGE (widget);
  gint64 id;
  int offset;

  if (self->workspace == NULL)
    return;

  g_variant_get (parameter, "(xi)", &id, &offset);
  move_question (self, id, offset);
}

static gboolean
move_selected_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  PlSurveysPage *self = user_data;
  gint64 id = row_question_id (gtk_list_box_get_selected_row (self->question_list));

  if (self->workspace == NULL || id == 0)
    return FALSE;

  move_question (self, id, g_variant_get_int32 (args));
  return TRUE;
}

static void
kpi_wizard_destroyed_cb (PlSurveysPage *self)
{
  self->kpi_wizard = NULL;
}

static void
make_kpi_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlSurveysPage *self = PL_SURVEYS_PAGE (widget);
  g_autoptr(PlQuestion) question = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *template_id = "custom";
  AdwComboRow *item_row;
  GListModel *items;
  gint64 id = g_variant_get_int64 (parameter);

  if (self->workspace == NULL)
    return;

  question = pl_question_load (self->workspace, id, &error);
  if (question == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  switch (pl_question_get_kind (question))
    {
    case PL_QUESTION_CSAT:
    case PL_QUESTION_NPS:
    case PL_QUESTION_CES:
      template_id = pl_question_kind_to_string (pl_question_get_kind (question));
      break;
    case PL_QUESTION_LIKERT:
    case PL_QUESTION_YESNO:
    case PL_QUESTION_SINGLE:
    case PL_QUESTION_MULTIPLE:
    case PL_QUESTION_TEXT:
    default:
      break;
    }

  if (self->kpi_wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (self->kpi_wizard));

  /* The wizard starts from the template for the question's kind, with the
   * question itself chosen as the source. */
  self->kpi_wizard = pl_kpi_wizard_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->workspace, NULL);
  g_signal_connect_object (self->kpi_wizard, "destroy", G_CALLBACK (kpi_wizard_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_activate_action (self->kpi_wizard, "wizard.template", "s", template_id);

  item_row = ADW_COMBO_ROW (gtk_widget_get_template_child (self->kpi_wizard, PL_TYPE_KPI_WIZARD, "item_row"));
  items = item_row != NULL ? adw_combo_row_get_model (item_row) : NULL;
  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (items, i);

      if (pl_item_get_id (item) == id)
        adw_combo_row_set_selected (item_row, i);
    }

  gtk_window_present (GTK_WINDOW (self->kpi_wizard));
}

static void
set_archived (PlSurveysPage *self,
              gboolean       archived)
{
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL || self->survey_id == 0)
    return;

  if (!pl_survey_set_archived (self->workspace, self->survey_id, archived, &error))
    {
      show_toast (self, error->message);
      return;
    }

  load_designer (self, FALSE);
  show_toast (self, archived ? _("Survey archived") : _("Survey restored"));
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_archived (PL_SURVEYS_PAGE (widget), TRUE);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_archived (PL_SURVEYS_PAGE (widget), FALSE);
}

/* ---- GObject ------------------------------------------------------------ */

static void
pl_surveys_page_map (GtkWidget *widget)
{
  PlSurveysPage *self = PL_SURVEYS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_surveys_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_surveys_page_dispose (GObject *object)
{
  PlSurveysPage *self = PL_SURVEYS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog->window));
  if (self->kpi_wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (self->kpi_wizard));
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  if (self->survey_list != NULL)
    gtk_list_box_bind_model (self->survey_list, NULL, NULL, NULL, NULL);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_SURVEYS_PAGE);

  G_OBJECT_CLASS (pl_surveys_page_parent_class)->dispose (object);
}

static void
pl_surveys_page_class_init (PlSurveysPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_surveys_page_dispose;
  widget_class->map = pl_surveys_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-surveys-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, survey_list);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, new_message_label);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, description_row);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, details_message_label);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, questions_group);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, question_list);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, archive_row);
  gtk_widget_class_bind_template_child (widget_class, PlSurveysPage, archive_button);
  gtk_widget_class_bind_template_callback (widget_class, new_survey_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, question_activated_cb);

  gtk_widget_class_install_action (widget_class, "surveys.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "surveys.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "surveys.add-question", NULL, add_question_action);
  gtk_widget_class_install_action (widget_class, "surveys.edit-question", "x", edit_question_action);
  gtk_widget_class_install_action (widget_class, "surveys.remove-question", "x", remove_question_action);
  gtk_widget_class_install_action (widget_class, "surveys.move-question", "(xi)", move_question_action);
  gtk_widget_class_install_action (widget_class, "surveys.make-kpi", "x", make_kpi_action);
  gtk_widget_class_install_action (widget_class, "surveys.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "surveys.restore", NULL, restore_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "surveys.back", NULL);
}

static void
pl_surveys_page_init (PlSurveysPage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Alt+Up and Alt+Down move the selected question. */
  shortcuts = gtk_shortcut_controller_new ();
  for (int offset = -1; offset <= 1; offset += 2)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (offset < 0 ? GDK_KEY_Up : GDK_KEY_Down,
                                                                        GDK_ALT_MASK),
                                                gtk_callback_action_new (move_selected_cb, self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (offset));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->question_list), shortcuts);

  gtk_list_box_set_placeholder (self->survey_list,
                                g_object_new (GTK_TYPE_LABEL,
                                              "label", _("No surveys yet. Type the name of one below to "
                                                         "start designing it."),
                                              "wrap", TRUE,
                                              "margin-top", 18, "margin-bottom", 18,
                                              "margin-start", 12, "margin-end", 12,
                                              "css-classes", (const char * const[]) { "dim-label", NULL },
                                              NULL));
  gtk_list_box_set_placeholder (self->question_list,
                                g_object_new (GTK_TYPE_LABEL,
                                              "label", _("No questions yet. Add Question… asks the first: "
                                                         "satisfaction (CSAT), recommendation (NPS), effort "
                                                         "(CES), agreement, yes or no, choices or free text."),
                                              "wrap", TRUE,
                                              "margin-top", 18, "margin-bottom", 18,
                                              "margin-start", 12, "margin-end", 12,
                                              "css-classes", (const char * const[]) { "dim-label", NULL },
                                              NULL));
  refresh (self);
}

PlSurveysPage *
pl_surveys_page_new (void)
{
  return g_object_new (PL_TYPE_SURVEYS_PAGE, NULL);
}

PlWorkspace *
pl_surveys_page_get_workspace (PlSurveysPage *self)
{
  g_return_val_if_fail (PL_IS_SURVEYS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_surveys_page_set_workspace (PlSurveysPage *self,
                               PlWorkspace   *workspace)
{
  static const char * const tables[] = { "surveys", "questions", "responses", "kpis" };

  g_return_if_fail (PL_IS_SURVEYS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog->window));
  if (self->kpi_wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (self->kpi_wizard));
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);
  self->survey_id = 0;

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  refresh (self);
}

gint64
pl_surveys_page_get_survey_id (PlSurveysPage *self)
{
  g_return_val_if_fail (PL_IS_SURVEYS_PAGE (self), 0);

  return self->survey_id;
}

GtkWidget *
pl_surveys_page_get_widget (PlSurveysPage *self,
                            const char    *name)
{
  static const struct {
    const char *name;
    gsize offset;
  } widgets[] = {
    { "survey-list", G_STRUCT_OFFSET (PlSurveysPage, survey_list) },
    { "question-list", G_STRUCT_OFFSET (PlSurveysPage, question_list) },
    { "new-name", G_STRUCT_OFFSET (PlSurveysPage, new_name_row) },
    { "name", G_STRUCT_OFFSET (PlSurveysPage, name_row) },
    { "description", G_STRUCT_OFFSET (PlSurveysPage, description_row) },
    { "new-message", G_STRUCT_OFFSET (PlSurveysPage, new_message_label) },
    { "details-message", G_STRUCT_OFFSET (PlSurveysPage, details_message_label) },
    { "archive", G_STRUCT_OFFSET (PlSurveysPage, archive_button) },
  };

  g_return_val_if_fail (PL_IS_SURVEYS_PAGE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    if (g_str_equal (name, widgets[i].name))
      return G_STRUCT_MEMBER (GtkWidget *, self, widgets[i].offset);

  return NULL;
}

GtkWidget *
pl_surveys_page_get_question_dialog (PlSurveysPage *self)
{
  g_return_val_if_fail (PL_IS_SURVEYS_PAGE (self), NULL);

  return self->dialog != NULL ? self->dialog->window : NULL;
}

GtkWidget *
pl_surveys_page_get_dialog_field (PlSurveysPage *self,
                                  const char    *name)
{
  QuestionDialog *dialog;

  g_return_val_if_fail (PL_IS_SURVEYS_PAGE (self), NULL);

  dialog = self->dialog;
  if (dialog == NULL)
    return NULL;

  if (g_str_equal (name, "text"))
    return GTK_WIDGET (dialog->text_row);
  if (g_str_equal (name, "code"))
    return GTK_WIDGET (dialog->code_row);
  if (g_str_equal (name, "kind"))
    return GTK_WIDGET (dialog->kind_row);
  if (g_str_equal (name, "scale"))
    return GTK_WIDGET (dialog->scale_row);
  if (g_str_equal (name, "choices"))
    return GTK_WIDGET (dialog->choices_view);
  if (g_str_equal (name, "required"))
    return GTK_WIDGET (dialog->required_switch);
  if (g_str_equal (name, "message"))
    return GTK_WIDGET (dialog->message_label);
  if (g_str_equal (name, "note"))
    return GTK_WIDGET (dialog->note_label);
  return NULL;
}

GtkWidget *
pl_surveys_page_get_kpi_wizard (PlSurveysPage *self)
{
  g_return_val_if_fail (PL_IS_SURVEYS_PAGE (self), NULL);

  return self->kpi_wizard;
}
