-- bench/sdpu_anyinit_sym.m -- S-DPU with any stack as the initiator (models/sdpu_anyinit.dpu,
-- reading D2) in Murphi for Rumur, the stacks a `scalarset` so that Rumur's symmetry reduction
-- applies, for comparing its reduced state count with dpucheck's (bench/symmetry.sh
-- substitutes N and M). The encoding is bench/sdpu.m's, component for component, except what
-- a scalarset forces:
--  - a protocol message is named by (origin stack, call), not by the number origin*M + call
--    (no arithmetic on a scalarset): st, tg and rnk are indexed [origin][call];
--  - the order monitor's common sequence holds (valid, origin, call) records;
--  - `started` is one global flag (the model's `global var`), and rule S1 is in the ruleset;
--  - unused ctl slots and sequence entries are `undefine`d (a scalarset has no literal 0).
--
--   rumur --threads 1 --deadlock-detection stuck --symmetry-reduction exhaustive sdpu_anyinit_sym.m -o v.c

const
  N : 3;              -- stacks (bench/run.sh substitutes this line)
  M : 1;              -- calls per stack (bench/run.sh substitutes this line)
  NMSG : N * M;       -- protocol messages
  CAP : 2 * N + 1;    -- ctl entries alive at once: at most N S2 + N S3 (+1 spare)

  CT : 1; MR : 2;                          -- modules (udp is 0)
  ABSENT : 0; PASSIVE : 1; BOUND : 2;      -- bindings
  UNSENT : 0; SENT : 1; DELIVERED : 2;     -- copy status
  S1 : 0; S2 : 1; S3 : 2;                  -- control message kinds

type
  stack_t : scalarset(N);
  call_t : 0 .. M - 1;
  ord_t : 0 .. NMSG - 1;     -- positions in the common delivery sequence
  slot_t : 0 .. CAP - 1;
  bind_t : 0 .. 2;
  status_t : 0 .. 2;
  tag_t : 0 .. 2;
  kind_t : 0 .. 2;
  count_t : 0 .. N;
  calls_t : 0 .. M;
  rank_t : 0 .. NMSG;
  seqv_t : record valid : boolean; org : stack_t; call : call_t; end;
  len_t : 0 .. NMSG;
  ccount_t : 0 .. CAP;

var
  bct : array [stack_t] of bind_t;
  bmr : array [stack_t] of bind_t;
  st : array [stack_t] of array [call_t] of array [stack_t] of status_t;
  tg : array [stack_t] of array [call_t] of array [stack_t] of tag_t;
  calls : array [stack_t] of calls_t;
  rnk : array [stack_t] of array [call_t] of rank_t;
  started : boolean;
  got2 : array [stack_t] of count_t;
  sent3 : array [stack_t] of boolean;
  got3 : array [stack_t] of count_t;
  strong : boolean;
  olen : len_t;
  oseq : array [ord_t] of seqv_t;
  ocur : array [stack_t] of len_t;
  ccount : ccount_t;
  ckind : array [slot_t] of kind_t;
  csnd : array [slot_t] of stack_t;
  crcv : array [slot_t] of array [stack_t] of boolean;

-- copy (o, d) is sent, undelivered and tagged a
function pend(o : stack_t; c : call_t; d : stack_t; a : tag_t) : boolean;
begin
  return st[o][c][d] = SENT & tg[o][c][d] = a;
end;

-- (Idle) S_S|d.a = S_D|d.a
function idle(d : stack_t; a : tag_t) : boolean;
begin
  return forall o : stack_t do forall c : call_t do !pend(o, c, d, a) endforall endforall;
end;

-- total order of a module's own copies (reading E2): no earlier-ranked copy to d with the
-- same tag is undelivered
function in_order(mo : stack_t; mc : call_t; d : stack_t) : boolean;
begin
  return forall o : stack_t do forall c : call_t do
    !(pend(o, c, d, tg[mo][mc][d]) & rnk[o][c] < rnk[mo][mc]) endforall endforall;
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
    got2[s] := 0; sent3[s] := false; got3[s] := 0; ocur[s] := 0;
    for c : call_t do
      rnk[s][c] := 0;
      for d : stack_t do st[s][c][d] := UNSENT; tg[s][c][d] := 0; end;
    end;
  end;
  for i : ord_t do oseq[i].valid := false; undefine oseq[i].org; oseq[i].call := 0; end;
  started := false; strong := false; olen := 0; ccount := 0;
  for i : slot_t do
    ckind[i] := 0; undefine csnd[i];
    for q : stack_t do crcv[i][q] := false; end;
  end;
end;

ruleset p : stack_t do

  -- Comm, first half: p calls cons with its bound module (Sanity-2: at most one)
  rule "call"
    calls[p] < M & (bct[p] = BOUND | bmr[p] = BOUND)
  ==>
  var k : call_t; r : rank_t; a : tag_t;
  begin
    k := calls[p];
    r := 0;
    for o : stack_t do for c : call_t do if rnk[o][c] > 0 then r := r + 1; end; end; end;
    rnk[p][k] := r + 1;
    calls[p] := calls[p] + 1;
    if bct[p] = BOUND then a := CT; else a := MR; end;
    for d : stack_t do st[p][k][d] := SENT; tg[p][k][d] := a; end;
  end;

  -- Comm, second half: [m]p.a; udp (net, required by ct and mr) is always bound
  ruleset mo : stack_t; mc : call_t do
    rule "deliver"
      st[mo][mc][p] = SENT & present(p, tg[mo][mc][p]) & in_order(mo, mc, p)
    ==>
    var r : rank_t; still : boolean;
    begin
      st[mo][mc][p] := DELIVERED;
      -- strong_update (ii)
      if tg[mo][mc][p] = CT then
        assert !strong "strong_update: ct delivers after mr has delivered";
      else
        strong := true;
      end;
      -- order(cons): every stack's sequence is a prefix of one common sequence
      if ocur[p] < olen then
        assert oseq[ocur[p]].org = mo & oseq[ocur[p]].call = mc
          "order: two stacks deliver cons in different orders";
      else
        oseq[olen].valid := true; oseq[olen].org := mo; oseq[olen].call := mc;
        olen := olen + 1;
      end;
      ocur[p] := ocur[p] + 1;
      -- send ranks: drop the message's rank once all its copies are delivered, renumber densely
      still := exists d : stack_t do st[mo][mc][d] = SENT endexists;
      if !still then
        r := rnk[mo][mc];
        rnk[mo][mc] := 0;
        for o : stack_t do for c : call_t do if rnk[o][c] > r then rnk[o][c] := rnk[o][c] - 1; end; end; end;
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
      undefine csnd[ccount];
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

  -- rule S1 at any p, once in the run: !started && bound(a) && replaceable(a, b)
  rule "S1"
    !started & bct[p] = BOUND
  ==>
  begin
    started := true;
    ctl_broadcast(S1, p);
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

-- the terminal states dpucheck accepts (`end when`, and weak_update's S_S = S_D); any other
-- terminal state is a deadlock (--deadlock-detection stuck)
rule "terminal"
  ccount = 0
  & (forall s : stack_t do bmr[s] = BOUND & bct[s] = ABSENT & calls[s] = M endforall)
  & (forall o : stack_t do forall c : call_t do forall d : stack_t do st[o][c][d] != SENT
       endforall endforall endforall)
==>
begin
end;
