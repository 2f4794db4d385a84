/* json_enc.h: a JSON text writer, the encoding half of json.h. Pure C, no Lua: the caller walks its
 * own data and calls these functions in document order; the writer puts the separators, escapes
 * strings, formats numbers, counts nesting and grows one buffer (w->buf, w->len; not
 * NUL-terminated).
 *
 * The rules are tim.json's (docs/json.md), so that tim.core's encoder writes what the Lua encoder
 * writes, byte for byte:
 *   - strings: '"', '\\', and the control bytes 0x00-0x1F and 0x7F are escaped (\b \t \n \f \r, else
 *     \u00xx in lower case); '/' and every byte from 0x80 are written as they are (no UTF-8 check:
 *     the bytes are the caller's);
 *   - integers: every digit; a double that is integral: its full decimal expansion (%.0f), with
 *     ".0" from 2^63 in magnitude on, so that a strict decoder reads it back as the same double
 *     (-0.0 is "-0"); any other finite double: %.14g when that reads back the same, else %.17g;
 *     NaN and the infinities are refused;
 *   - a number used as an object key is written as that number in quotes;
 *   - at most max_depth (default 1100: deeper than anything the decoder accepts, so whatever was decoded
 *     encodes) arrays/objects open at once.
 * The writer checks nesting, not the grammar: the caller's walk gives a key before each member's
 * value and values only where they belong. The first failure is kept in w->status; every later
 * call does nothing and returns it. */
#ifndef TIM_JSON_ENC_H
#define TIM_JSON_ENC_H

#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

#include <stddef.h>
#include <stdint.h>
/* tim.json's limit: deeper than the decoder accepts (a deeper table is taken for a cycle) */
#define TIM_JW_MAX_DEPTH 1100u

typedef enum {
    TIM_JW_OK = 0,
    TIM_JW_ENOMEM,     /* not enough memory */
    TIM_JW_ENONFINITE, /* cannot encode NaN or infinity */
    TIM_JW_EDEPTH,     /* nesting deeper than 1100 (a cycle?) */
    TIM_JW_ESTATE      /* an end with no container open */
} tim_jw_status;

typedef struct {
    char *buf;           /* the text so far (malloc'd, grown by doubling) */
    size_t len, cap;
    unsigned depth;      /* containers open */
    unsigned max_depth;  /* 0: TIM_JW_MAX_DEPTH */
    int comma;           /* the next value or key at this level needs a ',' before it */
    tim_jw_status status;
} tim_jw;

/* A writer with no buffer yet (no allocation until the first write). */
void tim_jw_init(tim_jw *w);
/* Empties the text, keeps the buffer for the next one. */
void tim_jw_reset(tim_jw *w);
/* Frees the buffer; the writer is then as after tim_jw_init. */
void tim_jw_free(tim_jw *w);

tim_jw_status tim_jw_begin_array(tim_jw *w);
tim_jw_status tim_jw_end_array(tim_jw *w);
tim_jw_status tim_jw_begin_object(tim_jw *w);
tim_jw_status tim_jw_end_object(tim_jw *w);

/* An object member's name; the member's value comes next. */
tim_jw_status tim_jw_key(tim_jw *w, const char *s, size_t n);
tim_jw_status tim_jw_key_int(tim_jw *w, int64_t v);
tim_jw_status tim_jw_key_double(tim_jw *w, double d);

tim_jw_status tim_jw_string(tim_jw *w, const char *s, size_t n);
tim_jw_status tim_jw_int(tim_jw *w, int64_t v);
tim_jw_status tim_jw_double(tim_jw *w, double d);
tim_jw_status tim_jw_bool(tim_jw *w, int b);
tim_jw_status tim_jw_null(tim_jw *w);
/* A value the caller vouches for, written as it is ("[]", digits made elsewhere). */
tim_jw_status tim_jw_raw(tim_jw *w, const char *s, size_t n);

/* A place in the text to come back to: tim_jw_rewind forgets what was written after tim_jw_mark (a
 * caller that guessed a table's shape wrong). Only while no failure happened in between. */
typedef struct {
    size_t len;
    unsigned depth;
    int comma;
} tim_jw_pos;
void tim_jw_mark(const tim_jw *w, tim_jw_pos *pos);
void tim_jw_rewind(tim_jw *w, const tim_jw_pos *pos);

/* Whether a value is complete: every container closed, one value written, no failure. */
int tim_jw_done(const tim_jw *w);

/* Short English words for a status ("cannot encode NaN or infinity"); never NULL. */
const char *tim_jw_strerror(tim_jw_status status);

/* The text tim_jw_double writes for d into out (at least TIM_JW_NUMBER_MAX bytes, not
 * NUL-terminated); its length, or 0 when d is NaN or infinite. */
#define TIM_JW_NUMBER_MAX 352u /* "-" + 309 digits of DBL_MAX + ".0", with room to spare */
size_t tim_jw_format_double(double d, char *out);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif
