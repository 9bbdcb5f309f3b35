/*
 * life_rec_site.c: the recorder of life.h, as the site filter of the
 * default name-based virtual host (t/lifetime/site_bytes.t): it must see
 * its own site's responses and nothing else.  Lines in
 * t/logs/life_rec_site.log.
 */
#define LIFE_RECORDER "life_rec_site"
#include "life.h"
