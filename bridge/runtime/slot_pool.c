/*
 * slot_pool.c: where the filters' contexts (slots) of a connection come
 * from, and where they go when it ends.
 *
 * A pfc is valid only on the thread running its filter's notification on
 * its connection (isf_slot_from_pfc), which recycled memory cannot fake.
 * A pfc a filter kept from an ended connection could still coincide with
 * a live slot if its memory were reused at once, so slot blocks are not
 * pool memory: ended ones wait in a first-in, first-out list and are
 * reused only once ISF_SLOT_QUARANTINE others have ended after them.  Their
 * callback pointers stay in place meanwhile, so a filter calling through a
 * kept pfc reaches the bridge and gets FALSE, not a crash.
 */
#include "runtime/runtime.h"

#include <stdlib.h>

#include "apr_thread_mutex.h"

/* Ended slot blocks kept before one is reused. */
#define ISF_SLOT_QUARANTINE 128
/* Ended slot blocks kept at most; more are freed. */
#define ISF_SLOT_KEEP 1024

typedef struct isf_slot_block_t {
    struct isf_slot_block_t *next;
    int n;
    isf_slot_t slots[1];
} isf_slot_block_t;

static struct {
    apr_thread_mutex_t *mutex;  /* NULL before child_init: one thread */
    isf_slot_block_t *head, *tail;
    int count;
} isf_slot_free;

/* The child is exiting: the waiting blocks go (the module's own memory,
 * which points at them, may be unmapped next). */
static apr_status_t isf_slots_free_all(void *data)
{
    (void)data;
    while (isf_slot_free.count) {
        isf_slot_block_t *b = isf_slot_free.head;
        isf_slot_free.head = b->next;
        isf_slot_free.count--;
        free(b);
    }
    isf_slot_free.head = isf_slot_free.tail = NULL;
    isf_slot_free.mutex = NULL;
    return APR_SUCCESS;
}

void isf_slots_child_init(apr_pool_t *pchild)
{
    if (apr_thread_mutex_create(&isf_slot_free.mutex,
                                APR_THREAD_MUTEX_DEFAULT, pchild)
        != APR_SUCCESS) {
        isf_slot_free.mutex = NULL;
    }
    apr_pool_cleanup_register(pchild, NULL, isf_slots_free_all,
                              apr_pool_cleanup_null);
}

isf_slot_t *isf_slots_take(int n)
{
    isf_slot_block_t *b = NULL;

    if (isf_slot_free.mutex) {
        apr_thread_mutex_lock(isf_slot_free.mutex);
    }
    if (isf_slot_free.count > ISF_SLOT_QUARANTINE
        && isf_slot_free.head->n == n) {
        b = isf_slot_free.head;
        isf_slot_free.head = b->next;
        isf_slot_free.count--;
    }
    if (isf_slot_free.mutex) {
        apr_thread_mutex_unlock(isf_slot_free.mutex);
    }
    if (!b) {
        b = malloc(APR_OFFSETOF(isf_slot_block_t, slots)
                   + sizeof(isf_slot_t) * (apr_size_t)n);
        if (!b) {
            return NULL;
        }
        b->n = n;
    }
    b->next = NULL;
    return b->slots;
}

void isf_slots_give(isf_slot_t *slots)
{
    isf_slot_block_t *b = (isf_slot_block_t *)((char *)slots
                              - APR_OFFSETOF(isf_slot_block_t, slots)), *old;
    int i;

    for (i = 0; i < b->n; i++) {
        /* Kept readable, callbacks and all: a filter may still call
         * through a pfc it saved; isf_slot_from_pfc refuses it. */
        b->slots[i].conn = NULL;
        b->slots[i].filter = NULL;
        b->slots[i].pfc.pFilterContext = NULL;
    }
    if (isf_slot_free.mutex) {
        apr_thread_mutex_lock(isf_slot_free.mutex);
    }
    if (isf_slot_free.tail && isf_slot_free.count) {
        isf_slot_free.tail->next = b;
    }
    else {
        isf_slot_free.head = b;
    }
    isf_slot_free.tail = b;
    isf_slot_free.count++;
    old = NULL;
    if (isf_slot_free.count > ISF_SLOT_KEEP) {
        old = isf_slot_free.head;
        isf_slot_free.head = old->next;
        isf_slot_free.count--;
    }
    if (isf_slot_free.mutex) {
        apr_thread_mutex_unlock(isf_slot_free.mutex);
    }
    free(old);
}
