#include <string.h>
#include <zlib.h>
#include "deflate_part.h"

size_t klynge_deflate_part_bound(size_t count) {
    /* compressBound covers a zlib stream of these bytes, header and check value
       included; a raw stream is shorter. */
    return (size_t)compressBound((uLong)count) + 16;
}

long klynge_deflate_part(const unsigned char *bytes, size_t count, unsigned char *out, size_t capacity, uint32_t *crc) {
    if (count > 0xFFFFFFFFu || capacity > 0xFFFFFFFFu) return -1;
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    stream.next_in = (Bytef *)bytes;
    stream.avail_in = (uInt)count;
    stream.next_out = out;
    stream.avail_out = (uInt)capacity;
    int result = deflate(&stream, Z_FINISH);
    long written = result == Z_STREAM_END ? (long)stream.total_out : -1;
    deflateEnd(&stream);
    *crc = (uint32_t)crc32(0L, bytes, (uInt)count);
    return written;
}
