/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_RESPONSES_PAGE (pl_responses_page_get_type ())

G_DECLARE_FINAL_TYPE (PlResponsesPage, pl_responses_page, PL, RESPONSES_PAGE, AdwBin)

GtkWidget   *pl_responses_page_new           (void);
PlWorkspace *pl_responses_page_get_workspace (PlResponsesPage *self);
void         pl_responses_page_set_workspace (PlResponsesPage *self,
                                              PlWorkspace     *workspace);

/* For tests: the widget that takes one field of the form. @name is a
 * question's code (a GtkEntry), or "comment" (GtkTextView), "channel",
 * "colleague", "survey" (AdwComboRow), "date" (AdwEntryRow), "message"
 * (the GtkLabel that explains why a response was not saved), "save",
 * "cancel" (GtkButton) or "recent" (the GtkListBox of recent responses).
 * The All Responses view: "view" (the GtkStack of "enter" and "browse"),
 * "filter-survey", "filter-channel", "filter-colleague" (AdwComboRow),
 * "filter-from", "filter-to" (AdwEntryRow), "filter-message",
 * "browse-count" (GtkLabel), "browse-list" (GtkListView). A free-text
 * question's field is an AdwEntryRow; every other question's a GtkEntry. */
GtkWidget   *pl_responses_page_get_field     (PlResponsesPage *self,
                                              const char      *name);
/* The response being edited, 0 when the form enters a new one. */
gint64       pl_responses_page_get_editing_id (PlResponsesPage *self);
/* The PlResponseModel behind the All Responses list; NULL until that view
 * has been shown (action "responses.browse"). */
GListModel  *pl_responses_page_get_browse_model (PlResponsesPage *self);

G_END_DECLS
