/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-item.h"

struct _PlItem
{
  GObject parent_instance;

  gint64 id;
  char *code;
  char *name;
  char *detail;
};

G_DEFINE_FINAL_TYPE (PlItem, pl_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CODE,
  PROP_NAME,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pl_item_finalize (GObject *object)
{
  PlItem *self = (PlItem *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (pl_item_parent_class)->finalize (object);
}

static void
pl_item_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PlItem *self = PL_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pl_item_class_init (PlItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pl_item_finalize;
  object_class->get_property = pl_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pl_item_init (PlItem *self)
{
}

PlItem *
pl_item_new (gint64      id,
             const char *code,
             const char *name,
             const char *detail)
{
  PlItem *self = g_object_new (PL_TYPE_ITEM, NULL);

  self->id = id;
  self->code = g_strdup (code);
  self->name = g_strdup (name);
  self->detail = g_strdup (detail);

  return self;
}

gint64
pl_item_get_id (PlItem *self)
{
  g_return_val_if_fail (PL_IS_ITEM (self), 0);
  return self->id;
}

const char *
pl_item_get_code (PlItem *self)
{
  g_return_val_if_fail (PL_IS_ITEM (self), NULL);
  return self->code;
}

const char *
pl_item_get_name (PlItem *self)
{
  g_return_val_if_fail (PL_IS_ITEM (self), NULL);
  return self->name;
}

const char *
pl_item_get_detail (PlItem *self)
{
  g_return_val_if_fail (PL_IS_ITEM (self), NULL);
  return self->detail;
}
