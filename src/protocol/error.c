/* Names, sentences and retriability of every moldau_err_t: one table. */
#include <stdio.h>

#include "moldau/error.h"

typedef struct err_desc {
    int code;
    const char *name;
    int retriable;
    const char *str;
} err_desc_t;

static const err_desc_t err_table[] = {
    {MOLDAU_ERR__BAD_MSG, "_BAD_MSG", 0, "Malformed response or record set"},
    {MOLDAU_ERR__NO_MEMORY, "_NO_MEMORY", 0, "Out of memory"},
    {MOLDAU_ERR__INVALID_ARG, "_INVALID_ARG", 0, "Invalid argument"},
    {MOLDAU_ERR__UNSUPPORTED_VERSION, "_UNSUPPORTED_VERSION", 0,
     "moldau has no codec for this API version"},
    {MOLDAU_ERR__BAD_COMPRESSION, "_BAD_COMPRESSION", 0,
     "Unknown compression codec or corrupt compressed data"},
    {MOLDAU_ERR__TOO_LARGE, "_TOO_LARGE", 0, "A size limit was exceeded"},
    {MOLDAU_ERR__CRC, "_CRC", 0, "Checksum mismatch"},
    {MOLDAU_ERR__TRANSPORT, "_TRANSPORT", 1, "Broker connection failed or was closed"},
    {MOLDAU_ERR__TIMED_OUT, "_TIMED_OUT", 1, "Local timeout"},
    {MOLDAU_ERR__QUEUE_FULL, "_QUEUE_FULL", 1, "Queue or buffer full"},
    {MOLDAU_ERR__BAD_CONF, "_BAD_CONF", 0, "Invalid configuration"},
    {MOLDAU_ERR__MSG_TIMED_OUT, "_MSG_TIMED_OUT", 0,
     "Record not delivered within delivery.timeout.ms"},
    {MOLDAU_ERR__DESTROYED, "_DESTROYED", 0, "Handle closed before the operation finished"},
    {MOLDAU_ERR__UNKNOWN_PARTITION, "_UNKNOWN_PARTITION", 0, "Partition does not exist"},
    {MOLDAU_ERR__STATE, "_STATE", 0, "Operation not valid in the current state"},
    {MOLDAU_ERR__PARTIAL, "_PARTIAL", 0, "Record set ends with a partial batch"},
    {MOLDAU_ERR__RESOLVE, "_RESOLVE", 1, "Host name could not be resolved"},
    {MOLDAU_ERR__ALL_BROKERS_DOWN, "_ALL_BROKERS_DOWN", 1, "No broker could be reached"},
    {MOLDAU_ERR__UNSUPPORTED_FEATURE, "_UNSUPPORTED_FEATURE", 0,
     "The broker does not support this feature"},
    {MOLDAU_ERR_UNKNOWN_SERVER_ERROR, "UNKNOWN_SERVER_ERROR", 0,
     "The server experienced an unexpected error when processing the request."},
    {MOLDAU_ERR_NONE, "NONE", 0, "Success"},
};

static const err_desc_t *find(moldau_err_t err)
{
    for (size_t i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
        if (err_table[i].code == (int)err)
            return &err_table[i];
    return NULL;
}

const char *moldau_err_name(moldau_err_t err)
{
    const err_desc_t *d = find(err);
    return d ? d->name : "UNKNOWN_ERROR_CODE";
}

const char *moldau_err_str(moldau_err_t err)
{
    const err_desc_t *d = find(err);
    return d ? d->str : "Unknown error code";
}

int moldau_err_is_retriable(moldau_err_t err)
{
    const err_desc_t *d = find(err);
    return d ? d->retriable : 0;
}
