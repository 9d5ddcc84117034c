/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#ifdef G_OS_UNIX
# include <sys/file.h>
# include <unistd.h>
#endif

#include "pl-error.h"
#include "pl-item.h"
#include "pl-schema.h"
#include "pl-util.h"
#include "pl-workspace.h"

struct _PlWorkspace
{
  GObject parent_instance;

  char *path;
  char *backup_path;
  sqlite3 *db;
  int lock_fd;
  int schema_version;

  /* A writer connection finishing in the background:
   * see pl_workspace_close_writer_in_background() */
  GMutex closing_lock;
  GThread *closing;
};

G_DEFINE_FINAL_TYPE (PlWorkspace, pl_workspace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TITLE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define SQLITE_MAGIC "SQLite format 3"

static const char * const item_queries[] = {
  [PL_ITEM_KIND_TEAM] = "SELECT id, NULL, name, leader FROM teams ORDER BY name",
  [PL_ITEM_KIND_COLLEAGUE] =
    "SELECT c.id, c.code, c.display_name, t.name FROM colleagues c"
    " LEFT JOIN teams t ON t.id = c.team_id"
    " WHERE c.active ORDER BY c.display_name",
  [PL_ITEM_KIND_CHANNEL] = "SELECT id, code, name, kind FROM channels ORDER BY id",
  [PL_ITEM_KIND_METRIC_SERIES] =
    "SELECT id, code, name, unit FROM metric_series ORDER BY name",
  [PL_ITEM_KIND_SCORECARD] =
    "SELECT id, NULL, name, 'v' || version FROM scorecards ORDER BY name, version",
  [PL_ITEM_KIND_SURVEY] =
    "SELECT id, NULL, name, description FROM surveys WHERE NOT archived ORDER BY name",
};

static void
set_db_error (sqlite3     *db,
              GError     **error,
              const char  *what)
{
  g_set_error (error, PL_ERROR, PL_ERROR_DATABASE,
               /* Translators: "%s: %s" is what Plumbline was doing, then SQLite's message */
               _("%s: %s"), what, sqlite3_errmsg (db));
}

/* Takes an exclusive advisory lock on the workspace file that lives as long
 * as the PlWorkspace. flock() locks are separate from SQLite's own POSIX
 * locks, so our reader connections keep working. */
static int
take_lock (const char  *path,
           GError     **error)
{
#ifdef G_OS_UNIX
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, PL_ERROR, PL_ERROR_IO,
                   _("Could not open “%s”: %s"), path, g_strerror (saved_errno));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      close (fd);
      if (saved_errno == EWOULDBLOCK)
        g_set_error (error, PL_ERROR, PL_ERROR_LOCKED,
                     _("“%s” is open in another Plumbline window or program. "
                       "Close it there, then try again."),
                     path);
      else
        g_set_error (error, PL_ERROR, PL_ERROR_IO,
                     _("Could not lock “%s”: %s"), path, g_strerror (saved_errno));
      return -1;
    }

  return fd;
#else
  return 0;
#endif
}

static void
release_lock (int fd)
{
#ifdef G_OS_UNIX
  if (fd >= 0)
    {
      flock (fd, LOCK_UN);
      close (fd);
    }
#endif
}

/* Reads the 100-byte SQLite header without opening the database, so a file
 * that is not ours is never handed to SQLite for writing. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  char header[100];
  FILE *fp;
  size_t n;

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, PL_ERROR,
                   saved_errno == ENOENT ? PL_ERROR_NOT_FOUND : PL_ERROR_IO,
                   _("Could not open “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  n = fread (header, 1, sizeof header, fp);
  fclose (fp);

  if (n < sizeof header || memcmp (header, SQLITE_MAGIC, sizeof SQLITE_MAGIC) != 0)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_SQLITE,
                   _("“%s” is not a Plumbline workspace: it is not a database file at all. "
                     "It has not been changed."),
                   path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           int         *out,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (db, error, _("Could not read the workspace"));
      return FALSE;
    }

  *out = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* pl_fold (text): @text case-folded for searching, for every script
 * (SQLite's lower() knows only ASCII, so "ÉTÉ" would not find "été"). */
static void
fold_func (sqlite3_context  *context,
           int               argc,
           sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  g_autofree char *normal = NULL;
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  folded = g_utf8_casefold (normal != NULL ? normal : text, -1);
  sqlite3_result_text (context, folded, -1, g_free);
}

static gboolean
configure_connection (sqlite3  *db,
                      GError  **error)
{
  char *errmsg = NULL;

  sqlite3_busy_timeout (db, 5000);

  if (sqlite3_create_function (db, "pl_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, fold_func, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_DATABASE,
                   _("Could not prepare the workspace: %s"), sqlite3_errmsg (db));
      return FALSE;
    }

  if (sqlite3_exec (db,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA foreign_keys = ON;"
                    "PRAGMA synchronous = NORMAL;"
                    /* Large sorts (a GROUP BY over every response, an index
                     * made again after an import) may use a second core. */
                    "PRAGMA threads = 1;",
                    NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_DATABASE,
                   _("Could not prepare the workspace: %s"), errmsg);
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

static gboolean
backup_database (sqlite3     *db,
                 const char  *backup_path,
                 GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  if (sqlite3_open_v2 (backup_path, &dest,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      set_db_error (dest, error, _("Could not create a backup before upgrading"));
      sqlite3_close (dest);
      return FALSE;
    }

  backup = sqlite3_backup_init (dest, "main", db, "main");
  if (backup == NULL)
    {
      set_db_error (dest, error, _("Could not create a backup before upgrading"));
      sqlite3_close (dest);
      return FALSE;
    }

  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      set_db_error (dest, error, _("Could not create a backup before upgrading"));
      sqlite3_close (dest);
      g_unlink (backup_path);
      return FALSE;
    }

  sqlite3_close (dest);
  return TRUE;
}

/* A backup name that does not overwrite an earlier one. */
static char *
make_backup_path (const char *path,
                  int         version)
{
  for (guint i = 0; ; i++)
    {
      g_autofree char *candidate = NULL;

      if (i == 0)
        candidate = g_strdup_printf ("%s.v%d.bak", path, version);
      else
        candidate = g_strdup_printf ("%s.v%d-%u.bak", path, version, i);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
}

static void
pl_workspace_finalize (GObject *object)
{
  PlWorkspace *self = (PlWorkspace *) object;

  pl_workspace_close (self);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_mutex_clear (&self->closing_lock);

  G_OBJECT_CLASS (pl_workspace_parent_class)->finalize (object);
}

static void
pl_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlWorkspace *self = PL_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_TITLE:
      g_value_take_string (value, pl_workspace_dup_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_workspace_class_init (PlWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pl_workspace_finalize;
  object_class->get_property = pl_workspace_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlWorkspace::changed:
   * @table: the table that changed, also the signal detail
   *
   * Emitted after a committed change, so that views can reload.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pl_workspace_init (PlWorkspace *self)
{
  self->lock_fd = -1;
  g_mutex_init (&self->closing_lock);
}

int
pl_workspace_get_current_version (void)
{
  return pl_schema_latest_version ();
}

/**
 * pl_workspace_create:
 * @path: where to create the workspace; must not exist
 * @organisation_name: (nullable): the organisation the workspace is for
 *
 * Returns: (transfer full): the new, open workspace
 */
PlWorkspace *
pl_workspace_create (const char  *path,
                     const char  *organisation_name,
                     GError     **error)
{
  g_autoptr(PlWorkspace) self = NULL;
  g_autofree char *set_id = NULL;
  g_autofree char *now = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_EXCL: never clobber a file that appeared since the user chose the name. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, PL_ERROR,
                   saved_errno == EEXIST ? PL_ERROR_EXISTS : PL_ERROR_IO,
                   _("Could not create “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  close (fd);

  self = g_object_new (PL_TYPE_WORKSPACE, NULL);
  self->path = g_strdup (path);

  self->lock_fd = take_lock (path, error);
  if (self->lock_fd < 0)
    goto failed;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      set_db_error (db, error, _("Could not create the workspace"));
      sqlite3_close (db);
      goto failed;
    }
  self->db = db;

  set_id = g_strdup_printf ("PRAGMA application_id = %d", PL_WORKSPACE_APPLICATION_ID);
  if (!pl_workspace_exec (self, set_id, error) ||
      !configure_connection (db, error) ||
      !pl_schema_migrate (db, 0, error))
    goto failed;

  self->schema_version = pl_schema_latest_version ();

  now = pl_now_iso8601 ();
  stmt = pl_workspace_prepare (self,
                               "INSERT INTO organisation (id, name, created_at) VALUES (1, ?, ?)",
                               error);
  if (stmt == NULL)
    goto failed;
  if (organisation_name == NULL || *organisation_name == '\0')
    {
      g_autofree char *base = g_path_get_basename (path);
      char *dot = g_strrstr (base, PL_WORKSPACE_SUFFIX);

      if (dot != NULL && dot != base)
        *dot = '\0';
      sqlite3_bind_text (stmt, 1, base, -1, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_text (stmt, 1, organisation_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!pl_workspace_step_done (self, stmt, error))
    goto failed;

  if (!pl_workspace_audit (self, "create", "workspace", 0, NULL, error))
    goto failed;

  return g_steal_pointer (&self);

failed:
  pl_workspace_close (self);
  g_unlink (path);
  return NULL;
}

/**
 * pl_workspace_open:
 * @path: an existing workspace
 *
 * Opens a workspace, upgrading it (after a backup) when it comes from an
 * older Plumbline. Anything that is not a workspace this build can open is
 * refused with an error and left exactly as it was.
 *
 * Returns: (transfer full): the workspace, or %NULL with @error set
 */
PlWorkspace *
pl_workspace_open (const char  *path,
                   GError     **error)
{
  g_autoptr(PlWorkspace) self = NULL;
  sqlite3 *db = NULL;
  int app_id = 0;
  int version = 0;
  int latest = pl_schema_latest_version ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_header (path, error))
    return NULL;

  self = g_object_new (PL_TYPE_WORKSPACE, NULL);
  self->path = g_strdup (path);

  self->lock_fd = take_lock (path, error);
  if (self->lock_fd < 0)
    return NULL;

  /* Reading pragmas writes nothing, so a foreign file stays untouched. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      set_db_error (db, error, _("Could not open the workspace"));
      sqlite3_close (db);
      return NULL;
    }
  self->db = db;
  sqlite3_busy_timeout (db, 5000);

  if (!query_int (db, "PRAGMA application_id", &app_id, error) ||
      !query_int (db, "PRAGMA user_version", &version, error))
    return NULL;

  if (app_id != PL_WORKSPACE_APPLICATION_ID)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_NOT_WORKSPACE,
                   _("“%s” is a database from another program, not a Plumbline workspace. "
                     "It has not been changed."),
                   path);
      return NULL;
    }

  if (version > latest)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Plumbline (workspace version %d; "
                     "this version reads up to %d). Update Plumbline to open it. "
                     "It has not been changed."),
                   path, version, latest);
      return NULL;
    }

  if (version < latest)
    {
      g_autofree char *backup_path = make_backup_path (path, version);

      if (!backup_database (db, backup_path, error))
        return NULL;

      if (!pl_schema_migrate (db, version, error))
        return NULL;

      g_message ("Upgraded workspace %s from version %d to %d; backup at %s",
                 path, version, latest, backup_path);
      self->backup_path = g_steal_pointer (&backup_path);
    }

  if (!configure_connection (db, error))
    return NULL;

  self->schema_version = latest;

  return g_steal_pointer (&self);
}

static void
join_closing (PlWorkspace *self)
{
  GThread *closing;

  g_mutex_lock (&self->closing_lock);
  closing = g_steal_pointer (&self->closing);
  g_mutex_unlock (&self->closing_lock);

  if (closing != NULL)
    g_thread_join (closing);
}

void
pl_workspace_close (PlWorkspace *self)
{
  g_return_if_fail (PL_IS_WORKSPACE (self));

  join_closing (self);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  release_lock (self->lock_fd);
  self->lock_fd = -1;
}

const char *
pl_workspace_get_path (PlWorkspace *self)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);

  return self->path;
}

/**
 * pl_workspace_dup_title:
 *
 * Returns: the organisation's name, or the file name if there is none
 */
char *
pl_workspace_dup_title (PlWorkspace *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);

  if (self->db != NULL &&
      sqlite3_prepare_v2 (self->db, "SELECT name FROM organisation WHERE id = 1",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  return g_path_get_basename (self->path);
}

const char *
pl_workspace_get_backup_path (PlWorkspace *self)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);

  return self->backup_path;
}

int
pl_workspace_get_schema_version (PlWorkspace *self)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (self), 0);

  return self->schema_version;
}

sqlite3 *
pl_workspace_get_db (PlWorkspace *self)
{
  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);

  return self->db;
}

/**
 * pl_workspace_open_reader:
 *
 * A second, read-only connection for work in another thread.
 *
 * Returns: (transfer full): close with sqlite3_close()
 */
sqlite3 *
pl_workspace_open_reader (PlWorkspace  *self,
                          GError      **error)
{
  sqlite3 *db = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);

  if (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      set_db_error (db, error, _("Could not open the workspace for reading"));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, 5000);
  return db;
}

/**
 * pl_workspace_open_writer:
 *
 * A second read-write connection, for long work (an import) in another
 * thread: its transaction does not block or show through the UI's reads.
 * It belongs to this PlWorkspace's lock, so close it before the workspace.
 *
 * Returns: (transfer full): close with sqlite3_close()
 */
sqlite3 *
pl_workspace_open_writer (PlWorkspace  *self,
                          GError      **error)
{
  sqlite3 *db = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);

  if (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      set_db_error (db, error, _("Could not open the workspace for writing"));
      sqlite3_close (db);
      return NULL;
    }

  if (!configure_connection (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static gpointer
checkpoint_and_close (gpointer data)
{
  sqlite3 *db = data;
  int log_frames = 0, copied_frames = 0;
  gint64 start = g_get_monotonic_time ();
  int rc;

  rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied_frames);
  g_debug ("Checkpoint in the background: %d of %d pages in %.0f ms (%s)",
           copied_frames, log_frames, (g_get_monotonic_time () - start) / 1000.0, sqlite3_errstr (rc));
  sqlite3_close (db);

  return NULL;
}

/**
 * pl_workspace_close_writer_in_background:
 * @db: (transfer full): a connection from pl_workspace_open_writer(), its
 *   work committed, with automatic checkpoints turned off
 *   (PRAGMA wal_autocheckpoint = 0)
 *
 * Copies what @db wrote from the write-ahead log into the workspace file
 * (a checkpoint) and closes it, in a thread of its own. After a large
 * import this copy takes about as long as building an index, and the
 * rows are already safe in the log, so nobody need wait for it: readers
 * see them through the log meanwhile. Closing the workspace waits for it.
 */
void
pl_workspace_close_writer_in_background (PlWorkspace *self,
                                         sqlite3     *db)
{
  GThread *thread;

  g_return_if_fail (PL_IS_WORKSPACE (self));
  g_return_if_fail (db != NULL);

  /* One at a time: a second waits for the first. */
  join_closing (self);

  thread = g_thread_try_new ("pl-checkpoint", checkpoint_and_close, db, NULL);
  if (thread == NULL)
    {
      checkpoint_and_close (db);
      return;
    }

  g_mutex_lock (&self->closing_lock);
  self->closing = thread;
  g_mutex_unlock (&self->closing_lock);
}

void
pl_workspace_set_db_error (PlWorkspace  *self,
                           GError      **error,
                           const char   *what)
{
  g_return_if_fail (PL_IS_WORKSPACE (self));

  set_db_error (self->db, error, what);
}

/**
 * pl_column_text:
 *
 * Returns: the column's text, or "" for NULL
 */
const char *
pl_column_text (sqlite3_stmt *stmt,
                int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/**
 * pl_bind_text_or_null:
 *
 * Binds @text (copied), or NULL when it is %NULL or empty.
 */
void
pl_bind_text_or_null (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/**
 * pl_bind_id_or_null:
 *
 * Binds @id, or NULL when it is 0 (none).
 */
void
pl_bind_id_or_null (sqlite3_stmt *stmt,
                    int           index,
                    gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

/**
 * pl_workspace_collect:
 * @stmt: a prepared and bound query; stepped to the end
 * @item_type: the type of the objects @from_row makes
 * @from_row: makes one object (transfer full) from the current row
 * @what: what could not be read, for the error: "The KPIs could not be read"
 *
 * Returns: (transfer full): a #GListModel of every row's object, or %NULL
 *   with @error set
 */
GListModel *
pl_workspace_collect (PlWorkspace         *self,
                      sqlite3_stmt        *stmt,
                      GType                item_type,
                      PlWorkspaceRowFunc   from_row,
                      const char          *what,
                      GError             **error)
{
  g_autoptr(GListStore) store = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (stmt != NULL, NULL);
  g_return_val_if_fail (from_row != NULL, NULL);

  store = g_list_store_new (item_type);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer item = from_row (stmt);

      g_list_store_append (store, item);
      g_object_unref (item);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, error, what);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * pl_workspace_lookup_text:
 * @sql: a query of one text column with one id parameter, such as
 *   "SELECT name FROM channels WHERE id = ?"
 * @out_text: (out) (transfer full) (nullable): the text of the first row,
 *   or %NULL when there is no row
 *
 * Returns: %FALSE with @error set only when the workspace could not be read
 */
gboolean
pl_workspace_lookup_text (PlWorkspace  *self,
                          const char   *sql,
                          gint64        id,
                          char        **out_text,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (out_text != NULL, FALSE);

  *out_text = NULL;
  stmt = pl_workspace_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (self, error, _("The workspace could not be read"));
      return FALSE;
    }

  if (rc == SQLITE_ROW)
    *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

/**
 * pl_workspace_fetch_one:
 * @stmt: a prepared and bound query for one row
 * @from_row: makes the object (transfer full) from the row
 * @not_found: the message of the %PL_ERROR_NOT_FOUND error when there is no row
 * @what: what could not be read, for a database error
 *
 * Returns: (transfer full): the object, or %NULL with @error set
 */
gpointer
pl_workspace_fetch_one (PlWorkspace         *self,
                        sqlite3_stmt        *stmt,
                        PlWorkspaceRowFunc   from_row,
                        const char          *not_found,
                        const char          *what,
                        GError             **error)
{
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (stmt != NULL, NULL);
  g_return_val_if_fail (from_row != NULL, NULL);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND, not_found);
  else
    set_db_error (self->db, error, what);

  return NULL;
}

gboolean
pl_workspace_exec (PlWorkspace  *self,
                   const char   *sql,
                   GError      **error)
{
  char *errmsg = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_DATABASE,
                   _("The workspace could not be updated: %s"), errmsg);
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

/**
 * pl_workspace_prepare:
 *
 * Returns: (transfer full): a statement to finalize, or %NULL with @error set
 */
sqlite3_stmt *
pl_workspace_prepare (PlWorkspace  *self,
                      const char   *sql,
                      GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self->db, error, _("The workspace could not be read"));
      g_debug ("Failed SQL: %s", sql);
      return NULL;
    }

  return stmt;
}

/* Steps a statement that returns no rows, then resets it for reuse. */
gboolean
pl_workspace_step_done (PlWorkspace   *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), FALSE);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, error, _("The workspace could not be updated"));
      return FALSE;
    }

  return TRUE;
}

gboolean
pl_workspace_begin (PlWorkspace  *self,
                    GError      **error)
{
  return pl_workspace_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
pl_workspace_commit (PlWorkspace  *self,
                     GError      **error)
{
  return pl_workspace_exec (self, "COMMIT", error);
}

void
pl_workspace_rollback (PlWorkspace *self)
{
  g_return_if_fail (PL_IS_WORKSPACE (self));

  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

char *
pl_workspace_get_setting (PlWorkspace *self,
                          const char  *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = pl_workspace_prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
pl_workspace_set_setting (PlWorkspace  *self,
                          const char   *key,
                          const char   *value,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = pl_workspace_prepare (self,
                               "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                               " ON CONFLICT (key) DO UPDATE SET value = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return pl_workspace_step_done (self, stmt, error);
}

/**
 * pl_workspace_set_trashed:
 * @table: the table of the row, which has a trashed_at column
 * @touch_updated_at: whether the table's updated_at is set to now too
 * @entity: (nullable): the audit entry's entity, such as "complaint"
 * @detail: (nullable): the audit entry's detail
 * @gone: the message of the %PL_ERROR_NOT_FOUND error when the row is
 *   no longer there
 *
 * Moves row @id of @table to the trash, or takes it out, with an audit
 * entry ("trash" or "restore"), in one transaction; then says @table
 * changed.
 */
gboolean
pl_workspace_set_trashed (PlWorkspace  *self,
                          const char   *table,
                          gint64        id,
                          gboolean      trashed,
                          gboolean      touch_updated_at,
                          const char   *entity,
                          const char   *detail,
                          const char   *gone,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();
  char *sql;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (table != NULL && gone != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_begin (self, error))
    return FALSE;

  sql = sqlite3_mprintf ("UPDATE \"%w\" SET trashed_at = ?1%s WHERE id = ?3", table,
                         touch_updated_at ? ", updated_at = ?2" : "");
  stmt = pl_workspace_prepare (self, sql, error);
  sqlite3_free (sql);
  if (stmt == NULL)
    goto failed;

  if (trashed)
    sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, id);

  if (!pl_workspace_step_done (self, stmt, error))
    goto failed;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND, gone);
      goto failed;
    }

  if (!pl_workspace_audit (self, trashed ? "trash" : "restore", entity, id, detail, error) ||
      !pl_workspace_commit (self, error))
    goto failed;

  pl_workspace_emit_changed (self, table);
  return TRUE;

failed:
  pl_workspace_rollback (self);
  return FALSE;
}

gboolean
pl_workspace_audit (PlWorkspace  *self,
                    const char   *action,
                    const char   *entity,
                    gint64        entity_id,
                    const char   *detail,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = pl_now_iso8601 ();

  g_return_val_if_fail (PL_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  stmt = pl_workspace_prepare (self,
                               "INSERT INTO audit_log (at, action, entity, entity_id, detail)"
                               " VALUES (?, ?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entity, -1, SQLITE_STATIC);
  if (entity_id > 0)
    sqlite3_bind_int64 (stmt, 4, entity_id);
  sqlite3_bind_text (stmt, 5, detail, -1, SQLITE_STATIC);
  return pl_workspace_step_done (self, stmt, error);
}

void
pl_workspace_emit_changed (PlWorkspace *self,
                           const char  *table)
{
  g_return_if_fail (PL_IS_WORKSPACE (self));
  g_return_if_fail (table != NULL);

  g_signal_emit (self, signals[CHANGED], g_quark_from_string (table), table);
}

/**
 * pl_workspace_list_items:
 *
 * Returns: (transfer full): a list of #PlItem
 */
GListModel *
pl_workspace_list_items (PlWorkspace  *self,
                         PlItemKind    kind,
                         GError      **error)
{
  g_autoptr(GListStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (kind <= PL_ITEM_KIND_SURVEY, NULL);

  stmt = pl_workspace_prepare (self, item_queries[kind], error);
  if (stmt == NULL)
    return NULL;

  store = g_list_store_new (PL_TYPE_ITEM);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlItem) item =
        pl_item_new (sqlite3_column_int64 (stmt, 0),
                     (const char *) sqlite3_column_text (stmt, 1),
                     (const char *) sqlite3_column_text (stmt, 2),
                     (const char *) sqlite3_column_text (stmt, 3));
      g_list_store_append (store, item);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, error, _("The workspace could not be read"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

gboolean
pl_workspace_count_rows (PlWorkspace  *self,
                         const char   *table,
                         gint64       *out_count,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  for (const char *c = table; *c != '\0'; c++)
    g_return_val_if_fail (g_ascii_isalnum (*c) || *c == '_', FALSE);

  sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  stmt = pl_workspace_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (self->db, error, _("The workspace could not be read"));
      return FALSE;
    }

  *out_count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}
