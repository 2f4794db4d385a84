/* sig.c: see sig.h. One handler for the three signals an operator stops a program with. The state is per
 * process by nature (a signal disposition is): three counters, the last signal, the pipe, and the dispositions
 * found before ours (restored by tim_sig_unwatch). */
#include "sig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t counts[3];
static volatile sig_atomic_t last;
static int pipe_fds[2] = { -1, -1 };
static struct sigaction saved[3];
static int watching[3];

static int slot_of(int signum)
{
    switch (signum) {
    case SIGINT:
        return 0;
    case SIGTERM:
        return 1;
    case SIGHUP:
        return 2;
    default:
        return -1;
    }
}

static void on_signal(int signum)
{
    int saved_errno = errno;      /* write() may change it under the code the signal interrupted */
    int slot = slot_of(signum);
    if (slot >= 0) {
        counts[slot] = counts[slot] + 1;
        last = signum;
    }
    if (pipe_fds[1] >= 0) {
        ssize_t rc = write(pipe_fds[1], "!", 1);   /* a full pipe already wakes a poll: nothing to add */
        (void)rc;
    }
    errno = saved_errno;
}

static int open_pipe(void)
{
    int i;
    if (pipe_fds[0] >= 0)
        return 0;
    if (pipe(pipe_fds) != 0)
        return -1;
    for (i = 0; i < 2; i++) {
        int fl = fcntl(pipe_fds[i], F_GETFL);
        if (fl < 0 || fcntl(pipe_fds[i], F_SETFL, fl | O_NONBLOCK) != 0
            || fcntl(pipe_fds[i], F_SETFD, FD_CLOEXEC) != 0) {
            int e = errno;
            close(pipe_fds[0]);
            close(pipe_fds[1]);
            pipe_fds[0] = pipe_fds[1] = -1;
            errno = e;
            return -1;
        }
    }
    return 0;
}

int tim_sig_watch(int signum)
{
    struct sigaction sa;
    int slot = slot_of(signum);
    if (slot < 0) {
        errno = EINVAL;
        return -1;
    }
    if (watching[slot])
        return 0;
    if (open_pipe() != 0)
        return -1;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;              /* no SA_RESTART: a blocking wait returns EINTR and its caller looks */
    if (sigaction(signum, &sa, &saved[slot]) != 0)
        return -1;
    watching[slot] = 1;
    return 0;
}

int tim_sig_unwatch(int signum)
{
    int slot = slot_of(signum);
    if (slot < 0) {
        errno = EINVAL;
        return -1;
    }
    if (!watching[slot])
        return 0;
    if (sigaction(signum, &saved[slot], NULL) != 0)
        return -1;
    watching[slot] = 0;
    return 0;
}

unsigned long tim_sig_count(int signum)
{
    int slot = slot_of(signum);
    return slot < 0 ? 0 : (unsigned long)counts[slot];
}

int tim_sig_last(void)
{
    return (int)last;
}

void tim_sig_drain(void)
{
    char buf[64];
    if (pipe_fds[0] < 0)
        return;
    while (read(pipe_fds[0], buf, sizeof(buf)) > 0) {
    }
}

void tim_sig_clear(void)
{
    counts[0] = counts[1] = counts[2] = 0;
    last = 0;
    tim_sig_drain();
}

int tim_sig_fd(void)
{
    return pipe_fds[0];
}
