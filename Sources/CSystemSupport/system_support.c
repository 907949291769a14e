#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "system_support.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int klynge_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    if (syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE) == 0) {
        return 0;
    }
    return errno;
#else
    (void)first;
    (void)second;
    return ENOSYS;
#endif
}

const void *klynge_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

#include <dirent.h>
#include <sys/stat.h>

/* Removes the entries of an open directory, depth first, by name relative to it:
   no stat per entry (d_type says what it is), unlike a path-by-path removal. */
static int remove_entries(int folder) {
    DIR *listing = fdopendir(folder);
    if (listing == NULL) {
        int error = errno;
        close(folder);
        return error;
    }
    int result = 0;
    struct dirent *entry;
    while ((entry = readdir(listing)) != NULL) {
        const char *name = entry->d_name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
        int is_folder = entry->d_type == DT_DIR;
        if (entry->d_type == DT_UNKNOWN) {
            struct stat info;
            if (fstatat(dirfd(listing), name, &info, AT_SYMLINK_NOFOLLOW) == 0) is_folder = S_ISDIR(info.st_mode);
        }
        if (is_folder) {
            int child = openat(dirfd(listing), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0) { result = errno; continue; }
            int error = remove_entries(child);
            if (error != 0) result = error;
            if (unlinkat(dirfd(listing), name, AT_REMOVEDIR) != 0) result = errno;
        } else if (unlinkat(dirfd(listing), name, 0) != 0) {
            result = errno;
        }
    }
    closedir(listing);
    return result;
}

int klynge_remove_tree(const char *path) {
    int folder = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (folder < 0) return errno == ENOENT ? 0 : errno;
    int error = remove_entries(folder);
    if (rmdir(path) != 0 && error == 0) error = errno;
    return error;
}

int klynge_write_file(const char *path, const void *bytes, size_t count, unsigned mode) {
    /* O_EXCL with O_NOFOLLOW: the file must be new, so nothing is ever written
       through a link or over a file written a moment ago (a duplicate path). */
    int file = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
    if (file < 0) return errno;
    const char *cursor = bytes;
    while (count > 0) {
        ssize_t written = write(file, cursor, count);
        if (written < 0) {
            if (errno == EINTR) continue;
            int error = errno;
            close(file);
            return error;
        }
        cursor += written;
        count -= (size_t)written;
    }
    return close(file) == 0 ? 0 : errno;
}

int klynge_make_folder(const char *path, unsigned mode) {
    if (mkdir(path, (mode_t)mode) == 0) return 0;
    if (errno != EEXIST) return errno;
    /* An existing entry is fine only when it is a real folder, never a link to one. */
    struct stat info;
    if (lstat(path, &info) != 0) return errno;
    return S_ISDIR(info.st_mode) ? 0 : EEXIST;
}

int klynge_sync_filesystem(const char *path) {
    int folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder < 0) return errno;
    int result = syncfs(folder) == 0 ? 0 : errno;
    close(folder);
    return result;
}

static int is_token_byte(unsigned char byte) {
    return (byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z');
}

long klynge_next_token(const unsigned char *bytes, size_t count, size_t *position,
                       size_t shortest, size_t longest, int digits_only, size_t *length) {
    size_t index = *position;
    while (index < count) {
        while (index < count && !is_token_byte(bytes[index])) index++;
        size_t start = index;
        int digits = 1;
        while (index < count && is_token_byte(bytes[index])) {
            if (bytes[index] > '9') digits = 0;
            index++;
        }
        size_t run = index - start;
        if (run >= shortest && run <= longest && run > 0 && (digits || !digits_only)) {
            *position = index;
            *length = run;
            return (long)start;
        }
    }
    *position = count;
    return -1;
}

static int is_digit_byte(unsigned char byte) { return byte >= '0' && byte <= '9'; }

long klynge_next_token_skipping(const unsigned char *bytes, size_t count, size_t *position,
                                size_t shortest, size_t longest, int digits_only, size_t *length) {
    /* No token starts before the caller's position, as in klynge_next_token. */
    size_t floor = *position;
    size_t index = *position;
    size_t reach = shortest > 0 ? shortest : 1;
    while (index + reach <= count) {
        /* A candidate starting in [index, probe] is at least `reach` long, so it holds
           the probe: when the probe cannot be part of one, none starts there. */
        size_t probe = index + reach - 1;
        unsigned char byte = bytes[probe];
        if (!(digits_only ? is_digit_byte(byte) : is_token_byte(byte))) {
            index = probe + 1;
            continue;
        }
        size_t start = probe;
        while (start > floor && is_token_byte(bytes[start - 1])) start--;
        int digits = 1;
        size_t end = start;
        while (end < count && is_token_byte(bytes[end])) {
            if (bytes[end] > '9') digits = 0;
            end++;
        }
        size_t run = end - start;
        if (run >= shortest && run <= longest && run > 0 && (digits || !digits_only)) {
            *position = end;
            *length = run;
            return (long)start;
        }
        index = end;
    }
    *position = count;
    return -1;
}
