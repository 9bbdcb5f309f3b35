// mfc_except.cc: MFC's exceptions (isapi/afx_except.h, sdk/mfc/except.cpp):
// the classes, AfxThrow*, Delete(), GetErrorMessage and the TRY/CATCH
// macros, including which exceptions they delete and which they pass on.
#include <errno.h>
#include <windows.h>
#include "isapi/afx_string.h"
#include "isapi/afx_except.h"
#include "tap.h"

// An exception that counts its destructions, to see who frees it.
static int destroyed;

class CCountedException : public CException
{
public:
    CCountedException() {}
    explicit CCountedException(BOOL bAutoDelete) : CException(bAutoDelete) {}
    ~CCountedException() { destroyed++; }
};

class COtherException : public CException
{
public:
    ~COtherException() { destroyed++; }
};

static void throw_counted()
{
    THROW(new CCountedException);
}

// A CATCH that rethrows with THROW_LAST: the outer handler gets it alive.
static void rethrow_last()
{
    TRY {
        throw_counted();
    }
    CATCH(CCountedException, e) {
        (void)e;
        THROW_LAST();
    }
    END_CATCH
}

// The same with THROW(e) of the exception being handled.
static void rethrow_same()
{
    TRY {
        throw_counted();
    }
    CATCH(CCountedException, e) {
        THROW(e);
    }
    END_CATCH
}

int main()
{
    char msg[128];
    UINT help = 99;

    // ---- the classes ----
    CException *base = new CException;
    ok(base->m_bAutoDelete, "a CException made with new is auto-delete");
    strcpy(msg, "junk");
    ok(!base->GetErrorMessage(msg, sizeof(msg), &help), "CException::GetErrorMessage: FALSE");
    ok(msg[0] == '\0' && help == 0, "with an empty text and help context 0");
    base->Delete();
    ok(1, "Delete() of a new'd exception frees it (valgrind sees no leak)");

    CCountedException onstack(FALSE);
    destroyed = 0;
    onstack.Delete();
    is_int(destroyed, 0, "Delete() leaves an exception made with bAutoDelete FALSE");

    // ---- AfxThrow* ----
    CException *caught = NULL;
    try {
        AfxThrowMemoryException();
    }
    catch (CMemoryException *e) {
        caught = e;
    }
    ok(caught != NULL, "AfxThrowMemoryException throws CMemoryException*");
    ok(caught->GetErrorMessage(msg, sizeof(msg)), "its GetErrorMessage: TRUE");
    is_str(msg, "Out of memory.", "its text");
    caught->Delete();
    caught->Delete();
    ok(1, "it is preallocated: Delete() twice is harmless");
    CException *again = NULL;
    try {
        AfxThrowMemoryException();
    }
    catch (CException *e) {
        again = e;
        e->Delete();
    }
    ok(again == caught, "the same object every time, caught as CException*");

    try {
        AfxThrowInvalidArgException();
    }
    catch (CInvalidArgException *e) {
        e->GetErrorMessage(msg, sizeof(msg));
        is_str(msg, "Encountered an improper argument.", "AfxThrowInvalidArgException");
        e->Delete();
    }
    try {
        AfxThrowNotSupportedException();
    }
    catch (CNotSupportedException *e) {
        e->GetErrorMessage(msg, sizeof(msg));
        is_str(msg, "Unsupported operation was attempted.", "AfxThrowNotSupportedException");
        e->Delete();
    }
    try {
        AfxThrowMemoryException();
    }
    catch (CSimpleException *e) {
        char small[4];
        ok(e->GetErrorMessage(small, sizeof(small)), "GetErrorMessage into a small buffer");
        is_str(small, "Out", "cuts the text to fit, NUL-terminated");
        e->Delete();
    }

    // ---- CFileException ----
    try {
        AfxThrowFileException(CFileException::fileNotFound, ERROR_FILE_NOT_FOUND, "C:\\x.txt");
    }
    catch (CFileException *e) {
        is_int(e->m_cause, CFileException::fileNotFound, "AfxThrowFileException: m_cause");
        is_int(e->m_lOsError, ERROR_FILE_NOT_FOUND, "m_lOsError");
        is_str(e->m_strFileName, "C:\\x.txt", "m_strFileName");
        ok(e->GetErrorMessage(msg, sizeof(msg)) && strstr(msg, "x.txt") != NULL,
           "GetErrorMessage names the file");
        e->Delete();
    }
    is_int(CFileException::OsErrorToException(ERROR_ACCESS_DENIED), CFileException::accessDenied,
           "OsErrorToException(ERROR_ACCESS_DENIED)");
    is_int(CFileException::OsErrorToException(ERROR_SHARING_VIOLATION),
           CFileException::sharingViolation, "OsErrorToException(ERROR_SHARING_VIOLATION)");
    is_int(CFileException::OsErrorToException(12345), CFileException::genericException,
           "an unknown error: genericException");
    is_int(CFileException::ErrnoToException(ENOENT), CFileException::fileNotFound,
           "ErrnoToException(ENOENT)");
    try {
        CFileException::ThrowOsError(ERROR_PATH_NOT_FOUND);
        ok(0, "ThrowOsError did not throw");
    }
    catch (CFileException *e) {
        is_int(e->m_cause, CFileException::badPath, "ThrowOsError throws the mapped cause");
        e->Delete();
    }
    CFileException::ThrowOsError(0);
    ok(1, "ThrowOsError(0) does not throw");

    // ---- TRY/CATCH ----
    int where = 0;
    destroyed = 0;
    TRY {
        throw_counted();
        where = 1;
    }
    CATCH(CCountedException, e) {
        ok(e != NULL, "CATCH gets the thrown pointer");
        where = 2;
    }
    END_CATCH
    is_int(where, 2, "TRY/CATCH/END_CATCH: the handler ran");
    is_int(destroyed, 1, "and END_CATCH deleted the exception");

    destroyed = 0;
    where = 0;
    TRY {
        THROW(new COtherException);
    }
    CATCH(CCountedException, e) {
        (void)e;
        where = 1;
    }
    AND_CATCH(COtherException, e) {
        (void)e;
        where = 2;
    }
    END_CATCH
    is_int(where, 2, "AND_CATCH takes the other type");
    is_int(destroyed, 1, "and that one is deleted too");

    destroyed = 0;
    where = 0;
    TRY {
        throw_counted();
    }
    CATCH_ALL(e) {
        (void)e;
        where = 3;
    }
    END_CATCH_ALL
    ok(where == 3 && destroyed == 1, "CATCH_ALL catches any CException, and deletes it");

    destroyed = 0;
    where = 0;
    TRY {
        rethrow_last();
    }
    CATCH(CCountedException, e) {
        is_int(destroyed, 0, "THROW_LAST: the outer CATCH gets it undeleted");
        ok(e->m_bAutoDelete, "and intact");
        where = 4;
    }
    END_CATCH
    ok(where == 4 && destroyed == 1, "the outer END_CATCH deletes it once");

    destroyed = 0;
    where = 0;
    TRY {
        rethrow_same();
    }
    CATCH(CCountedException, e) {
        (void)e;
        is_int(destroyed, 0, "THROW(e) of the caught exception: not deleted on the way");
        where = 5;
    }
    END_CATCH
    ok(where == 5 && destroyed == 1, "and deleted once at the end");

    destroyed = 0;
    where = 0;
    TRY {
        TRY {
            throw_counted();
        }
        CATCH(COtherException, e) {
            (void)e;
            where = 1;
        }
        END_CATCH
    }
    CATCH(CCountedException, e) {
        (void)e;
        where = 6;
    }
    END_CATCH
    ok(where == 6 && destroyed == 1, "a type no CATCH names goes to the outer TRY");

    destroyed = 0;
    try {
        TRY {
            throw_counted();
        }
        CATCH(CCountedException, e) {
            (void)e;
            THROW_LAST();
        }
        END_CATCH
    }
    catch (CException *e) {
        is_int(destroyed, 0, "THROW_LAST to a C++ catch: alive");
        e->Delete();
    }
    is_int(destroyed, 1, "which frees it with Delete()");

    destroyed = 0;
    try {
        throw_counted();
    }
    catch (CException *e) {
        DELETE_EXCEPTION(e);
    }
    is_int(destroyed, 1, "DELETE_EXCEPTION frees a caught exception");

    destroyed = 0;
    TRY {
        throw_counted();
    }
    END_TRY
    is_int(destroyed, 1, "END_TRY swallows and deletes");

    destroyed = 0;
    TRY {
        where = 7;
    }
    CATCH_ALL(e) {
        (void)e;
        where = 0;
    }
    END_CATCH_ALL
    ok(where == 7 && destroyed == 0, "no exception: the handler does not run");

    // CString's own errors arrive through the same macros.
    where = 0;
    TRY {
        CString s("ab");
        s.SetAt(5, 'x');
    }
    CATCH(CInvalidArgException, e) {
        (void)e;
        where = 8;
    }
    END_CATCH
    is_int(where, 8, "CString's CInvalidArgException under TRY/CATCH");

    // ReportError: no desktop; the text goes to the debug output.
    CMemoryException report(FALSE);
    is_int(report.ReportError(), 1, "ReportError returns IDOK");
    return done();
}
