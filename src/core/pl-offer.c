/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pl-error.h"
#include "pl-offer.h"
#include "pl-util.h"

struct _PlCommitment
{
  GObject parent_instance;

  gint64 id;
  gint64 offer_id;
  int position;
  char *grouping;
  char *text;
  gint64 kpi_id;
  gint64 standard_id;
};

struct _PlOffer
{
  GObject parent_instance;

  gint64 id;
  int version;
  char *title;
  char *effective_from;
  char *notes;
  char *change_summary;
  char *briefed_on;
  char *briefing;
};

G_DEFINE_FINAL_TYPE (PlCommitment, pl_commitment, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (PlOffer, pl_offer, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlKept, pl_kept,
  G_DEFINE_ENUM_VALUE (PL_KEPT_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (PL_KEPT_KEPT, "kept"),
  G_DEFINE_ENUM_VALUE (PL_KEPT_AT_RISK, "at_risk"),
  G_DEFINE_ENUM_VALUE (PL_KEPT_NOT_KEPT, "not_kept"))

enum {
  COMMITMENT_PROP_0,
  COMMITMENT_PROP_ID,
  COMMITMENT_PROP_OFFER_ID,
  COMMITMENT_PROP_POSITION,
  COMMITMENT_PROP_GROUPING,
  COMMITMENT_PROP_TEXT,
  COMMITMENT_PROP_KPI_ID,
  COMMITMENT_PROP_STANDARD_ID,
  COMMITMENT_N_PROPS
};

static GParamSpec *commitment_props[COMMITMENT_N_PROPS];

enum {
  OFFER_PROP_0,
  OFFER_PROP_ID,
  OFFER_PROP_VERSION,
  OFFER_PROP_TITLE,
  OFFER_PROP_EFFECTIVE_FROM,
  OFFER_PROP_NOTES,
  OFFER_PROP_CHANGE_SUMMARY,
  OFFER_PROP_BRIEFED_ON,
  OFFER_PROP_BRIEFING,
  OFFER_PROP_BRIEFED,
  OFFER_N_PROPS
};

static GParamSpec *offer_props[OFFER_N_PROPS];

#define COMMITMENT_COLUMNS "id, offer_id, position, grouping, text, kpi_id, standard_id"
#define OFFER_COLUMNS \
  "id, title, version, effective_from, notes, change_summary, briefed_on, briefing"

/* Helpers */

static PlCommitment *
commitment_from_row (sqlite3_stmt *stmt)
{
  PlCommitment *self = g_object_new (PL_TYPE_COMMITMENT, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->offer_id = sqlite3_column_int64 (stmt, 1);
  self->position = sqlite3_column_int (stmt, 2);
  pl_str_replace (&self->grouping, pl_column_text (stmt, 3));
  pl_str_replace (&self->text, pl_column_text (stmt, 4));
  self->kpi_id = sqlite3_column_int64 (stmt, 5);
  self->standard_id = sqlite3_column_int64 (stmt, 6);

  return self;
}

static PlOffer *
offer_from_row (sqlite3_stmt *stmt)
{
  PlOffer *self = g_object_new (PL_TYPE_OFFER, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  pl_str_replace (&self->title, pl_column_text (stmt, 1));
  self->version = sqlite3_column_int (stmt, 2);
  pl_str_replace (&self->effective_from, pl_column_text (stmt, 3));
  pl_str_replace (&self->notes, pl_column_text (stmt, 4));
  pl_str_replace (&self->change_summary, pl_column_text (stmt, 5));
  pl_str_replace (&self->briefed_on, pl_column_text (stmt, 6));
  pl_str_replace (&self->briefing, pl_column_text (stmt, 7));

  return self;
}

static void
set_briefed_error (GError **error)
{
  g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Staff have been briefed on this version of the service offer, so "
                         "it cannot be changed: it is the record of what they were told. "
                         "Make a new version of the offer and change that."));
}

/* Refuses (PL_ERROR_INVALID) when the offer has been briefed, and
 * PL_ERROR_NOT_FOUND when it is not there. */
static gboolean
check_offer_editable (PlWorkspace  *workspace,
                      gint64        offer_id,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT briefed_on IS NOT NULL FROM service_offers WHERE id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, offer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This version of the service offer is no longer in the workspace."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The service offer could not be read"));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 0) != 0)
    {
      set_briefed_error (error);
      return FALSE;
    }

  return TRUE;
}

/* Runs a one-value query; FALSE with @error on a database error. */
static gboolean
query_int64 (PlWorkspace  *workspace,
             const char   *sql,
             gint64        arg,
             gint64       *out_value,
             gboolean     *out_found,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, arg);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return FALSE;
    }

  *out_found = rc == SQLITE_ROW;
  *out_value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* The KPI and the standard a commitment points at must exist, and the
 * standard must not be in the trash. */
static gboolean
check_commitment_references (PlCommitment  *self,
                             PlWorkspace   *workspace,
                             GError       **error)
{
  gint64 value;
  gboolean found;

  if (self->kpi_id > 0)
    {
      if (!query_int64 (workspace, "SELECT 1 FROM kpis WHERE id = ?",
                        self->kpi_id, &value, &found, error))
        return FALSE;
      if (!found)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The KPI chosen to measure this commitment is not in the "
                                 "workspace. Choose another KPI or none."));
          return FALSE;
        }
    }

  if (self->standard_id > 0)
    {
      if (!query_int64 (workspace, "SELECT trashed_at IS NOT NULL FROM standards WHERE id = ?",
                        self->standard_id, &value, &found, error))
        return FALSE;
      if (!found || value != 0)
        {
          g_set_error_literal (error, PL_ERROR, found ? PL_ERROR_INVALID : PL_ERROR_NOT_FOUND,
                               _("The standard chosen for this commitment is not in the "
                                 "workspace or is in the trash. Choose another standard or none."));
          return FALSE;
        }
    }

  return TRUE;
}

/* PlCommitment */

static void
pl_commitment_finalize (GObject *object)
{
  PlCommitment *self = (PlCommitment *) object;

  g_clear_pointer (&self->grouping, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (pl_commitment_parent_class)->finalize (object);
}

static void
pl_commitment_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlCommitment *self = PL_COMMITMENT (object);

  switch (prop_id)
    {
    case COMMITMENT_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case COMMITMENT_PROP_OFFER_ID:
      g_value_set_int64 (value, self->offer_id);
      break;
    case COMMITMENT_PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    case COMMITMENT_PROP_GROUPING:
      g_value_set_string (value, self->grouping);
      break;
    case COMMITMENT_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case COMMITMENT_PROP_KPI_ID:
      g_value_set_int64 (value, self->kpi_id);
      break;
    case COMMITMENT_PROP_STANDARD_ID:
      g_value_set_int64 (value, self->standard_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_commitment_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlCommitment *self = PL_COMMITMENT (object);

  switch (prop_id)
    {
    case COMMITMENT_PROP_OFFER_ID:
      self->offer_id = g_value_get_int64 (value);
      break;
    case COMMITMENT_PROP_POSITION:
      pl_commitment_set_position (self, g_value_get_int (value));
      break;
    case COMMITMENT_PROP_GROUPING:
      pl_commitment_set_grouping (self, g_value_get_string (value));
      break;
    case COMMITMENT_PROP_TEXT:
      pl_commitment_set_text (self, g_value_get_string (value));
      break;
    case COMMITMENT_PROP_KPI_ID:
      pl_commitment_set_kpi_id (self, g_value_get_int64 (value));
      break;
    case COMMITMENT_PROP_STANDARD_ID:
      pl_commitment_set_standard_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_commitment_class_init (PlCommitmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_commitment_finalize;
  object_class->get_property = pl_commitment_get_property;
  object_class->set_property = pl_commitment_set_property;

  commitment_props[COMMITMENT_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  commitment_props[COMMITMENT_PROP_OFFER_ID] =
    g_param_spec_int64 ("offer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  commitment_props[COMMITMENT_PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0, rw);
  commitment_props[COMMITMENT_PROP_GROUPING] =
    g_param_spec_string ("grouping", NULL, NULL, "", rw);
  commitment_props[COMMITMENT_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "", rw);
  commitment_props[COMMITMENT_PROP_KPI_ID] =
    g_param_spec_int64 ("kpi-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  commitment_props[COMMITMENT_PROP_STANDARD_ID] =
    g_param_spec_int64 ("standard-id", NULL, NULL, 0, G_MAXINT64, 0, rw);

  g_object_class_install_properties (object_class, COMMITMENT_N_PROPS, commitment_props);
}

static void
pl_commitment_init (PlCommitment *self)
{
  self->grouping = g_strdup ("");
  self->text = g_strdup ("");
}

PlCommitment *
pl_commitment_new (gint64 offer_id)
{
  return g_object_new (PL_TYPE_COMMITMENT, "offer-id", offer_id, NULL);
}

gint64
pl_commitment_get_id (PlCommitment *self)
{
  g_return_val_if_fail (PL_IS_COMMITMENT (self), 0);
  return self->id;
}

gint64
pl_commitment_get_offer_id (PlCommitment *self)
{
  g_return_val_if_fail (PL_IS_COMMITMENT (self), 0);
  return self->offer_id;
}

int
pl_commitment_get_position (PlCommitment *self)
{
  g_return_val_if_fail (PL_IS_COMMITMENT (self), 0);
  return self->position;
}

void
pl_commitment_set_position (PlCommitment *self,
                            int           position)
{
  g_return_if_fail (PL_IS_COMMITMENT (self));
  g_return_if_fail (position >= 0);

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), commitment_props[COMMITMENT_PROP_POSITION]);
}

const char *
pl_commitment_get_grouping (PlCommitment *self)
{
  g_return_val_if_fail (PL_IS_COMMITMENT (self), NULL);
  return self->grouping;
}

void
pl_commitment_set_grouping (PlCommitment *self,
                            const char   *grouping)
{
  g_return_if_fail (PL_IS_COMMITMENT (self));

  if (pl_str_replace (&self->grouping, grouping))
    g_object_notify_by_pspec (G_OBJECT (self), commitment_props[COMMITMENT_PROP_GROUPING]);
}

const char *
pl_commitment_get_text (PlCommitment *self)
{
  g_return_val_if_fail (PL_IS_COMMITMENT (self), NULL);
  return self->text;
}

void
pl_commitment_set_text (PlCommitment *self,
                        const char   *text)
{
  g_return_if_fail (PL_IS_COMMITMENT (self));

  if (pl_str_replace (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), commitment_props[COMMITMENT_PROP_TEXT]);
}

gint64
pl_commitment_get_kpi_id (PlCommitment *self)
{
  g_return_val_if_fail (PL_IS_COMMITMENT (self), 0);
  return self->kpi_id;
}

void
pl_commitment_set_kpi_id (PlCommitment *self,
                          gint64        kpi_id)
{
  g_return_if_fail (PL_IS_COMMITMENT (self));

  kpi_id = MAX (kpi_id, 0);
  if (self->kpi_id == kpi_id)
    return;

  self->kpi_id = kpi_id;
  g_object_notify_by_pspec (G_OBJECT (self), commitment_props[COMMITMENT_PROP_KPI_ID]);
}

gint64
pl_commitment_get_standard_id (PlCommitment *self)
{
  g_return_val_if_fail (PL_IS_COMMITMENT (self), 0);
  return self->standard_id;
}

void
pl_commitment_set_standard_id (PlCommitment *self,
                               gint64        standard_id)
{
  g_return_if_fail (PL_IS_COMMITMENT (self));

  standard_id = MAX (standard_id, 0);
  if (self->standard_id == standard_id)
    return;

  self->standard_id = standard_id;
  g_object_notify_by_pspec (G_OBJECT (self), commitment_props[COMMITMENT_PROP_STANDARD_ID]);
}

/**
 * pl_commitment_save:
 *
 * Inserts the commitment (id 0) or updates it, with an audit entry, in
 * one transaction. Refused with %PL_ERROR_INVALID when the text is empty
 * or staff have been briefed on the offer.
 */
gboolean
pl_commitment_save (PlCommitment  *self,
                    PlWorkspace   *workspace,
                    GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *grouping = NULL;
  sqlite3 *db;
  int position;
  gint64 id;

  g_return_val_if_fail (PL_IS_COMMITMENT (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (self->offer_id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = pl_workspace_get_db (workspace);
  position = self->position;
  id = self->id;

  text = pl_str_stripped (self->text);
  grouping = pl_str_stripped (self->grouping);

  if (*text == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Write the commitment as the customer would read it, for example "
                             "“We answer calls within 20 seconds on average”."));
      return FALSE;
    }

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!check_offer_editable (workspace, self->offer_id, error) ||
      !check_commitment_references (self, workspace, error))
    goto failed;

  if (id == 0 && position <= 0)
    {
      gint64 next;
      gboolean found;

      if (!query_int64 (workspace,
                        "SELECT COALESCE (MAX (position), 0) + 1 FROM commitments"
                        " WHERE offer_id = ?",
                        self->offer_id, &next, &found, error))
        goto failed;
      position = (int) next;
    }

  if (id == 0)
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO commitments (offer_id, position, grouping, text,"
                                 " kpi_id, standard_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE commitments SET position = ?2, grouping = ?3, text = ?4,"
                                 " kpi_id = ?5, standard_id = ?6 WHERE offer_id = ?1 AND id = ?7",
                                 error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, self->offer_id);
  sqlite3_bind_int (stmt, 2, position);
  pl_bind_text_or_null (stmt, 3, grouping);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  pl_bind_id_or_null (stmt, 5, self->kpi_id);
  pl_bind_id_or_null (stmt, 6, self->standard_id);
  if (id != 0)
    sqlite3_bind_int64 (stmt, 7, id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (id == 0)
    id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This commitment is no longer in the service offer, so the "
                             "changes could not be saved."));
      goto failed;
    }

  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update",
                           "commitment", id, text, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), commitment_props[COMMITMENT_PROP_ID]);
    }
  pl_commitment_set_position (self, position);
  pl_commitment_set_grouping (self, grouping);
  pl_commitment_set_text (self, text);
  g_object_thaw_notify (G_OBJECT (self));

  pl_workspace_emit_changed (workspace, "commitments");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/**
 * pl_commitment_delete:
 *
 * Removes a commitment from a version not yet briefed (a draft: there is
 * nothing to keep). Later commitments keep their positions.
 */
gboolean
pl_commitment_delete (PlCommitment  *self,
                      PlWorkspace   *workspace,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_COMMITMENT (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!check_offer_editable (workspace, self->offer_id, error))
    goto failed;

  stmt = pl_workspace_prepare (workspace,
                               "DELETE FROM commitments WHERE id = ? AND offer_id = ?",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_int64 (stmt, 2, self->offer_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This commitment is no longer in the service offer."));
      goto failed;
    }

  if (!pl_workspace_audit (workspace, "delete", "commitment", self->id, self->text, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "commitments");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/* PlOffer */

static void
pl_offer_finalize (GObject *object)
{
  PlOffer *self = (PlOffer *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->effective_from, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->change_summary, g_free);
  g_clear_pointer (&self->briefed_on, g_free);
  g_clear_pointer (&self->briefing, g_free);

  G_OBJECT_CLASS (pl_offer_parent_class)->finalize (object);
}

static void
pl_offer_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PlOffer *self = PL_OFFER (object);

  switch (prop_id)
    {
    case OFFER_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case OFFER_PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    case OFFER_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case OFFER_PROP_EFFECTIVE_FROM:
      g_value_set_string (value, self->effective_from);
      break;
    case OFFER_PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case OFFER_PROP_CHANGE_SUMMARY:
      g_value_set_string (value, self->change_summary);
      break;
    case OFFER_PROP_BRIEFED_ON:
      g_value_set_string (value, self->briefed_on);
      break;
    case OFFER_PROP_BRIEFING:
      g_value_set_string (value, self->briefing);
      break;
    case OFFER_PROP_BRIEFED:
      g_value_set_boolean (value, pl_offer_is_briefed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_offer_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PlOffer *self = PL_OFFER (object);

  switch (prop_id)
    {
    case OFFER_PROP_TITLE:
      pl_offer_set_title (self, g_value_get_string (value));
      break;
    case OFFER_PROP_EFFECTIVE_FROM:
      pl_offer_set_effective_from (self, g_value_get_string (value));
      break;
    case OFFER_PROP_NOTES:
      pl_offer_set_notes (self, g_value_get_string (value));
      break;
    case OFFER_PROP_CHANGE_SUMMARY:
      pl_offer_set_change_summary (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_offer_class_init (PlOfferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_offer_finalize;
  object_class->get_property = pl_offer_get_property;
  object_class->set_property = pl_offer_set_property;

  offer_props[OFFER_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  offer_props[OFFER_PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, ro);
  offer_props[OFFER_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "", rw);
  offer_props[OFFER_PROP_EFFECTIVE_FROM] =
    g_param_spec_string ("effective-from", NULL, NULL, "", rw);
  offer_props[OFFER_PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, "", rw);
  offer_props[OFFER_PROP_CHANGE_SUMMARY] =
    g_param_spec_string ("change-summary", NULL, NULL, "", rw);
  offer_props[OFFER_PROP_BRIEFED_ON] =
    g_param_spec_string ("briefed-on", NULL, NULL, "", ro);
  offer_props[OFFER_PROP_BRIEFING] =
    g_param_spec_string ("briefing", NULL, NULL, "", ro);
  offer_props[OFFER_PROP_BRIEFED] =
    g_param_spec_boolean ("briefed", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, OFFER_N_PROPS, offer_props);
}

static void
pl_offer_init (PlOffer *self)
{
  self->title = g_strdup ("");
  self->effective_from = g_strdup ("");
  self->notes = g_strdup ("");
  self->change_summary = g_strdup ("");
  self->briefed_on = g_strdup ("");
  self->briefing = g_strdup ("");
}

gint64
pl_offer_get_id (PlOffer *self)
{
  g_return_val_if_fail (PL_IS_OFFER (self), 0);
  return self->id;
}

int
pl_offer_get_version (PlOffer *self)
{
  g_return_val_if_fail (PL_IS_OFFER (self), 0);
  return self->version;
}

const char *
pl_offer_get_title (PlOffer *self)
{
  g_return_val_if_fail (PL_IS_OFFER (self), NULL);
  return self->title;
}

void
pl_offer_set_title (PlOffer    *self,
                    const char *title)
{
  g_return_if_fail (PL_IS_OFFER (self));

  if (pl_str_replace (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), offer_props[OFFER_PROP_TITLE]);
}

const char *
pl_offer_get_effective_from (PlOffer *self)
{
  g_return_val_if_fail (PL_IS_OFFER (self), NULL);
  return self->effective_from;
}

void
pl_offer_set_effective_from (PlOffer    *self,
                             const char *effective_from)
{
  g_return_if_fail (PL_IS_OFFER (self));

  if (pl_str_replace (&self->effective_from, effective_from))
    g_object_notify_by_pspec (G_OBJECT (self), offer_props[OFFER_PROP_EFFECTIVE_FROM]);
}

const char *
pl_offer_get_notes (PlOffer *self)
{
  g_return_val_if_fail (PL_IS_OFFER (self), NULL);
  return self->notes;
}

void
pl_offer_set_notes (PlOffer    *self,
                    const char *notes)
{
  g_return_if_fail (PL_IS_OFFER (self));

  if (pl_str_replace (&self->notes, notes))
    g_object_notify_by_pspec (G_OBJECT (self), offer_props[OFFER_PROP_NOTES]);
}

const char *
pl_offer_get_change_summary (PlOffer *self)
{
  g_return_val_if_fail (PL_IS_OFFER (self), NULL);
  return self->change_summary;
}

void
pl_offer_set_change_summary (PlOffer    *self,
                             const char *change_summary)
{
  g_return_if_fail (PL_IS_OFFER (self));

  if (pl_str_replace (&self->change_summary, change_summary))
    g_object_notify_by_pspec (G_OBJECT (self), offer_props[OFFER_PROP_CHANGE_SUMMARY]);
}

const char *
pl_offer_get_briefed_on (PlOffer *self)
{
  g_return_val_if_fail (PL_IS_OFFER (self), NULL);
  return self->briefed_on;
}

const char *
pl_offer_get_briefing (PlOffer *self)
{
  g_return_val_if_fail (PL_IS_OFFER (self), NULL);
  return self->briefing;
}

gboolean
pl_offer_is_briefed (PlOffer *self)
{
  g_return_val_if_fail (PL_IS_OFFER (self), FALSE);
  return self->briefed_on[0] != '\0';
}

/* Storage */

static PlOffer *
load_offer (PlWorkspace  *workspace,
            const char   *sql,
            gint64        id,
            const char   *today,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pl_workspace_prepare (workspace, sql, error);
  if (stmt == NULL)
    return NULL;

  if (today != NULL)
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return offer_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                         today != NULL
                         ? _("There is no service offer yet. Write down what the organisation "
                             "promises its customers first.")
                         : _("That version of the service offer is not in this workspace."));
  else
    pl_workspace_set_db_error (workspace, error, _("The service offer could not be read"));

  return NULL;
}

/**
 * pl_offer_load:
 *
 * Returns: (transfer full): the version, or %NULL with %PL_ERROR_NOT_FOUND
 */
PlOffer *
pl_offer_load (PlWorkspace  *workspace,
               gint64        id,
               GError      **error)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_offer (workspace,
                     "SELECT " OFFER_COLUMNS " FROM service_offers WHERE id = ?1",
                     id, NULL, error);
}

/**
 * pl_offer_get_current:
 *
 * Returns: (transfer full): the version in effect, see the header
 */
PlOffer *
pl_offer_get_current (PlWorkspace  *workspace,
                      const char   *today,
                      GError      **error)
{
  g_autofree char *real_today = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (today == NULL)
    today = real_today = pl_today_iso ();

  return load_offer (workspace,
                     "SELECT " OFFER_COLUMNS " FROM service_offers"
                     " ORDER BY effective_from <= ?1 DESC, version DESC, id DESC LIMIT 1",
                     0, today, error);
}

/**
 * pl_offer_list_versions:
 *
 * Returns: (transfer full): a #GListModel of #PlOffer, newest version first
 */
GListModel *
pl_offer_list_versions (PlWorkspace  *workspace,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " OFFER_COLUMNS " FROM service_offers"
                               " ORDER BY version DESC, id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  return pl_workspace_collect (workspace, stmt, PL_TYPE_OFFER,
                               (PlWorkspaceRowFunc) offer_from_row,
                               _("The service offer could not be read"), error);
}

/**
 * pl_offer_list_commitments:
 *
 * Returns: (transfer full): a #GListModel of #PlCommitment, by position
 */
GListModel *
pl_offer_list_commitments (PlOffer      *self,
                           PlWorkspace  *workspace,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_OFFER (self), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " COMMITMENT_COLUMNS " FROM commitments"
                               " WHERE offer_id = ? ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, self->id);

  return pl_workspace_collect (workspace, stmt, PL_TYPE_COMMITMENT,
                               (PlWorkspaceRowFunc) commitment_from_row,
                               _("The commitments could not be read"), error);
}

static gboolean
set_missing_date_error (GError     **error,
                        const char  *message)
{
  g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID, message);
  return FALSE;
}

/**
 * pl_offer_create:
 *
 * Returns: (transfer full): version 1 of the offer, or %NULL with
 *   %PL_ERROR_INVALID when a title or date is missing or there is an
 *   offer already
 */
PlOffer *
pl_offer_create (PlWorkspace  *workspace,
                 const char   *title,
                 const char   *effective_from,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean_title = pl_str_stripped (title);
  g_autofree char *day = pl_date_parse_day (effective_from);
  gint64 count, id;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*clean_title == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the service offer a title, for example “Our service promise”."));
      return NULL;
    }

  if (day == NULL)
    {
      set_missing_date_error (error, _("Give the date the service offer takes effect from, "
                                       "as YYYY-MM-DD."));
      return NULL;
    }

  if (!pl_workspace_begin (workspace, error))
    return NULL;

  if (!pl_workspace_count_rows (workspace, "service_offers", &count, error))
    goto failed;

  if (count > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("This workspace already has a service offer. Make a new version "
                             "of it instead."));
      goto failed;
    }

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO service_offers (title, version, effective_from)"
                               " VALUES (?, 1, ?)",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, clean_title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));
  if (!pl_workspace_audit (workspace, "create", "service_offer", id, "version 1", error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "service_offers");
  return pl_offer_load (workspace, id, error);

failed:
  pl_workspace_rollback (workspace);
  return NULL;
}

/**
 * pl_offer_save:
 *
 * Saves the title, effective date, notes and change summary of a version
 * staff have not been briefed on. Its date must fall between those of the
 * versions before and after it.
 */
gboolean
pl_offer_save (PlOffer      *self,
               PlWorkspace  *workspace,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) range = NULL;
  g_autofree char *title = NULL;
  g_autofree char *day = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *notes = NULL;

  g_return_val_if_fail (PL_IS_OFFER (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  title = pl_str_stripped (self->title);
  day = pl_date_parse_day (self->effective_from);
  summary = pl_str_stripped (self->change_summary);
  notes = pl_str_stripped (self->notes);

  if (*title == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the service offer a title, for example “Our service promise”."));
      return FALSE;
    }
  if (day == NULL)
    return set_missing_date_error (error, _("Give the date this version takes effect from, "
                                            "as YYYY-MM-DD."));
  if (self->version > 1 && *summary == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say in a sentence what changed in this version, so that staff "
                             "can be told."));
      return FALSE;
    }

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!check_offer_editable (workspace, self->id, error))
    goto failed;

  range = pl_workspace_prepare (workspace,
                                "SELECT (SELECT max (effective_from) FROM service_offers"
                                "        WHERE version < ?1),"
                                "       (SELECT min (effective_from) FROM service_offers"
                                "        WHERE version > ?1)",
                                error);
  if (range == NULL)
    goto failed;
  sqlite3_bind_int (range, 1, self->version);
  if (sqlite3_step (range) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The service offer could not be read"));
      goto failed;
    }
  if ((sqlite3_column_type (range, 0) != SQLITE_NULL &&
       strcmp (day, pl_column_text (range, 0)) < 0) ||
      (sqlite3_column_type (range, 1) != SQLITE_NULL &&
       strcmp (day, pl_column_text (range, 1)) > 0))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A version must take effect on or after the version before it, "
                             "and on or before the version after it. Choose another date."));
      goto failed;
    }

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE service_offers SET title = ?, effective_from = ?,"
                               " notes = ?, change_summary = ? WHERE id = ?",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  pl_bind_text_or_null (stmt, 3, notes);
  pl_bind_text_or_null (stmt, 4, summary);
  sqlite3_bind_int64 (stmt, 5, self->id);

  if (!pl_workspace_step_done (workspace, stmt, error) ||
      !pl_workspace_audit (workspace, "update", "service_offer", self->id, title, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  g_object_freeze_notify (G_OBJECT (self));
  pl_offer_set_title (self, title);
  pl_offer_set_effective_from (self, day);
  pl_offer_set_notes (self, notes);
  pl_offer_set_change_summary (self, summary);
  g_object_thaw_notify (G_OBJECT (self));

  pl_workspace_emit_changed (workspace, "service_offers");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/**
 * pl_offer_new_version:
 * @from: the version to start from, usually the current one
 *
 * Returns: (transfer full): the new version, or %NULL with
 *   %PL_ERROR_INVALID when the date or the change summary is missing, or
 *   the date is before the latest version's
 */
PlOffer *
pl_offer_new_version (PlOffer      *from,
                      PlWorkspace  *workspace,
                      const char   *effective_from,
                      const char   *change_summary,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) latest = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) copy = NULL;
  g_autofree char *day = pl_date_parse_day (effective_from);
  g_autofree char *summary = pl_str_stripped (change_summary);
  g_autofree char *detail = NULL;
  g_autofree char *version_text = NULL;
  g_autofree char *latest_day = NULL;
  sqlite3 *db;
  int version;
  gint64 id;

  g_return_val_if_fail (PL_IS_OFFER (from), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (from->id > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = pl_workspace_get_db (workspace);

  if (day == NULL)
    {
      set_missing_date_error (error, _("Give the date the new version takes effect from, "
                                       "as YYYY-MM-DD."));
      return NULL;
    }

  if (*summary == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say in a sentence what changes in the new version, so that staff "
                             "can be told."));
      return NULL;
    }

  if (!pl_workspace_begin (workspace, error))
    return NULL;

  latest = pl_workspace_prepare (workspace,
                                 "SELECT version, effective_from FROM service_offers"
                                 " ORDER BY version DESC, id DESC LIMIT 1",
                                 error);
  if (latest == NULL)
    goto failed;
  if (sqlite3_step (latest) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The service offer could not be read"));
      goto failed;
    }
  version = sqlite3_column_int (latest, 0) + 1;
  latest_day = g_strdup (pl_column_text (latest, 1));

  if (strcmp (day, latest_day) < 0)
    {
      g_autofree char *shown = pl_date_format_short (latest_day);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("The new version cannot take effect before the latest version does "
                     "(%s). Choose a later date."),
                   shown);
      goto failed;
    }

  insert = pl_workspace_prepare (workspace,
                                 "INSERT INTO service_offers (title, version, effective_from,"
                                 " notes, change_summary)"
                                 " SELECT title, ?2, ?3, notes, ?4 FROM service_offers"
                                 " WHERE id = ?1",
                                 error);
  if (insert == NULL)
    goto failed;

  sqlite3_bind_int64 (insert, 1, from->id);
  sqlite3_bind_int (insert, 2, version);
  sqlite3_bind_text (insert, 3, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 4, summary, -1, SQLITE_TRANSIENT);
  if (!pl_workspace_step_done (workspace, insert, error))
    goto failed;

  if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("The version to start from is no longer in the workspace."));
      goto failed;
    }
  id = sqlite3_last_insert_rowid (db);

  copy = pl_workspace_prepare (workspace,
                               "INSERT INTO commitments (offer_id, position, grouping, text,"
                               " kpi_id, standard_id)"
                               " SELECT ?1, position, grouping, text, kpi_id, standard_id"
                               " FROM commitments WHERE offer_id = ?2 ORDER BY position, id",
                               error);
  if (copy == NULL)
    goto failed;

  sqlite3_bind_int64 (copy, 1, id);
  sqlite3_bind_int64 (copy, 2, from->id);

  version_text = g_strdup_printf ("%d", version);
  detail = g_strconcat ("version ", version_text, ": ", summary, NULL);
  if (!pl_workspace_step_done (workspace, copy, error) ||
      !pl_workspace_audit (workspace, "create", "service_offer", id, detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "service_offers");
  pl_workspace_emit_changed (workspace, "commitments");
  return pl_offer_load (workspace, id, error);

failed:
  pl_workspace_rollback (workspace);
  return NULL;
}

/**
 * pl_offer_record_briefing:
 * @briefed_on: the day staff were told, not in the future
 * @how: how they were told ("Team meeting, slides on the intranet")
 */
gboolean
pl_offer_record_briefing (PlOffer      *self,
                          PlWorkspace  *workspace,
                          const char   *briefed_on,
                          const char   *how,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *day = pl_date_parse_day (briefed_on);
  g_autofree char *text = pl_str_stripped (how);
  g_autofree char *today = pl_today_iso ();

  g_return_val_if_fail (PL_IS_OFFER (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (day == NULL)
    return set_missing_date_error (error, _("Give the date staff were briefed, as YYYY-MM-DD."));

  if (strcmp (day, today) > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The briefing date is in the future. Record a briefing once it "
                             "has happened."));
      return FALSE;
    }

  if (*text == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say how staff were told, for example “Team meeting, with the "
                             "new offer handed out”."));
      return FALSE;
    }

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!check_offer_editable (workspace, self->id, error))
    goto failed;

  stmt = pl_workspace_prepare (workspace,
                               "UPDATE service_offers SET briefed_on = ?, briefing = ?"
                               " WHERE id = ?",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, self->id);

  if (!pl_workspace_step_done (workspace, stmt, error) ||
      !pl_workspace_audit (workspace, "brief", "service_offer", self->id, day, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  g_object_freeze_notify (G_OBJECT (self));
  if (pl_str_replace (&self->briefed_on, day))
    {
      g_object_notify_by_pspec (G_OBJECT (self), offer_props[OFFER_PROP_BRIEFED_ON]);
      g_object_notify_by_pspec (G_OBJECT (self), offer_props[OFFER_PROP_BRIEFED]);
    }
  if (pl_str_replace (&self->briefing, text))
    g_object_notify_by_pspec (G_OBJECT (self), offer_props[OFFER_PROP_BRIEFING]);
  g_object_thaw_notify (G_OBJECT (self));

  pl_workspace_emit_changed (workspace, "service_offers");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/* Diff */

void
pl_offer_change_free (PlOfferChange *change)
{
  if (change == NULL)
    return;

  g_clear_object (&change->before);
  g_clear_object (&change->after);
  g_free (change);
}

static GPtrArray *
commitments_array (PlOffer      *offer,
                   PlWorkspace  *workspace,
                   GError      **error)
{
  g_autoptr(GListModel) model = pl_offer_list_commitments (offer, workspace, error);
  GPtrArray *array;
  guint n;

  if (model == NULL)
    return NULL;

  n = g_list_model_get_n_items (model);
  array = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (model, i));

  return array;
}

static guint
changed_fields (PlCommitment *before,
                PlCommitment *after)
{
  guint fields = 0;

  if (before->position != after->position)
    fields |= PL_OFFER_FIELD_POSITION;
  if (g_strcmp0 (before->grouping, after->grouping) != 0)
    fields |= PL_OFFER_FIELD_GROUPING;
  if (g_strcmp0 (before->text, after->text) != 0)
    fields |= PL_OFFER_FIELD_TEXT;
  if (before->kpi_id != after->kpi_id)
    fields |= PL_OFFER_FIELD_KPI;
  if (before->standard_id != after->standard_id)
    fields |= PL_OFFER_FIELD_STANDARD;

  return fields;
}

static int
change_position (const PlOfferChange *change)
{
  return change->after != NULL ? change->after->position : change->before->position;
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const PlOfferChange *x = *(const PlOfferChange * const *) a;
  const PlOfferChange *y = *(const PlOfferChange * const *) b;
  int px = change_position (x);
  int py = change_position (y);
  gboolean rx = x->kind == PL_OFFER_CHANGE_REMOVED;
  gboolean ry = y->kind == PL_OFFER_CHANGE_REMOVED;
  gint64 ix = x->after != NULL ? x->after->id : x->before->id;
  gint64 iy = y->after != NULL ? y->after->id : y->before->id;

  if (px != py)
    return px < py ? -1 : 1;
  if (rx != ry)
    return rx ? -1 : 1;
  return ix < iy ? -1 : ix > iy ? 1 : 0;
}

static void
add_change (GPtrArray         *changes,
            PlOfferChangeKind  kind,
            guint              fields,
            PlCommitment      *before,
            PlCommitment      *after)
{
  PlOfferChange *change = g_new0 (PlOfferChange, 1);

  change->kind = kind;
  change->fields = fields;
  change->before = before != NULL ? g_object_ref (before) : NULL;
  change->after = after != NULL ? g_object_ref (after) : NULL;
  g_ptr_array_add (changes, change);
}

/**
 * pl_offer_diff:
 *
 * Returns: (transfer full) (element-type PlOfferChange): the changes from
 *   @before to @after
 */
GPtrArray *
pl_offer_diff (PlOffer      *before,
               PlOffer      *after,
               PlWorkspace  *workspace,
               GError      **error)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) new = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree int *pair = NULL;          /* new index → old index, or -1 */
  g_autofree gboolean *taken = NULL;    /* old index paired */

  g_return_val_if_fail (PL_IS_OFFER (before), NULL);
  g_return_val_if_fail (PL_IS_OFFER (after), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  old = commitments_array (before, workspace, error);
  if (old == NULL)
    return NULL;
  new = commitments_array (after, workspace, error);
  if (new == NULL)
    return NULL;

  pair = g_new (int, new->len + 1);
  taken = g_new0 (gboolean, old->len + 1);

  /* The same words are the same promise, wherever it moved to. */
  for (guint n = 0; n < new->len; n++)
    {
      PlCommitment *a = g_ptr_array_index (new, n);

      pair[n] = -1;
      for (guint o = 0; o < old->len; o++)
        {
          PlCommitment *b = g_ptr_array_index (old, o);

          if (!taken[o] && g_strcmp0 (a->text, b->text) == 0)
            {
              pair[n] = (int) o;
              taken[o] = TRUE;
              break;
            }
        }
    }

  /* New words in the same place are the promise reworded. */
  for (guint n = 0; n < new->len; n++)
    {
      PlCommitment *a = g_ptr_array_index (new, n);

      if (pair[n] >= 0)
        continue;

      for (guint o = 0; o < old->len; o++)
        {
          PlCommitment *b = g_ptr_array_index (old, o);

          if (!taken[o] && a->position == b->position)
            {
              pair[n] = (int) o;
              taken[o] = TRUE;
              break;
            }
        }
    }

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_offer_change_free);

  for (guint n = 0; n < new->len; n++)
    {
      PlCommitment *a = g_ptr_array_index (new, n);

      if (pair[n] < 0)
        add_change (changes, PL_OFFER_CHANGE_ADDED, 0, NULL, a);
      else
        {
          PlCommitment *b = g_ptr_array_index (old, pair[n]);
          guint fields = changed_fields (b, a);

          if (fields != 0)
            add_change (changes, PL_OFFER_CHANGE_CHANGED, fields, b, a);
        }
    }

  for (guint o = 0; o < old->len; o++)
    if (!taken[o])
      add_change (changes, PL_OFFER_CHANGE_REMOVED, 0, g_ptr_array_index (old, o), NULL);

  g_ptr_array_sort (changes, compare_changes);
  return g_steal_pointer (&changes);
}

/* Kept or not */

const char *
pl_kept_to_string (PlKept kept)
{
  switch (kept)
    {
    case PL_KEPT_KEPT:
      return "kept";
    case PL_KEPT_AT_RISK:
      return "at_risk";
    case PL_KEPT_NOT_KEPT:
      return "not_kept";
    case PL_KEPT_UNKNOWN:
    default:
      return "unknown";
    }
}

const char *
pl_kept_to_label (PlKept kept)
{
  switch (kept)
    {
    case PL_KEPT_KEPT:
      return _("Being kept");
    case PL_KEPT_AT_RISK:
      return _("At risk");
    case PL_KEPT_NOT_KEPT:
      return _("Not being kept");
    case PL_KEPT_UNKNOWN:
    default:
      return _("Not known");
    }
}

PlKept
pl_kept_from_status (PlStatus status)
{
  switch (status)
    {
    case PL_STATUS_GREEN:
      return PL_KEPT_KEPT;
    case PL_STATUS_AMBER:
      return PL_KEPT_AT_RISK;
    case PL_STATUS_RED:
      return PL_KEPT_NOT_KEPT;
    case PL_STATUS_NONE:
    default:
      return PL_KEPT_UNKNOWN;
    }
}

void
pl_commitment_check_free (PlCommitmentCheck *check)
{
  if (check == NULL)
    return;

  g_free (check->value_text);
  g_free (check->period_start);
  g_free (check);
}

/* Fills @check from the KPI's latest period; a KPI that has gone leaves
 * it unknown. */
static gboolean
check_kpi (PlWorkspace        *workspace,
           gint64              kpi_id,
           PlCommitmentCheck  *check,
           GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PlKpi) kpi = NULL;
  g_autoptr(GArray) points = NULL;

  kpi = pl_kpi_load (workspace, kpi_id, &local_error);
  if (kpi == NULL)
    {
      if (g_error_matches (local_error, PL_ERROR, PL_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  points = pl_kpi_compute (kpi, workspace, error);
  if (points == NULL)
    return FALSE;

  pl_commitment_check_set_points (check, kpi, points);

  return TRUE;
}

/**
 * pl_commitment_check_set_points:
 * @points: (element-type PlKpiPoint): @kpi's values from pl_kpi_compute()
 *
 * Fills in whether the commitment is kept from its KPI's values already
 * computed, exactly as pl_offer_check_commitments() does, for callers that
 * have computed every KPI anyway (the Overview).
 */
void
pl_commitment_check_set_points (PlCommitmentCheck *check,
                                PlKpi             *kpi,
                                GArray            *points)
{
  PlKpiSummary summary;

  g_return_if_fail (check != NULL);
  g_return_if_fail (PL_IS_KPI (kpi));
  g_return_if_fail (points != NULL);

  pl_kpi_summarise (kpi, points, &summary);
  check->period = pl_kpi_get_period (kpi);
  check->status = summary.status;
  check->kept = pl_kept_from_status (summary.status);
  g_clear_pointer (&check->value_text, g_free);
  g_clear_pointer (&check->period_start, g_free);
  if (summary.has_value)
    {
      check->value_text = pl_kpi_format_value (kpi, summary.latest.value);
      check->period_start = g_strdup (summary.latest.period_start);
    }
}

/**
 * pl_offer_check_commitments:
 *
 * For each commitment, whether it is being kept: its KPI's status in the
 * KPI's latest period with data, as computed by pl_kpi_compute().
 *
 * Returns: (transfer full) (element-type PlCommitmentCheck): the checks
 */
GPtrArray *
pl_offer_check_commitments (PlOffer      *self,
                            PlWorkspace  *workspace,
                            GError      **error)
{
  g_autoptr(GPtrArray) commitments = NULL;
  g_autoptr(GPtrArray) checks = NULL;

  g_return_val_if_fail (PL_IS_OFFER (self), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  commitments = commitments_array (self, workspace, error);
  if (commitments == NULL)
    return NULL;

  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_commitment_check_free);
  for (guint i = 0; i < commitments->len; i++)
    {
      PlCommitment *commitment = g_ptr_array_index (commitments, i);
      PlCommitmentCheck *check = g_new0 (PlCommitmentCheck, 1);

      check->commitment_id = commitment->id;
      check->kpi_id = commitment->kpi_id;
      check->kept = PL_KEPT_UNKNOWN;
      check->status = PL_STATUS_NONE;
      g_ptr_array_add (checks, check);

      if (commitment->kpi_id > 0 &&
          !check_kpi (workspace, commitment->kpi_id, check, error))
        return NULL;
    }

  return g_steal_pointer (&checks);
}
