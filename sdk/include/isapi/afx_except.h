/**
 * @file isapi/afx_except.h
 * @brief Placeholder: helper M2 writes this header (issue 14).
 */
