#include "moldau.h"

const char *moldau_version(void) { return MOLDAU_VERSION_STR; }
