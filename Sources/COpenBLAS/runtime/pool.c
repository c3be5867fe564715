// A persistent pool of worker threads for splitting the small-matrix kernels over cores.
// Hand-off latency is what matters for tiny products: starting a thread per call (GCD) costs more
// than a whole attention-sized batched product (docs/PERFORMANCE.md, "Design measurements"), so
// idle workers spin briefly on an atomic generation counter and then sleep on a condition variable.
//
// Parts are claimed dynamically from a counter, by the caller as well as the workers, so the
// caller never waits for a worker that is asleep or descheduled by another process: it runs the
// unclaimed parts itself, and waits only for parts already in progress. Worst case = serial time.
#include "COpenBLAS.h"
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define TF_MAX_WORKERS 63
#define TF_SPIN_ITERATIONS 20000

/// One parallel region, on the caller's stack while it runs.
typedef struct {
    tf_task_fn fn;
    void *context;
    int parts;
    _Atomic int next_part;  // next unclaimed part
    _Atomic int unfinished; // parts not yet completed
} tf_region;

static pthread_once_t pool_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t run_lock = PTHREAD_MUTEX_INITIALIZER;  // one region at a time
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static _Atomic unsigned long generation = 0;
static _Atomic(tf_region *) current_region = NULL;
static _Atomic int workers_inside = 0;  // workers that may be touching current_region
static int sleepers = 0;
static int worker_count = 0;
// Set while this thread runs a part (pool or serial fallback alike), so that work nested in a part
// — a whole data-parallel replica's forward and backward — runs serially and the same way
// whichever thread runs it and whether or not the pool was free.
static __thread int inside_part = 0;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static inline void run_part(tf_task_fn fn, void *context, int part) {
    int outer = inside_part;
    inside_part = 1;
    fn(context, part);
    inside_part = outer;
}

/// Claims and runs parts of `region` until none are left.
static void work_on(tf_region *region) {
    int part;
    while ((part = atomic_fetch_add(&region->next_part, 1)) < region->parts) {
        run_part(region->fn, region->context, part);
        atomic_fetch_sub(&region->unfinished, 1);
    }
}

static void *worker_main(void *unused) {
    (void)unused;
    unsigned long seen = 0;
    for (;;) {
        unsigned long current;
        int spins = 0;
        while ((current = atomic_load(&generation)) == seen) {
            if (++spins < TF_SPIN_ITERATIONS) { cpu_relax(); continue; }
            pthread_mutex_lock(&sleep_lock);
            sleepers++;
            while ((current = atomic_load(&generation)) == seen) pthread_cond_wait(&wake, &sleep_lock);
            sleepers--;
            pthread_mutex_unlock(&sleep_lock);
            break;
        }
        seen = current;
        // Announce before looking, so the caller cannot retire the region under us (seq_cst
        // orders this increment against the caller's store of NULL and its check of the count).
        atomic_fetch_add(&workers_inside, 1);
        tf_region *region = atomic_load(&current_region);
        if (region) work_on(region);
        atomic_fetch_sub(&workers_inside, 1);
    }
    return NULL;
}

// TINYFORMER_NUM_THREADS: digits only, at least 1 (0: unset or ignored). The executables warn
// about an ignored value with the same rule (TinyformerCLI's ThreadEnvironment).
static long threads_from_environment(void) {
    const char *env = getenv("TINYFORMER_NUM_THREADS");
    if (!env || !*env) return 0;
    for (const char *c = env; *c; c++) if (*c < '0' || *c > '9') return 0;
    errno = 0;
    long value = strtol(env, NULL, 10);
    if (errno == ERANGE) value = LONG_MAX;
    return value >= 1 ? value : 0;
}

int tf_pool_max_threads(void) { return TF_MAX_WORKERS + 1; }

static void start_pool(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long requested = threads_from_environment();
    if (requested > 0) cores = requested;
    int wanted = (int)(cores > 1 ? cores - 1 : 0);
    if (wanted > TF_MAX_WORKERS) wanted = TF_MAX_WORKERS;
    for (int i = 0; i < wanted; i++) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, worker_main, NULL) != 0) break;
        pthread_detach(thread);
        worker_count++;
    }
}

int tf_pool_inside_part(void) { return inside_part; }

int tf_pool_size(void) {
    pthread_once(&pool_once, start_pool);
    return worker_count + 1;
}

void tf_parallel_run(int parts, tf_task_fn fn, void *context) {
    if (parts <= 0) return;
    pthread_once(&pool_once, start_pool);
    // Serial when there is nothing to split, no workers, or another region is running (a
    // concurrent caller or a nested call): correctness never depends on the pool.
    if (parts == 1 || worker_count == 0 || inside_part || pthread_mutex_trylock(&run_lock) != 0) {
        for (int i = 0; i < parts; i++) run_part(fn, context, i);
        return;
    }
    tf_region region = {.fn = fn, .context = context, .parts = parts};
    atomic_init(&region.next_part, 0);
    atomic_init(&region.unfinished, parts);
    atomic_store(&current_region, &region);
    atomic_fetch_add(&generation, 1);
    pthread_mutex_lock(&sleep_lock);
    if (sleepers > 0) pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);

    work_on(&region);
    while (atomic_load(&region.unfinished) > 0) cpu_relax();  // only parts already running
    atomic_store(&current_region, NULL);
    while (atomic_load(&workers_inside) > 0) cpu_relax();     // nobody still holds &region
    pthread_mutex_unlock(&run_lock);
}
