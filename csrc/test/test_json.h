/* test_json.h: the JSON parser's unit test, run by test_core's main with its TAP check(). */
#ifndef TIM_TEST_JSON_H
#define TIM_TEST_JSON_H

void test_json(void (*check)(int, const char *));

#endif
