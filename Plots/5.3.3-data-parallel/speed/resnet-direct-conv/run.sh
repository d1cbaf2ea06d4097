#!/bin/bash
# Issue 11, the ResNet again after the direct 3×3 convolution (Sources/Kernels/DirectConvolution.swift): ours (1
# rank, 2 ranks with and without overlap) against PyTorch (DDP over gloo, 2 × 1 thread; 1 process × 1 thread), 150
# steps each, in 3 rounds that alternate the engines. Per-rank batch norm on both sides (PyTorch's SyncBatchNorm
# refuses CPU modules). Planned: about 15 minutes, alone on the machine. Output beside this script.
cd /work/main
B=.build/release/workbook; P=/work/main/.venv-bench/bin/python; T=Sources/bench/pytorch_train_reference.py
O=Plots/5.3.3-data-parallel/speed/resnet-direct-conv
D="--no-allreduce-benchmark --no-warmup-sweep"
S=/tmp/resnet-direct-conv
run() { local name=$1; shift; echo "== $name $(date -u +%T)" >> $O/progress; "$@" > $O/$name.log 2>&1; echo "   rc=$?" >> $O/progress; }
strings $B | grep -m1 -E '^[0-9a-f]{40}$' > $O/commit
for r in 1 2 3; do
  run resnet-ours-1rank-r$r        $B data-parallel --model resnet --ranks 1 --steps 150 $D --plots $S/r$r-1
  run resnet-torch-ddp2-r$r        $P $T --model resnet --ddp 2 --threads 1 --epochs 1 --max-steps 150
  run resnet-ours-2ranks-r$r       $B data-parallel --model resnet --ranks 2 --steps 150 $D --plots $S/r$r-2
  run resnet-torch-1t-r$r          $P $T --model resnet --threads 1 --epochs 1 --max-steps 150
  run resnet-ours-2ranks-nooverlap-r$r $B data-parallel --model resnet --ranks 2 --steps 150 --no-overlap $D --plots $S/r$r-2n
done
echo "done $(date -u +%T)" >> $O/progress
