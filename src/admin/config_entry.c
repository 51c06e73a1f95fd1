/* Config entries in admin results (create topics, describe configs): one wire form in, moldau's
 * entry out, strings pointing into the kept response. */
#include "admin/admin_internal.h"

moldau_admin_config_entry_t *moldau__admin_config_entry(void *result, const char *name,
                                                        const char *value, int8_t source,
                                                        int read_only, int sensitive)
{
    moldau_admin_config_entry_t *e =
        moldau_arena_calloc(moldau__admin_result_arena(result), 1, sizeof(*e));
    if (!e)
        return NULL;
    e->name = name;
    e->value = value;
    e->source = (moldau_admin_config_source_t)source;
    e->is_read_only = read_only != 0;
    e->is_sensitive = sensitive != 0;
    e->is_default = source == MOLDAU_ADMIN_CONFIG_SOURCE_DEFAULT;
    return e;
}
