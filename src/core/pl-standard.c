/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pl-error.h"
#include "pl-item.h"
#include "pl-standard.h"
#include "pl-util.h"

struct _PlStandard
{
  GObject parent_instance;

  gint64 id;
  PlStandardKind kind;
  char *source;
  char *reference;
  char *title;
  char *requirement;
  char *url;
  int position;
  gboolean trashed;
};

G_DEFINE_FINAL_TYPE (PlStandard, pl_standard, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlStandardKind, pl_standard_kind,
  G_DEFINE_ENUM_VALUE (PL_STANDARD_KIND_INDUSTRY, "industry"),
  G_DEFINE_ENUM_VALUE (PL_STANDARD_KIND_CODE_OF_PRACTICE, "code_of_practice"),
  G_DEFINE_ENUM_VALUE (PL_STANDARD_KIND_LEGAL, "legal"),
  G_DEFINE_ENUM_VALUE (PL_STANDARD_KIND_ORGANISATIONAL, "organisational"),
  G_DEFINE_ENUM_VALUE (PL_STANDARD_KIND_CHARTER, "charter"),
  G_DEFINE_ENUM_VALUE (PL_STANDARD_KIND_OTHER, "other"))

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_SOURCE,
  PROP_REFERENCE,
  PROP_TITLE,
  PROP_REQUIREMENT,
  PROP_URL,
  PROP_POSITION,
  PROP_TRASHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = {
  [PL_STANDARD_KIND_INDUSTRY] = "industry",
  [PL_STANDARD_KIND_CODE_OF_PRACTICE] = "code_of_practice",
  [PL_STANDARD_KIND_LEGAL] = "legal",
  [PL_STANDARD_KIND_ORGANISATIONAL] = "organisational",
  [PL_STANDARD_KIND_CHARTER] = "charter",
  [PL_STANDARD_KIND_OTHER] = "other",
};

static const char * const kind_labels[] = {
  [PL_STANDARD_KIND_INDUSTRY] = N_("Industry standard"),
  [PL_STANDARD_KIND_CODE_OF_PRACTICE] = N_("Code of practice"),
  [PL_STANDARD_KIND_LEGAL] = N_("Legal requirement"),
  [PL_STANDARD_KIND_ORGANISATIONAL] = N_("Organisational standard"),
  [PL_STANDARD_KIND_CHARTER] = N_("Customer charter"),
  [PL_STANDARD_KIND_OTHER] = N_("Other"),
};

static const char * const kind_explanations[] = {
  [PL_STANDARD_KIND_INDUSTRY] =
    N_("Industry standard: what a sector or standards body expects of everyone in it, "
       "e.g. ISO 10002 on complaints handling."),
  [PL_STANDARD_KIND_CODE_OF_PRACTICE] =
    N_("Code of practice: a body’s published expectations, e.g. the Ombudsman’s "
       "complaint-handling code."),
  [PL_STANDARD_KIND_LEGAL] =
    N_("Legal requirement: what the law or a regulator’s licence requires, e.g. the "
       "Consumer Rights Act 2015 or UK GDPR."),
  [PL_STANDARD_KIND_ORGANISATIONAL] =
    N_("Organisational standard: the organisation’s own rules for its service, e.g. "
       "answering the phone within five rings."),
  [PL_STANDARD_KIND_CHARTER] =
    N_("Customer charter: the promises the organisation publishes to its customers, "
       "e.g. a charter printed on every bill."),
  [PL_STANDARD_KIND_OTHER] =
    N_("Other: any other source the service is measured against, e.g. a partner’s "
       "service-level agreement."),
};

#define STANDARD_COLUMNS \
  "id, kind, source, reference, title, requirement, url, position, trashed_at IS NOT NULL"

/* Helpers */

static void
set_string (PlStandard  *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (pl_str_replace (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static PlStandard *
standard_from_row (sqlite3_stmt *stmt)
{
  PlStandard *self = g_object_new (PL_TYPE_STANDARD, NULL);
  PlStandardKind kind = PL_STANDARD_KIND_OTHER;

  self->id = sqlite3_column_int64 (stmt, 0);
  pl_standard_kind_from_string (pl_column_text (stmt, 1), &kind);
  self->kind = kind;
  g_free (self->source);
  self->source = g_strdup (pl_column_text (stmt, 2));
  g_free (self->reference);
  self->reference = g_strdup (pl_column_text (stmt, 3));
  g_free (self->title);
  self->title = g_strdup (pl_column_text (stmt, 4));
  g_free (self->requirement);
  self->requirement = g_strdup (pl_column_text (stmt, 5));
  g_free (self->url);
  self->url = g_strdup (pl_column_text (stmt, 6));
  self->position = sqlite3_column_int (stmt, 7);
  self->trashed = sqlite3_column_int (stmt, 8) != 0;

  return self;
}

/* Whether a standard that can be linked to exists: in the workspace and
 * not in the trash. */
static gboolean
check_linkable (PlWorkspace  *workspace,
                gint64        standard_id,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT trashed_at IS NOT NULL FROM standards WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, standard_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("That standard is not in this workspace. It may have been removed."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The standard could not be read"));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 0) != 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("That standard is in the trash. Restore it before linking to it."));
      return FALSE;
    }

  return TRUE;
}

/* GObject */

static void
pl_standard_finalize (GObject *object)
{
  PlStandard *self = (PlStandard *) object;

  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->requirement, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (pl_standard_parent_class)->finalize (object);
}

static void
pl_standard_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlStandard *self = PL_STANDARD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_REFERENCE:
      g_value_set_string (value, self->reference);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_REQUIREMENT:
      g_value_set_string (value, self->requirement);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    case PROP_TRASHED:
      g_value_set_boolean (value, self->trashed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_standard_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlStandard *self = PL_STANDARD (object);

  switch (prop_id)
    {
    case PROP_KIND:
      pl_standard_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_SOURCE:
      pl_standard_set_source (self, g_value_get_string (value));
      break;
    case PROP_REFERENCE:
      pl_standard_set_reference (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      pl_standard_set_title (self, g_value_get_string (value));
      break;
    case PROP_REQUIREMENT:
      pl_standard_set_requirement (self, g_value_get_string (value));
      break;
    case PROP_URL:
      pl_standard_set_url (self, g_value_get_string (value));
      break;
    case PROP_POSITION:
      pl_standard_set_position (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_standard_class_init (PlStandardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_standard_finalize;
  object_class->get_property = pl_standard_get_property;
  object_class->set_property = pl_standard_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       PL_TYPE_STANDARD_KIND, PL_STANDARD_KIND_ORGANISATIONAL, rw);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, "", rw);
  properties[PROP_REFERENCE] =
    g_param_spec_string ("reference", NULL, NULL, "", rw);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "", rw);
  properties[PROP_REQUIREMENT] =
    g_param_spec_string ("requirement", NULL, NULL, "", rw);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, "", rw);
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, G_MININT, G_MAXINT, 0, rw);
  properties[PROP_TRASHED] =
    g_param_spec_boolean ("trashed", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_standard_init (PlStandard *self)
{
  self->kind = PL_STANDARD_KIND_ORGANISATIONAL;
  self->source = g_strdup ("");
  self->reference = g_strdup ("");
  self->title = g_strdup ("");
  self->requirement = g_strdup ("");
  self->url = g_strdup ("");
}

/* Kinds */

const char *
pl_standard_kind_to_string (PlStandardKind kind)
{
  g_return_val_if_fail (kind <= PL_STANDARD_KIND_OTHER, NULL);

  return kind_names[kind];
}

/**
 * pl_standard_kind_from_string:
 * @text: the schema's text, "code_of_practice"
 * @out_kind: (out): the kind
 *
 * Returns: %TRUE if @text names a kind
 */
gboolean
pl_standard_kind_from_string (const char     *text,
                              PlStandardKind *out_kind)
{
  int i = pl_names_index (kind_names, G_N_ELEMENTS (kind_names), text);

  g_return_val_if_fail (out_kind != NULL, FALSE);

  if (i < 0)
    return FALSE;

  *out_kind = (PlStandardKind) i;
  return TRUE;
}

const char *
pl_standard_kind_to_label (PlStandardKind kind)
{
  g_return_val_if_fail (kind <= PL_STANDARD_KIND_OTHER, NULL);

  return _(kind_labels[kind]);
}

const char *
pl_standard_kind_explain (PlStandardKind kind)
{
  g_return_val_if_fail (kind <= PL_STANDARD_KIND_OTHER, NULL);

  return _(kind_explanations[kind]);
}

/* Properties */

PlStandard *
pl_standard_new (void)
{
  return g_object_new (PL_TYPE_STANDARD, NULL);
}

gint64
pl_standard_get_id (PlStandard *self)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), 0);
  return self->id;
}

PlStandardKind
pl_standard_get_kind (PlStandard *self)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), PL_STANDARD_KIND_OTHER);
  return self->kind;
}

void
pl_standard_set_kind (PlStandard     *self,
                      PlStandardKind  kind)
{
  g_return_if_fail (PL_IS_STANDARD (self));
  g_return_if_fail (kind <= PL_STANDARD_KIND_OTHER);

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
pl_standard_get_source (PlStandard *self)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), NULL);
  return self->source;
}

void
pl_standard_set_source (PlStandard *self,
                        const char *source)
{
  g_return_if_fail (PL_IS_STANDARD (self));
  set_string (self, &self->source, source, PROP_SOURCE);
}

const char *
pl_standard_get_reference (PlStandard *self)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), NULL);
  return self->reference;
}

void
pl_standard_set_reference (PlStandard *self,
                           const char *reference)
{
  g_return_if_fail (PL_IS_STANDARD (self));
  set_string (self, &self->reference, reference, PROP_REFERENCE);
}

const char *
pl_standard_get_title (PlStandard *self)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), NULL);
  return self->title;
}

void
pl_standard_set_title (PlStandard *self,
                       const char *title)
{
  g_return_if_fail (PL_IS_STANDARD (self));
  set_string (self, &self->title, title, PROP_TITLE);
}

const char *
pl_standard_get_requirement (PlStandard *self)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), NULL);
  return self->requirement;
}

void
pl_standard_set_requirement (PlStandard *self,
                             const char *requirement)
{
  g_return_if_fail (PL_IS_STANDARD (self));
  set_string (self, &self->requirement, requirement, PROP_REQUIREMENT);
}

const char *
pl_standard_get_url (PlStandard *self)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), NULL);
  return self->url;
}

void
pl_standard_set_url (PlStandard *self,
                     const char *url)
{
  g_return_if_fail (PL_IS_STANDARD (self));
  set_string (self, &self->url, url, PROP_URL);
}

int
pl_standard_get_position (PlStandard *self)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), 0);
  return self->position;
}

void
pl_standard_set_position (PlStandard *self,
                          int         position)
{
  g_return_if_fail (PL_IS_STANDARD (self));

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gboolean
pl_standard_get_trashed (PlStandard *self)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), FALSE);
  return self->trashed;
}

/**
 * pl_standard_validate:
 *
 * Returns: %TRUE if the standard can be saved, else %FALSE with a
 *   %PL_ERROR_INVALID error that says what to change
 */
gboolean
pl_standard_validate (PlStandard  *self,
                      GError     **error)
{
  g_autofree char *title = NULL;
  g_autofree char *source = NULL;
  g_autofree char *requirement = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (PL_IS_STANDARD (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  title = pl_str_stripped (self->title);
  source = pl_str_stripped (self->source);
  requirement = pl_str_stripped (self->requirement);
  url = pl_str_stripped (self->url);

  if (*title == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the standard a title, for example “Complaint handling”."));
      return FALSE;
    }

  if (*source == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say who sets the standard, for example “Energy Ombudsman” "
                             "or “Our customer charter”."));
      return FALSE;
    }

  if (*requirement == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say what the standard asks for, in your own words."));
      return FALSE;
    }

  if (*url != '\0' &&
      !((g_ascii_strncasecmp (url, "http://", 7) == 0 && url[7] != '\0') ||
        (g_ascii_strncasecmp (url, "https://", 8) == 0 && url[8] != '\0')))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The web address must start with “https://” or “http://”, "
                             "for example “https://www.ombudsman-services.org”."));
      return FALSE;
    }

  return TRUE;
}

/* Storage */

/**
 * pl_standard_list:
 *
 * Returns: (transfer full): a #GListModel of the #PlStandard not in the
 *   trash, by position, then title
 */
GListModel *
pl_standard_list (PlWorkspace  *workspace,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " STANDARD_COLUMNS " FROM standards"
                               " WHERE trashed_at IS NULL"
                               " ORDER BY position, title COLLATE NOCASE, id",
                               error);
  if (stmt == NULL)
    return NULL;

  return pl_workspace_collect (workspace, stmt, PL_TYPE_STANDARD,
                               (PlWorkspaceRowFunc) standard_from_row,
                               _("The standards could not be read"), error);
}

/**
 * pl_standard_load:
 *
 * Loads a standard, in the trash or not.
 *
 * Returns: (transfer full): the standard, or %NULL with %PL_ERROR_NOT_FOUND
 */
PlStandard *
pl_standard_load (PlWorkspace  *workspace,
                  gint64        id,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " STANDARD_COLUMNS " FROM standards WHERE id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return pl_workspace_fetch_one (workspace, stmt, (PlWorkspaceRowFunc) standard_from_row,
                                 _("That standard is not in this workspace. It may have been removed."),
                                 _("The standard could not be read"), error);
}

/**
 * pl_standard_save:
 *
 * Validates the standard, then inserts it (when its id is 0) or updates
 * it, with an audit entry, in one transaction. Text is stored without
 * leading or trailing spaces. On success the standard has its id.
 */
gboolean
pl_standard_save (PlStandard   *self,
                  PlWorkspace  *workspace,
                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *source = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *title = NULL;
  g_autofree char *requirement = NULL;
  g_autofree char *url = NULL;
  gint64 id = 0;

  g_return_val_if_fail (PL_IS_STANDARD (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_standard_validate (self, error))
    return FALSE;

  source = pl_str_stripped (self->source);
  reference = pl_str_stripped (self->reference);
  title = pl_str_stripped (self->title);
  requirement = pl_str_stripped (self->requirement);
  url = pl_str_stripped (self->url);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (self->id == 0)
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO standards (kind, source, reference, title,"
                                 " requirement, url, position, created_at, updated_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE standards SET kind = ?1, source = ?2, reference = ?3,"
                                 " title = ?4, requirement = ?5, url = ?6, position = ?7,"
                                 " updated_at = ?8 WHERE id = ?9",
                                 error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, kind_names[self->kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, source, -1, SQLITE_TRANSIENT);
  pl_bind_text_or_null (stmt, 3, reference);
  sqlite3_bind_text (stmt, 4, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, requirement, -1, SQLITE_TRANSIENT);
  pl_bind_text_or_null (stmt, 6, url);
  sqlite3_bind_int (stmt, 7, self->position);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
  if (self->id != 0)
    sqlite3_bind_int64 (stmt, 9, self->id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (self->id == 0)
    id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  else if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This standard is no longer in the workspace, so the changes "
                             "could not be saved. Add it again as a new standard."));
      goto failed;
    }
  else
    id = self->id;

  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update",
                           "standard", id, title, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  pl_standard_set_source (self, source);
  pl_standard_set_reference (self, reference);
  pl_standard_set_title (self, title);
  pl_standard_set_requirement (self, requirement);
  pl_standard_set_url (self, url);
  g_object_thaw_notify (G_OBJECT (self));

  pl_workspace_emit_changed (workspace, "standards");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

static gboolean
set_trashed (PlStandard   *self,
             PlWorkspace  *workspace,
             gboolean      trashed,
             GError      **error)
{
  g_return_val_if_fail (PL_IS_STANDARD (self), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);

  if (!pl_workspace_set_trashed (workspace, "standards", self->id, trashed, TRUE, "standard",
                                 self->title,
                                 _("This standard is no longer in the workspace."), error))
    return FALSE;

  if (self->trashed != trashed)
    {
      self->trashed = trashed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRASHED]);
    }

  return TRUE;
}

/**
 * pl_standard_trash:
 *
 * Moves the standard to the trash: it leaves the list, and what cites it
 * keeps the link so that restoring brings everything back.
 */
gboolean
pl_standard_trash (PlStandard   *self,
                   PlWorkspace  *workspace,
                   GError      **error)
{
  return set_trashed (self, workspace, TRUE, error);
}

gboolean
pl_standard_restore (PlStandard   *self,
                     PlWorkspace  *workspace,
                     GError      **error)
{
  return set_trashed (self, workspace, FALSE, error);
}

/* Linking */

typedef struct
{
  const char *table;
  const char *entity;           /* for the audit log */
  const char *check_sql;        /* one row if the target exists: (refused) */
  const char *missing;          /* translatable */
} LinkTarget;

static const LinkTarget link_kpi = {
  "kpis", "kpi",
  "SELECT 0 FROM kpis WHERE id = ?",
  N_("That KPI is not in this workspace. It may have been removed."),
};

static const LinkTarget link_criterion = {
  "criteria", "criterion",
  "SELECT 0 FROM criteria WHERE id = ?",
  N_("That scorecard criterion is not in this workspace. It may have been removed."),
};

/* A briefed offer is a record of what staff were told. */
static const LinkTarget link_commitment = {
  "commitments", "commitment",
  "SELECT o.briefed_on IS NOT NULL FROM commitments c"
  " JOIN service_offers o ON o.id = c.offer_id WHERE c.id = ?",
  N_("That commitment is not in this workspace. It may have been removed."),
};

static gboolean
link_to_standard (const LinkTarget  *target,
                  PlWorkspace       *workspace,
                  gint64             target_id,
                  gint64             standard_id,
                  GError           **error)
{
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *detail = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (standard_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The checks and the change in one transaction: what was checked is
   * what is changed. */
  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  check = pl_workspace_prepare (workspace, target->check_sql, error);
  if (check == NULL)
    goto failed;

  sqlite3_bind_int64 (check, 1, target_id);
  rc = sqlite3_step (check);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND, _(target->missing));
      goto failed;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      goto failed;
    }
  if (sqlite3_column_int (check, 0) != 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Staff have been briefed on this version of the service offer, "
                             "so its commitments cannot be changed: it is the record of what "
                             "they were told. Make a new version of the offer and change that."));
      goto failed;
    }

  if (standard_id > 0 && !check_linkable (workspace, standard_id, error))
    goto failed;

  sql = g_strdup_printf ("UPDATE %s SET standard_id = ?1 WHERE id = ?2", target->table);
  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    goto failed;

  if (standard_id > 0)
    sqlite3_bind_int64 (stmt, 1, standard_id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, target_id);

  detail = g_strdup_printf ("standard %" G_GINT64_FORMAT, standard_id);
  if (!pl_workspace_step_done (workspace, stmt, error) ||
      !pl_workspace_audit (workspace, standard_id > 0 ? "link" : "unlink",
                           target->entity, target_id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, target->table);
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/**
 * pl_standard_link_kpi:
 * @standard_id: the standard the KPI measures against, or 0 for none
 */
gboolean
pl_standard_link_kpi (PlWorkspace  *workspace,
                      gint64        kpi_id,
                      gint64        standard_id,
                      GError      **error)
{
  return link_to_standard (&link_kpi, workspace, kpi_id, standard_id, error);
}

/**
 * pl_standard_link_criterion:
 * @standard_id: the standard the criterion checks, or 0 for none
 */
gboolean
pl_standard_link_criterion (PlWorkspace  *workspace,
                            gint64        criterion_id,
                            gint64        standard_id,
                            GError      **error)
{
  return link_to_standard (&link_criterion, workspace, criterion_id, standard_id, error);
}

/**
 * pl_standard_link_commitment:
 * @standard_id: the standard the commitment meets, or 0 for none
 *
 * Refused with %PL_ERROR_INVALID when staff have been briefed on the
 * commitment's offer.
 */
gboolean
pl_standard_link_commitment (PlWorkspace  *workspace,
                             gint64        commitment_id,
                             gint64        standard_id,
                             GError      **error)
{
  return link_to_standard (&link_commitment, workspace, commitment_id, standard_id, error);
}

/**
 * pl_standard_list_cited_by:
 *
 * Returns: (transfer full): a #GListModel of #PlItem, see the header
 */
GListModel *
pl_standard_list_cited_by (PlWorkspace  *workspace,
                           gint64        standard_id,
                           GError      **error)
{
  g_autoptr(GListStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* (order, id, code, name, scorecard or offer name, version) */
  stmt = pl_workspace_prepare (workspace,
                               "SELECT 0, id, 'kpi', name, NULL, NULL, position FROM kpis"
                               " WHERE standard_id = ?1"
                               " UNION ALL"
                               " SELECT 1, c.id, 'criterion', c.text, s.name, s.version,"
                               "        c.position FROM criteria c"
                               " JOIN scorecard_sections x ON x.id = c.section_id"
                               " JOIN scorecards s ON s.id = x.scorecard_id"
                               " WHERE c.standard_id = ?1"
                               " UNION ALL"
                               " SELECT 2, m.id, 'commitment', m.text, o.title, o.version,"
                               "        m.position FROM commitments m"
                               " JOIN service_offers o ON o.id = m.offer_id"
                               " WHERE m.standard_id = ?1"
                               " ORDER BY 1, 5, 6, 7, 2",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, standard_id);

  store = g_list_store_new (PL_TYPE_ITEM);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlItem) item = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *version = g_strdup_printf ("%d", sqlite3_column_int (stmt, 5));
      const char *where = pl_column_text (stmt, 4);

      switch (sqlite3_column_int (stmt, 0))
        {
        case 0:
          detail = g_strdup (_("KPI"));
          break;
        case 1:
          /* Translators: where a cited criterion lives: Scorecard “QA” version 2 */
          detail = g_strdup_printf (_("Scorecard “%s” version %s"), where, version);
          break;
        default:
          /* Translators: where a cited commitment lives: “Our service promise” version 2 */
          detail = g_strdup_printf (_("Service offer “%s” version %s"), where, version);
          break;
        }

      item = pl_item_new (sqlite3_column_int64 (stmt, 1), pl_column_text (stmt, 2),
                          pl_column_text (stmt, 3), detail);
      g_list_store_append (store, item);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The links to the standard could not be read"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}
