/* json.h: a strict RFC 8259 JSON parser with an event interface. Pure C, no Lua, no allocation,
 * no recursion (an explicit stack of at most TIM_JSON_DEPTH_CAP levels), one pass over the text.
 *
 * What it accepts is exactly RFC 8259's grammar, plus these rules (docs/json.md has the table):
 *   - the text is at most opts.max_size bytes, nesting at most opts.max_depth levels;
 *   - only space, tab, LF and CR are whitespace; nothing but whitespace after the value;
 *   - strings are UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF); a raw
 *     byte below 0x20 in a string is an error; \u escapes of UTF-16 surrogates must form a pair;
 *   - numbers: the literal's exact value V decides, never a rounded one:
 *       V integral, in int64 (or, with opts.allow_uint64, in uint64)   -> TIM_JSON_INT / _UINT
 *       a literal without fraction or exponent, outside that range     -> error "integer out of range"
 *       V integral, outside that range, with a fraction or exponent    -> TIM_JSON_FLOAT when a double
 *                      holds V exactly, else error (inexact or, beyond DBL_MAX, "number out of range")
 *       V not integral                                                  -> TIM_JSON_FLOAT, the nearest
 *                      double (a value beyond DBL_MAX is the error "number out of range")
 *     so 2.0, 1e3 and -0.0 are integers (2, 1000, 0), 9007199254740993.0 is the integer
 *     9007199254740993, 1e20 a float, 1e23 and 1e400 errors; a literal is at most
 *     TIM_JSON_MAX_NUMBER_LEN (320) characters. Conversion does not depend on the C locale.
 *     With opts.any_number, a literal of the grammar that is an error above only for its value or length
 *     is a TIM_JSON_NUMBER event instead (for a reader that only needs some numbers exactly, and must
 *     accept any JSON text around them: the UserSig verifier).
 *
 * Events arrive in document order through one callback. A string's bytes are given as they stand
 * between the quotes (already validated); when ev->escaped is set, tim_json_unescape() gives the
 * decoded bytes. */
#ifndef TIM_JSON_H
#define TIM_JSON_H

#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

#include <stddef.h>
#include <stdint.h>

#define TIM_JSON_DEPTH_CAP 1000u           /* the most opts.max_depth can be (and its default) */
#define TIM_JSON_MAX_SIZE ((size_t)64 << 20) /* default opts.max_size: 64 MiB */
#define TIM_JSON_MAX_NUMBER_LEN 320u /* the exact decimal of -DBL_MAX with ".0" is 312 */

typedef enum {
    TIM_JSON_NULL = 1,
    TIM_JSON_FALSE,
    TIM_JSON_TRUE,
    TIM_JSON_INT,          /* ev->i */
    TIM_JSON_UINT,         /* ev->u, above INT64_MAX; only with opts.allow_uint64 */
    TIM_JSON_FLOAT,        /* ev->d */
    TIM_JSON_STRING,       /* ev->s, ev->n, ev->escaped */
    TIM_JSON_KEY,          /* an object member's name: ev->s, ev->n, ev->escaped */
    TIM_JSON_ARRAY_BEGIN,
    TIM_JSON_ARRAY_END,    /* ev->count elements */
    TIM_JSON_OBJECT_BEGIN,
    TIM_JSON_OBJECT_END,   /* ev->count members */
    TIM_JSON_NUMBER        /* a number none of the above holds; only with opts.any_number */
} tim_json_type;

/* Where a value (or a BEGIN/END) sits: at the top, in an array (ev->index, from 1), in an object
 * (after its TIM_JSON_KEY event). */
enum { TIM_JSON_IN_TOP = 0, TIM_JSON_IN_ARRAY = 1, TIM_JSON_IN_OBJECT = 2 };

typedef struct {
    tim_json_type type;
    int in;                /* TIM_JSON_IN_* of the enclosing container */
    int escaped;           /* strings and keys: the text holds a backslash escape */
    size_t index;          /* in an array: the element's position, from 1 */
    size_t pos;            /* byte offset of the token's first byte */
    size_t depth;          /* containers open around the token (a BEGIN/END counts its own) */
    size_t count;          /* ARRAY_END / OBJECT_END */
    const char *s;         /* STRING / KEY: raw bytes between the quotes; numbers: the literal */
    size_t n;
    int64_t i;
    uint64_t u;
    double d;
} tim_json_event;

/* Returns 0 to go on; anything else stops the parse with TIM_JSON_ECALLBACK at ev->pos. */
typedef int (*tim_json_cb)(void *ud, const tim_json_event *ev);

typedef struct {
    size_t max_size;       /* 0: TIM_JSON_MAX_SIZE */
    unsigned max_depth;    /* 0 or above TIM_JSON_DEPTH_CAP: TIM_JSON_DEPTH_CAP */
    int allow_uint64;      /* integers up to 2^64-1 as TIM_JSON_UINT (else above 2^63-1 is an error) */
    int any_number;        /* numbers out of range, inexact or too long as TIM_JSON_NUMBER, not errors */
} tim_json_opts;

typedef enum {
    TIM_JSON_OK = 0,
    TIM_JSON_EEND,         /* unexpected end of text */
    TIM_JSON_ECHAR,        /* unexpected character (no value starts here) */
    TIM_JSON_ELITERAL,     /* invalid literal (true/false/null misspelt) */
    TIM_JSON_ETRAILING,    /* characters after the value */
    TIM_JSON_EARRAY,       /* expected ',' or ']' */
    TIM_JSON_EOBJECT,      /* expected ',' or '}' */
    TIM_JSON_EKEY,         /* expected a string key */
    TIM_JSON_ECOLON,       /* expected ':' */
    TIM_JSON_ENUMBER,      /* invalid number */
    TIM_JSON_ENUMLEN,      /* number too long */
    TIM_JSON_EINTRANGE,    /* integer out of range */
    TIM_JSON_ERANGE,       /* number out of range (beyond DBL_MAX) */
    TIM_JSON_EINEXACT,     /* integral number not exactly representable */
    TIM_JSON_EUNTERMINATED,/* unterminated string (pos: its opening quote) */
    TIM_JSON_ECONTROL,     /* control character in string */
    TIM_JSON_EUTF8,        /* invalid UTF-8 in string */
    TIM_JSON_EESCAPE,      /* invalid escape */
    TIM_JSON_EUESCAPE,     /* invalid \u escape */
    TIM_JSON_ESURROGATE,   /* unpaired surrogate in \u escape */
    TIM_JSON_EDEPTH,       /* nesting too deep */
    TIM_JSON_ESIZE,        /* text too large (pos 0) */
    TIM_JSON_ECALLBACK     /* the callback stopped the parse */
} tim_json_status;

typedef struct {
    tim_json_status status;
    size_t pos;            /* byte offset (0-based) of the offending byte; the text's length at its end */
} tim_json_error;

/* Parses text[0..len) and sends every event to cb. opts may be NULL (the defaults); err may be NULL. */
tim_json_status tim_json_parse(const char *text, size_t len, const tim_json_opts *opts, tim_json_cb cb, void *ud,
                               tim_json_error *err);

/* Short English words for a status ("unexpected end of text"); never NULL. */
const char *tim_json_strerror(tim_json_status status);

/* Decodes the raw bytes of a string that tim_json_parse accepted (ev->s, ev->n) into out, which must
 * hold n bytes (the decoded form is never longer); returns the decoded length. */
size_t tim_json_unescape(const char *raw, size_t n, char *out);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif
