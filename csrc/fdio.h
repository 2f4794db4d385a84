/* fdio.h: reading and writing a connected, non-blocking stream socket by its descriptor, within a time limit.
 * Pure C (POSIX), no Lua. tim.stream's descriptor driver calls it through tim.core for plain-TCP connections that
 * LuaSocket made: one recv per read (no buffer of LuaSocket's to drain with a second call), one sendmsg for all
 * the pieces of a request (no joined string), a peek to see whether an idle connection may carry a request. */
#ifndef TIM_FDIO_H
#define TIM_FDIO_H

#include <poll.h>
#include <stddef.h>
#include <sys/uio.h>

#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

enum {
    TIM_FD_TIMEOUT = -1,    /* the time limit passed */
    TIM_FD_CLOSED = -2,     /* the peer ended the stream (or the socket is closed) */
    TIM_FD_ERROR = -3       /* an error: errno says which */
};

/* Reads 1..max bytes into buf, waiting up to `timeout` seconds for the first one. Returns how many, or one of
 * the codes above. */
long tim_fd_recv(int fd, char *buf, size_t max, double timeout);

/* Sends iov[0..iovcnt) in order, waiting as needed, all within `timeout` seconds (a monotonic clock). *sent says
 * how many bytes left, also on failure. Returns 0 or one of the codes above. Never raises SIGPIPE. */
int tim_fd_sendv(int fd, struct iovec *iov, int iovcnt, double timeout, size_t *sent);

/* Without waiting: 1 when nothing is there to read (an idle connection that may carry a request), 0 when bytes
 * are waiting, TIM_FD_CLOSED at the end of the stream, TIM_FD_ERROR on an error. Reads nothing. */
int tim_fd_idle(int fd);

/* Waits up to `timeout` seconds (0: not at all) until one of p[0..n) is ready (poll(2): any descriptor number,
 * a negative one ignored, n = 0 a plain sleep). Returns how many are ready (0: the time passed or a signal came),
 * or TIM_FD_ERROR. p[i].revents says which; an error or a hang-up counts as ready (the next read reports it). */
int tim_fd_poll(struct pollfd *p, size_t n, double timeout);

/* Seconds on a monotonic clock (for time limits over several calls). */
double tim_fd_now(void);

/* The words of LuaSocket for an errno, so that both drivers report a failure alike. */
const char *tim_fd_strerror(int err);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif
