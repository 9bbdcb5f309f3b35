// CppFilter.cpp : a plain C++ filter, as Visual C++ projects without MFC
// wrote them: extern "C" entry points named in a .def file, a static
// object whose constructor and destructor run as the DLL loads and unloads
// (each says so through OutputDebugString), std::string and std::vector,
// and exceptions.  t/win32/cpp_filter.t checks all of it; the throwing
// paths are there to show that an exception escaping an entry point is
// contained by the SDK's wrappers and never reaches the module:
//   /cpp/throw-std   HttpFilterProc throws std::runtime_error
//   /cpp/throw-int   HttpFilterProc throws an int
//   /cpp/caught      throws and catches inside the filter (unwinding works)
//   CPPFILTER_THROW_IN_VERSION=1 in the environment: GetFilterVersion
//                    throws std::logic_error from a helper it calls

#include "stdafx.h"
#include <stdlib.h>
#include <stdio.h>

namespace {

void Debug(const std::string &s)
{
    OutputDebugStringA(("CppFilter: " + s).c_str());
}

// Lives from DLL load to DLL unload; the words it holds come from a
// string split at construction, so std::vector and std::string are in use
// before GetFilterVersion runs.
class CFilterState
{
public:
    CFilterState() : m_hits(0), m_pid(GetCurrentProcessId())
    {
        std::string spec = "alpha,beta,gamma";
        std::string::size_type start = 0, comma;
        while ((comma = spec.find(',', start)) != std::string::npos) {
            m_words.push_back(spec.substr(start, comma - start));
            start = comma + 1;
        }
        m_words.push_back(spec.substr(start));
        Debug("constructed");
    }
    ~CFilterState()
    {
        Debug("destroyed");
    }

    std::string Joined() const
    {
        std::string out;
        for (std::vector<std::string>::const_iterator it = m_words.begin();
             it != m_words.end(); ++it) {
            if (!out.empty())
                out += '+';
            out += *it;
        }
        return out;
    }

    LONG Hit() { return InterlockedIncrement(&m_hits); }
    DWORD Pid() const { return m_pid; }

private:
    std::vector<std::string> m_words;
    LONG m_hits;
    DWORD m_pid;        // the process the constructor ran in
};

CFilterState g_state;

// Throws from a frame below the entry point, so the unwinder has work.
void CheckSetting(const char *name)
{
    const char *v = getenv(name);
    if (v && *v == '1')
        throw std::logic_error(std::string("CppFilter: refusing to load, ")
                               + name + " is set");
}

std::string UrlOf(PHTTP_FILTER_CONTEXT pfc, PHTTP_FILTER_PREPROC_HEADERS ph)
{
    std::vector<char> buf(512);
    DWORD cb = (DWORD)buf.size();
    if (!ph->GetHeader(pfc, (LPSTR)"url", &buf[0], &cb)) {
        if (GetLastError() != ERROR_INSUFFICIENT_BUFFER)
            return std::string();
        buf.resize(cb);
        if (!ph->GetHeader(pfc, (LPSTR)"url", &buf[0], &cb))
            return std::string();
    }
    return std::string(&buf[0]);
}

} // namespace

extern "C" BOOL WINAPI GetFilterVersion(PHTTP_FILTER_VERSION pVer)
{
    CheckSetting("CPPFILTER_THROW_IN_VERSION");
    pVer->dwFilterVersion = HTTP_FILTER_REVISION;
    lstrcpynA(pVer->lpszFilterDesc, "CppFilter: plain C++ test filter",
              SF_MAX_FILTER_DESC_LEN);
    pVer->dwFlags = SF_NOTIFY_ORDER_DEFAULT | SF_NOTIFY_NONSECURE_PORT |
                    SF_NOTIFY_SECURE_PORT | SF_NOTIFY_PREPROC_HEADERS;
    Debug("GetFilterVersion");
    return TRUE;
}

extern "C" DWORD WINAPI HttpFilterProc(PHTTP_FILTER_CONTEXT pfc,
                                       DWORD NotificationType,
                                       LPVOID pvNotification)
{
    if (NotificationType != SF_NOTIFY_PREPROC_HEADERS)
        return SF_STATUS_REQ_NEXT_NOTIFICATION;

    std::string url = UrlOf(pfc, (PHTTP_FILTER_PREPROC_HEADERS)pvNotification);
    if (url.compare(0, 14, "/cpp/throw-std") == 0)
        throw std::runtime_error("CppFilter: no handler for " + url);
    if (url.compare(0, 14, "/cpp/throw-int") == 0)
        throw 42;

    std::string caught = "no";
    if (url.compare(0, 11, "/cpp/caught") == 0) {
        try {
            throw std::out_of_range("inside");
        }
        catch (const std::exception &e) {
            caught = e.what();
        }
    }

    char line[512];
    _snprintf_s(line, sizeof(line), _TRUNCATE,
                "X-Cpp: words=%s hits=%ld caught=%s ctor-pid=%lu pid=%lu\r\n",
                g_state.Joined().c_str(), (long)g_state.Hit(),
                caught.c_str(), (unsigned long)g_state.Pid(),
                (unsigned long)GetCurrentProcessId());
    pfc->AddResponseHeaders(pfc, line, 0);
    return SF_STATUS_REQ_NEXT_NOTIFICATION;
}

extern "C" BOOL WINAPI TerminateFilter(DWORD dwFlags)
{
    (void)dwFlags;
    Debug("TerminateFilter");
    return TRUE;
}
