/**
 * @file isapi/afx_except.h
 * @brief MFC's exception classes and macros for filters built with
 *        isapi-cc: CException, CMemoryException, CNotSupportedException,
 *        CInvalidArgException, CFileException, the AfxThrow* functions and
 *        TRY/CATCH/AND_CATCH/END_CATCH/THROW/THROW_LAST.
 *
 * As in MFC, exceptions are thrown as pointers (throw CException*), so
 * code that catches them either uses the macros, which delete the caught
 * exception at the end of the CATCH block unless THROW_LAST passed it on,
 * or catches it with C++ catch and calls e->Delete() itself.  Delete()
 * frees an exception made with new and leaves alone the preallocated
 * ones AfxThrowMemoryException and its kind throw.  The macros sit on
 * C++ try/catch, as MFC's have since MFC 3.0.  The code lives in
 * libisapimfc.a (sdk/mfc/except.cpp).
 *
 * CException derives from CObject only when afx.h has defined it first
 * and said so with _ISAPI_AFX_COBJECT.
 */
#ifndef ISAPI_AFX_EXCEPT_H
#define ISAPI_AFX_EXCEPT_H

#ifndef __cplusplus
#error "isapi/afx_except.h: MFC exceptions are C++; compile this file as C++"
#endif

#include "isapi/win_types.h"
#include "isapi/afx_string.h"

#ifdef _ISAPI_AFX_COBJECT
class CException : public CObject
#else
class CException
#endif
{
public:
    CException();
    /* bAutoDelete FALSE: an object Delete() must not free (static or
     * on the stack). */
    explicit CException(BOOL bAutoDelete);
    virtual ~CException();

    /* Frees the exception if it was made with new; use it, not delete. */
    void Delete();

    /* Copies a text for the error into lpszError (at most nMaxError
     * characters with the NUL); FALSE, with lpszError empty, when there
     * is none, as for the base class. */
    virtual BOOL GetErrorMessage(LPTSTR lpszError, UINT nMaxError,
                                 PUINT pnHelpContext = NULL) const;

    /* MFC shows a message box; a server has no desktop, so the text goes
     * to the debug output (OutputDebugString) and IDOK comes back. */
    virtual int ReportError(UINT nType = 0, UINT nMessageID = 0);

    BOOL m_bAutoDelete;
};

/* The kind MFC derives its argument-less exceptions from: its text is a
 * fixed message. */
class CSimpleException : public CException
{
public:
    CSimpleException() {}
    explicit CSimpleException(BOOL bAutoDelete) : CException(bAutoDelete) {}
    virtual BOOL GetErrorMessage(LPTSTR lpszError, UINT nMaxError,
                                 PUINT pnHelpContext = NULL) const;
protected:
    virtual LPCTSTR DefaultMessage() const = 0;
};

class CMemoryException : public CSimpleException
{
public:
    CMemoryException() {}
    explicit CMemoryException(BOOL bAutoDelete) : CSimpleException(bAutoDelete) {}
protected:
    virtual LPCTSTR DefaultMessage() const;
};

class CNotSupportedException : public CSimpleException
{
public:
    CNotSupportedException() {}
    explicit CNotSupportedException(BOOL bAutoDelete) : CSimpleException(bAutoDelete) {}
protected:
    virtual LPCTSTR DefaultMessage() const;
};

class CInvalidArgException : public CSimpleException
{
public:
    CInvalidArgException() {}
    explicit CInvalidArgException(BOOL bAutoDelete) : CSimpleException(bAutoDelete) {}
protected:
    virtual LPCTSTR DefaultMessage() const;
};

class CFileException : public CException
{
public:
    enum {
        none, genericException, fileNotFound, badPath, tooManyOpenFiles,
        accessDenied, invalidFile, removeCurrentDir, directoryFull,
        badSeek, hardIO, sharingViolation, lockViolation, diskFull,
        endOfFile
    };

    CFileException(int cause = CFileException::none, LONG lOsError = -1,
                   LPCTSTR lpszArchiveName = NULL);
    virtual BOOL GetErrorMessage(LPTSTR lpszError, UINT nMaxError,
                                 PUINT pnHelpContext = NULL) const;

    /* Win32 error code (GetLastError) or errno value to a cause. */
    static int OsErrorToException(LONG lOsError);
    static int ErrnoToException(int nErrno);
    static void ThrowOsError(LONG lOsError, LPCTSTR lpszFileName = NULL);
    static void ThrowErrno(int nErrno, LPCTSTR lpszFileName = NULL);

    int m_cause;
    LONG m_lOsError;
    CString m_strFileName;
};

#if defined(__GNUC__)
#define _ISAPI_AFX_NORETURN __attribute__((noreturn))
#else
#define _ISAPI_AFX_NORETURN
#endif

/* These throw a preallocated object, as MFC's do: out of memory there is
 * nothing to make a new one with. */
void AfxThrowMemoryException() _ISAPI_AFX_NORETURN;
void AfxThrowNotSupportedException() _ISAPI_AFX_NORETURN;
void AfxThrowInvalidArgException() _ISAPI_AFX_NORETURN;
void AfxThrowFileException(int cause, LONG lOsError = -1,
                           LPCTSTR lpszFileName = NULL) _ISAPI_AFX_NORETURN;

/* ---- TRY/CATCH ----
 * Each TRY block keeps a link on a per-thread chain that holds the
 * exception its CATCH caught, and deletes it when the block ends.
 * THROW_LAST, and THROW of the exception being handled, take it off the
 * chain first, so what goes on to an outer handler stays alive. */
struct AFX_EXCEPTION_LINK
{
    AFX_EXCEPTION_LINK();
    ~AFX_EXCEPTION_LINK();

    AFX_EXCEPTION_LINK *m_pLinkPrev;
    CException *m_pException;
};

/* Takes e off every TRY link of this thread, so no END_CATCH frees it. */
void AfxTryCleanupException(CException *e);
/* The same for the exception the innermost CATCH is handling. */
void AfxThrowLastCleanup();

template <class T> inline void _AfxThrow(T *e) _ISAPI_AFX_NORETURN;
template <class T> inline void _AfxThrow(T *e)
{
    AfxTryCleanupException(e);
    throw e;
}

#define TRY { AFX_EXCEPTION_LINK _afxExceptionLink; try {
#define CATCH(class, e) } catch (class *e) { \
    _afxExceptionLink.m_pException = e;
#define AND_CATCH(class, e) } catch (class *e) { \
    _afxExceptionLink.m_pException = e;
#define END_CATCH } }
#define CATCH_ALL(e) } catch (CException *e) { \
    _afxExceptionLink.m_pException = e;
#define AND_CATCH_ALL(e) } catch (CException *e) { \
    _afxExceptionLink.m_pException = e;
#define END_CATCH_ALL } }
/* A TRY with no CATCH: the exception is deleted and goes no further. */
#define END_TRY } catch (CException *e) { \
    _afxExceptionLink.m_pException = e; } }

#define THROW(e) _AfxThrow(e)
#define THROW_LAST() (AfxThrowLastCleanup(), throw)
/* For a plain C++ catch of a CException*: frees it as Delete() does. */
#define DELETE_EXCEPTION(e) do { if (e) { (e)->Delete(); } } while (0)

#endif /* ISAPI_AFX_EXCEPT_H */
