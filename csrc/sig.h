/* sig.h: stop requests from the operator (SIGINT, SIGTERM, SIGHUP), as a counter the program reads when it
 * chooses, and a descriptor that becomes readable when one comes (so a poll() wakes at once, whatever it was
 * waiting for). Pure C (POSIX), no Lua. The handler is async-signal-safe: it adds to a sig_atomic_t counter and
 * writes one byte to a non-blocking pipe, nothing else. */
#ifndef TIM_SIG_H
#define TIM_SIG_H

#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

/* Starts catching signum (SIGINT, SIGTERM or SIGHUP). Returns 0, or -1 with errno set (a signal it does not
 * take: EINVAL). Catching it again changes nothing. */
int tim_sig_watch(int signum);

/* Gives signum back to its default action (what it did before tim_sig_watch); its count is kept. */
int tim_sig_unwatch(int signum);

/* How many times signum came since the program started (or since tim_sig_clear). */
unsigned long tim_sig_count(int signum);

/* The signal that came last (0: none yet). */
int tim_sig_last(void);

/* Forgets the counts and empties the pipe. */
void tim_sig_clear(void);

/* The pipe's read end (readable after a signal; tim_sig_drain empties it), or -1 before the first watch. */
int tim_sig_fd(void);

/* Empties the pipe (so that the next poll() waits again). */
void tim_sig_drain(void);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif
