/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pl-calibration-page.h"
#include "pl-comments-page.h"
#include "pl-complaints-page.h"
#include "pl-feedback-page.h"
#include "pl-notices-page.h"
#include "pl-observations-page.h"
#include "pl-offer-page.h"
#include "pl-responses-page.h"
#include "pl-shortcuts.h"
#include "pl-test-utils.h"

/* The action a capture-phase Ctrl+Return shortcut of @widget names, or NULL. */
static char *
save_shortcut_action (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) != GTK_PHASE_CAPTURE)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) && GTK_IS_NAMED_ACTION (action) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Return &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == GDK_CONTROL_MASK)
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }

  return NULL;
}

static guint saved;

static void
save_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  saved++;
}

/* The shortcut activates its action, seen before a text box would take
 * the key; disabled, it lets the key through. */
static void
test_helper (void)
{
  static const GActionEntry entries[] = { { "save", save_cb, NULL, NULL, NULL, { 0 } } };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *text = gtk_text_view_new ();
  g_autofree char *name = NULL;
  g_autoptr(GListModel) controllers = NULL;
  GtkShortcut *shortcut = NULL;

  g_object_ref_sink (box);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), NULL);
  gtk_widget_insert_action_group (box, "form", G_ACTION_GROUP (group));
  gtk_box_append (GTK_BOX (box), text);
  pl_add_save_shortcut (box, "form.save");

  name = save_shortcut_action (box);
  g_assert_cmpstr (name, ==, "form.save");

  controllers = gtk_widget_observe_controllers (box);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && shortcut == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller))
        shortcut = g_list_model_get_item (G_LIST_MODEL (controller), 0);
    }
  g_assert_nonnull (shortcut);
  saved = 0;
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, text, NULL));
  g_assert_cmpuint (saved, ==, 1);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group), "save")), FALSE);
  g_assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, text, NULL));
  g_assert_cmpuint (saved, ==, 1);

  g_object_unref (shortcut);
  g_object_unref (box);
}

/* Every form with a text box saves on Ctrl+Enter from inside it. */
static void
test_pages (void)
{
  struct { GtkWidget *page; const char *action; } pages[] = {
    { GTK_WIDGET (pl_observations_page_new ()), "obs.save" },
    { GTK_WIDGET (pl_feedback_page_new ()), "feedback.save" },
    { GTK_WIDGET (pl_comments_page_new ()), "comments.save" },
    { GTK_WIDGET (pl_complaints_page_new ()), "complaints.save" },
    { GTK_WIDGET (pl_notices_page_new ()), "notices.record" },
    { GTK_WIDGET (pl_offer_page_new ()), "offer.create" },
    { GTK_WIDGET (pl_calibration_page_new ()), "calibration.save" },
    { GTK_WIDGET (pl_responses_page_new ()), "responses.save" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = NULL;

      g_object_ref_sink (pages[i].page);
      name = save_shortcut_action (pages[i].page);
      g_assert_cmpstr (name, ==, pages[i].action);
      g_object_unref (pages[i].page);
    }
}

int
main (int argc, char *argv[])
{
  pl_test_init (&argc, &argv);

  g_test_add_func ("/app/shortcuts/helper", test_helper);
  g_test_add_func ("/app/shortcuts/pages", test_pages);

  return g_test_run ();
}
