/*
 * change.c: directory change notifications on inotify.
 *
 * The handle (kind ISW_CHANGE) is waitable: WaitForSingleObject returns
 * once a change the filter asked for has happened in the directory, and
 * it stays signalled until FindNextChangeNotification; changes made in
 * between are kept in the inotify queue and signal it again at once, as
 * Windows records them.  Nothing wakes a waiter when the file system
 * changes, so the object is "polled" (isw.h): a wait rechecks it, and
 * the check reads the inotify descriptor without blocking.
 *
 * bWatchSubtree watches the subdirectories present when the handle is
 * made and those created later, up to SUBTREE_MAX directories.
 */
#include "winfs.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <sys/inotify.h>
#include <unistd.h>

#define SUBTREE_MAX 4096

typedef struct {
    int wd;
    char *path;
} watch;

typedef struct {
    isw_obj base;
    pthread_mutex_t lock;
    int fd;
    DWORD filter;
    int subtree;
    int pending;
    watch *watches;
    size_t nwatches, cap;
} isw_change;

static void change_destroy(isw_obj *o)
{
    isw_change *c = (isw_change *)o;

    if (c->fd >= 0) {
        close(c->fd);
    }
    for (size_t i = 0; i < c->nwatches; i++) {
        free(c->watches[i].path);
    }
    free(c->watches);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* The inotify events a FILE_NOTIFY_CHANGE_* filter needs. */
static uint32_t mask_of(DWORD filter)
{
    uint32_t m = IN_DELETE_SELF | IN_MOVE_SELF;

    if (filter & (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME)) {
        m |= IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
    }
    if (filter & (FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SECURITY)) {
        m |= IN_ATTRIB;
    }
    if (filter & (FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE)) {
        m |= IN_MODIFY | IN_CLOSE_WRITE;
    }
    if (filter & FILE_NOTIFY_CHANGE_LAST_WRITE) {
        m |= IN_ATTRIB;         /* a last-write time set (touch, SetFileTime) */
    }
    if (filter & FILE_NOTIFY_CHANGE_LAST_ACCESS) {
        m |= IN_ACCESS;
    }
    if (filter & FILE_NOTIFY_CHANGE_CREATION) {
        m |= IN_CREATE | IN_MOVED_TO;
    }
    return m;
}

/* Whether an inotify event is a change the filter asked for. */
static int wanted(DWORD filter, uint32_t m)
{
    int dir = (m & IN_ISDIR) != 0;

    if (m & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF)) {
        return 1;               /* too many to tell, or the directory went */
    }
    if (m & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) {
        if (filter & (dir ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME)) {
            return 1;
        }
        if ((filter & FILE_NOTIFY_CHANGE_CREATION) && (m & (IN_CREATE | IN_MOVED_TO))) {
            return 1;
        }
    }
    if ((m & IN_ATTRIB)
        && (filter & (FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SECURITY))) {
        return 1;
    }
    if ((m & (IN_MODIFY | IN_CLOSE_WRITE)) && !dir
        && (filter & (FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE))) {
        return 1;
    }
    /* Windows signals LAST_WRITE when a file's last-write time is set
     * without a write (SetFileTime; administrators "touch" a filter's
     * INI file to make it reload).  inotify reports that as IN_ATTRIB,
     * which chmod and chown raise too: those signal LAST_WRITE here as
     * well, a spurious wake-up the filter's own check absorbs, where
     * missing the touch would leave it with stale settings. */
    if ((m & IN_ATTRIB) && !dir && (filter & FILE_NOTIFY_CHANGE_LAST_WRITE)) {
        return 1;
    }
    return (m & IN_ACCESS) && !dir && (filter & FILE_NOTIFY_CHANGE_LAST_ACCESS);
}

/* Watches path (and, for a subtree, the directories below it). */
static void add_watch(isw_change *c, const char *path, int depth)
{
    DIR *d;
    struct dirent *e;
    char sub[PATH_MAX];
    int wd;

    if (c->nwatches >= SUBTREE_MAX) {
        return;
    }
    wd = inotify_add_watch(c->fd, path, mask_of(c->filter) | IN_ONLYDIR);
    if (wd < 0) {
        return;
    }
    if (c->nwatches == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        watch *w = realloc(c->watches, cap * sizeof(*w));

        if (!w) {
            return;
        }
        c->watches = w;
        c->cap = cap;
    }
    c->watches[c->nwatches].wd = wd;
    c->watches[c->nwatches].path = strdup(path);
    c->nwatches++;
    if (!c->subtree || depth > 64 || !(d = opendir(path))) {
        return;
    }
    while ((e = readdir(d)) != NULL) {
        struct stat st;

        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
            continue;
        }
        if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) < (int)sizeof(sub)
            && lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
            add_watch(c, sub, depth + 1);
        }
    }
    closedir(d);
}

/* isw_obj.signalled: reads what inotify has queued, without blocking. */
static int change_signalled(isw_obj *o, int consume)
{
    isw_change *c = (isw_change *)o;
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n;
    int r;

    (void)consume;              /* signalled until FindNextChangeNotification */
    pthread_mutex_lock(&c->lock);
    while (!c->pending && (n = read(c->fd, buf, sizeof(buf))) > 0) {
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *ev = (struct inotify_event *)p;

            if (wanted(c->filter, ev->mask)) {
                c->pending = 1;
            }
            /* A directory new in a watched subtree is watched too. */
            if (c->subtree && (ev->mask & IN_ISDIR) && ev->len
                && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
                for (size_t i = 0; i < c->nwatches; i++) {
                    char sub[PATH_MAX];

                    if (c->watches[i].wd == ev->wd && c->watches[i].path
                        && snprintf(sub, sizeof(sub), "%s/%s", c->watches[i].path,
                                    ev->name) < (int)sizeof(sub)) {
                        add_watch(c, sub, 1);
                        break;
                    }
                }
            }
            p += sizeof(*ev) + ev->len;
        }
    }
    r = c->pending;
    pthread_mutex_unlock(&c->lock);
    return r;
}

WINBASEAPI HANDLE WINAPI FindFirstChangeNotificationA(LPCSTR lpPathName,
    BOOL bWatchSubtree, DWORD dwNotifyFilter)
{
    char path[PATH_MAX];
    struct stat st;
    isw_change *c;
    HANDLE h;

    if (!dwNotifyFilter || (dwNotifyFilter & ~(DWORD)0x17F)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (!isw_map_arg(lpPathName, path)) {
        return INVALID_HANDLE_VALUE;
    }
    if (stat(path, &st) != 0) {
        isw_fail_path(path);
        return INVALID_HANDLE_VALUE;
    }
    if (!S_ISDIR(st.st_mode)) {
        SetLastError(ERROR_DIRECTORY);
        return INVALID_HANDLE_VALUE;
    }
    if (!(c = isw_obj_new(sizeof(*c), ISW_CHANGE, change_destroy))) {
        return INVALID_HANDLE_VALUE;
    }
    c->base.signalled = change_signalled;
    c->base.polled = 1;
    c->filter = dwNotifyFilter;
    c->subtree = bWatchSubtree != FALSE;
    pthread_mutex_init(&c->lock, NULL);
    c->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (c->fd < 0) {
        isw_fail_errno();
        change_destroy(&c->base);
        return INVALID_HANDLE_VALUE;
    }
    add_watch(c, path, 0);
    if (!c->nwatches) {
        isw_fail_errno();
        change_destroy(&c->base);
        return INVALID_HANDLE_VALUE;
    }
    h = isw_handle_new(&c->base);
    return h ? h : INVALID_HANDLE_VALUE;
}

WINBASEAPI BOOL WINAPI FindNextChangeNotification(HANDLE hChangeHandle)
{
    isw_change *c = (isw_change *)isw_handle_get(hChangeHandle, ISW_CHANGE);

    if (!c) {
        return FALSE;
    }
    pthread_mutex_lock(&c->lock);
    c->pending = 0;
    pthread_mutex_unlock(&c->lock);
    isw_obj_put(&c->base);
    return TRUE;
}

WINBASEAPI BOOL WINAPI FindCloseChangeNotification(HANDLE hChangeHandle)
{
    return isw_handle_close(hChangeHandle, ISW_CHANGE);
}
