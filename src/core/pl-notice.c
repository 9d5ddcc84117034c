/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pl-error.h"
#include "pl-item.h"
#include "pl-notice.h"
#include "pl-util.h"

struct _PlNotice
{
  GObject parent_instance;

  gint64 id;
  gint64 review_id;
  PlNoticeAudience audience;
  PlNoticeMethod method;
  char *given_on;
  gint64 team_id;
  char *text;
  gboolean trashed;
};

G_DEFINE_FINAL_TYPE (PlNotice, pl_notice, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlNoticeAudience, pl_notice_audience,
  G_DEFINE_ENUM_VALUE (PL_NOTICE_AUDIENCE_STAFF, "staff"),
  G_DEFINE_ENUM_VALUE (PL_NOTICE_AUDIENCE_CUSTOMERS, "customers"))

G_DEFINE_ENUM_TYPE (PlNoticeMethod, pl_notice_method,
  G_DEFINE_ENUM_VALUE (PL_NOTICE_METHOD_TEAM_MEETING, "team_meeting"),
  G_DEFINE_ENUM_VALUE (PL_NOTICE_METHOD_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (PL_NOTICE_METHOD_RECORDED_MESSAGE, "recorded_message"),
  G_DEFINE_ENUM_VALUE (PL_NOTICE_METHOD_WEBSITE, "website"),
  G_DEFINE_ENUM_VALUE (PL_NOTICE_METHOD_SIGN, "sign"),
  G_DEFINE_ENUM_VALUE (PL_NOTICE_METHOD_LETTER, "letter"),
  G_DEFINE_ENUM_VALUE (PL_NOTICE_METHOD_OTHER, "other"))

enum {
  PROP_0,
  PROP_ID,
  PROP_REVIEW_ID,
  PROP_AUDIENCE,
  PROP_METHOD,
  PROP_GIVEN_ON,
  PROP_TEAM_ID,
  PROP_TEXT,
  PROP_TRASHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const audience_names[] = {
  [PL_NOTICE_AUDIENCE_STAFF] = "staff",
  [PL_NOTICE_AUDIENCE_CUSTOMERS] = "customers",
};

static const char * const audience_labels[] = {
  [PL_NOTICE_AUDIENCE_STAFF] = N_("Staff"),
  [PL_NOTICE_AUDIENCE_CUSTOMERS] = N_("Customers"),
};

static const char * const method_names[] = {
  [PL_NOTICE_METHOD_TEAM_MEETING] = "team_meeting",
  [PL_NOTICE_METHOD_EMAIL] = "email",
  [PL_NOTICE_METHOD_RECORDED_MESSAGE] = "recorded_message",
  [PL_NOTICE_METHOD_WEBSITE] = "website",
  [PL_NOTICE_METHOD_SIGN] = "sign",
  [PL_NOTICE_METHOD_LETTER] = "letter",
  [PL_NOTICE_METHOD_OTHER] = "other",
};

static const char * const method_labels[] = {
  [PL_NOTICE_METHOD_TEAM_MEETING] = N_("Team meeting"),
  [PL_NOTICE_METHOD_EMAIL] = N_("Email"),
  [PL_NOTICE_METHOD_RECORDED_MESSAGE] = N_("Recorded message on calls"),
  [PL_NOTICE_METHOD_WEBSITE] = N_("Website"),
  [PL_NOTICE_METHOD_SIGN] = N_("Sign"),
  [PL_NOTICE_METHOD_LETTER] = N_("Letter"),
  [PL_NOTICE_METHOD_OTHER] = N_("Other"),
};

#define NOTICE_COLUMNS \
  "id, review_id, audience, method, given_on, team_id, text, trashed_at IS NOT NULL"

/* Helpers */

static PlNotice *
notice_from_row (sqlite3_stmt *stmt)
{
  PlNotice *self = g_object_new (PL_TYPE_NOTICE, NULL);
  int audience = pl_names_index (audience_names, G_N_ELEMENTS (audience_names), pl_column_text (stmt, 2));
  int method = pl_names_index (method_names, G_N_ELEMENTS (method_names), pl_column_text (stmt, 3));

  self->id = sqlite3_column_int64 (stmt, 0);
  self->review_id = sqlite3_column_int64 (stmt, 1);
  self->audience = audience >= 0 ? (PlNoticeAudience) audience : PL_NOTICE_AUDIENCE_STAFF;
  self->method = method >= 0 ? (PlNoticeMethod) method : PL_NOTICE_METHOD_OTHER;
  pl_str_replace (&self->given_on, pl_column_text (stmt, 4));
  self->team_id = sqlite3_column_int64 (stmt, 5);
  pl_str_replace (&self->text, pl_column_text (stmt, 6));
  self->trashed = sqlite3_column_int (stmt, 7) != 0;

  return self;
}

static GListModel *
items_from_query (PlWorkspace   *workspace,
                  sqlite3_stmt  *stmt,
                  const char    *what,
                  GError       **error)
{
  g_autoptr(GListStore) store = g_list_store_new (PL_TYPE_ITEM);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlItem) item = pl_item_new (sqlite3_column_int64 (stmt, 0),
                                            (const char *) sqlite3_column_text (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2),
                                            (const char *) sqlite3_column_text (stmt, 3));
      g_list_store_append (store, item);
    }

  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, what);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* GObject */

static void
pl_notice_finalize (GObject *object)
{
  PlNotice *self = (PlNotice *) object;

  g_clear_pointer (&self->given_on, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (pl_notice_parent_class)->finalize (object);
}

static void
pl_notice_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PlNotice *self = PL_NOTICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_REVIEW_ID:
      g_value_set_int64 (value, self->review_id);
      break;
    case PROP_AUDIENCE:
      g_value_set_enum (value, self->audience);
      break;
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_GIVEN_ON:
      g_value_set_string (value, self->given_on);
      break;
    case PROP_TEAM_ID:
      g_value_set_int64 (value, self->team_id);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_TRASHED:
      g_value_set_boolean (value, self->trashed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_notice_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PlNotice *self = PL_NOTICE (object);

  switch (prop_id)
    {
    case PROP_REVIEW_ID:
      pl_notice_set_review_id (self, g_value_get_int64 (value));
      break;
    case PROP_AUDIENCE:
      pl_notice_set_audience (self, g_value_get_enum (value));
      break;
    case PROP_METHOD:
      pl_notice_set_method (self, g_value_get_enum (value));
      break;
    case PROP_GIVEN_ON:
      pl_notice_set_given_on (self, g_value_get_string (value));
      break;
    case PROP_TEAM_ID:
      pl_notice_set_team_id (self, g_value_get_int64 (value));
      break;
    case PROP_TEXT:
      pl_notice_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_notice_class_init (PlNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pl_notice_finalize;
  object_class->get_property = pl_notice_get_property;
  object_class->set_property = pl_notice_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_REVIEW_ID] =
    g_param_spec_int64 ("review-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_AUDIENCE] =
    g_param_spec_enum ("audience", NULL, NULL,
                       PL_TYPE_NOTICE_AUDIENCE, PL_NOTICE_AUDIENCE_STAFF, rw);
  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL,
                       PL_TYPE_NOTICE_METHOD, PL_NOTICE_METHOD_TEAM_MEETING, rw);
  properties[PROP_GIVEN_ON] =
    g_param_spec_string ("given-on", NULL, NULL, "", rw);
  properties[PROP_TEAM_ID] =
    g_param_spec_int64 ("team-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "", rw);
  properties[PROP_TRASHED] =
    g_param_spec_boolean ("trashed", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_notice_init (PlNotice *self)
{
  self->audience = PL_NOTICE_AUDIENCE_STAFF;
  self->method = PL_NOTICE_METHOD_TEAM_MEETING;
  self->given_on = g_strdup ("");
  self->text = g_strdup ("");
}

/* Enums */

const char *
pl_notice_audience_to_string (PlNoticeAudience audience)
{
  g_return_val_if_fail (audience <= PL_NOTICE_AUDIENCE_CUSTOMERS, NULL);
  return audience_names[audience];
}

/**
 * pl_notice_audience_from_string:
 * @out_audience: (out): the audience
 *
 * Returns: %TRUE if @text is "staff" or "customers"
 */
gboolean
pl_notice_audience_from_string (const char       *text,
                                PlNoticeAudience *out_audience)
{
  int i = pl_names_index (audience_names, G_N_ELEMENTS (audience_names), text);

  g_return_val_if_fail (out_audience != NULL, FALSE);

  if (i < 0)
    return FALSE;

  *out_audience = (PlNoticeAudience) i;
  return TRUE;
}

const char *
pl_notice_audience_to_label (PlNoticeAudience audience)
{
  g_return_val_if_fail (audience <= PL_NOTICE_AUDIENCE_CUSTOMERS, NULL);
  return _(audience_labels[audience]);
}

const char *
pl_notice_method_to_string (PlNoticeMethod method)
{
  g_return_val_if_fail (method <= PL_NOTICE_METHOD_OTHER, NULL);
  return method_names[method];
}

/**
 * pl_notice_method_from_string:
 * @out_method: (out): the method
 *
 * Returns: %TRUE if @text names a method ("team_meeting", ...)
 */
gboolean
pl_notice_method_from_string (const char     *text,
                              PlNoticeMethod *out_method)
{
  int i = pl_names_index (method_names, G_N_ELEMENTS (method_names), text);

  g_return_val_if_fail (out_method != NULL, FALSE);

  if (i < 0)
    return FALSE;

  *out_method = (PlNoticeMethod) i;
  return TRUE;
}

const char *
pl_notice_method_to_label (PlNoticeMethod method)
{
  g_return_val_if_fail (method <= PL_NOTICE_METHOD_OTHER, NULL);
  return _(method_labels[method]);
}

const char *
pl_notice_explanation (void)
{
  return _("Data protection law (UK GDPR) says people must be told that their calls and "
           "work are monitored, and why; monitoring in secret is only justified in "
           "exceptional cases. Telling colleagues first is also fair: they know what will be "
           "checked and how the results will be used, so they can trust them and act on them. "
           "For customers, the recorded message at the start of a call (“calls may be "
           "recorded for training and quality purposes”) is the notice, with the privacy "
           "notice on the website.");
}

/* Properties */

PlNotice *
pl_notice_new (void)
{
  return g_object_new (PL_TYPE_NOTICE, NULL);
}

gint64
pl_notice_get_id (PlNotice *self)
{
  g_return_val_if_fail (PL_IS_NOTICE (self), 0);
  return self->id;
}

gint64
pl_notice_get_review_id (PlNotice *self)
{
  g_return_val_if_fail (PL_IS_NOTICE (self), 0);
  return self->review_id;
}

void
pl_notice_set_review_id (PlNotice *self,
                         gint64    review_id)
{
  g_return_if_fail (PL_IS_NOTICE (self));

  review_id = MAX (review_id, 0);
  if (self->review_id == review_id)
    return;

  self->review_id = review_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW_ID]);
}

PlNoticeAudience
pl_notice_get_audience (PlNotice *self)
{
  g_return_val_if_fail (PL_IS_NOTICE (self), PL_NOTICE_AUDIENCE_STAFF);
  return self->audience;
}

void
pl_notice_set_audience (PlNotice         *self,
                        PlNoticeAudience  audience)
{
  g_return_if_fail (PL_IS_NOTICE (self));
  g_return_if_fail (audience <= PL_NOTICE_AUDIENCE_CUSTOMERS);

  if (self->audience == audience)
    return;

  self->audience = audience;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIENCE]);
}

PlNoticeMethod
pl_notice_get_method (PlNotice *self)
{
  g_return_val_if_fail (PL_IS_NOTICE (self), PL_NOTICE_METHOD_OTHER);
  return self->method;
}

void
pl_notice_set_method (PlNotice       *self,
                      PlNoticeMethod  method)
{
  g_return_if_fail (PL_IS_NOTICE (self));
  g_return_if_fail (method <= PL_NOTICE_METHOD_OTHER);

  if (self->method == method)
    return;

  self->method = method;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

const char *
pl_notice_get_given_on (PlNotice *self)
{
  g_return_val_if_fail (PL_IS_NOTICE (self), NULL);
  return self->given_on;
}

void
pl_notice_set_given_on (PlNotice   *self,
                        const char *given_on)
{
  g_return_if_fail (PL_IS_NOTICE (self));

  if (pl_str_replace (&self->given_on, given_on))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GIVEN_ON]);
}

gint64
pl_notice_get_team_id (PlNotice *self)
{
  g_return_val_if_fail (PL_IS_NOTICE (self), 0);
  return self->team_id;
}

void
pl_notice_set_team_id (PlNotice *self,
                       gint64    team_id)
{
  g_return_if_fail (PL_IS_NOTICE (self));

  team_id = MAX (team_id, 0);
  if (self->team_id == team_id)
    return;

  self->team_id = team_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEAM_ID]);
}

const char *
pl_notice_get_text (PlNotice *self)
{
  g_return_val_if_fail (PL_IS_NOTICE (self), NULL);
  return self->text;
}

void
pl_notice_set_text (PlNotice   *self,
                    const char *text)
{
  g_return_if_fail (PL_IS_NOTICE (self));

  if (pl_str_replace (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

gboolean
pl_notice_get_trashed (PlNotice *self)
{
  g_return_val_if_fail (PL_IS_NOTICE (self), FALSE);
  return self->trashed;
}

/**
 * pl_notice_validate:
 *
 * Returns: %TRUE if the notice can be saved, else %FALSE with a
 *   %PL_ERROR_INVALID error that says what to change
 */
gboolean
pl_notice_validate (PlNotice  *self,
                    GError   **error)
{
  g_autofree char *text = NULL;
  g_autofree char *day = NULL;
  g_autofree char *today = pl_today_iso ();

  g_return_val_if_fail (PL_IS_NOTICE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = pl_str_stripped (self->text);
  day = pl_date_parse_day (self->given_on);

  if (*text == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Write down what people were told, for example “Calls may be "
                             "recorded and listened to by team leaders to check quality "
                             "and for training.”"));
      return FALSE;
    }

  if (day == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the date the notice was given, as YYYY-MM-DD."));
      return FALSE;
    }

  if (strcmp (day, today) > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The notice’s date is in the future. Record a notice once it "
                             "has been given."));
      return FALSE;
    }

  if (self->audience != PL_NOTICE_AUDIENCE_STAFF && self->team_id > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Only a notice to staff can be for one team. Clear the team, "
                             "or make it a notice to staff."));
      return FALSE;
    }

  return TRUE;
}

/* Storage */

/**
 * pl_notice_list:
 *
 * Returns: (transfer full): a #GListModel of #PlNotice not in the trash,
 *   newest first
 */
GListModel *
pl_notice_list (PlWorkspace  *workspace,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " NOTICE_COLUMNS " FROM monitoring_notices"
                               " WHERE trashed_at IS NULL ORDER BY given_on DESC, id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  return pl_workspace_collect (workspace, stmt, PL_TYPE_NOTICE,
                               (PlWorkspaceRowFunc) notice_from_row,
                               _("The monitoring notices could not be read"), error);
}

/**
 * pl_notice_load:
 *
 * Returns: (transfer full): the notice (in the trash or not), or %NULL with
 *   %PL_ERROR_NOT_FOUND
 */
PlNotice *
pl_notice_load (PlWorkspace  *workspace,
                gint64        id,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT " NOTICE_COLUMNS " FROM monitoring_notices WHERE id = ?",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return pl_workspace_fetch_one (workspace, stmt, (PlWorkspaceRowFunc) notice_from_row,
                                 _("That monitoring notice is not in this workspace."),
                                 _("The monitoring notice could not be read"), error);
}

/* One row means the thing exists. */
static gboolean
row_exists (PlWorkspace  *workspace,
            const char   *sql,
            gint64        id,
            gboolean     *out_exists,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = pl_workspace_prepare (workspace, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("The workspace could not be read"));
      return FALSE;
    }

  *out_exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
check_references (PlNotice     *self,
                  PlWorkspace  *workspace,
                  GError      **error)
{
  gboolean exists;

  if (self->team_id > 0)
    {
      if (!row_exists (workspace, "SELECT 1 FROM teams WHERE id = ?", self->team_id,
                       &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The team chosen for this notice is not in the workspace. "
                                 "Choose another team, or all staff."));
          return FALSE;
        }
    }

  if (self->review_id > 0)
    {
      if (!row_exists (workspace, "SELECT 1 FROM reviews WHERE id = ?", self->review_id,
                       &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                               _("The review chosen for this notice is not in the workspace. "
                                 "Choose another review, or none."));
          return FALSE;
        }
    }

  return TRUE;
}

/* A change must not leave behind acknowledgements the notice no longer
 * covers, or ones dated before it was given. */
static gboolean
check_acknowledgements_still_fit (PlNotice     *self,
                                  PlWorkspace  *workspace,
                                  const char   *day,
                                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 misfits;

  stmt = pl_workspace_prepare (workspace,
                               "SELECT count(*) FROM notice_acknowledgements a"
                               " JOIN colleagues c ON c.id = a.colleague_id"
                               " WHERE a.notice_id = ?1"
                               "   AND (?2 <> 'staff'"
                               "        OR (?3 IS NOT NULL AND c.team_id IS NOT ?3)"
                               "        OR a.acknowledged_on < ?4)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_text (stmt, 2, audience_names[self->audience], -1, SQLITE_STATIC);
  if (self->team_id > 0)
    sqlite3_bind_int64 (stmt, 3, self->team_id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, day, -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pl_workspace_set_db_error (workspace, error, _("The acknowledgements could not be read"));
      return FALSE;
    }

  misfits = sqlite3_column_int64 (stmt, 0);
  if (misfits > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, misfits);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   ngettext ("%s acknowledgement would no longer fit this notice (its "
                             "colleague would not be covered, or it is dated before the "
                             "notice). Remove it first, or record a new notice instead.",
                             "%s acknowledgements would no longer fit this notice (their "
                             "colleagues would not be covered, or they are dated before "
                             "the notice). Remove them first, or record a new notice instead.",
                             (unsigned long) misfits),
                   count);
      return FALSE;
    }

  return TRUE;
}

/**
 * pl_notice_save:
 *
 * Validates the notice and what it refers to, then inserts it (id 0) or
 * updates it, with an audit entry, in one transaction.
 */
gboolean
pl_notice_save (PlNotice     *self,
                PlWorkspace  *workspace,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  g_autofree char *text = NULL;
  g_autofree char *day = NULL;
  sqlite3 *db;
  gint64 id = 0;

  g_return_val_if_fail (PL_IS_NOTICE (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_notice_validate (self, error))
    return FALSE;

  db = pl_workspace_get_db (workspace);
  text = pl_str_stripped (self->text);
  day = pl_date_parse_day (self->given_on);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  if (!check_references (self, workspace, error))
    goto failed;

  if (self->id != 0 && !check_acknowledgements_still_fit (self, workspace, day, error))
    goto failed;

  if (self->id == 0)
    stmt = pl_workspace_prepare (workspace,
                                 "INSERT INTO monitoring_notices (review_id, audience, method,"
                                 " given_on, team_id, text, created_at)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                 error);
  else
    stmt = pl_workspace_prepare (workspace,
                                 "UPDATE monitoring_notices SET review_id = ?1, audience = ?2,"
                                 " method = ?3, given_on = ?4, team_id = ?5, text = ?6"
                                 " WHERE id = ?8",
                                 error);
  if (stmt == NULL)
    goto failed;

  if (self->review_id > 0)
    sqlite3_bind_int64 (stmt, 1, self->review_id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, audience_names[self->audience], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, method_names[self->method], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, day, -1, SQLITE_TRANSIENT);
  if (self->team_id > 0)
    sqlite3_bind_int64 (stmt, 5, self->team_id);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, text, -1, SQLITE_TRANSIENT);
  if (self->id == 0)
    sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 8, self->id);

  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (self->id == 0)
    id = sqlite3_last_insert_rowid (db);
  else if (sqlite3_changes (db) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This monitoring notice is no longer in the workspace, so the "
                             "changes could not be saved."));
      goto failed;
    }
  else
    id = self->id;

  if (!pl_workspace_audit (workspace, self->id == 0 ? "create" : "update",
                           "monitoring_notice", id, audience_names[self->audience], error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  pl_notice_set_text (self, text);
  pl_notice_set_given_on (self, day);
  g_object_thaw_notify (G_OBJECT (self));

  pl_workspace_emit_changed (workspace, "monitoring_notices");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

static gboolean
set_trashed (PlNotice     *self,
             PlWorkspace  *workspace,
             gboolean      trashed,
             GError      **error)
{
  g_return_val_if_fail (PL_IS_NOTICE (self), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);

  if (!pl_workspace_set_trashed (workspace, "monitoring_notices", self->id, trashed, FALSE, "monitoring_notice",
                                 audience_names[self->audience],
                                 _("This monitoring notice is no longer in the workspace."), error))
    return FALSE;

  if (self->trashed != trashed)
    {
      self->trashed = trashed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRASHED]);
    }

  return TRUE;
}

/**
 * pl_notice_trash:
 *
 * Moves the notice to the trash: it no longer counts as telling anyone,
 * and its acknowledgements are kept for when it is restored.
 */
gboolean
pl_notice_trash (PlNotice     *self,
                 PlWorkspace  *workspace,
                 GError      **error)
{
  return set_trashed (self, workspace, TRUE, error);
}

gboolean
pl_notice_restore (PlNotice     *self,
                   PlWorkspace  *workspace,
                   GError      **error)
{
  return set_trashed (self, workspace, FALSE, error);
}

/* Acknowledgements */

/**
 * pl_notice_acknowledge:
 * @colleague_id: a colleague the notice covers
 * @acknowledged_on: the day, on or after the notice's and not in the future
 *
 * The notice's audience, team and date are read from the workspace, so
 * unsaved edits to @self do not count.
 */
gboolean
pl_notice_acknowledge (PlNotice     *self,
                       PlWorkspace  *workspace,
                       gint64        colleague_id,
                       const char   *acknowledged_on,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) notice = NULL;
  g_autoptr(sqlite3_stmt) colleague = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *day = pl_date_parse_day (acknowledged_on);
  g_autofree char *today = pl_today_iso ();
  g_autofree char *given_on = NULL;
  g_autofree char *code = NULL;
  gboolean staff, trashed;
  gint64 team_id;
  int rc;

  g_return_val_if_fail (PL_IS_NOTICE (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (day == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the date the colleague acknowledged the notice, as YYYY-MM-DD."));
      return FALSE;
    }

  if (strcmp (day, today) > 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The acknowledgement date is in the future."));
      return FALSE;
    }

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  notice = pl_workspace_prepare (workspace,
                                 "SELECT audience = 'staff', team_id, given_on,"
                                 " trashed_at IS NOT NULL FROM monitoring_notices WHERE id = ?",
                                 error);
  if (notice == NULL)
    goto failed;

  sqlite3_bind_int64 (notice, 1, self->id);
  rc = sqlite3_step (notice);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                             _("This monitoring notice is no longer in the workspace."));
      else
        pl_workspace_set_db_error (workspace, error, _("The monitoring notice could not be read"));
      goto failed;
    }
  staff = sqlite3_column_int (notice, 0) != 0;
  team_id = sqlite3_column_int64 (notice, 1);
  given_on = g_strdup (pl_column_text (notice, 2));
  trashed = sqlite3_column_int (notice, 3) != 0;

  if (trashed)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("This notice is in the trash. Restore it before recording "
                             "acknowledgements."));
      goto failed;
    }

  if (!staff)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Only colleagues acknowledge notices, and this notice was for "
                             "customers."));
      goto failed;
    }

  colleague = pl_workspace_prepare (workspace,
                                    "SELECT team_id, code FROM colleagues WHERE id = ?",
                                    error);
  if (colleague == NULL)
    goto failed;

  sqlite3_bind_int64 (colleague, 1, colleague_id);
  rc = sqlite3_step (colleague);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                             _("That colleague is not in this workspace."));
      else
        pl_workspace_set_db_error (workspace, error, _("The colleague could not be read"));
      goto failed;
    }
  code = g_strdup (pl_column_text (colleague, 1));

  if (team_id > 0 && sqlite3_column_int64 (colleague, 0) != team_id)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("This notice was given to another team, so this colleague cannot "
                             "acknowledge it. Record a notice for their team."));
      goto failed;
    }

  if (strcmp (day, given_on) < 0)
    {
      g_autofree char *shown = pl_date_format_short (given_on);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("A colleague cannot acknowledge a notice before it was given (%s)."),
                   shown);
      goto failed;
    }

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO notice_acknowledgements (notice_id, colleague_id,"
                               " acknowledged_on) VALUES (?1, ?2, ?3)"
                               " ON CONFLICT (notice_id, colleague_id)"
                               " DO UPDATE SET acknowledged_on = excluded.acknowledged_on",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_int64 (stmt, 2, colleague_id);
  sqlite3_bind_text (stmt, 3, day, -1, SQLITE_TRANSIENT);

  if (!pl_workspace_step_done (workspace, stmt, error) ||
      !pl_workspace_audit (workspace, "acknowledge", "monitoring_notice", self->id, code, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "notice_acknowledgements");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

gboolean
pl_notice_unacknowledge (PlNotice     *self,
                         PlWorkspace  *workspace,
                         gint64        colleague_id,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (PL_IS_NOTICE (self), FALSE);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (self->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace,
                               "DELETE FROM notice_acknowledgements"
                               " WHERE notice_id = ? AND colleague_id = ?",
                               error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_int64 (stmt, 2, colleague_id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;

  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("This colleague has not acknowledged the notice."));
      goto failed;
    }

  detail = g_strdup_printf ("colleague %" G_GINT64_FORMAT, colleague_id);
  if (!pl_workspace_audit (workspace, "unacknowledge", "monitoring_notice", self->id,
                           detail, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "notice_acknowledgements");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

/**
 * pl_notice_list_acknowledgements:
 *
 * Returns: (transfer full): a #GListModel of #PlItem, see the header
 */
GListModel *
pl_notice_list_acknowledgements (PlNotice     *self,
                                 PlWorkspace  *workspace,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_NOTICE (self), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT c.id, c.code, c.display_name, a.acknowledged_on"
                               " FROM notice_acknowledgements a"
                               " JOIN colleagues c ON c.id = a.colleague_id"
                               " WHERE a.notice_id = ?"
                               " ORDER BY c.display_name COLLATE NOCASE, c.id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, self->id);
  return items_from_query (workspace, stmt, _("The acknowledgements could not be read"), error);
}

/**
 * pl_notice_list_covered_colleagues:
 *
 * Returns: (transfer full): a #GListModel of #PlItem: the active
 *   colleagues @self tells about monitoring, by name
 */
GListModel *
pl_notice_list_covered_colleagues (PlNotice     *self,
                                   PlWorkspace  *workspace,
                                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_NOTICE (self), NULL);
  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT c.id, c.code, c.display_name, t.name FROM colleagues c"
                               " LEFT JOIN teams t ON t.id = c.team_id"
                               " WHERE c.active AND ?1 = 'staff' AND (?2 = 0 OR c.team_id = ?2)"
                               " ORDER BY c.display_name COLLATE NOCASE, c.id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, audience_names[self->audience], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, self->team_id);
  return items_from_query (workspace, stmt, _("The colleagues could not be read"), error);
}

/**
 * pl_notice_colleagues_without_notice:
 * @as_of: "YYYY-MM-DD", or %NULL for today
 *
 * Returns: (transfer full): a #GListModel of #PlItem, see the header
 */
GListModel *
pl_notice_colleagues_without_notice (PlWorkspace  *workspace,
                                     const char   *as_of,
                                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  day = as_of != NULL ? pl_date_parse_day (as_of) : pl_today_iso ();
  if (day == NULL)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the date to check on, as YYYY-MM-DD."));
      return NULL;
    }

  stmt = pl_workspace_prepare (workspace,
                               "SELECT c.id, c.code, c.display_name, t.name FROM colleagues c"
                               " LEFT JOIN teams t ON t.id = c.team_id"
                               " WHERE c.active AND NOT EXISTS ("
                               "   SELECT 1 FROM monitoring_notices n"
                               "   WHERE n.trashed_at IS NULL AND n.audience = 'staff'"
                               "     AND n.given_on <= ?1"
                               "     AND (n.team_id IS NULL OR n.team_id = c.team_id))"
                               " ORDER BY c.display_name COLLATE NOCASE, c.id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  return items_from_query (workspace, stmt, _("The colleagues could not be read"), error);
}
