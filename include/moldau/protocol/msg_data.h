/* moldau codec: placeholder, filled by its own change. Included by moldau/protocol.h. */
#ifndef MOLDAU_PROTOCOL_MSG_DATA_H
#define MOLDAU_PROTOCOL_MSG_DATA_H
#include "moldau/protocol.h"
#endif
