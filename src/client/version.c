#include "moldau/version.h"

const char *moldau_version(void) { return MOLDAU_VERSION_STR; }
