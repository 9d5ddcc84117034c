/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/pl-review.h"
#include "core/pl-workspace.h"

G_BEGIN_DECLS

#define PL_TYPE_REVIEW_WIZARD (pl_review_wizard_get_type ())

G_DECLARE_FINAL_TYPE (PlReviewWizard, pl_review_wizard, PL, REVIEW_WIZARD, AdwWindow)

/* The steps, in order; pl_review_wizard_new() opens on one of them. */
typedef enum
{
  PL_REVIEW_WIZARD_STEP_SCOPE,        /* title, period, scope and boundaries */
  PL_REVIEW_WIZARD_STEP_OBJECTIVES,
  PL_REVIEW_WIZARD_STEP_PEOPLE,       /* decision makers, those affected, communication */
  PL_REVIEW_WIZARD_STEP_KPIS,         /* features of service and their KPIs */
  PL_REVIEW_WIZARD_STEP_METHODS,      /* data collection methods and monitoring techniques */
  PL_REVIEW_WIZARD_STEP_INFORMATION,  /* information to collect and samples */
  PL_REVIEW_WIZARD_STEP_SUMMARY,
  PL_REVIEW_WIZARD_N_STEPS
} PlReviewWizardStep;

/* review NULL plans a new review; otherwise the wizard edits a copy of
 * it and saves over it when the user confirms. step is the step to open
 * on (0 = title and scope ... 6 = summary), so the plan page can send the
 * user straight to the part they want to change. The wizard emits
 * "saved" (PlReview *review, as stored) just before it closes. */
GtkWidget *pl_review_wizard_new        (GtkWindow      *parent,
                                        PlWorkspace    *workspace,
                                        PlReview       *review,
                                        guint           step);
/* The working copy, not saved until the user confirms. */
PlReview  *pl_review_wizard_get_review (PlReviewWizard *self);
gboolean   pl_review_wizard_get_editing (PlReviewWizard *self);
guint      pl_review_wizard_get_step   (PlReviewWizard *self);
/* Whether closing now would lose anything the user entered. */
gboolean   pl_review_wizard_has_changes (PlReviewWizard *self);

G_END_DECLS
