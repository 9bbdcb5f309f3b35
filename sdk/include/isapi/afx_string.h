/**
 * @file isapi/afx_string.h
 * @brief Placeholder: helper M2 writes this header (issue 14).
 */
