// except.cpp: MFC's exception classes, AfxThrow* and the per-thread chain
// of TRY blocks behind the TRY/CATCH macros (isapi/afx_except.h).
// The SDK first (windows.h brings isapi/win_crt.h), as isapi-cc has it.
#include "isapi/afx_string.h"
#include "isapi/afx_except.h"

#include <errno.h>
#include <string.h>

// Copies msg into the caller's buffer as MFC does: cut to fit, always
// NUL-terminated when there is room for anything.
static void copy_message(LPTSTR dst, UINT max, LPCTSTR msg)
{
    if (dst == NULL || max == 0) {
        return;
    }
    size_t n = strlen(msg);
    if (n > max - 1) {
        n = max - 1;
    }
    memcpy(dst, msg, n);
    dst[n] = '\0';
}

// ---- CException ----

CException::CException() : m_bAutoDelete(TRUE)
{
}

CException::CException(BOOL bAutoDelete) : m_bAutoDelete(bAutoDelete)
{
}

CException::~CException()
{
}

void CException::Delete()
{
    if (m_bAutoDelete > 0) {
        delete this;
    }
}

BOOL CException::GetErrorMessage(LPTSTR lpszError, UINT nMaxError,
                                 PUINT pnHelpContext) const
{
    if (pnHelpContext != NULL) {
        *pnHelpContext = 0;
    }
    copy_message(lpszError, nMaxError, "");
    return FALSE;
}

int CException::ReportError(UINT, UINT)
{
    char msg[512];

    if (!GetErrorMessage(msg, sizeof(msg))) {
        strcpy(msg, "No error message is available.");
    }
    OutputDebugStringA(msg);
    return 1;   /* IDOK */
}

BOOL CSimpleException::GetErrorMessage(LPTSTR lpszError, UINT nMaxError,
                                       PUINT pnHelpContext) const
{
    if (pnHelpContext != NULL) {
        *pnHelpContext = 0;
    }
    copy_message(lpszError, nMaxError, DefaultMessage());
    return TRUE;
}

// MFC's texts for these (its AFX_IDS_* resources).
LPCTSTR CMemoryException::DefaultMessage() const
{
    return "Out of memory.";
}

LPCTSTR CNotSupportedException::DefaultMessage() const
{
    return "Unsupported operation was attempted.";
}

LPCTSTR CInvalidArgException::DefaultMessage() const
{
    return "Encountered an improper argument.";
}

// ---- CFileException ----

CFileException::CFileException(int cause, LONG lOsError, LPCTSTR lpszArchiveName)
    : m_cause(cause), m_lOsError(lOsError), m_strFileName(lpszArchiveName)
{
}

BOOL CFileException::GetErrorMessage(LPTSTR lpszError, UINT nMaxError,
                                     PUINT pnHelpContext) const
{
    static const char *const texts[] = {
        "No error occurred.",
        "An unspecified error occurred.",
        "The file could not be located.",
        "All or part of the path is invalid.",
        "The permitted number of open files was exceeded.",
        "The file could not be accessed.",
        "There was an attempt to use an invalid file handle.",
        "The current working directory cannot be removed.",
        "There are no more directory entries.",
        "There was an error trying to set the file pointer.",
        "There was a hardware error.",
        "SHARE.EXE was not loaded, or a shared region was locked.",
        "There was an attempt to lock a region that was already locked.",
        "The disk is full.",
        "The end of file was reached.",
    };
    const char *text = m_cause >= 0 && m_cause <= endOfFile
                       ? texts[m_cause] : texts[genericException];
    CString msg(text);

    if (pnHelpContext != NULL) {
        *pnHelpContext = 0;
    }
    if (!m_strFileName.IsEmpty()) {
        msg += " (";
        msg += m_strFileName;
        msg += ")";
    }
    copy_message(lpszError, nMaxError, msg);
    return TRUE;
}

int CFileException::OsErrorToException(LONG lOsError)
{
    switch (lOsError) {
    case NO_ERROR:                  return none;
    case ERROR_FILE_NOT_FOUND:      return fileNotFound;
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_PATHNAME:        return badPath;
    case ERROR_TOO_MANY_OPEN_FILES: return tooManyOpenFiles;
    case ERROR_ACCESS_DENIED:       return accessDenied;
    case ERROR_INVALID_HANDLE:      return invalidFile;
    case 16: /* ERROR_CURRENT_DIRECTORY */ return removeCurrentDir;
    case ERROR_NO_MORE_FILES:       return directoryFull;
    case ERROR_NEGATIVE_SEEK:
    case ERROR_SEEK:                return badSeek;
    case ERROR_SHARING_VIOLATION:   return sharingViolation;
    case ERROR_LOCK_VIOLATION:      return lockViolation;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:    return diskFull;
    case ERROR_HANDLE_EOF:          return endOfFile;
    default:                        return genericException;
    }
}

int CFileException::ErrnoToException(int nErrno)
{
    switch (nErrno) {
    case 0:       return none;
    case ENOENT:  return fileNotFound;
    case ENOTDIR:
    case ENAMETOOLONG: return badPath;
    case EMFILE:
    case ENFILE:  return tooManyOpenFiles;
    case EACCES:
    case EPERM:
    case EROFS:   return accessDenied;
    case EBADF:   return invalidFile;
    case EIO:     return hardIO;
    case ENOSPC:  return diskFull;
    case ESPIPE:  return badSeek;
    case EDEADLK: return lockViolation;
    default:      return genericException;
    }
}

void CFileException::ThrowOsError(LONG lOsError, LPCTSTR lpszFileName)
{
    if (lOsError != 0) {
        AfxThrowFileException(OsErrorToException(lOsError), lOsError,
                              lpszFileName);
    }
}

void CFileException::ThrowErrno(int nErrno, LPCTSTR lpszFileName)
{
    if (nErrno != 0) {
        AfxThrowFileException(ErrnoToException(nErrno), nErrno, lpszFileName);
    }
}

// ---- AfxThrow* ----

// Preallocated, never freed by Delete(): throwing them needs no memory,
// which matters most for the out-of-memory case.
static CMemoryException memory_exception(FALSE);
static CNotSupportedException not_supported_exception(FALSE);
static CInvalidArgException invalid_arg_exception(FALSE);

void AfxThrowMemoryException()
{
    throw &memory_exception;
}

void AfxThrowNotSupportedException()
{
    throw &not_supported_exception;
}

void AfxThrowInvalidArgException()
{
    throw &invalid_arg_exception;
}

void AfxThrowFileException(int cause, LONG lOsError, LPCTSTR lpszFileName)
{
    throw new CFileException(cause, lOsError, lpszFileName);
}

// ---- the TRY chain ----

static __thread AFX_EXCEPTION_LINK *top_link;

AFX_EXCEPTION_LINK::AFX_EXCEPTION_LINK() : m_pLinkPrev(top_link), m_pException(NULL)
{
    top_link = this;
}

AFX_EXCEPTION_LINK::~AFX_EXCEPTION_LINK()
{
    // Links end in reverse order of their making, as blocks do.
    top_link = m_pLinkPrev;
    if (m_pException != NULL) {
        m_pException->Delete();
    }
}

void AfxTryCleanupException(CException *e)
{
    for (AFX_EXCEPTION_LINK *l = top_link; l != NULL; l = l->m_pLinkPrev) {
        if (l->m_pException == e) {
            l->m_pException = NULL;
        }
    }
}

void AfxThrowLastCleanup()
{
    if (top_link != NULL) {
        top_link->m_pException = NULL;
    }
}
