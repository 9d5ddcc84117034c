/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pl-error.h"
#include "pl-intervention.h"
#include "pl-util.h"

void
pl_intervention_free (PlIntervention *intervention)
{
  if (intervention == NULL)
    return;

  g_free (intervention->label);
  g_free (intervention->kpi_name);
  g_free (intervention);
}

GPtrArray *
pl_intervention_list (PlWorkspace  *workspace,
                      gint64        kpi_id,
                      GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pl_intervention_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = pl_workspace_prepare (workspace,
                               "SELECT i.id, coalesce (i.kpi_id, 0), i.day, i.label, k.name"
                               "  FROM interventions i LEFT JOIN kpis k ON k.id = i.kpi_id"
                               " WHERE ?1 = 0 OR i.kpi_id IS NULL OR i.kpi_id = ?1"
                               " ORDER BY i.day, i.id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, kpi_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlIntervention *intervention = g_new0 (PlIntervention, 1);

      intervention->id = sqlite3_column_int64 (stmt, 0);
      intervention->kpi_id = sqlite3_column_int64 (stmt, 1);
      g_strlcpy (intervention->day, pl_column_text (stmt, 2), sizeof intervention->day);
      intervention->label = g_strdup (pl_column_text (stmt, 3));
      intervention->kpi_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (list, intervention);
    }
  if (rc != SQLITE_DONE)
    {
      pl_workspace_set_db_error (workspace, error, _("Could not read the changes made"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

gboolean
pl_intervention_add (PlWorkspace  *workspace,
                     gint64        kpi_id,
                     const char   *day,
                     const char   *label,
                     gint64       *out_id,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  GDate date;
  gint64 id;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (kpi_id >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = g_strstrip (g_strdup (label != NULL ? label : ""));
  if (text[0] == '\0')
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Say what changed, for example “New callback process”."));
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > PL_INTERVENTION_LABEL_MAX)
    {
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("Keep the description of the change to %d characters: it labels a line on "
                     "the charts."), PL_INTERVENTION_LABEL_MAX);
      return FALSE;
    }
  if (day == NULL || strlen (day) > 10 || !pl_date_parse_iso (day, &date))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("Give the day the change began as YYYY-MM-DD, for example 2026-07-27."));
      return FALSE;
    }

  if (kpi_id > 0)
    {
      g_autoptr(sqlite3_stmt) check = pl_workspace_prepare (workspace,
                                                            "SELECT 1 FROM kpis WHERE id = ?1", error);

      if (check == NULL)
        return FALSE;
      sqlite3_bind_int64 (check, 1, kpi_id);
      if (sqlite3_step (check) != SQLITE_ROW)
        {
          g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                               _("That KPI is no longer in the workspace."));
          return FALSE;
        }
    }

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace,
                               "INSERT INTO interventions (kpi_id, day, label, created_at)"
                               " VALUES (?1, ?2, ?3, ?4)",
                               error);
  if (stmt == NULL)
    goto failed;
  pl_bind_id_or_null (stmt, 1, kpi_id);
  {
    g_autofree char *iso = pl_date_to_iso (&date);

    sqlite3_bind_text (stmt, 2, iso, -1, SQLITE_TRANSIENT);
  }
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  {
    g_autofree char *now = pl_now_iso8601 ();

    sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
    if (!pl_workspace_step_done (workspace, stmt, error))
      goto failed;
  }
  id = sqlite3_last_insert_rowid (pl_workspace_get_db (workspace));

  if (!pl_workspace_audit (workspace, "create", "intervention", id, text, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  if (out_id != NULL)
    *out_id = id;
  pl_workspace_emit_changed (workspace, "interventions");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}

gboolean
pl_intervention_delete (PlWorkspace  *workspace,
                        gint64        id,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PL_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pl_workspace_begin (workspace, error))
    return FALSE;

  stmt = pl_workspace_prepare (workspace, "DELETE FROM interventions WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!pl_workspace_step_done (workspace, stmt, error))
    goto failed;
  if (sqlite3_changes (pl_workspace_get_db (workspace)) == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_NOT_FOUND,
                           _("That change is no longer in the workspace."));
      goto failed;
    }

  if (!pl_workspace_audit (workspace, "delete", "intervention", id, NULL, error) ||
      !pl_workspace_commit (workspace, error))
    goto failed;

  pl_workspace_emit_changed (workspace, "interventions");
  return TRUE;

failed:
  pl_workspace_rollback (workspace);
  return FALSE;
}
