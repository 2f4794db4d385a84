/* fuzz_verify.c: libFuzzer target over tim_usersig_decode / tim_usersig_verify.
 * The first input byte picks the mode:
 *   even: the rest is a UserSig string, given to decode and verify as is;
 *   odd:  the rest is a JSON document, zlib-compressed (level from the byte) and UserSig-base64'd
 *         here first, so that the fuzzer reaches the JSON parser and the MAC/expiry checks directly.
 * Seeds: spec/support/fuzz_seeds.lua (from the shared vectors). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "codec.h"
#include "usersig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tim_ctx *ctx; /* one context for the whole run, as one per Lua state */

static void run(const char *sig, size_t sig_len)
{
    static const char key[] = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    tim_fields f;
    tim_verify_in in;
    int st;

    st = tim_usersig_decode(ctx, sig, sig_len, &f);
    if (st == TIM_OK) {
        /* touch every returned byte so that ASan checks the pointers */
        volatile unsigned sum = 0;
        size_t i;
        for (i = 0; i < f.identifier_len; i++)
            sum += (unsigned char)f.identifier[i];
        for (i = 0; i < f.sig_len; i++)
            sum += (unsigned char)f.sig[i];
        for (i = 0; f.has_userbuf && i < f.userbuf_len; i++)
            sum += f.userbuf[i];
        (void)sum;
    }
    memset(&in, 0, sizeof(in));
    in.sdkappid = 1400000000;
    in.key = (const unsigned char *)key;
    in.key_len = sizeof(key) - 1;
    in.identifier = (const unsigned char *)"xiaojun";
    in.identifier_len = 7;
    in.now = 1700000000;
    st = tim_usersig_verify(ctx, sig, sig_len, &in, &f);
    if (st < TIM_OK || st > TIM_ECRYPTO)
        abort();
    in.identifier = NULL;
    (void)tim_usersig_verify(ctx, sig, sig_len, &in, &f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ctx == NULL) {
        ctx = tim_ctx_new();
        if (ctx == NULL)
            abort();
    }
    if (size == 0)
        return 0;
    if ((data[0] & 1) == 0) {
        run((const char *)data + 1, size - 1);
    } else {
        uLongf z_len = compressBound((uLong)(size - 1));
        unsigned char *z = malloc(z_len);
        char *sig;
        if (z == NULL)
            return 0;
        if (compress2(z, &z_len, data + 1, (uLong)(size - 1), (data[0] >> 1) % 10) != Z_OK) {
            free(z);
            return 0;
        }
        sig = malloc(tim_b64_encoded_len(z_len) + 1);
        if (sig != NULL) {
            tim_b64_encode(z, z_len, sig, TIM_B64_SIG);
            run(sig, tim_b64_encoded_len(z_len));
        }
        free(sig);
        free(z);
    }
    return 0;
}
