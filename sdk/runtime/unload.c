/*
 * unload.c: the runtime lets go of what it keeps for the whole process
 * (the host's settings, the registry file's tree, the INI cache, the
 * handle table) as it is unloaded.
 *
 * The library is unloaded with the last filter that needs it: httpd
 * dlcloses filters as it clears a configuration generation, which
 * apache2 -X does in the very process that ran them.  What the runtime's
 * static variables pointed at would be lost then, with nothing left to
 * point at it, once per generation.  The destructor also runs at exit,
 * after the filters' TerminateFilter and DLL_PROCESS_DETACH, when their
 * threads are meant to be gone, and keeps everything when a thread
 * CreateThread started is still running; each part releases under its
 * own lock
 * and leaves the state a fresh load starts from, so a late caller finds
 * an empty runtime rather than freed memory.
 */
#include "isw.h"

__attribute__((destructor)) static void isw_unload(void)
{
    /* A filter thread that outlived TerminateFilter may still be reading
     * these at process exit: keeping them is the safe side (an unloaded
     * library's threads cannot run on anyway). */
    if (isw_threads_running()) {
        return;
    }
    isw_profile_release();
    isw_registry_release();
    isw_handles_release();
    isw_host_release();
}
