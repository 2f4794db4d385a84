/* test_http.h: the HTTP header-block parser's unit test, run by test_core's main with its TAP check(). */
#ifndef TIM_TEST_HTTP_H
#define TIM_TEST_HTTP_H

void test_http(void (*check)(int, const char *));

#endif
