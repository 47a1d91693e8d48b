/*
 * bench/sdpu.pml -- S-DPU (models/sdpu.dpu) for SPIN, written for a state-count comparison
 * with dpucheck. Semantics: spec/semantics.md; algorithm: Wojciechowski & Ruetti §6, Fig. 5.
 *
 *   spin -DN=3 -DM=1 -a bench/sdpu.pml && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c && ./pan
 *
 * N stacks, M broadcast calls of the total-order service `cons` per stack, update ct -> mr
 * by S1-S4 over a total-order control channel. Each dpucheck step (a call, a delivery, a rule,
 * a handler) is one d_step here, so every step is one SPIN transition and no intermediate
 * state exists. The state components are dpucheck's (checker/explicit/layout.cpp), value for
 * value, so reachable states correspond one to one:
 *
 *   bct[s], bmr[s]     binding of ct / mr in stack s: 0 absent, 1 passive, 2 bound
 *   st[m*N+d]          copy of protocol message m at stack d: 0 unsent, 1 sent, 2 delivered
 *   tg[m*N+d]          module tagging that copy (0 while unsent, 1 ct, 2 mr; kept after delivery)
 *   calls[s]           calls made by stack s (message m = s*M + k is stack s's k-th call)
 *   rnk[m]             send rank of m among messages with an undelivered copy, dense 1..,
 *                      0 when none is undelivered (reading E2; dpucheck's normalize_ranks)
 *   started, got2, sent3, got3   the algorithm's per-stack variables
 *   strong             monitor of strong_update: some copy was delivered tagged mr
 *   olen, oseq, ocur   monitor of order(cons): the common delivery sequence (message + 1)
 *                      and each stack's position in it
 *   ccount, ckind, csnd, cmask   the total control channel `ctl`: a sequence of entries
 *                      (kind S1/S2/S3, sender, receivers that have not delivered it); an
 *                      entry goes when its receiver set is empty (spec/semantics.md §1, §3)
 *
 * Where this encoding necessarily differs from dpucheck:
 *  - Constant components are left out: udp's binding (always bound), the crashed flags (no
 *    faults), the unsent copies' tag (dpucheck stores 0 = udp). They change no state count.
 *  - SPIN adds process bookkeeping to every state: N processes (one per stack, so that
 *    partial-order reduction has processes to work with), each always at the head of its loop;
 *    constant, so it changes no state count, but it costs bytes per state.
 *  - Every value takes a byte (bool included); dpucheck bit-packs (2 bits per binding/status).
 *    Memory per state therefore differs by design; the SPIN state vector is printed by pan.
 *  - Terminal states: dpucheck checks deadlock (`end when`) and weak_update (S_S = S_D) on
 *    states without successors. Here process 0 has a `timeout` option that asserts both; it
 *    only runs in a terminal state and leads back to the same state, so it adds one transition
 *    (a matched state) per terminal state and no state.
 *  - Liveness (terminates, and part (i) of the update properties) is not checked here: the
 *    run is a safety run (-DSAFETY). dpucheck's default run also does its fair-cycle pass.
 *  - SPIN reports "transitions" as stored + matched states of its DFS, which with -DNOREDUCE
 *    is dpucheck's transition count plus one (the initial state) plus the timeout steps.
 *  - Partial-order reduction (pan without -DNOREDUCE) could explore fewer states, but every
 *    step here reads and writes global variables, so no transition is "safe" and it finds
 *    nothing to reduce: the reduced search has the same states.
 *  - The terminal-state `timeout` makes process 0's loop differ from the others'; SPIN's
 *    "invalid end state" check is moot (every process is always at its `end` label).
 *
 * Properties, as assertions at the step where dpucheck's monitor looks:
 *  - freedom(ct, mr): in S4, before mr is bound, every copy tagged ct is delivered (Lemma 1);
 *  - strong_update(ct, mr) (ii): a delivery tagged ct never follows one tagged mr;
 *  - order(cons): each delivery extends or matches the common delivery sequence.
 */

#ifndef N
#define N 3
#endif
#ifndef M
#define M 1
#endif

#define NMSG (N*M)          /* protocol messages: stack s's k-th call is message s*M + k */
#define CAP  (2*N+1)        /* ctl entries alive at once: at most N S2 + N S3 (+1 spare) */
#define ALL  ((1 << N) - 1) /* receiver set of a broadcast: every stack */

#if N < 1 || N > 4
#error "N must be 1..4 (receiver sets are bytes, guards are unrolled for up to 4 stacks)"
#endif
#if NMSG > 12
#error "N*M must be at most 12 (guards are unrolled for up to 12 messages)"
#endif

/* modules, bindings, copy status, control message kinds (dpucheck's numbering) */
#define CT 1
#define MR 2
#define ABSENT 0
#define PASSIVE 1
#define BOUND 2
#define UNSENT 0
#define SENT 1
#define DELIVERED 2
#define S1 0
#define S2 1
#define S3 2

byte bct[N] = BOUND;      /* every stack starts { udp bound; ct bound } */
byte bmr[N];
byte st[NMSG*N], tg[NMSG*N];
byte calls[N];
byte rnk[NMSG];
bool started[N], sent3[N];
byte got2[N], got3[N];
bool strong;
byte olen, oseq[NMSG], ocur[N];
byte ccount, ckind[CAP], csnd[CAP], cmask[CAP];

hidden byte i, j, r, k;     /* scratch of d_step bodies: not part of the state */
hidden byte ok;

/* ---- guards: expressions unrolled over messages / channel entries with the preprocessor */

#define PEND(o, d, a)     (st[(o)*N+(d)] == SENT && tg[(o)*N+(d)] == (a))
/* copy (o, d) tagged a is undelivered with a smaller send rank than message m */
#define BEFORE(o, m, d, a) (PEND(o, d, a) && rnk[o] < rnk[m])
/* (Idle) at d for module a: some copy to d tagged a is undelivered */
#define PENDT(o, m, d, a)  PEND(o, d, a)

#if NMSG > 1
#define U1(T, m, d, a) || T(1, m, d, a)
#else
#define U1(T, m, d, a)
#endif
#if NMSG > 2
#define U2(T, m, d, a) || T(2, m, d, a)
#else
#define U2(T, m, d, a)
#endif
#if NMSG > 3
#define U3(T, m, d, a) || T(3, m, d, a)
#else
#define U3(T, m, d, a)
#endif
#if NMSG > 4
#define U4(T, m, d, a) || T(4, m, d, a)
#else
#define U4(T, m, d, a)
#endif
#if NMSG > 5
#define U5(T, m, d, a) || T(5, m, d, a)
#else
#define U5(T, m, d, a)
#endif
#if NMSG > 6
#define U6(T, m, d, a) || T(6, m, d, a)
#else
#define U6(T, m, d, a)
#endif
#if NMSG > 7
#define U7(T, m, d, a) || T(7, m, d, a)
#else
#define U7(T, m, d, a)
#endif
#if NMSG > 8
#define U8(T, m, d, a) || T(8, m, d, a)
#else
#define U8(T, m, d, a)
#endif
#if NMSG > 9
#define U9(T, m, d, a) || T(9, m, d, a)
#else
#define U9(T, m, d, a)
#endif
#if NMSG > 10
#define U10(T, m, d, a) || T(10, m, d, a)
#else
#define U10(T, m, d, a)
#endif
#if NMSG > 11
#define U11(T, m, d, a) || T(11, m, d, a)
#else
#define U11(T, m, d, a)
#endif
/* T(o, m, d, a) for some message o */
#define SOME(T, m, d, a) (T(0, m, d, a) U1(T, m, d, a) U2(T, m, d, a) U3(T, m, d, a) \
  U4(T, m, d, a) U5(T, m, d, a) U6(T, m, d, a) U7(T, m, d, a) U8(T, m, d, a) \
  U9(T, m, d, a) U10(T, m, d, a) U11(T, m, d, a))

#define IDLE(d, a) (!SOME(PENDT, 0, d, a))

/* union of the receiver sets of all ctl entries (unused entries are 0) */
#if N == 1
#define ALLMASKS (cmask[0] | cmask[1] | cmask[2])
#elif N == 2
#define ALLMASKS (cmask[0] | cmask[1] | cmask[2] | cmask[3] | cmask[4])
#elif N == 3
#define ALLMASKS (cmask[0] | cmask[1] | cmask[2] | cmask[3] | cmask[4] | cmask[5] | cmask[6])
#else
#define ALLMASKS (cmask[0] | cmask[1] | cmask[2] | cmask[3] | cmask[4] | cmask[5] | cmask[6] \
  | cmask[7] | cmask[8])
#endif

/* terminal states: `end when` (mr bound and ct absent in every stack) and weak_update's
   S_S = S_D (no copy sent and undelivered) */
#define PANY(o, m, d, a) (st[(o)*N+(d)] == SENT)
#define DONE(d) (bmr[d] == BOUND && bct[d] == ABSENT && !SOME(PANY, 0, d, 0))
#if N == 1
#define TERMINAL_OK (DONE(0))
#elif N == 2
#define TERMINAL_OK (DONE(0) && DONE(1))
#elif N == 3
#define TERMINAL_OK (DONE(0) && DONE(1) && DONE(2))
#else
#define TERMINAL_OK (DONE(0) && DONE(1) && DONE(2) && DONE(3))
#endif

/* ---- step bodies */

/* append a ctl broadcast (kind, sender) addressed to every stack */
inline ctl_broadcast(kind, sender) {
  ckind[ccount] = kind; csnd[ccount] = sender; cmask[ccount] = ALL; ccount++
}

/* Comm, first half: stack s calls cons with its bound module (Sanity-2: at most one) */
inline call(s) {
  k = s*M + calls[s];
  r = 0;                                  /* messages with an undelivered copy */
  for (i : 0 .. NMSG-1) { if :: rnk[i] > 0 -> r++ :: else fi }
  rnk[k] = r + 1;
  calls[s]++;
  j = (bct[s] == BOUND -> CT : MR);
  for (i : 0 .. N-1) { st[k*N+i] = SENT; tg[k*N+i] = j }
  i = 0; j = 0; r = 0; k = 0
}

/* Comm, second half: [m]d.a for the copy (m, d) */
inline deliver(m, d) {
  st[m*N+d] = DELIVERED;
  /* strong_update (ii) */
  if
  :: tg[m*N+d] == CT -> assert(!strong)
  :: else -> strong = 1
  fi;
  /* order(cons): every stack's sequence is a prefix of one common sequence */
  if
  :: ocur[d] < olen -> assert(oseq[ocur[d]] == m + 1)
  :: else -> oseq[olen] = m + 1; olen++
  fi;
  ocur[d]++;
  /* send ranks: drop m's rank once all its copies are delivered, renumber densely */
  ok = false;
  for (i : 0 .. N-1) { if :: st[m*N+i] == SENT -> ok = true :: else fi }
  if
  :: !ok ->
     r = rnk[m]; rnk[m] = 0;
     for (i : 0 .. NMSG-1) { if :: rnk[i] > r -> rnk[i]-- :: else fi }
  :: else
  fi;
  i = 0; r = 0; ok = false
}

/* a ctl handler at stack p: consume p's first entry, run S2 / (got2) / S4 */
inline handle(p) {
  i = 0;
  do
  :: (cmask[i] >> p) & 1 -> break
  :: else -> i++
  od;
  k = ckind[i];
  cmask[i] = cmask[i] & ~(1 << p);
  if
  :: cmask[i] == 0 ->                     /* everybody has it: erase the entry */
     for (j : i .. ccount-2) { ckind[j] = ckind[j+1]; csnd[j] = csnd[j+1]; cmask[j] = cmask[j+1] };
     ccount--;
     ckind[ccount] = 0; csnd[ccount] = 0; cmask[ccount] = 0
  :: else
  fi;
  if
  :: k == S1 ->                           /* S2: passivate(a); add(b, passive); ABcast S2 */
     if :: bct[p] == BOUND -> bct[p] = PASSIVE :: else fi;
     bmr[p] = PASSIVE;
     ctl_broadcast(S2, p)
  :: k == S2 -> got2[p]++
  :: k == S3 ->                           /* S4 after S3 from all: remove(a); bind(b) */
     got3[p]++;
     if
     :: got3[p] == N ->
        /* freedom(ct, mr), Lemma 1: binding mr in place of ct needs ct free */
        for (j : 0 .. NMSG*N-1) { assert(!(st[j] == SENT && tg[j] == CT)) };
        bct[p] = ABSENT;
        bmr[p] = BOUND
     :: else
     fi
  fi;
  i = 0; j = 0; k = 0
}

/* ---- the transition system: one process per stack, each step one d_step */

#define DELIVER_OPT(m) \
  :: d_step { st[(m)*N+_pid] == SENT \
              && (tg[(m)*N+_pid] == CT -> bct[_pid] != ABSENT : bmr[_pid] != ABSENT) \
              && !SOME(BEFORE, m, _pid, tg[(m)*N+_pid]) -> deliver(m, _pid) }

active [N] proctype Stack() {
end:
  do
  /* Comm: a call with the bound cons module */
  :: d_step { calls[_pid] < M && (bct[_pid] == BOUND || bmr[_pid] == BOUND) -> call(_pid) }
  /* Comm: deliveries to this stack, one option per message; total order among a module's
     copies (E2); udp (net, required by ct and mr) is always bound */
  DELIVER_OPT(0)
#if NMSG > 1
  DELIVER_OPT(1)
#endif
#if NMSG > 2
  DELIVER_OPT(2)
#endif
#if NMSG > 3
  DELIVER_OPT(3)
#endif
#if NMSG > 4
  DELIVER_OPT(4)
#endif
#if NMSG > 5
  DELIVER_OPT(5)
#endif
#if NMSG > 6
  DELIVER_OPT(6)
#endif
#if NMSG > 7
  DELIVER_OPT(7)
#endif
#if NMSG > 8
  DELIVER_OPT(8)
#endif
#if NMSG > 9
  DELIVER_OPT(9)
#endif
#if NMSG > 10
  DELIVER_OPT(10)
#endif
#if NMSG > 11
  DELIVER_OPT(11)
#endif
  /* rule S1 at P[0]: !started && bound(a) && replaceable(a, b) (udp provides net) */
  :: d_step { _pid == 0 && !started[0] && bct[0] == BOUND ->
              started[0] = 1; ctl_broadcast(S1, 0) }
  /* handlers S1/S2/S3: the first ctl entry still addressed to this stack */
  :: d_step { (ALLMASKS >> _pid) & 1 -> handle(_pid) }
  /* rule S3: after S2 from all stacks, when ct is idle here */
  :: d_step { got2[_pid] == N && !sent3[_pid] && IDLE(_pid, CT) ->
              sent3[_pid] = 1; ctl_broadcast(S3, _pid) }
  /* terminal states (timeout: no other step enabled anywhere) */
  :: atomic { timeout && _pid == 0 -> assert(TERMINAL_OK) }
  od
}
