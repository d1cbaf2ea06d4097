#!/bin/bash
# Issue 11 speed, one sitting: ours (1 rank, 2 ranks, 2 ranks without overlap, in-process 2 workers) against
# PyTorch (DDP 2 x 1 thread, 1 process x 1 and 2 threads), the CNN over 300 steps in 2 alternating rounds, the
# ResNet over 150 steps in 1 round. Planned: ~18 minutes. Binary: ./workbook (commit in ./commit).
cd /work/main
B=.build/release/workbook; O=OUT; P=/work/main/.venv-bench/bin/python
T=/work/main/Sources/bench/pytorch_train_reference.py
D="--no-allreduce-benchmark --no-warmup-sweep"
run() { local name=$1; shift; echo "== $name $(date -u +%T)" >> $O/progress; "$@" > $O/$name.log 2>&1; echo "   rc=$?" >> $O/progress; }
for r in 1 2; do
  run cnn-ours-1rank-r$r   $B data-parallel --ranks 1 --steps 300 $D --plots $O/r$r/cnn-1
  run cnn-torch-ddp2-r$r   $P $T --ddp 2 --threads 1 --epochs 1 --max-steps 300
  run cnn-ours-2ranks-r$r  $B data-parallel --ranks 2 --steps 300 $D --plots $O/r$r/cnn-2
  run cnn-torch-1t-r$r     $P $T --threads 1 --epochs 1 --max-steps 300
  run cnn-ours-2ranks-nooverlap-r$r $B data-parallel --ranks 2 --steps 300 --no-overlap $D --plots $O/r$r/cnn-2n
  run cnn-ours-inprocess2-r$r $B training --threads 2 --epochs 1 --fit-images 19200 --plots $O/r$r/cnn-w2
  run cnn-torch-2t-r$r     $P $T --threads 2 --epochs 1 --max-steps 300
done
run resnet-ours-1rank    $B data-parallel --model resnet --ranks 1 --steps 150 $D --plots $O/resnet-1
run resnet-torch-ddp2    $P $T --model resnet --ddp 2 --threads 1 --epochs 1 --max-steps 150
run resnet-ours-2ranks   $B data-parallel --model resnet --ranks 2 --steps 150 $D --plots $O/resnet-2
run resnet-torch-1t      $P $T --model resnet --threads 1 --epochs 1 --max-steps 150
run resnet-ours-2ranks-sync $B data-parallel --model resnet --batch-norm sync --ranks 2 --steps 150 $D --plots $O/resnet-2s
echo "done $(date -u +%T)" >> $O/progress
