-- bench/sdpu.m -- S-DPU (models/sdpu.dpu) in Murphi for Rumur, written for a state-count
-- comparison with dpucheck. Semantics: spec/semantics.md; algorithm: Wojciechowski & Ruetti
-- §6, Fig. 5. bench/run.sh substitutes the two constants N and M below.
--
--   rumur --threads 1 --deadlock-detection stuck sdpu.m -o v.c && gcc -O2 v.c -lpthread && ./a.out
--
-- N stacks, M broadcast calls of the total-order service `cons` per stack, update ct -> mr
-- by S1-S4 over a total-order control channel. Each dpucheck step (a call, a delivery, a rule,
-- a handler) is one Murphi rule firing. The state components are dpucheck's
-- (checker/explicit/layout.cpp), value for value, so reachable states correspond one to one:
--
--   bct[s], bmr[s]     binding of ct / mr in stack s: 0 absent, 1 passive, 2 bound
--   st[m][d]           copy of protocol message m at stack d: 0 unsent, 1 sent, 2 delivered
--   tg[m][d]           module tagging that copy (0 while unsent, 1 ct, 2 mr; kept after delivery)
--   calls[s]           calls made by stack s (message m = s*M + k is stack s's k-th call)
--   rnk[m]             send rank of m among messages with an undelivered copy, dense 1..,
--                      0 when none is undelivered (reading E2; dpucheck's normalize_ranks)
--   started, got2, sent3, got3   the algorithm's per-stack variables
--   strong             monitor of strong_update: some copy was delivered tagged mr
--   olen, oseq, ocur   monitor of order(cons): the common delivery sequence (message + 1) and
--                      each stack's position in it
--   ccount, ckind, csnd, crcv    the total control channel `ctl`: a sequence of entries (kind
--                      S1/S2/S3, sender, receivers that have not delivered it); an entry goes
--                      when its receiver set is empty (spec/semantics.md §1, §3)
--
-- Where this encoding necessarily differs from dpucheck:
--  - Constant components are left out: udp's binding (always bound), the crashed flags (no
--    faults), the unsent copies' tag (dpucheck stores 0 = udp). They change no state count.
--  - The receiver set of a ctl entry is an array of booleans, not a bitmask (same information).
--  - Rumur reserves one value of every range for "undefined", so a 0..2 field takes 2 bits
--    as in dpucheck but a boolean takes 2 bits, not 1; memory per state differs by design.
--  - Terminal states: dpucheck checks deadlock (`end when`) and weak_update (S_S = S_D) on
--    states without successors. Here the verifier runs with --deadlock-detection stuck and
--    the rule "terminal" is a no-op enabled exactly in the terminal states dpucheck accepts
--    (update done everywhere, every call made and every copy delivered, ctl empty): a
--    terminal state it does not cover is reported as a deadlock. It adds one rule firing per
--    accepted terminal state and no state.
--  - Liveness (terminates, and part (i) of the update properties) is not checked here.
--  - Rumur counts "rules fired"; it is dpucheck's transition count plus the terminal rule's
--    firings.
--
-- Properties, as assertions at the step where dpucheck's monitor looks:
--  - freedom(ct, mr): in S4, before mr is bound, every copy tagged ct is delivered (Lemma 1);
--  - strong_update(ct, mr) (ii): a delivery tagged ct never follows one tagged mr;
--  - order(cons): each delivery extends or matches the common delivery sequence.

const
  N : 3;              -- stacks (bench/run.sh substitutes this line)
  M : 1;              -- calls per stack (bench/run.sh substitutes this line)
  NMSG : N * M;       -- protocol messages: stack s's k-th call is message s*M + k
  CAP : 2 * N + 1;    -- ctl entries alive at once: at most N S2 + N S3 (+1 spare)

  CT : 1; MR : 2;                          -- modules (udp is 0)
  ABSENT : 0; PASSIVE : 1; BOUND : 2;      -- bindings
  UNSENT : 0; SENT : 1; DELIVERED : 2;     -- copy status
  S1 : 0; S2 : 1; S3 : 2;                  -- control message kinds

type
  stack_t : 0 .. N - 1;
  msg_t : 0 .. NMSG - 1;
  slot_t : 0 .. CAP - 1;
  bind_t : 0 .. 2;
  status_t : 0 .. 2;
  tag_t : 0 .. 2;
  kind_t : 0 .. 2;
  count_t : 0 .. N;
  calls_t : 0 .. M;
  rank_t : 0 .. NMSG;
  seqv_t : 0 .. NMSG;        -- message + 1, 0 for an unused slot
  len_t : 0 .. NMSG;
  ccount_t : 0 .. CAP;

var
  bct : array [stack_t] of bind_t;
  bmr : array [stack_t] of bind_t;
  st : array [msg_t] of array [stack_t] of status_t;
  tg : array [msg_t] of array [stack_t] of tag_t;
  calls : array [stack_t] of calls_t;
  rnk : array [msg_t] of rank_t;
  started : array [stack_t] of boolean;
  got2 : array [stack_t] of count_t;
  sent3 : array [stack_t] of boolean;
  got3 : array [stack_t] of count_t;
  strong : boolean;
  olen : len_t;
  oseq : array [msg_t] of seqv_t;
  ocur : array [stack_t] of len_t;
  ccount : ccount_t;
  ckind : array [slot_t] of kind_t;
  csnd : array [slot_t] of stack_t;
  crcv : array [slot_t] of array [stack_t] of boolean;

-- copy (o, d) is sent, undelivered and tagged a
function pend(o : msg_t; d : stack_t; a : tag_t) : boolean;
begin
  return st[o][d] = SENT & tg[o][d] = a;
end;

-- (Idle) S_S|d.a = S_D|d.a
function idle(d : stack_t; a : tag_t) : boolean;
begin
  return forall o : msg_t do !pend(o, d, a) endforall;
end;

-- total order of a module's own copies (reading E2): no earlier-ranked copy to d with the
-- same tag is undelivered
function in_order(m : msg_t; d : stack_t) : boolean;
begin
  return forall o : msg_t do !(pend(o, d, tg[m][d]) & rnk[o] < rnk[m]) endforall;
end;

function present(d : stack_t; a : tag_t) : boolean;
begin
  if a = CT then return bct[d] != ABSENT; else return bmr[d] != ABSENT; end;
end;

-- the first ctl entry still addressed to p exists
function has_entry(p : stack_t) : boolean;
begin
  return exists i : slot_t do crcv[i][p] endexists;
end;

-- append a ctl broadcast (kind, sender) addressed to every stack
procedure ctl_broadcast(k : kind_t; s : stack_t);
begin
  ckind[ccount] := k;
  csnd[ccount] := s;
  for q : stack_t do crcv[ccount][q] := true; end;
  ccount := ccount + 1;
end;

startstate "init"
begin
  for s : stack_t do
    bct[s] := BOUND; bmr[s] := ABSENT; calls[s] := 0;
    started[s] := false; got2[s] := 0; sent3[s] := false; got3[s] := 0; ocur[s] := 0;
  end;
  for m : msg_t do
    rnk[m] := 0; oseq[m] := 0;
    for d : stack_t do st[m][d] := UNSENT; tg[m][d] := 0; end;
  end;
  strong := false; olen := 0; ccount := 0;
  for i : slot_t do
    ckind[i] := 0; csnd[i] := 0;
    for q : stack_t do crcv[i][q] := false; end;
  end;
end;

ruleset p : stack_t do

  -- Comm, first half: p calls cons with its bound module (Sanity-2: at most one)
  rule "call"
    calls[p] < M & (bct[p] = BOUND | bmr[p] = BOUND)
  ==>
  var k : msg_t; r : rank_t; a : tag_t;
  begin
    k := p * M + calls[p];
    r := 0;
    for o : msg_t do if rnk[o] > 0 then r := r + 1; end; end;
    rnk[k] := r + 1;
    calls[p] := calls[p] + 1;
    if bct[p] = BOUND then a := CT; else a := MR; end;
    for d : stack_t do st[k][d] := SENT; tg[k][d] := a; end;
  end;

  -- Comm, second half: [m]p.a; udp (net, required by ct and mr) is always bound
  ruleset m : msg_t do
    rule "deliver"
      st[m][p] = SENT & present(p, tg[m][p]) & in_order(m, p)
    ==>
    var r : rank_t; still : boolean;
    begin
      st[m][p] := DELIVERED;
      -- strong_update (ii)
      if tg[m][p] = CT then
        assert !strong "strong_update: ct delivers after mr has delivered";
      else
        strong := true;
      end;
      -- order(cons): every stack's sequence is a prefix of one common sequence
      if ocur[p] < olen then
        assert oseq[ocur[p]] = m + 1 "order: two stacks deliver cons in different orders";
      else
        oseq[olen] := m + 1;
        olen := olen + 1;
      end;
      ocur[p] := ocur[p] + 1;
      -- send ranks: drop m's rank once all its copies are delivered, renumber densely
      still := exists d : stack_t do st[m][d] = SENT endexists;
      if !still then
        r := rnk[m];
        rnk[m] := 0;
        for o : msg_t do if rnk[o] > r then rnk[o] := rnk[o] - 1; end; end;
      end;
    end;
  endruleset;

  -- handlers of S1/S2/S3 at p: the first ctl entry still addressed to p
  rule "handle"
    has_entry(p)
  ==>
  var i : 0 .. CAP; k : kind_t; empty : boolean;
  begin
    i := 0;
    while !crcv[i][p] do i := i + 1; end;
    k := ckind[i];
    crcv[i][p] := false;
    empty := forall q : stack_t do !crcv[i][q] endforall;
    if empty then                       -- everybody has it: erase the entry
      for j : slot_t do
        if j >= i & j + 1 < ccount then
          ckind[j] := ckind[j + 1];
          csnd[j] := csnd[j + 1];
          for q : stack_t do crcv[j][q] := crcv[j + 1][q]; end;
        end;
      end;
      ccount := ccount - 1;
      ckind[ccount] := 0;
      csnd[ccount] := 0;
      for q : stack_t do crcv[ccount][q] := false; end;
    end;
    if k = S1 then                      -- S2: passivate(a); add(b, passive); ABcast S2
      if bct[p] = BOUND then bct[p] := PASSIVE; end;
      bmr[p] := PASSIVE;
      ctl_broadcast(S2, p);
    elsif k = S2 then
      got2[p] := got2[p] + 1;
    else                                -- S4 after S3 from all: remove(a); bind(b)
      got3[p] := got3[p] + 1;
      if got3[p] = N then
        -- freedom(ct, mr), Lemma 1: binding mr in place of ct needs ct free
        assert forall d : stack_t do idle(d, CT) endforall "freedom: mr bound while ct is not free";
        bct[p] := ABSENT;
        bmr[p] := BOUND;
      end;
    end;
  end;

  -- rule S3: after S2 from all stacks, when ct is idle here
  rule "S3"
    got2[p] = N & !sent3[p] & idle(p, CT)
  ==>
  begin
    sent3[p] := true;
    ctl_broadcast(S3, p);
  end;

endruleset;

-- rule S1 at P[0]: !started && bound(a) && replaceable(a, b) (udp provides net)
rule "S1"
  !started[0] & bct[0] = BOUND
==>
begin
  started[0] := true;
  ctl_broadcast(S1, 0);
end;

-- the terminal states dpucheck accepts (`end when`, and weak_update's S_S = S_D); any other
-- terminal state is a deadlock (--deadlock-detection stuck)
rule "terminal"
  ccount = 0
  & (forall s : stack_t do bmr[s] = BOUND & bct[s] = ABSENT & calls[s] = M endforall)
  & (forall m : msg_t do forall d : stack_t do st[m][d] != SENT endforall endforall)
==>
begin
end;
