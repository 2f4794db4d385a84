/* fdio.c: time-limited recv, sendmsg and an idle check on a socket descriptor (see fdio.h). */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE     /* ppoll: a wait to the nanosecond, not poll()'s milliseconds rounded up */
#endif
#include "fdio.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

double tim_fd_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
#define now_mono tim_fd_now

/* Waits until fd is ready for `events` or the monotonic clock reaches `end`: 1 ready (or an error condition the
 * next call will report), 0 the time passed, -1 poll failed. Restarts after a signal with the time that is left. */
static int wait_until(int fd, short events, double end)
{
    for (;;) {
        struct pollfd p;
        double left = end - now_mono();
        int ms, rc;
        if (left <= 0) {
            return 0;
        }
        /* rounded up, so that a wait never ends before the limit; capped far below INT_MAX */
        ms = left > 2e6 ? 2000000000 : (int)(left * 1000.0) + 1;
        p.fd = fd;
        p.events = events;
        p.revents = 0;
        rc = poll(&p, 1, ms);
        if (rc > 0) {
            return 1;
        }
        if (rc < 0 && errno != EINTR) {
            return -1;
        }
    }
}

long tim_fd_recv(int fd, char *buf, size_t max, double timeout)
{
    double end = now_mono() + timeout;
    for (;;) {
        ssize_t n = recv(fd, buf, max, MSG_DONTWAIT);
        int rc;
        if (n > 0) {
            return (long)n;
        }
        if (n == 0) {
            return TIM_FD_CLOSED;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            return TIM_FD_ERROR;
        }
        rc = wait_until(fd, POLLIN, end);
        if (rc == 0) {
            return TIM_FD_TIMEOUT;
        }
        if (rc < 0) {
            return TIM_FD_ERROR;
        }
    }
}

int tim_fd_sendv(int fd, struct iovec *iov, int iovcnt, double timeout, size_t *sent)
{
    double end = now_mono() + timeout;
    *sent = 0;
    for (;;) {
        struct msghdr m;
        ssize_t n;
        int rc;
        while (iovcnt > 0 && iov[0].iov_len == 0) {
            iov++;
            iovcnt--;
        }
        if (iovcnt == 0) {
            return 0;
        }
        memset(&m, 0, sizeof m);
        m.msg_iov = iov;
        m.msg_iovlen = (size_t)iovcnt;
        n = sendmsg(fd, &m, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            size_t left = (size_t)n;
            *sent += left;
            while (iovcnt > 0 && left >= iov[0].iov_len) {
                left -= iov[0].iov_len;
                iov++;
                iovcnt--;
            }
            if (left > 0) {     /* a part of iov[0] left */
                iov[0].iov_base = (char *)iov[0].iov_base + left;
                iov[0].iov_len -= left;
            }
            continue;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EPIPE) {
                return TIM_FD_CLOSED;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                return TIM_FD_ERROR;
            }
        }
        rc = wait_until(fd, POLLOUT, end);
        if (rc == 0) {
            return TIM_FD_TIMEOUT;
        }
        if (rc < 0) {
            return TIM_FD_ERROR;
        }
    }
}

int tim_fd_idle(int fd)
{
    for (;;) {
        char c;
        ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n > 0) {
            return 0;
        }
        if (n == 0) {
            return TIM_FD_CLOSED;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return 1;
        }
        return TIM_FD_ERROR;
    }
}

int tim_fd_poll(struct pollfd *p, size_t n, double timeout)
{
#if defined(__linux__)
    /* to the nanosecond: a frame's loop:step(0.002) then waits 2 ms, not 3 (poll() rounds to whole milliseconds,
     * up, so that a wait never ends early) */
    struct timespec ts;
    int rc;
    if (timeout <= 0) {
        ts.tv_sec = 0;
        ts.tv_nsec = 0;
    } else {
        if (timeout > 2e6)
            timeout = 2e6;
        ts.tv_sec = (time_t)timeout;
        ts.tv_nsec = (long)((timeout - (double)ts.tv_sec) * 1e9);
        if (ts.tv_nsec >= 1000000000L)
            ts.tv_nsec = 999999999L;
    }
    rc = ppoll(p, (nfds_t)n, &ts, NULL);
#else
    /* rounded up, so that a wait never ends before its time; capped far below INT_MAX */
    int ms = timeout <= 0 ? 0 : timeout > 2e6 ? 2000000000 : (int)(timeout * 1000.0) + 1;
    int rc = poll(p, (nfds_t)n, ms);
#endif
    if (rc < 0) {
        return errno == EINTR ? 0 : TIM_FD_ERROR;
    }
    return rc;
}

const char *tim_fd_strerror(int err)
{
    switch (err) {
    case ECONNRESET:
    case ECONNABORTED:
    case EPIPE:
        return "closed";
    case ETIMEDOUT:
        return "timeout";
    case ECONNREFUSED:
        return "connection refused";
    default:
        return strerror(err);
    }
}
