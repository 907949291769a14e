#ifndef KLYNGE_DEFLATE_PART_H
#define KLYNGE_DEFLATE_PART_H

#include <stddef.h>
#include <stdint.h>

/// Room enough for `count` bytes deflated by `klynge_deflate_part`, whatever they are.
size_t klynge_deflate_part_bound(size_t count);

/// Deflates `count` bytes in one call as ZIPFoundation deflates a ZIP entry on Linux:
/// raw deflate (no zlib header), the default level, a 15-bit window, memory level 9,
/// the default strategy. Writes at most `capacity` bytes to `out` and returns how
/// many, or -1 on failure; `*crc` gets the bytes' CRC-32 (the ZIP entry's checksum).
long klynge_deflate_part(const unsigned char *bytes, size_t count, unsigned char *out, size_t capacity, uint32_t *crc);

#endif
