#ifndef KLYNGE_SYSTEM_SUPPORT_H
#define KLYNGE_SYSTEM_SUPPORT_H

#include <stddef.h>

/// Exchanges two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE),
/// so a reader never sees the output folder missing or half written.
/// Returns 0 on success, otherwise an errno value (ENOSYS/EINVAL where unsupported).
int klynge_exchange_paths(const char *first, const char *second);

/// glibc's memmem, which Swift's Glibc module hides behind _GNU_SOURCE.
const void *klynge_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
