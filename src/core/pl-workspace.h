/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* "Plmb": PRAGMA application_id of every Plumbline workspace. */
#define PL_WORKSPACE_APPLICATION_ID 0x506C6D62
#define PL_WORKSPACE_SUFFIX ".plumbline"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef enum
{
  PL_ITEM_KIND_TEAM,
  PL_ITEM_KIND_COLLEAGUE,
  PL_ITEM_KIND_CHANNEL,
  PL_ITEM_KIND_METRIC_SERIES,
  PL_ITEM_KIND_SCORECARD,
  PL_ITEM_KIND_SURVEY,
} PlItemKind;

#define PL_TYPE_WORKSPACE (pl_workspace_get_type ())

G_DECLARE_FINAL_TYPE (PlWorkspace, pl_workspace, PL, WORKSPACE, GObject)

int           pl_workspace_get_current_version (void);

PlWorkspace  *pl_workspace_create        (const char   *path,
                                          const char   *organisation_name,
                                          GError      **error);
PlWorkspace  *pl_workspace_open          (const char   *path,
                                          GError      **error);
void          pl_workspace_close         (PlWorkspace  *self);

const char   *pl_workspace_get_path      (PlWorkspace  *self);
char         *pl_workspace_dup_title     (PlWorkspace  *self);
const char   *pl_workspace_get_backup_path (PlWorkspace *self);
int           pl_workspace_get_schema_version (PlWorkspace *self);

sqlite3      *pl_workspace_get_db        (PlWorkspace  *self);
sqlite3      *pl_workspace_open_reader   (PlWorkspace  *self,
                                          GError      **error);
sqlite3      *pl_workspace_open_writer   (PlWorkspace  *self,
                                          GError      **error);
void          pl_workspace_close_writer_in_background (PlWorkspace *self,
                                                       sqlite3     *db);
gboolean      pl_workspace_exec          (PlWorkspace  *self,
                                          const char   *sql,
                                          GError      **error);
sqlite3_stmt *pl_workspace_prepare       (PlWorkspace  *self,
                                          const char   *sql,
                                          GError      **error);
gboolean      pl_workspace_begin         (PlWorkspace  *self,
                                          GError      **error);
gboolean      pl_workspace_commit        (PlWorkspace  *self,
                                          GError      **error);
void          pl_workspace_rollback      (PlWorkspace  *self);
gboolean      pl_workspace_step_done     (PlWorkspace  *self,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
/* Reading and binding columns the same way everywhere. */
const char   *pl_column_text             (sqlite3_stmt *stmt,
                                          int           column);
void          pl_bind_text_or_null       (sqlite3_stmt *stmt,
                                          int           index,
                                          const char   *text);
void          pl_bind_id_or_null         (sqlite3_stmt *stmt,
                                          int           index,
                                          gint64        id);

/* Makes one object from the current row of a statement. */
typedef gpointer (*PlWorkspaceRowFunc) (sqlite3_stmt *stmt);

GListModel   *pl_workspace_collect       (PlWorkspace        *self,
                                          sqlite3_stmt       *stmt,
                                          GType               item_type,
                                          PlWorkspaceRowFunc  from_row,
                                          const char         *what,
                                          GError            **error);
gpointer      pl_workspace_fetch_one     (PlWorkspace        *self,
                                          sqlite3_stmt       *stmt,
                                          PlWorkspaceRowFunc  from_row,
                                          const char         *not_found,
                                          const char         *what,
                                          GError            **error);
gboolean      pl_workspace_lookup_text   (PlWorkspace  *self,
                                          const char   *sql,
                                          gint64        id,
                                          char        **out_text,
                                          GError      **error);
void          pl_workspace_set_db_error  (PlWorkspace  *self,
                                          GError      **error,
                                          const char   *what);

char         *pl_workspace_get_setting   (PlWorkspace  *self,
                                          const char   *key);
gboolean      pl_workspace_set_setting   (PlWorkspace  *self,
                                          const char   *key,
                                          const char   *value,
                                          GError      **error);
gboolean      pl_workspace_audit         (PlWorkspace  *self,
                                          const char   *action,
                                          const char   *entity,
                                          gint64        entity_id,
                                          const char   *detail,
                                          GError      **error);
gboolean      pl_workspace_set_trashed   (PlWorkspace  *self,
                                          const char   *table,
                                          gint64        id,
                                          gboolean      trashed,
                                          gboolean      touch_updated_at,
                                          const char   *entity,
                                          const char   *detail,
                                          const char   *gone,
                                          GError      **error);
void          pl_workspace_emit_changed  (PlWorkspace  *self,
                                          const char   *table);

GListModel   *pl_workspace_list_items    (PlWorkspace  *self,
                                          PlItemKind    kind,
                                          GError      **error);
gboolean      pl_workspace_count_rows    (PlWorkspace  *self,
                                          const char   *table,
                                          gint64       *out_count,
                                          GError      **error);

G_END_DECLS
