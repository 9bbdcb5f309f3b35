/* url_rec_a.c: event recorder "a" (url_rec.h). */
#define URL_REC_NAME "a"
#include "url_rec.h"
