/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pl-workspace.h"

G_BEGIN_DECLS

/* Monitoring notices: the record that staff and customers were told they
 * would be monitored (312 AC 2.4), and which colleagues acknowledged it. */

typedef enum
{
  PL_NOTICE_AUDIENCE_STAFF,
  PL_NOTICE_AUDIENCE_CUSTOMERS,
} PlNoticeAudience;

typedef enum
{
  PL_NOTICE_METHOD_TEAM_MEETING,
  PL_NOTICE_METHOD_EMAIL,
  PL_NOTICE_METHOD_RECORDED_MESSAGE,
  PL_NOTICE_METHOD_WEBSITE,
  PL_NOTICE_METHOD_SIGN,
  PL_NOTICE_METHOD_LETTER,
  PL_NOTICE_METHOD_OTHER,
} PlNoticeMethod;

/* Enum types whose nicks are the schema's text ("recorded_message"). */
#define PL_TYPE_NOTICE_AUDIENCE (pl_notice_audience_get_type ())
#define PL_TYPE_NOTICE_METHOD   (pl_notice_method_get_type ())
GType        pl_notice_audience_get_type    (void) G_GNUC_CONST;
GType        pl_notice_method_get_type      (void) G_GNUC_CONST;

const char  *pl_notice_audience_to_string   (PlNoticeAudience  audience);
gboolean     pl_notice_audience_from_string (const char       *text,
                                             PlNoticeAudience *out_audience);
const char  *pl_notice_audience_to_label    (PlNoticeAudience  audience);  /* translated */
const char  *pl_notice_method_to_string     (PlNoticeMethod    method);
gboolean     pl_notice_method_from_string   (const char       *text,
                                             PlNoticeMethod   *out_method);
const char  *pl_notice_method_to_label      (PlNoticeMethod    method);    /* translated */

/* Why notices matter, for the page's explanation (translated). */
const char  *pl_notice_explanation          (void);

#define PL_TYPE_NOTICE (pl_notice_get_type ())

G_DECLARE_FINAL_TYPE (PlNotice, pl_notice, PL, NOTICE, GObject)

PlNotice         *pl_notice_new            (void);

gint64            pl_notice_get_id         (PlNotice         *self);
gint64            pl_notice_get_review_id  (PlNotice         *self);
void              pl_notice_set_review_id  (PlNotice         *self,
                                            gint64            review_id);
PlNoticeAudience  pl_notice_get_audience   (PlNotice         *self);
void              pl_notice_set_audience   (PlNotice         *self,
                                            PlNoticeAudience  audience);
PlNoticeMethod    pl_notice_get_method     (PlNotice         *self);
void              pl_notice_set_method     (PlNotice         *self,
                                            PlNoticeMethod    method);
const char       *pl_notice_get_given_on   (PlNotice         *self);
void              pl_notice_set_given_on   (PlNotice         *self,
                                            const char       *given_on);
gint64            pl_notice_get_team_id    (PlNotice         *self);   /* 0: all staff */
void              pl_notice_set_team_id    (PlNotice         *self,
                                            gint64            team_id);
const char       *pl_notice_get_text       (PlNotice         *self);
void              pl_notice_set_text       (PlNotice         *self,
                                            const char       *text);
gboolean          pl_notice_get_trashed    (PlNotice         *self);

/* Text and a date ("YYYY-MM-DD", not in the future) are required; a team
 * only for a staff notice. */
gboolean          pl_notice_validate       (PlNotice         *self,
                                            GError          **error);

/* Storage: each write is its own transaction with an audit entry and
 * emits PlWorkspace::changed::monitoring_notices. */
GListModel       *pl_notice_list           (PlWorkspace      *workspace,   /* newest first, not trashed */
                                            GError          **error);
PlNotice         *pl_notice_load           (PlWorkspace      *workspace,
                                            gint64            id,
                                            GError          **error);
gboolean          pl_notice_save           (PlNotice         *self,
                                            PlWorkspace      *workspace,
                                            GError          **error);
gboolean          pl_notice_trash          (PlNotice         *self,
                                            PlWorkspace      *workspace,
                                            GError          **error);
gboolean          pl_notice_restore        (PlNotice         *self,
                                            PlWorkspace      *workspace,
                                            GError          **error);

/* Acknowledgements: only by a colleague the staff notice covers (all
 * staff, or the notice's team), on or after the day it was given and not
 * in the future. Acknowledging again updates the date. */
gboolean          pl_notice_acknowledge    (PlNotice         *self,
                                            PlWorkspace      *workspace,
                                            gint64            colleague_id,
                                            const char       *acknowledged_on,
                                            GError          **error);
gboolean          pl_notice_unacknowledge  (PlNotice         *self,
                                            PlWorkspace      *workspace,
                                            gint64            colleague_id,
                                            GError          **error);
/* #PlItem per acknowledgement: id the colleague's, code, name the
 * display name, detail the day acknowledged; by name. */
GListModel       *pl_notice_list_acknowledgements (PlNotice    *self,
                                                   PlWorkspace *workspace,
                                                   GError     **error);

/* The active colleagues a staff notice covers (everyone, or its team's),
 * as #PlItem (detail: team name), by name; none for a customers' notice. */
GListModel       *pl_notice_list_covered_colleagues (PlNotice    *self,
                                                     PlWorkspace *workspace,
                                                     GError     **error);

/* Active colleagues that no staff notice (not trashed, given on or before
 * @as_of) covers, as #PlItem (detail: team name), by name. */
GListModel       *pl_notice_colleagues_without_notice (PlWorkspace *workspace,
                                                       const char  *as_of,
                                                       GError     **error);

G_END_DECLS
