/*
 * life_rec_global.c: the recorder of life.h, as a global filter
 * (t/lifetime/site_bytes.t): it sees every byte of the connection, the
 * interim 100 Continue included.  Lines in t/logs/life_rec_global.log.
 */
#define LIFE_RECORDER "life_rec_global"
#include "life.h"
