#!/bin/bash
# Issue 11, the CNN again in a sitting where the host runs about twice as fast as in ../README.md's (whose 2-core
# ceiling, two independent 1-rank runs at once, was 1.69×): ours (1 rank, 2 ranks with and without overlap, two
# independent 1-rank runs at once) against PyTorch (DDP over gloo 2 × 1 thread; 1 process × 1 thread), 300 steps
# each, 3 rounds alternating the engines. Planned before running: about 12 minutes, alone on the machine.
cd /work/main
B=.build/release/workbook; P=/work/main/.venv-bench/bin/python; T=Sources/bench/pytorch_train_reference.py
O=Plots/5.3.3-data-parallel/speed/cnn-sitting-2
D="--no-allreduce-benchmark --no-warmup-sweep"
S=/tmp/cnn-sitting-2
run() { local name=$1; shift; echo "== $name $(date -u +%T)" >> $O/progress; "$@" > $O/$name.log 2>&1; echo "   rc=$?" >> $O/progress; }
strings $B | grep -m1 -E '^[0-9a-f]{40}$' > $O/commit
for r in 1 2 3; do
  run cnn-ours-1rank-r$r            $B data-parallel --ranks 1 --steps 300 $D --plots $S/r$r-1
  run cnn-torch-ddp2-r$r            $P $T --ddp 2 --threads 1 --epochs 1 --max-steps 300
  run cnn-ours-2ranks-r$r           $B data-parallel --ranks 2 --steps 300 $D --plots $S/r$r-2
  run cnn-torch-1t-r$r              $P $T --threads 1 --epochs 1 --max-steps 300
  run cnn-ours-2ranks-nooverlap-r$r $B data-parallel --ranks 2 --steps 300 --no-overlap $D --plots $S/r$r-2n
  echo "== cnn-ours-1rank-pair-r$r $(date -u +%T)" >> $O/progress
  $B data-parallel --ranks 1 --steps 300 $D --plots $S/r$r-pa > $O/cnn-ours-1rank-pair-a-r$r.log 2>&1 &
  $B data-parallel --ranks 1 --steps 300 $D --plots $S/r$r-pb > $O/cnn-ours-1rank-pair-b-r$r.log 2>&1
  wait; echo "   rc=$?" >> $O/progress
done
echo "done $(date -u +%T)" >> $O/progress
