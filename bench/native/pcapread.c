/*
 * The reference "limit" for bench/run: reads a capture file through libpcap (pcap_open_offline +
 * pcap_next_ex, no decoding, no output) and prints the packet and byte counts. This is what any
 * libpcap-based reader pays at least; tcpdump -r FILE -w /dev/null does the same plus writing.
 *
 * Build: cc -O2 -o pcapread pcapread.c -lpcap
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv) {
    char err[PCAP_ERRBUF_SIZE];
    if (argc != 2) {
        fprintf(stderr, "usage: pcapread FILE\n");
        return 2;
    }
    pcap_t *p = pcap_open_offline(argv[1], err);
    if (p == NULL) {
        fprintf(stderr, "pcapread: %s\n", err);
        return 1;
    }
    struct pcap_pkthdr *h;
    const u_char *data;
    unsigned long long packets = 0, bytes = 0, checksum = 0;
    int r;
    while ((r = pcap_next_ex(p, &h, &data)) == 1) {
        packets++;
        bytes += h->len;
        if (h->caplen > 0) {
            checksum += data[h->caplen - 1]; /* touch the data so the read is real */
        }
    }
    if (r == PCAP_ERROR) {
        fprintf(stderr, "pcapread: %s\n", pcap_geterr(p));
        return 1;
    }
    printf("pcapread: %llu packets, %llu bytes (touch %llu)\n", packets, bytes, checksum);
    pcap_close(p);
    return 0;
}
