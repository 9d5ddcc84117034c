/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>

#include "core/pl-error.h"
#include "core/pl-item.h"
#include "core/pl-kpi.h"
#include "core/pl-offer.h"
#include "core/pl-standard.h"

#include "pl-standards-page.h"
#include "pl-toast.h"

/* Plan → Standards: the register of what service is measured against
 * (unit 401 AC 2.1 criteria: industry standards, codes of practice,
 * organisational standards, service offer, customer charter; 403 AC 1.2;
 * NOS CFACSB14 PC 2 "using defined criteria"). Each standard can be
 * linked to the KPIs that measure it and the commitments that promise
 * it; findings cite it later. */

typedef enum
{
  FIELD_SOURCE,
  FIELD_TITLE,
  FIELD_REQUIREMENT,
  FIELD_URL,
  N_FIELDS
} Field;

struct _PlStandardsPage
{
  AdwBin             parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkScrolledWindow *scrolled;
  GtkWidget         *add_button;
  AdwPreferencesGroup *form_group;
  AdwComboRow       *kind_row;
  GtkLabel          *kind_help_label;
  AdwEntryRow       *source_row;
  GtkWidget         *source_error_row;
  GtkLabel          *source_error_label;
  AdwEntryRow       *reference_row;
  AdwEntryRow       *title_row;
  GtkWidget         *title_error_row;
  GtkLabel          *title_error_label;
  GtkLabel          *requirement_label;
  GtkTextView       *requirement_view;
  GtkWidget         *requirement_error_row;
  GtkLabel          *requirement_error_label;
  AdwEntryRow       *url_row;
  GtkWidget         *url_error_row;
  GtkLabel          *url_error_label;
  GtkLabel          *form_error_label;
  GtkWidget         *cancel_button;
  GtkButton         *save_button;
  GtkBox            *register_box;

  PlWorkspace       *workspace;
  GListModel        *standards;       /* of PlStandard, as listed */
  GPtrArray         *groups;          /* the register's groups, one a kind */
  GPtrArray         *rows;            /* AdwExpanderRow, one a standard */
  GHashTable        *expanded;        /* standard ids whose rows are open */
  gint64             editing_id;      /* the standard in the form; 0: a new one */
  gboolean           form_open;
  guint              refresh_id;
  gboolean           stale;           /* the workspace changed while hidden */
};

G_DEFINE_FINAL_TYPE (PlStandardsPage, pl_standards_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The register's group titles, in the kinds' order. */
static const char * const group_titles[] = {
  [PL_STANDARD_KIND_INDUSTRY] = N_("Industry Standards"),
  [PL_STANDARD_KIND_CODE_OF_PRACTICE] = N_("Codes of Practice"),
  [PL_STANDARD_KIND_LEGAL] = N_("Legal Requirements"),
  [PL_STANDARD_KIND_ORGANISATIONAL] = N_("Organisational Standards"),
  [PL_STANDARD_KIND_CHARTER] = N_("Customer Charter"),
  [PL_STANDARD_KIND_OTHER] = N_("Other Sources"),
};

/* What one refresh knows about the links, for every row. */
typedef struct
{
  GListModel *kpis;             /* of PlKpi, not archived */
  GHashTable *kpi_standard;     /* KPI id → id of the standard it serves */
  GHashTable *titles;           /* standard id → title (the standards own it) */
  PlOffer    *offer;            /* whose commitments can be linked, or NULL */
  char       *offer_problem;    /* why none can, when offer is NULL */
  GListModel *commitments;      /* of offer */
  GHashTable *briefed;          /* ids of commitments of briefed versions */
} Links;

static void refresh (PlStandardsPage *self);

static void
links_clear (Links *links)
{
  g_clear_object (&links->kpis);
  g_clear_pointer (&links->kpi_standard, g_hash_table_unref);
  g_clear_pointer (&links->titles, g_hash_table_unref);
  g_clear_object (&links->offer);
  g_clear_pointer (&links->offer_problem, g_free);
  g_clear_object (&links->commitments);
  g_clear_pointer (&links->briefed, g_hash_table_unref);
}

static gint64 *
id_dup (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static void
set_id (gpointer    object,
        const char *key,
        gint64      id)
{
  g_object_set_data_full (G_OBJECT (object), key, id_dup (id), g_free);
}

static gint64
get_id (gpointer    object,
        const char *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (object), key);

  return id != NULL ? *id : 0;
}

static void
show_toast (PlStandardsPage *self,
            const char      *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* "The KPI was not linked: <reason>" */
static void
show_failure (PlStandardsPage *self,
              const char      *what,
              const GError    *error)
{
  g_autofree char *message = NULL;

  /* Translators: the first %s says what failed, the second why */
  message = g_strdup_printf (_("%s: %s"), what, error->message);
  show_toast (self, message);
}

static PlStandard *
find_standard (PlStandardsPage *self,
               gint64           id)
{
  guint n = self->standards != NULL ? g_list_model_get_n_items (self->standards) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlStandard) standard = g_list_model_get_item (self->standards, i);

      if (pl_standard_get_id (standard) == id)
        return standard;
    }

  return NULL;
}

static AdwExpanderRow *
find_row (PlStandardsPage *self,
          gint64           standard_id)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (get_id (g_ptr_array_index (self->rows, i), "standard-id") == standard_id)
      return g_ptr_array_index (self->rows, i);

  return NULL;
}

/* The form */

static GtkWidget *
field_input (PlStandardsPage *self,
             Field            field)
{
  switch (field)
    {
    case FIELD_SOURCE:
      return GTK_WIDGET (self->source_row);
    case FIELD_TITLE:
      return GTK_WIDGET (self->title_row);
    case FIELD_REQUIREMENT:
      return GTK_WIDGET (self->requirement_view);
    case FIELD_URL:
    case N_FIELDS:
    default:
      return GTK_WIDGET (self->url_row);
    }
}

static void
show_field_error (PlStandardsPage *self,
                  Field            field,
                  const char      *message)
{
  GtkWidget *rows[N_FIELDS] = {
    self->source_error_row, self->title_error_row, self->requirement_error_row, self->url_error_row,
  };
  GtkLabel *labels[N_FIELDS] = {
    self->source_error_label, self->title_error_label, self->requirement_error_label, self->url_error_label,
  };
  GtkWidget *input = field_input (self, field);
  /* The requirement's caption turns red, as an entry row's title does. */
  GtkWidget *marked = field == FIELD_REQUIREMENT ? GTK_WIDGET (self->requirement_label) : input;

  gtk_label_set_text (labels[field], message != NULL ? message : "");
  gtk_widget_set_visible (rows[field], message != NULL);

  if (message != NULL)
    {
      gtk_widget_add_css_class (marked, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (marked, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
show_form_error (PlStandardsPage *self,
                 const char      *message)
{
  gtk_label_set_text (self->form_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), message != NULL);
}

static void
clear_errors (PlStandardsPage *self)
{
  for (Field f = 0; f < N_FIELDS; f++)
    show_field_error (self, f, NULL);
  show_form_error (self, NULL);
}

static char *
requirement_text (PlStandardsPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->requirement_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
fill_form (PlStandardsPage *self,
           PlStandard      *standard)
{
  adw_combo_row_set_selected (self->kind_row, pl_standard_get_kind (standard));
  gtk_editable_set_text (GTK_EDITABLE (self->source_row), pl_standard_get_source (standard));
  gtk_editable_set_text (GTK_EDITABLE (self->reference_row), pl_standard_get_reference (standard));
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), pl_standard_get_title (standard));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->requirement_view),
                            pl_standard_get_requirement (standard), -1);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), pl_standard_get_url (standard));
  clear_errors (self);
}

/* Copies what was typed into @standard. */
static void
read_form (PlStandardsPage *self,
           PlStandard      *standard)
{
  g_autofree char *requirement = requirement_text (self);
  guint kind = adw_combo_row_get_selected (self->kind_row);

  pl_standard_set_kind (standard, kind <= PL_STANDARD_KIND_OTHER ? kind : PL_STANDARD_KIND_OTHER);
  pl_standard_set_source (standard, gtk_editable_get_text (GTK_EDITABLE (self->source_row)));
  pl_standard_set_reference (standard, gtk_editable_get_text (GTK_EDITABLE (self->reference_row)));
  pl_standard_set_title (standard, gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  pl_standard_set_requirement (standard, requirement);
  pl_standard_set_url (standard, gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
}

/* What the core says about one field: the others are given valid text, so
 * that every problem shows next to its own field, in the core's words. */
static char *
field_problem (PlStandard *typed,
               Field       field)
{
  g_autoptr(PlStandard) probe = pl_standard_new ();
  g_autoptr(GError) error = NULL;

  pl_standard_set_source (probe, field == FIELD_SOURCE ? pl_standard_get_source (typed) : "x");
  pl_standard_set_title (probe, field == FIELD_TITLE ? pl_standard_get_title (typed) : "x");
  pl_standard_set_requirement (probe, field == FIELD_REQUIREMENT ? pl_standard_get_requirement (typed) : "x");
  pl_standard_set_url (probe, field == FIELD_URL ? pl_standard_get_url (typed) : "");

  if (pl_standard_validate (probe, &error))
    return NULL;

  return g_strdup (error->message);
}

static void
update_kind_help (PlStandardsPage *self)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (kind <= PL_STANDARD_KIND_OTHER)
    gtk_label_set_text (self->kind_help_label, pl_standard_kind_explain (kind));
}

static void
update_form (PlStandardsPage *self)
{
  gboolean editing = self->editing_id != 0;

  gtk_widget_set_visible (GTK_WIDGET (self->form_group), self->form_open);
  gtk_widget_set_visible (self->add_button, !self->form_open);
  adw_preferences_group_set_title (self->form_group, editing ? _("Edit Standard") : _("New Standard"));
  gtk_button_set_label (self->save_button, editing ? _("_Save Changes") : _("_Add Standard"));

  /* One standard in the form at a time: what was typed is never dropped
   * by another Add or Edit. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "standards.save", self->form_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "standards.cancel", self->form_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "standards.add",
                                 self->workspace != NULL && !self->form_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "standards.edit",
                                 self->workspace != NULL && !self->form_open);
}

static void
reset_form (PlStandardsPage *self)
{
  g_autoptr(PlStandard) blank = pl_standard_new ();

  fill_form (self, blank);
  update_kind_help (self);
}

static void
close_form (PlStandardsPage *self)
{
  self->form_open = FALSE;
  self->editing_id = 0;
  reset_form (self);
  update_form (self);
}

static void
open_form (PlStandardsPage *self)
{
  self->form_open = TRUE;
  update_form (self);
  refresh (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->kind_row));
}

/* Rows */

static GtkWidget *
new_text_row (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

/* A caption over the rows that follow, not a row to activate. */
static GtkWidget *
new_heading_row (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 10);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

static GtkWidget *
new_action_button (const char *label,
                   const char *icon_name,
                   const char *action_name,
                   gint64      target,
                   const char *tooltip,
                   const char *accessible_label)
{
  GtkWidget *button = icon_name != NULL ? gtk_button_new_from_icon_name (icon_name)
                                        : gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (target));
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);

  return button;
}

/* The Link button of a combo: the chosen KPI or commitment, by action. */
static void
link_clicked_cb (GtkButton       *button,
                 PlStandardsPage *self)
{
  AdwComboRow *combo = g_object_get_data (G_OBJECT (button), "combo");
  GArray *ids = g_object_get_data (G_OBJECT (combo), "ids");
  const char *action = g_object_get_data (G_OBJECT (combo), "action");
  guint selected = adw_combo_row_get_selected (combo);

  if (ids == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= ids->len)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), action, "(xx)",
                              get_id (combo, "standard-id"), g_array_index (ids, gint64, selected));
}

/* A combo of what can be linked, with its Link button. */
static GtkWidget *
new_link_row (PlStandardsPage *self,
              gint64           standard_id,
              const char      *title,
              const char      *action,
              GtkStringList   *names,
              GArray          *ids,
              const char      *accessible_label)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Link"));

  /* Names are the user's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* The choice shows under the title, where a long one can wrap. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  g_object_set_data_full (G_OBJECT (row), "ids", g_array_ref (ids), (GDestroyNotify) g_array_unref);
  g_object_set_data (G_OBJECT (row), "action", (gpointer) action);
  set_id (row, "standard-id", standard_id);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  g_object_set_data (G_OBJECT (button), "combo", row);
  g_object_set_data (G_OBJECT (row), "link-button", button);
  g_signal_connect_object (button, "clicked", G_CALLBACK (link_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
add_cited_rows (PlStandardsPage *self,
                AdwExpanderRow  *expander,
                GListModel      *cited,
                Links           *links)
{
  guint n = cited != NULL ? g_list_model_get_n_items (cited) : 0;

  if (n > 0)
    adw_expander_row_add_row (expander, new_heading_row (_("Linked to this standard")));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlItem) item = g_list_model_get_item (cited, i);
      const char *code = pl_item_get_code (item);
      gint64 id = pl_item_get_id (item);
      GtkWidget *row = new_text_row (pl_item_get_name (item), pl_item_get_detail (item));
      g_autofree char *label = NULL;
      GtkWidget *suffix;

      /* Translators: accessible label of an Unlink button, %s is a KPI, criterion or commitment */
      label = g_strdup_printf (_("Unlink “%s” from this standard"), pl_item_get_name (item));

      if (g_str_equal (code, "kpi"))
        suffix = new_action_button (_("_Unlink"), NULL, "standards.unlink-kpi", id, NULL, label);
      else if (g_str_equal (code, "criterion"))
        suffix = new_action_button (_("_Unlink"), NULL, "standards.unlink-criterion", id, NULL, label);
      else if (!g_hash_table_contains (links->briefed, &id))
        suffix = new_action_button (_("_Unlink"), NULL, "standards.unlink-commitment", id, NULL, label);
      else
        {
          /* A briefed version is the record of what staff were told. */
          suffix = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
          gtk_widget_add_css_class (suffix, "dim-label");
          gtk_widget_set_tooltip_text (suffix, _("Staff have been briefed on this version of the service "
                                                 "offer, so this link is kept as the record of what they "
                                                 "were told."));
          gtk_accessible_update_property (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Briefed: cannot change"), -1);
        }

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
      adw_expander_row_add_row (expander, row);
    }

  if (n == 0)
    adw_expander_row_add_row (expander,
                              new_text_row (_("Nothing is linked to this standard yet"),
                                            _("Link the KPIs that measure it and the commitments that promise "
                                              "it, so that reviews can say whether it is met.")));
}

static void
add_kpi_link_row (PlStandardsPage *self,
                  AdwExpanderRow  *expander,
                  gint64           standard_id,
                  const char      *standard_title,
                  Links           *links)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *label = NULL;
  guint n = links->kpis != NULL ? g_list_model_get_n_items (links->kpis) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlKpi) kpi = g_list_model_get_item (links->kpis, i);
      gint64 kpi_id = pl_kpi_get_id (kpi);
      gint64 *serves = g_hash_table_lookup (links->kpi_standard, &kpi_id);
      const char *other = serves != NULL ? g_hash_table_lookup (links->titles, serves) : NULL;
      g_autofree char *name = NULL;

      if (serves != NULL && *serves == standard_id)
        continue;

      /* A KPI serves one standard: say which one linking takes it from. */
      if (other != NULL)
        /* Translators: a KPI to link, and the standard it serves now */
        name = g_strdup_printf (_("%s (now serves “%s”)"), pl_kpi_get_name (kpi), other);
      else
        name = g_strdup (pl_kpi_get_name (kpi));

      gtk_string_list_append (names, name);
      g_array_append_val (ids, kpi_id);
    }

  if (n == 0)
    {
      adw_expander_row_add_row (expander,
                                new_text_row (_("No KPIs to link"),
                                              _("Define KPIs on the KPIs page, then link the ones that "
                                                "measure this standard.")));
      return;
    }

  if (ids->len == 0)
    {
      adw_expander_row_add_row (expander, new_text_row (_("Every KPI is linked to this standard"), NULL));
      return;
    }

  /* Translators: accessible label of a Link button, %s is a standard */
  label = g_strdup_printf (_("Link the chosen KPI to “%s”"), standard_title);
  adw_expander_row_add_row (expander, new_link_row (self, standard_id, _("Link a KPI"),
                                                    "standards.link-kpi", names, ids, label));
}

static void
add_commitment_link_row (PlStandardsPage *self,
                         AdwExpanderRow  *expander,
                         gint64           standard_id,
                         const char      *standard_title,
                         Links           *links)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  g_autofree char *version = NULL;
  GtkWidget *row;
  guint n;

  if (links->offer == NULL)
    {
      adw_expander_row_add_row (expander, new_text_row (_("Commitments cannot be linked"), links->offer_problem));
      return;
    }

  n = g_list_model_get_n_items (links->commitments);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlCommitment) commitment = g_list_model_get_item (links->commitments, i);
      gint64 commitment_id = pl_commitment_get_id (commitment);
      gint64 serves = pl_commitment_get_standard_id (commitment);
      const char *other = g_hash_table_lookup (links->titles, &serves);
      g_autofree char *name = NULL;

      if (serves == standard_id)
        continue;

      if (other != NULL)
        /* Translators: a commitment to link, and the standard it serves now */
        name = g_strdup_printf (_("%s (now serves “%s”)"), pl_commitment_get_text (commitment), other);
      else
        name = g_strdup (pl_commitment_get_text (commitment));

      gtk_string_list_append (names, name);
      g_array_append_val (ids, commitment_id);
    }

  version = g_strdup_printf ("%d", pl_offer_get_version (links->offer));
  if (n == 0)
    {
      /* Translators: %s is a version number */
      title = g_strdup_printf (_("Version %s of the service offer has no commitments yet"), version);
      adw_expander_row_add_row (expander, new_text_row (title, _("Write them on the Service Offer page.")));
      return;
    }
  if (ids->len == 0)
    {
      /* Translators: %s is a version number */
      title = g_strdup_printf (_("Every commitment of version %s of the service offer is linked to this standard"),
                               version);
      adw_expander_row_add_row (expander, new_text_row (title, NULL));
      return;
    }

  /* Translators: %s is a version number of the service offer */
  title = g_strdup_printf (_("Link a commitment of offer version %s"), version);
  /* Translators: accessible label of a Link button, %s is a standard */
  label = g_strdup_printf (_("Link the chosen commitment to “%s”"), standard_title);
  row = new_link_row (self, standard_id, title, "standards.link-commitment", names, ids, label);
  adw_expander_row_add_row (expander, row);
}

static GtkWidget *
create_standard_row (PlStandardsPage *self,
                     PlStandard      *standard,
                     GListModel      *cited,
                     Links           *links)
{
  gint64 id = pl_standard_get_id (standard);
  const char *title = pl_standard_get_title (standard);
  const char *reference = pl_standard_get_reference (standard);
  const char *url = pl_standard_get_url (standard);
  g_autofree char *where = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  GtkWidget *row = adw_expander_row_new ();

  if (reference != NULL && reference[0] != '\0')
    /* Translators: a standard's source and reference, "Ofgem · SLC 0.3" */
    where = g_strdup_printf (_("%s · %s"), pl_standard_get_source (standard), reference);
  else
    where = g_strdup (pl_standard_get_source (standard));
  subtitle = g_strconcat (where, "\n", pl_standard_get_requirement (standard), NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  /* Each action goes before the ones added earlier: Edit shows first. */
  /* Translators: accessible label, %s is a standard's title */
  label = g_strdup_printf (_("Move “%s” to Trash"), title);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               new_action_button (NULL, "user-trash-symbolic", "standards.trash", id,
                                                  _("Move to Trash"), label));
  g_clear_pointer (&label, g_free);
  /* Translators: accessible label, %s is a standard's title */
  label = g_strdup_printf (_("Edit “%s”"), title);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               new_action_button (NULL, "document-edit-symbolic", "standards.edit", id,
                                                  _("Edit"), label));

  if (url != NULL && url[0] != '\0')
    {
      GtkWidget *url_row = new_text_row (url, _("Where the standard is published"));
      GtkWidget *open = gtk_link_button_new_with_label (url, _("Open"));

      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (open, url);
      adw_action_row_add_suffix (ADW_ACTION_ROW (url_row), open);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), url_row);
    }

  add_cited_rows (self, ADW_EXPANDER_ROW (row), cited, links);
  add_kpi_link_row (self, ADW_EXPANDER_ROW (row), id, title, links);
  add_commitment_link_row (self, ADW_EXPANDER_ROW (row), id, title, links);

  set_id (row, "standard-id", id);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (self->expanded, &id));

  return row;
}

/* Loading */

/* Where commitments can be linked: the version in effect, or, once staff
 * have been briefed on it, a newer version not yet briefed. */
static void
load_offer (PlStandardsPage *self,
            Links           *links)
{
  g_autoptr(GListModel) versions = NULL;
  g_autoptr(PlOffer) current = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  links->briefed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  versions = pl_offer_list_versions (self->workspace, &error);
  if (versions == NULL)
    {
      /* Translators: %s is the reason */
      links->offer_problem = g_strdup_printf (_("The service offer could not be read: %s"), error->message);
      return;
    }

  n = g_list_model_get_n_items (versions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlOffer) version = g_list_model_get_item (versions, i);
      g_autoptr(GListModel) commitments = NULL;

      if (!pl_offer_is_briefed (version))
        continue;

      commitments = pl_offer_list_commitments (version, self->workspace, NULL);
      for (guint j = 0; commitments != NULL && j < g_list_model_get_n_items (commitments); j++)
        {
          g_autoptr(PlCommitment) commitment = g_list_model_get_item (commitments, j);

          g_hash_table_add (links->briefed, id_dup (pl_commitment_get_id (commitment)));
        }
    }

  if (n == 0)
    {
      links->offer_problem = g_strdup (_("There is no service offer yet. Write one on the Service Offer page, "
                                         "then link its commitments to the standards they meet."));
      return;
    }

  current = pl_offer_get_current (self->workspace, NULL, &error);
  if (current == NULL)
    {
      /* Translators: %s is the reason */
      links->offer_problem = g_strdup_printf (_("The service offer could not be read: %s"), error->message);
      return;
    }

  if (pl_offer_is_briefed (current))
    {
      g_autoptr(PlOffer) newest = g_list_model_get_item (versions, 0);

      if (pl_offer_is_briefed (newest))
        {
          g_autofree char *version = g_strdup_printf ("%d", pl_offer_get_version (current));

          links->offer_problem =
            /* Translators: %s is a version number */
            g_strdup_printf (_("Staff have been briefed on version %s of the service offer, so its "
                               "commitments cannot change: it is the record of what they were told. "
                               "Make a new version on the Service Offer page to link commitments."),
                             version);
          return;
        }
      g_set_object (&current, newest);
    }

  links->commitments = pl_offer_list_commitments (current, self->workspace, &error);
  if (links->commitments == NULL)
    {
      /* Translators: %s is the reason */
      links->offer_problem = g_strdup_printf (_("The commitments could not be read: %s"), error->message);
      return;
    }
  links->offer = g_steal_pointer (&current);
}

static void
clear_register (PlStandardsPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwExpanderRow *row = g_ptr_array_index (self->rows, i);
      gint64 id = get_id (row, "standard-id");

      if (adw_expander_row_get_expanded (row))
        g_hash_table_add (self->expanded, id_dup (id));
      else
        g_hash_table_remove (self->expanded, &id);
    }
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->register_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
}

static void
load_register (PlStandardsPage *self)
{
  g_autoptr(GPtrArray) cited = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  Links links = { 0 };
  guint n = g_list_model_get_n_items (self->standards);

  clear_register (self);

  links.kpi_standard = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  links.titles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  links.kpis = pl_kpi_list (self->workspace, FALSE, &error);
  if (links.kpis == NULL)
    {
      show_failure (self, _("The KPIs could not be read"), error);
      g_clear_error (&error);
    }
  load_offer (self, &links);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlStandard) standard = g_list_model_get_item (self->standards, i);
      gint64 id = pl_standard_get_id (standard);
      GListModel *items = pl_standard_list_cited_by (self->workspace, id, &error);

      if (items == NULL)
        {
          show_failure (self, _("The links to a standard could not be read"), error);
          g_clear_error (&error);
          items = G_LIST_MODEL (g_list_store_new (PL_TYPE_ITEM));
        }

      g_hash_table_insert (links.titles, id_dup (id), (gpointer) pl_standard_get_title (standard));
      for (guint j = 0; j < g_list_model_get_n_items (items); j++)
        {
          g_autoptr(PlItem) item = g_list_model_get_item (items, j);

          if (g_str_equal (pl_item_get_code (item), "kpi"))
            g_hash_table_insert (links.kpi_standard, id_dup (pl_item_get_id (item)), id_dup (id));
        }
      g_ptr_array_add (cited, items);
    }

  for (PlStandardKind kind = PL_STANDARD_KIND_INDUSTRY; kind <= PL_STANDARD_KIND_OTHER; kind++)
    {
      GtkWidget *group = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PlStandard) standard = g_list_model_get_item (self->standards, i);
          GtkWidget *row;

          if (pl_standard_get_kind (standard) != kind)
            continue;

          if (group == NULL)
            {
              group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(group_titles[kind]));
              gtk_box_append (self->register_box, group);
              g_ptr_array_add (self->groups, group);
            }

          row = create_standard_row (self, standard, g_ptr_array_index (cited, i), &links);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
          g_ptr_array_add (self->rows, row);
        }
    }

  links_clear (&links);
}

static void
refresh (PlStandardsPage *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->stale = FALSE;

  if (self->workspace == NULL)
    {
      clear_register (self);
      g_clear_object (&self->standards);
      gtk_stack_set_visible_child_name (self->stack, "no-workspace");
      return;
    }

  g_clear_object (&self->standards);
  self->standards = pl_standard_list (self->workspace, &error);
  if (self->standards == NULL)
    {
      show_failure (self, _("The standards could not be read"), error);
      self->standards = G_LIST_MODEL (g_list_store_new (PL_TYPE_STANDARD));
    }

  n = g_list_model_get_n_items (self->standards);
  if (n == 0 && !self->form_open)
    {
      clear_register (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  load_register (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (user_data);

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* One refresh covers a burst of changes; a hidden page only notes that it
 * is out of date. */
static void
workspace_changed_cb (PlStandardsPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

/* An error is about what was typed: it goes once the user edits it. */
static void
source_changed_cb (PlStandardsPage *self)
{
  show_field_error (self, FIELD_SOURCE, NULL);
  show_form_error (self, NULL);
}

static void
title_changed_cb (PlStandardsPage *self)
{
  show_field_error (self, FIELD_TITLE, NULL);
  show_form_error (self, NULL);
}

static void
requirement_changed_cb (PlStandardsPage *self)
{
  show_field_error (self, FIELD_REQUIREMENT, NULL);
  show_form_error (self, NULL);
}

static void
url_changed_cb (PlStandardsPage *self)
{
  show_field_error (self, FIELD_URL, NULL);
  show_form_error (self, NULL);
}

/* Actions */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (widget);

  if (self->workspace == NULL || self->form_open)
    return;

  self->editing_id = 0;
  reset_form (self);
  open_form (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (widget);
  PlStandard *standard = find_standard (self, g_variant_get_int64 (param));

  if (self->workspace == NULL || self->form_open || standard == NULL)
    return;

  self->editing_id = pl_standard_get_id (standard);
  fill_form (self, standard);
  update_kind_help (self);
  open_form (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (widget);
  gint64 id = self->editing_id;
  AdwExpanderRow *row;

  close_form (self);
  refresh (self);

  row = find_row (self, id);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (widget);
  static const Field form_order[] = { FIELD_SOURCE, FIELD_TITLE, FIELD_REQUIREMENT, FIELD_URL };
  g_autoptr(PlStandard) standard = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *first_bad = NULL;
  AdwExpanderRow *row;
  gboolean adding = self->editing_id == 0;
  gint64 id;

  if (self->workspace == NULL || !self->form_open)
    return;

  show_form_error (self, NULL);

  /* Editing starts from what is stored, so that what the form does not
   * show (its place in the list) is kept. */
  if (adding)
    standard = pl_standard_new ();
  else if ((standard = pl_standard_load (self->workspace, self->editing_id, &error)) == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason */
      message = g_strdup_printf (_("Nothing was saved: %s"), error->message);
      show_form_error (self, message);
      return;
    }
  read_form (self, standard);

  for (guint i = 0; i < G_N_ELEMENTS (form_order); i++)
    {
      g_autofree char *problem = field_problem (standard, form_order[i]);

      show_field_error (self, form_order[i], problem);
      if (problem != NULL && first_bad == NULL)
        first_bad = field_input (self, form_order[i]);
    }
  if (first_bad != NULL)
    {
      gtk_widget_grab_focus (first_bad);
      return;
    }

  if (!pl_standard_save (standard, self->workspace, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason, in the user's words */
      message = g_strdup_printf (_("Nothing was saved: %s"), error->message);
      show_form_error (self, message);
      return;
    }

  /* The standard opens, ready for its KPIs and commitments. */
  id = pl_standard_get_id (standard);
  g_hash_table_add (self->expanded, id_dup (id));
  close_form (self);
  refresh (self);

  row = find_row (self, id);
  if (row != NULL)
    {
      adw_expander_row_set_expanded (row, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  show_toast (self, adding ? _("Standard added") : _("Changes saved"));
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  g_autoptr(PlStandard) standard = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  /* Held: the refresh below lets go of the list it comes from. */
  standard = find_standard (self, id);
  if (standard == NULL || self->workspace == NULL)
    return;
  g_object_ref (standard);

  if (!pl_standard_trash (standard, self->workspace, &error))
    {
      show_failure (self, _("The standard was not moved to the trash"), error);
      return;
    }

  if (self->editing_id == id)
    close_form (self);
  refresh (self);

  /* Translators: %s is a standard's title */
  title = g_strdup_printf (_("“%s” moved to trash"), pl_standard_get_title (standard));
  pl_toast_add_undo (self->toast_overlay, title, "standards.restore", g_variant_new_int64 (id));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (widget);
  g_autoptr(PlStandard) standard = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;

  standard = pl_standard_load (self->workspace, g_variant_get_int64 (param), &error);
  if (standard == NULL || !pl_standard_restore (standard, self->workspace, &error))
    {
      show_failure (self, _("The standard was not restored"), error);
      return;
    }

  refresh (self);
}

typedef gboolean (*LinkFunc) (PlWorkspace  *workspace,
                              gint64        target_id,
                              gint64        standard_id,
                              GError      **error);

/* Links (@standard_id > 0) or unlinks, then shows the links back. */
static void
change_link (PlStandardsPage *self,
             LinkFunc         link,
             gint64           target_id,
             gint64           standard_id,
             const char      *failed,
             const char      *done)
{
  g_autoptr(GError) error = NULL;
  AdwExpanderRow *row;
  gint64 shown_id = standard_id;

  if (self->workspace == NULL)
    return;

  /* Unlinking happens in an open row: keep that one in view. */
  if (shown_id == 0)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
      GtkWidget *expander = focus != NULL ? gtk_widget_get_ancestor (focus, ADW_TYPE_EXPANDER_ROW) : NULL;

      shown_id = expander != NULL ? get_id (expander, "standard-id") : 0;
    }

  if (!link (self->workspace, target_id, standard_id, &error))
    {
      show_failure (self, failed, error);
      return;
    }

  refresh (self);
  row = shown_id != 0 ? find_row (self, shown_id) : NULL;
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  show_toast (self, done);
}

/* "KPI linked to “Treat customers fairly”" */
static char *
linked_message (PlStandardsPage *self,
                gboolean         kpi,
                gint64           standard_id)
{
  PlStandard *standard = find_standard (self, standard_id);
  const char *title = standard != NULL ? pl_standard_get_title (standard) : "";

  if (kpi)
    /* Translators: %s is a standard's title */
    return g_strdup_printf (_("KPI linked to “%s”"), title);
  else
    /* Translators: %s is a standard's title */
    return g_strdup_printf (_("Commitment linked to “%s”"), title);
}

static void
link_kpi_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (widget);
  g_autofree char *done = NULL;
  gint64 standard_id, kpi_id;

  g_variant_get (param, "(xx)", &standard_id, &kpi_id);
  done = linked_message (self, TRUE, standard_id);
  change_link (self, pl_standard_link_kpi, kpi_id, standard_id, _("The KPI was not linked"), done);
}

static void
unlink_kpi_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  change_link (PL_STANDARDS_PAGE (widget), pl_standard_link_kpi, g_variant_get_int64 (param), 0,
               _("The KPI was not unlinked"), _("KPI unlinked"));
}

static void
link_commitment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (widget);
  g_autofree char *done = NULL;
  gint64 standard_id, commitment_id;

  g_variant_get (param, "(xx)", &standard_id, &commitment_id);
  done = linked_message (self, FALSE, standard_id);
  change_link (self, pl_standard_link_commitment, commitment_id, standard_id,
               _("The commitment was not linked"), done);
}

static void
unlink_commitment_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  change_link (PL_STANDARDS_PAGE (widget), pl_standard_link_commitment, g_variant_get_int64 (param), 0,
               _("The commitment was not unlinked"), _("Commitment unlinked"));
}

static void
unlink_criterion_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  change_link (PL_STANDARDS_PAGE (widget), pl_standard_link_criterion, g_variant_get_int64 (param), 0,
               _("The criterion was not unlinked"), _("Criterion unlinked"));
}

/* GtkWidget */

static void
pl_standards_page_map (GtkWidget *widget)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (widget);

  GTK_WIDGET_CLASS (pl_standards_page_parent_class)->map (widget);

  if (self->stale)
    refresh (self);
}

static void
pl_standards_page_dispose (GObject *object)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  /* AdwBin keeps its own pointer to the template's top widget: let go of
   * it before the template does, or AdwBin would unparent it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PL_TYPE_STANDARDS_PAGE);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_object (&self->standards);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (pl_standards_page_parent_class)->dispose (object);
}

static void
pl_standards_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (object);

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
pl_standards_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PlStandardsPage *self = PL_STANDARDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pl_standards_page_set_workspace (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_standards_page_class_init (PlStandardsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pl_standards_page_dispose;
  object_class->get_property = pl_standards_page_get_property;
  object_class->set_property = pl_standards_page_set_property;

  widget_class->map = pl_standards_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PL_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/plumbline/Plumbline/pl-standards-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, kind_help_label);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, source_error_row);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, source_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, reference_row);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, title_row);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, title_error_row);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, title_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, requirement_label);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, requirement_view);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, requirement_error_row);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, requirement_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, url_error_row);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, PlStandardsPage, register_box);
  /* For tests: no field holds them. */
  gtk_widget_class_bind_template_child_full (widget_class, "empty_status", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "empty_add_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "standards.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "standards.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "standards.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "standards.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "standards.trash", "x", trash_action);
  gtk_widget_class_install_action (widget_class, "standards.restore", "x", restore_action);
  gtk_widget_class_install_action (widget_class, "standards.link-kpi", "(xx)", link_kpi_action);
  gtk_widget_class_install_action (widget_class, "standards.unlink-kpi", "x", unlink_kpi_action);
  gtk_widget_class_install_action (widget_class, "standards.link-commitment", "(xx)", link_commitment_action);
  gtk_widget_class_install_action (widget_class, "standards.unlink-commitment", "x", unlink_commitment_action);
  gtk_widget_class_install_action (widget_class, "standards.unlink-criterion", "x", unlink_criterion_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "standards.cancel", NULL);
}

static void
pl_standards_page_init (PlStandardsPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->groups = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();
  self->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* The combo's positions are the enum's values. */
  for (PlStandardKind kind = PL_STANDARD_KIND_INDUSTRY; kind <= PL_STANDARD_KIND_OTHER; kind++)
    gtk_string_list_append (kinds, pl_standard_kind_to_label (kind));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  /* Ctrl+Enter saves from anywhere in the form, the requirement's text
   * view included: caught before the view would take it as a new line. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("standards.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (update_kind_help),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_row, "changed", G_CALLBACK (source_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->title_row, "changed", G_CALLBACK (title_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->url_row, "changed", G_CALLBACK (url_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->requirement_view), "changed",
                           G_CALLBACK (requirement_changed_cb), self, G_CONNECT_SWAPPED);

  reset_form (self);
  update_form (self);
  gtk_stack_set_visible_child_name (self->stack, "no-workspace");
}

PlStandardsPage *
pl_standards_page_new (void)
{
  return g_object_new (PL_TYPE_STANDARDS_PAGE, NULL);
}

PlWorkspace *
pl_standards_page_get_workspace (PlStandardsPage *self)
{
  g_return_val_if_fail (PL_IS_STANDARDS_PAGE (self), NULL);

  return self->workspace;
}

void
pl_standards_page_set_workspace (PlStandardsPage *self,
                                 PlWorkspace     *workspace)
{
  static const char * const tables[] = {
    "standards", "kpis", "commitments", "service_offers", "criteria",
  };

  g_return_if_fail (PL_IS_STANDARDS_PAGE (self));
  g_return_if_fail (workspace == NULL || PL_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);

  /* What was typed and opened belongs to the old workspace. */
  clear_register (self);
  g_hash_table_remove_all (self->expanded);
  close_form (self);

  if (workspace != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        {
          g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);

          g_signal_connect_object (workspace, signal, G_CALLBACK (workspace_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  update_form (self);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}
