/* The floor for bench/extension_round_trip.py: a native-messaging host that does nothing
   but send each frame straight back. Chromium frames a message as a 4-byte length in the
   machine's byte order, then that many bytes of JSON; the reply is the request itself,
   so it carries the request's id and the background resolves it like a real answer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    uint32_t length;
    char *body = NULL;
    size_t room = 0;
    while (fread(&length, sizeof length, 1, stdin) == 1) {
        if (length > room) {
            room = length;
            if (!(body = realloc(body, room))) return 1;
        }
        if (length && fread(body, 1, length, stdin) != length) return 1;
        fwrite(&length, sizeof length, 1, stdout);
        fwrite(body, 1, length, stdout);
        fflush(stdout); /* one reply per request, sent now */
    }
    free(body);
    return 0;
}
