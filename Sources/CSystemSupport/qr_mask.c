/* libqrencode 4.1.1's choice of a QR code's mask (mask.c: Mask_mask, Mask_evaluateSymbol,
   Mask_calcN1N3, Mask_calcN2, Mask_writeFormatInformation), scored from bit masks.

   A line (row or column) of n <= 63 modules is a word, bit i dark. Its penalties:
   - N1: every run of five or more equal modules scores 3 + (length - 5).
   - N3: libqrencode looks for dark-light-dark-light-dark runs of f, f, 3f, f, f modules
     (each run exactly so long). It scores 40 when the light run before is at least 4f long
     or reaches the line's start, or else when the light run after is at least 4f long,
     reaches the line's end, or there is none (the pattern ends the line). With light
     modules assumed beyond both ends of the line, that is: 4f light modules just before the
     pattern, or 4f just after it.
   - N2 (rows only): 3 for every 2x2 block of equal modules.
   - N4 (whole symbol): 10 for every full 5 % by which the dark share, rounded to a whole
     per cent, is away from 50 %. */

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include "system_support.h"

/* The scores count the bits of many words. x86-64 CPUs count them in one instruction
   (popcnt), which the x86-64 baseline leaves out: the scoring is compiled twice and the
   loader picks the copy the CPU runs. */
#if defined(__x86_64__) && defined(__linux__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define COUNTING_BITS __attribute__((target_clones("popcnt", "default")))
#endif
#endif
#ifndef COUNTING_BITS
#define COUNTING_BITS
#endif
/* Inlined into both copies, so that they count with the copy's instructions. */
#define INLINE static inline __attribute__((always_inline))

/* Whether mask `mask` inverts the data module at column x, row y (mask.c's MASKMAKER). */
static int inverts(int mask, int x, int y) {
    switch (mask) {
    case 0: return ((x + y) & 1) == 0;
    case 1: return (y & 1) == 0;
    case 2: return x % 3 == 0;
    case 3: return (x + y) % 3 == 0;
    case 4: return (((y / 2) + (x / 3)) & 1) == 0;
    case 5: return (((x * y) & 1) + (x * y) % 3) == 0;
    case 6: return ((((x * y) & 1) + (x * y) % 3) & 1) == 0;
    default: return ((((x * y) % 3) + ((x + y) & 1)) & 1) == 0;
    }
}

/* The modules a mask inverts: bit x of mask_rows[mask][y], bit y of mask_columns[mask][x].
   Every mask repeats every 12 rows and every 12 columns. */
static uint64_t mask_rows[8][64];
static uint64_t mask_columns[8][64];
/* spread[b]: the eight bits of b as bit 0 of eight bytes, to write a row 8 modules at a time. */
static uint64_t spread[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void fill_tables(void) {
    for (int b = 0; b < 256; b++) {
        for (int i = 0; i < 8; i++) spread[b] |= (uint64_t)((b >> i) & 1) << (8 * i);
    }
    for (int mask = 0; mask < 8; mask++) {
        for (int line = 0; line < 64; line++) {
            if (line >= 12) {
                mask_rows[mask][line] = mask_rows[mask][line - 12];
                mask_columns[mask][line] = mask_columns[mask][line - 12];
                continue;
            }
            for (int i = 0; i < 64; i++) {
                mask_rows[mask][line] |= (uint64_t)inverts(mask, i, line) << i;
                mask_columns[mask][line] |= (uint64_t)inverts(mask, line, i) << i;
            }
        }
    }
}

/* Bits lo..hi-1, the ends clipped to the word. */
INLINE uint64_t bits(int lo, int hi) {
    if (lo < 0) lo = 0;
    if (hi > 64) hi = 64;
    if (lo >= hi) return 0;
    uint64_t below_hi = hi == 64 ? ~(uint64_t)0 : ((uint64_t)1 << hi) - 1;
    return below_hi & ~(((uint64_t)1 << lo) - 1);
}

INLINE int count(uint64_t word) { return __builtin_popcountll(word); }

/* N1 + N3 of a line of n modules (bits n and up clear); `five_range` is bits(4, n). */
INLINE int line_penalty(uint64_t line, int n, uint64_t five_range) {
    /* Bit i of `starts`: module i differs from module i - 1 (light before the line), so a
       run starts there; bit n: the last run is dark (it ends against the light beyond). */
    uint64_t starts = line ^ (line << 1);
    /* Bit i: no run starts at i or i + 1. */
    uint64_t same = ~starts & ~(starts >> 1);
    /* Bit i: modules i-4..i are equal, the end of five or more. A run of length L >= 5 has
       L - 4 of them; two more bits for it, just before the first, which are clear in `five`,
       make its L - 2. */
    uint64_t five = (same << 1) & (same << 3) & five_range;
    uint64_t first = five & ~(five << 1);
    int penalty = count(five | (first >> 1) | (first >> 2));

    /* f = 1: dark, light, three dark, light, dark, each run exactly so long, starting at s:
       runs start at s, s+1, s+2, s+5, s+6 and s+7, and at neither s+3 nor s+4. */
    uint64_t three_starts = starts & (starts >> 1) & (starts >> 2);
    uint64_t ones = line & three_starts & (three_starts >> 5) & (same >> 3);
    if (ones != 0) {
        uint64_t light_before = ~((line << 1) | (line << 2) | (line << 3) | (line << 4));
        uint64_t light_after = ~((line | (line >> 1) | (line >> 2) | (line >> 3)) >> 7);
        penalty += 40 * count(ones & (light_before | light_after));
    }

    /* Larger f need a dark run of 3f: `dark` marks where 3f dark modules start. */
    uint64_t three = line & (line >> 1) & (line >> 2);
    uint64_t dark = three & (three >> 3);
    for (int f = 2; dark != 0 && 7 * f <= n; f++) {
        /* Dark runs starting at s with run starts at s+f, s+2f, s+5f, s+6f and the light
           (or the line's end) at s+7f; exact when no other run starts in between. */
        uint64_t candidates = line & starts & (starts >> f) & (starts >> 2 * f) & (starts >> 5 * f)
                              & (starts >> 6 * f) & (starts >> 7 * f);
        while (candidates != 0) {
            int s = __builtin_ctzll(candidates);
            candidates &= candidates - 1;
            if (count(starts & bits(s + 1, s + 7 * f)) != 4) continue;
            if ((line & bits(s - 4 * f, s)) == 0 || (line & bits(s + 7 * f, s + 11 * f)) == 0) penalty += 40;
        }
        dark &= three >> (3 * f);
    }
    return penalty;
}

/* N2 between rows `above` and `row`: 2x2 blocks whose right column is x, in `block_range`
   (bits(1, n)). */
INLINE int block_penalty(uint64_t above, uint64_t row, uint64_t block_range) {
    uint64_t vertical = ~(above ^ row);
    uint64_t blocks = vertical & (vertical << 1) & ~(row ^ (row << 1)) & block_range;
    return 3 * count(blocks);
}

/* The 15 bits of format information for `level` (QRecLevel: L, M, Q, H) and `mask`: BCH(15,5)
   of the level's two bits and the mask, XOR 0x5412 (libqrencode's formatInfo table). */
static unsigned format_information(int level, int mask) {
    unsigned data = (((unsigned)level ^ 1) << 3) | (unsigned)mask;
    unsigned remainder = data << 10;
    for (int bit = 14; bit >= 10; bit--) {
        if (remainder & (1u << bit)) remainder ^= 0x537u << (bit - 10);
    }
    return ((data << 10) | remainder) ^ 0x5412;
}

/* Where Mask_writeFormatInformation puts the format bits: in row 8 (bit x) and in column 8
   (bit y). Format bit i goes to one place in each. */
static void format_places(unsigned format, int n, uint64_t *row8, uint64_t *column8) {
    uint64_t row = 0, column = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t bit = (format >> i) & 1;
        row |= bit << (n - 1 - i);
        column |= bit << (i < 6 ? i : i + 1);
    }
    for (int i = 0; i < 7; i++) {
        uint64_t bit = (format >> (8 + i)) & 1;
        column |= bit << (n - 7 + i);
        row |= bit << (i == 0 ? 7 : 6 - i);
    }
    *row8 = row;
    *column8 = column;
}

/* A symbol read into words, unmasked, with its format modules light. Rows and columns are
   64 words so that they can be transposed into each other. */
typedef struct {
    int n;
    uint64_t rows[64], row_data[64];
    uint64_t columns[64], column_data[64];
} Symbol;

/* Turns rows into columns: bit x of word y goes to bit y of word x. */
static void transpose(uint64_t words[64]) {
    uint64_t low = 0x00000000ffffffffULL;
    for (int j = 32; j != 0; j >>= 1, low ^= low << j) {
        for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
            uint64_t swapped = ((words[k] >> j) ^ words[k | j]) & low;
            words[k] ^= swapped << j;
            words[k | j] ^= swapped;
        }
    }
}

/* Eight bytes of a row (fewer at the symbol's end, the rest zero), byte i in bits 8i..8i+7:
   the words are read and written as little-endian, as every target of Klynge is. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "qr_mask.c reads bytes as little-endian words"
#endif
static uint64_t load(const unsigned char *bytes, int available) {
    uint64_t word = 0;
    if (available >= 8) {
        memcpy(&word, bytes, 8);
    } else {
        for (int i = 0; i < available; i++) word |= (uint64_t)bytes[i] << (8 * i);
    }
    return word;
}

/* Bit 0 of each of the eight bytes of `word`, as eight bits. */
static uint64_t gather(uint64_t word) {
    return ((word & 0x0101010101010101ULL) * 0x0102040810204080ULL) >> 56;
}

/* Reads `bytes` (bit 0 dark, bit 7 a function module) and takes mask `mask` off it. */
static void read_symbol(Symbol *symbol, int n, const unsigned char *bytes, int mask) {
    symbol->n = n;
    uint64_t inside = bits(0, n), row8, column8;
    const unsigned char *end = bytes + n * n;
    for (int y = 0; y < 64; y++) {
        uint64_t row = 0, data = 0;
        for (int x = 0; y < n && x < n; x += 8) {
            const unsigned char *p = bytes + y * n + x;
            uint64_t word = load(p, (int)(end - p));
            row |= gather(word) << x;
            data |= gather(~word >> 7) << x;
        }
        symbol->rows[y] = symbol->columns[y] = row & inside;
        symbol->row_data[y] = symbol->column_data[y] = data & inside;
    }
    transpose(symbol->columns);
    transpose(symbol->column_data);
    format_places(0x7fff, n, &row8, &column8);
    for (int i = 0; i < n; i++) {
        symbol->rows[i] ^= symbol->row_data[i] & mask_rows[mask][i];
        symbol->columns[i] ^= symbol->column_data[i] & mask_columns[mask][i];
        symbol->rows[i] &= ~(((column8 >> i) & 1) << 8);
        symbol->columns[i] &= ~(((row8 >> i) & 1) << 8);
    }
    symbol->rows[8] &= ~row8;
    symbol->columns[8] &= ~column8;
}

/* Row y of the symbol under mask `mask`, with its format information. */
INLINE uint64_t masked_row(const Symbol *symbol, int mask, int y, uint64_t row8, uint64_t column8) {
    uint64_t row = symbol->rows[y] ^ (symbol->row_data[y] & mask_rows[mask][y]);
    return row | (((column8 >> y) & 1) << 8) | (y == 8 ? row8 : 0);
}

INLINE uint64_t masked_column(const Symbol *symbol, int mask, int x, uint64_t row8, uint64_t column8) {
    uint64_t column = symbol->columns[x] ^ (symbol->column_data[x] & mask_columns[mask][x]);
    return column | (((row8 >> x) & 1) << 8) | (x == 8 ? column8 : 0);
}

/* Mask_mask's score of mask `mask`. */
COUNTING_BITS static int score(const Symbol *symbol, int mask, int level) {
    int n = symbol->n;
    uint64_t row8, column8;
    format_places(format_information(level, mask), n, &row8, &column8);
    uint64_t five_range = bits(4, n), block_range = bits(1, n);
    int penalty = 0, dark = 0;
    uint64_t above = 0;
    for (int y = 0; y < n; y++) {
        uint64_t row = masked_row(symbol, mask, y, row8, column8);
        dark += count(row);
        penalty += line_penalty(row, n, five_range);
        if (y > 0) penalty += block_penalty(above, row, block_range);
        above = row;
    }
    for (int x = 0; x < n; x++) penalty += line_penalty(masked_column(symbol, mask, x, row8, column8), n, five_range);
    int area = n * n;
    int percent = (200 * dark + area) / area / 2;
    int away = percent > 50 ? percent - 50 : 50 - percent;
    return penalty + away / 5 * 10;
}

COUNTING_BITS int klynge_qr_evaluate(int width, const unsigned char *frame) {
    if (width < 1 || width > KLYNGE_QR_WIDTH_MAX) return -1;
    uint64_t five_range = bits(4, width), block_range = bits(1, width);
    int penalty = 0;
    uint64_t above = 0, columns[KLYNGE_QR_WIDTH_MAX] = {0};
    for (int y = 0; y < width; y++) {
        uint64_t row = 0;
        for (int x = 0; x < width; x++) {
            uint64_t dark = frame[y * width + x] & 1;
            row |= dark << x;
            columns[x] |= dark << y;
        }
        penalty += line_penalty(row, width, five_range);
        if (y > 0) penalty += block_penalty(above, row, block_range);
        above = row;
    }
    for (int x = 0; x < width; x++) penalty += line_penalty(columns[x], width, five_range);
    return penalty;
}

int klynge_qr_penalties(int width, const unsigned char *symbol, int level, int penalties[8]) {
    if (width < 1 || width > KLYNGE_QR_WIDTH_MAX) return -1;
    pthread_once(&tables_once, fill_tables);
    Symbol unmasked;
    read_symbol(&unmasked, width, symbol, 0);
    for (int mask = 0; mask < 8; mask++) penalties[mask] = score(&unmasked, mask, level);
    return 0;
}

int klynge_qr_remask(int width, unsigned char *symbol, int level) {
    if (width < 1 || width > KLYNGE_QR_WIDTH_MAX) return -1;
    pthread_once(&tables_once, fill_tables);
    Symbol unmasked;
    read_symbol(&unmasked, width, symbol, 0);
    int best = 0, lowest = score(&unmasked, 0, level);
    for (int mask = 1; mask < 8; mask++) {
        int penalty = score(&unmasked, mask, level);
        if (penalty < lowest) { best = mask; lowest = penalty; }
    }
    if (best == 0) return 0;
    uint64_t row8, column8;
    format_places(format_information(level, best), width, &row8, &column8);
    unsigned char *end = symbol + width * width;
    for (int y = 0; y < width; y++) {
        uint64_t row = masked_row(&unmasked, best, y, row8, column8);
        for (int x = 0; x < width; x += 8) {
            unsigned char *p = symbol + y * width + x;
            int length = end - p < 8 ? (int)(end - p) : 8;
            unsigned in_row = (1u << (width - x < 8 ? width - x : 8)) - 1;
            /* Bit 0 of this row's bytes replaced; the next row's bytes written back as they were. */
            uint64_t word = (load(p, length) & ~spread[in_row]) | spread[(row >> x) & in_row];
            if (length == 8) {
                memcpy(p, &word, 8);
            } else {
                for (int i = 0; i < length; i++) p[i] = (unsigned char)(word >> (8 * i));
            }
        }
    }
    return best;
}
