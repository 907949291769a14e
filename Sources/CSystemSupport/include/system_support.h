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

/// libqrencode 4.1.1 chooses a QR code's mask by masking a copy of the symbol with each of
/// the eight masks and scoring it module by module (Mask_mask in its mask.c). These functions
/// give the same scores from bit masks, a row or column of modules to a machine word, and so
/// take symbols up to this many modules wide (version 11).
#define KLYNGE_QR_WIDTH_MAX 63

/// libqrencode's Mask_evaluateSymbol (its penalties N1, N2 and N3, with its own reading of
/// the finder-like pattern rule) of a `width`×`width` frame, bit 0 of each byte dark.
/// Returns -1 when `width` is over KLYNGE_QR_WIDTH_MAX.
int klynge_qr_evaluate(int width, const unsigned char *frame);

/// The score Mask_mask gives each mask (N1–N4, with the format information of `level`, a
/// QRecLevel) of a symbol made by libqrencode's QRcode_encodeMask with mask 0: bit 0 of each
/// byte dark, bit 7 set on modules no mask changes. Returns 0, or -1 when `width` is over
/// KLYNGE_QR_WIDTH_MAX.
int klynge_qr_penalties(int width, const unsigned char *symbol, int level, int penalties[8]);

/// Turns a symbol made by QRcode_encodeMask with mask 0 into the one QRcode_encodeMask would
/// make with the mask Mask_mask chooses (the lowest score, the first of equal ones), byte for
/// byte, and returns that mask; or returns -1, the symbol untouched, when `width` is over
/// KLYNGE_QR_WIDTH_MAX.
int klynge_qr_remask(int width, unsigned char *symbol, int level);

#endif
