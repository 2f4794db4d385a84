/* bench/usersig_loop.c: the plain C baseline for bench/core.lua: the same library calls as the Lua
 * binding (tim_usersig_generate, tim_usersig_verify), on the same inputs, in a timed loop.
 *   usersig_loop <iterations> <vary|fixed> [zlib level, default 6]
 * vary: TLS.time changes on every call (every document differs); fixed: identical inputs on every
 * call (what a benchmark that reads the clock once a second sees). Prints process CPU time rates:
 *   generate <ops/s>
 *   verify <ops/s> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "usersig.h"

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    static const char key[] = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    static const char id[] = "administrator";
    long n = argc > 1 ? atol(argv[1]) : 100000;
    int vary = !(argc > 2 && strcmp(argv[2], "fixed") == 0);
    int level = argc > 3 ? atoi(argv[3]) : 6;
    tim_ctx *ctx = tim_ctx_new();
    tim_usersig_in in;
    tim_verify_in vin;
    tim_fields f;
    char *sig;
    const char *out = NULL;
    size_t out_len = 0, sig_len;
    double t0, t1, t2;
    long i;

    if (ctx == NULL || n <= 0)
        return 1;
    memset(&in, 0, sizeof(in));
    in.sdkappid = 1400000000;
    in.key = (const unsigned char *)key;
    in.key_len = sizeof(key) - 1;
    in.identifier = (const unsigned char *)id;
    in.identifier_len = sizeof(id) - 1;
    in.expire = 86400 * 180;

    t0 = cpu_seconds();
    for (i = 0; i < n; i++) {
        in.now = vary ? 1700000000 + i : 1700000000;
        if (tim_usersig_generate_level(ctx, &in, level, &out, &out_len) != TIM_OK)
            return 1;
    }
    t1 = cpu_seconds();

    sig = malloc(out_len);
    if (sig == NULL)
        return 1;
    memcpy(sig, out, out_len);
    sig_len = out_len;
    memset(&vin, 0, sizeof(vin));
    vin.sdkappid = in.sdkappid;
    vin.key = in.key;
    vin.key_len = in.key_len;
    vin.identifier = in.identifier;
    vin.identifier_len = in.identifier_len;
    vin.now = 1700000000;
    for (i = 0; i < n; i++) {
        if (tim_usersig_verify(ctx, sig, sig_len, &vin, &f) != TIM_OK)
            return 1;
    }
    t2 = cpu_seconds();

    printf("generate %.0f\nverify %.0f\n", (double)n / (t1 - t0), (double)n / (t2 - t1));
    free(sig);
    tim_ctx_free(ctx);
    return 0;
}
