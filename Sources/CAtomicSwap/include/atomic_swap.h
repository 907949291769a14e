#ifndef KLYNGE_ATOMIC_SWAP_H
#define KLYNGE_ATOMIC_SWAP_H

/// Exchanges two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE),
/// so a reader never sees the output folder missing or half written.
/// Returns 0 on success, otherwise an errno value (ENOSYS/EINVAL where unsupported).
int klynge_exchange_paths(const char *first, const char *second);

#endif
