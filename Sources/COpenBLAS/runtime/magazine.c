// Per-thread magazines of free tensor buffers, in front of TensorMemory's shared free lists (the
// idea of tcmalloc's thread caches and jemalloc's tcache). With data-parallel slices both threads
// allocate the same size classes all the time, and through one lock the lists' heads would move
// between the cores on every allocation (docs/PERFORMANCE.md, "Design measurements"). A magazine is allocated on a thread's first use; when the thread exits, its buffers are
// freed and their bytes reported to TensorMemory's count (`tf_magazine_take_exited_bytes`).
#include "COpenBLAS.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define TF_MAGAZINE_CLASSES 160  // size-class slots 0..<160: buffers up to 2^40 bytes
#define TF_MAGAZINE_SLOTS 64     // buffers kept per class: a training step frees dozens of one class at once

typedef struct {
    void *slots[TF_MAGAZINE_CLASSES][TF_MAGAZINE_SLOTS];
    unsigned char counts[TF_MAGAZINE_CLASSES];
    long long class_bytes[TF_MAGAZINE_CLASSES];  // the size of slot i's buffers, as given to put
    long long bytes;                             // bytes of all buffers held
    unsigned long drains_seen;
} tf_magazine;

static __thread tf_magazine *mine = NULL;
static _Atomic unsigned long drains_requested = 0;
static _Atomic long long exited_bytes = 0;  // bytes freed from exited threads' magazines
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

/// A thread's exit: its buffers go back to the system.
static void free_magazine(void *pointer) {
    tf_magazine *magazine = pointer;
    mine = NULL;  // a tensor freed by a later destructor of this thread starts a new magazine
    for (int i = 0; i < TF_MAGAZINE_CLASSES; i++)
        for (int j = 0; j < magazine->counts[i]; j++) free(magazine->slots[i][j]);
    atomic_fetch_add(&exited_bytes, magazine->bytes);
    free(magazine);
}

static void make_exit_key(void) { pthread_key_create(&exit_key, free_magazine); }

long long tf_magazine_take_exited_bytes(void) { return atomic_exchange(&exited_bytes, 0); }

void *tf_magazine_take(int index) {
    if (!mine || index < 0 || index >= TF_MAGAZINE_CLASSES || mine->counts[index] == 0) return NULL;
    mine->bytes -= mine->class_bytes[index];
    return mine->slots[index][--mine->counts[index]];
}

int tf_magazine_put(int index, void *buffer, long long bytes) {
    if (index < 0 || index >= TF_MAGAZINE_CLASSES) return 0;
    if (!mine) {
        pthread_once(&exit_key_once, make_exit_key);
        tf_magazine *magazine = calloc(1, sizeof *magazine);
        if (!magazine || pthread_setspecific(exit_key, magazine) != 0) {
            free(magazine);
            return 0;
        }
        magazine->drains_seen = atomic_load(&drains_requested);
        mine = magazine;
    }
    if (mine->counts[index] == TF_MAGAZINE_SLOTS) return 0;
    mine->slots[index][mine->counts[index]++] = buffer;
    mine->class_bytes[index] = bytes;
    mine->bytes += bytes;
    return 1;
}

void tf_magazine_request_drain(void) { atomic_fetch_add(&drains_requested, 1); }

int tf_magazine_drain_requested(void) {
    return mine && mine->drains_seen != atomic_load_explicit(&drains_requested, memory_order_relaxed);
}

void *tf_magazine_pop_any(int *index) {
    if (!mine) return NULL;
    mine->drains_seen = atomic_load(&drains_requested);
    for (int i = 0; i < TF_MAGAZINE_CLASSES; i++) {
        if (mine->counts[i] > 0) {
            *index = i;
            mine->bytes -= mine->class_bytes[i];
            return mine->slots[i][--mine->counts[i]];
        }
    }
    return NULL;
}
