/*
 * The trivial live receiver of bench/live-rate: captures on an interface through libpcap with the settings of
 * Linewatch's LiveSource (snaplen 262144, promiscuous, 100 ms timeout, 64 MiB kernel buffer, non-blocking reads),
 * touches each packet and counts it, nothing else. Run against a sender it measures the sender's own top rate
 * (what the veth pair and the kernel deliver when the reader costs nothing) and libpcap's drop counter for a
 * reader that does no work.
 *
 *   pcapcount IFACE [BUFFER_BYTES]
 *
 * Prints "pcapcount: listening on IFACE" on stderr once the handle is active. On SIGTERM or SIGINT it reads
 * what the kernel still holds, then prints one JSON line on stdout: packets read, libpcap's received, dropped
 * and interface-dropped counters (pcap_stats).
 *
 * Build: cc -O2 -o pcapcount pcapcount.c -lpcap
 */
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static volatile sig_atomic_t stopped;

static void stop(int sig) {
    (void) sig;
    stopped = 1;
}

struct counts {
    unsigned long long packets, bytes, touch;
};

static void count(u_char *user, const struct pcap_pkthdr *h, const u_char *data) {
    struct counts *c = (struct counts *) user;
    c->packets++;
    c->bytes += h->len;
    if (h->caplen > 0) {
        c->touch += data[h->caplen - 1]; /* touch the data so the read is real */
    }
}

int main(int argc, char **argv) {
    char err[PCAP_ERRBUF_SIZE];
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: pcapcount IFACE [BUFFER_BYTES]\n");
        return 2;
    }
    int buffer = argc == 3 ? atoi(argv[2]) : 64 * 1024 * 1024;
    pcap_t *p = pcap_create(argv[1], err);
    if (p == NULL) {
        fprintf(stderr, "pcapcount: %s\n", err);
        return 1;
    }
    pcap_set_snaplen(p, 262144);
    pcap_set_promisc(p, 1);
    pcap_set_timeout(p, 100);
    pcap_set_buffer_size(p, buffer);
    if (pcap_activate(p) < 0 || pcap_setnonblock(p, 1, err) < 0) {
        fprintf(stderr, "pcapcount: %s: %s\n", argv[1], pcap_geterr(p));
        return 1;
    }
    struct sigaction sa = {0};
    sa.sa_handler = stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    fprintf(stderr, "pcapcount: listening on %s\n", argv[1]);
    struct counts c = {0};
    struct pollfd pfd = {.fd = pcap_get_selectable_fd(p), .events = POLLIN};
    while (!stopped) {
        int n = pcap_dispatch(p, -1, count, (u_char *) &c);
        if (n < 0) {
            fprintf(stderr, "pcapcount: %s\n", pcap_geterr(p));
            return 1;
        }
        if (n == 0) {
            poll(&pfd, 1, 10);
        }
    }
    while (pcap_dispatch(p, -1, count, (u_char *) &c) > 0) {
        /* what the kernel held when the stop came */
    }
    struct pcap_stat s;
    if (pcap_stats(p, &s) < 0) {
        fprintf(stderr, "pcapcount: %s\n", pcap_geterr(p));
        return 1;
    }
    printf("{\"packets\": %llu, \"bytes\": %llu, \"received\": %u, \"dropped\": %u, \"interface_dropped\": %u}\n",
           c.packets, c.bytes, s.ps_recv, s.ps_drop, s.ps_ifdrop);
    pcap_close(p);
    return 0;
}
