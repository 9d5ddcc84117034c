/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_SURVEYS_PAGE (pl_surveys_page_get_type ())

G_DECLARE_FINAL_TYPE (PlSurveysPage, pl_surveys_page, PL, SURVEYS_PAGE, AdwBin)

PlSurveysPage *pl_surveys_page_new           (void);
PlWorkspace   *pl_surveys_page_get_workspace (PlSurveysPage *self);
void           pl_surveys_page_set_workspace (PlSurveysPage *self,
                                              PlWorkspace   *workspace);

/* The survey open in the designer, 0 while the list shows. */
gint64         pl_surveys_page_get_survey_id (PlSurveysPage *self);

/* For tests. Widgets of the page: "survey-list", "question-list"
 * (GtkListBox), "new-name", "name", "description" (AdwEntryRow),
 * "new-message", "details-message" (GtkLabel), "archive" (GtkButton). */
GtkWidget     *pl_surveys_page_get_widget    (PlSurveysPage *self,
                                              const char    *name);
/* The question dialog while it is open (actions "question.save",
 * "question.cancel"), and its fields: "text", "code" (AdwEntryRow), "kind",
 * "scale" (AdwComboRow), "choices" (GtkTextView), "required" (GtkSwitch),
 * "message", "note" (GtkLabel). */
GtkWidget     *pl_surveys_page_get_question_dialog (PlSurveysPage *self);
GtkWidget     *pl_surveys_page_get_dialog_field    (PlSurveysPage *self,
                                                    const char    *name);
/* The KPI wizard "Make a KPI…" opened, while it is open. */
GtkWidget     *pl_surveys_page_get_kpi_wizard      (PlSurveysPage *self);

G_END_DECLS
