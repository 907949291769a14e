#ifndef KLYNGE_SYSTEM_SUPPORT_H
#define KLYNGE_SYSTEM_SUPPORT_H

#include <stddef.h>
#include "deflate_part.h"

/// Exchanges two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE),
/// so a reader never sees the output folder missing or half written.
/// Returns 0 on success, otherwise an errno value (ENOSYS/EINVAL where unsupported).
int klynge_exchange_paths(const char *first, const char *second);

/// glibc's memmem, which Swift's Glibc module hides behind _GNU_SOURCE.
const void *klynge_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// Removes a folder and everything in it without following symbolic links.
/// Returns 0 on success (also when the folder does not exist), otherwise an errno value.
int klynge_remove_tree(const char *path);

/// Creates a new file with the given bytes and permission bits (no fsync); an existing
/// file or a link at `path` is an error (EEXIST/ELOOP). Returns 0 or an errno value.
int klynge_write_file(const char *path, const void *bytes, size_t count, unsigned mode);

/// Creates one folder with the given permission bits; an existing real folder is fine,
/// a link or a file is EEXIST. Returns 0 or an errno value.
int klynge_make_folder(const char *path, unsigned mode);

/// Flushes the file system that holds `path` to disk (syncfs). Returns 0 or an errno value.
int klynge_sync_filesystem(const char *path);

/// The next run of ASCII letters and digits at or after `*position` whose length lies in
/// [shortest, longest] (and that holds only digits, when `digits_only`): its start, or -1.
/// `*position` moves past the run, `*length` gets its length. For the provider-number scan,
/// which looks at every byte of a site: a Swift loop over them was most of its time.
long klynge_next_token(const unsigned char *bytes, size_t count, size_t *position,
                       size_t shortest, size_t longest, int digits_only, size_t *length);

/// The same runs as `klynge_next_token`, found without looking at every byte: only
/// every `shortest`-th byte is looked at until one could lie inside a run, then the
/// run around it. A site is mostly letters and markup, so most bytes are passed over.
/// `klynge_next_token` stays as its plain version, for the test that compares them.
long klynge_next_token_skipping(const unsigned char *bytes, size_t count, size_t *position,
                                size_t shortest, size_t longest, int digits_only, size_t *length);

#endif
