/* url_rec_b.c: event recorder "b" (url_rec.h). */
#define URL_REC_NAME "b"
#include "url_rec.h"
